"""Chapter building blocks for the book's notebooks: tables and prose from data.

Notebooks stay thin by calling these. Each block takes the published tables it shows as
arguments (a notebook loads them in its setup cell, which is how :mod:`analysis.tables.freeze`
knows which chapters a drop changes). Every string that comes from a report is escaped by
:mod:`analysis.book.present`; every number in prose is read from ``data/processed``.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import formats
from ..text import quote_tail
from ..vocabulary import (
    CHANGE_LABELS,
    CHECK_LABELS,
    FIGURES,
    QUALIFIER_MARKS,
    SCOPE_MARKS,
    SEVERITIES,
    STUDY_PROVINCES,
    check_family,
    fmt_number,
    is_target,
)
from . import present
from .data import boundary_source
from .words import t


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


def corpus_prose(corpus: dict[str, object], severity: dict[str, int]) -> present.Prose:
    """The summary's first sentence: the corpus and what the audit found, from the tables."""
    return present.prose(
        t("chapters.corpus_summary"),
        n=formats.number(int(corpus["n"])),  # type: ignore[call-overload]
        p=formats.number(int(corpus["provinces"])),  # type: ignore[call-overload]
        first=_day(corpus["first"]),
        last=_day(corpus["last"]),
        e=formats.number(severity["error"]),
        w=formats.number(severity["warning"]),
    )


def _day(value: object) -> str:
    """A day of the tables: as stored (ISO) in the English edition, 31/5/2023 in Vietnamese."""
    return formats.day(value) if formats.language() == "vi" else str(value)


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
