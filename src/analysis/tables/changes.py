"""What a build changed against the tables it replaces: ``data/processed/changes.csv``.

Each build that changes something is a new *drop*, numbered from 1; its rows are appended to
the earlier drops' (:func:`with_history`), so the table keeps every drop this
``data/processed`` has seen (a fresh clone or ``make clean`` starts again at drop 1; every
data release carries the table as it was).

Compared on stable keys: reports by id, facts by (report, line, quote), indicator series by
(province, indicator) and their periods, audit findings by (check, report, line, message).
Only classified facts are listed one by one (a new report's unclassified figures are counted
in its ``new_report`` row). When nothing changed, the previous changes table is kept, so
rebuilding the same inputs leaves every file byte-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..schemas import TABLES, csv_dtypes, typed
from ..vocabulary import fmt_number

CHANGE_COLUMNS = tuple(TABLES["changes"].columns)


@dataclass(frozen=True)
class Snapshot:
    """The published tables a comparison needs."""

    reports: pd.DataFrame
    facts: pd.DataFrame
    indicators: pd.DataFrame
    audit: pd.DataFrame


def _row(change: str, rec: dict, detail: str, **kw: object) -> dict:
    base: dict[str, object] = dict.fromkeys(CHANGE_COLUMNS)
    base["drop"] = 0  # numbered by with_history
    base.update(
        {
            k: rec.get(k)
            for k in ("report_id", "province", "period_label", "indicator", "line", "quote")
            if k in rec
        }
    )
    base.update(kw, change=change, detail=detail)
    return base


def with_history(previous: pd.DataFrame | None, latest: pd.DataFrame) -> pd.DataFrame:
    """``latest`` (the rows of one drop, from :func:`compare`) numbered as the next drop and
    appended to the earlier drops of ``previous`` (the changes table it replaces)."""
    earlier = previous if previous is not None and "drop" in previous.columns else None
    last = int(earlier["drop"].max()) if earlier is not None and len(earlier) else 0
    latest = latest.assign(drop=last + 1)
    frames = [f for f in (earlier, latest) if f is not None and len(f)]
    if not frames:
        return latest
    return typed("changes", pd.concat(frames, ignore_index=True)[list(CHANGE_COLUMNS)])


def read_history(path: Path) -> tuple[pd.DataFrame | None, bool]:
    """The changes table at ``path`` (``None`` if absent) and whether it was migrated: a table
    from before drops were numbered is read as drop 1."""
    if not path.exists():
        return None, False
    dtypes = csv_dtypes("changes")
    head = pd.read_csv(path, nrows=0).columns
    migrated = "drop" not in head
    if migrated:
        dtypes = {k: v for k, v in dtypes.items() if k != "drop"}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    if migrated:
        df.insert(0, "drop", 1)
    return typed("changes", df), migrated


def latest_drop(changes: pd.DataFrame) -> pd.DataFrame:
    """The rows of the newest drop of a changes table."""
    if changes.empty:
        return changes
    return changes[changes["drop"] == changes["drop"].max()].reset_index(drop=True)


def compare(old: Snapshot | None, new: Snapshot) -> pd.DataFrame:
    """Rows describing every change from ``old`` (``None``: first build) to ``new``."""
    first = old is None
    empty = pd.DataFrame(columns=["report_id"])
    old = old or Snapshot(empty, empty, empty, empty)
    rows: list[dict] = []
    old_ids = set(old.reports.get("report_id", []))
    new_ids = set(new.reports["report_id"])
    counts = new.facts.groupby("report_id").size().to_dict()
    classified = new.facts[new.facts["indicator"].notna()].groupby("report_id").size().to_dict()
    for rec in new.reports.to_dict("records"):
        if rec["report_id"] not in old_ids:
            rid = rec["report_id"]
            rows.append(
                _row(
                    "new_report",
                    rec,
                    f"{counts.get(rid, 0)} figures, {classified.get(rid, 0)} classified",
                )
            )
    for rec in old.reports.to_dict("records") if len(old.reports) else []:
        if rec["report_id"] not in new_ids:
            rows.append(_row("removed_report", rec, "report no longer in the manifest"))
    if not first:  # a first build lists its reports, not each of their figures
        rows += _fact_changes(old.facts, new.facts)
        rows += _period_changes(old.indicators, new.indicators)
        rows += _finding_changes(old.audit, new.audit)
    return typed("changes", pd.DataFrame(rows, columns=list(CHANGE_COLUMNS)))


def _keyed(df: pd.DataFrame, key: list[str]) -> dict[tuple, dict]:
    if df.empty or any(k not in df.columns for k in key):
        return {}
    return {tuple(r[k] for k in key): r for r in df.to_dict("records")}


def _fact_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    key = ["report_id", "line", "quote"]
    o, n = _keyed(old, key), _keyed(new, key)
    rows = []
    for k, rec in n.items():
        if k not in o:
            if isinstance(rec["indicator"], str):
                rows.append(
                    _row("new_fact", rec, f"new figure {_fmt(rec)}", new_value=rec["value"])
                )
            continue
        prev = o[k]
        same = math.isclose(float(prev["value"]), float(rec["value"]), rel_tol=1e-12)
        if same and (
            _text(prev["indicator"]) != _text(rec["indicator"]) or prev["status"] != rec["status"]
        ):
            rows.append(
                _row(
                    "reclassified",
                    rec,
                    f"{_fmt(rec)} was {_text(prev['indicator']) or 'unclassified'} "
                    f"({prev['status']}), now {_text(rec['indicator']) or 'unclassified'}"
                    f" ({rec['status']})",
                    old_value=prev["value"],
                    new_value=rec["value"],
                )
            )
        elif not same:
            rows.append(
                _row(
                    "changed_value",
                    rec,
                    f"was {_fmt(prev)} ({_text(prev['indicator'])}, {prev['status']}), "
                    f"now {_fmt(rec)} ({_text(rec['indicator'])}, {rec['status']})",
                    old_value=prev["value"],
                    new_value=rec["value"],
                )
            )
    for k, rec in o.items():
        if k not in n and isinstance(rec["indicator"], str):
            rows.append(
                _row("removed_fact", rec, "figure no longer extracted", old_value=rec["value"])
            )
    return rows


def _fmt(rec: dict) -> str:
    return fmt_number(float(rec["value"]), str(rec.get("unit") or "count"))


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _period_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    if new.empty:
        return []

    # a series is one province's indicator within one era: a post-merger value never extends
    # a pre-merger series (the merged province is a different population)
    def era(df: pd.DataFrame) -> list[bool]:
        return [str(v) == "True" for v in df["post_merger"]]

    had, series = set(), set()
    if not old.empty:
        had = set(
            zip(old["province"], old["indicator"], era(old), old["period_label"], strict=True)
        )
        series = set(zip(old["province"], old["indicator"], era(old), strict=True))
    rows = []
    for rec, post in zip(new.to_dict("records"), era(new), strict=True):
        k = (rec["province"], rec["indicator"], post, rec["period_label"])
        if k not in had and k[:3] in series:
            rows.append(
                _row(
                    "new_period",
                    rec,
                    f"{rec['indicator']} gains period {rec['period_label']}: {_fmt(rec)}",
                    new_value=rec["value"],
                )
            )
    return rows


def _finding_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    key = ["check", "report_id", "line", "message"]
    o, n = _keyed(old, key), _keyed(new, key)
    rows = [
        _row("new_finding", rec, f"{rec['severity']}: {rec['message']}")
        for k, rec in n.items()
        if k not in o
    ]
    rows += [
        _row("resolved_finding", rec, f"no longer found: {rec['message']}")
        for k, rec in o.items()
        if k not in n
    ]
    return rows
