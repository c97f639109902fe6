"""learnfolio's full build against the floor, in pairs, to read a ratio on a noisy machine.

This machine's speed drifts by a third from minute to minute (other work on
the same host), and so does the CPU time of the same build. A single pair of
builds says little; this script runs the floor (plain MkDocs + Material on the
same Markdown) and learnfolio (``workers: 1``) one after the other, swapping
which goes first, ``--repeat`` times, and reports every pair's ratio, the
median of those ratios and the ratio of the fastest builds of each.

Usage: ``python bench/pairs.py [N ...] [--kinds=light,heavy] [--repeat=5]
[--cores=0] [--busy]``. ``--cores`` pins the builds (``taskset``; ``all``:
unpinned); ``--busy`` keeps a CPU burner on core 1 throughout. The sites are
``bench/mechanisms.py``'s (made once, under ``bench/out/mechanisms``); the
results go to ``bench/out/pairs.json`` and, as a Markdown table, to stdout.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mechanisms import _arg, burner, measure, setup  # noqa: E402

RESULTS = HERE / "out" / "pairs.json"


def pairs(count: int, kind: str, repeat: int, cores: str | None) -> dict[str, Any]:
    """``repeat`` pairs of builds of one vault, the floor first in every other pair."""
    root = setup(count, kind)
    sites = {"floor": root / "floor", "learnfolio": root / "workers-1"}
    runs: dict[str, list[dict[str, float]]] = {"floor": [], "learnfolio": []}
    for n in range(repeat):
        order = ["floor", "learnfolio"] if n % 2 == 0 else ["learnfolio", "floor"]
        for name in order:
            result = measure(cores, "", "build", str(sites[name]))
            runs[name].append(result)
            print(
                f"  {kind} {count} {name}: cpu {result['cpu']:.2f} wall {result['seconds']:.2f}"
                f" load {result['load']:.1f}",
                file=sys.stderr,
                flush=True,
            )
    both = list(zip(runs["floor"], runs["learnfolio"], strict=True))
    ratios = [lf["cpu"] / floor["cpu"] for floor, lf in both]
    walls = [lf["seconds"] / floor["seconds"] for floor, lf in both]
    fastest = {name: min(r["cpu"] for r in found) for name, found in runs.items()}
    fastest_wall = {name: min(r["seconds"] for r in found) for name, found in runs.items()}
    return {
        "n": count,
        "kind": kind,
        "cores": cores or "all",
        "busy": "--busy" in sys.argv,
        "runs": runs,
        "cpu_ratios": ratios,
        "wall_ratios": walls,
        "median_cpu_ratio": statistics.median(ratios),
        "median_wall_ratio": statistics.median(walls),
        "fastest": fastest,
        "fastest_wall": fastest_wall,
        "fastest_cpu_ratio": fastest["learnfolio"] / fastest["floor"],
        "fastest_wall_ratio": fastest_wall["learnfolio"] / fastest_wall["floor"],
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (CPU s / wall s)."""
    out = [
        "| notes | kind | cores | pairs | floor, fastest | learnfolio, fastest "
        "| CPU ratio: median (range) | wall ratio: median | fastest CPU / wall ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cores = r["cores"] + (" + burner on 1" if r["busy"] else "")
        f, w, ratios = r["fastest"], r["fastest_wall"], r["cpu_ratios"]
        out.append(
            f"| {r['n']:,} | {r['kind']} | {cores} | {len(ratios)} "
            f"| {f['floor']:.2f} / {w['floor']:.2f} "
            f"| {f['learnfolio']:.2f} / {w['learnfolio']:.2f} "
            f"| {r['median_cpu_ratio']:.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
            f"| {r['median_wall_ratio']:.2f} "
            f"| {r['fastest_cpu_ratio']:.2f} / {r['fastest_wall_ratio']:.2f} |"
        )
    return "\n".join(out)


def main() -> None:
    """Run the pairs asked for, keep them in the JSON, print the table."""
    rows: list[dict[str, Any]] = (
        json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    )
    if "--table" not in sys.argv:
        counts = [int(a) for a in sys.argv[1:] if a.isdigit()] or [5000]
        repeat = int(_arg("repeat", "5")[0])
        cores_arg = _arg("cores", "0")[0]
        cores = None if cores_arg == "all" else cores_arg
        with burner("--busy" in sys.argv):
            for count in counts:
                for kind in _arg("kinds", "light,heavy"):
                    row = pairs(count, kind, repeat, cores)
                    rows.append(row)
                    RESULTS.parent.mkdir(parents=True, exist_ok=True)
                    RESULTS.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
