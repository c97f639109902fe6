"""Does each piece of speed machinery pay for itself? Every figure, with and without it.

For 1,000 and 5,000 notes, light (``generate.py --light``: 100-200 words, one
to three links) and heavy (the benchmark's own notes), it measures in child
processes (``bench/measure.py``):

- the floor: plain MkDocs + Material on the same Markdown (as ``run.py``);
- learnfolio's full build with helper processes off (``workers: 1``) and on
  (``workers: 2``), and with Material indexing and writing its own search
  index (``LEARNFOLIO_BENCH_OFF=search``, ``site/speed/platform.py``);
- ``serve``: a prose edit and a link edit with quick rebuilds, then a full
  rebuild after another prose edit, which reuses unchanged pages
  (``incremental: true``), and the same full rebuild without reuse
  (``incremental: false``).

Each under these conditions (a run records the 1-minute load average; on a
shared machine the second core is never truly idle):

- ``idle``: the build pinned to core 0 (``taskset -c 0``), nothing of ours on core 1;
- ``busy``: the same, with a CPU burner pinned to core 1;
- ``two``: the build free to use both cores, no burner (pinned to one core,
  helpers have no core of their own).

Every figure is measured under ``idle``; ``busy`` and ``two`` measure the
floor and the full builds with and without helpers (CPU time hardly depends
on the condition; a run of every figure under every condition took hours on
the shared machine).

CPU time (user + system of the build and its helpers) is the main figure;
wall time depends on whatever else the machine runs. Results go to
``bench/out/mechanisms.json`` (kept between runs: a run adds to or replaces
its own rows), and the tables in Markdown to stdout.

Usage: ``nice -n 10 python bench/mechanisms.py [N ...] [--kinds=light,heavy]
[--conditions=idle,busy,two] [--steps=floor,workers_1,...]``; ``--steps`` runs
some measurements of each row only (kept beside the row's others);
``--table`` prints the tables from the JSON alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import EXTENSIONS, _write_config, compile_bytecode, pick_notes  # noqa: E402

OUT = HERE / "out" / "mechanisms"
RESULTS = HERE / "out" / "mechanisms.json"
CONDITIONS = {"idle": ("0", False), "busy": ("0", True), "two": (None, False)}
"""Condition: (cores the build may use, ``None`` for all; a burner on core 1)."""
Row = dict[str, Any]


def _arg(name: str, default: str) -> list[str]:
    value = next((a.split("=", 1)[1] for a in sys.argv if a.startswith(f"--{name}=")), default)
    return [v for v in value.split(",") if v]


def _learnfolio_site(root: Path, name: str, options: dict[str, object]) -> Path:
    site = root / name
    _write_config(
        site,
        {
            "site_name": "Bench",
            "theme": {"name": "material"},
            "markdown_extensions": EXTENSIONS,
            "plugins": [
                {"search": {"separator": r"[\s\u200b\-]+"}},
                {
                    "learnfolio": {
                        "sources": [{"path": "../vault", "name": "Vault", "mount": "garden"}],
                        "cache_dir": str(root / "cache" / name),
                        **options,
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
    return site


def setup(count: int, kind: str) -> Path:
    """The vault of ``count`` notes of ``kind`` and the sites that build it (made once)."""
    compile_bytecode()
    root = OUT / f"{kind}-{count}"
    if (root / "ready").exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    vault = generate(count, root, light=kind == "light")
    _learnfolio_site(root, "workers-1", {"workers": 1})
    _learnfolio_site(root, "workers-2", {"workers": 2})
    _learnfolio_site(root, "serve", {})
    _learnfolio_site(root, "serve-no-reuse", {"incremental": False})
    floor = root / "floor"
    _write_config(
        floor,
        {
            "site_name": "Floor",
            "theme": {"name": "material"},
            "markdown_extensions": EXTENSIONS,
            "plugins": ["search"],
            "nav": [{"Home": "index.md"}],
        },
    )
    shutil.copytree(vault, floor / "docs" / "garden", ignore=shutil.ignore_patterns(".*"))
    (root / "ready").write_text("", encoding="utf-8")
    return root


@contextmanager
def burner(on: bool) -> Iterator[None]:
    """A process spinning on core 1 while the block runs (nothing when ``on`` is false)."""
    if not on:
        yield
        return
    spin = subprocess.Popen(["taskset", "-c", "1", sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1)
        yield
    finally:
        spin.kill()
        spin.wait()


def measure(cores: str | None, off: str, *args: str) -> dict[str, float]:
    """Run ``bench/measure.py args`` pinned to ``cores``; its JSON and the load average."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LEARNFOLIO_BENCH_OFF": off}
    pin = ["taskset", "-c", cores] if cores is not None else []
    load = os.getloadavg()[0]
    done = subprocess.run(
        [*pin, sys.executable, str(HERE / "measure.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measure.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    result["load"] = load
    return result


def run(count: int, kind: str, condition: str) -> Row:
    """Every build and rebuild of one row."""
    root = setup(count, kind)
    cores, burn = CONDITIONS[condition]
    note, other = pick_notes(root / "vault")
    row: Row = {"n": count, "kind": kind, "condition": condition}
    wanted = _arg("steps", "floor,workers_1,workers_2,no_search,serve,serve_no_reuse")

    def step(name: str, off: str, *args: str) -> None:
        if name not in wanted:
            return
        row[name] = measure(cores, off, *args)
        figures = ", ".join(
            f"{k} {v:.2f}" for k, v in row[name].items() if isinstance(v, float) and k != "load"
        )
        print(f"  {kind} {count} {condition} {name}: {figures}", file=sys.stderr, flush=True)

    with burner(burn):
        step("floor", "", "build", str(root / "floor"))
        step("workers_1", "", "build", str(root / "workers-1"))
        step("workers_2", "", "build", str(root / "workers-2"))
        if condition == "idle":
            # On one core the default is workers: 1 (workers.process_count).
            step("no_search", "search", "build", str(root / "workers-1"))
            serve = ["serve", str(root / "serve"), str(note), other]
            step("serve", "", *serve)
            no_reuse = ["serve", str(root / "serve-no-reuse"), str(note), other, "--full-only"]
            step("serve_no_reuse", "", *no_reuse)
    return row


def _cell(figures: dict[str, float] | None, key: str = "seconds", cpu: str = "cpu") -> str:
    if not figures or key not in figures:
        return ""
    return f"{figures[cpu]:.2f} / {figures[key]:.2f}"


def _ratio(a: dict[str, float] | None, b: dict[str, float] | None, key: str) -> str:
    if not a or not b or not b.get(key):
        return ""
    return f"{a[key] / b[key]:.2f}"


def _load(row: Row) -> str:
    loads = [v["load"] for v in row.values() if isinstance(v, dict) and "load" in v]
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else ""


def tables(rows: list[Row]) -> str:
    """The results as Markdown tables: CPU / wall seconds in each cell."""
    rows = sorted(rows, key=lambda r: (r["n"], r["kind"], list(CONDITIONS).index(r["condition"])))
    out = [
        "Each cell: CPU s / wall s (CPU: user + system of the build and its helpers).",
        "",
        "Full build against the floor (learnfolio with `workers: 1`, what `workers: auto`",
        "picks on one core or a busy machine; with helpers in the next table):",
        "",
        "| notes | kind | cores | load | floor | learnfolio | CPU ratio | wall ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lf = r.get("workers_1")
        if lf is None or "floor" not in r:
            continue
        out.append(
            f"| {r['n']:,} | {r['kind']} | {r['condition']} | {_load(r)} | {_cell(r['floor'])} "
            f"| {_cell(lf)} | {_ratio(lf, r['floor'], 'cpu')} "
            f"| {_ratio(lf, r['floor'], 'seconds')} |"
        )
    out += [
        "",
        "Helper processes (`workers: 1` against `workers: 2`), peak memory of the MkDocs",
        "process (and of its largest child: the helper, or git):",
        "",
        "| notes | kind | cores | without | with | CPU ratio | wall ratio "
        "| peak MB without / with |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "workers_1" not in r or "workers_2" not in r:
            continue
        one, two = r["workers_1"], r["workers_2"]
        out.append(
            f"| {r['n']:,} | {r['kind']} | {r['condition']} | {_cell(one)} | {_cell(two)} "
            f"| {_ratio(two, one, 'cpu')} | {_ratio(two, one, 'seconds')} "
            f"| {one['peak_mb']:.0f} / {two['peak_mb']:.0f} ({two['helpers_peak_mb']:.0f}) |"
        )
    out += [
        "",
        "Hand-written search index (`MaterialSearch`) against Material's own"
        " (`LEARNFOLIO_BENCH_OFF=search`), one core, `workers: 1`:",
        "",
        "| notes | kind | cores | without | with | CPU ratio | wall ratio "
        "| peak MB without / with |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "no_search" not in r or "workers_1" not in r:
            continue
        mine, theirs = r["workers_1"], r["no_search"]
        out.append(
            f"| {r['n']:,} | {r['kind']} | {r['condition']} | {_cell(theirs)} | {_cell(mine)} "
            f"| {_ratio(mine, theirs, 'cpu')} | {_ratio(mine, theirs, 'seconds')} "
            f"| {theirs['peak_mb']:.0f} / {mine['peak_mb']:.0f} |"
        )
    out += [
        "",
        "`serve`: quick rebuilds against the full rebuild that reuses unchanged pages,",
        "and that full rebuild against one without reuse (`incremental: false`):",
        "",
        "| notes | kind | cores | first build | prose edit, quick | link edit, quick "
        "| full rebuild, reuse | full rebuild, no reuse | quick vs reuse (CPU) "
        "| reuse vs none (CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "serve" not in r:
            continue
        s, n = r["serve"], r.get("serve_no_reuse")
        out.append(
            f"| {r['n']:,} | {r['kind']} | {r['condition']} | {_cell(s, 'first', 'cpu_first')} "
            f"| {_cell(s, 'prose', 'cpu_prose')} | {_cell(s, 'link', 'cpu_link')} "
            f"| {_cell(s, 'full', 'cpu_full')} | {_cell(n, 'full', 'cpu_full')} "
            f"| {_ratio(s, {'cpu_prose': s['cpu_full']}, 'cpu_prose')} "
            f"| {_ratio(s, n and {'cpu_full': n['cpu_full']}, 'cpu_full')} |"
        )
    return "\n".join(out)


def main() -> None:
    """Run the rows asked for, keep them in the JSON, print every table."""
    rows: list[Row] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    if "--table" not in sys.argv:
        counts = [int(a) for a in sys.argv[1:] if a.isdigit()] or [1000, 5000]
        kinds = _arg("kinds", "light,heavy")
        conditions = _arg("conditions", "idle,busy,two")
        for count in counts:
            for kind in kinds:
                for condition in conditions:
                    row = run(count, kind, condition)
                    key = (count, kind, condition)
                    old = [r for r in rows if (r["n"], r["kind"], r["condition"]) == key]
                    rows = [r for r in rows if (r["n"], r["kind"], r["condition"]) != key]
                    rows.append({**(old[0] if old else {}), **row})
                    RESULTS.parent.mkdir(parents=True, exist_ok=True)
                    RESULTS.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(tables(rows))


if __name__ == "__main__":
    main()
