"""Maths typesetting without MkDocs: TeX to MathML, TeX to plain text, user macros.

:mod:`.tex` rewrites what latex2mathml does not know into what it does,
:mod:`.mathml` converts and repairs the MathML for browsers (MathML Core),
:mod:`.macros` reads a ``preamble.sty`` of ``\\newcommand`` and ``\\def`` and
expands them, :mod:`.text` turns a formula into readable Unicode for titles,
search and feeds. ``learnfolio check`` and the site use the same functions.
"""
