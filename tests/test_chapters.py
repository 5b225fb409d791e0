"""Chapter blocks take their tables as arguments and group audit findings by check family."""

from __future__ import annotations

import pytest

from analysis.book import chapters
from analysis.checks.findings import Finding, FindingError, findings_frame
from analysis.vocabulary import CHECK_LABELS, CHECKS, FIGURES, GEOGRAPHY


def _audit():
    """One finding of every declared check, each quoting its own check name."""
    return findings_frame(
        Finding(check=c, severity="warning", message=c, report_id="r", quote=c) for c in CHECKS
    )


def _checks(table) -> set[str]:
    """The checks a table shows, read back from their labels ("label (severity)")."""
    by_label = {f"{label} (warning)": c for c, label in CHECK_LABELS.items()}
    return {by_label[f] for f in table.df["Finding"]}


def test_every_check_reads_in_words():
    assert set(CHECK_LABELS) == set(CHECKS)
    assert all("_" not in label for label in CHECK_LABELS.values())


def test_each_finding_lands_in_the_table_of_its_family():
    audit = _audit()
    figures = _checks(chapters.audit_table(audit))
    geography = _checks(chapters.audit_table(audit, family=GEOGRAPHY))
    assert figures == {c for c, f in CHECKS.items() if f == FIGURES}
    assert geography == {c for c, f in CHECKS.items() if f == GEOGRAPHY}
    # the three a name-prefix rule filed among the figure checks
    assert {"absent_count_mismatch", "foreign_district", "ambiguous_district"} <= geography


def test_a_finding_of_an_undeclared_check_is_refused():
    with pytest.raises(FindingError, match="not declared"):
        Finding(check="district_typo", severity="warning", message="x")
    with pytest.raises(FindingError, match="severity"):
        Finding(check="breakdown_sum", severity="fatal", message="x")


def test_family_of_a_finding():
    assert Finding(check="foreign_district", severity="info", message="m").family == GEOGRAPHY
    assert Finding(check="table_total", severity="error", message="m").family == FIGURES


def test_audit_counts_and_corpus_summary_read_the_tables_given(built):
    counts = chapters.audit_counts(built["audit"])
    assert sum(counts.values()) == len(built["audit"])
    summary = chapters.corpus_summary(built["reports"])
    assert summary["n"] == len(built["reports"])
    assert summary["first"] == built["reports"]["period_start"].min()


def test_the_other_quote_column_shows_only_when_a_finding_has_one():
    """Notes quote one line each: their table has no mostly empty "Other quote" column (it ran
    18 PDF pages blank); where findings between two lines are common the column stays."""
    one_line = Finding(check="breakdown_sum", severity="info", message="m", report_id="r", line=3)
    two_lines = Finding(
        check="conflicting_values",
        severity="warning",
        message="m",
        report_id="r",
        line=4,
        quote="đạt 61,4%",
        other_line=9,
        other_quote="đạt 64,1%",
    )
    notes = chapters.audit_table(findings_frame([one_line]), ("info",))
    assert "Other quote (line)" not in notes.df.columns and "Quote" in notes.df.columns
    both = chapters.audit_table(findings_frame([one_line, two_lines]), ("info", "warning"))
    assert list(both.df["Other quote (line)"]) == ["", "đạt 64,1% (9)"]
    # one two-line finding among many one-line notes: its other quote moves into its quote cell
    notes = [
        Finding(check="breakdown_sum", severity="info", message="m", report_id="r", line=n)
        for n in range(10, 14)
    ]
    rare = chapters.audit_table(findings_frame([*notes, two_lines]), ("info", "warning"))
    assert "Other quote (line)" not in rare.df.columns
    assert "đạt 61,4% · Other quote (line): đạt 64,1% (9)" in set(rare.df["Quote"])
