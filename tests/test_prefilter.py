"""Literal prefilters (reading.prefilter): a pattern is skipped only where it cannot match."""

from __future__ import annotations

import re
from datetime import date

import pytest

from analysis import paths
from analysis.facts.catalog import load_catalog
from analysis.facts.evaluation import load_cases
from analysis.reading import prefilter as pf
from analysis.reading import time_expressions as tx
from analysis.text import fold

REPORTS = paths.raw_dir() / "reports"


def _lines() -> list[str]:
    out = [ln for p in sorted(REPORTS.glob("*.txt")) for ln in p.read_text("utf-8").splitlines()]
    out += [c.text for c in load_cases()]
    return [ln for ln in out if ln.strip()]


LINES = _lines()


def _needs(pattern: str, flags: int = 0) -> list[set[str]]:
    return [set(s) for s in pf.prefilter(re.compile(pattern, flags)).needs]


def test_literal_runs_and_alternatives_become_conditions() -> None:
    assert _needs(r"tu \d+ den") == [{" den"}, {"tu "}]
    assert _needs(r"(?:thang|month) \d") == [{"thang", "month"}, {" "}]
    assert _needs(r"(?:ab)+c") == [{"ab"}, {"c"}]


@pytest.mark.parametrize(
    "pattern,flags",
    [
        (r"(?:nam )?\d{4}", 0),  # optional literal: not needed
        (r"[a-z]+\d", 0),  # classes say nothing
        (r"(?:thang|\d)x?", 0),  # an alternative without literals
        (r"tu den", re.IGNORECASE),  # case-insensitive: any case would match
        (r"(?i:tu den)", 0),
        (r"(?=den)\w+", 0),  # assertions add nothing
    ],
)
def test_constructs_it_cannot_read_add_no_condition(pattern: str, flags: int) -> None:
    f = pf.prefilter(re.compile(pattern, flags))
    assert f.needs == ()
    assert f.may_match("")


def test_may_match_is_false_only_when_a_needed_literal_is_absent() -> None:
    f = pf.prefilter(re.compile(r"(?:tu|from) \d+ (?:den|to)"))
    assert f.may_match("tu 3 den 5") and f.may_match("from 3 to")
    assert not f.may_match("between 3 and 5")
    assert not f.may_match("tu 3 va 5")


def _real_patterns() -> list[tuple[re.Pattern[str], list[str]]]:
    """Each time rule with the lines as it sees them (folded, diacritics kept), each catalog
    pattern with the folded lines."""
    kept = sorted({tx.fold_keep(ln) for ln in LINES})
    folded = sorted({fold(ln) for ln in LINES})
    out = [(p, kept) for p, _kind, _role in tx._RULES]
    for ind in load_catalog().indicators:
        rxs = (ind.match_rx, ind.exclude_rx, ind.after_rx, ind.follows_rx)
        out += [(rx, folded) for rx in rxs if rx is not None]
    return out


def test_no_real_rule_is_skipped_where_it_matches() -> None:
    """Every time rule and catalog pattern, on every seed and evaluation line: a skipped
    pattern has no match there."""
    skipped = 0
    for pattern, texts in _real_patterns():
        f = pf.prefilter(pattern)
        for text in texts:
            if not f.may_match(text):
                skipped += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
    assert skipped > 10_000  # the prefilter does skip (the test is not vacuous)


def test_time_expressions_are_those_found_without_the_prefilter(monkeypatch) -> None:
    ref = tx.Span(date(2023, 1, 1), date(2023, 12, 31))
    with_filter = [tx.find_time_expressions(ln, ref) for ln in LINES]
    monkeypatch.setattr(tx, "prefilter", lambda _p: pf.Prefilter(()))
    without = [tx.find_time_expressions(ln, ref) for ln in LINES]
    assert with_filter == without
    assert sum(map(len, without)) > 500
