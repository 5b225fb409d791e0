"""District coverage: a map only where districts differ, a sentence where they do not.

A deployment a report states for every district of its province alike ("100% of districts")
gives a uniform map that shows nothing: it is said in one sentence instead. A map is drawn
for an item whose districts differ (present in some, absent or not reported in others). The
statement-by-statement table goes to the appendix, with its CSV.
"""

from __future__ import annotations

import pandas as pd

from ..geo.gazetteer import district_total
from ..vocabulary import COVERAGE_ITEMS, STUDY_PROVINCES
from . import downloads, present

UNIFORM = "uniform"
VARIES = "varies"


def report_dates(reports: pd.DataFrame | None) -> dict[str, object]:
    """report_id -> the report's end date (its district list is the one in force then)."""
    if reports is None or "period_end" not in reports:
        return {}
    return dict(zip(reports["report_id"], reports["period_end"], strict=True))


def list_date(report_ids: list[str], dates: dict[str, object]) -> object:
    """The date whose district list reads ``report_ids``: the latest of their end dates."""
    known = [pd.Timestamp(dates[r]) for r in report_ids if r in dates and pd.notna(dates[r])]
    return max(known).date() if known else None


def item_summary(coverage: pd.DataFrame, reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per province × item: districts named per status, the province's district total (on
    the reports' date when ``reports`` gives it), and whether the districts differ
    (``varies``) or every district has one status (``uniform``)."""
    dates = report_dates(reports)
    rows = []
    for (prov, item), grp in coverage.groupby(["province", "item"], sort=False):
        by_status = grp.groupby("status")["district_code"].nunique().to_dict()
        named = grp["district_code"].nunique()
        total = district_total(str(prov), list_date(sorted(set(grp["report_id"])), dates))
        uniform = len(by_status) == 1 and named >= total
        rows.append(
            {
                "province": prov,
                "item": item,
                "label": COVERAGE_ITEMS.get(str(item), str(item)),
                "named": named,
                "total": total,
                "statuses": by_status,
                "shape": UNIFORM if uniform else VARIES,
                "report_ids": sorted(set(grp["report_id"])),
                "lines": sorted({int(n) for n in grp["line"]}),
            }
        )
    return pd.DataFrame(rows)


def _labels(reports: pd.DataFrame) -> dict[str, str]:
    from .fair import readable_period

    names = reports["province"] + " report of " + reports["period_label"].map(readable_period)
    return dict(zip(reports["report_id"], names, strict=True))


def uniform_sentences(coverage: pd.DataFrame, reports: pd.DataFrame) -> present.Prose:
    """One sentence per item every district of a province shares (no map for those)."""
    s = item_summary(coverage, reports)
    label = _labels(reports)
    items = []
    for r in s[s["shape"] == UNIFORM].to_dict("records"):
        status = next(iter(r["statuses"]))
        src = "; ".join(label.get(i, i) for i in r["report_ids"])
        word = "line" if len(r["lines"]) == 1 else "lines"
        lines = ", ".join(str(n) for n in r["lines"])
        items.append(
            present.escape_md(
                f"{r['province']}: {r['label']} — {status} in all {r['total']} districts "
                f"({src}, {word} {lines}); every district the same, so no map."
            )
        )
    if not items:
        return present.prose("No deployment is stated alike for every district of a province.")
    return present.Prose(present.bullet_list(items).text)


def varying_items(
    coverage: pd.DataFrame, reports: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(province, item) pairs whose districts differ: the maps worth drawing, in study order."""
    s = item_summary(coverage, reports)
    s = s[s["shape"] == VARIES]
    order = {p: i for i, p in enumerate(STUDY_PROVINCES)}
    pairs = sorted(zip(s["province"], s["item"], strict=True), key=lambda t: order.get(t[0], 9))
    return [(str(p), str(i)) for p, i in pairs]


def silent_provinces(coverage: pd.DataFrame) -> present.Prose:
    """The provinces whose reports name no district, said in words."""
    silent = [p for p in STUDY_PROVINCES if p not in set(coverage["province"])]
    if not silent:
        return present.prose("Every province's reports name districts.")
    return present.prose(
        "{p} name no district in {their} reports, so {it} has no map: not reported, not absent.",
        p=", ".join(silent),
        their="its" if len(silent) == 1 else "their",
        it="it" if len(silent) == 1 else "they",
    )


def own_dates_note(rows: pd.DataFrame) -> str:
    """ ", stated as of 16 March 2020" when the statements date themselves before their report."""
    if "stated_on" not in rows:
        return ""
    days = sorted({str(d) for d in rows["stated_on"] if pd.notna(d) and str(d)})
    if not days:
        return ""
    return ", stated as of " + ", ".join(pd.Timestamp(d).strftime("%-d %B %Y") for d in days)


def statements(coverage: pd.DataFrame, reports: pd.DataFrame) -> downloads.Downloadable:
    """Every district statement with its source, for the appendix (and as CSV)."""
    label = _labels(reports)
    df = pd.DataFrame(
        {
            "Province": coverage["province"],
            "District": coverage["district_name"],
            "Deployment": coverage["item"].map(lambda i: COVERAGE_ITEMS.get(i, i)),
            "Status": coverage["status"],
            "Report": coverage["report_id"].map(lambda r: label.get(r, r)),
            "Line": coverage["line"],
            "Quote": coverage["quote"],
            "Stated as of": coverage["stated_on"].fillna("") if "stated_on" in coverage else "",
        }
    )
    return downloads.table(df, "District coverage statements, each with its report line and quote.")


def show_maps(coverage: pd.DataFrame, reports: pd.DataFrame) -> None:
    """Display a map per (province, item) whose districts differ, each with its CSV."""
    from IPython.display import display

    from .figures import figure, slug
    from .maps import coverage_map

    label = _labels(reports)
    dates = report_dates(reports)
    for prov, item in varying_items(coverage, reports):
        sub = coverage[(coverage["province"] == prov) & (coverage["item"] == item)]
        ids = sorted(set(sub["report_id"]))
        when = "; ".join(label.get(i, i) for i in ids)
        title = f"{prov}: {COVERAGE_ITEMS.get(item, item)} by district ({when})"
        title += own_dates_note(sub)
        on = list_date(ids, dates)
        # A numbered figure each (Quarto cannot number a cell's maps when the data say how many)
        chart = coverage_map(coverage, prov, item, title=title, on=on)
        alt_text = (
            f"Map of the districts of {prov}, each coloured by whether it has "
            f"{COVERAGE_ITEMS.get(item, item)}: present, absent, planned or not reported."
        )
        display(figure(chart, f"fig-coverage-{slug(prov, item)}", title, alt_text))
        cols = ["province", "district_code", "district_name", "item", "status", "report_id", "line"]
        display(downloads.ChartData(sub[cols], title))
