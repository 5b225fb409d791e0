"""Chapter-level building blocks for the book's notebooks: tables and prose from data.

Notebooks stay thin by calling these. Every string that comes from a report is escaped by
:mod:`analysis.present`; every number in prose is read from ``data/processed``.
"""

from __future__ import annotations

import pandas as pd

from . import present
from .data import load_audit, load_changes, load_indicators, load_reports
from .provinces import STUDY_PROVINCES

SCOPE_MARK = {"province": "", "agency": " †", "district": " ‡", "commune": " ‡"}
QUALIFIER_MARK = {"exact": "", "approx": "~", "lower_bound": ">", "upper_bound": "<"}


def _cell(row: pd.Series) -> str:
    value = present.fmt_number(float(row["value"]), str(row["unit"]))
    return (f"{QUALIFIER_MARK.get(row['qualifier'], '')}{value} ({row['period_label']})"
            f"{SCOPE_MARK.get(row['scope'], '')}")


def theme_table(theme: str, indicators: pd.DataFrame | None = None) -> present.HtmlTable:
    """Every value of a theme: indicator (EN / VI) × province, each cell with its period.

    † marks a department's own figure (not province-wide); '—' means not reported.
    """
    ind = load_indicators() if indicators is None else indicators
    data = ind[(ind["theme"] == theme) & ~ind["indicator"].str.endswith("_target")]
    rows = []
    for _, grp in data.groupby("indicator", sort=False):
        first = grp.iloc[0]
        row = {"Indicator": f"{first['name_en']} / {first['name_vi']}"}
        for prov in STUDY_PROVINCES:
            cells = grp[grp["province"] == prov].sort_values("period_start")
            row[prov] = "; ".join(_cell(r) for _, r in cells.iterrows()) or "—"
        row["Sources"] = ", ".join(f"{r}:{n}" for r, n in
                                   zip(grp["report_id"], grp["line"], strict=True))
        rows.append(row)
    cols = ["Indicator", *STUDY_PROVINCES, "Sources"]
    return present.table(pd.DataFrame(rows, columns=cols),
                         "Values as stated (period in brackets; † a department's own figure; "
                         "> 'more than'; ~ approximate; — not reported).")


def theme_counts(theme: str, indicators: pd.DataFrame | None = None) -> dict[str, int]:
    """How many indicator values each province reported in a theme (targets excluded)."""
    ind = load_indicators() if indicators is None else indicators
    data = ind[(ind["theme"] == theme) & ~ind["indicator"].str.endswith("_target")]
    return {p: int((data["province"] == p).sum()) for p in STUDY_PROVINCES}


def coverage_sentence(theme: str, indicators: pd.DataFrame | None = None) -> present.Prose:
    """One sentence: which provinces report how many figures in this theme."""
    counts = theme_counts(theme, indicators)
    parts = [f"{p}: {n}" for p, n in counts.items()]
    silent = [p for p, n in counts.items() if n == 0]
    text = "Indicator values reported in this theme — " + ", ".join(parts) + "."
    if silent:
        text += " " + ", ".join(silent) + (" reports" if len(silent) == 1 else " report") + \
            " nothing here, so comparisons leave " + ("it" if len(silent) == 1 else "them") + \
            " out rather than reading silence as zero."
    return present.prose("{t}", t=text)


def audit_table(severity: tuple[str, ...] = ("error", "warning")) -> present.HtmlTable:
    """Audit findings with both quotes (escaped), most severe first."""
    a = load_audit()
    a = a[a["severity"].isin(severity) & ~a["check"].str.startswith("district")]
    df = pd.DataFrame({
        "Severity": a["severity"], "Check": a["check"],
        "Report (line)": a["report_id"] + " (" + a["line"].astype(str) + ")",
        "Quote": a["quote"].map(lambda q: present_quote(q)),
        "Other quote (line)": [
            f"{present_quote(q)} ({int(n)})" if isinstance(q, str) and q and pd.notna(n) else ""
            for q, n in zip(a["other_quote"], a["other_line"], strict=True)],
        "Finding": a["message"],
    })
    return present.table(df, "Consistency findings (the audit reports, it never corrects).")


def present_quote(quote: object, limit: int = 160) -> str:
    """A quote shortened from the left (the figure is at its end)."""
    q = "" if quote is None or quote is pd.NA else str(quote)
    return q if len(q) <= limit else "…" + q[-limit:]


def audit_counts() -> dict[str, int]:
    a = load_audit()
    return {s: int((a["severity"] == s).sum()) for s in ("error", "warning", "info")}


def changes_summary() -> present.Prose:
    """What the last build changed, as prose plus a bullet list by kind of change."""
    ch = load_changes()
    if ch.empty:
        return present.prose("The last build changed nothing against the one before.")
    counts = ch["change"].value_counts().sort_index()
    items = [f"{present.escape_md(k.replace('_', ' '))}: {v}" for k, v in counts.items()]
    return present.Prose("This build, compared with the tables it replaced:\n\n" +
                         present.bullet_list(items).text)


def changes_table() -> present.HtmlTable:
    ch = load_changes()
    cols = ["change", "report_id", "province", "period_label", "indicator", "line", "old_value",
            "new_value", "detail"]
    return present.table(ch[cols], "Every change of the last data drop.")


def corpus_facts() -> dict[str, object]:
    """Numbers about the corpus for prose."""
    r = load_reports()
    return {"n": len(r), "provinces": r["province"].nunique(),
            "first": r["period_start"].min(), "last": r["period_end"].max(),
            "post_merger": int(r["post_merger"].sum())}


def series_table(theme: str, indicators: pd.DataFrame | None = None) -> object:
    """Change per year (two points) or OLS trend (three or more) for a theme's series."""
    from . import stats

    ind = load_indicators() if indicators is None else indicators
    data = ind[ind["theme"] == theme]
    summary = stats.series_summary(data)
    multi = summary[summary["n_points"] >= 2]
    if multi.empty:
        return present.prose(
            "No indicator in this theme has two or more dated values for one province and "
            "scope, so no change or trend is computed.")
    df = pd.DataFrame({
        "Province": multi["province"], "Indicator": multi["name_en"],
        "Periods": multi["first_period"] + " → " + multi["last_period"],
        "Points": multi["n_points"], "Method": multi["method"],
        "Change per year": [present.fmt_number(v, "count", digits=2) + " " +
                            stats.per_year_unit(u) for v, u in
                            zip(multi["change_per_year"], multi["unit"], strict=True)],
        "Note": multi["method_note"], "Reports": multi["report_ids"],
    })
    return present.table(df, "Change per year where a series has two or more dated values.")


HEADLINE_INDICATORS = ("online_application_rate", "on_time_resolution_rate",
                       "e_document_exchange_rate", "digital_signature_rate",
                       "household_fixed_broadband_rate", "adult_smartphone_rate")


def key_findings(indicators: pd.DataFrame | None = None,
                 ids: tuple[str, ...] = HEADLINE_INDICATORS) -> present.Prose:
    """One bullet per headline indicator: each province's values with period and scope."""
    ind = load_indicators() if indicators is None else indicators
    items = []
    for key in ids:
        data = ind[ind["indicator"] == key].sort_values(["province", "period_start"])
        if data.empty:
            continue
        first = data.iloc[0]
        parts = []
        for prov in STUDY_PROVINCES:
            cells = data[data["province"] == prov]
            if len(cells):
                parts.append(f"{prov} " + "; ".join(_cell(r) for _, r in cells.iterrows()))
        missing = [p for p in STUDY_PROVINCES if p not in set(data["province"])]
        esc = present.escape_md
        text = f"**{esc(first['name_en'])}** (*{esc(first['name_vi'])}*): " + esc(", ".join(parts))
        if missing:
            text += esc(f"; not reported by {', '.join(missing)}")
        if data["conflict"].any():
            text += esc(" (a report gives conflicting values: see the data-quality chapter)")
        items.append(text)
    return present.Prose(present.bullet_list(items).text +
                         "\n\n† a department's own figure, not province-wide.")


def coverage_items(coverage: pd.DataFrame) -> dict[str, str]:
    """For each province, the coverage item its reports name for the most districts."""
    out = {}
    for prov, grp in coverage.groupby("province"):
        out[prov] = grp.groupby("item")["district_code"].nunique().sort_values(
            ascending=False, kind="stable").index[0]
    return out


def boundary_note() -> present.Prose:
    """Say where the district polygons came from, or that centroids stand in for them."""
    from .geo import geo_dir

    d = geo_dir()
    if d is None:
        return present.prose("No district boundary files are configured (set ANALYSIS_GEO_DIR "
                             "or analysis.toml), so the maps show district centroids from the "
                             "gazetteer instead of polygons.")
    return present.prose("District polygons are read from {d}; the notes under each map list "
                         "any district the boundary files lack.", d=d.name)


def extraction_table() -> present.HtmlTable:
    """Per report: figures captured, classified, and their scope and review status."""
    from .data import load_facts

    f = load_facts()
    g = f.groupby("report_id")
    df = pd.DataFrame({
        "figures": g.size(),
        "classified": g["indicator"].count(),
        "province-wide": g["scope"].agg(lambda s: int((s == "province").sum())),
        "department's own": g["scope"].agg(lambda s: int((s == "agency").sum())),
        "reviewed or corrected": g["status"].agg(
            lambda s: int(s.isin(["reviewed", "overridden"]).sum())),
        "rejected": g["status"].agg(lambda s: int((s == "rejected").sum())),
    }).reset_index()
    return present.table(df, "Figures per report: captured, classified, by scope and review.")


def review_counts() -> dict[str, int]:
    """How many facts carry each review status."""
    from .data import load_facts

    s = load_facts()["status"].value_counts()
    return {k: int(s.get(k, 0)) for k in ("reviewed", "overridden", "rejected")}
