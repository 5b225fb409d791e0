"""One theme chapter, written once: every theme notebook is this template with its theme id.

The comparison indicators are chosen from the data (:func:`analysis.book.fair.chartable`:
two or more provinces, same measure, province-wide, not a size-dependent count), and the
narrative is generated from the theme's own values: which provinces report what, what can be
compared, what is measured differently under one name, what only one province reports.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import pandas as pd

if TYPE_CHECKING:
    import altair as alt

from .. import formats
from ..schemas import records
from ..vocabulary import QUALIFIER_MARKS, SCOPE_MARKS, STUDY_PROVINCES, is_target
from . import downloads, fair, present
from .dates import with_dates
from .fair import as_stated
from .findings import RESTATED, flag_of, flagged_figures, restated_figures
from .words import labels, t

NOT_REPORTED = "—"


@dataclass
class ThemeChapter:
    """A theme's blocks, each called from its own notebook cell."""

    theme: str
    data: pd.DataFrame  # a fair.with_measures frame
    catalog: pd.DataFrame
    audit: pd.DataFrame | None = None  # its findings mark contradicted values (≠)
    # The theme's values and panels, worked out once per data frame and edition language:
    # intro, comparisons and withheld each read all panels (3x the work without it).
    _values: dict[tuple, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)
    _panel_lists: dict[tuple, list[fair.Panel]] = field(
        default_factory=dict, init=False, repr=False
    )

    @property
    def values(self) -> pd.DataFrame:
        key = (self.theme, id(self.data))
        if key not in self._values:
            d = self.data
            self._values[key] = d[(d["theme"] == self.theme) & ~d["indicator"].map(is_target)]
        return self._values[key]

    @property
    def measured(self) -> pd.DataFrame:
        """The theme's values without the restated national targets (:data:`RESTATED`):
        what comparisons, the lists of values not compared and changes read."""
        restated = restated_figures(self.audit)
        v = self.values
        if not restated or v.empty:
            return v
        return v[[flag_of(r) not in restated for r in records(v)]]

    def _panels(self) -> list[fair.Panel]:
        key = (self.theme, id(self.data), formats.language())
        if key not in self._panel_lists:
            v = with_dates(self.measured)
            self._panel_lists[key] = [
                p for ind in dict.fromkeys(v["indicator"]) for p in fair.panels(v, ind, dated=True)
            ]
        return list(self._panel_lists[key])

    def intro(self) -> present.Prose:
        """Who reports how much, and what the chapter can and cannot compare."""
        v = self.values
        counts = ", ".join(
            f"{p} {formats.number(int((v['province'] == p).sum()))}" for p in STUDY_PROVINCES
        )
        silent = [p for p in STUDY_PROVINCES if not (v["province"] == p).any()]
        panels = self._panels()
        chart = [p for p in panels if p.verdict == fair.CHART]
        listed = [p for p in panels if p.verdict == fair.LIST]
        single = [p for p in panels if p.verdict == fair.SINGLE]
        split = sorted(
            {
                str(self._name(p.indicator))
                for p in panels
                if p.measure != p.indicator and len(p.rows)
            }
        )
        text = t("theme.intro.counts", counts=counts)
        if silent:
            text += t("theme.intro.silent", len(silent), who=", ".join(silent))
        text += t(
            "theme.intro.compared",
            indicators=t("theme.intro.indicators", v["indicator"].nunique()),
            measures=t("theme.intro.measures", len(panels)),
            chart=formats.number(len(chart)),
        )
        text += (": " + "; ".join(self._name(p.indicator) for p in chart) + ".") if chart else "."
        if listed:
            text += t("theme.intro.listed", len(listed))
        if single:
            text += t("theme.intro.single", len(single))
        apart = [p for p in panels if p.verdict == fair.NONE and len(p.others)]
        agency = [p for p in apart if _local_scope(p) is None]
        if agency:
            text += t("theme.intro.agency", len(agency))
        if len(apart) > len(agency):
            text += t("theme.intro.local", len(apart) - len(agency))
        if split:
            text += t("theme.intro.split", names="; ".join(split))
        return present.Prose(present.escape_md(text))

    def _label(self, p: fair.Panel) -> str:
        """A withheld panel's indicator with its measure: "name (what it counts)", in the
        edition's words (the name alone for a measure described in neither)."""
        name = self._name(p.indicator)
        counts = p.counts_vi if formats.language() == "vi" else p.counts
        return f"{name} ({counts})" if counts else name

    def _name(self, ind: str) -> str:
        rows = self.data[self.data["indicator"] == ind]
        return str(rows[fair.name_column()].iloc[0]) if len(rows) else ind

    def table(self) -> downloads.Downloadable:
        """Indicator × province, each cell its value, own period, scope mark and ◇ when its
        measure differs from the indicator's main one; a CSV of every value with its line."""
        v = self.values.sort_values(["indicator", "province", "period_start"])
        flagged = flagged_figures(self.audit) if self.audit is not None else set()
        restated = restated_figures(self.audit)
        head = t("theme.table.indicator")
        rows = []
        for _, grp in v.groupby("indicator", sort=False):
            first = grp.iloc[0]
            row = {head: fair.both_names(first)}
            for prov in STUDY_PROVINCES:
                cells = records(grp[grp["province"] == prov])
                row[prov] = (
                    "; ".join(self._cell(r, flagged, restated) for r in cells) or NOT_REPORTED
                )
            rows.append(row)
        csv = v[
            [
                "province",
                "name_en",
                "name_vi",
                "value",
                "unit",
                "qualifier",
                "period_label",
                "scope",
                "counts",
                "population",
                "report_id",
                "line",
                "quote",
            ]
        ]
        return downloads.table(
            pd.DataFrame(rows, columns=[head, *STUDY_PROVINCES]),
            t("theme.table.note"),
            data=csv,
        )

    @staticmethod
    def _cell(
        r: dict, flagged: set[tuple[str, int, str]], restated: set[tuple[str, int, str]]
    ) -> str:
        other = " ◇" if r["measure"] != r["indicator"] else ""
        if flag_of(r) in flagged or r["conflict"]:
            other += " ≠"
        if flag_of(r) in restated:
            other += RESTATED
        mark = QUALIFIER_MARKS.get(str(r["qualifier"]), "")
        value = as_stated(float(r["value"]), str(r["unit"]))
        scope = SCOPE_MARKS.get(str(r["scope"]), "")
        return f"{mark}{value} ({fair.period_text(r)}){scope}{other}"

    def comparisons(self) -> list[object]:
        """For each comparable indicator: what it measures, then the chart and its data."""
        from .figures import figure, slug

        out: list[object] = []
        labels_used: set[str] = set()
        for p in self._panels():
            if p.verdict != fair.CHART:
                continue
            name = self._name(p.indicator)
            out.append(present.Prose(f"**{present.escape_md(name)}.** " + fair.panel_prose(p).text))
            # a numbered, captioned figure each (Quarto cannot number a cell's charts when
            # the data say how many there are), with the values in words for screen readers
            label = "fig-" + slug(self.theme, p.indicator)
            if p.measure != p.indicator:
                label += "-" + slug(p.measure)
            while label in labels_used:
                label += "-b"
            labels_used.add(label)
            values = "; ".join(
                f"{r['province']} {as_stated(float(r['value']), str(r['unit']))}"
                f" ({fair.period_text(r)})"
                for r in records(p.rows)
            )
            out.append(
                figure(
                    cast("alt.TopLevelMixin", fair.panel_chart(self.values, p)),  # a CHART panel
                    label,
                    t("theme.figure.caption", name=name),
                    t("theme.figure.alt", name=name, values=values),
                )
            )
            out.append(
                downloads.ChartData(
                    p.rows[
                        ["province", "value", "unit", "period_label", "report_id", "line", "quote"]
                    ],
                    self._name(p.indicator),
                )
            )
        if not out:
            out.append(present.prose(t("theme.no_comparison")))
        return out

    def show_comparisons(self) -> None:
        """Display :meth:`comparisons` block by block (a notebook cell shows them all)."""
        from IPython.display import display

        for block in self.comparisons():
            display(block)

    def withheld(self) -> present.Prose:
        """The indicators not charted, each with the reason in words and its values."""
        items = []
        for p in self._panels():
            if p.verdict == fair.NONE and len(p.others):
                vals = "; ".join(
                    f"{r['province']} {fair.value_phrase(r)}" for r in records(p.others)
                )
                local = _local_scope(p)
                text = (
                    t("theme.withheld.agency", label=self._label(p), vals=vals)
                    if local is None
                    else t(
                        "theme.withheld.local",
                        label=self._label(p),
                        vals=vals,
                        level=labels("fair.panel")[local],
                    )
                )
                items.append(present.escape_md(text))
            if p.verdict in (fair.LIST, fair.SINGLE) and len(p.rows):
                vals = "; ".join(f"{r['province']} {fair.value_phrase(r)}" for r in records(p.rows))
                items.append(
                    present.escape_md(
                        t(
                            "theme.withheld.listed",
                            label=self._label(p),
                            reason=p.reason,
                            vals=vals,
                        )
                    )
                )
        if not items:
            return present.prose(t("theme.withheld.none"))
        return present.Prose(present.bullet_list(items).text)

    def changes(self) -> object:
        """From one period to the next, per province and measure: a pair of values of one
        measure and scope whose periods follow each other (overlapping ones are two readings,
        not a change); stated only where the definition and, for a flow, the period's length
        match, otherwise the reason. Values of different measures are no series at all.
        Equal values say 'unchanged'."""
        v = self.measured.sort_values(["period_start", "period_end"], kind="stable")
        cols = [
            t("theme.changes.province"),
            t("theme.changes.indicator"),
            t("theme.changes.change"),
        ]
        rows = []
        keys = ["province", "indicator", "measure", "scope"]
        for (prov, ind, _, _), grp in v.groupby(keys, sort=False):
            for a, b in itertools.pairwise(records(grp)):
                if not fair.successive(a, b):
                    continue
                why = fair.comparable_change(a, b)
                va = as_stated(float(a["value"]), str(a["unit"]))
                vb = as_stated(float(b["value"]), str(b["unit"]))
                if why is None and float(a["value"]) == float(b["value"]):
                    change = t("theme.changes.unchanged", value=va)
                elif why is None:
                    change = t(
                        "theme.changes."
                        + ("up" if float(b["value"]) > float(a["value"]) else "down"),
                        a=va,
                        b=vb,
                        a_period=fair.period_text(a),
                        b_period=fair.period_text(b),
                    )
                else:
                    change = t("theme.changes.not_compared", why=why)
                rows.append({cols[0]: prov, cols[1]: self._name(ind), cols[2]: change})
        if not rows:
            return present.prose(t("theme.changes.none"))
        return downloads.table(pd.DataFrame(rows), t("theme.changes.note"))


def _local_scope(p: fair.Panel) -> str | None:
    """ "district" or "commune" when a withheld panel's values are all local figures (the
    broadest of them), None when one department's own figure is among them."""
    scopes = set(p.others["scope"]) if len(p.others) else set()
    if not scopes or "agency" in scopes or "province" in scopes:
        return None
    return "district" if "district" in scopes else "commune"


def load_theme_chapter(theme: str) -> ThemeChapter:
    """The chapter of ``theme`` with the published tables it reads
    (:data:`analysis.book_config.THEME_TABLES`), for a theme notebook's setup cell."""
    from ..tables import published as pub

    indicators, value_measures, measures, reports, catalog, audit = pub.load_tables(
        "indicators", "value_measures", "measures", "reports", "catalog", "audit"
    )  # all from one publish, even if a build runs meanwhile
    data = fair.with_measures(indicators, value_measures, measures, reports)
    return ThemeChapter(theme, data, catalog, audit)
