"""Walk a built site: every URL its browsing data and its pages point to, checked on disk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

_LINKING = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"))


def exists(site_dir: Path, url: str) -> bool:
    """Whether the site-relative ``url`` (``"garden/pca/"``; ``""`` is home) is a site file."""
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site_dir / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return target.is_file()


def data_urls(site_dir: Path) -> Iterator[tuple[str, str]]:
    """``(data file, url)`` for every page URL in the graph, explorer and preview data."""
    data = site_dir / "learnfolio"
    graph = json.loads((data / "graph.json").read_text("utf-8"))
    for node in graph["nodes"]:
        yield "graph.json", node["u"]

    def walk(nodes: list[dict[str, object]]) -> Iterator[str]:
        for node in nodes:
            if "u" in node:
                yield str(node["u"])
            yield from walk(node.get("c", []))  # type: ignore[arg-type]

    explorer = json.loads((data / "explorer.json").read_text("utf-8"))
    for url in walk(explorer["tree"]):
        yield "explorer.json", url
    for shard in sorted((data / "previews").glob("*.json")):
        for url in json.loads(shard.read_text("utf-8")):
            yield f"previews/{shard.name}", url


def page_links(site_dir: Path, site_url: str = "") -> Iterator[tuple[str, str]]:
    """``(page, site-relative url)`` for every link, image, stylesheet and script of every page.

    Links to other hosts are left out; absolute links into ``site_url`` (and
    paths under its path, as in ``404.html``) are kept.
    """
    root = "http://site.invalid/"
    site_path = urlsplit(site_url).path if site_url else "/"
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        base = root + rel
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag, attr in _LINKING:
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not isinstance(value, str) or not value or value.startswith("#"):
                    continue
                if site_url and value.startswith(site_url):
                    value = "/" + value[len(site_url) :]
                elif value.startswith(site_path) and not value.startswith("//"):
                    value = "/" + value[len(site_path) :]
                url = urljoin(base, value)
                if not url.startswith(root):
                    continue  # another host, mailto:, data:
                yield rel, url[len(root) :]
