"""Fair comparisons: provinces are set side by side only on the same measure.

A comparison (chart, table row, sentence) joins values only when they have the same
indicator *and* the same measure (``measures.csv``: what is counted, over what population),
the same scope (one department's figures never share an axis with province-wide ones) and the
same geography (pre-merger). Beyond that:

- a count that grows with a province's size (``scale_dependent``) is listed, never ranked;
- a flow (what happened during a period) is compared only between periods of equal length;
- a measure reported by one province only is said in a sentence, not drawn as a one-bar chart;
- "from X in A to Y in B" (a change) needs the same measure, scope and a definition that did
  not change between the reports (``comparable_over_time``).

Each rule returns a :class:`Panel` whose ``verdict`` says what may be shown and ``reason``
says why in words, so the book prints the reason where a comparison is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import formats
from ..vocabulary import PRE_MERGER, QUALIFIER_MARKS, STUDY_PROVINCES, is_target
from . import present
from .dates import period_text, readable_period, span_text, with_dates  # noqa: F401 (re-exported)
from .latest import latest_values
from .words import labels, t

CHART = "chart"
LIST = "list"
SINGLE = "single"
NONE = "none"


def with_measures(
    indicators: pd.DataFrame,
    value_measures: pd.DataFrame,
    measures: pd.DataFrame,
    reports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``indicators`` (one row per value and measure) plus its measure's ``counts``,
    ``population``, ``kind``, ``scale_dependent``, ``comparable_over_time`` and ``level`` (a
    level on a date, stated as of its period's end: :func:`~analysis.book.dates.period_text`); with
    ``reports``, also ``report_period`` (the period the value's report covers, which a
    figure's own period may differ from). ``value_measures`` gives the measure to tables
    built before indicators.csv held it (keyed then by province, period and indicator)."""
    if "measure" in indicators.columns and (indicators["measure"].fillna("") != "").all():
        out = indicators.copy()
    else:
        key = ["province", "period_label", "indicator"]
        old = indicators.drop(columns=["measure"], errors="ignore")
        out = old.merge(value_measures[[*key, "measure"]], on=key, how="left")
    if reports is not None:
        rep = dict(zip(reports["report_id"], reports["period_label"], strict=True))
        out["report_period"] = out["report_id"].map(rep)
    out["measure"] = out["measure"].fillna(out["indicator"].str.removesuffix("_target"))
    cols = ["measure", "counts", "population", "kind", "scale_dependent", "comparable_over_time"]
    vi = [
        c for c in ("counts_vi", "population_vi") if c in measures.columns
    ]  # older tables lack them
    level = ["level"] if "level" in measures.columns else []  # older tables lack it
    out = out.merge(measures[cols + vi + level], on="measure", how="left")
    for c in ("counts_vi", "population_vi"):
        out[c] = out[c].fillna("") if c in out else ""
    stock = out["kind"] == "stock"
    out["level"] = (out["level"].fillna(False).astype(bool) | stock) if level else stock
    out["scale_dependent"] = out["scale_dependent"].fillna(False).astype(bool)
    out["comparable_over_time"] = out["comparable_over_time"].fillna(True).astype(bool)
    out["counts"] = out["counts"].fillna("")
    out["population"] = out["population"].fillna("")
    out["kind"] = out["kind"].fillna("")
    return out


@dataclass
class Panel:
    """One measure of one indicator: the values that may be compared and the verdict."""

    indicator: str
    measure: str
    counts: str
    population: str
    verdict: str  # chart, list, single, none
    reason: str
    rows: pd.DataFrame  # latest province-wide pre-merger value per province
    others: pd.DataFrame = field(default_factory=pd.DataFrame)  # agency/post-merger values
    name_vi: str = ""  # the catalog's Vietnamese name of the indicator
    counts_vi: str = ""  # what the measure counts, in Vietnamese
    population_vi: str = ""  # over what population, in Vietnamese

    def measure_text(self) -> str:
        """What the panel counts in the edition's words: the measure's own description (in
        Vietnamese ``counts_vi``; the catalog name only for tables without it)."""
        if formats.language() == "vi":
            return self.counts_vi or self.name_vi or self.measure
        return self.counts or self.measure

    def population_text(self) -> str:
        """Over what population, in the edition's words."""
        return self.population_vi if formats.language() == "vi" else self.population


def name_column() -> str:
    """The catalog column that names an indicator in the current edition."""
    return "name_vi" if formats.language() == "vi" else "name_en"


def both_names(r: pd.Series | dict) -> str:
    """An indicator's name for a table's first column: "English / Vietnamese" in the English
    edition (the reports' own words beside), the Vietnamese name alone in the Vietnamese one."""
    if formats.language() == "vi":
        return str(r["name_vi"] or r["name_en"])
    return f"{r['name_en']} / {r['name_vi']}"


def _months(row: pd.Series) -> int:
    s, e = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return (e.year - s.year) * 12 + e.month - s.month + 1


def _verdict(rows: pd.DataFrame) -> tuple[str, str]:
    n = rows["province"].nunique()
    if n == 0:
        return NONE, t("fair.reasons.none")
    if n == 1:
        return SINGLE, t("fair.reasons.single", province=rows["province"].iloc[0])
    first = rows.iloc[0]
    if bool(first["scale_dependent"]):
        return LIST, t("fair.reasons.scale")
    if first["kind"] == "flow" and rows.apply(_months, axis=1).nunique() > 1:
        return LIST, t("fair.reasons.lengths")
    return CHART, ""


def panels(data: pd.DataFrame, indicator: str, *, dated: bool = False) -> list[Panel]:
    """The measures of ``indicator`` in ``data`` (a :func:`with_measures` frame), the main
    measure first, each with its comparable values and verdict. ``dated``: ``data`` went
    through :func:`~analysis.book.dates.with_dates` already (a chapter dates its rows once,
    not once per indicator: the dates of a row are its own)."""
    sub = data[(data["indicator"] == indicator) & (data["status"] != "rejected")]
    if not dated:
        sub = with_dates(sub)
    out = []
    for measure, grp in sub.groupby("measure", sort=False):
        dated_rows = grp
        wide = dated_rows[(dated_rows["scope"] == "province") & (dated_rows["era"] == PRE_MERGER)]
        latest = latest_values(wide, dated=True) if len(wide) else wide
        others = dated_rows.drop(index=wide.index)
        verdict, reason = _verdict(latest)
        first = grp.iloc[0]
        out.append(
            Panel(
                indicator,
                str(measure),
                str(first["counts"]),
                str(first["population"]),
                verdict,
                reason,
                latest.reset_index(drop=True),
                others.reset_index(drop=True),
                str(first.get("name_vi") or ""),
                str(first.get("counts_vi") or ""),
                str(first.get("population_vi") or ""),
            )
        )
    return sorted(out, key=lambda p: (p.measure != indicator, p.measure))


def as_stated(value: float, unit: str) -> str:
    """A value with the decimals the report gave: 77.15% (not 77.2%), 44.778 billion VND;
    in the Vietnamese edition 77,15%, 44,778 tỷ đồng (:func:`analysis.formats.stated`)."""
    return formats.stated(value, unit)


def _report_period(r: pd.Series | dict) -> str:
    rep = r.get("report_period")
    return readable_period(str(rep if isinstance(rep, str) and rep else r["period_label"]))


def source_text(r: pd.Series | dict) -> str:
    """Where a value comes from, in readers' words: "An Giang's Q1 2023 report, line 155"."""
    if formats.language() == "vi":
        return f"báo cáo {_report_period(r)} của {r['province']}, dòng {int(r['line'])}"
    return f"{r['province']}'s {_report_period(r)} report, line {int(r['line'])}"


def cite(r: pd.Series | dict) -> str:
    """The source, preceded by the value's own period when it differs from the report's:
    "An Giang's Jan 2025 report, line 71" or "2022; An Giang's Q1 2023 report, line 169"."""
    own = period_text(r)
    return source_text(r) if own == _report_period(r) else f"{own}; {source_text(r)}"


def marked(r: pd.Series | dict) -> str:
    """The value as stated, with its qualifier mark (~70%, >30%) and ≠ when its report also
    gives another value for it."""
    mark = QUALIFIER_MARKS.get(str(r["qualifier"]), "")
    conflict = " ≠" if bool(r.get("conflict", False)) else ""
    return f"{mark}{as_stated(float(r['value']), str(r['unit']))}{conflict}"


def value_phrase(r: pd.Series | dict) -> str:
    """'77.2% (2024-01/2024-05; Bắc Giang report …, line 77)' for one value."""
    mark = QUALIFIER_MARKS.get(str(r["qualifier"]), "")
    return (
        f"{mark}{as_stated(float(r['value']), str(r['unit']))} ({period_text(r)}; {source_text(r)})"
    )


def panel_prose(p: Panel) -> present.Prose:
    """What a panel measures and, when no chart is drawn, its values and why not."""
    esc = present.escape_md
    w = labels("fair.panel")
    head = f"*{w['measure']}*: {esc(p.measure_text())}"
    if p.population_text():
        head += w["over"].format(population=esc(p.population_text()))
    lines = [head + "."]
    if p.verdict != CHART and len(p.rows):
        vals = "; ".join(f"{r['province']} {value_phrase(r)}" for _, r in p.rows.iterrows())
        lines.append(esc(f"{vals} — {p.reason}."))
    elif p.verdict == NONE:
        lines.append(esc(p.reason[0].upper() + p.reason[1:] + "."))
    if len(p.others):
        vals = "; ".join(
            f"{r['province']} {value_phrase(r)}"
            + (f" ({w['agency']})" if r["scope"] == "agency" else f" ({w[str(r['scope'])]})")
            for _, r in p.others.iterrows()
            if r["scope"] != "province"
        )
        if vals:
            lines.append(esc(f"{w['apart']}: {vals}."))
    return present.Prose("\n\n".join(lines))


def comparable_change(a: pd.Series | dict, b: pd.Series | dict) -> str | None:
    """Why a change from ``a`` to ``b`` may not be stated, or None when it may."""
    if a["indicator"] != b["indicator"] or a["measure"] != b["measure"]:
        return t("fair.change.measure")
    if a["scope"] != b["scope"]:
        return t("fair.change.scope")
    if not bool(a["comparable_over_time"]):
        return t("fair.change.definition")
    if a.get("kind") == "flow" and _months(pd.Series(a)) != _months(pd.Series(b)):
        return t("fair.change.lengths")  # 54 trained in a year is not "up" to 400 in a quarter
    da, db = a.get("denominator"), b.get("denominator")
    both = da is not None and db is not None and pd.notna(da) and pd.notna(db)
    if both and float(da) != float(db):  # type: ignore[arg-type]
        return t(
            "fair.change.population",
            a=formats.number(float(da)),  # type: ignore[arg-type]
            b=formats.number(float(db)),  # type: ignore[arg-type]
            a_g=f"{float(da):g}",  # type: ignore[arg-type]
            b_g=f"{float(db):g}",  # type: ignore[arg-type]
        )
    return None


def successive(a: pd.Series | dict, b: pd.Series | dict) -> bool:
    """True when ``b``'s period starts after ``a``'s ends: two readings of one series. Two
    values of overlapping periods (a report's text and its appendix, Jan–May 2024 inside
    Jan 2023–May 2024) are not a change over time."""
    try:
        return pd.Timestamp(str(b["period_start"])) > pd.Timestamp(str(a["period_end"]))
    except (ValueError, TypeError):
        return False


def chartable(data: pd.DataFrame, theme: str | None = None) -> list[tuple[str, str]]:
    """(indicator, measure) pairs on which two or more provinces may be compared in a chart,
    chosen from the data: the comparison indicators of a theme."""
    sub = data if theme is None else data[data["theme"] == theme]
    sub = with_dates(sub[~sub["indicator"].map(is_target)])
    out = []
    for ind in dict.fromkeys(sub["indicator"]):
        out += [(ind, p.measure) for p in panels(sub, ind, dated=True) if p.verdict == CHART]
    return out


def study_order(provinces: pd.Series) -> list[str]:
    seen = set(provinces)
    return [p for p in STUDY_PROVINCES if p in seen]


def panel_chart(data: pd.DataFrame, panel: Panel) -> object:
    """The bar chart of a panel that may be charted (same measure, province-wide, before the
    merger); otherwise its prose, so a withheld comparison says why."""
    from .charts import compare_bar

    if panel.verdict != CHART:
        return panel_prose(panel)
    keys = set(zip(panel.rows["province"], panel.rows["period_label"], strict=True))
    picked = pd.Series(
        [(p, q) in keys for p, q in zip(data["province"], data["period_label"], strict=True)],
        index=data.index,
    )
    sub = data[(data["indicator"] == panel.indicator) & (data["measure"] == panel.measure) & picked]
    return compare_bar(sub, panel.indicator, provinces=study_order(panel.rows["province"]))
