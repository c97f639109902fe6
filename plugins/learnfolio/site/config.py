"""The plugin's options as MkDocs sees them.

MkDocs only checks the shapes here; :func:`learnfolio.settings.load_settings`
checks the meaning (paths exist, globs are strings) and fills in defaults, so
the command line, which has no MkDocs, refuses the same things.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class LearnfolioConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the ``learnfolio`` plugin in ``mkdocs.yml``."""

    sources = c.Type(list, default=[])
    backlinks = c.Optional(c.Type(bool))
    embed_depth = c.Optional(c.Type(int))
    strict = c.Optional(c.Type(bool))
    drafts = c.Optional(c.Type(bool))
    tags_folder = c.Optional(c.Type(str))
    cache_dir = c.Optional(c.Type(str))
    provenance = c.Optional(c.Type(bool))
    author = c.Optional(c.Type((str, dict)))
    atom_feed = c.Optional(c.Type((str, bool)))
    graph = c.Optional(c.Type(bool))
    graph_page = c.Optional(c.Type(str))
    graph_tags = c.Optional(c.Type(bool))
    local_graph = c.Optional(c.Type(int))
    explorer = c.Optional(c.Type(bool))
    previews = c.Optional(c.Type(bool))
    incremental = c.Optional(c.Type(bool))
    notebooks = c.Optional(c.Type(dict))
    workers = c.Optional(c.Type((int, str)))
