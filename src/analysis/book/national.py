"""National context: the provinces' positions in the national indices, beside their reports.

Reads the published ``national_indices`` table (DTI, PAR Index, SIPAS, PAPI, Index 766).
Ranks are compared only within one index and one geography: before 1 July 2025 a rank is
among 63 provinces, after it among 34 merged ones, so a series never crosses the merger (the
chart draws the break). A rank series with three or more assessed years gets an OLS trend
(statsmodels), with its 95 % interval; two years give a change; one gives nothing. Inferred
values (derived from a source rather than stated in it) are marked wherever they appear; an
index-year without a published result says "not published".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from .. import formats
from ..corpus.provinces import mergers, predecessors
from ..schemas import records
from ..vocabulary import STUDY_PROVINCES
from . import fair, present, style
from .latest import latest_values
from .words import labels, t

#: The English words of a missing result and an inferred mark (prose/en.yaml).
NOT_PUBLISHED = t("national.not_published", lang="en")
INFERRED_MARK = t("national.inferred", lang="en")
MERGER_DATE = "2025-07-01"
#: Indices drawn as rank charts (the others have too few results for a line).
CHARTED = ("DTI", "PAR Index", "Index 766")
#: Self-reported figures set beside the index positions (what a briefing quotes first).
BESIDE = ("online_application_rate", "on_time_resolution_rate", "e_document_exchange_rate")
MIN_TREND_YEARS = 3


def _x(year: str) -> float:
    """Decimal year of an assessment: mid-year for a year, mid-month for a month."""
    if len(year) == 4:
        return int(year) + 0.5
    y, m = year.split("-")
    return int(y) + (int(m) - 0.5) / 12


def _date(year: str) -> str:
    return f"{year}-07-01" if len(year) == 4 else f"{year}-15"


def assessed(year: str) -> str:
    """When an index result was assessed: a year as published (2023), a month as readers say
    it (March 2023 / tháng 3/2023)."""
    if len(year) > 4:
        y, m = year.split("-")
        return formats.month(int(y), int(m), short=False)
    return year


def _g(x: float) -> str:
    """A score as published (``:g``), with the edition's decimal mark."""
    text = f"{x:g}"
    return text.replace(".", ",") if formats.language() == "vi" else text


def position(r: pd.Series | dict) -> str:
    """'9th of 63 (0.3615 of 1)', with '(inferred)' when derived rather than stated
    (Vietnamese: 'hạng 9/63, điểm 0,3615/1 (suy ra)')."""
    parts = []
    vi = formats.language() == "vi"
    if pd.notna(r["rank"]):
        if vi:
            of = f"/{int(r['rank_of'])}" if pd.notna(r["rank_of"]) else ""
            parts.append(f"hạng {int(r['rank'])}{of}")
        else:
            of = f" of {int(r['rank_of'])}" if pd.notna(r["rank_of"]) else ""
            parts.append(f"{_ordinal(int(r['rank']))}{of}")
    if pd.notna(r["score"]):
        parts.append(t("national.score", score=_g(r["score"]), max=_g(r["score_max"])))
    text = ", ".join(parts)
    return text + (t("national.inferred") if r["status"] == "inferred" else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(r: pd.Series | dict) -> str:
    rel = str(r["relation"] or "")
    if rel == "own":
        return str(r["province"])
    key = "partner" if rel == "merger partner" else "merged"
    return t(f"national.label.{key}", province=r["province"], study=r["study_province"])


def publishers(national: pd.DataFrame) -> pd.Series:
    """Each row's publisher in the edition's language (``publisher_vi`` in the Vietnamese
    edition, the reference file's own name where a row has none)."""
    own = national["publisher"].fillna("")
    if formats.language() != "vi" or "publisher_vi" not in national:
        return own
    vi = national["publisher_vi"].fillna("")
    return vi.where(vi != "", own)


def study_rows(national: pd.DataFrame) -> pd.DataFrame:
    """Rows that concern a study province, with a decimal-year ``x``, a ``date`` and the
    edition's ``publisher``."""
    nat = national[national["study_province"].fillna("") != ""].copy()
    nat["publisher"] = publishers(nat)
    nat["x"] = nat["year"].map(_x)
    nat["date"] = nat["year"].map(_date)
    nat["label"] = [_label(r) for r in records(nat)]
    return nat


def positions_table(national: pd.DataFrame) -> present.HtmlTable:
    """Province × index × year grid for the four provinces' own results (pre-merger) and the
    merged provinces' (post-merger); an empty cell says 'not published'."""
    nat = study_rows(national)
    own = nat[nat["relation"].isin(["own", "merged province"])]
    years = sorted({y[:4] for y in own["year"]})
    w = labels("national.columns")
    missing = t("national.not_published")
    rows = []
    for prov in STUDY_PROVINCES:
        for index in dict.fromkeys(national["index"]):
            sub = own[(own["study_province"] == prov) & (own["index"] == index)]
            row = {w["province"]: prov, w["index"]: index}
            # a year with a result of a month names each result's own date ("March 2023")
            monthly = {c["year"][:4] for c in records(sub) if len(c["year"]) > 4}
            for y in years:
                cells = sub[sub["year"].str[:4] == y]
                row[y] = (
                    "; ".join(
                        (f"{assessed(c['year'])}: " if y in monthly else "")
                        + position(c)
                        + (" ▲" if c["post_merger"] else "")
                        for c in records(cells)
                    )
                    or missing
                )
            if any(row[y] != missing for y in years):
                # print: only the years with a result, in one column (a year a column does not
                # fit the page and mostly says "not published")
                row[w["published"]] = "; ".join(
                    row[y] if y in monthly else f"{y}: {row[y]}" for y in years if row[y] != missing
                )
                rows.append(row)
    df = pd.DataFrame(rows)
    return present.table(
        df,
        t("national.positions_note", **province_counts(national)),
        print_columns=[w["province"], w["index"], w["published"]],
        screen_columns=[c for c in df.columns if c != w["published"]],
        widths={w["province"]: 12, w["index"]: 14, w["published"]: 74},
    )


#: The fitting methods, by the key of their words.
METHODS = {
    "OLS trend": "ols",
    "change between two years": "two",
    "single value": "single",
}


def _signed(x: float) -> str:
    """``+1,5`` / ``-2,0``: a signed change with the Vietnamese decimal comma."""
    return f"{x:+.1f}".replace(".", ",")


@dataclass(frozen=True)
class RankTrend:
    index: str
    province: str
    years: tuple[str, ...]
    ranks: tuple[int, ...]
    method: str
    slope: float | None  # places per year; negative = moving up the ranking
    ci_low: float | None
    ci_high: float | None
    inferred: int

    def sentence(self) -> str:
        """The trend in the edition's words, every number from the fit."""
        span = f"{assessed(self.years[0])}–{assessed(self.years[-1])}"
        ranks = ", ".join(str(r) for r in self.ranks)
        head = {"province": self.province, "index": self.index, "span": span, "ranks": ranks}
        if self.slope is None:
            return t("national.trend.one", **head)
        if self.ci_low is None:  # two results: the move, not an annual rate
            return t(
                "national.trend.two",
                **head,
                first=self.ranks[0],
                last=self.ranks[-1],
                y0=assessed(self.years[0]),
                y1=assessed(self.years[-1]),
            )
        one = formats.number
        text = t(
            "national.trend.fit_up" if self.slope < 0 else "national.trend.fit_down",
            **head,
            slope=one(abs(self.slope), 1),
            method=t(f"national.method.{METHODS[self.method]}"),
        )
        if self.ci_low is not None and self.ci_high is not None:
            sign = "+" if formats.language() == "en" else ""
            text += t(
                "national.trend.interval",
                low=f"{self.ci_low:+.1f}" if sign else _signed(self.ci_low),
                high=f"{self.ci_high:+.1f}" if sign else _signed(self.ci_high),
            )
            if self.ci_low < 0 < self.ci_high:
                text += t("national.trend.no_change")
        text += ")"
        if self.inferred:
            text += t("national.trend.inferred", n=formats.number(self.inferred))
        return text + "."


def rank_trend(rows: pd.DataFrame) -> RankTrend:
    """Trend of one index's ranks for one province, pre-merger only (statsmodels OLS with
    three or more years; a two-point change with two)."""
    import numpy as np
    import statsmodels.api as sm

    r = rows[rows["rank"].notna() & ~rows["post_merger"]].sort_values("x")
    first = rows.iloc[0]
    years = tuple(r["year"])
    ranks = tuple(int(v) for v in r["rank"])
    common: dict[str, Any] = {
        "index": str(first["index"]),
        "province": str(first["province"]),
        "years": years,
        "ranks": ranks,
        "inferred": int((r["status"] == "inferred").sum()),
    }
    if len(r) >= MIN_TREND_YEARS:
        x = r["x"].to_numpy(float)
        fit = sm.OLS(np.asarray(ranks, float), sm.add_constant(x)).fit()
        lo, hi = fit.conf_int(0.05)[1]
        return RankTrend(
            **common,
            method="OLS trend",
            slope=float(fit.params[1]),
            ci_low=float(lo),
            ci_high=float(hi),
        )
    if len(r) == 2:
        slope = (ranks[1] - ranks[0]) / float(r["x"].iloc[1] - r["x"].iloc[0])
        return RankTrend(
            **common, method="change between two years", slope=slope, ci_low=None, ci_high=None
        )
    return RankTrend(**common, method="single value", slope=None, ci_low=None, ci_high=None)


def rank_trends(national: pd.DataFrame, *, min_years: int = 2) -> list[RankTrend]:
    """Every pre-merger rank series (index × province concerning a study province) with at
    least ``min_years`` ranked years."""
    nat = study_rows(national)
    nat = nat[~nat["post_merger"] & nat["rank"].notna()]
    out = []
    for (_, _), grp in nat.groupby(["index", "province"], sort=False):
        if len(grp) >= min_years:
            out.append(rank_trend(grp))
    return sorted(out, key=lambda t: (t.index, STUDY_PROVINCES.index(_study(national, t.province))))


def _study(national: pd.DataFrame, province: str) -> str:
    rows = national[national["province"] == province]["study_province"].dropna()
    return str(rows.iloc[0]) if len(rows) else STUDY_PROVINCES[0]


def province_counts(national: pd.DataFrame) -> dict[str, str]:
    """How many provinces a rank was among before the 1 July 2025 merger and after it
    (``before``, ``after``): the ``rank_of`` the published results give, else the counts of
    the gazetteer's conversion table — never a number typed in the words."""
    m = mergers()
    counts = {"before": len(set(m)), "after": len(set(m.values()))}
    if "rank_of" in national.columns:
        post = national["post_merger"].astype(str).str.lower().isin(["true", "1"])
        for key, rows in (("before", national[~post]), ("after", national[post])):
            of = pd.to_numeric(rows["rank_of"], errors="coerce").dropna()
            if len(of):
                counts[key] = int(of.mode().iloc[0])
    return {k: formats.number(v) for k, v in counts.items()}


def chart_words(national: pd.DataFrame) -> dict[str, str]:
    """The rank charts' words (``national.chart``), with the counts of
    :func:`province_counts` filled in."""
    n = _Keep(province_counts(national))
    return {
        k: v.format_map(n) if isinstance(v, str) else v for k, v in labels("national.chart").items()
    }


class _Keep(dict):
    """Fills the counts and leaves any other placeholder ("{index}") for its own call."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def trends_prose(national: pd.DataFrame) -> present.Prose:
    """One bullet per rank series with two or more years; the OLS ones first."""
    trends = rank_trends(national)
    if not trends:
        return present.prose(t("national.no_trends"))
    items = [
        present.escape_md(tr.sentence())
        for tr in sorted(trends, key=lambda tr: tr.method != "OLS trend")
    ]
    lead = t("national.trends_lead", **province_counts(national))
    return present.Prose(lead + "\n\n" + present.bullet_list(items).text)


def _chart_frame(national: pd.DataFrame, index: str) -> pd.DataFrame:
    nat = study_rows(national)
    nat = nat[(nat["index"] == index) & nat["rank"].notna()].copy()
    w = chart_words(national)
    nat["era"] = nat["post_merger"].map({True: w["after"], False: w["before"]})
    nat["series"] = nat["province"] + " " + nat["era"]
    nat["position"] = [position(r) for r in records(nat)]
    nat["when"] = nat["year"].map(assessed)  # the tooltip's date in readers' words
    nat["kind"] = nat["status"].map({"confirmed": w["stated"], "inferred": w["inferred"]})
    nat["relation"] = nat["relation"].map(lambda x: labels("national.relation").get(str(x), x))
    # only what the chart draws or its tooltip shows: the spec embeds its data, and the
    # other language's notes and names have no place in it
    return nat[[c for c in CHART_COLUMNS if c in nat]]


#: The columns a rank chart's data keeps.
CHART_COLUMNS = (
    "index",
    "year",
    "date",
    "rank",
    "status",
    "post_merger",
    "study_province",
    "province",
    "label",
    "series",
    "era",
    "kind",
    "relation",
    "when",
    "position",
    "publisher",
    "source_url",
)


def year_axis(dates: Iterable[str]) -> dict:
    """A time axis in whole years: the domain runs from 1 January of the first year to the
    end of the last, one tick a year at its middle, where a yearly result is drawn (1 July),
    labelled with the year. (Ticks at 1 January put a 2020 result left of the label 2021 with
    no 2020 label on the axis; Vega's own ticks on a few years print each year twice.)"""
    years = [int(str(d)[:4]) for d in dates]
    first, last = min(years, default=2020), max(years, default=2020)
    values = [alt.DateTime(year=y, month=7, date=1) for y in range(first, last + 1)]
    return {
        "axis": alt.Axis(format="%Y", values=values, grid=True),
        "scale": alt.Scale(
            domain=[
                alt.DateTime(year=first, month=1, date=1),
                alt.DateTime(year=last + 1, month=1, date=1),
            ]
        ),
    }


def rank_chart(national: pd.DataFrame, index: str) -> alt.TopLevelMixin:
    """Ranks of one index over time (1 at the top), a line per province and era, the
    merger drawn as a rule; inferred ranks hollow, post-merger ranks (of 34) as squares."""
    data = _chart_frame(national, index)
    w = chart_words(national)
    names = labels("national.relation")
    # the legend names only the relations this chart draws (a chart without a merger
    # partner must not explain dashed lines it does not have)
    dashes = {"own": [1, 0], "merger partner": [5, 3], "merged province": [1, 0]}
    shown = set(data["relation"])
    rel = {names.get(k, k): d for k, d in dashes.items() if names.get(k, k) in shown}
    # likewise the shapes: a chart with no rank after the merger has no square to explain
    eras = {
        e: mark
        for e, mark in ((w["before"], "circle"), (w["after"], "square"))
        if e in set(data["era"])
    }
    domain = [p for p in STUDY_PROVINCES if p in set(data["study_province"])]
    colour = alt.Color("study_province:N", title=w["province"], scale=style.province_scale(domain))
    merger = bool(data["post_merger"].any() or index == "Index 766")  # the rule is drawn
    dates = [*data["date"], *([MERGER_DATE] if merger else [])]
    x = alt.X("date:T", title=w["year"], **year_axis(dates))
    y = alt.Y("rank:Q", title=w["rank"], scale=alt.Scale(reverse=True, domainMin=1))
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=1.5).encode(
        x=x,
        y=y,
        color=colour,
        detail="series:N",
        # fixed meanings (the subtitle says "dashed lines a merger partner's results"): left
        # to Vega-Lite, the dash went to whichever relation sorts second ("own" in English)
        strokeDash=alt.StrokeDash(
            "relation:N",
            title=w["whose"],
            scale=alt.Scale(domain=list(rel), range=list(rel.values())),
        ),
    )
    # An inferred rank is a ring: filled points with fill opacity 0 and no stroke of their
    # own were invisible (Trà Vinh's 2020 DTI rank was a line end with no point).
    ring = alt.Stroke(
        "study_province:N", title=w["province"], scale=style.province_scale(domain)
    )  # the same legend as the colour (merged by Vega-Lite)
    points = base.mark_point(size=70, filled=True, strokeWidth=1.5).encode(
        x=x,
        y=y,
        color=colour,
        stroke=ring,
        shape=alt.Shape(
            "era:N",
            title=w["among"],
            scale=alt.Scale(domain=list(eras), range=list(eras.values())),
        ),
        fillOpacity=alt.FillOpacity(
            "kind:N",
            title=w["value"],
            scale=alt.Scale(domain=[w["stated"], w["inferred"]], range=[1, 0]),
        ),
        tooltip=[
            alt.Tooltip("label:N", title=w["tip_province"]),
            alt.Tooltip("when:N", title=w["tip_year"]),
            alt.Tooltip("position:N", title=w["tip_position"]),
            alt.Tooltip("publisher:N", title=w["tip_publisher"]),
            alt.Tooltip("source_url:N", title=w["tip_source"]),
        ],
    )
    layers = [lines, points]
    if merger:
        rule = pd.DataFrame({"date": [MERGER_DATE], "text": [w["rule"]]})
        rb = alt.Chart(rule)
        layers.append(rb.mark_rule(strokeDash=[4, 3], color="#555555").encode(x="date:T"))
        layers.append(
            rb.mark_text(align="right", dx=-4, dy=-6, fontSize=10, color="#555555").encode(
                x="date:T", y=alt.value(0), text="text:N"
            )
        )
    chart = alt.layer(*layers).properties(width=480, height=240)
    notes = [w["note_rank"], w["note_points"]]
    shown_by = sorted(set(data["publisher"]))
    lead = [w["published_by"] + "; ".join(shown_by[:4]) + ("; …" if len(shown_by) > 4 else "")]
    titled = chart.properties(
        title=alt.TitleParams(
            text=t("national.chart.title", index=index),
            subtitle=[line for n in [*lead, *notes] for line in style.wrap(n, 80)],
            anchor="start",
        )
    )
    return titled.configure_legend(orient="bottom", direction="vertical")


def _latest_position(nat: pd.DataFrame, province: str, index: str, by_year: int) -> dict | None:
    """The province's own most recent result of ``index`` assessed in or before ``by_year``
    (pre-merger), else None."""
    rows = nat[
        (nat["study_province"] == province)
        & (nat["relation"] == "own")
        & (nat["index"] == index)
        & (nat["year"].str[:4].astype(int) <= by_year)
    ].sort_values("x")
    return None if rows.empty else rows.iloc[-1].to_dict()


def _report_year(reports: pd.DataFrame, province: str) -> int:
    """The year the province's latest report ends in (index positions up to it are shown)."""
    own = reports[reports["province"] == province]
    return int(str(own["period_end"].max())[:4]) if len(own) else 2025


def beside_reports(
    national: pd.DataFrame,
    indicators: pd.DataFrame,
    reports: pd.DataFrame,
    value_measures: pd.DataFrame,
    measures: pd.DataFrame,
) -> present.Prose:
    """Per province: what its own reports say on the headline indicators (each with its own
    measure, period and line), then where the national indices placed it up to the year of
    its latest report; an index without a published result says so."""
    nat = study_rows(national)
    data = fair.with_measures(indicators, value_measures, measures, reports)
    items = []
    for prov in STUDY_PROVINCES:
        own = latest_values(data[data["province"] == prov], scope="province")
        own = own[own["indicator"].isin(BESIDE)]
        year = _report_year(reports, prov)
        vi = formats.language() == "vi"
        said = [
            t(
                "national.beside.said",
                value=fair.marked(r),
                what=(r["name_vi"] if vi else r["counts"] or r["name_en"]),
                cite=fair.cite(r),
            )
            for r in records(own)
        ]
        placed = []
        missing = t("national.not_published")
        for index in dict.fromkeys(national["index"]):
            p = _latest_position(nat, prov, index, year)
            placed.append(
                f"{index} {assessed(p['year'])}: {position(p)}" if p else f"{index}: {missing}"
            )
        text = f"**{present.escape_md(prov)}** " + present.escape_md(
            t("national.beside.reports", said="; ".join(said))
            if said
            else t("national.beside.none")
        )
        text += present.escape_md(
            t("national.beside.positions", year=year, placed="; ".join(placed))
        )
        items.append(text)
    return present.Prose(present.bullet_list(items).text)


def sources_table(national: pd.DataFrame) -> present.HtmlTable:
    """Every row concerning a study province with its publisher and source address."""
    nat = study_rows(national)
    w = labels("national.sources")
    df = pd.DataFrame(
        {
            w["index"]: nat["index"],
            w["year"]: nat["year"].map(assessed),
            w["province"]: nat["label"],
            w["position"]: [position(r) for r in records(nat)],
            w["note"]: (
                nat["note_vi"] if formats.language() == "vi" and "note_vi" in nat else nat["note"]
            ).fillna(""),
            w["publisher"]: nat["publisher"],  # the edition's (study_rows)
            w["source"]: nat["source_url"],
        }
    )
    # In print the addresses (about 120 characters, broken anywhere) get the widest column:
    # at the default widths each took ten lines and the table five pages.
    widths = {w["index"]: 10, w["year"]: 7, w["province"]: 11, w["position"]: 12}
    widths |= {w["note"]: 18, w["publisher"]: 14, w["source"]: 28}
    return present.table(df, t("national.sources_note"), widths=widths)


def counts(national: pd.DataFrame) -> dict[str, int]:
    """Numbers for the chapter's prose."""
    nat = study_rows(national)
    return {
        "rows": len(nat),
        "own": int((nat["relation"] == "own").sum()),
        "partners": int((nat["relation"] == "merger partner").sum()),
        "merged": int((nat["relation"] == "merged province").sum()),
        "inferred": int((nat["status"] == "inferred").sum()),
        "indices": nat["index"].nunique(),
        "publishers": nat["publisher"].nunique(),
    }


def merger_prose() -> present.Prose:
    """The 2025 merger in words, from the gazetteer's conversion table: how many provinces
    before and after, and what became of each study province."""
    m = mergers()
    parts = []
    for prov in STUDY_PROVINCES:
        new = m[prov]
        others = [p for p in predecessors(new) if p != prov]
        parts.append(
            t("national.joined", province=prov, others=t("national.and").join(others), new=new)
        )
    return present.prose(
        t("national.merger"),
        old=formats.number(len(set(m))),
        new=formats.number(len(set(m.values()))),
        parts="; ".join(parts),
    )


def counts_prose(national: pd.DataFrame) -> present.Prose:
    """The chapter's first sentence: how many published results, whose, how many inferred."""
    n = {k: formats.number(v) for k, v in counts(national).items()}
    return present.prose(t("national.counts"), **n)
