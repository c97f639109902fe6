"""Notebooks beyond parsing: build-time execution with a cache, page HTML, launch links.

Parsing a notebook into a note is the model's job (:mod:`learnfolio.model.notebook`);
this package holds what only notebooks need, still without MkDocs.
"""
