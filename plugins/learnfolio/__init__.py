"""learnfolio: gather a learner's notes from many sources into one linked site.

The package is layered, and each layer knows only the ones before it:
``sources`` (find files) -> ``model`` (parse one note) -> ``vault`` (index all)
-> ``render`` (rewrite text) -> ``site`` (the MkDocs adapter). ``cli`` and
``check`` use the core without MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"
