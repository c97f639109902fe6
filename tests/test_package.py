"""learnfolio is a real package: its wheel installs in a fresh environment and builds sites.

The wheel is built from a copy of the sources (so nothing is written into the
repository), then installed into a new virtual environment with pip resolving
the wheel's own requirements, constrained to the versions of
``requirements.lock``: a requirement missing from the metadata would be
missing from the environment, and a package outside the lock would show in
``pip freeze``. That environment then runs ``learnfolio init`` and builds the
example, strictly. pip uses its cache; PyPI is only asked what is not in it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ""}


@dataclass(frozen=True)
class Installed:
    """A wheel of learnfolio and a fresh virtual environment it is installed in."""

    wheel: Path
    """The built wheel."""
    bin: Path
    """The environment's ``bin`` folder."""
    work: Path
    """A scratch folder outside the repository."""


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the sources; install it into a new environment."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__")
    )
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        work / "dist",
        source,
        cwd=work,
    )
    (wheel,) = (work / "dist").glob("learnfolio-*.whl")
    # A new environment: no system site-packages, nothing from this one.
    _run(sys.executable, "-m", "venv", work / "env", cwd=work)
    python = work / "env/bin/python"
    _run(
        python, "-m", "pip", "install", "-q", "--no-compile",
        "-c", ROOT / "requirements.lock", f"{wheel}[example]",
        cwd=work,
    )  # fmt: skip
    return Installed(wheel, work / "env/bin", work)


def test_wheel_holds_metadata_assets_templates_and_entry_points(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {
        "learnfolio/site/assets/learnfolio.css",
        "learnfolio/site/assets/run-worker.js",
        "learnfolio/templates/init/mkdocs.yml",
        "learnfolio/templates/init/notes/Start here.md",
        "learnfolio/templates/init/github/workflows/publish.yml",
        "learnfolio/py.typed",
    } <= names
    info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(installed.wheel).read(info).decode()
    for field in ("Name: learnfolio", "Requires-Python: >=3.11", "Requires-Dist: mkdocs<2"):
        assert field in metadata
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    points = zipfile.ZipFile(installed.wheel).read(entry).decode()
    assert "learnfolio = learnfolio.cli:main" in points
    assert "learnfolio = learnfolio.site.plugin:LearnfolioPlugin" in points


def test_fresh_environment_holds_exactly_the_locked_versions(installed: Installed) -> None:
    frozen = _run(installed.bin / "python", "-m", "pip", "freeze", cwd=installed.work)
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")

    def normal(line: str) -> str:
        name, _, version = line.partition("==")
        return re.sub(r"[-_.]+", "-", name).lower() + "==" + version

    locked = {normal(line) for line in lock.splitlines() if "==" in line}
    pins = {normal(line) for line in frozen.splitlines() if "==" in line}
    assert pins - locked == set(), "installed but not in requirements.lock"
    assert locked - pins == set(), (
        "in requirements.lock but not needed to build a site: development tools belong in "
        "requirements-dev.lock"
    )
    _run(installed.bin / "python", "-m", "pip", "check", cwd=installed.work)
    where = _run(
        installed.bin / "python",
        "-c",
        "import learnfolio; print(learnfolio.__file__)",
        cwd=installed.work,
    )
    assert where.startswith(str(installed.work / "env")), where


def test_installed_learnfolio_starts_a_site_that_builds_strictly(installed: Installed) -> None:
    _run(installed.bin / "learnfolio", "init", "kb", "--author", "Ada Example", cwd=installed.work)
    site = installed.work / "kb"
    _run(installed.bin / "mkdocs", "build", "--strict", "-q", cwd=site)
    assert "Ada Example" in (site / "site/index.html").read_text(encoding="utf-8")
    assert (site / "site/notes/active-recall/index.html").exists()


def test_installed_learnfolio_builds_the_example_strictly(installed: Installed) -> None:
    out = installed.work / "example-site"
    _run(
        installed.bin / "mkdocs", "build", "--strict", "-q",
        "-f", ROOT / "mkdocs.yml", "-d", out,
        cwd=installed.work,
    )  # fmt: skip
    assert (out / "garden/pca/index.html").exists()
    assert (out / "assets/learnfolio/learnfolio.css").exists()


def test_the_stylesheet_parses_to_the_end() -> None:
    # An unclosed block swallows every rule after it without a word from any browser.
    import tinycss2

    css = (ROOT / "plugins/learnfolio/site/assets/learnfolio.css").read_text("utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    assert [r for r in rules if r.type == "error"] == []
    for rule in rules:
        if rule.type == "qualified-rule":
            # A selector never holds a declaration: "a { color: red; .b {" ends up as one.
            assert "{" not in tinycss2.serialize(rule.prelude), tinycss2.serialize(rule.prelude)
            assert not any(t.type == "{} block" for t in rule.content), tinycss2.serialize(
                rule.prelude
            )
    selectors = " ".join(tinycss2.serialize(r.prelude) for r in rules if r.type == "qualified-rule")
    assert ".lf-review-card" in selectors and ".lf-translations" in selectors
