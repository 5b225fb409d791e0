"""The blind held-out evaluation set (tests/evaluation/holdout): it parses and is labelled right.

The held-out set is a measure, not a gate: no floor is asserted on the engine's scores here
(``python -m analysis evaluate --set holdout`` prints them). What is checked is that every
case loads, every label is well formed and every id exists in the catalog (a target as ``<id>_target``), and that the
main evaluation set (whose floors tests/test_evaluation.py asserts) does not include it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from analysis.corpus.periods import parse_period
from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog

HOLDOUT = ev.evaluation_dir() / "holdout"
UNITS = {"count", "percent", "points", "rank", "million_vnd", "billion_vnd", "vnd"}
SCOPES = {"province", "agency", "district", "commune"}
QUALIFIERS = {"exact", "approx", "lower_bound", "upper_bound"}
STYLES = {
    "portal_notice",
    "index_bulletin_766",
    "index_article",
    "plan_assessment",
    "news",
    "english_portal",
}


@pytest.fixture(scope="module")
def cases() -> list[ev.Case]:
    return ev.load_cases(HOLDOUT)


def test_the_holdout_set_is_large_and_spread(cases):
    assert len(cases) >= 400  # issue 10: an evaluation set of at least 400 sentences
    assert sum(len(c.figures) for c in cases) >= 1000
    assert {c.language for c in cases} == {"vi", "en"}
    assert {c.style for c in cases} == STYLES
    dupes = [k for k, n in Counter(c.id for c in cases).items() if n > 1]
    assert not dupes, f"duplicate case ids: {dupes}"
    near_misses = sum(f.id is None for c in cases for f in c.figures)
    index_figures = sum(f.unit in ev.INDEX_UNITS for c in cases for f in c.figures)
    assert near_misses >= 200 and index_figures >= 330


def test_every_label_is_well_formed(cases):
    known = set(load_catalog().ids())
    for c in cases:
        parse_period(c.period)
        n_lines = len(c.text.splitlines())
        for f in c.figures:
            where = f"{c.id}: {f}"
            base = f.id.removesuffix("_target") if f.id else None  # targets: <id>_target
            assert base is None or base in known, f"{where}: id not in the catalog"
            assert f.unit in UNITS, where
            assert f.scope is None or f.scope in SCOPES, where
            assert f.qualifier is None or f.qualifier in QUALIFIERS, where
            assert f.line is None or 1 <= f.line <= n_lines, where
            if f.period is not None and f.period.startswith("@"):  # a stock on a day
                date.fromisoformat(f.period[1:])
            elif f.period is not None:
                parse_period(f.period)


def _digits(x: float) -> str:
    return re.sub(r"\D", "", f"{abs(x):g}")


def test_every_labelled_value_is_written_in_its_text(cases):
    """A label's digits stand in its case's text (thousands marks and decimal marks aside)."""
    for c in cases:
        text = re.sub(r"(?<=\d)[.,](?=\d)", "", c.text)
        for f in c.figures:
            digits = _digits(f.value)
            if "e" in f"{f.value:g}":
                continue
            assert digits in re.sub(r"\D", " ", text).split() or digits in text, (
                f"{c.id}: {f.value:g} not in its text"
            )


def test_the_main_set_does_not_include_the_holdout(cases):
    """The floors of tests/test_evaluation.py apply to the main set only."""
    main_ids = {c.id for c in ev.load_cases()}
    assert not main_ids & {c.id for c in cases}
