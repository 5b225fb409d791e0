"""English time wording of portal editions: a day without its year, comparisons, "in the
quarter". Sentences written for these tests; figures invented."""

from __future__ import annotations

from datetime import date

from analysis.reading.time_expressions import Span, find_time_expressions

Q3 = Span(date(2025, 7, 1), date(2025, 9, 30))


def _found(text: str) -> list[tuple[str, Span]]:
    return [(e.role, e.span) for e in find_time_expressions(text, Q3)]


def test_a_day_or_month_without_its_year_takes_the_report_s_year() -> None:
    day = Span(date(2025, 9, 30), date(2025, 9, 30))
    assert _found("As of September 30, the province had 1,482 teams.") == [("frame", day)]
    assert _found("as at 30 September, 99 per cent") == [("frame", day)]
    june = Span(date(2025, 6, 30), date(2025, 6, 30))
    assert _found("By the end of June, 1,046 services were offered.") == [("frame", june)]


def test_a_change_from_the_same_period_last_year_is_a_comparison() -> None:
    got = _found(
        "The rate rose to 64.2 per cent, up 5.3 percentage points from the same period last year."
    )
    assert got == [("compare", Span(date(2024, 7, 1), date(2024, 9, 30)))]
    # "up from 29.8 per cent last year": the year of the figure it follows
    assert _found("up from 29.8 per cent last year")[0][0] == "frame"


def test_more_than_a_number_is_no_month_and_in_the_quarter_is_the_report_s() -> None:
    assert _found("More than 8,700 payments were made online in the quarter.") == [("frame", Q3)]


def test_an_english_month_range_takes_the_year_of_its_end() -> None:
    assert _found("From February to April 2025, 18,204 dossiers were paid online.") == [
        ("frame", Span(date(2025, 2, 1), date(2025, 4, 30)))
    ]
    assert _found("from January to date") == [("frame", Span(date(2025, 1, 1), date(2025, 9, 30)))]
