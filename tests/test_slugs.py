"""The one slug function: URLs, heading anchors and tag pages in every script."""

from __future__ import annotations

import pytest

from learnfolio.slugs import heading_slug, match_key, name_key, path_slug, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Eigenvalues and Eigenvectors!", "eigenvalues-and-eigenvectors"),
        ("  What is a  dot product?  ", "what-is-a-dot-product"),
        ("Gradient -- descent", "gradient-descent"),
        ("贝叶斯 定理", "贝叶斯-定理"),
        ("链式法则：直觉", "链式法则直觉"),
        ("ما هو المتجه؟", "ما-هو-المتجه"),
        ("Собственные Значения!", "собственные-значения"),
        ("Straße", "strasse"),
    ],
)
def test_slugify_keeps_letters_of_every_script_lower_cased(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_of_punctuation_only_is_empty() -> None:
    assert slugify("?!…") == ""


def test_heading_slug_honours_the_toc_separator() -> None:
    assert heading_slug("Chain rule in practice", "_") == "chain_rule_in_practice"
    assert heading_slug("Chain rule in practice") == "chain-rule-in-practice"


def test_path_slug_never_returns_an_empty_segment() -> None:
    assert path_slug("01 Linear algebra") == "01-linear-algebra"
    assert path_slug("+++") != ""
    assert path_slug("   ") == "untitled"


def test_match_key_ignores_case_spaces_and_punctuation() -> None:
    assert match_key("What's a Dot-Product?") == match_key("whats a dot product")
    assert match_key("什么是导数？") == match_key("什么是导数")
    assert match_key("ما هو المتجه؟") == match_key("ما هو المتجه")
    assert match_key("Что такое вектор?") == match_key("что такое ВЕКТОР")


def test_match_key_still_tells_different_headings_apart() -> None:
    assert match_key("Dot product") != match_key("Cross product")


def test_name_key_ignores_case_and_surrounding_and_repeated_spaces() -> None:
    assert name_key("  Dot   PRODUCT ") == name_key("dot product")
    assert name_key("Dot product") != name_key("Dot-product")
