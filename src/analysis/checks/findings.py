"""One finding type for every row of ``data/processed/audit.csv``.

Figure and table checks (:mod:`analysis.checks.audit`), district statements and names
(:mod:`analysis.geo.coverage`) and boundary files (:mod:`analysis.geo.boundaries`) all report
a :class:`Finding`; :func:`findings_frame` turns any mix of them into the published audit
table. A finding's check must be declared in :data:`analysis.vocabulary.CHECKS`, which gives
its :attr:`~Finding.family` (the data-quality chapter shows one table per family).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..schemas import TABLES, typed
from ..vocabulary import CHECKS, SEVERITIES


class FindingError(Exception):
    """A finding with an undeclared check or an unknown severity."""


@dataclass(frozen=True)
class Finding:
    """One consistency finding: what was checked, how bad, where, and the figures involved.

    ``line`` 0 means the finding concerns the report as a whole (or, with no ``report_id``,
    a boundary file), not one line. ``other_line``/``other_quote`` name the other figure
    involved; ``stated`` is the value the report states, ``expected`` the value recomputed or
    stated elsewhere. ``message_vi`` is the same sentence in Vietnamese (the checks write both
    with :func:`analysis.checks.messages.said`).
    """

    check: str
    severity: str
    message: str
    report_id: str = ""
    province: str = ""
    line: int = 0
    quote: str = ""
    other_line: int | None = None
    other_quote: str = ""
    indicator: str = ""
    stated: float | None = None
    expected: float | None = None
    message_vi: str = ""

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise FindingError(
                f"audit check {self.check!r} is not declared in analysis.vocabulary.CHECKS"
            )
        if self.severity not in SEVERITIES:
            raise FindingError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def family(self) -> str:
        """The family of the check (figures, geography): which audit table shows it."""
        return CHECKS[self.check]


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as the published audit table, in a stable order (report, line, check)."""
    return sort_findings(unsorted_findings_frame(findings))


def unsorted_findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as rows of the audit table, in the order given (a piece of the table)."""
    columns = TABLES["audit"].columns
    rows = [tuple(getattr(f, c) for c in columns) for f in findings]
    return typed("audit", pd.DataFrame.from_records(rows, columns=columns))


def sort_findings(audit: pd.DataFrame) -> pd.DataFrame:
    """Audit rows in the published order: report, line, check (stable: ties keep theirs)."""
    return audit.sort_values(["report_id", "line", "check"], kind="stable").reset_index(drop=True)
