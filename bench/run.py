"""The learnfolio benchmark: full builds beside plain MkDocs, and serve rebuilds.

For each N it generates the vault (``bench/generate.py``), builds it with
learnfolio (every feature on) and, as the floor any MkDocs plugin stands on,
with plain MkDocs + Material on the same Markdown with a minimal explicit
nav. Each build runs in a child process (``bench/measure.py``) so its peak
memory is its own. Then it times ``serve`` rebuilds after a prose edit and a
link edit, and the graph page's first render in headless Chromium.

Usage: ``python bench/run.py [N ...] [--repeat=K] [--no-browser]`` (default 100 1000
5000, 3 alternating pairs); output in bench/out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

OUT = HERE / "out"
REPEAT = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 3)
"""Alternating floor/learnfolio build pairs per N (``--repeat=K``)."""
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    {"pymdownx.arithmatex": {"generic": True}},
]


def _write_config(site: Path, config: dict[str, object]) -> None:
    (site / "docs").mkdir(parents=True, exist_ok=True)
    (site / "docs" / "index.md").write_text("# Home\n\nA generated vault.\n", encoding="utf-8")
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (site / "mkdocs.yml").write_text(text, encoding="utf-8")


def compile_bytecode() -> None:
    """Compile every module the builds may import, as ``pip install`` does by default.

    With ``PYTHONDONTWRITEBYTECODE`` set (this machine sets it), Python would
    compile each module it imports from source in every build: a cost that
    an installed site does not pay, that grows with what a build imports and
    not with its notes. compileall skips what is compiled already; a file it
    cannot compile (some packages ship test data) is left as it is.
    """
    paths = [sysconfig.get_paths()["purelib"], str(HERE.parent / "plugins")]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *paths],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def setup(count: int) -> tuple[Path, Path]:
    """Generate the vault of ``count`` notes and the two sites that build it."""
    root = OUT / str(count)
    if root.exists():
        shutil.rmtree(root)
    vault = generate(count, root)
    learnfolio = root / "learnfolio"
    _write_config(
        learnfolio,
        {
            "site_name": f"Bench {count}",
            "theme": {"name": "material"},
            "markdown_extensions": EXTENSIONS,
            "plugins": [
                {"search": {"separator": r"[\s\u200b\-]+"}},
                {
                    "learnfolio": {
                        "sources": [{"path": "../vault", "name": "Vault", "mount": "garden"}],
                        "cache_dir": str(root / "cache"),
                    }
                },
            ],
            "nav": [
                {"Home": "index.md"},
                {"Garden": "garden/index.md"},
                {"Graph": "graph/index.md"},
                {"Tags": "tags/index.md"},
            ],
        },
    )
    floor = root / "floor"
    _write_config(
        floor,
        {
            "site_name": f"Floor {count}",
            "theme": {"name": "material"},
            "markdown_extensions": EXTENSIONS,
            "plugins": ["search"],
            "nav": [{"Home": "index.md"}],
        },
    )
    shutil.copytree(vault, floor / "docs" / "garden", ignore=shutil.ignore_patterns(".*"))
    return learnfolio, floor


def child(*args: str) -> dict[str, float]:
    """Run ``bench/measure.py`` with ``args`` in a fresh process; return its JSON."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measure.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The middle run by time (the lower middle for an even count)."""
    return sorted(runs, key=lambda run: run["seconds"])[(len(runs) - 1) // 2]


def pick_notes(vault: Path) -> tuple[Path, str]:
    """A note to edit and the name of another note to link to, always the same ones."""
    notes = sorted(p for p in vault.rglob("*.md") if ".obsidian" not in p.parts)
    return notes[len(notes) // 2], notes[len(notes) // 3].stem


def main(counts: list[int]) -> None:
    """Run the whole benchmark and print a table."""
    rows = []
    compile_bytecode()
    for count in counts:
        learnfolio, floor = setup(count)
        # The machine's speed drifts: alternate the two builds and take medians.
        bases, fulls = [], []
        for _ in range(REPEAT):
            bases.append(child("build", str(floor)))
            fulls.append(child("build", str(learnfolio)))
        base, full = _median(bases), _median(fulls)
        ratios = sorted(f["seconds"] / b["seconds"] for b, f in zip(bases, fulls, strict=True))
        ratio = ratios[len(ratios) // 2]
        row: dict[str, object] = {
            "n": count,
            "floor": base,
            "learnfolio": full,
            "ratio": ratio,
            "runs": {"floor": bases, "learnfolio": fulls},
        }
        helpers = full.get("helpers_peak_mb", 0.0)
        print(
            f"N={count:>5}  floor {base['seconds']:6.1f} s {base['peak_mb']:6.0f} MB   "
            f"learnfolio {full['seconds']:6.1f} s {full['peak_mb']:6.0f} MB "
            f"(helper process {helpers:.0f} MB)   ratio {ratio:.2f} "
            f"(median of {REPEAT} alternating pairs)",
            flush=True,
        )
        if count >= 1000:
            note, other = pick_notes(learnfolio.parent / "vault")
            serve = child("serve", str(learnfolio), str(note), other)
            row["serve"] = serve
            print(
                f"         serve: first build {serve['first']:.1f} s, prose edit "
                f"{serve['prose']:.2f} s, link edit {serve['link']:.2f} s, "
                f"peak {serve['peak_mb']:.0f} MB",
                flush=True,
            )
        if "--no-browser" not in sys.argv:
            from browser import graph_first_render

            row["graph_first_render"] = graph_first_render(learnfolio / "site")
            print(f"         graph page first render {row['graph_first_render']:.2f} s", flush=True)
        rows.append(row)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()] or [100, 1000, 5000]
    main(numbers)
