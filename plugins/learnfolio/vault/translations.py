"""Translations: notes and posts that say the same thing in another language.

A learner who writes in two languages pairs a page with its translation in
frontmatter, with a property link: ``translation_of: "[[Original]]"`` on the
translation, or ``translations: ["[[Other]]", ...]`` on any of them. Links of
either kind join pages into one group, whichever side wrote them, so each page
of a group can say "Also in: English / 中文" and carry ``hreflang`` alternates.

A page's language is its ``lang:`` (or ``language:``) property; without one,
text written mostly in Chinese, Japanese or Korean script is taken to be in
that language, and anything else in the site's language (``None`` here: only
the site layer knows which that is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from learnfolio.problems import Problem

if TYPE_CHECKING:
    from learnfolio.model import Note
    from learnfolio.vault.entries import Entry
    from learnfolio.vault.index import Vault

KEYS = frozenset({"translation_of", "translations"})
"""Properties whose links pair a page with its translations (any letter case)."""
_LANGUAGE_KEYS = ("lang", "language")

NAMES = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "hi": "हिन्दी",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "sv": "Svenska",
    "tr": "Türkçe",
    "uk": "Українська",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
}
"""Each language's name in itself, as a reader looking for it would recognise it."""

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# Each pattern matches runs of what a count leaves out: len(p.sub("", text)) counts the rest.
_NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_KANA = re.compile(r"[^\u3040-\u30ff]+")
_NOT_HANGUL = re.compile(r"[^\uac00-\ud7af]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_LATIN = bytes(b for b in range(128) if not chr(b).isalpha())
"""The ASCII bytes that are not letters (deleted to count the letters A-Z, a-z)."""
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)


def language_name(code: str) -> str:
    """``"zh"`` → ``"中文"``; a code without a known name shows as itself."""
    folded = code.lower().replace("_", "-")
    return NAMES.get(folded) or NAMES.get(folded.split("-")[0]) or code


def declared_language(note: Note) -> str | None:
    """The note's ``lang:`` (or ``language:``), normalised (``zh_CN`` → ``zh-CN``), if valid."""
    for key, value in note.meta.items():
        if isinstance(key, str) and key.casefold() in _LANGUAGE_KEYS and isinstance(value, str):
            text = value.strip()
            if _CODE.match(text):
                return text.replace("_", "-")
    return None


def guess_language(text: str) -> str | None:
    """``"zh"``, ``"ja"`` or ``"ko"`` for text written mostly in that script, else ``None``.

    Code blocks and formulas do not count: a Chinese note full of Python is
    still Chinese. A few Chinese terms in an English note are not enough.
    """
    if not _EAST_ASIAN.search(text):
        return None  # most notes: no need to count their letters
    prose = _MATH.sub(" ", _FENCE.sub(" ", text))
    han, kana, hangul = (len(p.sub("", prose)) for p in (_NOT_HAN, _NOT_KANA, _NOT_HANGUL))
    latin = len(prose.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if (han + kana + hangul) * 5 < latin:
        # The sure case, without counting every kind of letter: the test in
        # _by_letters holds too, as the letters are at least the Latin ones
        # (not every character counted above is a letter).
        return None
    return _by_letters(prose, han, kana, hangul)


def _by_letters(prose: str, han: int, kana: int, hangul: int) -> str | None:
    """The guess for ``prose`` (code and formulas left out) from every letter it has."""
    letters = len(_NOT_LETTER.sub("", prose))
    if letters == 0:
        return None
    # One Han character carries about as much as a word of four Latin letters.
    if (han + kana + hangul) * 4 < letters - han - kana - hangul:
        return None
    if hangul > han + kana:
        return "ko"
    if kana and kana * 10 >= han + kana:
        return "ja"
    return "zh"


def note_language(note: Note) -> str | None:
    """The language ``note`` is written in, or ``None`` for the site's own."""
    return declared_language(note) or guess_language(note.body)


@dataclass(frozen=True, slots=True)
class Version:
    """One page of a group of translations."""

    dest: str
    """Its site path."""
    lang: str | None
    """Its language; ``None`` for the site's own."""


def index_translations(vault: Vault) -> None:
    """Group the vault's pages joined by translation links into ``vault.translations``.

    Two pages of one group in the same language are reported: a reader could
    not tell which "Also in" link is which.
    """
    parent: dict[str, str] = {}

    def root(dest: str) -> str:
        while parent.get(dest, dest) != dest:
            parent[dest] = parent.get(parent[dest], parent[dest])
            dest = parent[dest]
        return dest

    lines: dict[str, int] = {}
    for entry in vault.notes:
        note = entry.note
        assert note is not None
        for found in note.properties:
            if found.key.casefold() not in KEYS:
                continue
            target = vault.resolve(entry, found.link).target
            if target is None or target.note is None or target is entry:
                continue
            lines.setdefault(entry.dest, found.link.line)
            parent.setdefault(entry.dest, entry.dest)
            parent.setdefault(target.dest, target.dest)
            parent[root(entry.dest)] = root(target.dest)
    groups: dict[str, list[Entry]] = {}
    for dest in parent:
        groups.setdefault(root(dest), []).append(vault.by_dest[dest])
    vault.translations = {}
    for members in groups.values():
        versions = [Version(e.dest, note_language(e.note)) for e in members if e.note is not None]
        # The site's language first, then by code; the site's order among equals.
        order = {e.dest: i for i, e in enumerate(vault.entries)}
        versions.sort(key=lambda v: (v.lang is not None, (v.lang or "").lower(), order[v.dest]))
        group = tuple(versions)
        for version in group:
            vault.translations[version.dest] = group
        vault.problems.extend(_same_language(vault, group, lines))


def _same_language(
    vault: Vault, group: tuple[Version, ...], lines: dict[str, int]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str | None, Version] = {}
    for version in group:
        first = seen.setdefault((version.lang or "").lower() or None, version)
        if first is version:
            continue
        # Reported on the page that wrote a translation link, if one of them did.
        if version.dest not in lines and first.dest in lines:
            version, first = first, version
        entry, other = vault.by_dest[version.dest], vault.by_dest[first.dest]
        said = version.lang or "the site's language"
        problems.append(
            Problem(
                vault.display(entry),
                lines.get(entry.dest, 0),
                "warning",
                "translation-language",
                f"is a translation of {vault.display(other)} in the same language ({said}); "
                "give one of them a lang: property such as lang: zh.",
            )
        )
    return problems
