"""The "Also in" line of a page that has translations: one link per other language."""

from __future__ import annotations

from learnfolio.render.links import LinkWriter
from learnfolio.vault import Entry, Vault
from learnfolio.vault.translations import language_name


def translations_line(vault: Vault, entry: Entry, site_language: str, links: LinkWriter) -> str:
    """``Also in: English / 中文`` for ``entry``'s other versions; ``""`` without any.

    ``site_language`` names the versions written in the site's own language.
    """
    group = vault.translations.get(entry.dest, ())
    others = [v for v in group if v.dest != entry.dest]
    if not others:
        return ""
    shown = " / ".join(links.link(language_name(v.lang or site_language), v.dest) for v in others)
    label = links.inline_html('<span class="lf-translations-label">Also in:</span> ')
    if links.plain is not None:
        return f"Also in: {shown}\n"
    return label + shown + '\n{: .lf-translations data-search-exclude="true" }\n'
