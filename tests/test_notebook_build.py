"""Notebook pages in a real build: links both ways, embeds, execution cache, errors."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

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

    again = rebuild(tmp_path)  # nothing changed
    assert executed(again) == 0
    assert "42" in again.article("notes/one").get_text()

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
