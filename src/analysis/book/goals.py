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
4. **An index rank is judged on the published ranking.** A report that sets a rank goal ("stay
   among the top 10 in the DTI") seldom states the rank it got; :func:`with_published_ranks`
   judges such a goal on the province's own published rank in that index for the deadline's
   year (the ``national_indices`` table), naming the index, the position and its publisher.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import formats
from ..schemas import records
from ..text import fold
from ..vocabulary import MET, NO_DATA, NOT_MET, QUALIFIER_MARKS, is_target
from . import present
from .dates import decimal_year
from .targets import target_table
from .words import code_labels, labels, t

AHEAD = "ahead of pace"
BEHIND = "behind pace"
EARLY = "at target early"
OPEN = "open: deadline not reached"
JUDGED = (MET, NOT_MET)
#: Every status a target can have, in the order the book counts them.
STATUS_ORDER = (MET, NOT_MET, AHEAD, BEHIND, EARLY, OPEN, NO_DATA)


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
        return NO_DATA, _no_value(row)
    deadline = str(row["deadline"])
    at = decimal_year(end)
    due = decimal_year(deadline)
    if at >= due - 1e-9:
        return row["status"], t("goals.notes.judged")
    value, target = float(row["latest_value"]), float(row["target_value"])
    if kind == "flow":
        if not _in_year(start, end, deadline):
            return NO_DATA, t("goals.notes.other_year")
        year_start = decimal_year(f"{deadline[:4]}-01-01")
        share = min(max((at - year_start) / max(due - year_start, 1e-9), 0.0), 1.0)
        needed = target * share
        note = t(
            "goals.notes.pace",
            share=f"{share:.0%}",
            pct=formats.percent(share * 100, 0),
            needed=formats.number(round(needed)),
        )
        return (AHEAD if value >= needed else BEHIND), note
    if row["status"] == MET:
        return EARLY, t("goals.notes.early")
    return OPEN, t("goals.notes.open")


def _other_measure(data: pd.DataFrame, row: dict) -> str:
    """Why a target without a value of its measure is not set beside the province's values of
    the same indicator on another measure ("the 7 classes of March 2023 are for community
    digital teams"), or "" when the province gives the indicator no other value."""
    from .fair import cite, marked

    goal = data[(data["province"] == row["province"]) & (data["measure"] == row["indicator"])]
    indicator = goal["indicator"].str.removesuffix("_target")
    if indicator.empty:
        return ""
    rest = data[
        (data["province"] == row["province"])
        & data["indicator"].isin(set(indicator))
        & (data["measure"] != row["indicator"])
        & (data["status"] != "rejected")
    ]
    if rest.empty:
        return ""
    vi = formats.language() == "vi"
    said = "; ".join(
        f"{marked(r)} ({(r.get('counts_vi') if vi else None) or r['counts'] or r['measure']}; "
        f"{cite(r)})"
        for r in records(rest.sort_values("line"))
    )
    return t("goals.notes.other_measure", values=said)


def _no_value(row: dict) -> str:
    """Why a target has no value: the target table's own note (English), or in words."""
    note = row.get("note")
    return str(note) if note and formats.language() == "en" else t("goals.notes.no_value")


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
    levels = dict(zip(data["measure"], data.get("level", data["kind"] == "stock"), strict=False))
    statuses, notes, undated = [], [], []
    for r in records(table):
        later = later_span(_goal_words(rekeyed, r), str(r["deadline"]))
        undated.append(later or "")
        s, e = periods.get((r["province"], r["indicator"], r["latest_period"]), (None, None))
        if isinstance(r.get("latest_end"), str):  # the judged value's own period
            s, e = r["latest_start"], r["latest_end"]
        if e is None:
            statuses.append(NO_DATA)
            notes.append(_other_measure(data, r) or _no_value(r))
            continue
        if later:  # its deadline is no date the book can judge by: never met/not met/pace
            statuses.append(OPEN)
            notes.append(t("goals.notes.undated", span=later) + _also_stated(rekeyed, r))
            continue
        st, note = judge(r, kinds.get(r["indicator"], ""), s, e)
        statuses.append(st)
        notes.append(note + _also_stated(rekeyed, r))
    out = table.assign(status=statuses, pace_note=notes, undated=undated)
    return out.assign(level=[bool(levels.get(i, False)) for i in out["indicator"]])


#: A span or year a target's words name ("giai đoạn 2020 – 2025", "đến năm 2025"), folded.
_SPAN = re.compile(r"\b(?:giai doan|den nam|nam)\s+((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?")


def later_span(words: str, deadline: str) -> str | None:
    """The span or year a target's own words name that ends after the deadline the book
    would assume (the end of its report's year), as the words give it ("2020–2025"), or None.
    An Giang's "Đề án Số hóa … giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100% … khi dự án kết
    thúc" is due when the project ends, not by 31 December 2023."""
    due = int(str(deadline)[:4]) if str(deadline)[:4].isdigit() else None
    if due is None or not words:
        return None
    for m in _SPAN.finditer(fold(words)):
        end = int(m.group(2) or m.group(1))
        if end > due:
            return f"{m.group(1)}–{m.group(2)}" if m.group(2) else m.group(1)
    return None


def _goal_words(rekeyed: pd.DataFrame, row: dict) -> str:
    """The quote of a target row's own statement."""
    hit = rekeyed[
        (rekeyed["province"] == row["province"])
        & (rekeyed["indicator"] == row["target_indicator"])
        & (rekeyed["period_label"] == row["target_period"])
    ]
    return " ".join(str(q) for q in hit.get("quote", pd.Series(dtype=str)).dropna())


def _also_stated(rekeyed: pd.DataFrame, row: dict) -> str:
    """When the report states the target's measure again elsewhere with another value
    (Bắc Giang's 83.34% for January–May 2024 in the text, beside its appendix's 82.72% for
    the target), that value and its line, so the reader sees both: "" otherwise."""
    from .fair import cite, marked

    same = rekeyed[
        (rekeyed["province"] == row["province"])
        & (rekeyed["indicator"] == row["indicator"])
        & (rekeyed["status"] != "rejected")
        & rekeyed["value"].notna()
    ]
    line = row.get("latest_line")
    other = same[
        (same["line"] != line) & ((same["value"] - float(row["latest_value"])).abs() > 1e-9)
    ]
    if other.empty:
        return ""
    said = "; ".join(f"{marked(r)} ({cite(r)})" for r in records(other.sort_values("line")))
    return t("goals.notes.also", values=said)


#: Rank goals a published national ranking can judge: the rank's measure → its index.
PUBLISHED_RANKS = {
    "dti_rank": "DTI",
    "par_index_rank": "PAR Index",
    "sipas_rank": "SIPAS",
    "papi_rank": "PAPI",
    "papi_egovernance_rank": "PAPI e-governance",
}


def _published_rank(national: pd.DataFrame, province: str, index: str, year: str) -> dict | None:
    """The province's own published rank in ``index`` for ``year`` (its first source), or None."""
    rows = national[
        (national["province"] == province)
        & (national["relation"] == "own")
        & (national["index"] == index)
        & (national["year"].astype(str) == year)
        & national["rank"].notna()
    ]
    return None if rows.empty else rows.iloc[0].to_dict()


def with_published_ranks(goals: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """``goals`` (from :func:`goal_table`) with each rank goal the reports give no value for
    judged on the published ``national`` ranking of its deadline's year: *met* at the goal's
    rank or better, else *not met*; ``value_source`` says where each value comes from."""
    from .national import position

    out = goals.assign(value_source="reports").astype({"latest_period": "object"})
    vi = formats.language() == "vi"
    for i, r in out.iterrows():
        index = PUBLISHED_RANKS.get(str(r["indicator"]))
        if index is None or r["status"] != NO_DATA or pd.isna(r["deadline"]):
            continue
        year = str(r["deadline"])[:4]
        hit = _published_rank(national, str(r["province"]), index, year)
        if hit is None:
            continue
        rank, goal = int(hit["rank"]), float(r["target_value"])
        publisher = hit.get("publisher_vi") if vi and hit.get("publisher_vi") else hit["publisher"]
        out.loc[i, ["latest_value", "latest_period", "status", "value_source"]] = [
            float(rank),
            year,
            MET if rank <= goal else NOT_MET,
            "national_indices",
        ]
        out.loc[i, "pace_note"] = t(
            "goals.notes.published",
            index=index,
            year=year,
            position=position(hit),
            publisher=publisher,
        )
    return out


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """How many targets have each status (every status named, zero included)."""
    return {s: int((goals["status"] == s).sum()) for s in STATUS_ORDER}


def _report_names(ids: object, periods: dict[str, str]) -> str:
    """Report ids ("an-giang-2023-q1, …") as a reader names them: "Q1 2023 report" (the
    province is the row's own); an id the reports table lacks stays as it is."""
    out = []
    for rid in str(ids or "").split(","):
        rid = rid.strip()
        if rid:
            known = rid in periods
            out.append(t("goals.report", period=formats.period(periods[rid])) if known else rid)
    return ", ".join(out)


def _without_target_suffix(name: str) -> str:
    """A target's name in a column of targets: "(target)" / "(chỉ tiêu)" said once, by the
    column."""
    for suffix in (" (target)", " (chỉ tiêu)"):
        name = name.replace(suffix, "")
    return name


def goals_view(goals: pd.DataFrame, reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The goal table for reading and download: one row per target, readers' words (with
    ``reports``, each report by its period rather than its id)."""
    from ..vocabulary import TARGET_BOUND_MARKS

    def stated(v: object, unit: str) -> str:  # as the report gives it: 96.97%, not 97%
        return "—" if v is None or pd.isna(v) else formats.stated(float(v), unit)  # type: ignore[arg-type]

    from .fair import both_names

    periods = (
        {}
        if reports is None
        else dict(zip(reports["report_id"], reports["period_label"], strict=True))
    )
    w = labels("goals.columns")
    names = code_labels("target_status", {s: s for s in STATUS_ORDER})
    rows = []
    for r in records(goals):
        unit = str(r["unit"])
        bound = TARGET_BOUND_MARKS.get(str(r["target_qualifier"]), "")
        deadline = formats.day(r["deadline"])
        period = _value_period(r)
        rows.append(
            {
                w["province"]: r["province"],
                w["target"]: _without_target_suffix(both_names(r)),
                w["goal"]: (
                    t("goals.by_span", goal=f"{bound}{stated(r['target_value'], unit)}", span=span)
                    if (span := r.get("undated"))
                    else t(
                        "goals.by", goal=f"{bound}{stated(r['target_value'], unit)}", day=deadline
                    )
                ),
                w["value"]: (
                    f"{QUALIFIER_MARKS.get(str(r['latest_qualifier']), '')}"
                    f"{stated(r['latest_value'], unit)} ({period})"
                    if r["latest_value"] is not None and not pd.isna(r["latest_value"])
                    else t("goals.notes.no_value")
                ),
                w["status"]: names.get(r["status"], r["status"]),
                w["why"]: r["pace_note"],
                w["reports"]: _report_names(r["report_ids"], periods),
            }
        )
    return pd.DataFrame(rows)


def _value_period(r: dict) -> str:
    """The judged value's period as a reader says it: its own dates (a level as of its end:
    :func:`~analysis.book.dates.period_text`), else its label."""
    from .dates import period_text

    label = r.get("latest_period")
    if not isinstance(label, str) or not label:
        return ""
    if r.get("value_source") == "national_indices":  # a published rank: the year assessed
        return formats.period(label)
    start, end = r.get("latest_start"), r.get("latest_end")
    row = {
        "period_start": start if isinstance(start, str) else None,
        "period_end": end if isinstance(end, str) else None,
        "period_label": label,
        "level": bool(r.get("level", False)),
    }
    return period_text(row)


def summary_prose(goals: pd.DataFrame) -> present.Prose:
    """How many targets the reports state and how each is judged, in a sentence."""
    c = status_counts(goals)
    n = formats.number
    return present.prose(
        t("goals.summary"),
        n=n(len(goals)),
        met=n(c[MET]),
        notmet=n(c[NOT_MET]),
        ahead=n(c[AHEAD]),
        behind=n(c[BEHIND]),
        early=n(c[EARLY]),
        open=n(c[OPEN]),
        nodata=n(c[NO_DATA]),
    )


def goals_table(goals: pd.DataFrame, reports: pd.DataFrame | None = None) -> present.HtmlTable:
    """:func:`goals_view` as the chapter's table; its reports column holds words, not ids."""
    return present.table(
        goals_view(goals, reports), plain_columns=[labels("goals.columns")["reports"]]
    )
