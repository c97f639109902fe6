"""`notebooks.pyodide: local` or a package folder: Pyodide copied into the site, never as pages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from learnfolio.notebooks.options import PYODIDE_CDN, PYODIDE_VERSION, PyodideSource
from learnfolio.settings import SettingsError, load_settings
from tests.notebooks import PLUGINS, code, md, notebook
from tests.sitebuild import build_site, site_text

README_PHRASE = "indigo-walrus-4417"


def fake_pyodide(folder: Path, version: str = "314.0.7") -> Path:
    """A stand-in for the unpacked npm ``pyodide`` package: its file names, tiny contents."""
    folder.mkdir(parents=True)
    files = {
        "pyodide.mjs": "export const loadPyodide = () => null;\n",
        "pyodide.js": "var loadPyodide;\n",
        "pyodide.asm.mjs": "// runtime\n",
        "pyodide-lock.json": '{"packages": {}}\n',
        "package.json": json.dumps({"name": "pyodide", "version": version}),
        "README.md": f"# Pyodide JavaScript package\n\n{README_PHRASE}\n",
        "pyodide.d.ts": "export {};\n",
        "pyodide.mjs.map": "{}\n",
        "console.html": f"<html><body>{README_PHRASE}</body></html>\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (folder / "python_stdlib.zip").write_bytes(b"PK\5\6" + b"\0" * 18)
    return folder


def _pyodide(tmp_path: Path, value: str) -> PyodideSource:
    (tmp_path / "docs").mkdir(exist_ok=True)
    return load_settings(
        {"notebooks": {"pyodide": value}}, tmp_path, tmp_path / "docs"
    ).notebooks.pyodide


def test_local_uses_the_copy_make_pyodide_fetched(tmp_path: Path) -> None:
    folder = fake_pyodide(tmp_path / ".cache/pyodide" / PYODIDE_VERSION)
    pyodide = _pyodide(tmp_path, "local")
    assert pyodide.url == "learnfolio/pyodide/"
    assert pyodide.folder == folder
    assert pyodide.packages == PYODIDE_CDN


def test_local_without_a_copy_falls_back_to_the_cdn(tmp_path: Path) -> None:
    pyodide = _pyodide(tmp_path, "local")
    assert (pyodide.url, pyodide.folder) == (PYODIDE_CDN, None)
    assert pyodide.missing == tmp_path / ".cache/pyodide" / PYODIDE_VERSION


def test_a_package_folder_loads_packages_from_its_own_release(tmp_path: Path) -> None:
    fake_pyodide(tmp_path / "vendor/pyodide", version="313.0.1")
    pyodide = _pyodide(tmp_path, "vendor/pyodide")
    assert pyodide.folder == tmp_path / "vendor/pyodide"
    assert pyodide.packages == "https://cdn.jsdelivr.net/pyodide/v313.0.1/full/"
    (tmp_path / "vendor/pyodide/numpy-2.0-cp313-pyodide.whl").write_bytes(b"PK")
    assert _pyodide(tmp_path, "vendor/pyodide").packages is None


def test_a_folder_that_is_not_pyodide_is_refused_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    with pytest.raises(
        SettingsError, match=r"sub-option 'pyodide': 'vendor' .* holds no pyodide.mjs"
    ):
        _pyodide(tmp_path, "vendor")
    with pytest.raises(
        SettingsError, match=r"sub-option 'pyodide': folder '~/nowhere-4417' does not exist"
    ):
        _pyodide(tmp_path, "~/nowhere-4417")


def test_local_pyodide_is_copied_as_static_files_never_as_pages(tmp_path: Path) -> None:
    fake_pyodide(tmp_path / ".cache/pyodide" / PYODIDE_VERSION)
    site = build_site(
        tmp_path,
        {"notes/Nb.ipynb": notebook(md("# Nb"), code("1 + 1")), "notes/A.md": "# A\n\n[[Nb]]\n"},
        plugins=PLUGINS,
        options={"cache_dir": str(tmp_path / "cache"), "notebooks": {"pyodide": "local"}},
        extra={"site_url": "https://example.org/"},
        strict=True,
    )
    copied = sorted(p.name for p in (site.site_dir / "learnfolio/pyodide").iterdir())
    assert copied == [
        "pyodide-lock.json",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "pyodide.js",
        "pyodide.mjs",
        "python_stdlib.zip",
    ]
    config = site.article("notes/nb/").select_one(".lf-run-config")
    assert config is not None and config["data-pyodide"] == "../../learnfolio/pyodide/"
    assert config["data-packages"] == PYODIDE_CDN
    # Nothing of the package is a page: no search entry, sitemap line, graph node or explorer leaf.
    for rel, data in site_text(site.site_dir).items():
        assert README_PHRASE.encode() not in data, rel
        if rel.endswith((".json", ".xml")) and not rel.startswith("learnfolio/pyodide/"):
            assert b"pyodide/" not in data.replace(b"pyodide/v", b""), rel


def test_local_without_a_copy_builds_strictly_and_says_so(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        {"notes/Nb.ipynb": notebook(md("# Nb"), code("1 + 1"))},
        plugins=PLUGINS,
        options={"cache_dir": str(tmp_path / "cache"), "notebooks": {"pyodide": "local"}},
        strict=True,
    )
    config = site.article("notes/nb/").select_one(".lf-run-config")
    assert config is not None and config["data-pyodide"] == PYODIDE_CDN
    assert not (site.site_dir / "learnfolio/pyodide").exists()
    notes = [m for m in site.messages(logging.INFO) if "notebooks.pyodide is 'local'" in m]
    assert len(notes) == 1 and "make pyodide" in notes[0]
