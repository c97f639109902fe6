"""Where Material's blog plugin keeps posts, so learnfolio can feed it notes.

A note with ``post: true`` (or in a source's ``posts`` folder) is added as a
``File`` inside the blog's posts folder, backed by the note itself: Material's
blog reads it from ``abs_src_path`` in its own ``on_files`` (priority -50),
after learnfolio's, and the note is never copied.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from learnfolio.problems import Problem
from learnfolio.render.fragments import theme_text
from learnfolio.sanitize import clean_html
from learnfolio.site.feeds import FeedItem
from learnfolio.site.text import theme_fields
from learnfolio.vault import Entry, Vault

_MORE = re.compile(r"<!--\s*more\s*-->")
_TAGS = re.compile(r"<[^>]+>")

BLOG_PLUGINS = ("material/blog", "blog")


def blog_plugin(config: MkDocsConfig) -> Any | None:
    """Material's blog plugin instance, when the site uses it."""
    for name in BLOG_PLUGINS:
        plugin = config.plugins.get(name)
        options = getattr(plugin, "config", None)
        if options is not None and options.get("enabled", True):
            return plugin
    return None


def posts_dir(config: MkDocsConfig) -> str | None:
    """The blog's posts folder relative to ``docs_dir`` (``"blog/posts"``), if any."""
    plugin = blog_plugin(config)
    if plugin is None:
        return None
    blog = posixpath.normpath(plugin.config.blog_dir)
    return str(posixpath.normpath(plugin.config.post_dir.format(blog=blog)))


def listing_pages(config: MkDocsConfig) -> frozenset[str]:
    """Pages that the site continues after their own text: the home page and the blog's index.

    Material's blog lists posts after its index page's text, so a Backlinks
    section there would sit between the introduction and the posts.
    """
    pages = {"index.md"}
    plugin = blog_plugin(config)
    if plugin is not None:
        pages.add(posixpath.normpath(posixpath.join(plugin.config.blog_dir, "index.md")))
    return frozenset(pages)


def escape_post_titles(config: MkDocsConfig, vault: Vault) -> None:
    """Hand Material's blog each post's title and tags escaped, as note pages' are.

    Material's blog reads a post's file itself (in its ``on_files``, priority
    -50) and prints its title unescaped on the post, the blog's index, archive
    and category pages, and in Markdown in excerpts. Run after it: the post's
    URL, made from the title as written, stays the same.
    """
    plugin = blog_plugin(config)
    posts = getattr(getattr(plugin, "blog", None), "posts", None) or []
    for post in posts:
        entry = vault.by_dest.get(post.file.src_uri)
        if entry is None or entry.note is None:
            continue
        post.meta.update(theme_fields(entry.note))
        if entry.note.tags:
            shown = [tag for tag in entry.note.tags if not vault.is_hidden_tag(tag)]
            post.meta["tags"] = [theme_text(vault.tag_name(tag)) for tag in shown]


def clean_untrusted_excerpts(excerpts: object, untrusted: set[str]) -> None:
    """Clean the HTML of excerpts of ``untrusted`` posts (site paths) on a view of
    Material's blog.

    Material's blog renders excerpts itself, in its ``on_page_context``
    (priority -100), into the template's ``posts``: one ``Excerpt`` per post,
    with ``.post`` and ``.content``. Run after it.
    """
    for excerpt in excerpts if isinstance(excerpts, list) else []:
        post = getattr(excerpt, "post", None)
        content = getattr(excerpt, "content", None)
        if post is not None and post.file.src_uri in untrusted and isinstance(content, str):
            excerpt.content = clean_html(content)


def check_posts(vault: Vault) -> None:
    """Stop with a clear message when a post lacks what Material's blog needs."""
    for entry in vault.notes:
        if entry.post and entry.note is not None and entry.note.meta.get("date") is None:
            problem = Problem(
                vault.display(entry),
                1,
                "error",
                "post-date",
                "blog post has no date set; add 'date: YYYY-MM-DD' to its frontmatter.",
            )
            raise PluginError(str(problem))


def feed_item(
    entry: Entry,
    page: Page,
    html: str,
    config: MkDocsConfig,
    mode: Literal["full", "excerpt", "off"],
) -> FeedItem:
    """The feed entry of a post page (its HTML whole, or up to ``<!-- more -->``)."""
    assert entry.note is not None
    meta = entry.note.meta
    more = _MORE.search(html)
    content = html[: more.start()] if mode == "excerpt" and more else html
    summary = str(meta.get("description") or "")
    if not summary:
        summary = " ".join(_TAGS.sub(" ", html[: more.start()] if more else html).split())[:300]
    categories = [str(c) for c in _as_list(meta.get("categories")) + list(entry.note.tags)]
    created = entry.created or dt.date.today()
    return FeedItem(
        title=entry.title,
        url=page.canonical_url or "",
        created=created,
        updated=max(entry.updated or created, created),
        summary=summary,
        content=content,
        categories=tuple(dict.fromkeys(categories)),
        authors=tuple(_author_names(config, _as_list(meta.get("authors")))),
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _author_names(config: MkDocsConfig, ids: list[Any]) -> list[str]:
    plugin = blog_plugin(config)
    known = getattr(plugin, "authors", None) or {}
    names = []
    for author in ids:
        profile = known.get(str(author)) if isinstance(known, dict) else None
        names.append(str(getattr(profile, "name", None) or author))
    return names
