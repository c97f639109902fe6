"""A small HTML tree for cutting previews out of rendered pages.

Previews are cut from a page's final HTML, which MkDocs, Python-Markdown and
other plugins wrote: well-formed, so a small tree is enough, and
beautifulsoup4 (much slower, and a dependency of the importers only) is not
needed. Text is kept unescaped in
the tree and escaped again when written (:func:`to_html`), so what comes out
is exactly as escaped as what went in, and character references (MathML's
``&#x1D430;``) come out as the characters themselves, which is shorter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
"""Elements that have no end tag."""


@dataclass(eq=False)
class Element:
    """An element: its tag, attributes (in order) and children (elements and text)."""

    tag: str
    """The lowercase tag name (``""`` for the root of a fragment)."""
    attrs: dict[str, str] = field(default_factory=dict)
    """Attribute values, unescaped; an attribute without a value has ``""``."""
    children: list[Element | str] = field(default_factory=list)
    """Child elements and text, in document order."""
    closed: bool = False
    """Written as ``<tag/>`` (MathML and SVG elements without content)."""

    def classes(self) -> list[str]:
        """The element's class names."""
        return self.attrs.get("class", "").split()

    def has_class(self, name: str) -> bool:
        """Whether ``name`` is one of the element's classes."""
        return name in self.classes()

    def elements(self) -> Iterator[Element]:
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()


_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment
    r"|<(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[!?][^>]*>",  # a doctype, a processing instruction
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_RAW_TEXT = frozenset({"script", "style", "textarea"})
"""Elements whose content is text, not markup, up to their end tag."""


def parse(
    markup: str,
    skip: Callable[[Element], bool] | None = None,
    stop: Callable[[Element, int], bool] | None = None,
) -> Element:
    """The tree of an HTML fragment, under a root element with an empty tag.

    Elements ``skip`` is true of are left out with their content, as are
    comments, doctypes and processing instructions. ``stop(root, position)``
    is asked each time a top-level element ends, every child of ``root`` then
    whole: when it says so, the rest of ``markup`` is not read.

    Tags are found with one regular expression (Python's ``html.parser`` took
    several times as long, a good part of a big vault's build); an end tag
    closes the nearest open element of its name, a stray one is ignored.
    """
    root = Element("")
    stack = [root]
    pos = 0
    lowered: str | None = None
    while True:
        match = _TOKEN.search(markup, pos)
        if match is None:
            break
        if match.start() > pos:
            _text(stack[-1], markup[pos : match.start()])
        pos = match.end()
        tag = match["tag"]
        if tag is None:
            continue
        tag = tag.lower()
        if match["end"]:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    del stack[depth:]
                    break
        else:
            raw = match["attrs"]
            closed = raw.endswith("/")
            node = Element(tag, _attributes(raw[:-1] if closed else raw))
            if skip is None or not skip(node):
                stack[-1].children.append(node)
            # else: its content goes into it as usual, and it into no tree.
            if tag in _RAW_TEXT and not closed:
                lowered = markup.lower() if lowered is None else lowered
                end = lowered.find(f"</{tag}", pos)
                end = len(markup) if end < 0 else end
                if end > pos:
                    node.children.append(markup[pos:end])
                pos = markup.find(">", end) + 1 or len(markup)
            elif closed and tag not in VOID:
                node.closed = True
            elif tag not in VOID:
                stack.append(node)
        if len(stack) == 1 and stop is not None and stop(root, pos):
            return root
    if pos < len(markup):
        _text(stack[-1], markup[pos:])
    return root


def _attributes(raw: str) -> dict[str, str]:
    if not raw.strip():
        return {}
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(raw):
        value = double or single or bare
        found.setdefault(name.lower(), html.unescape(value) if "&" in value else value)
    return found


def _text(parent: Element, text: str) -> None:
    if "&" in text:
        text = html.unescape(text)
    children = parent.children
    if children and isinstance(children[-1], str):
        children[-1] += text
    else:
        children.append(text)


def to_html(node: Element | str) -> str:
    """``node`` written as HTML, text and attribute values escaped."""
    out: list[str] = []
    _write(node, out)
    return "".join(out)


def _write(node: Element | str, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(html.escape(node, quote=False))
        return
    if node.tag:
        out.append("<" + node.tag)
        for name, value in node.attrs.items():
            out.append(f' {name}="{html.escape(value)}"' if value else f" {name}")
        if node.closed:
            out.append("/>")
            return
        out.append(">")
    for child in node.children:
        if isinstance(child, str) and node.tag in _RAW_TEXT:
            out.append(child)  # script and style text is not markup: written as read
        else:
            _write(child, out)
    if node.tag and node.tag not in VOID:
        out.append(f"</{node.tag}>")


def text_of(node: Element | str) -> str:
    """The text a reader sees of ``node``, whitespace as written."""
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)
