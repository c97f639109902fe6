"""Link health of a whole vault, without MkDocs: what ``learnfolio check`` prints.

The same findings drive ``mkdocs build --strict``: errors here are warnings in
the build log, so a strict build fails exactly when ``check`` does.
"""

from __future__ import annotations

from learnfolio.model.maths import Formula, find_maths
from learnfolio.render import render_page
from learnfolio.settings import Settings
from learnfolio.typeset.macros import Macros
from learnfolio.typeset.mathml import typeset_error
from learnfolio.vault import Entry, Problem, Vault


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


def maths_problems(vault: Vault, entry: Entry, macros: Macros) -> list[Problem]:
    """A warning for each formula of the note that cannot be typeset, on its line."""
    assert entry.note is not None
    problems = []
    for formula in find_maths(entry.note.body):
        if isinstance(formula, Formula) and formula.tex.strip():
            error = typeset_error(formula.tex, macros)
            if error is not None:
                line = entry.note.line_at(formula.start)
                problems.append(vault.problem(entry, line, "warning", "math", error))
    return problems


def check_vault(vault: Vault, settings: Settings, maths: Macros | None = None) -> list[Problem]:
    """Every problem of the vault: links, embeds (rendered to find cycles), orphans, and
    formulas that cannot be typeset unless ``maths`` is ``None`` (the site has no maths)."""
    problems = set(vault.problems)
    for entry in vault.notes:
        problems.update(render_page(vault, entry, settings).problems)
        if maths is not None and entry.note is not None:
            problems.update(maths_problems(vault, entry, maths))
    problems.update(orphans(vault))
    return sorted(problems, key=lambda p: (p.file, p.line, p.code, p.message))
