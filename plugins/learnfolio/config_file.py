"""Read learnfolio's options from ``mkdocs.yml`` without MkDocs.

``mkdocs.yml`` may hold tags such as ``!!python/name:...`` or ``!ENV``; the
command line does not need those values, so unknown tags read as ``None``
(``!ENV`` as its default) instead of failing.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from learnfolio.settings import Settings, SettingsError, load_settings


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads tags it does not know as ``None``."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    import os

    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    names = loader.construct_sequence(node)  # type: ignore[arg-type]
    for name in names[:-1]:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return names[-1] if names else None


_TolerantLoader.add_multi_constructor("!", _unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)
_TolerantLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class SiteConfig:
    """What the command line needs from ``mkdocs.yml``."""

    path: Path
    """The config file."""
    site_dir: Path
    """Where MkDocs writes the site."""
    settings: Settings
    """learnfolio's checked options."""
    posts_dir: str | None
    """The blog's posts folder in ``docs_dir`` when Material's blog plugin is on."""
    raw: dict[str, Any]
    """The whole file, as read."""


def read_site_config(path: Path) -> SiteConfig:
    """Read ``mkdocs.yml`` and learnfolio's options from it.

    Raises :class:`SettingsError` with the file name when it cannot be used.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the config file ({exc.strerror}).") from None
    try:
        raw = yaml.load(text, Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path}: not valid YAML ({exc}).") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: expected a mapping of options.")
    config_dir = path.resolve().parent
    options = _plugin_options(raw.get("plugins"), "learnfolio")
    if options is None:
        raise SettingsError(f"{path}: the 'learnfolio' plugin is not listed under 'plugins'.")
    docs_dir = config_dir / str(raw.get("docs_dir") or "docs")
    site_dir = config_dir / str(raw.get("site_dir") or "site")
    settings = load_settings(options, config_dir, docs_dir)
    blog = _plugin_options(raw.get("plugins"), "blog", "material/blog")
    posts_dir = None
    if blog is not None and blog.get("enabled", True) is not False:
        blog_dir = posixpath.normpath(str(blog.get("blog_dir") or "blog"))
        posts_dir = posixpath.normpath(
            str(blog.get("post_dir") or "{blog}/posts").format(blog=blog_dir)
        )
    return SiteConfig(path, site_dir, settings, posts_dir, raw)


def _plugin_options(plugins: Any, *names: str) -> dict[str, Any] | None:
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = []
        for item in plugins:
            if isinstance(item, str):
                items.append((item, {}))
            elif isinstance(item, dict):
                items.extend(item.items())
    else:
        return None
    for name, options in items:
        if name in names:
            return dict(options or {})
    return None
