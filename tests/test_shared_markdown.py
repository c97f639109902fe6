"""One Markdown converter serves every page of a build: the pages are the same.

``SharedMarkdown`` hands MkDocs' ``Page.render`` one converter per build, reset
between pages, instead of a new one for each page. Each extension it allows
(``REUSABLE``) must leave nothing behind that ``Markdown.reset()`` does not
clear: footnotes, abbreviations, tab and heading counters, stashed code. Here
pages that use each extension are converted one after another with one
converter and with a new converter each, and must come out the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest

from learnfolio.site.markdown import Fragments
from learnfolio.site.math import Maths
from learnfolio.site.speed.pages import REUSABLE, SharedMarkdown
from tests.sitebuild import DEFAULT_EXTENSIONS, assert_same_site, build_site

PAGES = [
    """# First page

Some *text*, **bold**, ==marked== ^^inserted^^ ~~deleted~~ H~2~O x^2^, a [link](other.md)
and an abbreviation: HTML.[^note] ++ctrl+alt+del++ --> (c) 1/2

*[HTML]: Hyper Text Markup Language

[^note]: The first page's footnote.

Term
:   Its definition.

- [x] done
- [ ] not done

| a | b |
|---|---|
| 1 | 2 |

!!! note "A note"
    Inside.

??? tip "Folded"
    Hidden.

=== "One"
    First tab.

=== "Two"
    Second tab.

```python
print("fenced")
```

`#!python x = 1` and $x^2$ and \\(y\\).

$$
a^2 + b^2 = c^2
$$

<div markdown>
**inside html**
</div>

{++added++} {--removed--}

:smile: https://example.com "quoted" -- dashes...

## Same heading {: #custom .cls }

## Same heading

[[Wiki Link]]
""",
    """# Second page

Another footnote.[^note] and HTML again, which has no abbreviation here.

[^note]: The second page's own footnote.

=== "Three"
    Tab on the second page.

## Same heading

## Same heading

```text
second fence
```

[ref]: https://example.org
""",
    """Title: Metadata
Author: Someone

# Third page

A reference link [ref] that is not defined on this page.

$$
\\int_0^1 x\\,dx
$$
""",
]


def _configs() -> dict[str, dict[str, Any]]:
    return {
        "toc": {"permalink": True},
        "pymdownx.arithmatex": {"generic": True},
        "pymdownx.highlight": {"anchor_linenums": True},
        "pymdownx.tabbed": {"alternate_style": True},
    }


def _convert_each(extensions: list[Any], shared: SharedMarkdown | None) -> list[str]:
    out = []
    for page in PAGES:
        if shared is None:
            md = markdown.Markdown(extensions=extensions, extension_configs=_configs())
        else:
            md = shared.Markdown(extensions=extensions, extension_configs=_configs())
        html = md.convert(page)
        out.append(html + repr(getattr(md, "toc_tokens", None)) + repr(getattr(md, "Meta", None)))
    return out


@pytest.mark.parametrize("name", sorted(REUSABLE))
def test_each_extension_leaves_nothing_for_the_next_page(name: str) -> None:
    extensions: list[Any] = [name]
    configs = _configs()
    shared = SharedMarkdown()
    # The configuration dict must be the very one each page passes, as MkDocs does.
    fresh = [
        markdown.Markdown(extensions=extensions, extension_configs=configs).convert(p)
        for p in PAGES
    ]
    reused = [shared.Markdown(extensions=extensions, extension_configs=configs) for _ in PAGES]
    assert all(md is reused[0] for md in reused), "the converter was not reused"
    assert [md.reset().convert(p) for md, p in zip(reused, PAGES, strict=True)] == fresh
    # Twice through, the same again: nothing accumulates across pages.
    again = shared.Markdown(extensions=extensions, extension_configs=configs)
    assert [again.reset().convert(p) for p in PAGES] == fresh


def test_every_extension_at_once_with_learnfolios_own() -> None:
    extensions: list[Any] = [
        *sorted(REUSABLE - {"markdown.extensions.extra"}),
        Fragments(),
        Maths(),
    ]
    configs = _configs()
    shared = SharedMarkdown()
    first = shared.Markdown(extensions=extensions, extension_configs=configs)
    outputs = []
    for page in PAGES * 2:
        md = shared.Markdown(extensions=extensions, extension_configs=configs)
        assert md is first
        outputs.append((md.convert(page), repr(md.toc_tokens)))
    fresh = []
    for page in PAGES * 2:
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        fresh.append((md.convert(page), repr(md.toc_tokens)))
    assert outputs == fresh


class _Counter(markdown.extensions.Extension):  # type: ignore[misc]
    """An extension with state Markdown's reset does not clear: never shared."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_Count(md), "count", 5)


class _Count(markdown.preprocessors.Preprocessor):  # type: ignore[misc]
    seen = 0

    def run(self, lines: list[str]) -> list[str]:
        self.seen += 1
        return [*lines, "", f"page {self.seen}"]


def test_an_unknown_extension_gets_a_new_converter_per_page() -> None:
    extensions: list[Any] = ["toc", _Counter()]
    configs: dict[str, Any] = {}
    shared = SharedMarkdown()
    first = shared.Markdown(extensions=extensions, extension_configs=configs)
    second = shared.Markdown(extensions=extensions, extension_configs=configs)
    assert first is not second
    assert first.convert("x") == second.convert("x") == "<p>x</p>\n<p>page 1</p>"


def test_a_site_builds_the_same_with_one_converter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Note pages, docs pages and generated pages, with one converter and one per page."""
    notes = {
        f"notes/Note {n}.md": f"# Note {n}\n\nSee [[Note {(n + 1) % 4}]].[^a]\n\n"
        f'[^a]: Footnote of note {n}.\n\n=== "Tab"\n    In note {n}.\n\n## Part\n\n$x_{n}$\n'
        for n in range(4)
    }
    notes["docs/index.md"] = "# Home\n\nA footnote.[^b]\n\n[^b]: On the home page.\n"
    notes["docs/other.md"] = "# Other\n\nAnother.[^b]\n\n[^b]: On the other page.\n"
    made: list[object] = []
    init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    extensions = [*DEFAULT_EXTENSIONS, "footnotes", "pymdownx.tabbed"]
    # In one process: a helper's converters (forked when a core is idle) are not counted here.
    one = {"workers": 1}
    shared = build_site(
        tmp_path / "shared", notes, options=one, extra={"markdown_extensions": extensions}
    )
    with_shared = len(made)
    # pymdownx.snippets is not one REUSABLE names: every page gets its own converter.
    snippets = {"pymdownx.snippets": {"check_paths": False}}
    apart = build_site(
        tmp_path / "apart",
        notes,
        options=one,
        extra={"markdown_extensions": [*extensions, snippets]},
    )
    pages = len(list(apart.site_dir.rglob("*.html")))
    assert len(made) - with_shared >= pages > 8
    assert with_shared < 4, made
    assert_same_site(shared.site_dir, apart.site_dir)
