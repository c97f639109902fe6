"""Translations side by side: pairing, "Also in", languages in HTML, search by language."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from learnfolio.vault import translations
from learnfolio.vault.translations import guess_language, language_name
from tests.browser import browser_page, require_chromium, serve_dir
from tests.conftest import MakeVault
from tests.sitebuild import BuildFailed, BuiltSite, build_site

require_chromium()

ENGLISH = "# Eigenvalues\n\nAn eigenvector keeps its direction; the eigenvalue scales it.\n"
CHINESE = (
    "# 特征值\n\n特征向量在变换后方向不变，特征值是它被拉伸的倍数。矩阵的特征值决定了很多性质。\n"
)
FRENCH = "# Valeurs propres\n\nUn vecteur propre garde sa direction ; la valeur propre l'étire.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CHINESE, "zh"),
        (ENGLISH, None),
        ("# 固有値\n\n固有ベクトルは向きを変えないベクトルです。固有値はその倍率です。\n", "ja"),
        ("# 고유값\n\n고유벡터는 방향이 바뀌지 않는 벡터입니다. 고유값은 배율입니다.\n", "ko"),
        # A few Chinese terms in an English note do not make it Chinese.
        (
            "# SVD\n\nThe singular value decomposition (奇异值分解) factors any matrix "
            "into rotations and a scaling along orthogonal axes.\n",
            None,
        ),
        # Code and formulas do not count: this note's prose is Chinese.
        (
            "# 梯度\n\n梯度指向函数增长最快的方向。\n\n```python\n"
            + "def gradient_of_the_loss_function(parameters): return parameters\n" * 5
            + "```\n\n$$\\nabla f(x) = \\left(\\frac{\\partial f}{\\partial x_1}\\right)$$\n",
            "zh",
        ),
        ("$$x$$\n", None),
    ],
)
def test_the_language_of_a_note_is_guessed_from_its_script(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


def test_languages_are_named_in_themselves() -> None:
    assert language_name("zh") == "中文"
    assert language_name("zh_CN") == "中文"
    assert language_name("en-GB") == "English"
    assert language_name("fr") == "Français"
    assert language_name("tlh") == "tlh"


def test_links_either_way_join_one_group(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Eigenvalues.md": ENGLISH,
            "notes/特征值.md": '---\ntranslation_of: "[[Eigenvalues]]"\n---\n' + CHINESE,
            "notes/Valeurs propres.md": '---\nlang: fr\ntranslations: ["[[Eigenvalues]]"]\n---\n'
            + FRENCH,
            "notes/Other.md": "# Other\n\nNo translations.\n",
        },
    )
    group = v.vault.translations[v.entry("Eigenvalues.md").dest]
    assert [(x.dest, x.lang) for x in group] == [
        ("notes/eigenvalues.md", None),  # the site's language first
        ("notes/valeurs-propres.md", "fr"),
        ("notes/特征值.md", "zh"),
    ]
    for name in ("特征值.md", "Valeurs propres.md"):
        assert v.vault.translations[v.entry(name).dest] is group
    assert v.entry("Other.md").dest not in v.vault.translations
    assert v.vault.problems == []
    # The pairing property is not shown as a property line: "Also in" says it.
    markdown = v.markdown("特征值.md")
    assert "translation_of" not in markdown
    assert "Also in:" in markdown and "[English]" in markdown and "[Français]" in markdown


def test_two_versions_in_one_language_are_reported(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Eigenvalues.md": ENGLISH,
            "notes/Eigen again.md": '---\ntranslation_of: "[[Eigenvalues]]"\n---\n' + ENGLISH,
        },
    )
    (problem,) = v.vault.problems
    assert problem.level == "warning" and problem.line == 2
    assert "same language (the site's language)" in problem.message
    assert "lang: zh" in problem.message


def test_a_hidden_translation_is_never_paired(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Eigenvalues.md": ENGLISH,
            "notes/特征值.md": '---\nprivate: true\ntranslation_of: "[[Eigenvalues]]"\n---\n'
            + CHINESE,
            "notes/Valeurs propres.md": '---\ntranslation_of: "[[特征值]]"\n---\n' + FRENCH,
        },
    )
    assert v.vault.translations == {}
    assert "特征值" not in v.markdown("Eigenvalues.md")


NOTES: dict[str, str | bytes] = {
    "notes/Eigenvalues.md": ENGLISH,
    "notes/特征值.md": '---\ntranslation_of: "[[Eigenvalues]]"\n---\n' + CHINESE,
    "notes/Bayes.md": "# Bayes\n\nPosterior odds are prior odds times the likelihood ratio.\n",
    "notes/贝叶斯.md": "# 贝叶斯\n\n贝叶斯 Bayes 定理：后验几率等于先验几率乘以似然比。\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("translations")
    return build_site(root, NOTES, extra={"site_url": "https://example.org/notes/"})


def test_each_version_links_to_the_others(site: BuiltSite) -> None:
    english = site.article("notes/eigenvalues").select_one(".lf-translations")
    assert english is not None and english.get_text(" ", strip=True) == "Also in: 中文"
    assert unquote(english.a["href"]) == "../特征值/"
    chinese = site.article("notes/特征值").select_one(".lf-translations")
    assert chinese is not None and chinese.get_text(" ", strip=True) == "Also in: English"
    assert site.article("notes/bayes").select_one(".lf-translations") is None


def _sitemap_alternates(site_dir: Path) -> dict[str, list[tuple[str, str]]]:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=ns) or "": [
            (link.get("hreflang") or "", link.get("href") or "")
            for link in url.findall("x:link", ns)
        ]
        for url in root.findall("s:url", ns)
    }


def test_pages_say_their_language_and_the_sitemap_lists_their_versions(site: BuiltSite) -> None:
    def lang(page: str) -> str:
        soup = site.page(page)
        # Material fetches a sitemap beside every <link rel="alternate"> in a head.
        assert soup.select('link[rel="alternate"][hreflang]') == []
        return str(soup.html["lang"])

    assert lang("notes/eigenvalues") == "en"
    assert lang("notes/特征值") == "zh"
    assert lang("notes/贝叶斯") == "zh"  # Chinese, with no translation
    assert lang("notes/bayes") == "en"
    english = "https://example.org/notes/notes/eigenvalues/"
    chinese = "https://example.org/notes/notes/%E7%89%B9%E5%BE%81%E5%80%BC/"
    both = [("en", english), ("zh", chinese)]
    versions = _sitemap_alternates(site.site_dir)
    assert versions[english] == both and versions[chinese] == both
    assert versions["https://example.org/notes/notes/bayes/"] == []
    packed = gzip.decompress((site.site_dir / "sitemap.xml.gz").read_bytes()).decode()
    assert packed == (site.site_dir / "sitemap.xml").read_text("utf-8")


def test_search_knows_which_pages_are_in_another_language(site: BuiltSite) -> None:
    data = json.loads((site.site_dir / "learnfolio" / "languages.json").read_text("utf-8"))
    assert data == {
        "site": "en",
        "names": {"en": "English", "zh": "中文"},
        "pages": {"notes/特征值/": "zh", "notes/贝叶斯/": "zh"},
    }


def test_a_site_in_one_language_offers_no_language_menu(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"notes/Bayes.md": NOTES["notes/Bayes.md"]})
    assert not (built.site_dir / "learnfolio" / "languages.json").exists()
    assert '"languages": false' in (built.site_dir / "assets/learnfolio/config.js").read_text()


def test_the_site_language_option_names_unmarked_notes(tmp_path: Path) -> None:
    built = build_site(tmp_path, dict(NOTES), options={"language": "fr"})
    also = built.article("notes/特征值").select_one(".lf-translations")
    assert also is not None and also.get_text(" ", strip=True) == "Also in: Français"
    with pytest.raises(BuildFailed, match="option 'language': expected a language code"):
        build_site(tmp_path / "bad", dict(NOTES), options={"language": "not a code"})


def test_search_can_be_narrowed_to_one_language(site: BuiltSite) -> None:
    with serve_dir(site.site_dir) as url, browser_page() as page:
        page.goto(url + "notes/bayes/")
        page.click("input.md-search__input")
        page.keyboard.type("Bayes")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length == 3")
        menu = page.locator("select#lf-search-lang")
        assert menu.locator("option").all_inner_texts() == ["All languages", "English", "中文"]

        def shown() -> list[str]:
            links: Any = page.eval_on_selector_all(
                ".md-search-result__item:not([hidden]) > a.md-search-result__link",
                "links => links.map(a => decodeURI(new URL(a.href).pathname))",
            )
            return sorted(set(links))

        # The source's index page lists both notes: it is in the site's language.
        assert shown() == ["/notes/", "/notes/bayes/", "/notes/贝叶斯/"]
        menu.select_option("en")
        assert shown() == ["/notes/", "/notes/bayes/"]
        assert page.inner_text(".lf-search-lang-count") == "2 of these in English"
        menu.select_option("zh")
        assert shown() == ["/notes/贝叶斯/"]
        # The choice holds for the next query and the next page.
        page.goto(url + "notes/eigenvalues/")
        page.click("input.md-search__input")
        page.keyboard.type("Bayes")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length == 3")
        assert page.locator("select#lf-search-lang").input_value() == "zh"
        assert shown() == ["/notes/贝叶斯/"]
        assert page.errors == []


def _counted_in_full(text: str) -> str | None:
    """The guess from a count of every kind of letter, without the shortcut."""
    if not translations._EAST_ASIAN.search(text):
        return None
    prose = translations._MATH.sub(" ", translations._FENCE.sub(" ", text))
    counts = [
        len(p.sub("", prose))
        for p in (translations._NOT_HAN, translations._NOT_KANA, translations._NOT_HANGUL)
    ]
    return translations._by_letters(prose, *counts)


def test_the_shortcut_for_mostly_latin_notes_guesses_as_a_full_count() -> None:
    import random

    rng = random.Random(7)
    pieces = ["eigen", "value ", "矩阵", "特征", "ベクトル", "고유값", "゙゚", "\ufa6e", "\ud7a4",
              "12 ", "_", "—", " ", "\n", "é", "ß"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert guess_language(text) == _counted_in_full(text), text
