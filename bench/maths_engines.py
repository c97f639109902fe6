"""Compare maths engines on the formula corpus: how many typeset, and at what cost.

    python bench/maths_engines.py [--engines latex2mathml,learnfolio,temml,katex,mathjax]
                                  [--node-modules .cache/maths-engines/node_modules] [--install]

Every formula of ``tests/data/maths_corpus.tex`` is typeset once in display mode
and once inline by each engine. "typeset" counts renderings free of errors *and*
of visible defects (an unknown command shown as ``\\foo``, a stray ``&`` from an
environment the engine does not know, ``<merror>``): latex2mathml raises on few
formulas and shows others wrong. Defects the check cannot see (a style a browser
ignores) are not counted: look at the screenshots.
Cost is CPU time per 1,000 renderings after the engine is loaded (the best of
three rounds), and the one-off load time. ``learnfolio`` is latex2mathml with
learnfolio's rewrite and repair layer (learnfolio.typeset), which the site uses.

temml, KaTeX and MathJax run in Node (bench/maths_engines.mjs) from npm packages
installed outside the repository: ``--install`` runs ``npm install temml katex
mathjax-full`` into ``--node-modules``'s parent folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from latex2mathml.converter import convert  # noqa: E402

from learnfolio.typeset.mathml import to_mathml  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "maths_corpus.tex"
NODE_ENGINES = ("temml", "katex", "mathjax")
_DEFECT = re.compile(r"<m(?:i|o|text)[^>]*>\s*(\\[a-zA-Z]+|&amp;|&)\s*</m(?:i|o|text)>|<merror")


def corpus(path: Path = CORPUS) -> list[str]:
    """The formulas of the corpus file: one a line, ``%`` lines and blank lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("%")]


def defect(mathml: str) -> str | None:
    """What shows wrong in ``mathml`` (an unknown command, a stray ``&``), or ``None``."""
    found = _DEFECT.search(mathml.split("<annotation")[0])
    return None if found is None else found.group(0)


def python_engine(render: Callable[[str, bool], str], formulas: list[str]) -> dict[str, object]:
    """Typeset with a Python engine: results and CPU time of the best of three rounds."""
    results: list[tuple[bool, str, str]] = []
    for tex in formulas:
        for display in (True, False):
            try:
                results.append((True, "", render(tex, display)))
            except Exception as exc:  # engines raise many kinds of errors
                results.append((False, f"{type(exc).__name__}: {exc}", ""))
    best = min(_timed(render, formulas) for _ in range(3))
    return {"load_ms": 0.0, "run_ms": best, "results": results}


def _timed(render: Callable[[str, bool], str], formulas: list[str]) -> float:
    start = time.process_time()
    for tex in formulas:
        for display in (True, False):
            try:
                render(tex, display)
            except Exception:
                continue
    return (time.process_time() - start) * 1000


def node_engine(engine: str, formulas: list[str], node_modules: Path) -> dict[str, object]:
    """Typeset with a Node engine (best of three runs of the script)."""
    job = json.dumps(
        {
            "engine": engine,
            "formulas": [{"tex": t, "display": d} for t in formulas for d in (True, False)],
        }
    )
    env = {**os.environ, "NODE_PATH": str(node_modules)}
    runs = []
    for _ in range(3):
        done = subprocess.run(
            ["node", str(ROOT / "bench" / "maths_engines.mjs")],
            input=job,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    best = min(runs, key=lambda run: run["run_ms"])
    best["results"] = [(r["ok"], r["error"], r["mathml"]) for r in best["results"]]
    return best


def summarise(name: str, run: dict[str, object], formulas: list[str]) -> tuple[str, list[str]]:
    """One table row for the engine, and its failures (formula: mode: reason)."""
    results = run["results"]
    assert isinstance(results, list)
    failures: list[str] = []
    good = {"display": 0, "inline": 0}
    for index, tex in enumerate(formulas):
        for mode, (ok, error, mathml) in zip(
            ("display", "inline"), results[2 * index : 2 * index + 2], strict=True
        ):
            reason = error if not ok else defect(mathml)
            if reason:
                failures.append(f"{mode}: {tex[:70]}  ->  {reason[:80]}")
            else:
                good[mode] += 1
    total = len(formulas)
    run_ms, load_ms = float(run["run_ms"]), float(run["load_ms"])  # type: ignore[arg-type]
    per_thousand = run_ms / (2 * total) * 1000
    row = (
        f"| {name} | {good['display']}/{total} | {good['inline']}/{total} "
        f"| {per_thousand:,.0f} ms | {load_ms:,.0f} ms |"
    )
    return row, failures


def main() -> None:
    """Run the engines asked for and print a Markdown table, then each engine's failures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="latex2mathml,learnfolio,temml,katex,mathjax")
    parser.add_argument(
        "--node-modules", type=Path, default=ROOT / ".cache" / "maths-engines" / "node_modules"
    )
    parser.add_argument("--install", action="store_true", help="npm install the Node engines first")
    args = parser.parse_args()
    formulas = corpus()
    if args.install:
        folder = args.node_modules.parent
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), "temml", "katex", "mathjax-full"],
            check=True,
        )
    engines: dict[str, Callable[[], dict[str, object]]] = {
        "latex2mathml": lambda: python_engine(
            lambda t, d: convert(t, display="block" if d else "inline"), formulas
        ),
        "learnfolio": lambda: python_engine(lambda t, d: to_mathml(t, display=d), formulas),
    }
    for engine in NODE_ENGINES:
        engines[engine] = lambda engine=engine: node_engine(engine, formulas, args.node_modules)  # type: ignore[misc]
    print(f"{len(formulas)} formulas, each typeset in display and inline mode\n")
    print("| engine | display: typeset | inline: typeset | CPU per 1,000 | load |")
    print("|---|---|---|---|---|")
    all_failures = {}
    for name in args.engines.split(","):
        row, failures = summarise(name, engines[name](), formulas)
        print(row, flush=True)
        all_failures[name] = failures
    for name, failures in all_failures.items():
        if failures:
            print(f"\n{name} fails on {len(failures)}:")
            print("\n".join(f"  {line}" for line in failures))


if __name__ == "__main__":
    main()
