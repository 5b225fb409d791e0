"""Targets judged fairly: same measure, and the figure's own date against the deadline.

Wraps :func:`analysis.book.targets.target_table` with three rules of issue 11:

1. **Same population and measure.** A target is compared only with values of its own
   measure (``value_measures``): 7 classes for community digital teams are not the 23 planned
   classes for officials, so that target has no comparable value.
2. **Before the deadline, pace; after it, met or not met.** A value dated before the
   deadline is never "not met". For a flow counted over the target's year (people trained,
   classes held) the pace needed at the value's own date is the target times the share of
   the year elapsed: the value is *ahead of pace* or *behind pace*. For a rate or a stock
   (no baseline is reported) a value already at the target is *at target early*; otherwise
   the target is *open* (the deadline has not come). On or after the deadline: *met* /
   *not met*.
3. **A flow from another year does not count** towards a target for a year (people trained in
   2022 are not progress on a 2023 plan).
"""

from __future__ import annotations

import pandas as pd

from ..vocabulary import MET, NO_DATA, NOT_MET, is_target
from .dates import decimal_year
from .targets import target_table

AHEAD = "ahead of pace"
BEHIND = "behind pace"
EARLY = "at target early"
OPEN = "open: deadline not reached"
JUDGED = (MET, NOT_MET)


def _measure_rows(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with each value re-keyed by its measure (a target keeps its own measure plus
    the suffix), so :func:`target_table` only ever pairs a target with its own measure."""
    out = data.copy()
    tgt = out["indicator"].map(is_target)
    out.loc[tgt, "indicator"] = out.loc[tgt, "measure"] + "_target"
    out.loc[~tgt, "indicator"] = out.loc[~tgt, "measure"]
    return out


def _in_year(value_start: object, value_end: object, deadline: str) -> bool:
    year = deadline[:4]
    return str(value_start)[:4] == year and str(value_end)[:4] == year


def judge(row: dict, kind: str, start: object, end: object) -> tuple[str, str]:
    """(status, note) of one target row given the value's measure kind and own period."""
    if row["latest_value"] is None or pd.isna(row["latest_value"]):
        return NO_DATA, row.get("note") or "no value of the same measure"
    deadline = str(row["deadline"])
    at = decimal_year(end)
    due = decimal_year(deadline)
    if at >= due - 1e-9:
        return row["status"], "judged at or after the deadline"
    value, target = float(row["latest_value"]), float(row["target_value"])
    if kind == "flow":
        if not _in_year(start, end, deadline):
            return NO_DATA, "the value was counted outside the target's year"
        year_start = decimal_year(f"{deadline[:4]}-01-01")
        share = min(max((at - year_start) / max(due - year_start, 1e-9), 0.0), 1.0)
        needed = target * share
        note = f"{share:.0%} of the year elapsed at the value's date; pace needs {needed:,.0f}"
        return (AHEAD if value >= needed else BEHIND), note
    if row["status"] == MET:
        return EARLY, "already at the target before the deadline"
    return OPEN, "below the target; the deadline has not come (no baseline to measure pace)"


def goal_table(data: pd.DataFrame) -> pd.DataFrame:
    """The target table on measures (a :func:`analysis.book.fair.with_measures` frame), with
    ``status`` and ``pace_note`` re-judged by the value's own date (see the module)."""
    rekeyed = _measure_rows(data)
    table = target_table(rekeyed)
    if table.empty:
        return table.assign(pace_note=pd.Series(dtype="string"))
    kinds = dict(zip(data["measure"], data["kind"], strict=False))
    periods = {
        (p, m, lab): (s, e)
        for p, m, lab, s, e in zip(
            rekeyed["province"],
            rekeyed["indicator"],
            rekeyed["period_label"],
            rekeyed["period_start"],
            rekeyed["period_end"],
            strict=True,
        )
    }
    statuses, notes = [], []
    for r in table.to_dict("records"):
        s, e = periods.get((r["province"], r["indicator"], r["latest_period"]), (None, None))
        if e is None:
            statuses.append(NO_DATA)
            notes.append(r.get("note") or "no value of the same measure")
            continue
        st, note = judge(r, kinds.get(r["indicator"], ""), s, e)
        statuses.append(st)
        notes.append(note)
    return table.assign(status=statuses, pace_note=notes)


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """How many targets have each status (every status named, zero included)."""
    order = (MET, NOT_MET, AHEAD, BEHIND, EARLY, OPEN, NO_DATA)
    return {s: int((goals["status"] == s).sum()) for s in order}


def goals_view(goals: pd.DataFrame) -> pd.DataFrame:
    """The goal table for reading and download: one row per target, readers' words."""
    from ..vocabulary import TARGET_BOUND_MARKS, fmt_number

    def num(v: object, unit: str) -> str:
        return "—" if v is None or pd.isna(v) else fmt_number(float(v), unit)  # type: ignore[arg-type]

    rows = []
    for r in goals.to_dict("records"):
        unit = str(r["unit"])
        bound = TARGET_BOUND_MARKS.get(str(r["target_qualifier"]), "")
        rows.append(
            {
                "Province": r["province"],
                "Target": f"{r['name_en']} / {r['name_vi']}",
                "Goal": f"{bound}{num(r['target_value'], unit)} by {r['deadline']}",
                "Value (its own period)": (
                    f"{num(r['latest_value'], unit)} ({r['latest_period']})"
                    if r["latest_value"] is not None and not pd.isna(r["latest_value"])
                    else "no value of the same measure"
                ),
                "Status": r["status"],
                "Why": r["pace_note"],
                "Reports": r["report_ids"],
            }
        )
    return pd.DataFrame(rows)
