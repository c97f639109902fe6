"""Link previews as data: the opening of each page, and of each section, as the page shows it.

A reader hovering (or focusing) a link sees the target's opening, or the
section or block the link names, formatted as on the page: maths typeset,
images, callouts, code. The preview is cut from the page's final HTML (after
Markdown and every plugin), so it is the site's own markup, already escaped;
what a preview must not carry is taken out here: scripts, styles, forms and
event handlers, ids (they would clash with the page the preview opens on),
the page's furniture (backlinks, heading permalinks, launch buttons), and
notebook outputs. Relative URLs are made relative to the site root, so they
work on any page (``previews.js`` resolves them there). Each preview is a few
blocks long and at most :data:`PREVIEW_BYTES` of HTML.

Previews are split into shards by a hash of the page URL, so a hover loads
one small file, not the whole vault; the browser computes the same hash
(:func:`shard_of`) to find it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from urllib.parse import urljoin

from learnfolio.browse.markup import Element, parse, text_of, to_html
from learnfolio.render.fragments import without_furniture
from learnfolio.vault import Vault

INTRO_CHARS = 600
"""About how much text the preview of a whole page shows."""
SECTION_CHARS = 400
"""About how much text the preview of a section or block shows."""
MAX_BLOCKS = 5
"""At most this many blocks (paragraphs, lists, callouts...) in a preview."""
PREVIEW_BYTES = 6000
"""At most this much HTML in one preview: a longer block is cut short."""
READ_BLOCKS = 2 * MAX_BLOCKS
"""Top-level blocks read for the opening, and past the last anchor wanted."""
IMAGE_CHARS = 200
"""What an image or a display formula counts for against the text budget."""
DATA_URI_BYTES = 4096
"""A ``data:`` image larger than this is left out (notebook figures are)."""
SHARD_BYTES = 200_000
"""Aim for preview files about this size."""

_HEADING = {f"h{n}": n for n in range(1, 7)}
_DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "link",
        "meta",
        "base",
        "dialog",
        "clipboard-copy",
    ]
)
"""Elements a preview never shows: they run code, load pages or take input."""
_DROP_CLASSES = frozenset(
    {
        "headerlink",  # Python-Markdown's permalink ¶
        "anchor-link",  # nbconvert's
        "lf-backlinks",
        "lf-provenance",
        "lf-launch-bar",
        "lf-run-config",
        "md-tags",
        "md-source-file",
        "jp-OutputArea",
        "jp-Cell-outputWrapper",
    }
)
"""Page furniture and notebook outputs, left out of previews."""
_ID_ATTRIBUTES = frozenset(
    [
        "id",
        "name",
        "for",
        "form",
        "headers",
        "list",
        "tabindex",
        "accesskey",
        "autofocus",
        "aria-labelledby",
        "aria-describedby",
        "aria-controls",
        "aria-owns",
        "aria-activedescendant",
        "aria-details",
        "aria-flowto",
        "aria-errormessage",
        "srcset",
    ]
)
"""Attributes that name or point at ids of the page (or focus it): not in a preview."""
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "xlink:href", "cite", "background"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SCRIPT_SCHEME = re.compile(r"^\s*(?:javascript|vbscript)\s*:", re.IGNORECASE)
_KEEP_EMPTY = frozenset({"img", "math", "svg", "hr", "video", "audio", "picture"})
_BLOCK_PARENTS = ("li", "p", "dd", "dt", "td", "th", "blockquote")
_BASE = "https://site.invalid/"
_SEGMENT = r"[\w~%-]+(?:\.[\w~%-]+)*"
_SIMPLE_LINK = re.compile(rf"((?:\.\./)*)((?:{_SEGMENT}/)*(?:{_SEGMENT})?)(#[\w~%.-]*)?\Z")
_SIMPLE_PAGE = re.compile(rf"(?:{_SEGMENT}/)*(?:{_SEGMENT})?\Z")


def page_preview(
    content: str,
    url: str,
    title: str,
    *,
    sections: Collection[str] | None = None,
    maths: Callable[[str], str] = str,
    maths_text: Callable[[str], str] = str,
) -> dict[str, object]:
    """``{"t": title, "h": html, "s": {anchor: {"t": heading, "h": html}}}`` of one page.

    ``content`` is the page's HTML and ``url`` its URL relative to the site
    root (``"garden/pca/"``), which relative URLs in ``content`` start from.
    Sections are keyed by their heading's id, blocks by ``^id``, as links'
    URL fragments name them; ``sections`` keeps only those anchors (``None``:
    every heading and block of the page).

    ``content`` may hold its formulas as TeX (arithmatex's ``\\(...\\)`` spans,
    before they are typeset): a formula is then cut whole, never in two, and
    ``maths`` typesets the HTML of each preview, ``maths_text`` the text of
    each heading. Typesetting only what a preview shows is much less HTML to
    read than the typeset page.
    """
    content = without_furniture(content)  # left out anyway: not read at all
    enough = _Enough(content, sections, url)
    root = parse(content, skip=_left_out, stop=enough)
    notebook = "jupyter-wrapper" in content and _is_notebook(root)
    blocks = _notebook_blocks(root) if notebook else _top_blocks(root)
    if enough.intro is not None:  # cut as the page was read
        intro = enough.opening(root)
    else:
        start = 1 if blocks and _level(blocks[0]) == 1 else 0
        intro = _cut(blocks[start:], url, INTRO_CHARS)
    record: dict[str, object] = {"t": title, "h": maths(intro)}
    found: dict[str, object] = {}
    for anchor, path in _anchors(root):
        if anchor in found or (sections is not None and anchor not in sections):
            continue
        if anchor.startswith("^"):
            cut = _cut(_block_at(path, blocks), url, SECTION_CHARS)
            found[anchor] = {"t": "", "h": maths(cut)}
        else:
            heading = path[-1]
            shown = maths_text(text_of(heading).strip())
            cut = _cut(_section_at(path, blocks), url, SECTION_CHARS)
            found[anchor] = {"t": shown, "h": maths(cut)}
    if found:
        record["s"] = found
    return record


def linked_anchors(vault: Vault) -> dict[str, frozenset[str]]:
    """The anchors (headings' ids, ``^block`` ids) links of the vault name, by target site path.

    Only these sections get a preview of their own: a link to any other
    section shows the page's opening, and the shards stay small.
    """
    found: dict[str, set[str]] = {}
    for entry in vault.notes:
        note = entry.note
        assert note is not None
        for link in (*note.links, *(prop.link for prop in note.properties)):
            resolution = vault.resolve(entry, link)
            if resolution.target is not None and resolution.anchor:
                found.setdefault(resolution.target.dest, set()).add(resolution.anchor)
    return {dest: frozenset(anchors) for dest, anchors in found.items()}


class _Enough:
    """Says when a page is read far enough for its preview: its opening, and
    a few blocks past the last anchor that gets a preview of its own.

    Most of a long page is never shown in a preview, and reading HTML is
    most of what a preview costs. A page that no link names a section of
    shows only its opening: its blocks are cut as they are read, and reading
    stops as soon as the opening is whole.
    """

    def __init__(self, content: str, sections: Collection[str] | None, url: str) -> None:
        self.last = len(content) if sections is None else 0
        for anchor in sections or ():
            written = anchor.replace("&", "&amp;").replace('"', "&quot;")
            found = max(content.find(f'id="{anchor}"'), content.find(f'id="{written}"'))
            self.last = max(self.last, found if found >= 0 else len(content))
        self.past = self.count = 0
        only_opening = sections is not None and not sections and "jupyter-wrapper" not in content
        self.intro = _Cutter(url, INTRO_CHARS) if only_opening else None
        self.read = self.fed = 0
        """Children of the page's root read, and blocks among them, so far."""

    def __call__(self, root: Element, position: int) -> bool:
        self.count += 1
        if position > self.last:
            self.past += 1
        if self.intro is not None and self._feed(root):
            return True
        return self.count >= READ_BLOCKS and self.past >= READ_BLOCKS

    def _feed(self, root: Element, *, finished: bool = False) -> bool:
        """Cut the blocks read since the last call into the opening; whether it is whole.

        Text last in the page may go on (after an element left out, say) until
        the page is ``finished``: it waits till then.
        """
        assert self.intro is not None
        children = root.children
        ready = len(children)
        if not finished and children and isinstance(children[-1], str):
            ready -= 1
        while self.read < ready:
            block = children[self.read]
            self.read += 1
            if isinstance(block, str) and not block.strip():
                continue  # not a block (as in _top_blocks)
            self.fed += 1
            if self.fed == 1 and _level(block) == 1:
                continue  # the page's title
            if self.intro.add(block):
                return True
        return self.intro.done

    def opening(self, root: Element) -> str:
        """The page's opening, cut from every block read."""
        assert self.intro is not None
        self._feed(root, finished=True)
        return self.intro.html()


def _left_out(node: Element) -> bool:
    """Whether no preview shows ``node``."""
    return node.tag in _DROP_TAGS or not _DROP_CLASSES.isdisjoint(node.classes())


def _is_notebook(root: Element) -> bool:
    return any(child.has_class("jupyter-wrapper") for child in root.elements())


def _top_blocks(root: Element) -> list[Element | str]:
    return [c for c in root.children if isinstance(c, Element) or c.strip()]


def _notebook_blocks(root: Element) -> list[Element | str]:
    """A notebook page as one run of blocks: its Markdown cells' content and its code.

    Outputs are left out (``_prune``): figures are large images written into
    the page, and a preview is about what the notebook says.
    """
    out: list[Element | str] = []

    def walk(node: Element) -> None:
        for child in node.children:
            if not isinstance(child, Element):
                continue
            if child.has_class("jp-RenderedMarkdown"):
                out.extend(_top_blocks(child))
            elif child.has_class("highlight-ipynb"):
                pre = next((c for c in child.children if isinstance(c, Element)), None)
                if pre is not None and pre.tag == "pre":
                    code = Element("code", children=pre.children)
                    out.append(Element("div", {"class": "highlight"}, [Element("pre", {}, [code])]))
            else:
                walk(child)

    walk(root)
    return out


def _level(node: Element | str) -> int:
    """A heading's level, 0 for anything else."""
    return _HEADING.get(node.tag, 0) if isinstance(node, Element) else 0


def _anchors(root: Element) -> Iterator[tuple[str, list[Element]]]:
    """``(anchor, path from the root)`` of every heading with an id and every block id."""
    path: list[Element] = [root]

    def walk(node: Element) -> Iterator[tuple[str, list[Element]]]:
        for child in node.children:
            if not isinstance(child, Element):
                continue
            path.append(child)
            anchor = child.attrs.get("id")
            if anchor and (_level(child) or (anchor[0] == "^" and child.has_class("lf-block"))):
                yield anchor, list(path)
            yield from walk(child)
            path.pop()

    yield from walk(root)


def _section_at(path: list[Element], blocks: list[Element | str]) -> list[Element | str]:
    """What follows a heading up to the next heading of its level or higher."""
    heading = path[-1]
    level = _level(heading)
    siblings = blocks if any(b is heading for b in blocks) else path[-2].children
    start = next(n for n, b in enumerate(siblings) if b is heading) + 1
    out: list[Element | str] = []
    for block in siblings[start:]:
        if 0 < _level(block) <= level:
            break
        if isinstance(block, Element) or block.strip():
            out.append(block)
    return out


def _block_at(path: list[Element], blocks: list[Element | str]) -> list[Element | str]:
    """The block a ``^id`` anchor names: the paragraph or item that holds it, or
    the block after it when it stands alone (``lf-block-next``)."""
    anchor = path[-1]
    if anchor.has_class("lf-block-next"):
        holder = path[-2] if len(path) > 2 and path[-2].tag == "p" else anchor
        parent = path[-3] if holder is not anchor else path[-2]
        siblings = blocks if any(b is holder for b in blocks) else parent.children
        start = next(n for n, b in enumerate(siblings) if b is holder) + 1
        following: list[Element | str] = [b for b in siblings[start:] if isinstance(b, Element)]
        return following[:1]
    for depth in range(len(path) - 2, 0, -1):
        holder = path[depth]
        if holder.tag in _BLOCK_PARENTS:
            if holder.tag == "li":  # an item shows as an item of its list
                parent = path[depth - 1]
                return [Element(parent.tag if parent.tag in ("ol", "ul") else "ul", {}, [holder])]
            return [holder]
    return [path[1]] if len(path) > 1 else []


def _cut(blocks: Iterable[Element | str], url: str, chars: int) -> str:
    """The first blocks, about ``chars`` of text and at most :data:`PREVIEW_BYTES`, as HTML."""
    cutter = _Cutter(url, chars)
    for block in blocks:
        if cutter.add(block):
            break
    return cutter.html()


class _Cutter:
    """Blocks taken one by one into a preview, until it has enough (see :func:`_cut`)."""

    def __init__(self, url: str, chars: int) -> None:
        self.url, self.chars = url, chars
        self.out: list[str] = []
        self.used = self.size = 0
        self.done = False

    def add(self, block: Element | str) -> bool:
        """Take ``block`` if there is room; whether the preview is whole."""
        if self.done:
            return True
        cleaned = _clean(block, self.url)
        if cleaned is None or _is_empty(cleaned):
            return False
        markup = to_html(cleaned)
        if self.size + len(markup) > PREVIEW_BYTES:
            if self.out:
                self.done = True
                return True
            shorter = _shorten(
                cleaned if isinstance(cleaned, Element) else Element("p", {}, [cleaned]),
                PREVIEW_BYTES,
            )
            markup = to_html(shorter)
        self.out.append(markup)
        self.size += len(markup)
        self.used += _weight(cleaned)
        self.done = self.used >= self.chars or len(self.out) >= MAX_BLOCKS
        return self.done

    def html(self) -> str:
        return "\n".join(self.out)


def _clean(node: Element | str, url: str) -> Element | str | None:
    """A copy of ``node`` fit for another page: no ids, no handlers, URLs from the site root."""
    if isinstance(node, str):
        return node
    if node.tag == "span":
        if node.has_class("lf-block"):
            return None  # a block's anchor: its id goes, and so does it
        if node.attrs.get("class") == "w":
            return text_of(node)  # Pygments' whitespace: no colour, only bytes
    attrs: dict[str, str] = {}
    for name, value in node.attrs.items():
        if name in _ID_ATTRIBUTES or name.startswith("on"):
            continue
        if name == "xmlns" and node.tag in ("math", "svg"):
            continue  # HTML needs no namespace on them
        if name in _URL_ATTRIBUTES:
            if _SCRIPT_SCHEME.match(value):
                continue
            if value.startswith("data:"):
                if node.tag == "img" and len(value) > DATA_URI_BYTES:
                    return None
            else:
                value = site_url(value, url)
        attrs[name] = value
    children = [c for c in (_clean(child, url) for child in node.children) if c is not None]
    return Element(node.tag, attrs, children, node.closed)


def site_url(value: str, page_url: str) -> str:
    """``value``, a URL in the page at ``page_url``, relative to the site root instead.

    Absolute URLs and paths from the host's root are kept as they are.
    """
    if _SCHEME.match(value) or value.startswith("/"):
        return value
    # Most links are a page's own kind: some "../", a path, an anchor. Those are
    # resolved here as urljoin would; anything else (".", "//", a query, an
    # empty path) goes to urljoin.
    simple = _SIMPLE_LINK.match(value)
    if simple is not None and _SIMPLE_PAGE.match(page_url):
        ups, path, fragment = simple.groups()
        folders = page_url.split("/")[:-1]
        up = len(ups) // 3
        if (ups or path) and up <= len(folders):
            return "/".join([*folders[: len(folders) - up], path]) + (fragment or "")
    joined = urljoin(_BASE + page_url, value)
    return joined[len(_BASE) :] if joined.startswith(_BASE) else value


def _is_empty(node: Element | str) -> bool:
    if isinstance(node, str):
        return not node.strip()
    if node.tag in _KEEP_EMPTY:
        return False
    return all(_is_empty(child) for child in node.children)


def _weight(node: Element | str) -> int:
    """What ``node`` counts for against a preview's text budget."""
    if isinstance(node, str):
        return len(node.strip())
    if node.tag == "img" or (node.tag == "math" and node.attrs.get("display") == "block"):
        return IMAGE_CHARS
    if node.tag == "math":
        return len(text_of(node))
    if _is_tex(node):
        tex = text_of(node)
        return IMAGE_CHARS if tex.startswith("\\[") else len(tex) - 4
    return sum(_weight(child) for child in node.children)


def _shorten(node: Element, limit: int) -> Element:
    """``node`` with its trailing content left out, to about ``limit`` characters of HTML."""
    kept: list[Element | str] = []
    room = limit - len(node.tag) * 2 - 5
    for child in node.children:
        size = len(to_html(child))
        if size <= room:
            kept.append(child)
            room -= size
            continue
        if isinstance(child, str):
            cut = child[: max(room, 0)].rsplit(" ", 1)[0]
            kept.append(cut.rstrip(",;: ") + "…")
        elif child.tag not in ("math", "svg", "img", "table") and not _is_tex(child) and room > 200:
            kept.append(_shorten(child, room))
        else:
            kept.append("…")
        break
    return Element(node.tag, dict(node.attrs), kept, node.closed)


def _is_tex(node: Element) -> bool:
    """Whether ``node`` is a formula as TeX, as pymdownx.arithmatex writes it."""
    return node.tag in ("span", "div") and node.attrs.get("class") == "arithmatex"


def shard_of(url: str, shards: int) -> int:
    """Which shard holds ``url``'s preview: FNV-1a (32 bits) of its UTF-8 bytes, mod ``shards``.

    ``previews.js`` computes the same hash; change both together.
    """
    value = 0x811C9DC5
    for byte in url.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def preview_size(record: dict[str, object]) -> int:
    """The length of ``record`` in JSON, which sharding balances."""
    return len(json.dumps(record, ensure_ascii=False))


def shard_previews(
    records: Iterable[tuple[str, dict[str, object]]], sizes: Sequence[int] | None = None
) -> list[dict[str, object]]:
    """Split ``(url, record)`` pairs into shards of about :data:`SHARD_BYTES` each.

    ``sizes`` are the records' :func:`preview_size`, if the caller kept them.
    """
    items = list(records)
    if sizes is None:
        sizes = [preview_size(record) for _, record in items]
    size = sum(sizes) + sum(len(url) for url, _ in items)
    count = max(1, -(-size // SHARD_BYTES))
    shards: list[dict[str, object]] = [{} for _ in range(count)]
    for url, record in items:
        shards[shard_of(url, count)][url] = record
    return shards
