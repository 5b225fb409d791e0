"""Ingest attacks on the period label: non-ASCII digits (D8), future and degenerate periods
(D26), labels whose message did not say what was wrong (D22)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from input_helpers import META, REPORT, tree, write

from analysis.corpus.periods import PeriodError, check_not_future, parse_period
from analysis.ingest import IngestError, ingest


@pytest.mark.parametrize("label", ["２０２３-Q1", "٢٠٢٣-Q1", "۲۰۲۳-Q1", "２０２３－Ｑ１"])
def test_non_ascii_digits_are_read_as_ascii_with_a_warning(project_copy, tmp_path, caplog, label):
    """D8: full-width and Arabic-Indic digits keep their year (the id and label say 2023)."""
    src = write(tmp_path / "q1.txt", REPORT)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        row = ingest(src, **{**META, "province": "Kiên Giang", "period": label})
    assert (row["period_label"], row["report_id"]) == ("2023-Q1", "kien-giang-2023-q1")
    assert (row["period_start"], row["period_end"]) == ("2023-01-01", "2023-03-31")
    assert f"period {label!r} read as '2023-Q1'" in caplog.text


def test_the_manifest_grammar_refuses_non_ascii_digits_saying_so():
    """D8/D22: the message names the problem and the ASCII spelling, not a report_id error."""
    with pytest.raises(PeriodError, match="non-ASCII digits; write it in ASCII digits: '2023-Q1'"):
        parse_period("٢٠٢٣-Q1")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2100", "after today"),
        (f"{date.today().year + 1}-Q1", "after today"),
        ("2023-Q1/2023-Q1", "does not come after START"),
        ("2023/2023-06", "does not come after START"),
        ("2023-Q1/", "the range has no END after the '/'"),
        ("/2023-Q1", "the range has no START before the '/'"),
        ("2023-Q1/2023-Q2/2023-Q3", "more than one '/'"),
    ],
)
def test_future_degenerate_and_half_ranges_are_refused(project_copy, tmp_path, label, expected):
    """D26 and D22: each refusal says what is wrong with the label; nothing is written."""
    src = write(tmp_path / "ky.txt", REPORT)
    state = tree(project_copy)
    with pytest.raises(IngestError) as err:
        ingest(src, **{**META, "period": label})
    assert expected in str(err.value) and str(src) in str(err.value)
    assert tree(project_copy) == state


def test_a_period_that_has_begun_is_accepted():
    today = date(2026, 12, 2)
    check_not_future(parse_period("2026-Q4"), today)  # the running quarter: reports come early
    with pytest.raises(PeriodError, match="after today"):
        check_not_future(parse_period("2027"), today)
    assert parse_period("2023-Q1/2023-Q2").end == date(2023, 6, 30)
