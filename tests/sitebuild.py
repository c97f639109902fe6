"""Build a small site with MkDocs' own API and read it back with BeautifulSoup."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

DEFAULT_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.arithmatex": {"generic": True}},
]


class BuildFailed(Exception):
    """The build aborted; ``messages`` holds what MkDocs logged at warning or above."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class BuiltSite:
    """A built site in a temporary folder."""

    root: Path
    config: MkDocsConfig
    logs: list[logging.LogRecord] = field(default_factory=list)

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    def page(self, url: str) -> BeautifulSoup:
        """The parsed HTML of the page at ``url`` (``"garden/pca/"``)."""
        path = (
            self.site_dir / url.strip("/") / "index.html"
            if url.strip("/")
            else (self.site_dir / "index.html")
        )
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article(self, url: str) -> BeautifulSoup:
        """The article element of the page at ``url``."""
        found = self.page(url).select_one("article")
        assert found is not None, f"no <article> in {url}"
        return found

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Logged messages at ``level`` or above."""
        return [r.getMessage() for r in self.logs if r.levelno >= level]

    @property
    def plugin(self) -> Any:
        return self.config.plugins["learnfolio"]


class _Collect(logging.Handler):
    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``{relative path: content}`` under ``root`` byte for byte (text as UTF-8,
    no newline translation)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def build_site(
    root: Path,
    files: Mapping[str, str | bytes],
    *,
    sources: list[dict[str, Any]] | None = None,
    options: Mapping[str, Any] | None = None,
    plugins: list[Any] | None = None,
    strict: bool = False,
    serve: bool = False,
    extra: Mapping[str, Any] | None = None,
    log_level: int = logging.DEBUG,
) -> BuiltSite:
    """Write a site (docs/ plus note sources) under ``root`` and build it.

    ``sources`` defaults to one plain folder ``notes`` mounted at ``notes``.
    MkDocs checks anchors only when its ``log_level`` is above DEBUG.
    """
    write_tree(
        root, {"docs/index.md": "# Home\n", **files} if "docs/index.md" not in files else files
    )
    learnfolio = {
        "sources": sources
        if sources is not None
        else [{"path": "notes", "name": "Notes", "mount": "notes"}],
        **(options or {}),
    }
    config: dict[str, Any] = {
        "site_name": "Test site",
        "theme": {"name": "material"},
        "markdown_extensions": DEFAULT_EXTENSIONS,
        "plugins": [
            *(plugins if plugins is not None else ["search", "tags"]),
            {"learnfolio": learnfolio},
        ],
        **(extra or {}),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return rebuild(root, strict=strict, serve=serve, log_level=log_level)


def rebuild(
    root: Path,
    *,
    strict: bool = False,
    serve: bool = False,
    config: MkDocsConfig | None = None,
    log_level: int = logging.DEBUG,
) -> BuiltSite:
    """Build the site at ``root`` (again); pass ``config`` to keep the same plugin object."""
    logs: list[logging.LogRecord] = []
    handler = _Collect(logs)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(log_level)
    try:
        if config is None:
            config = load_config(str(root / "mkdocs.yml"), strict=strict)
            config.plugins.on_startup(command="serve" if serve else "build", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/" if serve else None)
    except Abort:
        raise BuildFailed([r.getMessage() for r in logs if r.levelno >= logging.WARNING]) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return BuiltSite(root, config, logs)


def site_text(site_dir: Path) -> dict[str, bytes]:
    """Every file of the built site, by relative path, as bytes."""
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


# What differs between two builds of the same files: build times (feeds,
# sitemap), the generator tag (the MkDocs version), and the compressed
# sitemap, which records when it was made (sitemap.xml itself is compared).
_BUILD_TIME = re.compile(
    rb"\w{3}, \d\d \w{3} \d{4} (?!00:00:00)\d\d:\d\d:\d\d [+-]\d{4}"
    rb"|\d{4}-\d\d-\d\dT(?!00:00:00)\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?"
)
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def comparable_site(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site as two builds of the same files must agree on it."""
    return {
        rel: _BUILD_TIME.sub(b"BUILD-TIME", _GENERATOR.sub(b"GENERATOR", data))
        for rel, data in site_text(site_dir).items()
        if rel != "sitemap.xml.gz"
    }


def assert_same_site(first: Path | Mapping[str, bytes], second: Path | Mapping[str, bytes]) -> None:
    """Two builds (site folders, or :func:`comparable_site` of them) are the same, file
    for file; the message names the files that differ."""
    a = comparable_site(first) if isinstance(first, Path) else first
    b = comparable_site(second) if isinstance(second, Path) else second
    assert sorted(a) == sorted(b), f"files differ: {sorted(set(a) ^ set(b))}"
    differing = [rel for rel in a if a[rel] != b[rel]]
    assert differing == [], f"these files differ: {differing}"
