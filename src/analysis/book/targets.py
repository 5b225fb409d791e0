"""Targets the reports state, against the latest comparable value: met, not met or no data,
the gap, the pace per year needed and whether the observed trend keeps it.

A target is a ``*_target`` row of the indicator table; its value is compared with the latest
value of the same indicator from the same era and, where possible, the same scope
(:func:`analysis.book.latest.latest_key`). The pace is a straight line from that value to the
target by the deadline (31 December of the target's year unless given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..schemas import records
from ..vocabulary import MET, NO_DATA, NOT_MET, base_id, is_target
from .dates import DATED, as_date, decimal_year, is_missing, period_bounds, usable, with_dates
from .latest import latest_key
from .trends import Rec, indicator_names, trend_records

_EPS = 1e-9
#: Columns of a target row that come from the latest comparable value.
_FROM_LATEST = (
    "latest_value",
    "latest_qualifier",
    "latest_period",
    "latest_date",
    "latest_scope",
    "latest_start",
    "latest_end",
    "latest_line",
    "gap",
    "annual_change_needed",
    "observed_change_per_year",
    "observed_method",
    "on_track",
)


@dataclass(frozen=True)
class Pace:
    """Annual change needed to go from the latest value to a target by a deadline."""

    gap: float
    years_left: float
    annual_change_needed: float | None
    already_met: bool
    note: str


def _direction_ok(direction: str) -> str:
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', not {direction!r}")
    return direction


def pace_to_target(
    latest_value: float,
    latest_date: object,
    target_value: float,
    deadline: object,
    *,
    direction: str = "increase",
) -> Pace:
    """The constant change per year that takes ``latest_value`` (at ``latest_date``) to
    ``target_value`` by ``deadline``: (target − latest) / years left.

    ``direction`` "increase" means higher is better (rates, counts); "decrease" the opposite.
    A target already met needs no change (``annual_change_needed`` 0). When the deadline is
    not after the latest value, no pace exists (``None``; the note says the deadline passed).
    Linear pace only: it ignores ceilings such as 100 % and any acceleration.
    """
    direction = _direction_ok(direction)
    gap = float(target_value) - float(latest_value)
    years = decimal_year(deadline) - decimal_year(latest_date)
    met = gap <= _EPS if direction == "increase" else gap >= -_EPS
    if met:
        return Pace(gap, years, 0.0, True, "target already met by the latest value")
    if years <= 0:
        return Pace(
            gap,
            years,
            None,
            False,
            "the deadline is not after the latest value: no pace can be computed",
        )
    need = gap / years
    return Pace(
        gap,
        years,
        need,
        False,
        f"needs {need:+.3g} per year over {years:.2f} years (straight line from the "
        "latest value to the target)",
    )


def target_status(
    latest_value: float | None,
    target_value: float | None,
    *,
    target_qualifier: str = "exact",
    value_qualifier: str = "exact",
    direction: str = "increase",
    value_unit: str | None = None,
    target_unit: str | None = None,
) -> str:
    """ "met", "not met" or "no data" for one value against one target.

    The comparison is ≥ the target for ``direction`` "increase" (so "trên 90%", a lower-bound
    target, is met by 90 and above) and ≤ for "decrease"; an ``upper_bound`` target ("dưới
    5%") always means ≤. A value that is itself a bound counts only when the bound decides:
    "hơn 92%" meets ≥ 90% and "dưới 80%" misses it, but "hơn 85%" or "dưới 95%" cannot be
    judged against ≥ 90% and give "no data".
    A missing value or target is "no data". Units must match (``ValueError`` otherwise).
    """
    direction = _direction_ok(direction)
    if value_unit and target_unit and value_unit != target_unit:
        raise ValueError(
            f"value in {value_unit!r} cannot be compared with a target in {target_unit!r}"
        )
    if latest_value is None or target_value is None:
        return NO_DATA
    if is_missing(latest_value) or is_missing(target_value):
        return NO_DATA
    v, t = float(latest_value), float(target_value)
    at_most = target_qualifier == "upper_bound" or (
        direction == "decrease" and target_qualifier != "lower_bound"
    )
    if at_most:  # mirror the problem: "≤ t" on v is "≥ −t" on −v, bounds swap sides
        v, t = -v, -t
        value_qualifier = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}.get(
            value_qualifier, value_qualifier
        )
    # now the question is: true value ≥ t ?
    if value_qualifier == "lower_bound":  # true value > v
        return MET if v >= t - _EPS else NO_DATA
    if value_qualifier == "upper_bound":  # true value < v
        return NOT_MET if v <= t + _EPS else NO_DATA
    return MET if v >= t - _EPS else NOT_MET


TARGET_COLUMNS = [
    "province",
    "indicator",
    "target_indicator",
    "name_en",
    "name_vi",
    "unit",
    "era",
    "target_value",
    "target_qualifier",
    "target_period",
    "target_scope",
    "deadline",
    "latest_value",
    "latest_qualifier",
    "latest_period",
    "latest_date",
    "latest_scope",
    "latest_start",
    "latest_end",
    "latest_line",
    "status",
    "gap",
    "annual_change_needed",
    "observed_change_per_year",
    "observed_method",
    "on_track",
    "report_ids",
    "note",
]


def target_table(
    indicators_df: pd.DataFrame,
    *,
    deadlines: Mapping[tuple[str, str], object] | None = None,
    directions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Each stated target (``*_target`` rows) against the latest value of its indicator (the
    result stated on the target's own line first: :func:`stated_for`).

    One row per province × target indicator (the target from the latest report). The latest
    value is taken from the same era (pre-/post-merger) and, where possible, the same scope as
    the target. The deadline is ``deadlines[(province, target_indicator)]`` or a ``deadline``
    column when given, else 31 December of the year the target's period ends (an assumption:
    most targets are annual plan goals). Columns: see ``TARGET_COLUMNS``; ``status`` is
    "met"/"not met"/"no data" (:func:`target_status`), ``annual_change_needed`` comes from
    :func:`pace_to_target`, ``observed_change_per_year`` from
    :func:`analysis.book.trends.trend` on the values, and ``on_track`` says whether the
    observed change is at least the pace needed (None when either is unknown).
    ``directions`` maps indicator → "decrease" for lower-is-better ones.
    """
    deadlines = deadlines or {}
    directions = directions or {}
    data = usable(indicators_df)
    if data.empty or "indicator" not in data.columns:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    recs = records(with_dates(data.drop(columns=list(DATED), errors="ignore")))
    goals: dict[tuple, Rec] = {}
    obs: dict[tuple, list[Rec]] = {}
    for r in recs:
        if is_target(r["indicator"]):
            key = (r["province"], r["indicator"])
            if key not in goals or r["x"] >= goals[key]["x"]:  # the latest statement
                goals[key] = r
        else:
            obs.setdefault((r["province"], r["indicator"]), []).append(r)
    names = indicator_names(indicators_df)
    rows = [
        _target_row(
            g,
            obs.get((g["province"], base_id(g["indicator"])), []),
            names,
            deadlines.get(key),
            directions,
        )
        for key, g in sorted(goals.items())
    ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _target_row(
    g: Rec,
    values: list[Rec],
    names: Mapping[str, tuple[str, str]],
    deadline_override: object,
    directions: Mapping[str, str],
) -> Rec:
    """One row of :func:`target_table`: goal ``g`` against the latest of ``values``."""
    tid = str(g["indicator"])
    base = base_id(tid)
    t_scope = str(g.get("scope") or "province")
    cand, notes = _comparable(g, values, t_scope)
    name = names.get(base, names.get(tid, ("", "")))
    rec: Rec = {
        "province": g["province"],
        "indicator": base,
        "target_indicator": tid,
        "name_en": name[0],
        "name_vi": name[1],
        "unit": g.get("unit"),
        "era": g["era"],
        "target_value": float(g["value"]),
        "target_qualifier": g.get("qualifier") or "exact",
        "target_period": g.get("period_label"),
        "target_scope": t_scope,
        "deadline": _deadline(g, deadline_override).isoformat(),
        "status": NO_DATA,
        **dict.fromkeys(_FROM_LATEST),  # filled by _compare when a comparable value exists
    }
    ids = {str(g.get("report_id", ""))}
    if not cand:
        notes.append("no reported value for this indicator")
    else:
        lv = min(stated_for(g, cand), key=latest_key)
        ids.add(str(lv.get("report_id", "")))
        notes += _compare(rec, lv, g, cand, directions.get(base, "increase"))
    if rec["latest_qualifier"] in ("lower_bound", "upper_bound"):
        notes.append("the latest value is a bound ('hơn'/'trên'/'dưới')")
    rec["report_ids"] = ", ".join(sorted(i for i in ids if i and i != "nan"))
    rec["note"] = "; ".join(notes)
    return rec


def _iso(v: object) -> str | None:
    return None if v is None or is_missing(v) or not str(v) else str(v)[:10]


def _line_of(r: Mapping[str, object]) -> tuple[str, int] | None:
    line = r.get("line")
    if line is None or is_missing(line):
        return None
    return str(r.get("report_id", "")), int(line)  # type: ignore[call-overload]


def stated_for(goal: Mapping[str, object], values: list[Rec]) -> list[Rec]:
    """The values to judge ``goal`` by: the result its report states for that target — on the
    target's own line (Bắc Giang's appendix row "… đạt trên 50% | 82,72%") — when there is
    one, else every value. A figure of the same measure elsewhere in the report (83.34% for
    January–May 2024 in the text) is another reading, not the target's result."""
    key = _line_of(goal)
    own = [r for r in values if key is not None and _line_of(r) == key]
    return own or values


def _comparable(g: Rec, values: list[Rec], t_scope: str) -> tuple[list[Rec], list[str]]:
    """The values of the goal's era (of its scope, when there are any), and a note when only
    other scopes report."""
    cand = [r for r in values if r["era"] == g["era"]]
    same_scope = [r for r in cand if str(r.get("scope") or "province") == t_scope]
    if same_scope or not cand:
        return same_scope, []
    kinds = "/".join(sorted({str(r.get("scope")) for r in cand}))
    return cand, [f"target is {t_scope}-level but the values are {kinds}-level"]


def _compare(rec: Rec, lv: Rec, g: Rec, cand: list[Rec], direction: str) -> list[str]:
    """Fill ``rec`` with the latest value ``lv`` and how it stands against the goal; return
    the notes."""
    rec.update(
        latest_value=float(lv["value"]),
        latest_qualifier=lv.get("qualifier") or "exact",
        latest_period=lv.get("period_label"),
        latest_date=lv["date"],
        latest_scope=str(lv.get("scope") or "province"),
        latest_start=_iso(lv.get("period_start")),
        latest_end=_iso(lv.get("period_end")),
        latest_line=at[1] if (at := _line_of(lv)) else None,
    )
    if lv.get("unit") != g.get("unit"):
        return [
            f"value unit {lv.get('unit')!r} differs from target unit "
            f"{g.get('unit')!r}: not compared"
        ]
    rec["status"] = target_status(
        rec["latest_value"],
        rec["target_value"],
        target_qualifier=rec["target_qualifier"],
        value_qualifier=rec["latest_qualifier"],
        direction=direction,
    )
    pace = pace_to_target(
        rec["latest_value"], lv["date"], rec["target_value"], rec["deadline"], direction=direction
    )
    rec["gap"] = pace.gap
    rec["annual_change_needed"] = pace.annual_change_needed
    tr = trend_records(
        [r for r in cand if str(r.get("scope") or "province") == rec["latest_scope"]], None
    )
    rec["observed_method"] = tr.method
    rec["observed_change_per_year"] = tr.slope
    if tr.slope is not None and pace.annual_change_needed is not None:
        need = pace.annual_change_needed
        rec["on_track"] = bool(tr.slope >= need if direction == "increase" else tr.slope <= need)
    return [pace.note] if pace.annual_change_needed is None else []


def _deadline(goal: Mapping[str, object], override: object) -> date:
    if override is not None:
        return as_date(override)
    dl = goal.get("deadline")
    if isinstance(dl, str | date) and dl:
        return as_date(dl)
    _, end = period_bounds(goal)
    return date(end.year, 12, 31)
