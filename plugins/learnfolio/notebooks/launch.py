"""Launch links of a notebook page: download the ``.ipynb``, open it in Colab or Binder.

A link is only made when it can work: Colab opens notebooks from GitHub only,
Binder from GitHub or GitLab, and both need the notebook's path inside the
repository (so a notebook from a source outside it gets neither).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class LaunchLink:
    """One launch button."""

    kind: str
    """``download``, ``colab`` or ``binder``."""
    label: str
    """The button's text."""
    url: str
    """Where it goes."""


def repository(repo_url: str | None) -> tuple[str, str] | None:
    """``("github", "owner/name")`` for a GitHub or GitLab ``repo_url``, else ``None``."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.strip("/").removesuffix(".git")
    if parts.scheme not in ("http", "https") or path.count("/") < 1:
        return None
    if host == "github.com" and path.count("/") == 1:
        return "github", path
    if host == "gitlab.com":
        return "gitlab", path
    return None


def launch_links(
    *,
    wanted: tuple[str, ...],
    download: str | None,
    repo_url: str | None,
    branch: str,
    repo_path: str | None,
) -> list[LaunchLink]:
    """The launch links that can work, in the order of ``wanted``.

    ``download`` is the URL of the ``.ipynb`` in the site; ``repo_path`` the
    notebook's path inside the repository (``None`` when it is not in it).
    """
    found = repository(repo_url)
    links: list[LaunchLink] = []
    for kind in wanted:
        if kind == "download" and download:
            links.append(LaunchLink(kind, "Download .ipynb", download))
        if found is None or repo_path is None:
            continue
        host, name = found
        path = quote(repo_path)
        ref = quote(branch, safe="")
        if kind == "colab" and host == "github":
            url = f"https://colab.research.google.com/github/{name}/blob/{ref}/{path}"
            links.append(LaunchLink(kind, "Open in Colab", url))
        if kind == "binder":
            project = name if host == "github" else quote(name, safe="")
            prefix = "gh" if host == "github" else "gl"
            lab = quote(repo_path, safe="")
            url = f"https://mybinder.org/v2/{prefix}/{project}/{ref}?labpath={lab}"
            links.append(LaunchLink(kind, "Open in Binder", url))
    return links
