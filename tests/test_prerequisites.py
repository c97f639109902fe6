"""Prerequisites (``requires:``), learning paths and statuses, as a reader meets them."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from bs4 import BeautifulSoup

from learnfolio.check import check_vault
from learnfolio.render import render_page
from learnfolio.render.prerequisites import path_pages
from tests.conftest import MakeVault
from tests.sitebuild import build_site


def _note(requires: list[str] = (), status: str | None = None, extra: str = "") -> str:  # type: ignore[assignment]
    lines = ["---"]
    if requires:
        lines.append("requires:")
        lines += [f'  - "[[{name}]]"' for name in requires]
    if status is not None:
        lines.append(f"status: {status}")
    if extra:
        lines.append(extra)
    return "\n".join([*lines, "---", "", "Text.", ""])


LINEAR = {
    "notes/Vectors.md": _note(status="known"),
    "notes/Dot product.md": _note(["Vectors"], status="reviewing"),
    "notes/Matrix multiplication.md": _note(["Vectors", "Dot product"], status="learning"),
    "notes/PCA.md": _note(["Matrix multiplication", "Secret", "Nowhere"]),
    "notes/Secret.md": _note(["Vectors"], extra="publish: false"),
}


def _titles(entries: object) -> list[str]:
    return [e.title for e in entries]  # type: ignore[attr-defined]


def test_requires_makes_builds_on_and_leads_to(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, LINEAR)
    found = v.vault.prerequisites
    assert _titles(found.builds_on(v.entry("Matrix multiplication.md"))) == [
        "Vectors",
        "Dot product",
    ]
    assert _titles(found.leads_to(v.entry("Vectors.md"))) == [
        "Dot product",
        "Matrix multiplication",
    ]
    markdown = v.markdown("Matrix multiplication.md")
    top = markdown.split("\n\n")[0]
    assert '<span class="lf-prereq-key">Builds on</span> [Vectors](<vectors.md>)' in top
    assert '[Dot product](<dot-product.md>) <span class="lf-status lf-status-reviewing"' in top
    assert '<span class="lf-prereq-key">Leads to</span> [PCA](<pca.md>)' in top
    assert "[Learning path: 2 notes in order](<../paths/notes/matrix-multiplication.md>)" in top
    # The requires property is said as "Builds on", not repeated as a property.
    assert "lf-property-key" not in markdown


def test_private_and_missing_prerequisites_are_left_out_and_reported_by_check(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, LINEAR)
    pca = v.entry("PCA.md")
    assert _titles(v.vault.prerequisites.builds_on(pca)) == ["Matrix multiplication"]
    # The private note requires Vectors, yet never shows as what Vectors leads to.
    assert "Secret" not in _titles(v.vault.prerequisites.leads_to(v.entry("Vectors.md")))
    assert "Secret" not in _titles(v.vault.prerequisites.path_of(pca))
    assert "secret" not in v.markdown("PCA.md").casefold().replace("[[secret]]", "")
    assert all("ecret" not in text for text in path_pages(v.vault, "paths").values())
    shown = [str(p) for p in check_vault(v.vault, v.settings) if "prerequisite" in p.code]
    assert shown == [
        "notes/PCA.md:4: error: prerequisite '[[Secret]]' is a private or unpublished note; "
        "it is left out of 'Builds on', learning paths and the graph. Publish it or remove "
        "it from requires.",
        "notes/PCA.md:5: error: prerequisite '[[Nowhere]]' does not match any published note; "
        "it is left out of 'Builds on' and learning paths. Fix the name or write the note.",
    ]


def test_a_cycle_is_one_error_naming_its_notes_and_each_requires_line(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": _note(["B"]),
            "notes/B.md": _note(["C"]),
            "notes/C.md": '---\ntitle: C\nrequires: ["[[Other]]", "[[A]]"]\n---\n',
            "notes/Other.md": _note(),
            "notes/Self.md": _note(["Self"]),
        },
    )
    cycles = sorted(str(p) for p in v.problems("prerequisite-cycle"))
    assert cycles == [
        "notes/C.md:3: error: prerequisites form a cycle: A → B → C → A (requires at "
        "notes/A.md:3, notes/B.md:3, notes/C.md:3); a note cannot build on itself. "
        "Remove one of these requires.",
        "notes/Self.md:3: error: prerequisites form a cycle: Self → Self (requires at "
        "notes/Self.md:3); a note cannot build on itself. Remove one of these requires.",
    ]
    # A path through a cycle still lists each note once, and builds.
    assert sorted(_titles(v.vault.prerequisites.path_of(v.entry("A.md")))) == ["B", "C", "Other"]


def test_path_order_respects_every_prerequisite_and_breaks_ties_by_folder_then_title(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    # Ties: nothing orders these three but their folders and titles.
    files = {
        "notes/2 Later/Alpha.md": _note(),
        "notes/1 First/Zeta.md": _note(),
        "notes/1 First/Beta.md": _note(),
        "notes/Goal.md": _note(["Alpha", "Zeta", "Beta"]),
    }
    # And a random acyclic graph of 40 notes: note k requires some notes before it.
    rng = random.Random(14)
    names = [f"N{k:02d}" for k in range(40)]
    for k, name in enumerate(names):
        needs = rng.sample(names[:k], min(k, rng.randint(0, 3)))
        files[f"notes/{rng.choice(['a', 'b', 'c'])}/{name}.md"] = _note(needs)
    files["notes/Top.md"] = _note(names[-5:])
    v = make_vault(tmp_path, files)
    found = v.vault.prerequisites
    assert _titles(found.path_of(v.entry("Goal.md"))) == ["Beta", "Zeta", "Alpha"]
    path = found.path_of(v.entry("Top.md"))
    position = {e.dest: n for n, e in enumerate(path)}
    assert len(position) == len(path) > 5
    for entry in path:
        for needed in found.builds_on(entry):
            assert position[needed.dest] < position[entry.dest], (needed.title, entry.title)


def test_a_path_note_lists_its_path_in_the_order_its_requires_teach(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            **LINEAR,
            "notes/Calculus.md": _note(status="known"),
            "notes/Syllabus.md": '---\npath: true\nrequires:\n  - "[[Matrix multiplication]]"\n'
            '  - "[[Calculus]]"\n---\n# Syllabus\n\nWhat the course covers.\n',
        },
    )
    markdown = v.markdown("Syllabus.md")
    section = markdown.split("## Learning path {: #learning-path }", 1)[1]
    order = [line.split("](")[0].split("[")[1] for line in section.splitlines() if ". [" in line]
    assert order == ["Vectors", "Dot product", "Matrix multiplication", "Calculus"]
    assert "3 notes" not in section and "4 notes: 2 known, 1 reviewing, 1 learning" in section
    assert "paths/notes/syllabus.md" not in path_pages(v.vault, "paths")
    # At the top, a syllabus links to its path rather than listing it twice.
    top = markdown.split("\n\n")[1]
    assert "Builds on" not in top
    assert "[Learning path: 4 notes in order](<syllabus.md#learning-path>)" in top
    # Each topic says which syllabus it is part of.
    assert "Part of</span> [Syllabus](<syllabus.md>)" in v.markdown("Calculus.md")


def test_unknown_status_warns_on_its_line(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "---\ntitle: A\ntags: [x]\nstatus: half-known\n---\n",
            "notes/B.md": "---\nStatus: Known\n---\n",
            "notes/C.md": "---\nstatus:\n---\n",
        },
    )
    assert [str(p) for p in v.problems("unknown-status")] == [
        "notes/A.md:4: warning: status 'half-known' is not one of learning, reviewing, known; "
        "it is not shown. Use one of those to show progress on learning paths and the graph."
    ]
    assert v.vault.prerequisites.status_of(v.entry("B.md")) == "known"
    assert "lf-status-known" in v.markdown("B.md")


def test_built_site_shows_builds_on_leads_to_and_a_path_page_with_statuses(
    tmp_path: Path,
) -> None:
    site = build_site(tmp_path, LINEAR)
    top = site.article("notes/matrix-multiplication/").select_one("p.lf-prereqs")
    assert top is not None
    rows = {
        row.select_one(".lf-prereq-key").get_text(): row
        for row in top.select(".lf-prereq")
        if row.select_one(".lf-prereq-key")
    }
    assert [a["href"] for a in rows["Builds on"].select("a")] == [
        "../vectors/",
        "../dot-product/",
    ]
    assert rows["Status"].get_text(" ", strip=True) == "Status learning"
    assert [a.get_text() for a in rows["Leads to"].select("a")] == ["PCA"]
    link = top.select_one("a.lf-path-link")
    assert link is not None and link["href"] == "../../paths/notes/matrix-multiplication/"
    path = site.article("paths/notes/pca/")
    steps = path.select(".lf-path > ol > li")
    assert [li.a.get_text() for li in steps] == [
        "Vectors",
        "Dot product",
        "Matrix multiplication",
        "PCA",
    ]
    assert [s.get_text() for s in path.select(".lf-path .lf-status")] == [
        "known",
        "reviewing",
        "learning",
    ]
    # The private prerequisite is named nowhere in the site, graph data included;
    # the graph's arrows are the published prerequisites, each once.
    for page in [*site.site_dir.rglob("*.html"), *site.site_dir.rglob("*.json")]:
        assert "Secret" not in page.read_text("utf-8"), page
    graph = json.loads((site.site_dir / "learnfolio/graph.json").read_text("utf-8"))
    urls = [node["u"] for node in graph["nodes"]]
    arrows = {(urls[a], urls[b]) for a, b in graph["requires"]}
    assert arrows == {
        ("notes/vectors/", "notes/dot-product/"),
        ("notes/vectors/", "notes/matrix-multiplication/"),
        ("notes/dot-product/", "notes/matrix-multiplication/"),
        ("notes/matrix-multiplication/", "notes/pca/"),
    }
    statuses = {
        urls[i]: graph["statuses"][n["st"]] for i, n in enumerate(graph["nodes"]) if "st" in n
    }
    assert statuses == {
        "notes/vectors/": "known",
        "notes/dot-product/": "reviewing",
        "notes/matrix-multiplication/": "learning",
    }
    messages = site.messages()
    assert any("notes/PCA.md:4: error: prerequisite '[[Secret]]'" in m for m in messages)


def test_statuses_are_a_layer_on_the_timeline(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "docs/index.md": "# Home\n\n<!-- learnfolio:timeline -->\n",
            "notes/A.md": "---\ndate: 2026-03-02\nstatus: known\n---\n",
            "notes/B.md": "---\ndate: 2026-03-02\nstatus: learning\n---\n",
            "notes/C.md": "---\ndate: 2026-03-09\nstatus: reviewing\n---\n",
            "notes/D.md": "---\ndate: 2026-03-10\n---\n",
        },
    )
    today = dt.date(2026, 12, 2)
    markdown = render_page(v.vault, v.entry("docs/index.md"), v.settings, today=today).markdown
    svg = BeautifulSoup(markdown, "html.parser").select_one("svg.lf-heatmap")
    assert svg is not None
    day = svg.select_one('rect[data-date="2026-03-02"]')
    # The least known status outlines the day; its title counts them all.
    assert day["data-status"] == "learning" and "lf-heat-status-learning" in day["class"]
    assert day.title.get_text() == "2 notes and posts on 2 Mar 2026 (1 learning, 1 known)"
    assert svg.select_one('rect[data-date="2026-03-09"]')["data-status"] == "reviewing"
    assert not svg.select_one('rect[data-date="2026-03-10"]').has_attr("data-status")
    assert "Outlined:" in svg.get_text()
