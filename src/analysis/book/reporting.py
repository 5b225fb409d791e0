"""How each province reports: the book's own angle, which no official index shows.

Per report, from the facts and the audit: how many figures it gives; the share stated with
their counts (N of M); the share dated by their own sentence rather than by the report; the
share that are one department's own; the share that are approximate or bounds; the goals it
states; the contradictions and totals that do not add up; and the figures given as results
that repeat a national target's words.
"""

from __future__ import annotations

import pandas as pd

from .. import formats
from ..schemas import records
from ..vocabulary import CONTRADICTIONS, STUDY_PROVINCES
from . import downloads, present
from .fair import readable_period
from .words import labels, t

ECHO = "result_echoes_target"


def _share(n: int, total: int) -> str:
    return f"{formats.number(n)} ({_pct(n, total)})" if total else "0"


def _pct(n: int, total: int) -> str:
    """``n`` of ``total`` as a whole percent: 42% (the same in both editions)."""
    return f"{n / total:.0%}"


def _own_period(facts: pd.DataFrame, reports: pd.DataFrame) -> pd.Series | None:
    """Per fact: True when its own period differs from its report's (needs the figure-level
    ``period_start``/``period_end`` columns; None when the facts do not carry them)."""
    if "period_start" not in facts.columns or "period_end" not in facts.columns:
        return None
    starts = dict(zip(reports["report_id"], reports["period_start"], strict=True))
    ends = dict(zip(reports["report_id"], reports["period_end"], strict=True))
    return (facts["period_start"] != facts["report_id"].map(starts)) | (
        facts["period_end"] != facts["report_id"].map(ends)
    )


def report_profile(facts: pd.DataFrame, audit: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report: the numbers of the module docstring (counts, not shares)."""
    f = facts[(facts["status"] != "rejected") & facts["indicator"].notna()]
    own = _own_period(f, reports)
    rows = []
    order = {p: i for i, p in enumerate(STUDY_PROVINCES)}
    for r in sorted(
        records(reports), key=lambda r: (order.get(r["province"], 9), r["period_start"])
    ):
        rid = r["report_id"]
        x = f[f["report_id"] == rid]
        goals = x["indicator"].str.endswith("_target")
        values = x[~goals]
        a = audit[audit["report_id"] == rid]
        rows.append(
            {
                "report_id": rid,
                "province": r["province"],
                "period": readable_period(str(r["period_label"])),
                "figures": len(values),
                "with_counts": int(
                    (values["numerator"].notna() & values["denominator"].notna()).sum()
                ),
                "own_period": None if own is None else int(own.loc[values.index].sum()),
                "department": int((values["scope"] == "agency").sum()),
                "approximate": int((values["qualifier"] != "exact").sum()),
                "goals": int(goals.sum()),
                "contradictions": int(a["check"].isin(CONTRADICTIONS).sum()),
                "restated_targets": int((a["check"] == ECHO).sum()),
            }
        )
    return pd.DataFrame(rows)


def profile_table(
    facts: pd.DataFrame, audit: pd.DataFrame, reports: pd.DataFrame
) -> downloads.Downloadable:
    """The profile for reading: counts with their share of the report's figures."""
    p = report_profile(facts, audit, reports)
    w = labels("reporting.columns")
    view = pd.DataFrame(
        {
            w["report"]: p["province"] + ", " + p["period"],
            w["figures"]: p["figures"],
            w["with_counts"]: [
                _share(n, m) for n, m in zip(p["with_counts"], p["figures"], strict=True)
            ],
            w["own_period"]: [
                t("reporting.not_read") if pd.isna(n) else _share(int(n), m)
                for n, m in zip(p["own_period"], p["figures"], strict=True)
            ],
            w["department"]: [
                _share(n, m) for n, m in zip(p["department"], p["figures"], strict=True)
            ],
            w["approximate"]: [
                _share(n, m) for n, m in zip(p["approximate"], p["figures"], strict=True)
            ],
            w["goals"]: p["goals"],
            w["contradictions"]: p["contradictions"],
            w["restated"]: p["restated_targets"],
        }
    )
    return downloads.table(view, t("reporting.note"), data=p, plain_columns=[w["report"]])


def profile_prose(facts: pd.DataFrame, audit: pd.DataFrame, reports: pd.DataFrame) -> present.Prose:
    """A sentence per report: its strongest and weakest habits, from the profile."""
    p = report_profile(facts, audit, reports)
    items = []
    for r in records(p):
        m = r["figures"] or 1
        text = t(
            "reporting.profile",
            province=r["province"],
            period=r["period"],
            n=formats.number(r["figures"]),
            counts=_pct(r["with_counts"], m),
            department=_pct(r["department"], m),
            approximate=_pct(r["approximate"], m),
        )
        if r["contradictions"]:
            text += t("reporting.contradictions", r["contradictions"])
        if r["restated_targets"]:
            text += t("reporting.restated", r["restated_targets"])
        items.append(present.escape_md(text + "."))
    return present.Prose(present.bullet_list(items).text)
