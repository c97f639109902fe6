"""Notebook pages in a real build: links both ways, embeds, execution cache, errors."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from learnfolio.model.notebook import cell_lines
from tests.notebooks import PLUGINS, cell_line, code, md, notebook, stdout
from tests.sitebuild import BuildFailed, BuiltSite, build_site, rebuild, site_text

NOTES = [{"path": "notes", "name": "Notes", "mount": "notes"}]


def build(root: Path, files: dict[str, str], **kwargs: Any) -> BuiltSite:
    options = kwargs.pop("options", {})
    options.setdefault("cache_dir", str(root / "cache"))
    return build_site(root, files, plugins=PLUGINS, options=options, **kwargs)


def executed(site: BuiltSite) -> int:
    runner = site.plugin.notebooks.runner
    return 0 if runner is None else int(runner.executed_cells)


def test_notebook_becomes_a_page_with_its_title_and_outputs(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {
            "notes/Gradient descent from scratch.ipynb": notebook(
                md("# Descent by hand\n\nThe loss is $L(w) = w^2$."),
                code("print('step 1')", stdout("step 1\n")),
                md("## Step 2. Plot the loss"),
            )
        },
    )
    page = site.page("notes/gradient-descent-from-scratch")
    assert page.title is not None and str(page.title.string).startswith("Descent by hand")
    article = site.article("notes/gradient-descent-from-scratch")
    assert "step 1" in article.get_text()
    assert article.select_one(".lf-math math") is not None  # typeset at build time
    scripts = [str(s.get("src")) for s in page.find_all("script") if s.get("src")]
    assert not [s for s in scripts if s.startswith("http")], scripts  # no MathJax from a CDN
    toc = {a.get_text(strip=True): a["href"] for a in page.select(".md-nav--secondary a")}
    assert toc == {"Step 2. Plot the loss": "#step-2-plot-the-loss"}
    assert article.find(id="step-2-plot-the-loss") is not None


def test_links_and_backlinks_go_both_ways(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {
            "notes/PCA.md": "# PCA\n\nChecked in [[PCA check#The eigenvectors|the notebook]].\n",
            "notes/code/PCA check.ipynb": notebook(
                md("# PCA check\n\nRecap of [[PCA]]; see also #linear-algebra."),
                code("x = 1"),
                md("## The eigenvectors\n\nThey match."),
            ),
        },
    )
    nb = site.article("notes/code/pca-check")
    link = nb.find("a", string="PCA")
    assert link is not None and link["href"] == "../../pca/"
    tag = nb.select_one("a.lf-tag")
    assert tag is not None and tag["href"] == "../../../tags/linear-algebra/"
    assert nb.find(id="the-eigenvectors") is not None  # learnfolio's anchors on headings
    backlinks = nb.select_one("section.lf-backlinks")
    assert backlinks is not None and "PCA" in backlinks.get_text()
    note = site.article("notes/pca")
    to_nb = note.find("a", string="the notebook")
    assert to_nb is not None and to_nb["href"] == "../code/pca-check/#the-eigenvectors"
    note_backlinks = note.select_one("section.lf-backlinks")
    assert note_backlinks is not None and "Recap of PCA" in note_backlinks.get_text()


def test_tag_page_lists_tagged_notebooks_and_counts_them(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {
            "notes/Vectors.md": "---\ntags: [linear-algebra]\n---\n# Vectors\n",
            "notes/PCA check.ipynb": notebook(
                md("# PCA check"),
                code("x = 1"),
                metadata={"learnfolio": {"tags": ["linear-algebra"]}},
            ),
        },
    )
    page = site.article("tags/linear-algebra")
    listed = {a.get_text(strip=True) for a in page.select("a[href]") if "tags" not in a["href"]}
    assert {"Vectors", "PCA check"} <= listed
    assert "2 notes tagged" in page.get_text()
    chips = [a.get_text(strip=True) for a in site.page("notes/pca-check").select(".md-tag")]
    assert chips == ["linear-algebra"]


def test_unresolved_link_in_notebook_is_marked_and_fails_strict(tmp_path: Path) -> None:
    text = notebook(md("# Nb"), md("See [[Nowhere]]."))
    files = {"notes/Nb.ipynb": text}
    site = build(tmp_path, files)
    assert site.article("notes/nb").select_one("span.lf-unresolved") is not None
    where = f"notes/Nb.ipynb:{cell_line(text, 2)}: error: cell 2: link '[[Nowhere]]'"
    assert any(where in m for m in site.messages())
    with pytest.raises(BuildFailed):
        build(tmp_path / "strict", files, strict=True)


def test_note_embeds_a_notebook_and_its_code_can_run(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {
            "notes/Overview.md": "Before.\n\n![[Demo.ipynb]]\n\nAfter.\n",
            "notes/Demo.ipynb": notebook(md("## Setup\n\nMake x."), code("x = 41\nprint(x + 1)")),
        },
    )
    article = site.article("notes/overview")
    embed = article.select_one(".lf-embed")
    assert embed is not None and "Make x." in embed.get_text()
    runnable = embed.select_one(".run")
    assert runnable is not None and "x = 41" in runnable.get_text()
    config = article.select_one(".lf-run-config")
    assert config is not None and config["data-pyodide"].startswith("https://cdn.jsdelivr.net/")


def test_download_and_launch_buttons(tmp_path: Path) -> None:
    files = {"notes/Demo.ipynb": notebook(md("# Demo"), code("1 + 1"))}
    site = build(tmp_path, files, extra={"repo_url": "https://github.com/mei/notes"}, options={})
    bar = site.article("notes/demo").select_one(".lf-launch-bar")
    assert bar is not None
    hrefs = [a["href"] for a in bar.find_all("a")]
    assert hrefs[0] == "demo.ipynb"
    assert json.loads((site.site_dir / "notes/demo/demo.ipynb").read_text())["cells"]
    assert "colab.research.google.com/github/mei/notes/blob/main/notes/Demo.ipynb" in hrefs[1]
    assert hrefs[2].startswith("https://mybinder.org/v2/gh/mei/notes/main?labpath=notes%2FDemo")
    plain = build(tmp_path / "plain", files)
    kinds = [a["class"][-1] for a in plain.article("notes/demo").select(".lf-launch-bar a")]
    assert kinds == ["lf-launch-download"]  # no repository: no Colab, no Binder


# -- build-time execution -----------------------------------------------------------


def test_execution_cache_runs_each_code_version_once(tmp_path: Path) -> None:
    first = notebook(md("# One"), code("a = 6 * 7\nprint(a)"), code("a + 1"))
    second = notebook(md("# Two"), code("print('two')"))
    site = build(
        tmp_path,
        {"notes/One.ipynb": first, "notes/Two.ipynb": second},
        options={"notebooks": {"execute": True}},
    )
    assert executed(site) == 3
    assert "42" in site.article("notes/one").get_text()
    downloads = {p.name: p.read_text() for p in site.site_dir.rglob("*.ipynb")}

    again = rebuild(tmp_path)  # nothing changed
    assert executed(again) == 0
    assert "42" in again.article("notes/one").get_text()
    # The download is the same file whether this build ran it or the cache gave it.
    assert {p.name: p.read_text() for p in again.site_dir.rglob("*.ipynb")} == downloads

    prose = notebook(
        md("# One, reworded\n\nNew prose."), code("a = 6 * 7\nprint(a)"), code("a + 1")
    )
    (tmp_path / "notes/One.ipynb").write_text(prose)
    edited = rebuild(tmp_path)
    assert executed(edited) == 0
    article = edited.article("notes/one")
    assert "New prose." in article.get_text() and "43" in article.get_text()

    changed = notebook(md("# Two"), code("print('two, changed')"))
    (tmp_path / "notes/Two.ipynb").write_text(changed)
    recoded = rebuild(tmp_path)
    assert executed(recoded) == 1  # only Two ran
    assert "two, changed" in recoded.article("notes/two").get_text()


def test_sources_are_never_written(tmp_path: Path) -> None:
    text = notebook(md("# One"), code("print(1)"))
    build(tmp_path, {"notes/One.ipynb": text}, options={"notebooks": {"execute": True}})
    assert (tmp_path / "notes/One.ipynb").read_text() == text
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["One.ipynb"]


def test_notebook_can_opt_out_of_execution(tmp_path: Path) -> None:
    meta = {"learnfolio": {"execute": False}}
    site = build(
        tmp_path,
        {"notes/Slow.ipynb": notebook(md("# Slow"), code("print('ran')"), metadata=meta)},
        options={"notebooks": {"execute": True}},
    )
    assert executed(site) == 0
    assert site.article("notes/slow").select(".jp-OutputArea-output") == []  # no outputs


def test_failing_cell_is_reported_shown_and_fails_strict(tmp_path: Path) -> None:
    text = notebook(md("# Broken"), code("x = 1"), code("x / 0"))
    files = {"notes/Broken.ipynb": text}
    site = build(tmp_path, files, options={"notebooks": {"execute": True}})
    message = (
        f"notes/Broken.ipynb:{cell_line(text, 3)}: error: "
        "cell 3: ZeroDivisionError: division by zero"
    )
    assert any(message in m for m in site.messages(logging.WARNING))
    article = site.article("notes/broken")
    assert "ZeroDivisionError" in article.select_one(".jupyter-wrapper").get_text()
    assert article.select_one(".lf-cell-failure") is not None
    with pytest.raises(BuildFailed) as failed:
        rebuild(tmp_path, strict=True)  # from the cache: reported all the same
    assert any(message in m for m in failed.value.messages)


def test_slow_cell_times_out_and_is_reported(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {"notes/Slow.ipynb": notebook(md("# Slow"), code("import time\ntime.sleep(30)"))},
        options={"notebooks": {"execute": True, "timeout": 1}},
    )
    slow = [m for m in site.messages() if m.startswith("learnfolio: notes/Slow.ipynb:")]
    assert any(": error: cell 2: TimeoutError" in m for m in slow)


def test_progress_is_logged_per_notebook(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {"notes/One.ipynb": notebook(md("# One"), code("1"), code("2"))},
        options={"notebooks": {"execute": True}},
    )
    progress = [m for m in site.messages(logging.INFO) if m.startswith("learnfolio: notes/One")]
    assert progress[0].endswith("running 2 code cell(s) with kernel 'python3'")
    assert any("cell 3 done (2/2" in m for m in progress)


def test_built_site_holds_no_cdn_but_pyodide(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {"notes/Nb.ipynb": notebook(md("# Nb\n\n$$a^2$$"), code("1"))},
        options={"notebooks": {"pyodide": "assets/pyodide/"}},
    )
    for rel, data in site_text(site.site_dir).items():
        if rel.endswith(".html"):
            assert b"cdnjs.cloudflare.com" not in data, rel
            assert b"cdn.jsdelivr.net" not in data, rel
    config = site.article("notes/nb").select_one(".lf-run-config")
    assert config is not None and config["data-pyodide"] == "../../assets/pyodide/"


def test_notebook_in_docs_dir_is_executed_too(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        {"docs/Lab.ipynb": notebook(md("# Lab"), code("print(6 * 7)")), "notes/A.md": "[[Lab]]\n"},
        options={"notebooks": {"execute": True}},
    )
    assert executed(site) == 1
    assert "42" in site.article("Lab").get_text()
    assert site.article("notes/a").find("a", string="Lab")["href"] == "../../Lab/"


def test_private_notebook_appears_nowhere(tmp_path: Path) -> None:
    secret = notebook(
        md("# Secret\n\nopal-walrus-5512"), metadata={"learnfolio": {"private": True}}
    )
    site = build(
        tmp_path,
        {"notes/Secret.ipynb": secret, "notes/A.md": "Public.\n"},
        options={"notebooks": {"execute": True}},
    )
    assert executed(site) == 0
    for rel, data in site_text(site.site_dir).items():
        assert b"opal-walrus-5512" not in data, rel


def test_failed_run_is_not_cached_so_installing_the_package_is_enough(tmp_path: Path) -> None:
    text = notebook(md("# Needs"), code("import lf_needed_pkg\nprint(lf_needed_pkg.ANSWER)"))
    site = build(tmp_path, {"notes/Needs.ipynb": text}, options={"notebooks": {"execute": True}})
    assert any("cell 2: ModuleNotFoundError" in m for m in site.messages())
    # The user installs it (here: a module beside the notebook, where it runs).
    (tmp_path / "notes/lf_needed_pkg.py").write_text("ANSWER = 42\n")
    fixed = rebuild(tmp_path)
    assert executed(fixed) == 1  # ran again, not the cached failure
    assert not [m for m in fixed.messages() if "Needs.ipynb" in m]
    assert "42" in fixed.article("notes/needs").get_text()
    assert executed(rebuild(tmp_path)) == 0  # a passing run is cached


def test_cell_tagged_raises_exception_may_fail(tmp_path: Path) -> None:
    expected = code("1 / 0")
    expected["metadata"] = {"tags": ["raises-exception"]}
    text = notebook(md("# Errors on purpose"), expected, code("print('after')"))
    site = build(tmp_path, {"notes/Demo.ipynb": text}, options={"notebooks": {"execute": True}})
    assert not [m for m in site.messages() if "Demo.ipynb" in m]
    article = site.article("notes/demo")
    assert "ZeroDivisionError" in article.get_text() and "after" in article.get_text()
    assert article.select_one(".lf-cell-failure") is None
    assert executed(rebuild(tmp_path, strict=True)) == 0  # passing, so cached


def test_fewer_outputs_than_saved_after_a_failure_is_a_warning(tmp_path: Path) -> None:
    text = notebook(
        md("# Plots"),
        code("import lf_missing_pkg"),
        code("print('saved result')", stdout("saved result\n")),
        code("print(lf_missing_pkg.x)", stdout("3\n")),
    )
    site = build(tmp_path, {"notes/Plots.ipynb": text}, options={"notebooks": {"execute": True}})
    warning = (
        f"notes/Plots.ipynb:{cell_line(text, 4)}: warning: cell(s) 4 show fewer outputs "
        "than the notebook has saved"
    )
    assert any(warning in m for m in site.messages(logging.INFO)), site.messages(logging.INFO)


def test_legacy_widget_notebook_builds_with_the_rest(tmp_path: Path) -> None:
    widget = {
        "output_type": "display_data",
        "data": {
            "text/plain": "IntSlider(value=3)",
            "application/vnd.jupyter.widget-view+json": {"model_id": "a65a"},
        },
        "metadata": {},
    }
    legacy = json.loads(notebook(md("# Sliders"), code("w", widget), md("See [[Nowhere]].")))
    legacy["metadata"]["widgets"] = {"state": {"a65a": {"views": []}}, "version": "1.2.0"}
    legacy["nbformat_minor"] = 0
    source = json.dumps(legacy, indent=3)  # not learnfolio's layout
    site = build(
        tmp_path,
        {
            "notes/Sliders.ipynb": source,
            "notes/Fine.ipynb": notebook(md("# Fine"), code("1")),
            "notes/A.md": "See [[Sliders]].\n",
        },
    )
    said = "notes/Sliders.ipynb:1: warning: its old-style (nbformat 4.0-era) widget metadata"
    assert any(said in m for m in site.messages(logging.INFO))
    # Problems found in the repaired copy point at the author's file.
    link = f"notes/Sliders.ipynb:{cell_lines(source)[2]}: error: cell 3: link '[[Nowhere]]'"
    assert any(link in m for m in site.messages()), site.messages()
    assert "IntSlider(value=3)" in site.article("notes/sliders").get_text()
    assert site.article("notes/fine") is not None
    assert (tmp_path / "notes/Sliders.ipynb").read_text() == source  # never written


def test_notebook_nbconvert_fails_on_is_named_and_shown_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs_jupyter.convert  # type: ignore[import-untyped]

    convert = mkdocs_jupyter.convert.nb2html

    def fails_on_rich_outputs(path: str, **options: Any) -> str:
        if "as-text" not in path:  # the notebook as written: a converter bug
            raise RuntimeError("template exploded")
        return str(convert(path, **options))

    monkeypatch.setattr(mkdocs_jupyter.convert, "nb2html", fails_on_rich_outputs)
    picture = {"output_type": "display_data", "data": {"text/plain": "<Figure>"}, "metadata": {}}
    files = {
        "notes/Bad.ipynb": notebook(md("# Bad"), code("plot()", picture)),
        "notes/A.md": "See [[Bad]].\n",
    }
    site = build(tmp_path, files)
    said = (
        "notes/Bad.ipynb:1: warning: could not be converted to a page by nbconvert "
        "(RuntimeError: template exploded); its outputs are shown as text"
    )
    assert any(said in m for m in site.messages(logging.INFO))
    assert "<Figure>" in site.article("notes/bad").get_text()
    assert "Bad" in site.article("notes/a").get_text()


def test_notebook_nothing_converts_is_a_page_saying_so_and_fails_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs_jupyter.convert

    def always_fails(path: str, **options: Any) -> str:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(mkdocs_jupyter.convert, "nb2html", always_fails)
    files = {"notes/Bad.ipynb": notebook(md("# Bad"), code("1")), "notes/A.md": "Fine.\n"}
    site = build(tmp_path, files)
    said = "notes/Bad.ipynb:1: error: could not be converted to a page by nbconvert"
    assert any(said in m for m in site.messages())
    assert site.article("notes/bad").select_one(".lf-notebook-failed") is not None
    assert site.article("notes/a") is not None
    with pytest.raises(BuildFailed):
        rebuild(tmp_path, strict=True)
