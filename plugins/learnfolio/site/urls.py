"""The site after a build's files stage, for ``learnfolio export --post``.

A cross-posted post links back to the site, so its URLs must be the built
site's own: Material's blog gives posts dated URLs, mkdocs-jupyter makes
notebooks pages. Running a build's first events (config, pre-build, files)
gives every file its final ``File.url`` and learnfolio its vault, exactly as
a build would, without rendering a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from learnfolio.settings import Settings
from learnfolio.site.plugin import LearnfolioPlugin
from learnfolio.vault import Vault


@dataclass(frozen=True)
class SiteFiles:
    """What a build knows once its files are final."""

    vault: Vault
    """learnfolio's vault, as the build built it (the site's heading anchors)."""
    settings: Settings
    """learnfolio's options."""
    urls: dict[str, str]
    """Each file's URL relative to the site's root, by its site path."""


def site_files(config_file: Path, scratch: Path, site_url: str) -> SiteFiles:
    """Run the build of ``config_file`` up to its files stage; ``scratch`` is its ``site_dir``.

    ``site_url`` stands for the config's, as ``mkdocs build`` under another address would.

    Raises what a build raises for a bad config or a broken vault
    (``ConfigurationError``, ``PluginError``).
    """
    config = load_config(str(config_file), site_dir=str(scratch), site_url=site_url)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = config.plugins.on_files(get_files(config), config=config)
        plugin = config.plugins["learnfolio"]
        assert isinstance(plugin, LearnfolioPlugin)
        vault, settings = plugin.vault, plugin.settings
        assert vault is not None and settings is not None
        return SiteFiles(vault, settings, {file.src_uri: file.url for file in files})
    finally:
        config.plugins.on_shutdown()
