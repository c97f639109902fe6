"""Text stays text: titles, aliases, tags, names and labels holding HTML, Jinja-looking
text and entities show as typed everywhere learnfolio puts them, and run nothing.

One site is built whose every text field holds a payload; the built HTML, XML
and JSON are read back, then Chromium loads each kind of page, hovers a
preview, draws the graph and searches, and the payloads must not have run.
URLs from frontmatter and options are checked on their own (no build).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from learnfolio.model import parse_file
from learnfolio.safe_urls import clean_url, is_safe_url
from learnfolio.settings import SettingsError, load_settings
from tests.browser import browser_page, require_chromium, serve_dir
from tests.notebooks import code, md, notebook
from tests.sitebuild import DEFAULT_EXTENSIONS, BuiltSite, build_site, write_tree

ASSETS = Path(__file__).resolve().parents[1] / "plugins/learnfolio/site/assets"


def payload(name: str, mark: int) -> str:
    """A text field's value: markup that sets ``window.__pwned`` if it ever runs,
    a title closer, Jinja-looking text and an entity that must show as typed."""
    return (
        f'{name}<img src=x onerror="window.__pwned={mark}">"><script>window.__pwned={mark}'
        "</script></title>{{ 7*7 }} {% if x %} a &amp; b *em* [x] {: onclick=y } $1$"
    )


TITLE = payload("Alpha", 1)
ALIAS = payload("Alias", 2)
TAG = "tagged<svg/onload=window.__pwned=3>"
SOURCE = payload("Source", 4)
AUTHOR = payload("Author", 5)
LINK_LABEL = payload("Label", 6)
POST_TITLE = payload("Post", 7)
NOTEBOOK_TITLE = payload("Notebook", 8)
BETA = payload("Beta", 9)
LABEL = "a &amp; b {{ 7*7 }} *not em* <3 {: onclick=y }"
"""A wikilink's label: raw HTML in a note's body stays Markdown's, so no tags here."""


def _front(meta: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n"


def _notebook() -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["See [[Beta]]."]},
                {
                    "cell_type": "code",
                    "id": "b",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": ["print(1)"],
                },
            ],
            "metadata": {
                "title": NOTEBOOK_TITLE,
                "learnfolio": {"tags": [TAG]},
                "kernelspec": {"name": "python3", "display_name": "Python 3"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


FILES = {
    "docs/index.md": "# Home\n\n<!-- learnfolio:portfolio -->\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/post.md": "---\ndate: 2026-04-18\n"
    + _front({"title": POST_TITLE, "tags": [TAG], "description": payload("Desc", 10)})[4:]
    + "Excerpt with [[Beta]].\n\n<!-- more -->\n\nMore.\n",
    "notes/Alpha.md": _front(
        {
            "title": TITLE,
            "aliases": [ALIAS],
            "tags": [TAG],
            "date": "2026-03-01",
            "description": payload("Described", 11),
            "original": " JaVa&#x53;cript:window.__pwned=12",
        }
    )
    + f"Alpha links to [[Beta|{LABEL}]] and is #inline.\n",
    "notes/Beta.md": _front({"title": BETA, "date": "2026-03-02", "source": "Book: chapter 3"})
    + "Beta links to [[Alpha]], embeds it:\n\n![[Alpha]]\n",
    "notes/Gamma.md": "Gamma links to [[Beta]].\n",
    "notes/book.ipynb": _notebook(),
}


# learnfolio's own markup, which cleaning an untrusted note must keep: a link, a
# callout, maths, highlighted code, a footnote, an embed, an aligned table, a tag,
# a heading with its anchor.
OWN_MARKUP = """\
See [[Beta]] and #imported.

> [!note] A callout
> Inside it.

Inline $x^2$ and display:

$$
\\frac{a}{b}
$$

```python
print("hi")
```

A claim.[^1]

![[Beta]]

| left | right |
|:-----|------:|
| a    | b     |

## A section

[^1]: The footnote.
"""
HOSTILE_HTML = """\
<img src=pic.png onerror="window.__pwned=20"> <script>window.__pwned=21</script>
[click](javascript:window.__pwned=22) <a href="JaVa&#x09;script:window.__pwned=23">tab</a>
<div onclick="window.__pwned=24" style="position:fixed">div</div>
<iframe src="data:text/html,<script>parent.__pwned=25</script>"></iframe>
<style>body { display: none }</style> <svg onload="window.__pwned=26"></svg>
<form action="https://evil.example"><input name=q></form>

"""
RUNNABLE = "# Runs\n\n```python {.run}\nprint(1 + 1)\n```\n"
UNTRUSTED = {
    "imported/Foreign.md": "---\ndate: 2026-05-01\ntags: [flashcards]\n---\n# Foreign\n\n"
    + HOSTILE_HTML
    + OWN_MARKUP
    + '\nA card <img src=pic.png onerror="window.__pwned=27">::its *answer*\n',
    "imported/Posted.md": "---\npost: true\ndate: 2026-05-02\n---\n# Posted\n\n"
    + HOSTILE_HTML.replace("__pwned=2", "__pwned=5")
    + "\n<!-- more -->\n\nRest.\n",
    "notes/Twin.md": "---\ndate: 2026-05-01\n---\n# Twin\n\n" + OWN_MARKUP,
    "notes/Host.md": "# Host\n\nEmbeds a foreign note and its twin:\n\n![[Foreign]]\n\n![[Twin]]\n",
    "notes/Own.md": '# Own\n\n<kbd>raw</kbd> <span class="mine">HTML</span>\n'
    "<script>window.__own = 1</script>\n",
    "notes/Runs.md": RUNNABLE,
    # Code from an untrusted source is shown, not run: no runner, and a runner
    # setting of its own (where Python is loaded from) is taken out.
    "imported/Runs.md": RUNNABLE
    + '\n<div class="lf-run-config" data-pyodide="https://evil.example/" hidden></div>\n',
    "imported/Book.ipynb": notebook(
        md("# Book"),
        code(
            "show()",
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"text/html": ["<b>bold</b>"], "text/plain": ["bold"]},
            },
        ),
    ),
}
EXTENSIONS = [
    *DEFAULT_EXTENSIONS,
    "footnotes",
    "tables",
    "pymdownx.highlight",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile site, built once."""
    return build_site(
        tmp_path_factory.mktemp("hostile"),
        {**FILES, **UNTRUSTED},
        sources=[
            {"path": "notes", "name": SOURCE, "mount": "notes"},
            {"path": "imported", "name": "Imported", "mount": "imported", "trusted": False},
        ],
        options={
            "author": {
                "name": AUTHOR,
                "links": {LINK_LABEL: "https://example.org/me", "CV": 'cv.pdf?a="b"><x>'},
            }
        },
        plugins=[
            "search",
            {"blog": {"blog_dir": "blog"}},
            "tags",
            {"mkdocs-jupyter": {"include": ["*.ipynb"], "execute": False}},
            {
                "rss": {
                    "match_path": "blog/posts/.*",
                    "date_from_meta": {"as_creation": "date"},
                    "use_git": False,
                }
            },
        ],
        extra={"site_url": "https://learner.example.org/", "markdown_extensions": EXTENSIONS},
    )


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def _injected(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes a payload would have made."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=...>")
            if name in ("href", "src") and isinstance(value, str) and _SCRIPT_URL.match(value):
                found.append(f"<{element.name} {name}={value!r}>")
        if element.name == "script" and "__pwned" in element.get_text():
            found.append("<script>…__pwned…</script>")
        if element.name == "img" and element.get("src") == "x":
            found.append("<img src=x>")
    return found


def test_no_page_holds_an_injected_element_or_attribute(site: BuiltSite) -> None:
    pages = sorted(site.site_dir.rglob("*.html"))
    assert len(pages) >= 12
    bad = {p.relative_to(site.site_dir).as_posix(): _injected(_soup(p)) for p in pages}
    assert {page: found for page, found in bad.items() if found} == {}


def _text(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, f"no {selector}"
    return " ".join(found.get_text().split())


def _spaced(text: str) -> str:
    return " ".join(text.split())


def test_titles_show_as_typed_in_headers_navigation_and_chips(site: BuiltSite) -> None:
    alpha = site.page("notes/alpha/")
    assert _text(alpha, "title") == _spaced(f"{TITLE} - Test site")
    assert _text(alpha, "article h1") == _spaced(TITLE)
    assert _text(alpha, ".md-header__topic:last-child") == _spaced(TITLE)
    assert TAG in [chip.get_text().strip() for chip in alpha.select(".md-tag")]
    assert alpha.select_one('meta[name="description"]')["content"] == payload("Described", 11)
    # The provenance line names the source as written; the refused original is not shown.
    assert _spaced(SOURCE) in _text(alpha, ".lf-provenance")
    assert alpha.select_one(".lf-provenance a") is None
    # A wikilink's label is text: its entity, braces and stars show as typed.
    label = alpha.select_one('article a[href$="beta/"]')
    assert label is not None and label.get_text() == LABEL
    beta = site.page("notes/beta/")
    embed = [a.get_text() for a in beta.select("article a")]
    assert _spaced(TITLE) in [_spaced(t) for t in embed]
    # Backlinks name the linking note by its title.
    assert _spaced(TITLE) in _text(beta, "#lf-backlinks + ul, .lf-backlinks")


def test_tag_source_notebook_and_home_pages_show_text_as_typed(site: BuiltSite) -> None:
    index = site.page("notes/")
    assert _text(index, "article h1") == _spaced(SOURCE)
    assert _text(index, "title") == _spaced(f"{SOURCE} - Test site")
    assert _spaced(TITLE) in _text(index, "article")
    tags = site.page("tags/")
    # The tag holds a "/": topics nest it, each part shown as typed.
    head, tail = TAG.split("/", 1)
    assert f"#{head}" in _text(tags, "article") and tail in _text(tags, "article")
    book = site.page("notes/book/")
    assert _text(book, "title") == _spaced(f"{NOTEBOOK_TITLE} - Test site")
    home = site.page("")
    assert _text(home, ".lf-profile strong, .lf-profile h1") == _spaced(AUTHOR)
    links = {a.get_text(): a["href"] for a in home.select(".lf-profile a")}
    assert links == {LINK_LABEL: "https://example.org/me", "CV": "cv.pdf?a=%22b%22%3E%3Cx%3E"}
    assert _spaced(POST_TITLE) in [_spaced(a.get_text()) for a in home.select(".lf-post-title")]
    assert f"#{head}" in _text(home, ".lf-topics") and tail in _text(home, ".lf-topics")


def test_blog_pages_show_the_post_title_as_typed(site: BuiltSite) -> None:
    (post,) = (site.site_dir / "blog/2026/04/18").iterdir()
    page = _soup(post / "index.html")
    assert _text(page, "title") == _spaced(f"{POST_TITLE} - Test site")
    assert _text(page, "article h1") == _spaced(POST_TITLE)
    blog = site.page("blog/")
    titles = [_spaced(h2.get_text()) for h2 in blog.select(".md-post__content h2")]
    assert _spaced(POST_TITLE) in titles


def test_feeds_parse_and_carry_the_titles_as_text(site: BuiltSite) -> None:
    rss = ET.parse(site.site_dir / "feed_rss_created.xml").getroot()
    assert POST_TITLE in [t.text for t in rss.iter("title")]
    atom = ET.parse(site.site_dir / "feed_atom.xml").getroot()
    titles = [t.text for t in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert POST_TITLE in titles
    feed = json.loads((site.site_dir / "feed_json_created.json").read_text("utf-8"))
    assert POST_TITLE in [item["title"] for item in feed["items"]]


def test_search_index_titles_and_tags_are_escaped_text(site: BuiltSite) -> None:
    # Material's search shows titles and tags as HTML: the index holds them escaped.
    docs = json.loads((site.site_dir / "search/search_index.json").read_text("utf-8"))["docs"]
    titles = {html.unescape(d["title"]) for d in docs}
    assert {TITLE, BETA, POST_TITLE} <= titles
    for doc in docs:
        for text in [doc["title"], *doc.get("tags", [])]:
            assert BeautifulSoup(text, "html.parser").find() is None, text


def test_browsing_data_is_rendered_as_text_by_its_scripts(site: BuiltSite) -> None:
    # Graph, explorer and previews are data; the scripts that show them never parse HTML.
    graph = json.loads((site.site_dir / "learnfolio/graph.json").read_text("utf-8"))
    assert TITLE in [node["t"] for node in graph["nodes"]]
    assert SOURCE in graph["sources"]
    for script in ("graph.js", "explorer.js", "learnfolio.js"):
        code = (ASSETS / script).read_text("utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", code)
    # Previews and review cards show HTML cut from pages (cleaned for untrusted
    # sources); their titles go in as text.
    for script, allowed in (("previews.js", "template.innerHTML = html"), ("review.js", "card.")):
        code = (ASSETS / script).read_text("utf-8")
        assert all(allowed in line for line in code.splitlines() if "innerHTML" in line), script


def test_flashcards_of_an_untrusted_note_are_cleaned(site: BuiltSite) -> None:
    cards = json.loads((site.site_dir / "learnfolio/cards.json").read_text("utf-8"))["cards"]
    (card,) = [c for c in cards if c["note"].startswith("imported/")]
    assert "<img" in card["q"] and "onerror" not in card["q"]
    assert card["a"] == "<em>answer</em>" or "<em>answer</em>" in card["a"]


def test_a_refused_original_is_an_error_on_its_line(site: BuiltSite) -> None:
    errors = [m for m in site.messages() if "original:" in m]
    assert len(errors) == 1
    refused = r"notes/Alpha\.md:\d+: error: original: URL .* has the scheme 'javascript:'"
    assert re.search(refused, errors[0])
    line = int(errors[0].split(":")[2])
    assert FILES["notes/Alpha.md"].splitlines()[line - 1].startswith("original:")
    assert not any("source:" in m for m in site.messages())


def _markup(article: Any) -> set[tuple[str, tuple[str, ...]]]:
    return {(el.name, tuple(el.get("class") or ())) for el in article.find_all(True)}


def test_an_untrusted_note_keeps_learnfolios_markup_and_loses_the_rest(site: BuiltSite) -> None:
    foreign = site.article("imported/foreign/")
    twin = site.article("notes/twin/")
    # Everything the trusted twin's page is made of is on the cleaned page too.
    assert _markup(twin) - _markup(foreign) == set()
    assert foreign.select_one('a[href$="notes/beta/"]') is not None
    assert foreign.select_one(".admonition.note .admonition-title") is not None
    assert len(foreign.select("math")) == 2
    assert foreign.select_one(".highlight code span") is not None
    assert foreign.select_one('sup a.footnote-ref[href="#fn:1"]') is not None
    assert foreign.select_one(".footnote li#fn\\:1") is not None
    assert foreign.select_one(".lf-embed") is not None
    assert foreign.select_one('td[style="text-align:right"], td[style="text-align: right;"]')
    assert foreign.select_one("h2#a-section") is not None
    assert foreign.select_one("a.lf-tag") is not None
    # What could run script, restyle the page or send a form is gone.
    for gone in ("script", "style", "iframe", "svg *", "form", "input", "[style*=fixed]"):
        assert foreign.select_one(gone) is None, gone
    assert [a.get("href") for a in foreign.find_all("a", string=["click", "tab"])] == [None, None]


def test_a_trusted_page_embedding_an_untrusted_note_is_cleaned_too(site: BuiltSite) -> None:
    host = site.article("notes/host/")
    assert len(host.select(":scope > .lf-embed")) == 2
    assert host.select_one("script, iframe, [style*=fixed]") is None
    assert host.select_one(".lf-embed .admonition") is not None


def test_code_from_an_untrusted_source_gets_no_runner(site: BuiltSite) -> None:
    own = site.page("notes/runs/")
    assert [c.get("data-pyodide") for c in own.select(".lf-run-config")] != []
    assert own.select_one("div.run, pre.run") is not None
    for url in ("imported/runs/", "imported/book/"):
        page = site.page(url)
        assert page.select_one(".md-content") is not None, url
        assert page.select("[data-pyodide], [data-packages]") == [], url
    assert site.page("imported/runs/").select_one("div.run, pre.run") is not None
    assert "bold" in site.page("imported/book/").get_text()  # its saved output is shown


def test_raw_html_in_a_trusted_note_stays(site: BuiltSite) -> None:
    own = site.article("notes/own/")
    assert own.select_one("kbd") is not None and own.select_one("span.mine") is not None
    assert "window.__own = 1" in own.select_one("script").get_text()


def test_untrusted_posts_are_cleaned_in_feeds_and_the_blog(site: BuiltSite) -> None:
    atom = (site.site_dir / "feed_atom.xml").read_text("utf-8")
    assert "Posted" in atom and not re.search(r"__pwned=5\d", atom)
    # The post's own HTML holds the marks 50 to 56; titles hold others, as text.
    blog = site.page("blog/").select_one(".md-content")
    assert blog is not None and "Posted" in blog.get_text()
    assert not re.search(r"__pwned=5\d", str(blog))
    home = site.article("")
    assert "Posted" in home.get_text()
    assert not re.search(r"__pwned=5\d", str(home))


def test_trusted_is_true_or_false(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/index.md": "# Home\n", "notes/A.md": "A\n"})
    with pytest.raises(SettingsError, match=r"sources\[0\]\.trusted: expected true or false"):
        options = {"sources": [{"path": "notes", "trusted": "no"}]}
        load_settings(options, tmp_path, tmp_path / "docs")


# --- URLs, without a build --------------------------------------------------------

REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
ACCEPTED = [
    "https://example.org/a?b=c#d",
    "HTTP://example.org",
    "mailto:me@example.org",
    "cv.pdf",
    "../about/",
    "/about/",
    "#top",
    "//example.org/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_script_and_other_schemes_are_refused(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ACCEPTED)
def test_http_mailto_and_relative_urls_are_accepted(url: str) -> None:
    assert is_safe_url(url)


def test_an_accepted_url_cannot_end_its_link_or_attribute() -> None:
    assert clean_url(' https://x.org/a b"><img src=x>`') == (
        "https://x.org/a%20b%22%3E%3Cimg%20src=x%3E%60"
    )


@pytest.mark.parametrize("url", REFUSED)
def test_a_refused_author_link_stops_the_build_naming_its_line(tmp_path: Path, url: str) -> None:
    config = "site_name: x\nplugins:\n  - learnfolio:\n      author:\n        name: Me\n"
    written = json.dumps(url)
    (tmp_path / "mkdocs.yml").write_text(
        config + f"        links:\n          Site: {written}\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    options = yaml.safe_load((tmp_path / "mkdocs.yml").read_text("utf-8"))["plugins"][0]
    with pytest.raises(SettingsError, match=r"mkdocs\.yml:7: links\.Site: URL .* only http"):
        load_settings(options["learnfolio"], tmp_path, tmp_path / "docs")


def test_an_avatar_must_be_a_file_of_the_site(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/index.md": "# Home\n"})
    with pytest.raises(SettingsError, match="avatar: expected an image in the site"):
        load_settings(
            {"author": {"name": "Me", "avatar": "javascript:alert(1)"}}, tmp_path, tmp_path / "docs"
        )


@pytest.mark.parametrize("url", REFUSED)
def test_a_refused_original_in_frontmatter_is_a_problem_on_its_line(url: str) -> None:
    note = parse_file("a.md", f"---\ntitle: A\noriginal: {json.dumps(url)}\n---\nBody\n".encode())
    assert [(line, m.split(":")[0]) for line, m in note.problems] == [(3, "original")]


def test_text_in_source_is_not_taken_for_a_url() -> None:
    note = parse_file("a.md", b"---\nsource: 'Book: chapter 3'\n---\nBody\n")
    assert note.problems == ()


# --- In Chromium -------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(site: BuiltSite) -> Iterator[tuple[str, Any]]:
    require_chromium()
    with serve_dir(site.site_dir) as url, browser_page() as page:
        # The machine may be busy (tests run beside builds): pages get time to load.
        page.set_default_timeout(90_000)
        yield url, page


def _clean(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_pages_run_no_payload_and_show_the_characters(
    site: BuiltSite, browser: tuple[str, Any]
) -> None:
    url, page = browser
    (post,) = (site.site_dir / "blog/2026/04/18").iterdir()
    post_url = post.relative_to(site.site_dir).as_posix() + "/"
    shown = {
        "": AUTHOR,
        "notes/alpha/": TITLE,
        "notes/": SOURCE,
        "notes/book/": NOTEBOOK_TITLE,
        "blog/": POST_TITLE,
        post_url: POST_TITLE,
        "tags/": TAG.split("/", 1)[1],  # nested under its first part
    }
    for path, text in shown.items():
        page.goto(url + path)
        page.wait_for_load_state("load")
        _clean(page)
        assert _spaced(text) in _spaced(page.locator(".md-content").first.inner_text()), path
    page.goto(url + "notes/alpha/")
    assert page.title() == _spaced(f"{TITLE} - Test site")
    for path in ("imported/foreign/", "notes/host/"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        _clean(page)
        assert page.locator("article .admonition").first.is_visible()
    page.goto(url + "notes/own/")
    assert page.evaluate("window.__own") == 1  # a trusted note's own script runs


def test_previews_explorer_graph_and_search_run_no_payload(browser: tuple[str, Any]) -> None:
    url, page = browser
    page.goto(url + "notes/beta/")
    page.locator('article a[href$="alpha/"]').first.hover()
    preview = page.wait_for_selector(".lf-preview:not([hidden])")
    assert _spaced(TITLE) in _spaced(preview.inner_text())
    explorer = page.locator(".lf-explorer").first
    assert _spaced(SOURCE) in _spaced(explorer.inner_text())
    _clean(page)
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.fill(".lf-graph-search", "Alpha")
    page.press(".lf-graph-search", "Enter")
    focused = page.evaluate("learnfolio.graphs[0].data.nodes[learnfolio.graphs[0].focus].t")
    assert focused == TITLE
    _clean(page)
    page.goto(url + "notes/gamma/")
    page.locator(".md-search__input").first.click()
    page.keyboard.type("Alpha")
    result = page.wait_for_selector(".md-search-result__item h1")
    assert "Alpha<img" in result.inner_text()
    _clean(page)


def test_only_trusted_code_gets_run_buttons(browser: tuple[str, Any]) -> None:
    url, page = browser
    page.goto(url + "notes/runs/")
    page.wait_for_selector(".lf-run-button")
    for path in ("imported/runs/", "imported/book/"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.locator("article pre").count() > 0, path
        assert page.locator(".lf-run-button, .lf-run-all").count() == 0, path
        _clean(page)
