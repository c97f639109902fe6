"""An Atom feed of the blog's posts.

RSS 2.0 and JSON Feed come from mkdocs-rss-plugin, which the site lists in
``mkdocs.yml``; it writes no Atom, so learnfolio writes ``feed_atom.xml`` from
the same posts: published ones only (private and draft notes never reach a
page), newest first, with absolute links from ``site_url``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedItem:
    """One post, as a feed shows it."""

    title: str
    """The post's title."""
    url: str
    """Its absolute URL."""
    created: dt.date
    """When it was published."""
    updated: dt.date
    """When it last changed."""
    summary: str
    """Its description or excerpt (plain text)."""
    content: str
    """Its HTML: the whole post or its excerpt, as configured."""
    categories: tuple[str, ...]
    """Categories and tags."""
    authors: tuple[str, ...]
    """Author names."""


def _stamp(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).isoformat()


def write_atom(
    path: Path, items: list[FeedItem], *, title: str, site_url: str, author: str | None
) -> None:
    """Write an Atom 1.0 feed of ``items`` (newest first) to ``path``."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    items = sorted(items, key=lambda i: (i.created, i.url), reverse=True)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site_url
    ET.SubElement(feed, f"{{{ATOM}}}link", href=site_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=site_url + path.name)
    newest = max((i.updated for i in items), default=dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    if author:
        ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "learnfolio"
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=item.url)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(item.created)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.updated)
        for name in item.authors:
            who = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(who, f"{{{ATOM}}}name").text = name
        for category in item.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=category)
        if item.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = item.content
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(feed).write(path, encoding="utf-8", xml_declaration=True)
