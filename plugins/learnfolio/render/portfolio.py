"""The portfolio: home-page sections generated from the vault.

A page asks for a section with an HTML comment on a line of its own, so the
page still reads well in any Markdown editor:

``<!-- learnfolio:portfolio -->`` (everything below, with headings), or one of
``profile``, ``figures``, ``latest-posts`` (``count=5``), ``topics``
(``count=30``), ``timeline``, ``notebooks``.

Sections are built from the vault on every build, so they stay right as notes
are added; nothing is written by hand.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from learnfolio.model.scanner import mask
from learnfolio.render.links import markdown_text, tag_page_path
from learnfolio.render.provenance import time_tag
from learnfolio.render.tags import Topic, topic_tree
from learnfolio.render.timeline import heatmap
from learnfolio.vault import Entry, Vault, relative_url

if TYPE_CHECKING:
    from learnfolio.settings import Settings

DIRECTIVE = re.compile(
    r"^<!--\s*learnfolio:(?P<name>[a-z-]+)(?P<args>(?:\s+\w+=\w+)*)\s*-->[ \t]*$", re.MULTILINE
)
_MORE = re.compile(r"^<!--\s*more\s*-->\s*$", re.MULTILINE)
_H1 = re.compile(r"^#[ \t]+.*\n?", re.MULTILINE)


@dataclass
class Portfolio:
    """What the sections are built from."""

    vault: Vault
    settings: Settings
    page: Entry
    today: dt.date
    render_excerpt: Callable[[Entry, str, int], str]
    """Render a post's excerpt (text, offset in its body) for this page."""

    def _url(self, dest: str) -> str:
        return relative_url(dest, self.page.dest)

    @property
    def posts(self) -> list[Entry]:
        """Posts, newest first."""
        found = [e for e in self.vault.notes if e.post]
        return sorted(found, key=lambda e: (e.created or dt.date.min, e.dest), reverse=True)

    @property
    def learning_notes(self) -> list[Entry]:
        """Notes from the configured sources (not the site's own pages, not posts)."""
        return [e for e in self.vault.notes if not e.post and not e.file.source.is_docs]

    def profile(self) -> str:
        """Who the learner is, from the ``author`` option.

        The learner's name is the page's heading unless the page has one of its
        own: a portfolio opens with who it is about, not with the page's title.
        """
        author = self.settings.author
        if author is None:
            return ""
        lines = ['<div class="lf-profile" markdown="1">', ""]
        if author.avatar:
            url = self._url(author.avatar)
            lines.append(f'![{markdown_text(author.name)}](<{url}>){{: .lf-avatar width="88" }}')
            lines.append("")
        name = markdown_text(author.name)
        lines.append(f"# {name} {{: .lf-profile-name }}" if self._needs_h1() else f"**{name}**")
        lines.append("")
        if author.bio:
            lines += [author.bio, ""]
        if author.links:
            lines.append(" · ".join(f"[{markdown_text(k)}](<{v}>)" for k, v in author.links))
            lines.append("")
        lines.append("</div>")
        return "\n".join(lines)

    def _needs_h1(self) -> bool:
        note = self.page.note
        return note is not None and _H1.search(mask(note.body)) is None

    def figures(self) -> str:
        """A few numbers: notes, posts, links between them, topics."""
        links = {
            (e.dest, b.source.dest) for e in self.vault.notes for b in self.vault.backlinks_of(e)
        }
        figures = [
            (len(self.learning_notes), "notes"),
            (len(self.posts), "posts"),
            (len(links), "links"),
            (len(self.vault.tags), "topics"),
        ]
        cells = "".join(
            f'<div class="lf-figure"><span class="lf-figure-value">{value}</span>'
            f'<span class="lf-figure-label">{label}</span></div>'
            for value, label in figures
        )
        return f'<div class="lf-figures">{cells}</div>'

    def latest_posts(self, count: int = 5) -> str:
        """The newest posts with their excerpts."""
        posts = self.posts[:count]
        if not posts:
            return "No posts yet."
        out: list[str] = []
        for post in posts:
            assert post.note is not None
            excerpt, offset = _excerpt(post.note.body)
            date = f"{time_tag(post.created)} · " if post.created else ""
            out += [
                '<article class="lf-post" markdown="1">',
                "",
                f"[{markdown_text(post.title)}](<{self._url(post.dest)}>){{: .lf-post-title }}",
                "",
                f'<span class="lf-post-meta">{date}{html.escape(_reading_time(post))}</span>',
                "",
                self.render_excerpt(post, excerpt, offset).strip(),
                "",
                f"[Continue reading]({self._url(post.dest)}){{: .lf-post-more }}",
                "",
                "</article>",
                "",
            ]
        return "\n".join(out).rstrip() + "\n"

    def topics(self, count: int = 30) -> str:
        """Topics with their note counts, busiest first, linking to their pages.

        Nested tags nest: ``math`` comes with ``linear-algebra`` (the tag
        ``math/linear-algebra``) beside it, smaller; ``count`` topics at most.
        """
        roots = topic_tree(self.vault.tags)
        if not roots:
            return "No topics yet."
        # A topic with topics under it is a line of its own; the others share one.
        groups: list[str] = []
        single: list[str] = []
        left = count
        for root in roots:
            if left <= 0:
                break
            chips = [self._topic(root, "#" + root.path, "lf-topic")]
            left -= 1
            for child in _descendants(root):
                if left <= 0:
                    break
                chips.append(self._topic(child, child.path[len(root.path) + 1 :], "lf-subtopic"))
                left -= 1
            if len(chips) > 1:
                groups.append(" ".join(chips) + "\n{: .lf-topics .lf-topic-group }")
            else:
                single.append(chips[0])
        if single:
            groups.append(" ".join(single) + "\n{: .lf-topics }")
        return "\n\n".join(groups)

    def _topic(self, topic: Topic, shown: str, css: str) -> str:
        count = f'<span class="lf-count">{len(topic.entries)}</span>'
        text = f"{markdown_text(shown)} {count}"
        if not topic.tagged:
            return f'<span class="lf-tag {css}">{text}</span>'
        url = self._url(tag_page_path(topic.path, self.settings.tags_folder))
        return f"[{text}](<{url}>){{: .lf-tag .{css} }}"

    def timeline(self) -> str:
        """The calendar heatmap of the last year."""
        written = [e for e in self.learning_notes + self.posts if e.created is not None]
        days = [e.created for e in written if e.created is not None]
        # Learning statuses are a layer: each day counts its notes' statuses.
        statuses: dict[dt.date, dict[str, int]] = {}
        for entry in written:
            status = self.vault.prerequisites.status_of(entry)
            if status is not None and entry.created is not None:
                day = statuses.setdefault(entry.created, {})
                day[status] = day.get(status, 0) + 1
        return f'<div class="lf-timeline">{heatmap(days, self.today, statuses=statuses)}</div>'

    def notebooks(self) -> str:
        """Links to every notebook."""
        books = [e for e in self.vault.entries if e.file.kind == "notebook"]
        if not books:
            return "No notebooks yet."
        books.sort(key=lambda e: e.title.casefold())
        return "\n".join(f"- [{markdown_text(e.title)}](<{self._url(e.dest)}>)" for e in books)

    def portfolio(self) -> str:
        """Every section, with headings."""
        parts = [
            self.profile(),
            self.figures(),
            "## Latest posts",
            self.latest_posts(),
            "## Topics",
            self.topics(),
            "## Learning timeline",
            self.timeline(),
            "## Notebooks",
            self.notebooks(),
        ]
        return "\n\n".join(p for p in parts if p)


def expand_directives(markdown: str, portfolio: Portfolio) -> str:
    """Replace each ``<!-- learnfolio:... -->`` line with its section."""
    if "learnfolio:" not in markdown:
        return markdown

    def section(match: re.Match[str]) -> str:
        name = match["name"]
        args = dict(arg.split("=", 1) for arg in match["args"].split())
        count = int(args["count"]) if args.get("count", "").isdigit() else None
        makers: dict[str, Callable[[], str]] = {
            "portfolio": portfolio.portfolio,
            "profile": portfolio.profile,
            "figures": portfolio.figures,
            "latest-posts": lambda: portfolio.latest_posts(count or 5),
            "topics": lambda: portfolio.topics(count or 30),
            "timeline": portfolio.timeline,
            "notebooks": portfolio.notebooks,
        }
        maker = makers.get(name)
        return match.group(0) if maker is None else "\n" + maker() + "\n"

    return DIRECTIVE.sub(section, markdown)


def _excerpt(body: str) -> tuple[str, int]:
    """A post's excerpt: the text before ``<!-- more -->``, else its first paragraph."""
    more = _MORE.search(body)
    text = body[: more.start()] if more else body
    start = 0
    h1 = _H1.search(text)
    if h1 is not None and not text[: h1.start()].strip():
        start = h1.end()
    text = text[start:]
    if more is None:
        stripped = text.lstrip("\n")
        start += len(text) - len(stripped)
        text = stripped.split("\n\n", 1)[0]
    return text, start


def _reading_time(entry: Entry) -> str:
    assert entry.note is not None
    words = (
        len(entry.note.body.split())
        + sum(1 for ch in entry.note.body if "\u4e00" <= ch <= "\u9fff") // 2
    )
    return f"{max(1, round(words / 230))} min read"


def _descendants(topic: Topic) -> list[Topic]:
    """Every topic under ``topic``, depth first, busiest first at each level."""
    out: list[Topic] = []
    for child in topic.children:
        out.append(child)
        out.extend(_descendants(child))
    return out
