"""The blog-style portfolio: posts, home page sections, provenance and feeds."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.sitebuild import BuildFailed, BuiltSite, build_site, site_text

SOURCES = [{"path": "notes", "name": "Course notes", "mount": "notes"}]
SITE_URL = "https://learner.example.org/repo/"


def _plugins(**rss: Any) -> list[Any]:
    return [
        "search",
        {"blog": {"blog_dir": "blog"}},
        "tags",
        {
            "rss": {
                "match_path": "blog/posts/.*",
                "date_from_meta": {"as_creation": "date"},
                "use_git": False,
                "abstract_chars_count": -1,
                **rss,
            }
        },
    ]


def _post(title: str, date: str, body: str = "Body.", extra: str = "") -> str:
    return (
        f"---\ndate: {date}\ncategories: [Calculus]\ntags: [calculus]\n{extra}---\n"
        f"# {title}\n\nExcerpt of {title}.\n\n<!-- more -->\n\n{body}\n"
    )


BLOG = {
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/chain.md": _post(
        "Chain rule is backprop", "2026-04-18", "It is all [[Gradient]] bookkeeping."
    ),
    "docs/blog/posts/pca.md": _post("PCA via eigenvectors", "2026-06-07"),
    "docs/blog/posts/draft.md": _post("Hessian", "2026-11-12", "copper-finch", "draft: true\n"),
    "notes/Gradient.md": "---\ndate: 2026-03-01\ntags: [calculus]\n---\nThe gradient.\n",
    "notes/Secret.md": "---\nprivate: true\npost: true\ndate: 2026-05-05\n---\nsecret-otter\n",
    "notes/Diverge.md": (
        "---\npost: true\ndate: 2026-10-03\ncategories: [Optimisation]\n---\n"
        "# When descent diverges\n\nToo big a step. See [[Gradient]].\n\n<!-- more -->\n\nMore.\n"
    ),
}


def _build(tmp_path: Path, files: dict[str, str] | None = None, **kwargs: Any) -> BuiltSite:
    return build_site(
        tmp_path,
        files or BLOG,
        sources=SOURCES,
        plugins=_plugins(),
        extra={"site_url": SITE_URL},
        **kwargs,
    )


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return _build(tmp_path_factory.mktemp("blog"))


def test_posts_get_blog_urls_and_link_to_notes(blog: BuiltSite) -> None:
    post = blog.article("blog/2026/04/18/chain-rule-is-backprop")
    link = post.find("a", string="Gradient")
    assert link is not None and link["href"] == "../../../../../notes/gradient/"


def test_note_with_post_true_becomes_a_post_without_being_copied(blog: BuiltSite) -> None:
    page = blog.article("blog/2026/10/03/when-descent-diverges")
    assert "Too big a step." in page.get_text()
    assert not (blog.root / "docs/blog/posts/diverge.md").exists()
    assert sorted(p.name for p in (blog.root / "docs/blog/posts").iterdir()) == [
        "chain.md",
        "draft.md",
        "pca.md",
    ]


def test_notes_show_posts_among_their_backlinks(blog: BuiltSite) -> None:
    section = blog.article("notes/gradient").select_one("section.lf-backlinks")
    assert section is not None
    titles = [a.get_text() for a in section.select(":scope > ul > li > a")]
    assert titles == ["Chain rule is backprop", "When descent diverges"]


def test_archive_and_category_pages_exist(blog: BuiltSite) -> None:
    assert (blog.site_dir / "blog/archive/2026/index.html").exists()
    category = blog.page("blog/category/calculus")
    assert "Chain rule is backprop" in category.get_text()


def test_drafts_and_private_posts_are_absent_from_a_build(blog: BuiltSite) -> None:
    for rel, data in site_text(blog.site_dir).items():
        assert b"copper-finch" not in data, rel
        assert b"secret-otter" not in data, rel


def test_drafts_show_under_serve(tmp_path: Path) -> None:
    site = _build(tmp_path, serve=True)
    assert (site.site_dir / "blog/2026/11/12/hessian/index.html").exists()


def test_post_without_date_is_an_error_naming_the_file(tmp_path: Path) -> None:
    files = {**BLOG, "notes/Undated.md": "---\npost: true\n---\n# Undated\n\nText.\n"}
    with pytest.raises(BuildFailed, match=r"notes/Undated.md:1: error: blog post has no date"):
        _build(tmp_path, files)


def _items(root: ET.Element, tag: str, ns: dict[str, str]) -> list[ET.Element]:
    return root.findall(tag, ns)


def test_rss_feed_lists_published_posts_newest_first(blog: BuiltSite) -> None:
    rss = ET.parse(blog.site_dir / "feed_rss_created.xml").getroot()
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert titles == ["When descent diverges", "PCA via eigenvectors", "Chain rule is backprop"]
    links = [i.findtext("link") or "" for i in rss.iter("item")]
    assert all(link.startswith(SITE_URL + "blog/2026/") for link in links)


def test_json_feed_matches_rss(blog: BuiltSite) -> None:
    feed = json.loads((blog.site_dir / "feed_json_created.json").read_text(encoding="utf-8"))
    titles = [item["title"] for item in feed["items"]]
    assert titles == ["When descent diverges", "PCA via eigenvectors", "Chain rule is backprop"]


def test_atom_feed_is_valid_and_has_absolute_links(blog: BuiltSite) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom = ET.parse(blog.site_dir / "feed_atom.xml").getroot()
    entries = _items(atom, "a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "When descent diverges",
        "PCA via eigenvectors",
        "Chain rule is backprop",
    ]
    for entry in entries:
        link = entry.find("a:link", ns)
        assert link is not None and link.get("href", "").startswith(SITE_URL)
        content = entry.findtext("a:content", namespaces=ns) or ""
        assert "More." in content or "Body." in content or "bookkeeping" in content
    published = [e.findtext("a:published", namespaces=ns) for e in entries]
    assert published[0] == "2026-10-03T00:00:00+00:00"


def test_atom_excerpt_mode_stops_at_more(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        BLOG,
        sources=SOURCES,
        plugins=_plugins(),
        extra={"site_url": SITE_URL},
        options={"atom_feed": "excerpt"},
    )
    text = (site.site_dir / "feed_atom.xml").read_text(encoding="utf-8")
    assert "Excerpt of PCA via eigenvectors" in text
    assert "bookkeeping" not in text


HOME = (
    "# Home\n\n<!-- learnfolio:profile -->\n\n<!-- learnfolio:figures -->\n\n"
    "## Latest\n\n<!-- learnfolio:latest-posts count=2 -->\n\n"
    "## Topics\n\n<!-- learnfolio:topics -->\n\n## Timeline\n\n<!-- learnfolio:timeline -->\n"
)


def _home_site(tmp_path: Path) -> BuiltSite:
    files = {
        **BLOG,
        "docs/index.md": HOME,
        "docs/assets/me.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "notes/Vectors.md": "---\ndate: 2026-03-01\ntags: [linear-algebra]\n---\n[[Gradient]]\n",
        "notes/Matrices.md": "---\ndate: 2026-03-02\ntags: [linear-algebra]\n---\n[[Vectors]]\n",
    }
    options = {
        "author": {
            "name": "Mei Lin",
            "bio": "Learning *slowly*.",
            "avatar": "assets/me.svg",
            "links": {"GitHub": "https://github.com/mei"},
        }
    }
    site = build_site(
        tmp_path,
        files,
        sources=SOURCES,
        plugins=_plugins(),
        extra={"site_url": SITE_URL},
        options=options,
    )
    return site


def test_home_page_shows_latest_posts_in_date_order_with_excerpts(tmp_path: Path) -> None:
    home = _home_site(tmp_path).article("")
    posts = home.select("article.lf-post")
    assert [p.select_one("a.lf-post-title").get_text() for p in posts] == [
        "When descent diverges",
        "PCA via eigenvectors",
    ]
    assert "Too big a step." in posts[0].get_text()
    assert "More." not in posts[0].get_text()
    gradient = posts[0].find("a", string="Gradient")
    assert gradient is not None and gradient["href"] == "notes/gradient/"


def test_home_page_profile_and_figures(tmp_path: Path) -> None:
    home = _home_site(tmp_path).article("")
    profile = home.select_one(".lf-profile")
    assert profile is not None and "Mei Lin" in profile.get_text()
    assert profile.find("em") is not None  # the bio is Markdown
    avatar = profile.find("img")
    assert avatar is not None and avatar["src"] == "assets/me.svg"
    figures = {
        f.select_one(".lf-figure-label").get_text(): int(
            f.select_one(".lf-figure-value").get_text()
        )
        for f in home.select(".lf-figure")
    }
    # Notes: Gradient, Vectors, Matrices; posts: chain, pca, diverge; links: 3 note pairs
    # (Vectors->Gradient, Matrices->Vectors, chain->Gradient, Diverge->Gradient) = 4.
    assert figures == {"notes": 3, "posts": 3, "links": 4, "topics": 2}


def test_home_page_topics_count_notes_per_tag(tmp_path: Path) -> None:
    home = _home_site(tmp_path).article("")
    topics = {
        a.get_text(" ", strip=True).split()[0]: int(a.select_one(".lf-count").get_text())
        for a in home.select("a.lf-topic")
    }
    assert topics == {"#calculus": 3, "#linear-algebra": 2}
    first = home.select_one("a.lf-topic")
    assert first is not None and first["href"] == "tags/calculus/"


def test_home_page_opens_with_the_profile_and_listings_have_no_backlinks(tmp_path: Path) -> None:
    files = {
        **BLOG,
        "docs/index.md": "---\ntitle: Home\n---\n<!-- learnfolio:profile -->\n\nWelcome.\n",
        "docs/blog/index.md": "# Blog\n\nLonger posts.\n",
        "docs/about.md": "---\nbacklinks: false\n---\n# About\n",
        "notes/Map.md": "# Map\n\n[[Home]], the [[blog/index|blog]], [[About]].\n",
    }
    site = build_site(
        tmp_path,
        files,
        sources=SOURCES,
        plugins=_plugins(),
        extra={"site_url": SITE_URL},
        options={"author": {"name": "Mei Lin"}},
    )
    home = site.page("")
    headings = [h.get_text(strip=True).rstrip("¶") for h in home.select("article h1")]
    assert headings == ["Mei Lin"]  # the learner, not the page's title "Home"
    assert home.select_one("article h1").find_parent(class_="lf-profile") is not None
    for url in ("", "blog", "about"):
        assert site.page(url).select_one(".lf-backlinks") is None, url
    # The blog's index: its introduction, then straight to the posts.
    index = site.page("blog").select_one(".md-content__inner")
    assert index is not None
    intro = index.find("p", string="Longer posts.")
    assert intro is not None and intro.find_next("article").select_one(".md-post__header")
    backlinks = site.page("notes/gradient").select_one(".lf-backlinks")
    assert backlinks is not None  # other pages keep theirs


def test_timeline_cells_match_note_dates(tmp_path: Path) -> None:
    home = _home_site(tmp_path).article("")
    svg = home.select_one("svg.lf-heatmap")
    assert svg is not None and svg.get("role") == "img"
    cells = {r["data-date"]: int(r["data-count"]) for r in svg.select("rect[data-date]")}
    today = dt.date.today()
    expected = {"2026-03-01": 2, "2026-03-02": 1, "2026-04-18": 1, "2026-06-07": 1, "2026-10-03": 1}
    for day, count in expected.items():
        if (today - dt.date.fromisoformat(day)).days < 360:
            assert cells[day] == count
            title = svg.find("rect", attrs={"data-date": day}).find("title").get_text()
            assert title.startswith(f"{count} ")
    assert len(cells) >= 365
    assert sum(cells.values()) <= 6
    assert "aria-label" in svg.attrs


def _git(root: Path, *args: str, when: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_provenance_shows_source_dates_and_original(tmp_path: Path) -> None:
    files = {
        "notes/Dated.md": "---\ndate: 2026-02-14\nupdated: 2026-03-01\n"
        "original: https://example.org/my-old-post\n---\nText.\n",
        "notes/From git.md": "Text.\n",
    }
    (tmp_path / "notes").mkdir(parents=True)
    (tmp_path / "notes/From git.md").write_text("Text.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "notes/From git.md")
    _git(tmp_path, "commit", "-qm", "first", when="2025-12-24T10:00:00Z")
    (tmp_path / "notes/From git.md").write_text("Text, edited.\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "second", when="2026-01-05T10:00:00Z")
    files["notes/From git.md"] = "Text, edited.\n"
    site = build_site(tmp_path, files, sources=SOURCES)
    dated = site.article("notes/dated").select_one(".lf-provenance")
    assert dated is not None
    assert dated.get_text(" ", strip=True) == (
        "From Course notes · written 14 Feb 2026 · updated 1 Mar 2026 · original"
    )
    assert dated.find("a")["href"] == "https://example.org/my-old-post"
    times = [t["datetime"] for t in dated.find_all("time")]
    assert times == ["2026-02-14", "2026-03-01"]
    from_git = site.article("notes/from-git").select_one(".lf-provenance")
    assert from_git is not None
    assert [t["datetime"] for t in from_git.find_all("time")] == ["2025-12-24", "2026-01-05"]
