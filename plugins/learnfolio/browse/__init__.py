"""Browsing data as plain records: the graph, the explorer's tree and link previews.

Core code: it reads the vault and never imports MkDocs. ``site/browse.py``
writes the data into a built site.
"""
