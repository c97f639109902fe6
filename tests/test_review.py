"""The Review page: the site's flashcards, scheduled by ts-fsrs in a real browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from learnfolio.site.vendor import TS_FSRS, vendored
from tests.browser import browser_page, require_chromium, serve_dir
from tests.sitebuild import BuiltSite, build_site

require_chromium()

NOTES: dict[str, str | bytes] = {
    "notes/Eigen.md": (
        "---\ntags: [flashcards, linear-algebra]\n---\n# Eigen\n\n"
        "What does an eigenvector keep?::Its direction.\n\n"
        "Eigenvalue equation:::$A\\mathbf{v} = \\lambda \\mathbf{v}$\n\n"
        "The ==trace== is the sum of the eigenvalues.\n"
    ),
    "notes/Bayes.md": (
        "---\ntags: [flashcards/probability]\n---\n# Bayes\n\n"
        "Posterior odds?::Prior odds times the likelihood ratio.\n"
    ),
    "notes/Plain.md": "# Plain\n\nKey:: value is a Dataview field here.\n",
    "notes/Secret.md": "---\nprivate: true\ntags: [flashcards]\n---\nCANARY-Q::CANARY-A\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("review"), NOTES)


def _cards(site: BuiltSite) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (site.site_dir / "learnfolio" / "cards.json").read_text("utf-8")
    )
    return data


def test_the_review_page_and_its_cards_are_built(site: BuiltSite) -> None:
    page = site.page("review/")
    assert page.select_one("[data-lf-review]") is not None
    assert page.title is not None and page.title.string.startswith("Review")
    data = _cards(site)
    assert [c["q"] for c in data["cards"]][:2] == [
        "Posterior odds?",
        "What does an eigenvector keep?",
    ]
    assert len(data["cards"]) == 5
    assert data["tags"] == ["flashcards", "flashcards/probability", "linear-algebra"]
    formula = next(c for c in data["cards"] if c["q"] == "Eigenvalue equation")
    assert formula["a"].startswith("<math") and "\\mathbf" not in formula["a"]
    assert formula["note"] == "notes/eigen/" and formula["title"] == "Eigen"
    cloze = next(c for c in data["cards"] if c["kind"] == "cloze")
    assert "[…]" in cloze["q"] and '<mark class="lf-cloze">trace</mark>' in cloze["a"]


def test_private_cards_are_never_published(site: BuiltSite) -> None:
    for path in site.site_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            assert "CANARY" not in path.read_text("utf-8", errors="replace"), path


def test_the_scheduler_ships_with_the_site_under_its_license(site: BuiltSite) -> None:
    shipped = site.site_dir / "assets/learnfolio/vendor/ts-fsrs.js"
    assert shipped.read_bytes() == vendored(TS_FSRS).read_bytes()
    license_text = (site.site_dir / "assets/learnfolio/vendor/ts-fsrs.LICENSE.txt").read_text()
    assert "MIT" in license_text


def test_a_site_without_cards_has_no_review_page(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"notes/Plain.md": NOTES["notes/Plain.md"]})
    assert not (built.site_dir / "review").exists()
    assert not (built.site_dir / "learnfolio" / "cards.json").exists()


def _counts(page: Any) -> str:
    text: str = page.inner_text(".lf-review-counts")
    return text


def test_review_a_card_and_the_schedule_holds_after_a_reload(site: BuiltSite) -> None:
    with serve_dir(site.site_dir) as url, browser_page() as page:
        page.goto(url + "review/")
        page.wait_for_selector("[data-lf-ready=yes]")
        assert _counts(page) == "0 due · 5 new · 0 later"
        first = page.get_attribute(".lf-review-card", "data-card")
        assert page.inner_text(".lf-review-question") == "Posterior odds?"
        assert page.inner_text(".lf-review-from a") == "Bayes"
        page.keyboard.press("Space")
        assert "likelihood ratio" in page.inner_text(".lf-review-answer")
        names = page.locator(".lf-review-rate-name").all_inner_texts()
        assert names == ["Again", "Hard", "Good", "Easy"]
        whens = page.locator(".lf-review-rate-when").all_inner_texts()
        assert whens[0].endswith("min") and whens[3].endswith("days")
        page.keyboard.press("3")  # Good
        assert page.get_attribute(".lf-review-card", "data-card") != first
        assert _counts(page) == "0 due · 4 new · 1 later"

        page.reload()
        page.wait_for_selector("[data-lf-ready=yes]")
        assert _counts(page) == "0 due · 4 new · 1 later"
        assert page.get_attribute(".lf-review-card", "data-card") != first
        saved = page.evaluate("JSON.parse(localStorage.getItem('learnfolio.review:/'))")
        state = saved["cards"][first]
        assert state["reps"] == 1 and state["state"] == 1  # learning, due in minutes

        # A maths card's answer is typeset; the deck menu narrows to one tag.
        page.select_option("#lf-review-deck", "tag:linear-algebra")
        assert page.url.endswith("review/?tag=linear-algebra")
        assert _counts(page) == "0 due · 4 new · 0 later"
        page.click(".lf-review-show")
        page.click('.lf-review-rate[data-rating="easy"]')
        assert _counts(page) == "0 due · 3 new · 1 later"
        page.select_option("#lf-review-deck", "tag:flashcards/probability")
        assert page.inner_text(".lf-review-done").startswith("Nothing due. The next card")
        assert page.errors == []
