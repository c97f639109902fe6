"""Build small vaults with MkDocs and check what a reader of the HTML sees."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.sitebuild import BuildFailed, build_site, rebuild, site_text, write_tree

VAULT = [
    {"path": "notes/course", "name": "Course notes", "mount": "courses/la"},
    {"path": "notes/vault", "name": "Garden", "mount": "garden"},
]


def _href(article, text: str) -> str:
    link = article.find("a", string=lambda s: s is not None and s.strip() == text)
    assert link is not None, f"no link {text!r} in {article}"
    return str(link["href"])


def test_note_outside_docs_becomes_page_at_slugified_url(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/course/01 Basics/Dot Product.md": "The dot product.\n",
            "notes/vault/特征值 直觉.md": "中文笔记。\n",
        },
        sources=VAULT,
    )
    assert (site.site_dir / "courses/la/01-basics/dot-product/index.html").exists()
    assert (site.site_dir / "garden/特征值-直觉/index.html").exists()
    title = site.page("courses/la/01-basics/dot-product").title
    assert title is not None and str(title.string).startswith("Dot Product")


def test_wikilinks_point_at_pages_and_heading_anchors(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/course/Dot product.md": (
                "See [[PCA]], [[PCA#Why it works|why]], [[PCA#直觉]] and [[pca#^core]].\n"
            ),
            "notes/vault/PCA.md": (
                "## Why it works\n\nEigenvectors of the covariance. ^core\n\n"
                "## 直觉\n\n方差最大。\n"
            ),
        },
        sources=VAULT,
    )
    article = site.article("courses/la/dot-product")
    assert _href(article, "PCA") == "../../../garden/pca/"
    assert _href(article, "why") == "../../../garden/pca/#why-it-works"
    assert _href(article, "PCA > 直觉") == "../../../garden/pca/#直觉"
    assert _href(article, "pca > core") == "../../../garden/pca/#^core"
    target = site.article("garden/pca")
    assert target.find(id="why-it-works") is not None
    assert target.find(id="直觉") is not None
    assert target.find(id="^core") is not None


def test_standard_markdown_link_to_note_is_rewritten(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/course/A/Chain rule.md": "Read [the PCA note](../../vault/PCA.md#intro).\n",
            "notes/vault/PCA.md": "## Intro\n\nText.\n",
        },
        sources=[{"path": "notes", "name": "All", "mount": "n"}],
    )
    article = site.article("n/course/a/chain-rule")
    assert _href(article, "the PCA note") == "../../../vault/pca/#intro"


def test_unresolved_link_is_marked_text_and_reported(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"notes/a.md": "Go to [[Nowhere]] now.\n"})
    article = site.article("notes/a")
    marked = article.select_one("span.lf-unresolved")
    assert marked is not None and marked.get_text() == "Nowhere"
    assert article.find("a", string="Nowhere") is None
    assert any("notes/a.md:1" in m and "[[Nowhere]]" in m for m in site.messages())


def test_strict_build_fails_on_unresolved_link(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path, {"notes/a.md": "Go to [[Nowhere]].\n"}, strict=True)
    assert any("[[Nowhere]]" in m for m in failed.value.messages)


def test_strict_option_fails_build_without_cli_strict(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match="strict"):
        build_site(tmp_path, {"notes/a.md": "[[Nowhere]]\n"}, options={"strict": True})


def test_backlinks_list_linking_pages_with_context(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/Gradient.md": "The gradient points uphill.\n",
            "notes/Descent.md": (
                "We step against the [[Gradient]]. Then we repeat.\n\n- the [[gradient]] again\n"
            ),
            "notes/Chain.md": "Backprop computes the [[Gradient]] fast. Self: [[Chain]].\n",
        },
    )
    section = site.article("notes/gradient").select_one("section.lf-backlinks")
    assert section is not None
    items = section.select(":scope > ul > li")
    assert [li.find("a").get_text() for li in items] == ["Chain", "Descent"]
    descent = items[1].get_text(" ", strip=True)
    assert "We step against the Gradient." in descent
    assert "the gradient again" in descent
    assert "Then we repeat" not in descent
    chain_page = site.article("notes/chain")
    assert chain_page.select_one("section.lf-backlinks") is None  # self-links do not count


def test_embeds_inline_notes_sections_blocks_and_sized_images(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/vault/.obsidian/app.json": '{"attachmentFolderPath": "assets"}',
            "notes/vault/assets/plot.png": b"\x89PNG\r\n\x1a\nfake",
            "notes/vault/Host.md": (
                "![[Short]]\n\n![[Long#Second]]\n\n![[Long#^key]]\n\n"
                "![[plot.png|300]]\n\n![[plot.png|320x200]]\n"
            ),
            "notes/vault/Short.md": "Short note with a link to [[Long]].\n",
            "notes/vault/Long.md": (
                "## First\n\nNot embedded.\n\n## Second\n\nSecond section text.\n\n"
                "A key idea. ^key\n\n## Third\n\nAlso not.\n"
            ),
        },
        sources=[{"path": "notes/vault", "name": "Garden", "mount": "garden"}],
    )
    article = site.article("garden/host")
    embeds = article.select("div.lf-embed")
    assert len(embeds) == 3
    assert "Short note with a link to" in embeds[0].get_text()
    assert _href(embeds[0], "Long") == "../long/"
    assert "Second section text." in embeds[1].get_text()
    assert "Not embedded" not in embeds[1].get_text()
    assert "Also not" not in embeds[1].get_text()
    assert embeds[2].get_text(" ", strip=True).endswith("A key idea.")
    images = article.find_all("img")
    assert [(i["src"], i.get("width"), i.get("height")) for i in images] == [
        ("../assets/plot.png", "300", None),
        ("../assets/plot.png", "320", "200"),
    ]
    assert (site.site_dir / "garden/assets/plot.png").exists()


def test_embed_cycle_renders_marker_and_build_goes_on(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/A.md": "A starts.\n\n![[B]]\n",
            "notes/B.md": "B starts.\n\n![[A]]\n",
        },
    )
    article = site.article("notes/a")
    marker = article.select_one(".lf-embed-error")
    assert marker is not None and "cycle" in marker.get_text().lower()
    assert any("cycle" in m for m in site.messages())


def test_tags_get_pages_and_inline_tags_link_there(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/Vectors.md": "---\ntags: [linear-algebra]\n---\nSee #math/calculus here.\n",
            "notes/Limits.md": "Inline #math/calculus only. `#not-a-tag`\n",
        },
    )
    article = site.article("notes/vectors")
    assert _href(article, "#math/calculus") == "../../tags/math/calculus/"
    chips = [a.get_text(strip=True) for a in site.page("notes/vectors").select(".md-tag")]
    assert chips == ["linear-algebra", "math/calculus"]
    tag_page = site.article("tags/math/calculus")
    listed = {a.get_text(strip=True) for a in tag_page.select("a") if "notes" in a["href"]}
    assert listed == {"Vectors", "Limits"}
    assert not (site.site_dir / "tags/not-a-tag").exists()
    index = site.article("tags")
    assert "#linear-algebra" in index.get_text()


@pytest.mark.parametrize("plugins", [["search"], ["search", "tags"]])
def test_tag_chips_link_to_the_tag_pages_with_or_without_materials_tags(
    tmp_path: Path, plugins: list[str]
) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/Vectors.md": "---\ntags: [linear-algebra, todo]\n---\nSee #math/calculus.\n",
            "notes/Basis.md": "---\ntags: [linear-algebra]\n---\nA basis.\n",
            "notes/Axes.md": "---\ntags: [linear-algebra]\n---\nAxes.\n",
        },
        plugins=plugins,
    )
    chips = site.page("notes/vectors").select("nav.md-tags a.md-tag")
    assert [(a.get_text(strip=True), a["href"]) for a in chips] == [
        ("linear-algebra", "../../tags/linear-algebra/"),
        ("math/calculus", "../../tags/math/calculus/"),
    ]
    tag_page = site.article("tags/linear-algebra")
    listed = [a.get_text(strip=True) for a in tag_page.select("li a")]
    assert listed == ["Axes", "Basis", "Vectors"]
    # The generated page's metadata is its metadata, not text on the page.
    assert "exclude" not in tag_page.get_text() and tag_page.select("hr") == []
    index = site.article("notes")
    assert "title:" not in index.get_text() and index.select("hr") == []
    assert [a.get_text(strip=True) for a in index.select("li a")] == ["Axes", "Basis", "Vectors"]


def test_callouts_become_admonitions(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/C.md": (
                "> [!tip] Remember this\n> Eigenvectors keep their direction.\n\n"
                "> [!note]- Proof\n> Folded away.\n>\n> > [!warning]\n> > Nested.\n"
            ),
        },
    )
    article = site.article("notes/c")
    tip = article.select_one("div.admonition.tip")
    assert tip is not None
    assert tip.select_one(".admonition-title").get_text() == "Remember this"
    folded = article.select_one("details.note")
    assert folded is not None and not folded.has_attr("open")
    assert folded.select_one("summary").get_text() == "Proof"
    assert folded.select_one("div.admonition.warning") is not None


def test_private_note_appears_nowhere_in_the_site(tmp_path: Path) -> None:
    phrase = "velvet-quokka-0042"
    site = build_site(
        tmp_path,
        {
            "notes/Secret plans.md": f"---\nprivate: true\ntags: [secret-tag]\n---\n{phrase}\n",
            "notes/Hidden.md": f"---\npublish: false\n---\n{phrase} again\n",
            "notes/Public.md": "I link to [[Secret plans]] and embed ![[Hidden]].\n",
            "docs/private-page.md": f"---\nprivate: true\n---\n{phrase}\n",
        },
    )
    for rel, data in site_text(site.site_dir).items():
        assert phrase.encode() not in data, f"private text leaked into {rel}"
        assert b"secret-plans" not in data, f"private page named in {rel}"
    assert not (site.site_dir / "tags/secret-tag").exists()
    article = site.article("notes/public")
    # The author's words stay as plain text; nothing marks a hidden note, an embed shows nothing.
    assert not article.select(".lf-unresolved")
    assert "I link to Secret plans and embed ." in article.get_text()
    assert any("private" in m for m in site.messages())


def test_drafts_only_in_serve(tmp_path: Path) -> None:
    files = {"notes/Draft.md": "---\ndraft: true\n---\namber-heron\n"}
    built = build_site(tmp_path / "a", files)
    assert not (built.site_dir / "notes/draft").exists()
    served = build_site(tmp_path / "b", files, serve=True)
    assert (served.site_dir / "notes/draft/index.html").exists()
    forced = build_site(tmp_path / "c", files, options={"drafts": True})
    assert (forced.site_dir / "notes/draft/index.html").exists()


def test_exclude_globs_leave_files_out(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/vault/Templates/T.md": "[[{{title}}]]\n",
            "notes/vault/Journal/2026-01-01.md": "diary\n",
            "notes/vault/Kept.md": "kept\n",
        },
        sources=[{"path": "notes/vault", "mount": "g", "exclude": ["Templates/**", "Journal/**"]}],
    )
    assert (site.site_dir / "g/kept/index.html").exists()
    assert not (site.site_dir / "g/templates").exists()
    assert not (site.site_dir / "g/journal").exists()
    assert site.messages() == []


def test_missing_source_is_an_error_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match=r"sources\[0\]\.path.*notes/missing"):
        build_site(tmp_path, {}, sources=[{"path": "notes/missing"}])


def test_two_files_on_one_url_are_an_error_naming_both(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as caught:
        build_site(tmp_path, {"notes/Dot product.md": "a\n", "notes/dot-product.md": "b\n"})
    assert "notes/Dot product.md" in str(caught.value)
    assert "notes/dot-product.md" in str(caught.value)


def test_bad_files_are_reported_and_the_rest_builds(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/Bad yaml.md": "---\ntitle: [unclosed\n---\nBody survives.\n",
            "notes/Latin.md": b"caf\xe9 au lait\n",
            "notes/Windows.md": "---\r\ntitle: Win\r\n---\r\nLine one [[Empty]]\r\n",
            "notes/Empty.md": "",
            "notes/Escape.md": "[[../../outside]] and [x](../../../etc/passwd)\n",
        },
    )
    messages = site.messages(logging.INFO)
    assert any("notes/Bad yaml.md:" in m and "malformed YAML" in m for m in messages)
    assert any("notes/Latin.md:1" in m and "UTF-8" in m for m in messages)
    assert not (site.site_dir / "notes/bad-yaml").exists()  # it might have been private
    assert "au lait" in site.article("notes/latin").get_text()
    windows = site.article("notes/windows")
    assert _href(windows, "Empty") == "../empty/"
    assert site.page("notes/windows").title.string.startswith("Win")
    assert (site.site_dir / "notes/empty/index.html").exists()
    escape = site.article("notes/escape")
    assert len(escape.select(".lf-unresolved")) == 2


def test_math_is_typeset_as_mathml(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/M.md": "Inline $a^2$ and\n\n$$\n\\frac{\\partial L}{\\partial w}\n$$\n",
        },
    )
    article = site.article("notes/m")
    maths = article.find_all("math")
    assert [m.get("display") for m in maths] == ["inline", "block"]
    assert article.find("mfrac") is not None


def test_build_never_writes_into_sources(tmp_path: Path) -> None:
    files = {
        "notes/vault/.obsidian/app.json": "{}",
        "notes/vault/A.md": "[[B]] ![[B]] #tag\n",
        "notes/vault/B.md": "---\ntags: [x]\n---\nB\n",
    }
    write_tree(tmp_path, files)
    before = {p: p.read_bytes() for p in (tmp_path / "notes").rglob("*") if p.is_file()}
    build_site(tmp_path, {}, sources=[{"path": "notes/vault", "mount": "g"}])
    after = {p: p.read_bytes() for p in (tmp_path / "notes").rglob("*") if p.is_file()}
    assert after == before


def test_rebuild_updates_backlinks_on_other_pages(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"notes/A.md": "alpha\n", "notes/B.md": "beta\n"}, serve=True)
    assert site.article("notes/a").select_one("section.lf-backlinks") is None
    (tmp_path / "notes/B.md").write_text("beta links [[A]] now\n", encoding="utf-8")
    again = rebuild(tmp_path, serve=True, config=site.config)
    section = again.article("notes/a").select_one("section.lf-backlinks")
    assert section is not None and "beta links A now" in section.get_text(" ", strip=True)


def test_serve_watches_every_source_folder(tmp_path: Path) -> None:
    site = build_site(
        tmp_path, {"notes/course/a.md": "a\n", "notes/vault/b.md": "b\n"}, sources=VAULT
    )

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    site.plugin.on_serve(server, config=site.config, builder=None)
    assert server.watched == [str(tmp_path / "notes/course"), str(tmp_path / "notes/vault")]


def test_search_index_leaves_out_backlinks_and_provenance(tmp_path: Path) -> None:
    import json

    site = build_site(
        tmp_path,
        {
            "notes/Gradient.md": "The gradient points uphill.\n",
            "notes/Descent.md": "Walk against the [[Gradient]] every step.\n",
        },
    )
    index = json.loads((site.site_dir / "search/search_index.json").read_text("utf-8"))
    gradient = [d for d in index["docs"] if d["location"].startswith("notes/gradient/")]
    assert any("points uphill" in d["text"] for d in gradient)
    assert not any("Walk against" in d["text"] for d in gradient)  # a backlink context
    assert not any(d["title"] == "Backlinks" for d in index["docs"])
    assert not any("From Notes" in d["text"] for d in index["docs"])
    html = (site.site_dir / "notes/gradient/index.html").read_text("utf-8")
    assert "data-search-exclude" not in html and "lf-backlinks" in html


@pytest.mark.parametrize("repo_stats", [False, True])
def test_repository_link_asks_githubs_api_only_with_repo_stats(
    tmp_path: Path, repo_stats: bool
) -> None:
    # Material's script fetches stars and forks for every link marked as its
    # "source" component; learnfolio's partial keeps the link and drops the mark.
    site = build_site(
        tmp_path,
        {"notes/a.md": "# A\n"},
        options={"repo_stats": repo_stats},
        extra={"repo_url": "https://github.com/someone/notes"},
    )
    for url in ("", "notes/a/"):
        links = site.page(url).select("a.md-source")
        assert links, url
        assert {str(a["href"]) for a in links} == {"https://github.com/someone/notes"}
        assert {a.get("data-md-component") for a in links} == {"source" if repo_stats else None}
        assert links[0].get_text().strip() == "GitHub"  # MkDocs' repo_name for github.com
        assert links[0].select_one(".md-source__icon svg") is not None


def test_a_custom_dir_source_partial_wins_over_learnfolios(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {
            "notes/a.md": "# A\n",
            "overrides/partials/source.html": (
                '<a class="md-source mine" href="{{ config.repo_url }}">repo</a>\n'
            ),
        },
        extra={
            "repo_url": "https://github.com/someone/notes",
            "theme": {"name": "material", "custom_dir": "overrides"},
        },
    )
    assert site.page("notes/a/").select_one("a.md-source.mine") is not None
