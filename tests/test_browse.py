"""Build tests of the graph, explorer and preview data, the nav, and search."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from learnfolio.settings import SettingsError, load_settings
from learnfolio.site.browse import ASSETS, SCRIPTS
from tests.sitebuild import BuiltSite, build_site

VAULT = {
    "docs/index.md": "# Home\n\nStart at [[Alpha]].\n",
    "notes/Alpha.md": (
        "---\ntags: [greek, letters]\n---\n# Alpha\n\nThe first letter. See [[Beta]], "
        "[[Gamma#Shape]], [[Secret note]] and [[Nowhere at all]].\n\n"
        "## Origin\n\nFrom Phoenician.\n"
    ),
    "notes/More/Beta.md": "# Beta\n\nSecond. Back to [Alpha](../Alpha.md).\n\nA fact. ^fact\n",
    "notes/More/Deeper/Gamma.md": (
        "---\ntags: [greek]\n---\n# Gamma\n\nThird letter.\n\n## Shape\n\nLike a gallows. "
        "```code [[Beta]]```\n\n```python\nnot = 'a preview'\n```\n\nAfter the code.\n"
    ),
    "notes/Secret note.md": (
        "---\npublish: false\n---\n# Secret note\n\nsecret-phrase-2291 [[Alpha]]\n"
    ),
    "notes/中文笔记.md": "# 中文笔记\n\n特征值是线性代数中的重要概念。[[Alpha]]\n",
}


def _json(site: BuiltSite, rel: str) -> Any:
    return json.loads((site.site_dir / "learnfolio" / rel).read_text(encoding="utf-8"))


def _build(tmp_path: Path, **options: Any) -> BuiltSite:
    return build_site(tmp_path, VAULT, options=options)


@pytest.fixture
def site(tmp_path: Path) -> BuiltSite:
    return _build(tmp_path)


def test_graph_has_every_published_note_and_resolved_link(site: BuiltSite) -> None:
    graph = _json(site, "graph.json")
    urls = [node["u"] for node in graph["nodes"]]
    assert sorted(urls) == sorted(
        ["", "notes/alpha/", "notes/more/beta/", "notes/more/deeper/gamma/", "notes/中文笔记/"]
    )
    edges = {(urls[a], urls[b]) for a, b in graph["edges"]}
    assert edges == {
        ("", "notes/alpha/"),
        ("notes/alpha/", "notes/more/beta/"),
        ("notes/alpha/", "notes/more/deeper/gamma/"),
        ("notes/more/beta/", "notes/alpha/"),
        ("notes/中文笔记/", "notes/alpha/"),
    }
    assert graph["sources"] == ["Site pages", "Notes"]
    alpha = graph["nodes"][urls.index("notes/alpha/")]
    assert [graph["tags"][t] for t in alpha["g"]] == ["greek", "letters"]
    assert all(isinstance(node["x"], float) for node in graph["nodes"])


def test_graph_never_shows_private_notes_or_unresolved_targets(site: BuiltSite) -> None:
    text = (site.site_dir / "learnfolio" / "graph.json").read_text(encoding="utf-8")
    assert "Secret" not in text and "secret" not in text
    assert "Nowhere" not in text


def test_graph_can_draw_tags_as_nodes(tmp_path: Path) -> None:
    graph = _json(_build(tmp_path, graph_tags=True), "graph.json")
    titles = [node["t"] for node in graph["nodes"]]
    assert "#greek" in titles and "#letters" in titles
    greek = titles.index("#greek")
    linked = {graph["nodes"][a]["t"] for a, b in graph["edges"] if b == greek}
    assert linked == {"Alpha", "Gamma"}
    assert graph["nodes"][greek]["u"] == "tags/greek/"


def test_graph_page_is_generated_and_can_be_turned_off(site: BuiltSite, tmp_path: Path) -> None:
    page = site.page("graph")
    assert page.select_one("[data-lf-graph=full]") is not None
    scripts = [str(s.get("src", "")) for s in page.select("script")]
    ours = [src for src in scripts if "assets/learnfolio/" in src]
    # The generated settings, then one file with every script, in their order
    # (then run.js, which sites without notebooks to run leave out).
    assert [src.rsplit("/", 1)[1] for src in ours][:2] == ["config.js", "bundle.js"]
    bundle = (site.site_dir / "assets/learnfolio/bundle.js").read_text("utf-8")
    for name in SCRIPTS:  # each on its own: one that throws does not stop the next
        assert "try {\n" + (ASSETS / name).read_text("utf-8") + "\n} catch" in bundle, name
    starts = [bundle.index(f"/* learnfolio: {name} */") for name in SCRIPTS]
    assert starts == sorted(starts)
    off = build_site(tmp_path / "off", VAULT, options={"graph": False, "local_graph": 0})
    assert not (off.site_dir / "graph/index.html").exists()
    assert not (off.site_dir / "learnfolio/graph.json").exists()


def test_explorer_tree_holds_notes_by_source_and_folder(site: BuiltSite) -> None:
    tree = _json(site, "explorer.json")["tree"]
    assert [root["n"] for root in tree] == ["Notes"]
    notes = tree[0]
    assert notes["u"] == "notes/"
    assert [child["n"] for child in notes["c"]] == ["More", "Alpha", "中文笔记"]
    more = notes["c"][0]
    assert [child["n"] for child in more["c"]] == ["Deeper", "Beta"]
    assert more["c"][0]["c"] == [{"n": "Gamma", "u": "notes/more/deeper/gamma/"}]
    assert "Secret" not in json.dumps(tree)


def test_nav_holds_only_the_listed_sections(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        VAULT,
        extra={
            "nav": [{"Home": "index.md"}, {"Notes": "notes/index.md"}, {"Graph": "graph/index.md"}]
        },
    )
    nav = site.page("notes/alpha").select(".md-nav--primary a.md-nav__link")
    assert [a.get_text(strip=True) for a in nav] == ["Home", "Notes", "Graph"]


def test_search_segments_chinese_and_skips_private_notes(site: BuiltSite) -> None:
    index = json.loads((site.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    chinese = [doc for doc in index["docs"] if doc["location"].startswith("notes/%E4%B8%AD")]
    assert chinese and "\u200b" in chinese[0]["text"]
    assert "特征值" in chinese[0]["text"].split("\u200b")
    assert all("secret-phrase-2291" not in doc["text"] for doc in index["docs"])


def test_search_titles_carry_no_zero_width_spaces(site: BuiltSite) -> None:
    # jieba's word breaks stay where search needs them and a reader never sees them.
    index = json.loads((site.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert all("\u200b" not in doc["title"] for doc in index["docs"])
    chinese = next(doc for doc in index["docs"] if doc["title"] == "中文笔记")
    assert chinese["title_words"] == "中文\u200b笔记"
    fields = index["config"]["fields"]
    assert fields["title_words"]["boost"] == fields["title"]["boost"]


def test_jieba_progress_lines_stay_out_of_the_build_log(site: BuiltSite) -> None:
    # jieba prints "Loading model cost ..." through its own stderr handler at DEBUG.
    import jieba  # type: ignore[import-untyped]

    assert jieba.default_logger.getEffectiveLevel() >= logging.WARNING


def test_local_graph_depth_is_checked(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="local_graph"):
        load_settings({"local_graph": 3}, tmp_path, tmp_path)
