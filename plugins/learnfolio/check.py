"""Link health of a whole vault, without MkDocs: what ``learnfolio check`` prints.

The same findings drive ``mkdocs build --strict``: errors here are warnings in
the build log, so a strict build fails exactly when ``check`` does.
"""

from __future__ import annotations

from learnfolio.render import render_page
from learnfolio.settings import Settings
from learnfolio.vault import Problem, Vault


def orphans(vault: Vault) -> list[Problem]:
    """Notes from configured sources that no other page links to."""
    found = []
    for entry in vault.notes:
        # Site pages and posts are reached through the nav and the blog.
        if entry.file.source.is_docs or entry.post or vault.backlinks_of(entry):
            continue
        found.append(
            Problem(
                vault.display(entry),
                0,
                "info",
                "orphan",
                f"no page links to '{entry.title}'; readers can only find it through search.",
            )
        )
    return found


def check_vault(vault: Vault, settings: Settings) -> list[Problem]:
    """Every problem of the vault: links, embeds (rendered to find cycles), orphans."""
    problems = set(vault.problems)
    for entry in vault.notes:
        problems.update(render_page(vault, entry, settings).problems)
    problems.update(orphans(vault))
    return sorted(problems, key=lambda p: (p.file, p.line, p.code, p.message))
