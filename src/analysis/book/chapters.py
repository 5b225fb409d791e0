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
    CONTRADICTIONS,
    FIGURES,
    QUALIFIER_MARKS,
    SCOPE_MARKS,
    SEVERITIES,
    STATUSES,
    STUDY_PROVINCES,
    check_family,
    fmt_number,
    is_target,
)
from . import downloads, present
from .data import boundary_source
from .words import code_labels, labels, t


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
    reports: pd.DataFrame | None = None,
) -> present.HtmlTable:
    """Audit findings of one check ``family`` (figures, or geography: district names and
    boundaries) with both quotes (escaped), in the audit's order; with ``reports``, each
    finding's report by its province and period rather than its id. The "other quote" column
    is left out when fewer than a quarter of the findings have one (the notes mostly quote a
    single line); the few then carry it in their quote cell."""
    a = audit[audit["severity"].isin(severity) & (audit["check"].map(check_family) == family)]
    w = labels("chapters.audit.columns")
    checks = check_labels()
    sev = code_labels("severity", {s: s for s in SEVERITIES})
    df = pd.DataFrame(
        {
            w["finding"]: [
                f"{checks.get(c, c)} ({sev.get(s, s)})"
                for c, s in zip(a["check"], a["severity"], strict=True)
            ],
            w["where"]: _source(a["report_id"], a["line"], report_names(reports)),
            w["quote"]: a["quote"].map(quote_tail),
            w["other"]: [
                f"{quote_tail(q)} ({int(n)})" if isinstance(q, str) and q and pd.notna(n) else ""
                for q, n in zip(a["other_quote"], a["other_line"], strict=True)
            ],
            # the build writes each finding in both languages (audit.csv message, message_vi)
            w["found"]: _in_edition(a, "message").map(_plain_ids),
        }
    ).drop_duplicates([w["finding"], w["where"], w["found"]])
    widths = {"finding": 1.4, "where": 1.3, "quote": 2.6, "other": 2.2, "found": 2.2}
    other = df[w["other"]].astype(bool)
    if other.mean() < 0.25:  # few findings quote a second line (the notes): no column for it
        df[w["quote"]] = df[w["quote"]].where(
            ~other, df[w["quote"]] + f" · {w['other']}: " + df[w["other"]]
        )
        df = df.drop(columns=w["other"])
        del widths["other"]
    return present.table(
        df,
        t("chapters.audit.note"),
        widths={w[k]: v for k, v in widths.items()},
        plain_columns=[w["where"]],
    )


def check_labels() -> dict[str, str]:
    """What each audit check means, in the edition's words (Vietnamese from the words file,
    English from :data:`analysis.vocabulary.CHECK_LABELS`)."""
    return code_labels("check", CHECK_LABELS)


def change_labels() -> dict[str, str]:
    """How each kind of change of a data drop reads, in the edition's words."""
    return code_labels("change", CHANGE_LABELS)


def audit_prose(counts: dict[str, int]) -> present.Prose:
    """The data-quality chapter's first sentence: how many findings of each severity."""
    return present.prose(
        t("chapters.audit.summary"),
        e=formats.number(counts["error"]),
        w=formats.number(counts["warning"]),
        i=formats.number(counts["info"]),
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
        return present.prose(t("chapters.changes.nothing"))
    counts = ch["change"].value_counts().sort_index()
    names = change_labels()
    items = [
        f"{present.escape_md(names.get(k, k))}: {formats.number(int(v))}" for k, v in counts.items()
    ]
    return present.Prose(t("chapters.changes.lead") + "\n\n" + present.bullet_list(items).text)


def _change_value(v: object) -> str:
    """An old or new value of a change with the decimals it has, the edition's way
    (``2,164,505`` / ``2.164.505``, ``72.9`` / ``72,9``)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    x = float(v)  # type: ignore[arg-type]
    decimals = f"{x:.6f}".rstrip("0").split(".")[1]
    return formats.number(x, len(decimals))


def _indicator_names(catalog: pd.DataFrame | None) -> dict[str, str]:
    """Indicator id (and its goal's ``<id>_target``) → its catalog name in the edition."""
    if catalog is None:
        return {}
    col = "name_vi" if formats.language() == "vi" else "name_en"
    suffix = t("chapters.changes.target")
    names = {
        str(i): str(n or e)
        for i, n, e in zip(catalog["id"], catalog[col], catalog["name_en"], strict=True)
    }
    return {**names, **{f"{i}_target": f"{n} {suffix}" for i, n in names.items()}}


def _change_source(r: dict, report_periods: dict[str, str]) -> str:
    """Where a change comes from in readers' words: "An Giang's Q1 2023 report, line 101"
    (its report id without the reports table)."""
    rid = str(r["report_id"])
    line = r["line"]
    has_line = line is not None and not pd.isna(line)
    if rid not in report_periods:
        return f"{rid}:{int(line)}" if has_line else rid
    key = "chapters.changes.source_line" if has_line else "chapters.changes.source"
    return t(
        key,
        province=r["province"],
        period=formats.period(report_periods[rid]),
        line=str(int(line)) if has_line else "",
    )


def _named_detail(detail: str, r: dict, names: dict[str, str]) -> str:
    """A change's English detail with its indicator ids by their names and its period label as
    the row's other columns say them ("Endpoint-protection licences … gains period
    Jan 2022–May 2022"); the Vietnamese detail is written so by the build."""
    if formats.language() == "vi" or not detail:
        return detail
    label = r.get("period_label")
    detail = re.sub(  # every catalog id the sentence names ("its words fit …")
        r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", lambda m: names.get(m.group(), m.group()), detail
    )
    if isinstance(label, str) and label:
        detail = detail.replace(f"period {label}", f"period {formats.period(label)}")
    return detail


def changes_table(
    changes: pd.DataFrame,
    catalog: pd.DataFrame | None = None,
    reports: pd.DataFrame | None = None,
) -> present.HtmlTable:
    """Every row of the changes table, in the columns a reader needs: indicators by their
    catalog names and sources by report and line when ``catalog`` and ``reports`` are given
    (the ids of the data files otherwise)."""
    ch = changes
    text = _change_value
    names_of = _indicator_names(catalog)
    report_periods = (
        {}
        if reports is None
        else dict(zip(reports["report_id"], reports["period_label"], strict=True))
    )

    w = labels("chapters.changes.columns")
    names = change_labels()

    def period(q: object) -> str:
        return formats.period(q) if isinstance(q, str) else str(q)

    df = pd.DataFrame(
        {
            w["change"]: [names.get(c, c) for c in ch["change"]],
            w["source"]: [_change_source(r, report_periods) for r in ch.to_dict("records")],
            w["where"]: [
                ", ".join(
                    period(x) if i else str(x)
                    for i, x in enumerate((p, q))
                    if isinstance(x, str) and x
                )
                for p, q in zip(ch["province"], ch["period_label"], strict=True)
            ],
            w["indicator"]: [
                names_of.get(i, i.replace("_", " ")) if isinstance(i, str) else ""
                for i in ch["indicator"]
            ],
            w["values"]: [
                " → ".join(x for x in (text(o), text(n)) if x) if text(o) or text(n) else ""
                for o, n in zip(ch["old_value"], ch["new_value"], strict=True)
            ],
            w["detail"]: [
                _plain_ids(_named_detail(str(d), r, names_of))
                for d, r in zip(_in_edition(ch, "detail"), ch.to_dict("records"), strict=True)
            ],
        }
    )
    widths = {
        "change": 1.2,
        "source": 1.6,
        "where": 1.3,
        "indicator": 1.6,
        "values": 1.0,
        "detail": 2.6,
    }
    return present.table(
        df, widths={w[k]: v for k, v in widths.items()}, plain_columns=[w["source"]]
    )


def _in_edition(df: pd.DataFrame, column: str) -> pd.Series:
    """A sentence the build writes in both languages (``message``/``message_vi``,
    ``detail``/``detail_vi``) in the edition's: empty in the Vietnamese edition where a row
    has no Vietnamese one (a drop published before the column), never the English."""
    if formats.language() != "vi":
        return df[column].fillna("")
    if f"{column}_vi" not in df.columns:
        return pd.Series("", index=df.index, dtype="object")
    return df[f"{column}_vi"].fillna("")


def corpus_period_prose(reports: pd.DataFrame) -> present.Prose:
    """The sources chapter's sentence on the corpus: how many reports, provinces, what span,
    and whether any report is later than the 2025 reorganisation."""
    key = "after" if reports["post_merger"].any() else "before"
    return present.prose(
        t(f"chapters.corpus_period.{key}"),
        n=formats.number(len(reports)),
        p=formats.number(reports["province"].nunique()),
        first=_day(reports["period_start"].min()),
        last=_day(reports["period_end"].max()),
    )


def review_prose(facts: pd.DataFrame) -> present.Prose:
    """How many figures review kept, corrected and rejected in this build."""
    rv = review_counts(facts)
    return present.prose(
        t("chapters.review"),
        r=formats.number(rv["reviewed"]),
        o=formats.number(rv["overridden"]),
        x=formats.number(rv["rejected"]),
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


def corpus_prose(corpus: dict[str, object], audit: pd.DataFrame) -> present.Prose:
    """The summary's first sentence: the corpus and what the audit found, from the tables:
    the contradictions (:data:`analysis.vocabulary.CONTRADICTIONS`, counted as the findings
    and the reporting chapter count them) and the results that restate a national target."""
    contradictions = int(audit["check"].isin(CONTRADICTIONS).sum())
    restated = int((audit["check"] == "result_echoes_target").sum())
    return present.prose(
        t("chapters.corpus_summary"),
        n=formats.number(int(corpus["n"])),  # type: ignore[call-overload]
        p=formats.number(int(corpus["provinces"])),  # type: ignore[call-overload]
        first=_day(corpus["first"]),
        last=_day(corpus["last"]),
        flagged=t("findings.province.flagged", contradictions),
        restated=t("chapters.corpus_restated", restated),
    )


def _day(value: object) -> str:
    """A day of the tables as readers write it: 31 May 2023 / 31/5/2023."""
    return formats.day(value)


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


#: The known sources of district polygons (matched in the folder's stated origin); what the
#: book says of each (source, licence, what follows) is ``chapters.boundary.<key>`` in the
#: words files.
BOUNDARY_ORIGINS: tuple[str, ...] = ("gadm", "geoboundaries")


def boundary_note() -> present.Prose:
    """Where the district polygons come from and under what licence, in the book's words (the
    boundary folder's own notes are never printed); or that centroids stand in for them."""
    source = boundary_source()
    if source is None:
        return present.prose(t("chapters.boundary.none"))
    origin = source.origin.lower()
    for key in BOUNDARY_ORIGINS:
        if key in origin:
            edition = t("chapters.boundary.v2") if "version 2" in origin else ""
            return present.prose("{t}", t=t(f"chapters.boundary.{key}", ed=edition))
    return present.prose(t("chapters.boundary.unknown"))


def _issuer(issuer: str) -> str:
    """An issuer as the corpus table names it: as written in the Vietnamese edition; in the
    English one as the charts' citations do, the Vietnamese name after it."""
    from .citations import issuer_name

    if formats.language() == "vi":
        return issuer
    english = issuer_name(issuer, "en")
    return english if english == issuer else f"{english} ({issuer})"


def extraction_table(facts: pd.DataFrame) -> downloads.Downloadable:
    """Per report (by its short citation: issuer, short title, date): figures captured,
    classified, and their scope and review status; the report id only in the CSV."""
    from .citations import citations

    g = facts.groupby("report_id")
    w = labels("chapters.extraction")
    counts = pd.DataFrame(
        {
            w["figures"]: g.size(),
            w["classified"]: g["indicator"].count(),
            w["province"]: g["scope"].agg(lambda s: int((s == "province").sum())),
            w["agency"]: g["scope"].agg(lambda s: int((s == "agency").sum())),
            w["reviewed"]: g["status"].agg(lambda s: int(s.isin(["reviewed", "overridden"]).sum())),
            w["rejected"]: g["status"].agg(lambda s: int((s == "rejected").sum())),
        }
    )
    names = citations(counts.index)
    report = labels("chapters.corpus")["report"]
    df = pd.concat(
        [
            pd.DataFrame({report: [names[str(r)] for r in counts.index]}),
            counts.reset_index(drop=True),
        ],
        axis=1,
    )
    table = present.table(
        df,
        widths={report: 3.6, **{c: 1.0 for c in counts.columns}},
        plain_columns=[report],
    )
    return downloads.Downloadable(table, counts.reset_index(), "figures-per-report")


def review_counts(facts: pd.DataFrame) -> dict[str, int]:
    """How many facts carry each review status."""
    s = facts["status"].value_counts()
    return {k: int(s.get(k, 0)) for k in ("reviewed", "overridden", "rejected")}


def report_names(reports: pd.DataFrame | None) -> dict[str, str]:
    """Report id → the report as a reader names it: "An Giang, Q1 2023" ("An Giang, quý
    I/2023"); empty without the reports table."""
    if reports is None:
        return {}
    return {
        str(r): t("chapters.report_name", province=p, period=formats.period(str(q)))
        for r, p, q in zip(
            reports["report_id"], reports["province"], reports["period_label"], strict=True
        )
    }


def _source(
    report_ids: pd.Series, lines: pd.Series, names: dict[str, str] | None = None
) -> list[str]:
    """The citation the tables print for each row, in words: the report by its province and
    period and the line ("An Giang, Q1 2023, line 155") when ``names`` (:func:`report_names`)
    knows it, else by its short citation (issuer, short title, date) and the line."""
    from .citations import citations

    ids = [str(r) for r in report_ids]
    missing = sorted({r for r in ids if r not in (names or {})})
    named = {**citations(missing), **(names or {})}
    return [
        t("chapters.report_line", report=named.get(r, r), line=int(n))
        if pd.notna(n)
        else named.get(r, r)
        for r, n in zip(ids, lines, strict=True)
    ]


def corpus_table(reports: pd.DataFrame) -> downloads.Downloadable:
    """The reports of the corpus as a reader cites them: province, period, issuer, title,
    lines. The report id (the key of every data file) is no reader's word: it stays in the
    table's CSV download (``report_id``), not on the page."""
    r = reports
    w = labels("chapters.corpus")
    df = pd.DataFrame(
        {
            w["province"]: r["province"],
            w["period"]: [
                t(
                    "chapters.corpus.span",
                    p=formats.period(p),
                    a=_day(a),
                    b=_day(b),
                )
                for p, a, b in zip(
                    r["period_label"], r["period_start"], r["period_end"], strict=True
                )
            ],
            w["issuer"]: [_issuer(str(i)) for i in r["issuer"]],
            w["title"]: r["title"],
            w["lines"]: r["lines"],
        }
    )
    widths = {"province": 1.0, "period": 1.7, "issuer": 2.2, "title": 3.6}
    table = present.table(df, widths={**{w[k]: v for k, v in widths.items()}, w["lines"]: 0.6})
    keys = ["report_id", "province", "period_label", "period_start", "period_end"]
    data = r[[*keys, "issuer", "title", "lines"]].reset_index(drop=True)
    return downloads.Downloadable(table, data, "corpus")


def catalog_table(catalog: pd.DataFrame) -> present.HtmlTable:
    """The indicators tracked: English and Vietnamese names, unit, theme, core; the id used in
    the data files in the web edition only."""
    w = labels("chapters.catalog")
    theme = "theme_en"
    df = catalog[["name_en", "name_vi", "unit", theme, "core", "id"]].rename(
        columns={"id": w["id"], "core": w["core"]}
    )
    if formats.language() == "vi":
        df[theme] = catalog["theme"].map(labels("labels.theme")).fillna(catalog[theme])
    df[w["core"]] = df[w["core"]].map(lambda v: w["yes"] if bool(v) else "")
    names = ["name_vi", "name_en"] if formats.language() == "vi" else ["name_en", "name_vi"]
    df = df[[*names, "unit", theme, w["core"], w["id"]]]
    return present.table(
        df,
        print_columns=[*names, "unit", theme, w["core"]],
        widths={
            "name_en": 2.6,
            "name_vi": 3.0,
            "unit": 0.8,
            theme: 1.6,
            w["core"]: 0.8,
        },
        code_columns=[w["id"]],
    )


def facts_table(
    facts: pd.DataFrame, catalog: pd.DataFrame, reports: pd.DataFrame | None = None
) -> present.HtmlTable:
    """Every classified figure: source (with ``reports``, the report by its province and
    period), indicator, value as stated, scope, review, quote."""
    f = facts[facts["indicator"].notna()]
    names = _indicator_names(catalog)  # a goal by its indicator's name and "(target)"
    w = labels("chapters.facts")
    status = code_labels("status", {s: s for s in STATUSES})
    df = pd.DataFrame(
        {
            w["source"]: _source(f["report_id"], f["line"], report_names(reports)),
            w["indicator"]: [names.get(i, str(i).replace("_", " ")) for i in f["indicator"]],
            w["value"]: [
                QUALIFIER_MARKS.get(q, "") + fmt_number(float(v), str(u))
                for v, u, q in zip(f["value"], f["unit"], f["qualifier"], strict=True)
            ],
            "scope": f["scope"],
            w["review"]: [status.get(x, x) for x in f["status"]],
            "quote": f["quote"],
        }
    )
    return present.table(
        df,
        widths={
            w["source"]: 1.7,
            w["indicator"]: 2.0,
            w["value"]: 1.0,
            "scope": 1.0,
            w["review"]: 0.9,
            "quote": 3.6,
        },
        plain_columns=[w["source"]],
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
