"""The pieces of the portfolio, without a build: dates, timeline, excerpts, history."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from learnfolio.model.dates import meta_dates, parse_date
from learnfolio.render.portfolio import _excerpt
from learnfolio.render.timeline import heatmap, level
from learnfolio.sources.history import FileHistory

D = dt.date


def test_frontmatter_dates_in_every_common_form() -> None:
    assert meta_dates({"date": D(2026, 2, 14)}) == (D(2026, 2, 14), None)
    assert meta_dates({"date": "2026-02-14 09:30", "updated": "2026-03-01"}) == (
        D(2026, 2, 14),
        D(2026, 3, 1),
    )
    assert meta_dates({"date": {"created": D(2026, 1, 2), "updated": D(2026, 1, 9)}}) == (
        D(2026, 1, 2),
        D(2026, 1, 9),
    )
    assert meta_dates({"modified": "2026-05-05"}) == (None, D(2026, 5, 5))
    assert parse_date("last Tuesday") is None
    assert parse_date(dt.datetime(2026, 7, 1, 12, 0)) == D(2026, 7, 1)


def test_heatmap_has_a_cell_per_day_with_counts_and_labels() -> None:
    end = D(2026, 11, 21)
    days = [D(2026, 11, 20), D(2026, 11, 20), D(2026, 3, 1), D(2024, 1, 1)]
    svg = BeautifulSoup(heatmap(days, end), "html.parser").svg
    assert svg is not None
    cells = svg.select("rect[data-date]")
    assert (
        cells[0]["data-date"] == "2025-11-17"
    )  # the Monday 52 weeks before the Monday of end's week
    assert cells[-1]["data-date"] == "2026-11-21"
    counts = {c["data-date"]: int(c["data-count"]) for c in cells}
    assert counts["2026-11-20"] == 2 and counts["2026-03-01"] == 1
    assert "2024-01-01" not in counts
    busiest = svg.find("rect", attrs={"data-date": "2026-11-20"})
    assert busiest["class"] == ["lf-heat-4"]
    assert busiest.title.get_text() == "2 notes and posts on 20 Nov 2026"
    assert svg.find("rect", attrs={"data-date": "2026-03-01"}).title.get_text() == (
        "1 note on 1 Mar 2026"
    )
    assert "3 notes and posts written between 2025-11-17 and 2026-11-21" in svg["aria-label"]


def test_heat_levels_scale_with_the_busiest_day() -> None:
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 8)] == [0, 1, 1, 2, 2, 4]
    assert level(1, 1) == 4 and level(0, 0) == 0


def test_excerpt_is_text_before_more_without_the_title() -> None:
    body = "# Title\n\nFirst para.\n\nSecond.\n\n<!-- more -->\n\nRest.\n"
    text, offset = _excerpt(body)
    assert text.strip() == "First para.\n\nSecond."
    assert body[offset:].startswith("\nFirst para.")


def test_excerpt_without_more_is_the_first_paragraph() -> None:
    text, offset = _excerpt("# T\n\nOnly this.\nStill this.\n\nNot this.\n")
    assert text == "Only this.\nStill this."
    assert offset == 5


def test_history_takes_first_and_last_commit_dates_from_git(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e.org",
    }

    def git(*args: str, when: str | None = None) -> None:
        extra = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
        subprocess.run(
            ["git", *args], cwd=tmp_path, env={**env, **extra}, check=True, capture_output=True
        )

    note = tmp_path / "folder with space" / "笔记.md"
    note.parent.mkdir()
    note.write_text("one\n", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "a", when="2026-01-02T12:00:00Z")
    note.write_text("two\n", encoding="utf-8")
    git("commit", "-qam", "b", when="2026-02-03T12:00:00Z")
    untracked = tmp_path / "new.md"
    untracked.write_text("x\n", encoding="utf-8")
    history = FileHistory()
    assert history.dates(note) == (D(2026, 1, 2), D(2026, 2, 3))
    today = dt.datetime.now(tz=dt.UTC).date()
    assert history.dates(untracked) == (today, today)
