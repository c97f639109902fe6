"""Time the build of one huge note, to show the cost grows linearly with its size.

The note holds prose and wikilinks to 50 other notes (about one link per 105
characters: 190,000 links in 20 MB at full size). Each size is built in a
child process (``bench/measure.py``) with learnfolio in a site of its own,
with ``max_note_size`` raised to let the note in; the script prints seconds
per size and seconds per MB, which stay flat when the build is linear.

Usage: ``python bench/big_note.py [MB ...]`` (default 2.5 5 10 20); output in
bench/out/big-note.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "big-note"
TARGETS = 50
LINK_EVERY = 105
"""Characters of note per wikilink: 20 MB holds 190,000 links."""
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def big_note(size: int) -> str:
    """A deterministic note of about ``size`` characters, one wikilink per ``LINK_EVERY``."""
    rnd = random.Random(size)
    parts = ["# Big note\n\n"]
    total = 0
    n = 0
    while total < size:
        filler = " ".join(rnd.choice(WORDS) for _ in range(14))
        chunk = f"{filler} [[Target {n % TARGETS}]]"
        n += 1
        chunk += "\n\n" if n % 10 == 0 else " "
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)


def setup(megabytes: float) -> tuple[Path, int]:
    """Write the site for a note of ``megabytes`` MB; return it and the link count."""
    root = OUT / f"{megabytes:g}MB"
    if root.exists():
        shutil.rmtree(root)
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    notes = root / "notes"
    notes.mkdir()
    text = big_note(int(megabytes * 1_000_000))
    (notes / "Big.md").write_text(text, encoding="utf-8")
    for i in range(TARGETS):
        (notes / f"Target {i}.md").write_text(f"# Target {i}\n\nA target.\n", encoding="utf-8")
    config = {
        "site_name": "Big note",
        "theme": {"name": "material"},
        "plugins": [
            "search",
            {
                "learnfolio": {
                    "sources": [{"path": "notes", "name": "Notes", "mount": "notes"}],
                    "max_note_size": int(megabytes * 1_000_000) + 1_000_000,
                }
            },
        ],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root, text.count("[[")


def main(sizes: list[float]) -> None:
    """Build each size once and print a table."""
    print(f"{'MB':>6} {'links':>8} {'seconds':>8} {'s/MB':>6} {'peak MB':>8}")
    for megabytes in sizes:
        root, links = setup(megabytes)
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), "build", str(root)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"the build of {root} failed:\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        seconds = figures["seconds"]
        print(
            f"{megabytes:>6g} {links:>8} {seconds:>8.1f} {seconds / megabytes:>6.2f} "
            f"{figures.get('peak_mb', 0):>8.0f}"
        )


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [2.5, 5, 10, 20])
