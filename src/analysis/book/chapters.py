"""Chapter building blocks for the book's notebooks: tables and prose from data.

Notebooks stay thin by calling these. Each block takes the published tables it shows as
arguments (a notebook loads them in its setup cell, which is how :mod:`analysis.tables.freeze`
knows which chapters a drop changes). Every string that comes from a report is escaped by
:mod:`analysis.book.present`; every number in prose is read from ``data/processed``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..text import quote_tail
from ..vocabulary import (
    CHANGE_LABELS,
    CHECK_LABELS,
    COVERAGE_ITEMS,
    FIGURES,
    NOT_REPORTED,
    QUALIFIER_MARKS,
    SCOPE_MARKS,
    SEVERITIES,
    STUDY_PROVINCES,
    TARGET_BOUND_MARKS,
    check_family,
    fmt_number,
    is_target,
    per_year_unit,
)
from . import present
from .data import boundary_source
from .trends import series_summary


def _cell(row: pd.Series) -> str:
    value = fmt_number(float(row["value"]), str(row["unit"]))
    conflict = " ≠" if bool(row.get("conflict", False)) else ""
    merged = " ▲" if bool(row.get("post_merger", False)) else ""
    more = int(row.get("n_facts", 1) or 1) - 1
    others = f" (+{more} more)" if more and not conflict else ""
    return (
        f"{QUALIFIER_MARKS.get(row['qualifier'], '')}{value} ({row['period_label']})"
        f"{SCOPE_MARKS.get(row['scope'], '')}{conflict}{merged}{others}"
    )


def _provinces(data: pd.DataFrame) -> list[str]:
    """The study provinces, then any other (post-merger) province found in ``data``."""
    return [*STUDY_PROVINCES, *sorted(set(data["province"]) - set(STUDY_PROVINCES))]


def _observed(ind: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The theme's rows of the indicator table, targets left out."""
    return ind[(ind["theme"] == theme) & ~ind["indicator"].map(is_target)]


def theme_table(theme: str, indicators: pd.DataFrame) -> present.HtmlTable:
    """Every value of a theme: indicator (EN / VI) × province, each cell with its period.

    † marks a department's own figure (not province-wide); '—' means not reported.
    """
    ind = indicators
    data = _observed(ind, theme)
    rows = []
    for _, grp in data.groupby("indicator", sort=False):
        first = grp.iloc[0]
        row = {"Indicator": f"{first['name_en']} / {first['name_vi']}"}
        for prov in _provinces(ind):
            cells = grp[grp["province"] == prov].sort_values("period_start")
            row[prov] = "; ".join(_cell(r) for _, r in cells.iterrows()) or "—"
        row["Sources"] = ", ".join(
            f"{r}:{n}" for r, n in zip(grp["report_id"], grp["line"], strict=True)
        )
        rows.append(row)
    cols = ["Indicator", *_provinces(ind), "Sources"]
    return present.table(
        pd.DataFrame(rows, columns=cols),
        widths={"Indicator": 3.0, "Sources": 3.0, **{p: 2.0 for p in _provinces(ind)}},
        note="Values as stated (period in brackets; † a department's own figure; "
        "> 'more than'; ~ approximate; ≠ the report also gives another value; "
        "▲ the merged province after 1 July 2025, not the same series; "
        "(+n more) other values of the same report, e.g. several trainings, are "
        "in the facts appendix; — not reported).",
    )


def theme_counts(theme: str, indicators: pd.DataFrame) -> dict[str, int]:
    """How many indicator values each province reported in a theme (targets excluded)."""
    data = _observed(indicators, theme)
    return {p: int((data["province"] == p).sum()) for p in STUDY_PROVINCES}


def reporting_sentence(theme: str, indicators: pd.DataFrame) -> present.Prose:
    """One sentence: which provinces report how many figures in this theme."""
    counts = theme_counts(theme, indicators)
    parts = [f"{p}: {n}" for p, n in counts.items()]
    silent = [p for p, n in counts.items() if n == 0]
    text = "Indicator values reported in this theme — " + ", ".join(parts) + "."
    if silent:
        text += (
            " "
            + ", ".join(silent)
            + (" reports" if len(silent) == 1 else " report")
            + " nothing here, so comparisons leave "
            + ("it" if len(silent) == 1 else "them")
            + " out rather than reading silence as zero."
        )
    return present.prose("{t}", t=text)


def audit_table(
    audit: pd.DataFrame,
    severity: tuple[str, ...] = ("error", "warning"),
    family: str = FIGURES,
) -> present.HtmlTable:
    """Audit findings of one check ``family`` (figures, or geography: district names and
    boundaries) with both quotes (escaped), in the audit's order."""
    a = audit[audit["severity"].isin(severity) & (audit["check"].map(check_family) == family)]
    df = pd.DataFrame(
        {
            "Finding": [
                f"{CHECK_LABELS.get(c, c)} ({s})"
                for c, s in zip(a["check"], a["severity"], strict=True)
            ],
            "Report (line)": a["report_id"] + " (" + a["line"].astype(str) + ")",
            "Quote": a["quote"].map(quote_tail),
            "Other quote (line)": [
                f"{quote_tail(q)} ({int(n)})" if isinstance(q, str) and q and pd.notna(n) else ""
                for q, n in zip(a["other_quote"], a["other_line"], strict=True)
            ],
            "What the audit found": a["message"].map(_plain_ids),
        }
    ).drop_duplicates(["Finding", "Report (line)", "What the audit found"])
    return present.table(
        df,
        "The audit reports, it never corrects.",
        widths={
            "Finding": 1.4,
            "Report (line)": 1.3,
            "Quote": 2.6,
            "Other quote (line)": 2.2,
            "What the audit found": 2.2,
        },
    )


def _plain_ids(text: str) -> str:
    """An audit message with any internal id (``open_data_catalogs``) in plain words."""
    return re.sub(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", lambda m: m.group().replace("_", " "), text)


def audit_counts(audit: pd.DataFrame) -> dict[str, int]:
    """How many findings of each severity the audit holds."""
    return {s: int((audit["severity"] == s).sum()) for s in SEVERITIES}


def changes_summary(changes: pd.DataFrame) -> present.Prose:
    """What the last build changed, as prose plus a bullet list by kind of change."""
    ch = changes
    if ch.empty:
        return present.prose("The last build changed nothing against the one before.")
    counts = ch["change"].value_counts().sort_index()
    items = [f"{present.escape_md(CHANGE_LABELS.get(k, k))}: {v}" for k, v in counts.items()]
    return present.Prose(
        "This build, compared with the tables it replaced:\n\n" + present.bullet_list(items).text
    )


def changes_table(changes: pd.DataFrame) -> present.HtmlTable:
    """Every row of the changes table, in the columns a reader needs."""
    ch = changes

    def text(v: object) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else f"{v:g}"

    df = pd.DataFrame(
        {
            "Change": [CHANGE_LABELS.get(c, c) for c in ch["change"]],
            "Source": [
                f"{r}:{int(n)}" if pd.notna(n) else str(r)
                for r, n in zip(ch["report_id"], ch["line"], strict=True)
            ],
            "Province, period": [
                ", ".join(str(x) for x in (p, q) if isinstance(x, str) and x)
                for p, q in zip(ch["province"], ch["period_label"], strict=True)
            ],
            "Indicator": [
                i.replace("_", " ") if isinstance(i, str) else "" for i in ch["indicator"]
            ],
            "Old → new": [
                " → ".join(t for t in (text(o), text(n)) if t) if text(o) or text(n) else ""
                for o, n in zip(ch["old_value"], ch["new_value"], strict=True)
            ],
            "Detail": ch["detail"].fillna("").map(_plain_ids),
        }
    )
    return present.table(
        df,
        widths={
            "Change": 1.2,
            "Source": 1.6,
            "Province, period": 1.3,
            "Indicator": 1.6,
            "Old → new": 1.0,
            "Detail": 2.6,
        },
    )


def corpus_summary(reports: pd.DataFrame) -> dict[str, object]:
    """Numbers about the corpus for prose: reports, provinces, first and last day covered,
    reports after the 2025 merger."""
    r = reports
    return {
        "n": len(r),
        "provinces": r["province"].nunique(),
        "first": r["period_start"].min(),
        "last": r["period_end"].max(),
        "post_merger": int(r["post_merger"].sum()),
    }


def _populations(data: pd.DataFrame, province: str, indicator: str, scope: str) -> set[float]:
    rows = data[
        (data["province"] == province) & (data["indicator"] == indicator) & (data["scope"] == scope)
    ]
    return {float(d) for d in rows["denominator"].dropna()}


def series_table(theme: str, indicators: pd.DataFrame) -> object:
    """Change per year (two points) or OLS trend (three or more) for a theme's series.

    A change is not computed when the values count different populations (their stated
    denominators differ, e.g. 3 of 9 provincial agencies against 180 of 188 at all levels).
    """
    data = indicators[indicators["theme"] == theme]
    summary = series_summary(data)
    multi = summary[summary["n_points"] >= 2]
    if multi.empty:
        return present.prose(
            "No indicator in this theme has two or more dated values for one province and "
            "scope, so no change or trend is computed."
        )
    changes, notes = [], []
    for r in multi.itertuples():
        pops = _populations(data, r.province, r.indicator, r.scope)
        if len(pops) > 1:
            changes.append("—")
            notes.append(
                "not computed: the values count different populations ("
                + " vs ".join(f"{p:g}" for p in sorted(pops))
                + ")"
            )
            continue
        unit = per_year_unit(r.unit)
        changes.append(f"{r.change_per_year:+,.2f} {unit + ' ' if unit else ''}per year")
        notes.append(r.method_note)
    df = pd.DataFrame(
        {
            "Province": multi["province"],
            "Indicator": multi["name_en"],
            "Periods": multi["first_period"] + " → " + multi["last_period"],
            "Points": multi["n_points"],
            "Method": multi["method"],
            "Change": changes,
            "Note": notes,
            "Reports": multi["report_ids"],
        }
    )
    return present.table(
        df,
        print_columns=["Province", "Indicator", "Periods", "Change", "Note", "Reports"],
        widths={
            "Province": 1.1,
            "Indicator": 2.0,
            "Periods": 1.5,
            "Change": 1.5,
            "Note": 2.4,
            "Reports": 1.6,
        },
    )


def measure_notes(indicator: str, indicators: pd.DataFrame) -> present.Prose:
    """What each province's figure for ``indicator`` measures, in the report's own words."""
    data = indicators[indicators["indicator"] == indicator].sort_values(
        ["province", "period_start"]
    )
    items = [
        f"{present.escape_md(r.province)} ({present.escape_md(r.period_label)}, "
        f"{present.escape_md(r.report_id)} line {r.line}): "
        f"«{present.escape_md(quote_tail(r.quote))}»"
        for r in data.itertuples()
    ]
    return present.Prose(
        "What each bar measures, as the report words it:\n\n" + present.bullet_list(items).text
    )


def theme_highlights(theme: str, indicators: pd.DataFrame, limit: int = 6) -> present.Prose:
    """A sentence per indicator that two or more provinces report: lowest and highest value."""
    data = _observed(indicators, theme)
    items = []
    for _, grp in data.groupby("indicator", sort=False):
        wide = grp[grp["scope"] == "province"]
        latest = wide.sort_values("period_start").groupby("province").tail(1)
        if latest["province"].nunique() < 2:
            continue
        lo, hi = latest.loc[latest["value"].idxmin()], latest.loc[latest["value"].idxmax()]
        own = sorted(set(grp["province"]) - set(latest["province"]))
        missing = [p for p in STUDY_PROVINCES if p not in set(grp["province"])]
        name = f"**{present.escape_md(lo['name_en'])}**: "
        if lo["value"] == hi["value"]:
            text = name + present.escape_md(
                f"{fmt_number(float(lo['value']), str(lo['unit']))} in "
                + " and ".join(f"{r.province} ({r.period_label})" for r in latest.itertuples())
            )
        else:
            text = name + present.escape_md(
                f"from {_cell(lo)} in {lo['province']} to {_cell(hi)} in {hi['province']}"
            )
        if own:
            text += present.escape_md(f"; {', '.join(own)} only for a department's own work")
        if missing:
            text += present.escape_md(f"; not reported by {', '.join(missing)}")
        items.append(text + ".")
        if len(items) == limit:
            break
    if not items:
        return present.prose(
            "No indicator in this theme has province-wide values from two or "
            "more provinces, so the chapter describes each province on its own."
        )
    return present.Prose(
        "Where two or more provinces give a province-wide value for the same "
        "indicator (latest value each; periods differ):\n\n" + present.bullet_list(items).text
    )


def targets_table(targets: pd.DataFrame) -> present.HtmlTable:
    """The target table of :func:`analysis.book.targets.target_table`, formatted for reading."""

    def num(v: Any, unit: str) -> str:
        return "" if v is None or pd.isna(v) else fmt_number(float(v), unit)

    rows = []
    for r in targets.itertuples():
        unit = str(r.unit)
        bound = TARGET_BOUND_MARKS.get(str(r.target_qualifier), "")
        pace = r.annual_change_needed
        rows.append(
            {
                "Province": r.province,
                "Target": f"{r.name_en} / {r.name_vi}",
                "Goal": bound + num(r.target_value, unit) + f" by {r.deadline}",
                "Latest": (
                    num(r.latest_value, unit) + f" ({r.latest_period})"
                    if not pd.isna(r.latest_value)
                    else "—"
                ),
                "Status": r.status,
                "Gap": num(r.gap, unit)
                if unit != "percent" or pd.isna(r.gap)
                else f"{float(r.gap):.1f} pp",
                "Pace needed per year": ""
                if pace is None or pd.isna(pace)
                else (f"{float(pace):.1f} pp" if unit == "percent" else f"{float(pace):,.0f}"),
                "Source": r.report_ids,
                "Note": r.note or "",
            }
        )
    return present.table(
        pd.DataFrame(rows),
        "Each target against the latest comparable value (pp: percentage points).",
        print_columns=[
            "Province",
            "Target",
            "Goal",
            "Latest",
            "Status",
            "Gap",
            "Pace needed per year",
            "Source",
        ],
        widths={
            "Province": 1.1,
            "Target": 2.6,
            "Goal": 1.3,
            "Latest": 1.3,
            "Status": 0.9,
            "Gap": 0.9,
            "Pace needed per year": 1.0,
            "Source": 1.6,
        },
    )


def coverage_summary(coverage: pd.DataFrame) -> present.HtmlTable:
    """Districts per province, item and status, with readable item names; provinces whose
    reports name no district get a row saying so."""
    counts = (
        coverage.groupby(["province", "item", "status"])["district_code"]
        .nunique()
        .reset_index(name="districts")
    )
    counts["item"] = counts["item"].map(lambda i: COVERAGE_ITEMS.get(i, i))
    silent = [p for p in STUDY_PROVINCES if p not in set(counts["province"])]
    extra = pd.DataFrame(
        [
            {
                "province": p,
                "item": "no district named in its reports",
                "status": NOT_REPORTED,
                "districts": 0,
            }
            for p in silent
        ]
    )
    out = pd.concat([counts, extra], ignore_index=True) if silent else counts
    out.columns = ["Province", "Deployment", "Status", "Districts"]
    return present.table(out, "Districts per deployment and status, as the reports state them.")


HEADLINE_INDICATORS = (
    "online_application_rate",
    "on_time_resolution_rate",
    "e_document_exchange_rate",
    "digital_signature_rate",
    "household_fixed_broadband_rate",
    "adult_smartphone_rate",
)


def key_findings(
    indicators: pd.DataFrame, ids: tuple[str, ...] = HEADLINE_INDICATORS
) -> present.Prose:
    """One bullet per headline indicator: each province's values with period and scope."""
    ind = indicators
    items = []
    for key in ids:
        data = ind[ind["indicator"] == key].sort_values(["province", "period_start"])
        if data.empty:
            continue
        first = data.iloc[0]
        parts = []
        for prov in _provinces(ind):
            cells = data[data["province"] == prov]
            if len(cells):
                parts.append(f"{prov} " + "; ".join(_cell(r) for _, r in cells.iterrows()))
        missing = [p for p in STUDY_PROVINCES if p not in set(data["province"])]
        esc = present.escape_md
        text = f"**{esc(first['name_en'])}** (*{esc(first['name_vi'])}*): " + esc(", ".join(parts))
        conflicted = sorted(set(data.loc[data["conflict"], "province"]))
        if conflicted:
            text += esc(
                f" (≠ {', '.join(conflicted)}: the same report gives another value; "
                "see Data quality)"
            )
        if missing:
            text += esc(f"; not reported by {', '.join(missing)}")
        items.append(text)
    return present.Prose(
        present.bullet_list(items).text
        + "\n\n† a department's own figure, not province-wide; ≠ contradicted "
        "within its own report."
    )


def coverage_items(coverage: pd.DataFrame) -> dict[str, str]:
    """For each province, the coverage item its reports name for the most districts."""
    out = {}
    for prov, grp in coverage.groupby("province"):
        out[prov] = (
            grp.groupby("item")["district_code"]
            .nunique()
            .sort_values(ascending=False, kind="stable")
            .index[0]
        )
    return out


#: What the book says about each known source of district polygons, in its own words: the
#: source, its licence, and what follows for the book (matched in the folder's stated origin).
BOUNDARY_ORIGINS: tuple[tuple[str, str], ...] = (
    (
        "gadm",
        "District polygons come from GADM, the Database of Global Administrative Areas{ed}. "
        "GADM's licence allows academic and other non-commercial use and does not allow "
        "redistribution, so the polygons are not distributed with this book: whoever rebuilds "
        "it obtains them and points the build at them. Their district lines predate the "
        "latest boundary changes; the notes under each map name every district they lack or "
        "draw differently.",
    ),
    (
        "geoboundaries",
        "District polygons come from geoBoundaries (second administrative level), an open "
        "database published under a Creative Commons attribution licence; the notes under "
        "each map name every district the polygons lack or draw differently.",
    ),
)


def boundary_note() -> present.Prose:
    """Where the district polygons come from and under what licence, in the book's words (the
    boundary folder's own notes are never printed); or that centroids stand in for them."""
    source = boundary_source()
    if source is None:
        return present.prose(
            "No district boundaries were available when this edition was built, so the maps "
            "show each district as a point at its centre (from the gazetteer of districts) "
            "instead of its outline."
        )
    origin = source.origin.lower()
    for key, text in BOUNDARY_ORIGINS:
        if key in origin:
            edition = " (an early edition, version 2)" if "version 2" in origin else ""
            return present.prose("{t}", t=text.format(ed=edition))
    return present.prose(
        "District polygons come from boundary files that do not state their source; check "
        "their licence before publishing the maps. The notes under each map name every "
        "district the polygons lack or draw differently."
    )


def extraction_table(facts: pd.DataFrame) -> present.HtmlTable:
    """Per report: figures captured, classified, and their scope and review status."""
    g = facts.groupby("report_id")
    df = pd.DataFrame(
        {
            "figures": g.size(),
            "classified": g["indicator"].count(),
            "province-wide": g["scope"].agg(lambda s: int((s == "province").sum())),
            "department's own": g["scope"].agg(lambda s: int((s == "agency").sum())),
            "reviewed or corrected": g["status"].agg(
                lambda s: int(s.isin(["reviewed", "overridden"]).sum())
            ),
            "rejected": g["status"].agg(lambda s: int((s == "rejected").sum())),
        }
    ).reset_index()
    return present.table(df)


def review_counts(facts: pd.DataFrame) -> dict[str, int]:
    """How many facts carry each review status."""
    s = facts["status"].value_counts()
    return {k: int(s.get(k, 0)) for k in ("reviewed", "overridden", "rejected")}


def _source(report_ids: pd.Series, lines: pd.Series) -> list[str]:
    """``report:line`` for each row: the citation the tables print."""
    return [
        f"{r}:{int(n)}" if pd.notna(n) else str(r) for r, n in zip(report_ids, lines, strict=True)
    ]


def corpus_table(reports: pd.DataFrame) -> present.HtmlTable:
    """The reports of the corpus: id, province, period, issuer, title, lines."""
    r = reports
    df = pd.DataFrame(
        {
            "Report": r["report_id"],
            "Province": r["province"],
            "Period": [
                f"{p} ({a} to {b})"
                for p, a, b in zip(
                    r["period_label"], r["period_start"], r["period_end"], strict=True
                )
            ],
            "Issuer": r["issuer"],
            "Title": r["title"],
            "Lines": r["lines"],
        }
    )
    return present.table(
        df,
        widths={
            "Report": 1.8,
            "Province": 1.0,
            "Period": 1.6,
            "Issuer": 2.0,
            "Title": 3.0,
            "Lines": 0.6,
        },
    )


def coverage_table(coverage: pd.DataFrame) -> present.HtmlTable:
    """Every district statement with the quote it comes from."""
    c = coverage
    df = pd.DataFrame(
        {
            "Province": c["province"],
            "District": c["district_name"],
            "Deployment": [COVERAGE_ITEMS.get(i, i) for i in c["item"]],
            "Status": c["status"],
            "Source": _source(c["report_id"], c["line"]),
            "quote": c["quote"],
        }
    )
    return present.table(
        df,
        widths={
            "Province": 1.0,
            "District": 1.2,
            "Deployment": 1.6,
            "Status": 0.8,
            "Source": 1.7,
            "quote": 3.5,
        },
    )


def catalog_table(catalog: pd.DataFrame) -> present.HtmlTable:
    """The indicators tracked: English and Vietnamese names, unit, theme, core; the id used in
    the data files in the web edition only."""
    df = catalog[["name_en", "name_vi", "unit", "theme_en", "core", "id"]].rename(
        columns={"id": "Id in the data files", "core": "Core indicator"}
    )
    df["Core indicator"] = df["Core indicator"].map(lambda v: "yes" if bool(v) else "")
    return present.table(
        df,
        print_columns=["name_en", "name_vi", "unit", "theme_en", "Core indicator"],
        widths={
            "name_en": 2.6,
            "name_vi": 3.0,
            "unit": 0.8,
            "theme_en": 1.6,
            "Core indicator": 0.8,
        },
        code_columns=["Id in the data files"],
    )


def facts_table(facts: pd.DataFrame, catalog: pd.DataFrame) -> present.HtmlTable:
    """Every classified figure: source, indicator, value as stated, scope, review, quote."""
    f = facts[facts["indicator"].notna()]
    names = dict(zip(catalog["id"], catalog["name_en"], strict=True))
    df = pd.DataFrame(
        {
            "Source": _source(f["report_id"], f["line"]),
            "Indicator": [names.get(i, str(i).replace("_", " ")) for i in f["indicator"]],
            "Value": [
                QUALIFIER_MARKS.get(q, "") + fmt_number(float(v), str(u))
                for v, u, q in zip(f["value"], f["unit"], f["qualifier"], strict=True)
            ],
            "scope": f["scope"],
            "Review": f["status"],
            "quote": f["quote"],
        }
    )
    return present.table(
        df,
        widths={
            "Source": 1.7,
            "Indicator": 2.0,
            "Value": 1.0,
            "scope": 1.0,
            "Review": 0.9,
            "quote": 3.6,
        },
    )


def crosswalk_table(crosswalk: pd.DataFrame) -> present.HtmlTable:
    """Each pre-2025 district with its new province and the communes and wards it became."""
    df = (
        crosswalk.groupby(["old_province", "old_district_name", "new_province"])["new_ward_name"]
        .agg(lambda s: ", ".join(sorted(set(s))))
        .reset_index()
    )
    return present.table(
        df,
        widths={
            "old_province": 1.0,
            "old_district_name": 1.2,
            "new_province": 1.0,
            "new_ward_name": 4.5,
        },
    )
