"""Topics: nested tags nest, housekeeping tags (``hidden_tags``) stay out of every tag list."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnfolio.settings import SettingsError, load_settings
from tests.sitebuild import BuiltSite, build_site

VAULT = {
    "docs/index.md": "# Home\n\n<!-- learnfolio:topics -->\n",
    "notes/Eigen.md": (
        "---\ntags: [math/linear-algebra, todo]\n---\n# Eigen\n\nFix this #todo later.\n"
    ),
    "notes/Rank.md": "---\ntags: [math/linear-algebra]\n---\n# Rank\n\nText.\n",
    "notes/Mean.md": "---\ntags: [math/statistics, meta]\n---\n# Mean\n\nText.\n",
    "notes/Span.md": "---\ntags: [linear-algebra, todo/later]\n---\n# Span\n\nText.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("topics"), VAULT)


def test_nested_tags_are_listed_under_their_parent(site: BuiltSite) -> None:
    index = site.article("tags")
    top = index.select_one("ul")
    assert top is not None
    items = {
        li.find(string=True, recursive=True).strip(): li
        for li in top.find_all("li", recursive=False)
    }
    math = next(
        li for li in top.find_all("li", recursive=False) if "math" in li.get_text().split()[0]
    )
    assert math.get_text().split()[:2] == ["#math", "(3)"]  # notes under any math/ tag
    nested = [li.get_text(" ", strip=True) for li in math.select("ul > li")]
    assert nested == ["linear-algebra (2)", "statistics (1)"]
    link = math.select_one("ul a")
    assert link is not None and link["href"] == "math/linear-algebra/"
    assert any(text.startswith("#linear-algebra") for text in items)


def test_home_page_topics_nest_too(site: BuiltSite) -> None:
    home = site.article("")
    group = home.select_one(".lf-topic-group")
    assert group is not None
    chips = [chip.get_text(" ", strip=True) for chip in group.select(".lf-tag")]
    assert chips == ["#math 3", "linear-algebra 2", "statistics 1"]
    assert group.select_one(".lf-subtopic")["href"].endswith("tags/math/linear-algebra/")
    rest = [p for p in home.select(".lf-topics") if p is not group]
    singles = [chip.get_text(" ", strip=True) for chip in rest[0].select(".lf-tag")]
    assert singles == ["#linear-algebra 1", "#meta 1"]


def test_housekeeping_tags_have_no_page_chip_or_topic(site: BuiltSite) -> None:
    for tag in ("todo", "todo/later"):
        assert not (site.site_dir / "tags" / tag / "index.html").exists()
    assert "todo" not in site.article("tags").get_text()
    assert "todo" not in site.article("").get_text()
    chips = [a.get_text(strip=True) for a in site.page("notes/eigen").select(".md-tag")]
    assert chips == ["math/linear-algebra"]
    text = site.article("notes/eigen")
    assert "Fix this #todo later." in text.get_text()
    assert text.select_one("a.lf-tag") is None  # the inline #todo links nowhere
    assert "todo" not in (site.site_dir / "learnfolio/graph.json").read_text("utf-8")


def test_hidden_tags_can_be_chosen(tmp_path: Path) -> None:
    site = build_site(tmp_path, VAULT, options={"hidden_tags": ["todo", "meta"]})
    assert not (site.site_dir / "tags/meta/index.html").exists()
    assert (site.site_dir / "tags/math/statistics/index.html").exists()
    shown = build_site(tmp_path / "none", VAULT, options={"hidden_tags": []})
    assert (shown.site_dir / "tags/todo/index.html").exists()


def test_hidden_tags_must_be_a_list_of_names(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="hidden_tags"):
        load_settings({"hidden_tags": {"todo": 1}}, tmp_path, tmp_path)
