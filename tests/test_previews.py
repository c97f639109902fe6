"""Link previews show the target as its page shows it: cut from the built page's HTML."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from learnfolio.browse.markup import parse, to_html
from learnfolio.browse.previews import PREVIEW_BYTES, page_preview, shard_of, site_url
from tests.notebooks import JUPYTER, code, md, notebook, stdout
from tests.sitebuild import BuiltSite, build_site

PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="teal"/></svg>'
)

VAULT = {
    "docs/index.md": "# Home\n\nStart at [[Alpha]].\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/eigen.md": (
        "---\ndate: 2026-06-07\n---\n# Eigen post\n\n"
        "A post about $\\lambda$ and **eigenvectors**.\n\n<!-- more -->\n\nThe rest.\n"
    ),
    "notes/pic.svg": PICTURE,
    "notes/Alpha.md": (
        "---\ntags: [greek]\n---\n# Alpha\n\n"
        "The **first** letter, with $e^{i\\pi} = -1$ inline. See [[Beta]].\n\n"
        "![[pic.svg]]\n\n"
        "> [!tip] Remember\n> Callouts show as callouts.\n\n"
        "```python\nprint('alpha')\n```\n\n"
        "## Origin\n\nFrom *Phoenician*, see [[Beta#^fact]].\n\n"
        "$$\n\\sum_i x_i\n$$\n\n"
        "### Older still\n\nProto-Sinaitic.\n\n"
        "## Unlinked\n\nNo link names this section.\n\n"
        "## Hostile\n\nText a < b & c > d, <img src=x onerror=alert(1)> and "
        "<script>alert(2)</script> [evil](javascript:alert(3)).\n"
    ),
    "notes/More/Beta.md": (
        "# Beta\n\nSecond. Back to [[Alpha#Origin]], [[Alpha#Hostile]], [[Beta#^item]], "
        "[[Beta#^listed]] and [[eigen|Eigen post]].\n\n"
        "A fact. ^fact\n\n"
        "- one\n- two ^item\n- three\n\n"
        "- red\n- blue\n\n^listed\n\n"
        "See [[Gamma nb]] too.\n"
    ),
    "notes/Gamma nb.ipynb": notebook(
        md("# Gamma nb\n\nA notebook where $x^2$ is typeset. Back to [[Alpha]]."),
        code("print('gamma')", stdout("gamma\n")),
        md("## Later\n\nMore text."),
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("previews")
    return build_site(
        root,
        VAULT,
        plugins=["search", {"blog": {"blog_dir": "blog"}}, "tags", JUPYTER],
        options={"cache_dir": str(root / "cache")},
    )


def _records(site: BuiltSite) -> dict[str, Any]:
    data = site.site_dir / "learnfolio"
    config = (site.site_dir / "assets/learnfolio/config.js").read_text(encoding="utf-8")
    shards = json.loads(config.split("config = ", 1)[1].rstrip(";\n"))["previewShards"]
    found: dict[str, Any] = {}
    for n in range(shards):
        shard = json.loads((data / f"previews/{n}.json").read_text(encoding="utf-8"))
        assert all(shard_of(url, shards) == n for url in shard)
        found.update(shard)
    return found


def _html(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def test_preview_is_the_opening_of_the_page_as_formatted(site: BuiltSite) -> None:
    alpha = _records(site)["notes/alpha/"]
    assert alpha["t"] == "Alpha"
    opening = _html(alpha["h"])
    assert opening.find("h1") is None  # the title is the preview's own
    assert opening.select_one("p strong").get_text() == "first"
    assert opening.select_one("a[href='notes/more/beta/']").get_text() == "Beta"


def test_preview_typesets_maths_as_mathml(site: BuiltSite) -> None:
    opening = _html(_records(site)["notes/alpha/"]["h"])
    formula = opening.select_one(".lf-math math")
    assert formula is not None and formula.find("msup") is not None
    assert "\\(" not in alpha_text(site)


def alpha_text(site: BuiltSite) -> str:
    return str(_records(site)["notes/alpha/"]["h"])


def test_preview_images_point_at_the_site_root(site: BuiltSite) -> None:
    image = _html(alpha_text(site)).select_one("img")
    assert image is not None and image["src"] == "notes/pic.svg"
    assert (site.site_dir / image["src"]).exists()


def test_preview_shows_callouts_and_highlighted_code(site: BuiltSite) -> None:
    opening = _html(alpha_text(site))
    callout = opening.select_one(".admonition.tip")
    assert callout is not None and "Callouts show as callouts." in callout.get_text()
    code = opening.select_one(".highlight pre code")
    assert code is not None and code.get_text().strip() == "print('alpha')"
    assert code.select_one("span") is not None  # coloured as on the page


def test_preview_of_a_heading_holds_its_section_and_subsections(site: BuiltSite) -> None:
    origin = _records(site)["notes/alpha/"]["s"]["origin"]
    assert origin["t"] == "Origin"
    section = _html(origin["h"])
    assert section.select_one("p em").get_text() == "Phoenician"
    assert section.select_one("div.lf-math math[display=block]") is not None
    assert section.find("h3").get_text() == "Older still"
    assert "Proto-Sinaitic" in section.get_text()
    assert "No link names this section" not in section.get_text()


def test_only_sections_that_links_name_get_a_preview(site: BuiltSite) -> None:
    assert set(_records(site)["notes/alpha/"]["s"]) == {"origin", "hostile"}


def test_preview_of_a_block_is_that_block(site: BuiltSite) -> None:
    sections = _records(site)["notes/more/beta/"]["s"]
    assert _html(sections["^fact"]["h"]).get_text().strip() == "A fact."
    item = _html(sections["^item"]["h"])
    assert [li.get_text().strip() for li in item.select("ul > li")] == ["two"]
    listed = _html(sections["^listed"]["h"])
    assert [li.get_text().strip() for li in listed.select("li")] == ["red", "blue"]


def test_preview_leaves_out_backlinks_permalinks_and_ids(site: BuiltSite) -> None:
    for record in _records(site).values():
        for markup in [record["h"], *(s["h"] for s in record.get("s", {}).values())]:
            html = _html(markup)
            assert html.select("[id], [name], [for], .headerlink, .lf-backlinks") == []
            assert "Backlinks" not in html.get_text()
            assert "¶" not in html.get_text()


def test_preview_never_carries_scripts_or_handlers(site: BuiltSite) -> None:
    hostile = _records(site)["notes/alpha/"]["s"]["hostile"]["h"]
    html = _html(hostile)
    assert html.find("script") is None and "alert(2)" not in hostile
    assert all(not name.startswith("on") for tag in html.find_all() for name in tag.attrs)
    assert "javascript:" not in hostile
    assert "a &lt; b &amp; c &gt; d" in hostile  # Markdown escaped it; it stays escaped


def test_preview_of_a_notebook_shows_its_text_maths_and_code_not_outputs(site: BuiltSite) -> None:
    record = _records(site)["notes/gamma-nb/"]
    assert record["t"] == "Gamma nb"
    opening = _html(record["h"])
    assert opening.find("h1") is None
    assert opening.select_one(".lf-math math") is not None
    assert opening.select_one("a[href='notes/alpha/']") is not None
    code = opening.select_one(".highlight pre code")
    assert code is not None and code.get_text().strip() == "print('gamma')"
    assert "gamma\n" not in opening.get_text().replace("print('gamma')", "")
    assert "jp-" not in record["h"] and "<style" not in record["h"]


def test_preview_of_a_post_is_keyed_by_its_blog_url(site: BuiltSite) -> None:
    records = _records(site)
    key = next(url for url in records if url.startswith("blog/2026/06/07/"))
    post = records[key]
    assert post["t"] == "Eigen post"
    opening = _html(post["h"])
    assert opening.select_one("math") is not None
    assert opening.select_one("strong").get_text() == "eigenvectors"
    assert (site.site_dir / key / "index.html").exists()


def test_previews_of_private_notes_do_not_exist(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/Open.md": "# Open\n\nSee [[Closed]].\n",
            "notes/Closed.md": "---\npublish: false\n---\n# Closed\n\nsecret-phrase-2291\n",
        },
    )
    every = "".join(p.read_text("utf-8") for p in (site.site_dir / "learnfolio").rglob("*.json"))
    assert "secret-phrase-2291" not in every


def test_a_long_page_gives_a_short_preview() -> None:
    content = "<h1>T</h1>" + "".join(f"<p>{'word ' * 60}{n}</p>" for n in range(50))
    record = page_preview(content, "notes/t/", "T")
    assert str(record["h"]).count("<p>") <= 3
    huge = "<ul>" + "".join(f"<li>{'item ' * 40}</li>" for _ in range(200)) + "</ul>"
    cut = str(page_preview(huge, "", "Huge")["h"])
    assert len(cut) <= PREVIEW_BYTES + 100 and cut.endswith("</ul>")


def test_formulas_are_cut_whole_and_typeset_only_in_the_preview() -> None:
    """Previews are cut from the page with its TeX, then typeset: a formula never in two."""
    formula = '<span class="arithmatex">\\(' + "x_{1} + " * 900 + "y\\)</span>"
    content = (
        f"<h1>T</h1><p>Lead {formula} tail.</p>"
        '<h2 id="sec">About <span class="arithmatex">\\(\\alpha\\)</span></h2><p>Body.</p>'
    )
    typeset_calls: list[str] = []

    def maths(html: str) -> str:
        typeset_calls.append(html)
        return html.replace('class="arithmatex"', 'class="arithmatex lf-math"')

    record = page_preview(
        content, "", "T", sections={"sec"}, maths=maths, maths_text=lambda t: t.replace("\\", "")
    )
    opening = str(record["h"])
    # The formula is too long for the preview: it is left out whole, not cut.
    assert "x_{1}" not in opening and opening.startswith("<p>Lead") and "…" in opening
    section = record["s"]["sec"]  # type: ignore[index]
    assert section == {"t": "About (alpha)", "h": "<p>Body.</p>"}
    assert len(typeset_calls) == 2


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("../beta/", "notes/alpha/", "notes/beta/"),
        ("../../pic.svg", "notes/more/beta/", "notes/pic.svg"),
        ("#origin", "notes/alpha/", "notes/alpha/#origin"),
        ("./#x", "notes/alpha/", "notes/alpha/#x"),
        ("beta.html", "notes/alpha.html", "notes/beta.html"),
        ("https://example.org/a", "notes/alpha/", "https://example.org/a"),
        ("/abs/path", "notes/alpha/", "/abs/path"),
        ("mailto:me@example.org", "", "mailto:me@example.org"),
        ("garden/%E7%89%B9/", "", "garden/%E7%89%B9/"),
    ],
)
def test_preview_urls_start_at_the_site_root(url: str, page: str, expected: str) -> None:
    assert site_url(url, page) == expected


def test_previews_are_sharded_by_url_hash() -> None:
    assert shard_of("notes/alpha/", 1) == 0
    # previews.js computes the same FNV-1a over UTF-8 bytes; these values were
    # checked against it, so a change on one side only fails here.
    assert shard_of("garden/pca/", 2**31) == 338367316
    assert shard_of("garden/特征值直觉/", 2**31) == 1623399208


@pytest.mark.parametrize(
    ("markup", "written"),
    [
        ("<p>a &lt; b &amp; c</p>", "<p>a &lt; b &amp; c</p>"),
        (
            '<math><mi>&#x1D430;</mi><mspace width="1em" /></math>',
            '<math><mi>𝐰</mi><mspace width="1em"/></math>',
        ),
        (
            "<p>one<br>two<img src='x.png' alt=\"a &quot;b&quot;\"></p>",
            '<p>one<br>two<img src="x.png" alt="a &quot;b&quot;"></p>',
        ),
        (
            "<div><script>if (a <b) {}</script><p>after</p></div>",
            "<div><script>if (a <b) {}</script><p>after</p></div>",
        ),
        ("<p>stray</em> end<!-- a comment --></p>", "<p>stray end</p>"),
        ("<P CLASS=x>upper</P>", '<p class="x">upper</p>'),
    ],
)
def test_preview_html_reads_back_as_written(markup: str, written: str) -> None:
    assert to_html(parse(markup)) == written


def _site_url_by_urljoin(value: str, page_url: str) -> str:
    """What ``site_url`` gave when every URL went through urljoin."""
    base = "https://site.invalid/"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("/"):
        return value
    joined = urljoin(base + page_url, value)
    return joined[len(base) :] if joined.startswith(base) else value


def test_site_url_resolves_as_urljoin_does() -> None:
    rng = random.Random(7)
    pieces = ["a", "b-c", "d.e", "é", "~", "%20", ".", "..", "", "x_y", ";p", "?q", ":", "#f"]

    def path(most: int) -> str:
        return "/".join(rng.choice(pieces) for _ in range(rng.randint(0, most)))

    cases = [
        ("../b/", "garden/a/"),
        ("../../b/#h", "garden/a/"),
        ("../../../b/", "garden/a/"),
        ("#h", "garden/a/index.html"),
        ("", "garden/a/"),
        ("b.png", "garden/a.html"),
        ("../", ""),
    ]
    for _ in range(20000):
        value = "../" * rng.randint(0, 4) + path(4) + rng.choice(["", "/", "#h", "#x.y-1", "?q"])
        page = path(4) + rng.choice(["", "/"])
        cases.append((value, page))
    for value, page in cases:
        assert site_url(value, page) == _site_url_by_urljoin(value, page), (value, page)


def _opening_read_ten_blocks(content: str, url: str) -> str:
    """A page's opening as cut when reading always went on for ten top-level blocks."""
    from learnfolio.browse import previews

    read = [0]

    def ten(root: object, position: int) -> bool:
        read[0] += 1
        return read[0] >= previews.READ_BLOCKS

    content = previews.without_furniture(content)
    root = parse(content, skip=previews._left_out, stop=ten)
    blocks = previews._top_blocks(root)
    start = 1 if blocks and previews._level(blocks[0]) == 1 else 0
    return previews._cut(blocks[start:], url, previews.INTRO_CHARS)


def test_reading_stops_once_the_opening_is_whole() -> None:
    """A page whose sections no link names is read only until its opening is cut,
    and the opening is what reading ten blocks gave."""
    from learnfolio.browse import previews

    rng = random.Random(3)
    long = "word " * 1400
    pieces = [
        "<h1>Title</h1>", "<h2 id='s'>Section</h2>", "<p>Short.</p>", f"<p>{'text ' * 60}</p>",
        f"<p>{long}</p>", "<ul><li>one</li><li>two</li></ul>", "<div></div>", "\n", "loose text",
        "<script>x()</script>", "<!-- note -->", "<p><img src='a.png'></p>", "<hr>",
        '<div class="admonition note"><p class="admonition-title">Note</p><p>Body.</p></div>',
        "<p><span class='lf-block' id='^b'></span></p>", "<p>&amp; &lt;tag&gt;</p>",
    ]  # fmt: skip
    stopped_early = 0
    for _ in range(3000):
        content = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        record = page_preview(content, "garden/a/", "A", sections=frozenset())
        assert record["h"] == _opening_read_ten_blocks(content, "garden/a/"), content
        assert "s" not in record
        enough = previews._Enough(content, frozenset(), "garden/a/")
        parse(previews.without_furniture(content), skip=previews._left_out, stop=enough)
        stopped_early += enough.count < previews.READ_BLOCKS and content.count("<") > 30
    assert stopped_early > 500
