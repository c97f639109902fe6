"""Run one measured build in this process and print the figures as JSON.

The benchmark starts this script as a child process so that its peak memory
(``ru_maxrss``) belongs to one build alone.

- ``python bench/measure.py build SITE``: a clean ``mkdocs build`` of ``SITE/mkdocs.yml``.
- ``python bench/measure.py serve SITE NOTE OTHER``: what ``mkdocs serve`` does on
  each change (call its builder, which plugins may replace in ``on_serve``;
  MkDocs' own reloads the config and builds again with the same plugin
  objects), timed after a prose edit and after a link edit of ``NOTE`` (a
  link to ``OTHER`` added); then after another prose edit, MkDocs' own full
  rebuild, called directly (``full``), as ``serve`` runs it when learnfolio's
  quick rebuild says no. With ``--full-only`` only that full rebuild is timed.

Every figure is wall time in seconds; ``cpu_`` beside it is the CPU time
(user + system) of this process and of the helper processes it waited for,
over the same stretch, from ``resource.getrusage``.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _helpers_peak_mb() -> float:
    """The peak of the largest helper process learnfolio forked (0 without helpers).

    A forked helper shares its parent's pages until either writes them, and
    its peak counts those shared pages too: adding the two peaks overstates
    what the build used, so both are reported as they are.
    """
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of every child it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_build(site: Path) -> dict[str, float]:
    """Time one clean build of ``site``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    config = load_config(str(site / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "helpers_peak_mb": _helpers_peak_mb(),
    }


class _Server:
    """What plugins see of ``mkdocs serve``'s LiveReloadServer: ``watch`` and ``builder``."""

    def __init__(self, builder: Callable[[], None]) -> None:
        self.builder = builder

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        pass


def measure_serve(site: Path, note: Path, other: str, *, full_only: bool) -> dict[str, float]:
    """Time rebuilds after a prose edit and a link edit, as ``mkdocs serve`` runs them."""
    result: dict[str, float] = {}

    def timed(name: str, run: Callable[[], None]) -> None:
        cpu, start = cpu_seconds(), time.perf_counter()
        run()
        result[name] = time.perf_counter() - start
        result["cpu_" + name] = cpu_seconds() - cpu

    site_dir = tempfile.mkdtemp(prefix="lf-bench-serve-")
    serve_url = "http://127.0.0.1:8000/"

    def get_config() -> MkDocsConfig:
        config = load_config(str(site / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = serve_url
        return config

    def full_build() -> None:
        build(get_config(), serve_url=serve_url)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    timed("first", lambda: build(config, serve_url=serve_url))
    server = config.plugins.on_serve(_Server(full_build), config=config, builder=full_build)
    original = note.read_text(encoding="utf-8")
    try:
        time.sleep(0.01)
        if not full_only:
            note.write_text(original.replace(". ", ". Also, the prose changed here. ", 1), "utf-8")
            timed("prose", server.builder)
            note.write_text(original + f"\nA new link to [[{other}]].\n", "utf-8")
            timed("link", server.builder)
        note.write_text(original.replace(". ", ". The prose changed again. ", 1), "utf-8")
        timed("full", full_build)
    finally:
        note.write_text(original, encoding="utf-8")
    result["peak_mb"] = _peak_mb()
    return result


if __name__ == "__main__":
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    mode, site_arg = sys.argv[1], Path(sys.argv[2])
    if mode == "build":
        result = measure_build(site_arg)
    else:
        note_arg, other_arg = Path(sys.argv[3]), sys.argv[4]
        result = measure_serve(site_arg, note_arg, other_arg, full_only="--full-only" in sys.argv)
    print(json.dumps(result))
