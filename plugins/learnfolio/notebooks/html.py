"""Rewrite the HTML of a notebook page: links, tags, heading ids, math, scripts.

mkdocs-jupyter renders a notebook's Markdown cells itself (with nbconvert), so
learnfolio cannot rewrite their Markdown as it does for notes: wikilinks and
tags reach the HTML as plain text. This module finds them in the text of the
Markdown cells (never in code, links or math), resolves them with the vault
and writes them as links. Heading ids become learnfolio's anchors, so
``[[Notebook#Heading]]`` lands where it does on any other page, and the CDN
scripts nbconvert adds (MathJax, Mermaid) are dropped: math is typeset at build
time like everywhere else on the site.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from urllib.parse import unquote

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from learnfolio.model import Heading, LinkRef
from learnfolio.model.maths import Dollar, find_maths
from learnfolio.model.scanner import mask
from learnfolio.model.syntax import find_links, find_tags, link_text, outermost
from learnfolio.notebooks.launch import LaunchLink
from learnfolio.render.links import is_image, tag_page_path, unresolved
from learnfolio.slugs import match_key
from learnfolio.vault import Entry, Resolution, Vault

UrlOf = Callable[[str], str | None]
"""Map a site path (``"garden/pca.md"``) to a URL relative to the page, or ``None``."""

Typeset = Callable[[str, bool], str | None]
"""Turn LaTeX (and whether it is display math) into HTML, or ``None`` to leave it."""

_SKIP = {"code", "pre", "a", "script", "style", "math", "kbd", "samp"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
NBCONVERT_ALT = "No description has been provided for this image"
"""The alt text nbconvert puts on output images (it warns each time it does)."""


class _Rewriter:
    def __init__(
        self, vault: Vault, entry: Entry, url_of: UrlOf, tags_folder: str, typeset: Typeset
    ) -> None:
        assert entry.note is not None
        self.vault = vault
        self.entry = entry
        self.url_of = url_of
        self.tags_folder = tags_folder
        self.typeset = typeset
        self.markdown_links = {
            (link.target, link.fragment): link
            for link in entry.note.links
            if link.kind in ("markdown", "image")
        }

    def link_html(self, link: LinkRef) -> str:
        """A wikilink or embed found in the text, as HTML."""
        resolution = self.vault.resolve(self.entry, link)
        shown = link_text(link)
        target = resolution.target
        url = self.url_of(target.dest) if target is not None else None
        if _is_hidden(resolution):
            # A hidden note's name never reaches the site: the author's words alone.
            return "" if link.is_embed else html.escape(shown, quote=False)
        if target is None or url is None:
            return unresolved(shown, "Unresolved link")  # the log names the target
        if link.is_embed and target.note is None and is_image(target.dest):
            size = "".join(
                f' {name}="{value}"'
                for name, value in (("width", link.width), ("height", link.height))
                if value
            )
            alt = html.escape(link.label or target.title, quote=True)
            return f'<img src="{html.escape(url, quote=True)}" alt="{alt}"{size}>'
        if resolution.anchor:
            url += f"#{resolution.anchor}"
        css = ' class="lf-embed-link"' if link.is_embed else ""
        return f'<a href="{html.escape(url, quote=True)}"{css}>{html.escape(shown)}</a>'

    def text_html(self, text: str, *, in_heading: bool) -> str | None:
        """The HTML for one text node, or ``None`` when it holds nothing to rewrite."""
        if "[[" not in text and "#" not in text and "$" not in text:
            return None
        masked = mask(text)
        edits: list[tuple[int, int, str]] = []
        for link in find_links(text, masked):
            if link.kind in ("wikilink", "embed"):
                edits.append((link.start, link.end, self.link_html(link)))
        if not in_heading:
            for tag in find_tags(text, masked):
                url = self.url_of(tag_page_path(tag.tag, self.tags_folder))
                if url is not None:
                    anchor = f'<a class="lf-tag" href="{html.escape(url, quote=True)}">'
                    edits.append((tag.start, tag.end, f"{anchor}#{html.escape(tag.tag)}</a>"))
        for found in find_maths(text):
            if isinstance(found, Dollar):
                edits.append((found.start, found.end, "$"))
                continue
            typeset = self.typeset(found.tex, found.display) if found.tex.strip() else ""
            if typeset is not None:
                edits.append((found.start, found.end, typeset))
        if not edits:
            return None
        out: list[str] = []
        pos = 0
        for start, end, replacement in sorted(edits):
            if start < pos:
                continue
            out.append(html.escape(text[pos:start], quote=False))
            out.append(replacement)
            pos = end
        out.append(html.escape(text[pos:], quote=False))
        return "".join(out)

    def fix_reference(self, tag: Tag, attribute: str) -> None:
        """Point a Markdown link or image written in a cell at the right page or file."""
        value = str(tag.get(attribute) or "")
        if not value or value.startswith(("#", "/")) or _SCHEME.match(value):
            return
        path, _, fragment = value.partition("#")
        link = self.markdown_links.get((unquote(path), (unquote(fragment),) if fragment else ()))
        if link is None:
            return
        resolution = self.vault.resolve(self.entry, link)
        url = self.url_of(resolution.target.dest) if resolution.target else None
        if _is_hidden(resolution):
            text = "" if attribute == "src" else tag.get_text()
            tag.replace_with(NavigableString(text))
            return
        if url is None:
            marker = unresolved(tag.get_text(), "Unresolved link")
            tag.replace_with(BeautifulSoup(marker, "html.parser"))
            return
        tag[attribute] = url + (f"#{resolution.anchor}" if resolution.anchor else "")


def without_hidden_links(text: str, vault: Vault, entry: Entry) -> str | None:
    """The notebook JSON ``text`` with links to hidden notes reduced to the author's words.

    A downloaded notebook must not name a hidden note any more than its page
    does: ``[[Secret diary|a journal]]`` becomes ``a journal``, an embed of it
    nothing. ``None`` when no Markdown cell links to a hidden note (the file is
    then copied as it is).
    """
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    cells = raw.get("cells") if isinstance(raw, dict) else None
    changed = False
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source")
        source = "".join(source) if isinstance(source, list) else source
        if not isinstance(source, str) or not ("[[" in source or "](" in source):
            continue
        out: list[str] = []
        pos = 0
        for link in outermost(find_links(source, mask(source))):
            if link.kind == "image" or not _is_hidden(vault.resolve(entry, link)):
                continue
            out.append(source[pos : link.start])
            if not link.is_embed:
                out.append(link.label or "" if link.kind == "markdown" else link_text(link))
            pos = link.end
        if out:
            cell["source"] = "".join(out) + source[pos:]
            changed = True
    if not changed:
        return None
    return json.dumps(raw, indent=1, ensure_ascii=False) + "\n"


def _is_hidden(resolution: Resolution) -> bool:
    """Whether a link leads to a hidden note or file, whose name must not be shown."""
    return resolution.problem is not None and resolution.problem.code == "private-link"


def _text_nodes(root: Tag) -> list[NavigableString]:
    found = []
    for node in root.find_all(string=True):
        if type(node) is not NavigableString:
            continue  # comments, CDATA
        if any(parent.name in _SKIP for parent in node.parents if isinstance(parent, Tag)):
            continue
        found.append(node)
    return found


def _set_heading_ids(cells: list[Tag], entry: Entry) -> None:
    assert entry.note is not None
    headings = [h for cell in cells for h in cell.find_all(re.compile(r"^h[1-6]$"))]
    wanted = list(entry.note.headings)
    pairs: list[tuple[Tag, Heading | None]]
    if len(headings) != len(wanted):
        # The two Markdown readers disagree on some line: match by text instead.
        by_key = {heading.key: heading for heading in reversed(wanted)}
        pairs = [(h, by_key.get(match_key(h.get_text()))) for h in headings]
    else:
        pairs = list(zip(headings, wanted, strict=True))
    for tag, heading in pairs:
        if heading is None:
            continue
        tag["id"] = heading.anchor
        anchor = tag.find("a", class_="anchor-link")
        if isinstance(anchor, Tag):
            anchor["href"] = f"#{heading.anchor}"


def _drop_cdn_scripts(soup: BeautifulSoup) -> None:
    # nbconvert loads MathJax and Mermaid from a CDN: the site must work offline.
    for script in soup.find_all("script"):
        source = script.get("src")
        body = script.string or ""
        kind = str(script.get("type") or "")
        if (
            (source is not None and (not str(source).strip() or _SCHEME.match(str(source))))
            or kind == "text/x-mathjax-config"
            or ("mermaid" in body and "import" in body)
        ):
            script.decompose()
    for comment in soup.find_all(string=lambda s: "mathjax" in s.lower() if s else False):
        if type(comment) is not NavigableString:
            comment.extract()


def rewrite_notebook_html(
    content: str,
    vault: Vault,
    entry: Entry,
    *,
    url_of: UrlOf,
    tags_folder: str,
    typeset: Typeset,
) -> str:
    """Rewrite mkdocs-jupyter's HTML for ``entry``'s page (see the module docstring).

    Code cells get a ``data-lf-cell`` attribute: the browser runner finds them by it.
    """
    soup = BeautifulSoup(content, "html.parser")
    _drop_cdn_scripts(soup)
    rewriter = _Rewriter(vault, entry, url_of, tags_folder, typeset)
    cells = [
        cell
        for cell in soup.select("div.jp-MarkdownCell .jp-RenderedMarkdown")
        if isinstance(cell, Tag)
    ]
    _set_heading_ids(cells, entry)
    for cell in cells:
        for tag in cell.find_all("a", href=True):
            rewriter.fix_reference(tag, "href")
        for tag in cell.find_all("img", src=True):
            rewriter.fix_reference(tag, "src")
        for node in _text_nodes(cell):
            in_heading = any(
                isinstance(p, Tag) and re.fullmatch(r"h[1-6]", p.name or "") for p in node.parents
            )
            replacement = rewriter.text_html(str(node), in_heading=in_heading)
            if replacement is not None:
                node.replace_with(*BeautifulSoup(replacement, "html.parser").contents)
    for number, cell in enumerate(_code_cells(soup), start=1):
        cell["data-lf-cell"] = str(number)
        # nbconvert gives output images a placeholder alt text; say where they come from.
        for image in cell.find_all("img", alt=NBCONVERT_ALT):
            image["alt"] = f"Output of code cell {number}"
    return str(soup)


def _code_cells(soup: BeautifulSoup) -> list[Tag]:
    # mkdocs-jupyter wraps each code cell in a second div.jp-CodeCell: take the inner one.
    return [
        cell
        for cell in soup.select("div.jp-CodeCell")
        if isinstance(cell, Tag)
        and cell.find("div", class_="jp-Cell-inputWrapper", recursive=False)
    ]


def launch_bar_html(links: list[LaunchLink], filename: str) -> str:
    """The notebook's toolbar with its launch buttons (empty when there are none).

    The in-browser runner (``run.js``) adds its Run all and Restart buttons to
    the same toolbar, ``div.lf-notebook-bar``.
    """
    if not links:
        return ""
    buttons = []
    for link in links:
        extra = (
            f' download="{html.escape(filename, quote=True)}"'
            if link.kind == "download"
            else ' target="_blank" rel="noopener"'
        )
        buttons.append(
            f'<a class="md-button lf-launch lf-launch-{link.kind}" '
            f'href="{html.escape(link.url, quote=True)}"{extra}>{html.escape(link.label)}</a>'
        )
    return (
        '<div class="lf-notebook-bar">'
        f'<nav class="lf-launch-bar" aria-label="Open this notebook">{"".join(buttons)}</nav>'
        "</div>"
    )


def after_title(body: str, bar: str) -> str:
    """``body`` (a notebook page's HTML) with ``bar`` right under its title.

    The title is the first ``<h1>`` when it comes before any code cell; a
    notebook without one gets the bar at its top.
    """
    if not bar:
        return body
    title_end = body.find("</h1>")
    first_code = body.find("data-lf-cell=")
    if title_end < 0 or 0 <= first_code < title_end:
        return bar + body
    at = title_end + len("</h1>")
    return body[:at] + bar + body[at:]
