"""Fuzzed: the scanner, frontmatter reader, resolver and renderer on generated notes.

Properties, on any input: nothing raises; a link resolves only to a published
file of the sources (never to a private, draft or excluded note, nor to a file
beside the sources); a rendered page never holds the text of a private note
(its canaries). Inputs mix Obsidian's syntax (wikilinks, embeds, Markdown links,
tags, maths, fences, callouts, block ids, frontmatter) with arbitrary text.

Bounded so the whole file runs in a few seconds: a fixed number of examples,
derandomized (the same inputs every run, so CI never flakes) and no example
database written into the working folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnfolio.model import parse_file
from learnfolio.model.frontmatter import split_frontmatter
from learnfolio.model.notebook import load_notebook
from learnfolio.model.notebook_repair import invalid_reason
from learnfolio.model.scanner import fenced_ranges, mask
from learnfolio.model.syntax import find_links, find_tags
from learnfolio.render import render_page
from learnfolio.settings import Settings, load_settings
from learnfolio.sources import SourceFile, discover_all
from learnfolio.vault import Entry, Vault, build_vault
from tests.sitebuild import write_tree

LONG_RUN = int(os.environ.get("LEARNFOLIO_FUZZ_EXAMPLES", "0"))
"""``LEARNFOLIO_FUZZ_EXAMPLES=5000`` tries that many random inputs per property (a long hunt)."""

FUZZ = settings(
    max_examples=LONG_RUN or 40,
    deadline=5000,  # ms per example: a slow input is a finding (generous: CI cores are shared)
    derandomize=not LONG_RUN,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""How much each property is tried: the file runs in about 10 s of CPU."""

invalid_reason({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 4})
"""Load nbformat's schema once, before any example is timed."""

CANARY = "CANARY"
"""Every private text holds this; no generated input does."""

WORLD = {
    "notes/A.md": "---\naliases: [Alpha]\ntags: [maths]\n---\n# A\n\n## Section\n\nPara ^blk\n",
    "notes/sub/B.md": "# B\n\nLinks [[A]].\n",
    "notes/Fuzz.md": "",  # replaced by each generated note
    "notes/img.png": b"\x89PNG\r\n\x1a\n",
    "notes/Secret.md": (
        "---\nprivate: true\ntitle: CANARY title\naliases: [Hidden alias]\n---\n"
        "# CANARY heading\n\nCANARY-secret body ^cblk\n"
    ),
    "notes/Unsure.md": "---\npublish: perhaps\n---\nCANARY-unsure body\n",
    "notes/Draft.md": "---\ndraft: true\n---\nCANARY-draft body\n",
    "notes/Excluded/X.md": "CANARY-excluded body\n",
    "notes/Private nb.ipynb": json.dumps(
        {
            "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# CANARY nb"}],
            "metadata": {"learnfolio": {"private": True}},
            "nbformat": 4,
            "nbformat_minor": 4,
        }
    ),
    "outside/Outside.md": "CANARY-outside body\n",
}
"""A vault with every kind of note that must not leak, and a file beside the source."""

TARGETS = [
    "A",
    "a",
    "Alpha",
    "A.md",
    "B",
    "sub/B",
    "sub/B.md",
    "notes/A",
    "Secret",
    "secret.md",
    "Hidden alias",
    "Secret plans",
    "Unsure",
    "Draft",
    "Private nb",
    "Private nb.ipynb",
    "X",
    "Excluded/X",
    "Excluded/X.md",
    "Outside",
    "../outside/Outside",
    "../outside/Outside.md",
    "../../outside/Outside.md",
    "%2e%2e/outside/Outside.md",
    "/etc/passwd",
    "..",
    ".",
    "img.png",
    "Fuzz",
    "",
    "https://example.org/a",
    "mailto:a@b.c",
    "C:\\Windows",
]
FRAGMENTS = ["", "#Section", "#^blk", "#^cblk", "#Nope", "#", "#A#Section", "#Heading"]

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
).filter(lambda s: CANARY not in s.upper())
targets = st.sampled_from(TARGETS) | words
fragments = st.sampled_from(FRAGMENTS)


@st.composite
def wikilink(draw: st.DrawFn) -> str:
    bang = draw(st.sampled_from(["", "!"]))
    label = draw(st.sampled_from(["", "|shown", "|", "|100x20"]) | words.map(lambda w: "|" + w))
    return f"{bang}[[{draw(targets)}{draw(fragments)}{label}]]"


@st.composite
def markdown_link(draw: st.DrawFn) -> str:
    target = draw(targets)
    url = draw(
        st.sampled_from([target, f"{target}.md", f"<{target}.md>", target.replace(" ", "%20")])
    )
    bang = draw(st.sampled_from(["", "!"]))
    return f"{bang}[{draw(words)}]({url}{draw(fragments)})"


PIECES = [
    "#tag",
    "#nested/tag",
    "#1984",
    "$x^2$",
    "$$\n\\frac{a}{b}\n$$",
    "$$",
    "`code [[A]]`",
    "```\n[[Secret]]\n```",
    "~~~python\nx\n",
    "```",
    "\n# Heading\n",
    "\n## Section [[A]]\n",
    " ^block-1\n",
    "\n> [!note] Title\n> body [[B]]\n",
    "> [!warning]- folded\n",
    "%% comment [[Secret]] %%",
    "%%",
    "<a href='../outside/Outside.md'>x</a>",
    "<div>\n[[A]]\n</div>",
    "<!-- [[Secret]] -->",
    "\n- item\n    - nested [[A#Section]]\n",
    "| a | b |\n|---|---|\n| [[A\\|x]] | y |\n",
    "\\[[A]]",
    "[[",
    "]]",
    "![[",
    "```learnfolio\nposts\n```",
    "learnfolio: timeline",
    "\t",
    "\r\n",
    "\x00",
    "\ufeff",
]

piece = st.one_of(
    wikilink(),
    markdown_link(),
    st.sampled_from(PIECES),
    words,
)
SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n", "\n---\n"])


@st.composite
def body(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(piece, SEPARATORS), max_size=12))
    return "".join(text + sep for text, sep in parts)


FRONT_LINES = [
    "title: T",
    "aliases: [Alpha, Fuzzy]",
    "tags: [x, 'y z']",
    'related: ["[[Secret]]", "[[A]]"]',
    'up: "[[../outside/Outside]]"',
    "requires: ['[[B]]', '[[Fuzz]]']",
    "publish: true",
    "draft: false",
    "date: 2024-13-45",
    "date: 2024-01-02",
    "translation_of: '[[A]]'",
    "lang: zh",
    "- a list",
    "key: [unclosed",
    "title: T\ntitle: again",
    "backlinks: false",
    "path: true",
    "status: learning",
]


@st.composite
def note_text(draw: st.DrawFn) -> str:
    text = draw(body())
    if draw(st.booleans()):
        lines = draw(st.lists(st.sampled_from(FRONT_LINES) | words, max_size=5))
        text = "---\n" + "\n".join(lines) + "\n---\n" + text
    return text


# -- the scanner and the frontmatter reader ------------------------------------------


@FUZZ
@given(st.one_of(note_text(), st.text(max_size=200)))
def test_scanner_finds_links_and_tags_inside_the_text(text: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    spans = fenced_ranges(text)
    assert all(0 <= a <= b <= len(text) for a, b in spans)
    for link in find_links(text, masked):
        assert 0 <= link.start < link.end <= len(text)
    for tag in find_tags(text, masked):
        assert 0 <= tag.start < tag.end <= len(text)


@FUZZ
@given(st.one_of(note_text(), st.text(max_size=200)))
def test_frontmatter_reader_never_raises(text: str) -> None:
    front = split_frontmatter(text)
    assert isinstance(front.meta, dict)
    assert front.body in text or front.body == text.replace("\r\n", "\n")


@FUZZ
@given(st.one_of(note_text().map(str.encode), st.binary(max_size=200)))
def test_any_bytes_parse_into_a_note(data: bytes) -> None:
    note = parse_file("x/Fuzz.md", data)
    assert note.visibility in ("public", "private", "draft")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "code", "stream"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "cell_type",
                    "source",
                    "outputs",
                    "output_type",
                    "data",
                    "text",
                    "name",
                    "metadata",
                    "execution_count",
                    "widgets",
                    "state",
                    "tags",
                    "text/plain",
                    "image/png",
                    "application/vnd.jupyter.widget-view+json",
                    "model_id",
                    "attachments",
                    "ename",
                    "evalue",
                    "traceback",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
cells = st.lists(
    st.fixed_dictionaries(
        {"cell_type": st.sampled_from(["code", "markdown", "raw", "other"])},
        optional={
            "source": json_values,
            "metadata": json_values,
            "outputs": st.lists(json_values, max_size=3),
            "execution_count": json_values,
            "attachments": json_values,
        },
    ),
    max_size=4,
)


@FUZZ
@given(cells, json_values, st.sampled_from([None, 0, 4, 5, "4"]))
def test_a_notebook_is_repaired_into_one_nbconvert_reads_or_left_out(
    cell_list: list[Any], metadata: Any, minor: Any
) -> None:
    raw: dict[str, Any] = {"cells": cell_list, "metadata": metadata, "nbformat": 4}
    if minor is not None:
        raw["nbformat_minor"] = minor
    notebook, _, problem = load_notebook(json.dumps(raw))
    if problem is None:
        assert invalid_reason(notebook) is None
    parse_file("Fuzz.ipynb", json.dumps(raw).encode())


# -- the resolver and the renderer ---------------------------------------------------


@dataclass
class World:
    root: Path
    settings: Settings
    found: list[SourceFile]

    def vault_with(self, text: str) -> tuple[Vault, Entry]:
        """The vault in which ``notes/Fuzz.md`` holds ``text``."""

        def read(found: SourceFile) -> Any:
            if found.path == "Fuzz.md":
                return parse_file(found.path, text.encode("utf-8", "surrogatepass"))
            return parse_file(found.path, found.abs_path.read_bytes())

        vault = build_vault(self.found, read, display_root=self.root)
        fuzz = next((e for e in vault.entries if e.file.path == "Fuzz.md"), None)
        assert fuzz is not None or parse_file("Fuzz.md", text.encode()).visibility != "public"
        return vault, fuzz  # type: ignore[return-value]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("fuzz")
    write_tree(root, WORLD)
    (root / "docs").mkdir()
    options = {
        "sources": [
            {"path": "notes", "name": "Notes", "mount": "notes", "exclude": ["Excluded/**"]}
        ],
        "provenance": True,
    }
    found_settings = load_settings(options, config_dir=root, docs_dir=root / "docs")
    yield World(root, found_settings, list(discover_all(found_settings.sources)))


_LINK_URL = re.compile(r"\]\(<?([^)>\s]*)>?\)|href=\"([^\"]*)\"|src=\"([^\"]*)\"")


def _site_paths(vault: Vault, page: Entry, markdown: str) -> Iterator[str]:
    """Every relative URL in a rendered page, as a site path."""
    for found in _LINK_URL.finditer(markdown):
        url = next(g for g in found.groups() if g is not None)
        path = url.split("#", 1)[0]
        if not path or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path):
            continue
        yield posixpath.normpath(posixpath.join(posixpath.dirname(page.dest), path))


@settings(FUZZ, max_examples=LONG_RUN or 25)
@given(note_text())
def test_links_resolve_inside_the_sources_and_private_text_never_shows(
    world: World, text: str
) -> None:
    vault, fuzz = world.vault_with(text)
    if fuzz is None:
        return  # the generated note is itself private or a draft
    published = {e.dest for e in vault.entries}
    for link in fuzz.note.links if fuzz.note else ():
        target = vault.resolve(fuzz, link).target
        if target is not None:
            assert target.dest in published
            assert target.file.abs_path.resolve().is_relative_to(world.root / "notes")
            assert not target.file.path.startswith("Excluded/")
    for entry in vault.entries:
        if entry.note is None:
            continue
        page = render_page(vault, entry, world.settings)
        assert CANARY not in page.markdown.upper(), (entry.dest, page.markdown)
        for path in _site_paths(vault, entry, page.markdown):
            assert not path.startswith("..") and "outside" not in path, (entry.dest, path)
