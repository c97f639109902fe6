"""The stylesheet learnfolio ships parses as written: every block closed, nothing swallowed.

A missing ``}`` is no error to a browser: the rules after it silently become
part of the block before, and the site just looks wrong. tinycss2 reads the
file as a browser does; a rule nested in a plain rule, or a declaration that
does not parse, is such a slip.
"""

from __future__ import annotations

from pathlib import Path

import tinycss2

ASSETS = Path(__file__).resolve().parents[1] / "plugins/learnfolio/site/assets"
BLOCK_AT_RULES = {"media", "supports", "layer", "container"}


def _slips(rules: list, where: str) -> list[str]:
    found = []
    for rule in rules:
        if rule.type == "error":
            found.append(f"{where}: {rule.message}")
        elif rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if item.type == "error":
                    found.append(f"{where} {selector}: {item.message}")
                elif item.type != "declaration" and item.type != "comment":
                    found.append(f"{where} {selector}: a rule inside a rule (a missing '}}'?)")
        elif rule.type == "at-rule" and rule.lower_at_keyword in BLOCK_AT_RULES:
            inner = tinycss2.parse_rule_list(rule.content or [], skip_whitespace=True)
            found += _slips(inner, f"{where} @{rule.lower_at_keyword}")
    return found


def test_learnfolio_css_parses_with_every_block_closed() -> None:
    text = (ASSETS / "learnfolio.css").read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    assert _slips(rules, "learnfolio.css") == []
    assert len(rules) > 50


def test_a_missing_brace_is_found() -> None:
    text = ".a { color: red;\n.b { color: blue; }\n.c { color: green; }\n"
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    # .b and .c both end up inside .a.
    assert _slips(rules, "x") == ["x .a: a rule inside a rule (a missing '}'?)"] * 2
