"""Which value a cross-province comparison shows: one figure per province and indicator.

Preference, in order: a province-wide figure over an agency/district/commune one; a pre-merger
figure over a post-merger one (the four provinces as they were); the latest period; within a
period, the indicator's own measure over a variant (indicators.csv has a row per measure); a
reviewed/overridden row over an extracted one. The comparison charts and the target table use
the same rule (:func:`latest_values` on a table, :func:`latest_key` on records).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from ..schemas import values
from ..vocabulary import PRE_MERGER, STATUS_RANK
from .dates import usable, with_dates


def latest_values(
    indicators_df: pd.DataFrame,
    indicator: str | None = None,
    *,
    scope: str | None = None,
    era: str | None = None,
    dated: bool = False,
) -> pd.DataFrame:
    """One row per province × indicator: the figure a cross-province comparison should show.

    Preference, in order: a province-wide figure over an agency/district/commune one; a
    pre-merger figure over a post-merger one (the four provinces as they were); the latest
    period (``period_end``); the indicator's own measure over a variant; a reviewed/overridden
    row over an extracted one. ``scope`` or ``era`` restrict the choice instead. Adds
    ``date``, ``x``, ``era`` and ``n_candidates`` (how many rows competed). ``dated``: the
    rows already went through :func:`~analysis.book.dates.with_dates` (not dated again).
    """
    data = usable(indicators_df)
    if indicator is not None:
        data = data[data["indicator"] == indicator]
    if not dated:
        data = with_dates(data)
    if scope is not None and "scope" in data.columns:
        data = data[data["scope"] == scope]
    if era is not None:
        data = data[data["era"] == era]
    if data.empty:
        return data.assign(n_candidates=pd.Series(dtype="int"))
    sc = data["scope"] if "scope" in data.columns else pd.Series("province", index=data.index)
    st = data["status"] if "status" in data.columns else pd.Series("", index=data.index)
    picked = _pick(data, sc, st)
    if picked is not None:
        return picked
    ranked = data.assign(
        _scope=(sc != "province").astype(int),
        _era=(data["era"] != PRE_MERGER).astype(int),
        _end=-data["x"],
        _variant=_variant(data).astype(int),
        _status=st.map(STATUS_RANK).fillna(9),
    ).sort_values(["_scope", "_era", "_end", "_variant", "_status"], kind="stable")
    counts = data.groupby(["province", "indicator"]).size().rename("n_candidates")
    best = ranked.groupby(["province", "indicator"], sort=True).head(1)
    best = best.drop(columns=["_scope", "_era", "_end", "_variant", "_status"])
    return best.join(counts, on=["province", "indicator"]).reset_index(drop=True)


def _pick(data: pd.DataFrame, sc: pd.Series, st: pd.Series) -> pd.DataFrame | None:
    """What the ranking of :func:`latest_values` gives, worked out on Python rows (a chapter
    asks for it per indicator, on a few rows each: pandas' sort, group and join cost more than
    the rows). ``None`` when a key is missing (the pandas path then decides, as it always did)."""
    provinces, indicators = values(data["province"]), values(data["indicator"])
    xs, variant = values(data["x"]), values(_variant(data))
    scopes, eras, statuses = values(sc), values(data["era"]), values(st)
    if any(v is None for v in (*provinces, *indicators, *scopes, *variant)) or any(
        not isinstance(x, float) or math.isnan(x) for x in xs
    ):
        return None
    rank = [
        (s != "province", e != PRE_MERGER, -x, bool(v), STATUS_RANK.get(t, 9))
        for s, e, x, v, t in zip(scopes, eras, xs, variant, statuses, strict=True)
    ]
    keys = list(zip(provinces, indicators, strict=True))
    counts = Counter(keys)
    seen: set[tuple] = set()
    order = []
    for i in sorted(range(len(rank)), key=rank.__getitem__):  # stable, as sort_values(kind=stable)
        if keys[i] not in seen:
            seen.add(keys[i])
            order.append(i)
    best = data.iloc[order].reset_index(drop=True)
    best["n_candidates"] = np.array([counts[keys[i]] for i in order], dtype="int64")
    return best


def _variant(data: pd.DataFrame) -> pd.Series:
    """True for a row whose measure is a variant of its indicator's own (none without a
    ``measure`` column)."""
    if "measure" not in data.columns:
        return pd.Series(False, index=data.index)
    own = data["indicator"].str.removesuffix("_target")
    return data["measure"].fillna(own) != own


def latest_key(r: dict) -> tuple:
    """Sort key of one dated record (the same preference as :func:`latest_values`)."""
    own = str(r["indicator"]).removesuffix("_target")
    return (
        str(r.get("scope") or "province") != "province",
        r["era"] != PRE_MERGER,
        -float(r["x"]),
        str(r.get("measure") or own) != own,
        STATUS_RANK.get(str(r.get("status")), 9),
    )
