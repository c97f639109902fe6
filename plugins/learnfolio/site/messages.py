"""Log a :class:`~learnfolio.problems.Problem` in the build, as ``learnfolio check`` prints it.

One mapping from a problem's level to MkDocs' log levels: errors are warnings
in MkDocs' log, so ``mkdocs build --strict`` fails exactly when ``learnfolio
check`` does; warnings are shown as information; ``info`` (orphans) only with
``--verbose``.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import get_plugin_logger

from learnfolio.problems import Problem

log = get_plugin_logger("learnfolio.site.messages")

LOG_LEVELS = {"error": logging.WARNING, "warning": logging.INFO, "info": logging.DEBUG}
"""MkDocs' log level of each problem level."""


def log_problem(problem: Problem) -> None:
    """Write ``problem`` to the build log as ``path:line: level: message``."""
    log.log(LOG_LEVELS[problem.level], str(problem))
