"""Read ``mkdocs.yml`` for the command line, with MkDocs' own loader.

``learnfolio check``, ``new`` and ``export`` must see the site exactly as a
build does: ``INHERIT``, ``!ENV`` and ``!relative`` resolved, every plugin's
options validated (learnfolio's by the same config class the plugin declares),
and the same messages for a bad value. So this module does what ``mkdocs
build`` does before it builds: load the file, validate the whole config. It
builds nothing and imports no page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from learnfolio.settings import Settings, SettingsError, settings_from_config
from learnfolio.site.blog import posts_dir


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
    mkdocs: Any
    """MkDocs' whole validated config (an ``MkDocsConfig``), as a build would see it."""


def read_site_config(path: Path) -> SiteConfig:
    """Load ``mkdocs.yml`` as ``mkdocs build`` does and read learnfolio's options from it.

    Raises :class:`SettingsError` naming the file (and the option) when it cannot be used.
    """
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with path.open("rb") as file:
            config.load_file(file)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the config file ({exc.strerror}).") from None
    except ConfigurationError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    failed, _ = config.validate()
    if failed:
        key, error = failed[0]
        raise SettingsError(f"{path}: Config value '{key}': {error}")
    plugin = config.plugins.get("learnfolio")
    if plugin is None:
        raise SettingsError(f"{path}: the 'learnfolio' plugin is not listed under 'plugins'.")
    try:
        settings = settings_from_config(plugin.config, Path(config.docs_dir))
    except SettingsError as exc:
        raise SettingsError(f"{path}: Config value 'plugins': {exc}") from None
    return SiteConfig(path, Path(config.site_dir), settings, posts_dir(config), config)
