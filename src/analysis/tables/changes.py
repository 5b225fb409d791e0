"""What a build changed against the tables it replaces: ``data/processed/changes.csv``.

Each build that changes something is a new *drop*, numbered from 1; its rows are appended to
the earlier drops' (:func:`with_history`), so the table keeps every drop this
``data/processed`` has seen. A fresh clone starts again at drop 1, unless its build is given
the release published last (``build --previous``, :mod:`analysis.previous`), whose drops it
then continues; every data release carries the table as it was.

Compared on stable keys: reports by id, facts by (report, line, quote), indicator series by
(province, indicator, measure) and their periods, audit findings by (check, report, line, message).
Only classified facts are listed one by one (a new report's unclassified figures are counted
in its ``new_report`` row). When nothing changed, the previous changes table is kept, so
rebuilding the same inputs leaves every file byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks.messages import Said, reword, said
from ..schemas import TABLES, csv_dtypes, records, typed, values
from ..vocabulary import base_id, fmt_number

CHANGE_COLUMNS = tuple(TABLES["changes"].columns)


@dataclass(frozen=True)
class Snapshot:
    """The published tables a comparison needs."""

    reports: pd.DataFrame
    facts: pd.DataFrame
    indicators: pd.DataFrame
    audit: pd.DataFrame


def _row(change: str, rec: dict, detail: Said, **kw: object) -> dict:
    base: dict[str, object] = dict.fromkeys(CHANGE_COLUMNS)
    base["drop"] = 0  # numbered by with_history
    base.update(
        {
            k: rec.get(k)
            for k in ("report_id", "province", "period_label", "indicator", "line", "quote")
            if k in rec
        }
    )
    base.update(kw, change=change, detail=detail.en, detail_vi=detail.vi)
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
    from before drops were numbered is read as drop 1; an optional column it predates
    (``detail_vi``) reads as missing, and the table is rewritten with it."""
    if not path.exists():
        return None, False
    head = set(pd.read_csv(path, nrows=0).columns)
    dtypes = {k: v for k, v in csv_dtypes("changes").items() if k in head}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    migrated = "drop" not in head
    if migrated:
        df.insert(0, "drop", 1)
    optional = [f.name for f in TABLES["changes"].fields if not f.required]
    for column in optional:
        if column not in head:
            df[column] = pd.NA
            migrated = True
    filled = _fill_vietnamese(df)
    return typed("changes", filled if filled is not None else df), migrated or filled is not None


def _fill_vietnamese(df: pd.DataFrame) -> pd.DataFrame | None:
    """``df`` with the Vietnamese detail of the rows of earlier drops that have none (written
    before ``detail_vi`` existed) read back from their English one by its template; None when
    no row needed or got one (a detail no template reads back stays empty)."""
    missing = df["detail_vi"].isna() & df["detail"].notna()
    if not missing.any():
        return None
    got = {i: reword("changes", str(df.at[i, "detail"])) for i in df.index[missing]}
    got = {i: v for i, v in got.items() if v is not None}
    if not got:
        return None
    out = df.copy()
    out["detail_vi"] = out["detail_vi"].astype("object")
    for i, v in got.items():
        out.at[i, "detail_vi"] = v
    return out


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
    for rec in records(new.reports):
        if rec["report_id"] not in old_ids:
            rid = rec["report_id"]
            rows.append(
                _row(
                    "new_report",
                    rec,
                    said(
                        "changes.new_report",
                        figures=counts.get(rid, 0),
                        classified=classified.get(rid, 0),
                    ),
                )
            )
    for rec in records(old.reports) if len(old.reports) else []:
        if rec["report_id"] not in new_ids:
            rows.append(_row("removed_report", rec, said("changes.removed_report")))
    if not first:  # a first build lists its reports, not each of their figures
        rows += _fact_changes(old.facts, new.facts)
        rows += _period_changes(old.indicators, new.indicators)
        rows += _finding_changes(old.audit, new.audit)
    return typed("changes", pd.DataFrame(rows, columns=list(CHANGE_COLUMNS)))


_FACT_KEY = ["report_id", "line", "quote"]


def _fact_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    """New, changed, reclassified and removed classified facts, matched on their key by one
    join (only the rows that differ become Python records)."""
    o, n = _key_frame(old), _key_frame(new)
    both = n.merge(o, on=_FACT_KEY, how="left", suffixes=("", "_old"), indicator=True)
    matched = (both["_merge"] == "both").to_numpy()
    a, b = both["value_old"].to_numpy(dtype=float), both["value"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):  # math.isclose(a, b, rel_tol=1e-12), elementwise
        same = (a == b) | (np.abs(a - b) <= 1e-12 * np.maximum(np.abs(a), np.abs(b)))
    relabel = _differs(both["indicator"].fillna(""), both["indicator_old"].fillna(""))
    relabel |= _differs(both["status"], both["status_old"])
    classified = both["indicator"].notna().to_numpy()
    kinds = np.select(
        [~matched & classified, matched & same & relabel, matched & ~same],
        ["new_fact", "reclassified", "changed_value"],
        default="",
    )
    rows = []
    picked = np.flatnonzero(kinds != "")
    recs = records(new.iloc[n["_pos"].to_numpy()[picked]]) if len(picked) else []
    for i, rec in zip(picked, recs, strict=True):
        prev = {"value": both["value_old"].iat[i], "unit": both["unit_old"].iat[i]}
        prev |= {"indicator": both["indicator_old"].iat[i], "status": both["status_old"].iat[i]}
        rows.append(_fact_row(str(kinds[i]), rec, prev))
    gone = o.merge(n[_FACT_KEY], on=_FACT_KEY, how="left", indicator=True)
    gone_pos = o["_pos"][(gone["_merge"] == "left_only").to_numpy() & o["indicator"].notna()]
    for rec in records(old.iloc[gone_pos.to_numpy()]) if len(gone_pos) else []:
        rows.append(_row("removed_fact", rec, said("changes.removed_fact"), old_value=rec["value"]))
    return rows


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Elementwise ``a != b`` for text columns, as plain booleans (missing is its own value)."""
    x = a.astype("object").fillna("\0").to_numpy(dtype=str)
    return np.asarray(x != b.astype("object").fillna("\0").to_numpy(dtype=str), dtype=bool)


def _key_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The columns a fact comparison reads, with each row's position (``_pos``); one row per
    key (the last, as a mapping by key would keep); empty without the key columns."""
    cols = [*_FACT_KEY, "indicator", "value", "unit", "status"]
    if df.empty or any(c not in df.columns for c in cols):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*cols, "_pos"]})
    out = df[cols].assign(_pos=np.arange(len(df)))
    return out.drop_duplicates(_FACT_KEY, keep="last").reset_index(drop=True)


def _fact_row(kind: str, rec: dict, prev: dict) -> dict:
    if kind == "new_fact":
        return _row(
            "new_fact", rec, said("changes.new_fact", value=_fmt(rec)), new_value=rec["value"]
        )
    detail = said(
        "changes.reclassified" if kind == "reclassified" else "changes.changed_value",
        value=_fmt(rec),
        old=_fmt(prev),
        new=_fmt(rec),
        old_ind=_text(prev["indicator"]),
        ind=_text(rec["indicator"]),
        old_status=prev["status"],
        status=rec["status"],
    )
    return _row(kind, rec, detail, old_value=prev["value"], new_value=rec["value"])


def _fmt(rec: dict) -> Said:
    """A value with its unit, as each language writes it (72.9% / 72,9%)."""
    value, unit = float(rec["value"]), str(rec.get("unit") or "count")
    return Said(fmt_number(value, unit, lang="en"), fmt_number(value, unit, lang="vi"))


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _period_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    if new.empty:
        return []

    # a series is one province's indicator, on one measure, within one era: a post-merger
    # value never extends a pre-merger series (the merged province is a different population)
    def series_of(df: pd.DataFrame) -> list[tuple[str, str, str, bool]]:
        # tables from before indicators held a measure read it as empty: the own measure
        measures = df["measure"] if "measure" in df.columns else pd.Series("", index=df.index)
        return [
            (p, i, str(m) if isinstance(m, str) and m else base_id(i), str(v) == "True")
            for p, i, m, v in zip(
                *(
                    values(c)
                    for c in (df["province"], df["indicator"], measures, df["post_merger"])
                ),
                strict=True,
            )
        ]

    had, series = set(), set()
    if not old.empty:
        had = {(*k, p) for k, p in zip(series_of(old), values(old["period_label"]), strict=True)}
        series = set(series_of(old))
    keys = [(*k, p) for k, p in zip(series_of(new), values(new["period_label"]), strict=True)]
    hits = [i for i, k in enumerate(keys) if k not in had and k[:4] in series]
    return [  # only the new periods become Python records
        _row(
            "new_period",
            rec,
            said(
                "changes.new_period",
                ind=rec["indicator"],
                period=rec["period_label"],
                value=_fmt(rec),
            ),
            new_value=rec["value"],
        )
        for rec in _records(new, hits)
    ]


def _finding_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    key = ["check", "report_id", "line", "message"]
    o, n = _positions(old, key), _positions(new, key)
    rows = [
        _row(
            "new_finding",
            rec,
            said("changes.new_finding", severity=rec["severity"], message=_message(rec)),
        )
        for rec in _records(new, [p for k, p in n.items() if k not in o])
    ]
    rows += [
        _row("resolved_finding", rec, said("changes.resolved_finding", message=_message(rec)))
        for rec in _records(old, [p for k, p in o.items() if k not in n])
    ]
    return rows


def _message(rec: dict) -> Said:
    """A finding's sentence in both languages (its English one where it has no Vietnamese,
    e.g. in an audit table written before the column)."""
    vi = rec.get("message_vi")
    return Said(str(rec["message"]), vi if isinstance(vi, str) and vi else str(rec["message"]))


def _positions(df: pd.DataFrame, key: list[str]) -> dict[tuple, int]:
    """Key -> position of the last row with that key, keys in order of first appearance
    (what a mapping built row by row holds); empty without the key columns."""
    if df.empty or any(k not in df.columns for k in key):
        return {}
    return dict(zip(zip(*(df[k].tolist() for k in key), strict=True), range(len(df)), strict=True))


def _records(df: pd.DataFrame, positions: list[int]) -> list[dict]:
    return records(df.iloc[positions]) if positions else []
