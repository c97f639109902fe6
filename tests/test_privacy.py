"""Privacy fails closed: any doubt about a note means it is not published.

The frontmatter keys that hide a note are read in every spelling a person
might write; a value learnfolio does not understand hides the note with a
warning, and frontmatter that cannot be read hides it with an error.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from learnfolio.model import parse_note
from learnfolio.model.note import flag, privacy
from tests.conftest import MakeVault
from tests.notebooks import JUPYTER, code, md, notebook
from tests.sitebuild import BuildFailed, BuiltSite, build_site
from tests.test_serve import _free_port, _wait_for


@pytest.mark.parametrize(
    ("front", "visibility"),
    [
        ("publish: false", "private"),
        ("publish: 0", "private"),
        ("publish: no", "private"),
        ("publish: off", "private"),
        ('publish: "false"', "private"),
        ("publish: 'No'", "private"),
        ("PUBLISH: FALSE", "private"),
        ("Publish: n", "private"),
        ("publish: true", "public"),
        ("publish: 1", "public"),
        ("publish: yes", "public"),
        ("private: true", "private"),
        ("private: yes", "private"),
        ("private: 1", "private"),
        ("private: on", "private"),
        ('private: "yes"', "private"),
        ("Private: True", "private"),
        ("PRIVATE: Y", "private"),
        ("private: false", "public"),
        ("private: 0", "public"),
        ("private: no", "public"),
        ("draft: true", "draft"),
        ("Draft: yes", "draft"),
        ("DRAFT: 1", "draft"),
        ("draft: false", "public"),
        # Any key that hides wins over the others.
        ("publish: true\nprivate: yes", "private"),
        ("Private: false\nPUBLISH: no", "private"),
        ("draft: true\nprivate: true", "private"),
        ("title: Plain", "public"),
    ],
)
def test_privacy_keys_in_every_spelling(front: str, visibility: str) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nbody\n")
    assert (note.visibility, note.problems, note.warnings) == (visibility, (), ())


@pytest.mark.parametrize(
    ("front", "shown", "line"),
    [
        ("private: maybe", "private: maybe", 2),
        ("title: T\npublish: sometimes", "publish: sometimes", 3),
        ("draft:", "draft:", 2),
        ("Private: [true]", "Private: [True]", 2),
        ("publish: 2", "publish: 2", 2),
        ("private: {a: 1}", "private: {'a': 1}", 2),
    ],
)
def test_a_privacy_value_not_understood_hides_the_note_and_warns(
    front: str, shown: str, line: int
) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nbody\n")
    assert note.visibility == "private"
    ((at, message),) = note.warnings
    assert at == line
    assert message.startswith(f"'{shown}' is neither yes nor no")
    assert "left out of the site" in message


# Nine lines that expand to 9**9 values: walking them would take minutes.
ALIAS_BOMB = (
    'a: &a ["[[x]]", "[[x]]", "[[x]]", "[[x]]", "[[x]]", "[[x]]", "[[x]]", "[[x]]", "[[x]]"]\n'
    + "".join(
        f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    ).rstrip("\n")
)


@pytest.mark.parametrize(
    ("front", "line", "says"),
    [
        ("private: true\ntitle: [unclosed", 4, "malformed YAML frontmatter"),
        ("private: true\ndate: 2026-13-45", 3, "impossible value '2026-13-45'"),
        ("title: T\nupdated: 2026-02-30", 3, "impossible value '2026-02-30'"),
        ("- private\n- true", 2, "must be a mapping"),
        ("private: true\ntitle: x\nprivate: false", 4, "duplicate key 'private'"),
        ("a: " + "[" * 500, 2, "nested too deeply"),
        ("private: true\n\ttitle: tab", 3, "malformed YAML frontmatter"),
        ("x: !!python/object:os.system ls", 2, "malformed YAML frontmatter"),
        (ALIAS_BOMB, 2, "more than 10,000 values once its YAML aliases are expanded"),
        ("a: &a [1, *a]", 2, "holds itself"),
    ],
)
def test_frontmatter_that_cannot_be_read_hides_the_note(front: str, line: int, says: str) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nDear diary.\n")
    assert note.visibility == "private"
    ((at, message),) = note.problems
    assert at == line
    assert says in message
    assert message.endswith("the note is left out of the site.")


def test_flag_reads_yes_and_no_and_nothing_else() -> None:
    assert [flag(v) for v in (True, 1, 1.0, "Yes", " on ", "TRUE", "y")] == [True] * 7
    assert [flag(v) for v in (False, 0, 0.0, "No", "off", '"false"'.strip('"'), "N")] == [False] * 7
    assert [flag(v) for v in (None, "", "maybe", 2, -1, [], {}, [True])] == [None] * 8


def test_privacy_names_each_value_it_did_not_understand() -> None:
    assert privacy({"Private": "maybe", "draft": None, "title": "x"}) == (
        "private",
        ("Private: maybe", "draft:"),
    )


def test_the_vault_reports_unreadable_frontmatter_as_an_error_and_unclear_values_as_warnings(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Broken.md": "---\nprivate: true\ntitle: [x\n---\nDear diary.\n",
            "notes/Unsure.md": "---\nprivate: perhaps\n---\nSecret.\n",
            "notes/Public.md": "See [[Broken]] and [[Unsure|a note]].\n",
        },
    )
    assert not v.has("Broken.md") and not v.has("Unsure.md") and v.has("Public.md")
    found = {(p.file, p.line, p.level, p.code) for p in v.vault.problems}
    assert ("notes/Broken.md", 4, "error", "bad-file") in found
    assert ("notes/Unsure.md", 2, "warning", "unclear-privacy") in found
    assert {p.code for p in v.problems() if p.file == "notes/Public.md"} == {"private-link"}


# -- The canary matrix ---------------------------------------------------------
#
# One site holds a note hidden in every way learnfolio knows, each carrying a
# canary word in every field a note has (body, title, alias, tag, heading, file
# name); public notes, a post and a notebook link to and embed each of them in
# every form. The site is built once and served once; then every file of it
# (and every response of the server) is searched for every canary.

WAYS = ("private", "draft", "publish", "excluded", "unreadable", "unclear", "notebook", "post")
"""Every way of hiding a note, as the canaries spell them."""
FIELDS = ("body", "title", "alias", "tag", "heading", "file")
"""Every field of a note a canary is put in."""
CONTROL = "zqpubliccontrol"
"""A word of the public notes: every output searched must hold it (else it proves nothing)."""
TODAY = dt.date.today()
HIDDEN_DAY = TODAY - dt.timedelta(days=100)
PUBLIC_DAY = TODAY - dt.timedelta(days=40)


def canary(way: str, field: str) -> str:
    """The canary word of ``field`` of the note hidden in ``way``: ``zqprivatetitle``."""
    return f"zq{way}{field}"


def _front(way: str, extra: str = "") -> str:
    c = partial(canary, way)
    return (
        f"title: {c('title')}\naliases: [{c('alias')}]\ntags: [{c('tag')}, shared]\n"
        f"date: {HIDDEN_DAY.isoformat()}\n{extra}"
    )


def _body(way: str) -> str:
    c = partial(canary, way)
    return (
        f"# {c('title')}\n\nThe {c('body')} sentence links to [[Public]] and #{c('tag')}.\n\n"
        f"## {c('heading')}\n\nMore {c('body')} text. ^{c('body')}\n"
    )


def _links(way: str) -> str:
    """Every form of link and embed to the note hidden in ``way``, none showing its name."""
    c = partial(canary, way)
    return (
        f"- [[{c('file')}|a note]], [[{c('title')}|a title]], [[{c('alias')}|an alias]]\n"
        f"- [[{c('file')}#{c('heading')}|a part]] and [[{c('file')}#^{c('body')}|a block]]\n"
        f"- [a file]({c('file')}.md) and [a path](./{c('file')}.md)\n\n"
        f"![[{c('file')}]]\n\n![[{c('file')}#{c('heading')}]]\n\n![[{c('title')}|an embed]]\n\n"
    )


def _hidden_notebook() -> str:
    c = partial(canary, "notebook")
    meta = {
        "title": c("title"),
        "learnfolio": {"private": True, "aliases": [c("alias")], "tags": [c("tag"), "shared"]},
    }
    cells = [md(f"# {c('title')}\n\n{c('body')} links to [[Public]]."), md(f"## {c('heading')}")]
    return notebook(*cells, code(f"print('{c('body')}')"), metadata=meta)


def _matrix_files() -> dict[str, str]:
    files = {
        "docs/index.md": (
            "# Home\n\n<!-- learnfolio:figures -->\n\n<!-- learnfolio:timeline -->\n\n"
            "<!-- learnfolio:latest-posts -->\n\n<!-- learnfolio:topics -->\n"
        ),
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/public-post.md": (
            f"---\ndate: {PUBLIC_DAY.isoformat()}\ntags: [shared]\n---\n# A public post\n\n"
            f"{CONTROL} in a post about [[Public]].\n\n<!-- more -->\n\n"
            + "".join(_links(way) for way in WAYS)
        ),
        "notes/Public.md": (
            f"---\ndate: {PUBLIC_DAY.isoformat()}\ntags: [shared]\ntitle: Public {CONTROL}\n"
            + "related: ["
            + ", ".join(f'"[[{canary(way, "file")}|related]]"' for way in WAYS)
            + "]\n---\n# Public\n\n"
            + f"{CONTROL} and links:\n\n"
            + "".join(_links(way) for way in WAYS)
        ),
        "notes/Second.md": (
            f"---\ndate: {PUBLIC_DAY.isoformat()}\n---\n# Second\n\n"
            f"{CONTROL} links to [[Public]].\n"
        ),
        "notes/Public notebook.ipynb": notebook(
            md(
                f"# Public notebook\n\n{CONTROL} "
                + " ".join(f"[[{canary(way, 'file')}|a note]]" for way in WAYS)
                + " "
                + " ".join(f"[a file]({canary(way, 'file')}.md)" for way in WAYS)
            ),
            code("print(1)"),
            metadata={"learnfolio": {"date": PUBLIC_DAY.isoformat()}},
        ),
        "notes/zqprivatefile.md": f"---\n{_front('private', 'private: true')}\n---\n"
        + _body("private"),
        "notes/zqdraftfile.md": f"---\n{_front('draft', 'Draft: yes')}\n---\n" + _body("draft"),
        "notes/zqpublishfile.md": f"---\n{_front('publish', 'PUBLISH: 0')}\n---\n"
        + _body("publish"),
        "notes/Excluded/zqexcludedfile.md": f"---\n{_front('excluded')}\n---\n" + _body("excluded"),
        "notes/zqunreadablefile.md": (
            f"---\nprivate: true\n{_front('unreadable', 'broken: [oops')}\n---\n"
            + _body("unreadable")
        ),
        "notes/zqunclearfile.md": f"---\n{_front('unclear', 'private: perhaps')}\n---\n"
        + _body("unclear"),
        "notes/zqnotebookfile.ipynb": _hidden_notebook(),
        "docs/blog/posts/zqpostfile.md": f"---\n{_front('post', 'private: yes')}\n---\n"
        + _body("post")
        + "\n<!-- more -->\n",
    }
    return files


MATRIX_PLUGINS: list[Any] = [
    "search",
    {"blog": {"blog_dir": "blog"}},
    "tags",
    JUPYTER,
    {
        "rss": {
            "match_path": "blog/posts/.*",
            "date_from_meta": {"as_creation": "date"},
            "use_git": False,
            "abstract_chars_count": -1,
        }
    },
]
MATRIX_SOURCES = [{"path": "notes", "name": "Notes", "mount": "notes", "exclude": ["Excluded/"]}]
MATRIX_OPTIONS = {
    "author": {"name": "A learner"},
    "notebooks": {"execute": False, "launch": ["download"]},
    "workers": 1,
}
OUTPUTS: dict[str, tuple[str, ...]] = {
    "pages": ("notes/public/index.html", "notes/second/index.html"),
    "search index": ("search/search_index.json",),
    "sitemap": ("sitemap.xml", "sitemap.xml.gz"),
    "atom feed": ("feed_atom.xml",),
    "rss feeds": ("feed_rss_created.xml", "feed_rss_updated.xml"),
    "json feeds": ("feed_json_created.json", "feed_json_updated.json"),
    "graph": ("learnfolio/graph.json",),
    "explorer": ("learnfolio/explorer.json",),
    "previews": ("learnfolio/previews/*.json",),
    "tag pages": ("tags/**/*.html",),
    "backlinks and embeds": ("notes/public/index.html",),
    "home page": ("index.html",),
    "blog": ("blog/**/*.html",),
    "notebook pages": ("notes/public-notebook/index.html",),
    "notebook downloads": ("**/*.ipynb",),
    "source index": ("notes/index.html",),
    "404": ("404.html",),
    "everything else": ("**/*",),
}
"""Each output of a site, as globs of its files in the site folder."""


def _read(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").casefold()


@dataclass
class Matrix:
    """The built site's files, read once, by output."""

    site: BuiltSite
    outputs: dict[str, dict[str, str]]
    seconds: float


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    root = tmp_path_factory.mktemp("matrix")
    start = time.perf_counter()
    site = build_site(
        root,
        _matrix_files(),
        sources=MATRIX_SOURCES,
        options=MATRIX_OPTIONS,
        plugins=MATRIX_PLUGINS,
        extra={"site_url": "https://learner.example.org/"},
    )
    seconds = time.perf_counter() - start
    outputs = {
        name: {
            path.relative_to(site.site_dir).as_posix(): _read(path)
            for glob in globs
            for path in sorted(site.site_dir.glob(glob))
            if path.is_file()
        }
        for name, globs in OUTPUTS.items()
    }
    return Matrix(site, outputs, seconds)


@pytest.mark.parametrize("output", OUTPUTS)
def test_every_output_is_there_and_shows_the_public_notes(matrix: Matrix, output: str) -> None:
    files = matrix.outputs[output]
    assert files, f"no {output} in the site"
    if output not in ("404", "sitemap"):
        assert any(CONTROL in text for text in files.values()), f"{output} shows no public note"


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("way", WAYS)
def test_no_hidden_note_reaches_any_output(
    matrix: Matrix, way: str, field: str, output: str
) -> None:
    word = canary(way, field)
    leaks = [rel for rel, text in matrix.outputs[output].items() if word in text]
    assert not leaks, f"{word} ({way} note, {field}) leaks into {output}: {leaks}"


def test_links_to_hidden_notes_show_the_authors_words_alone(matrix: Matrix) -> None:
    article = matrix.site.article("notes/public")
    text = article.get_text()
    assert "a note, a title, an alias" in text and "a part and a block" in text
    assert "a file and a path" in text
    # Hidden notes leave no mark: no marker, no link, no title naming them.
    assert not article.select(".lf-unresolved") or all(
        s.get("title") == "Unresolved link" for s in article.select(".lf-unresolved")
    )
    # Every hidden note links here; only the public ones are backlinks.
    backlinks = [a.get_text() for a in article.select(".lf-backlinks a")]
    assert backlinks == ["A public post", "Second"]


def test_the_home_page_counts_and_dates_only_published_notes(matrix: Matrix) -> None:
    home = matrix.site.page("")
    figures = {
        f.select_one(".lf-figure-label").get_text(): f.select_one(".lf-figure-value").get_text()
        for f in home.select(".lf-figure")
    }
    assert figures == {"notes": "3", "posts": "1", "links": "2", "topics": "1"}
    busy = {r["data-date"]: r["data-count"] for r in home.select("rect[data-count]")}
    assert busy[HIDDEN_DAY.isoformat()] == "0"
    assert {day for day, count in busy.items() if count != "0"} == {PUBLIC_DAY.isoformat()}


def test_only_published_pages_are_written(matrix: Matrix) -> None:
    site = matrix.site.site_dir
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("index.html") if "zq" in p.as_posix()
    )
    assert pages == []
    assert sorted(p.name for p in site.rglob("*.ipynb")) == ["public-notebook.ipynb"]


def test_each_hidden_note_is_reported_as_the_author_needs(matrix: Matrix) -> None:
    messages = "\n".join(matrix.site.messages(logging.INFO))
    assert "notes/zqunreadablefile.md:8: error: malformed YAML frontmatter" in messages
    assert "notes/zqunclearfile.md:6: warning: 'private: perhaps' is neither yes nor no" in messages
    assert "points to a private or unpublished note" in messages


def test_the_matrix_covers_every_way_field_and_output(matrix: Matrix) -> None:
    assert len(WAYS) * len(FIELDS) * len(OUTPUTS) >= 7 * 6 * 16
    logging.getLogger(__name__).info(f"the canary site built in {matrix.seconds:.1f} s")


# -- The same site under `mkdocs serve` ----------------------------------------
#
# Drafts show under serve, as documented; every other way of hiding holds. The
# server is asked for every file the build wrote and for the address of every
# hidden note (answered by the 404 page).

SERVE_WAYS = tuple(way for way in WAYS if way != "draft")


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            data: bytes = response.read()
    except urllib.error.HTTPError as error:
        data = error.read()
    if url.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").casefold()


@pytest.fixture(scope="module")
def served(matrix: Matrix) -> dict[str, str]:
    """Every response of ``mkdocs serve`` for the matrix site, by address."""
    root = matrix.site.root
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, lambda page: CONTROL in page, timeout=120)
        site = matrix.site.site_dir
        addresses = [
            path.relative_to(site).as_posix().removesuffix("index.html")
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".gz", ".ipynb")
        ]
        addresses += [f"notes/{canary(way, 'file')}/" for way in WAYS]
        addresses += ["notes/excluded/zqexcludedfile/", f"blog/{canary('post', 'file')}/"]
        return {address: _fetch(base + address) for address in addresses}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_serve_answers_with_the_public_notes_and_shows_drafts(served: dict[str, str]) -> None:
    assert CONTROL in served["notes/public/"] and CONTROL in served["search/search_index.json"]
    assert canary("draft", "body") in served[f"notes/{canary('draft', 'file')}/"]
    assert len(served) > 30


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("way", SERVE_WAYS)
def test_no_hidden_note_reaches_a_served_response(
    served: dict[str, str], way: str, field: str
) -> None:
    word = canary(way, field)
    leaks = [address for address, text in served.items() if word in text]
    assert not leaks, f"{word} ({way} note, {field}) is served at {leaks}"


def test_a_strict_build_fails_on_unreadable_frontmatter_naming_path_and_line(
    tmp_path: Path,
) -> None:
    files = {
        "notes/A.md": "# A\n",
        "notes/Diary.md": "---\nprivate: true\ndate: 2026-13-45\n---\nDear diary.\n",
    }
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path, files, strict=True)
    text = "\n".join(failed.value.messages)
    assert "notes/Diary.md:3: error: frontmatter has an impossible value '2026-13-45'" in text
    assert not (tmp_path / "site" / "notes" / "diary").exists()
