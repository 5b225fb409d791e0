"""How each province reports: the book's own angle, which no official index shows.

Per report, from the facts and the audit: how many figures it gives; the share stated with
their counts (N of M); the share dated by their own sentence rather than by the report; the
share that are one department's own; the share that are approximate or bounds; the goals it
states; the contradictions and totals that do not add up; and the figures given as results
that repeat a national target's words.
"""

from __future__ import annotations

import pandas as pd

from ..vocabulary import STUDY_PROVINCES
from . import downloads, present
from .fair import readable_period

ECHO = "result_echoes_target"
CONTRADICTIONS = ("conflicting_values", "implied_share", "breakdown_sum", "table_total")


def _share(n: int, total: int) -> str:
    return f"{n} ({n / total:.0%})" if total else "0"


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
        reports.to_dict("records"), key=lambda r: (order.get(r["province"], 9), r["period_start"])
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
    view = pd.DataFrame(
        {
            "Report": p["province"] + ", " + p["period"],
            "Figures": p["figures"],
            "Stated with counts (N of M)": [
                _share(n, t) for n, t in zip(p["with_counts"], p["figures"], strict=True)
            ],
            "Dated by their own sentence": [
                "not yet read" if pd.isna(n) else _share(int(n), t)
                for n, t in zip(p["own_period"], p["figures"], strict=True)
            ],
            "One department's own": [
                _share(n, t) for n, t in zip(p["department"], p["figures"], strict=True)
            ],
            "Approximate or bounds": [
                _share(n, t) for n, t in zip(p["approximate"], p["figures"], strict=True)
            ],
            "Goals stated": p["goals"],
            "Contradictions found": p["contradictions"],
            "Results that repeat a national target": p["restated_targets"],
        }
    )
    return downloads.table(view, "How each report gives its figures.", data=p)


def profile_prose(facts: pd.DataFrame, audit: pd.DataFrame, reports: pd.DataFrame) -> present.Prose:
    """A sentence per report: its strongest and weakest habits, from the profile."""
    p = report_profile(facts, audit, reports)
    items = []
    for r in p.to_dict("records"):
        t = r["figures"] or 1
        text = (
            f"{r['province']}, {r['period']}: {r['figures']} figures; "
            f"{r['with_counts'] / t:.0%} stated with their counts, "
            f"{r['department'] / t:.0%} the issuing office's own, "
            f"{r['approximate'] / t:.0%} approximate or bounds"
        )
        if r["contradictions"]:
            text += f"; {r['contradictions']} contradictions or totals that do not add up"
        if r["restated_targets"]:
            text += (
                f"; {r['restated_targets']} figures given as results repeat the words and "
                "values of Resolution 17/NQ-CP's targets"
            )
        items.append(present.escape_md(text + "."))
    return present.Prose(present.bullet_list(items).text)
