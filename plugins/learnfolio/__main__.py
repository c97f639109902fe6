"""Allow ``python -m learnfolio``."""

from __future__ import annotations

from learnfolio.cli import main

raise SystemExit(main())
