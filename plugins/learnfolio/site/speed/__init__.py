"""Speed machinery: what makes builds and ``serve`` rebuilds fast, apart from the glue.

Helper processes (``workers.py``), reuse of unchanged pages (``incremental.py``),
quick ``serve`` rebuilds (``quick.py``) and Material's search index
(``search.py``). A site builds correctly without any of it.
"""
