"""District coverage: a map only where districts differ, a sentence where they do not.

A deployment a report states for every district of its province alike ("100% of districts")
gives a uniform map that shows nothing: it is said in one sentence instead. A map is drawn
for an item whose districts differ (present in some, absent or not reported in others). The
statement-by-statement table goes to the appendix, with its CSV.
"""

from __future__ import annotations

import pandas as pd

from .. import formats
from ..geo.gazetteer import district_total
from ..schemas import records
from ..vocabulary import COVERAGE_ITEMS, COVERAGE_STATUSES, STUDY_PROVINCES
from . import downloads, present
from .words import code_labels, labels, t

UNIFORM = "uniform"
VARIES = "varies"


#: The tallest a district map in the book may be, in CSS pixels (70 mm printed).
MAP_HEIGHT = 300


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

    names = [
        t("districts.report", province=p, period=readable_period(str(q)))
        for p, q in zip(reports["province"], reports["period_label"], strict=True)
    ]
    return dict(zip(reports["report_id"], names, strict=True))


def report_names(reports: pd.DataFrame) -> dict[str, str]:
    """report_id -> how a map's tooltip names the report: its short citation (issuer, short
    title, date; :func:`analysis.book.citations.citation`), in the edition's words."""
    from .citations import citation

    return {str(r["report_id"]): citation(r) for r in records(reports)}


def _items() -> dict[str, str]:
    return code_labels("item", COVERAGE_ITEMS)


def _statuses() -> dict[str, str]:
    return code_labels("coverage_status", {s: s for s in COVERAGE_STATUSES})


def uniform_sentences(coverage: pd.DataFrame, reports: pd.DataFrame) -> present.Prose:
    """One sentence per item every district of a province shares (no map for those)."""
    s = item_summary(coverage, reports)
    label = _labels(reports)
    names, statuses = _items(), _statuses()
    items = []
    for r in records(s[s["shape"] == UNIFORM]):
        status = next(iter(r["statuses"]))
        src = "; ".join(label.get(i, i) for i in r["report_ids"])
        lines = ", ".join(str(n) for n in r["lines"])
        items.append(
            present.escape_md(
                t(
                    "districts.uniform",
                    len(r["lines"]),
                    province=r["province"],
                    item=names.get(str(r["item"]), r["label"]),
                    status=statuses.get(str(status), status),
                    total=formats.number(r["total"]),
                    src=src,
                    lines=lines,
                )
            )
        )
    if not items:
        return present.prose(t("districts.no_uniform"))
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
        return present.prose(t("districts.all_named"))
    return present.Prose(t("districts.silent", len(silent), p=present.escape_md(", ".join(silent))))


def own_dates_note(rows: pd.DataFrame) -> str:
    """ ", stated as of 16 March 2020" when the statements date themselves before their report."""
    if "stated_on" not in rows:
        return ""
    days = sorted({str(d) for d in rows["stated_on"] if pd.notna(d) and str(d)})
    if not days:
        return ""
    return t("districts.as_of", days=", ".join(formats.day(d) for d in days))


def statements(coverage: pd.DataFrame, reports: pd.DataFrame) -> downloads.Downloadable:
    """Every district statement with its source, for the appendix (and as CSV)."""
    label = _labels(reports)
    names, statuses = _items(), _statuses()
    w = labels("districts.columns")
    vi = formats.language() == "vi"
    stated = (
        coverage["stated_on"].fillna("")
        if "stated_on" in coverage
        else pd.Series("", coverage.index)
    )
    status = coverage["status"].map(lambda x: statuses.get(x, x) if vi else x)
    df = pd.DataFrame(
        {
            w["province"]: coverage["province"],
            w["district"]: coverage["district_name"],
            w["item"]: coverage["item"].map(lambda i: names.get(i, i)),
            w["status"]: status,
            w["report"]: coverage["report_id"].map(lambda r: label.get(r, r)),
            w["line"]: coverage["line"],
            w["quote"]: coverage["quote"],
            w["stated"]: stated.map(lambda d: formats.day(d) if vi and d else d),
        }
    )
    # Few statements date themselves: on the page the date follows the status ("present,
    # stated as of 16 March 2020") instead of filling a column that is nearly all blank; the
    # CSV keeps it as a column of its own.
    shown = df.drop(columns=w["stated"]).assign(
        **{
            w["status"]: [
                f"{s}{t('districts.as_of', days=formats.day(str(d)))}" if d else s
                for s, d in zip(status, stated, strict=True)
            ]
        }
    )
    return downloads.table(shown, t("districts.statements"), data=df)


def show_maps(coverage: pd.DataFrame, reports: pd.DataFrame) -> None:
    """Display a map per (province, item) whose districts differ, each with its CSV.
    `reports` needs report_id, province, period_label, period_end and issuer (tooltips)."""
    from IPython.display import display

    from .figures import figure, slug
    from .maps import coverage_map

    label = _labels(reports)
    dates = report_dates(reports)
    for prov, item in varying_items(coverage, reports):
        sub = coverage[(coverage["province"] == prov) & (coverage["item"] == item)]
        ids = sorted(set(sub["report_id"]))
        when = "; ".join(label.get(i, i) for i in ids)
        title = t("districts.map_title", province=prov, item=_items().get(item, item), when=when)
        title += own_dates_note(sub)
        on = list_date(ids, dates)
        # A numbered figure each (Quarto cannot number a cell's maps when the data say how many)
        # at most MAP_HEIGHT px high: two maps and their captions share a PDF page
        chart = coverage_map(
            coverage,
            prov,
            item,
            title=title,
            on=on,
            height=MAP_HEIGHT,
            report_names=report_names(reports),
        )
        alt_text = t("districts.map_alt", province=prov, item=_items().get(item, item))
        display(figure(chart, f"fig-coverage-{slug(prov, item)}", title, alt_text))
        cols = ["province", "district_code", "district_name", "item", "status", "report_id", "line"]
        display(downloads.ChartData(sub[cols], title))
