"""The indicators table: one best value per province × period × indicator × measure, linked
to its facts.

The measure is the figure's own (:func:`analysis.tables.measures.measure_of`, read from its
words): Trà Vinh's 14 province and district video-conference points and its 106 commune
points on the next line are two rows of ``video_conference_points``, one per measure, not
rival values of one. Rows of one indicator and period with different measures are never a
``conflict``.

The period is the figure's own (``period_start``/``period_end`` of the fact): a figure about
an earlier period, or about part of the report's ("5 tháng đầu năm 2024" in a report on
2023-01/2024-05), is a value of that period, never of the report's. A stock stated as of a
day inside the report's period ("tính đến ngày 31/3/2023") counts for the report's period.

Choosing among a report's fact rows for one indicator, in order: a person's correction
(``overridden``); a figure the audit did not find contradicting its own counts; a reviewed
figure over raw extraction; a province-wide figure over a department's own; an exact figure
over a bound; the first mention. ``conflict`` is true when another
candidate of the same scope states a different value (the audit explains it), except for
indicators a report may legitimately state several times (``repeatable`` in the catalog);
``fact_lines`` lists every line the indicator was read from (``report:line`` when another report
of the same period contributes), so a reader can check them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from datetime import date
from typing import Any

import pandas as pd

from ..corpus.periods import parse_period, span_label
from ..facts.catalog import Catalog
from ..schemas import TABLES, records, typed, values
from ..vocabulary import QUALIFIER_RANK, SCOPE_RANK, STATUS_RANK, base_id, is_target
from .measures import Measure, measure_of

INDICATOR_COLUMNS: tuple[str, ...] = tuple(TABLES["indicators"].columns)


def indicators_frame(
    facts: pd.DataFrame,
    manifest: pd.DataFrame,
    catalog: Catalog,
    flagged: Set[tuple[str, int, str]] = frozenset(),
    *,
    lines: Mapping[str, Sequence[str]] | None = None,
    measures: Mapping[str, list[Measure]] | None = None,
) -> pd.DataFrame:
    """Best value per province × period × indicator × measure from ``facts`` (rejected rows
    never count).

    ``flagged`` holds the ``(report_id, line, quote)`` keys of figures the audit found
    inconsistent with their own counts; they are chosen only when nothing else is stated.
    ``lines`` maps report id → its raw lines (1-based ``line`` indexes them) and ``measures``
    is :func:`~analysis.tables.measures.load_measures`: each fact's measure is read from its
    line; without them every value has its indicator's own measure.
    """
    live = _ranked(facts[facts["indicator"].notna() & (facts["status"] != "rejected")], flagged)
    meta = {m["report_id"]: m for m in records(manifest)}
    # the facts' fields a column at a time (a dict per fact took 25 MiB for 1,000 reports);
    # each fact is read through a _Fact view of its row
    cols = {c: values(live[c]) for c in _FACT_FIELDS}
    cols["_rank"] = list(live["_rank"])
    # one row per province × period × indicator × measure, even when two reports cover the
    # same period
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i in range(len(live)):
        rec = _Fact(cols, i)
        ind = rec["indicator"]
        measure = _measure(rec, lines or {}, measures or {})
        label = figure_period_label(rec, meta[rec["report_id"]])
        groups.setdefault((rec["province"], label, ind, measure), []).append(i)
    rows = [
        _row(ind, measure, label, [_Fact(cols, i) for i in grp], meta, catalog)
        for (_, label, ind, measure), grp in sorted(groups.items())
    ]
    df = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    order = {i: n for n, i in enumerate(catalog.ids())}
    df["_order"] = [order.get(base_id(i), len(order)) for i in df["indicator"]]
    df["_variant"] = df["measure"] != df["indicator"].map(base_id)  # the own measure first
    df = df.sort_values(
        ["_order", "indicator", "_variant", "measure", "province", "period_start"], kind="stable"
    )
    return typed("indicators", df.drop(columns=["_order", "_variant"]).reset_index(drop=True))


#: The fields of a fact the indicators read.
_FACT_FIELDS = (
    "report_id",
    "province",
    "period_start",
    "period_end",
    "indicator",
    "value",
    "qualifier",
    "numerator",
    "denominator",
    "scope",
    "line",
    "quote",
    "status",
)


class _Fact(Mapping[str, Any]):
    """One fact, read from the columns of its table (``cols[name][i]``): what ``records``
    gives for the row, without a dict per row."""

    __slots__ = ("_cols", "_i")

    def __init__(self, cols: dict[str, list], i: int) -> None:
        self._cols, self._i = cols, i

    def __getitem__(self, key: str) -> Any:
        return self._cols[key][self._i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cols)

    def __len__(self) -> int:
        return len(self._cols)


def _measure(
    fact: Mapping[str, Any],
    lines: Mapping[str, Sequence[str]],
    measures: Mapping[str, list[Measure]],
) -> str:
    """The measure of one fact, read from its words in its raw line."""
    ind = str(fact["indicator"])
    if len(measures.get(base_id(ind), ())) < 2:  # no variant: the indicator's own measure
        return base_id(ind)
    raw = lines.get(fact["report_id"], ())
    n = int(fact["line"])
    return measure_of(ind, str(fact["quote"]), raw[n - 1] if 0 < n <= len(raw) else "", measures)


def figure_period_label(fact: Mapping[str, Any], report: dict) -> str:
    """The period label a fact counts for: the report's, unless the figure has its own."""
    fs, fe = str(fact["period_start"]), str(fact["period_end"])
    rs, re_ = str(report["period_start"])[:10], str(report["period_end"])[:10]
    if (fs, fe) == (rs, re_) or (fs == fe and rs <= fs <= re_):
        return str(report["period_label"])
    return span_label(date.fromisoformat(fs), date.fromisoformat(fe))


def _ranked(live: pd.DataFrame, flagged: Set[tuple[str, int, str]]) -> pd.DataFrame:
    """``live`` with ``_rank``, the choice order of the module docstring (lower first)."""
    keys = zip(
        values(live["report_id"]),
        values(live["line"].astype(int)),
        values(live["quote"]),
        strict=True,
    )
    rank = list(
        zip(
            (live["status"] != "overridden").astype(int),
            [k in flagged for k in keys],
            live["status"].map(STATUS_RANK),
            live["scope"].map(SCOPE_RANK),
            live["qualifier"].map(QUALIFIER_RANK),
            live["line"],
            strict=True,
        )
    )
    return live.assign(_rank=rank)  # a new frame sharing the columns (no copy of the facts)


def _row(
    ind: str,
    measure: str,
    label: str,
    grp: list[_Fact],
    meta: dict[str, dict],
    catalog: Catalog,
) -> dict:
    """The indicators row of one province × period × indicator × measure from its candidate
    facts."""
    grp.sort(key=lambda r: (r["_rank"], r["report_id"]))
    best = grp[0]
    rid = best["report_id"]
    entry = catalog[ind]
    scope_values = {r["value"] for r in grp if r["scope"] == best["scope"]}
    m = meta[rid]
    target = is_target(ind)
    own = label != m["period_label"]
    period = parse_period(label) if own else None
    return {
        "province": best["province"],
        "period_label": label,
        "period_start": period.start.isoformat() if period else m["period_start"],
        "period_end": period.end.isoformat() if period else m["period_end"],
        "post_merger": bool(m["post_merger"]),
        "indicator": ind,
        "measure": measure,
        "name_en": entry.name_en + (" (target)" if target else ""),
        "name_vi": entry.name_vi + (" (chỉ tiêu)" if target else ""),
        "theme": entry.theme,
        "unit": entry.unit,
        "value": float(best["value"]),
        **{k: best[k] for k in ("qualifier", "numerator", "denominator", "scope", "status")},
        "report_id": rid,
        "line": int(best["line"]),
        "quote": best["quote"],
        "n_facts": len(grp),
        "fact_lines": ";".join(
            f"{r}:{n}" if r != rid else str(n)
            for r, n in sorted({(r["report_id"], int(r["line"])) for r in grp})
        ),
        "conflict": len(scope_values) > 1 and not entry.repeatable,
    }
