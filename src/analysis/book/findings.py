"""The summary's findings in words and the scorecard, every number read from the tables.

The scorecard is the four provinces × the core indicators. Each cell is the value a
comparison would show (:func:`analysis.book.latest.latest_values`: province-wide first,
pre-merger, latest), with its own period, a scope mark and a reliability grade:

- **A** — stated with its counts (numerator and denominator in the text) and consistent
  (no contradiction, no audit finding on its line);
- **B** — stated, exactly, without counts;
- **C** — approximate or a bound ("khoảng", "hơn"), one department's own figure, or
  contradicted (the same report gives another value, or the audit flags its line).

A cell whose measure differs from the indicator's main one (dossiers *resolved* online
under "submitted online") carries ◇ and the measure is named under the table. A cell whose
province also states the indicator on another measure not shown (Trà Vinh's 106 commune
bridge points beside its 14 at province and district level) carries ⊕, and the other values
are named under the table, so a like-for-like cell never hides the rest of its line.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import formats
from ..schemas import records
from ..vocabulary import CONTRADICTIONS, QUALIFIER_MARKS, SCOPE_MARKS, STUDY_PROVINCES, is_target
from . import downloads, fair, present
from .dates import with_dates
from .fair import as_stated
from .latest import latest_values
from .words import labels, t

#: The reliability grades and what each means (in the edition's words: ``findings.grades``).
GRADES = ("A", "B", "C")
DIFFERENT_MEASURE = " ◇"
#: After a cell whose province also states the indicator on another measure (named below).
ALSO_STATED = " ⊕"
ECHO = "result_echoes_target"
#: The core indicators a briefing quotes first, in the order the findings discuss them.
HEADLINE = (
    "online_application_rate",
    "on_time_resolution_rate",
    "online_payment_rate",
    "e_document_exchange_rate",
    "digital_signature_rate",
    "adult_smartphone_rate",
    "household_fixed_broadband_rate",
)


Flag = tuple[str, int, str]


#: After a value that repeats a national target's words (audit check ``result_echoes_target``):
#: a restated goal, not a measured result.
RESTATED = " ⊘"


def restated_figures(audit: pd.DataFrame | None) -> set[Flag]:
    """(report, line, indicator) of every figure the audit found repeating a national target's
    words and value (Quảng Ngãi's "results" of Resolution 17/NQ-CP): never a measurement."""
    if audit is None or audit.empty:
        return set()
    a = audit[(audit["check"] == ECHO) & audit["indicator"].notna()]
    return {
        (str(r), int(n), str(i))
        for r, n, i in zip(a["report_id"], a["line"], a["indicator"], strict=True)
    }


def flag_of(row: pd.Series | dict) -> Flag:
    """The (report, line, indicator) key of one value."""
    return (str(row["report_id"]), int(row["line"]), str(row["indicator"]))


def flagged_figures(audit: pd.DataFrame) -> set[Flag]:
    """(report, line, indicator) of every figure an error or warning of the audit involves
    (a contradiction or a total that does not add up; a restated target is
    :func:`restated_figures`, marked apart)."""
    a = audit[
        audit["severity"].isin(["error", "warning"])
        & audit["indicator"].notna()
        & (audit["check"] != ECHO)
    ]
    out = {
        (str(r), int(n), str(i))
        for r, n, i in zip(a["report_id"], a["line"], a["indicator"], strict=True)
    }
    other = a[a["other_line"].notna()]
    out |= {
        (str(r), int(n), str(i))
        for r, n, i in zip(other["report_id"], other["other_line"], other["indicator"], strict=True)
    }
    return out


def grade(row: pd.Series | dict, flagged: set[Flag], restated: set[Flag] | None = None) -> str:
    """The reliability grade of one value (see the module docstring); a restated target
    (``restated``) is never better than C."""
    key = flag_of(row)
    contradicted = bool(row.get("conflict", False)) or key in flagged or key in (restated or ())
    if row["qualifier"] != "exact" or row["scope"] != "province" or contradicted:
        return "C"
    counts = pd.notna(row.get("numerator")) and pd.notna(row.get("denominator"))
    return "A" if counts else "B"


def _core(catalog: pd.DataFrame) -> list[str]:
    return [i for i in catalog.loc[catalog["core"], "id"] if not is_target(i)]


def scorecard_frame(data: pd.DataFrame, audit: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """One row per core indicator reported by at least one province; per province the value
    text, and the columns ``<province> grade``/``period``/``scope``/``measure``/``source``
    for the CSV download."""
    flagged = flagged_figures(audit)
    restated = restated_figures(audit)
    rows = []
    vi = formats.language() == "vi"
    names = dict(zip(catalog["id"], catalog["name_vi" if vi else "name_en"], strict=True))
    # the rows dated once and split by indicator once (the dates of a row are its own)
    live = with_dates(data[data["status"] != "rejected"])
    by_indicator = dict(tuple(live.groupby("indicator", sort=False)))
    for ind in _core(catalog):
        sub = by_indicator.get(ind)
        if sub is None or sub.empty:
            continue
        best = latest_values(sub, dated=True)
        row: dict[str, object] = {"Indicator": names.get(ind, ind), "indicator": ind}
        for prov in STUDY_PROVINCES:
            hit = best[best["province"] == prov]
            if hit.empty:
                row[prov] = t("findings.not_reported")
                continue
            r = hit.iloc[0]
            g = grade(r, flagged, restated)
            other = DIFFERENT_MEASURE if r["measure"] != ind else ""
            other += RESTATED if flag_of(r) in restated else ""
            also = _also_stated(sub[sub["province"] == prov], r)
            other += ALSO_STATED if also else ""
            row[prov] = (
                f"{QUALIFIER_MARKS.get(str(r['qualifier']), '')}"
                f"{as_stated(float(r['value']), str(r['unit']))} ({fair.period_text(r)})"
                f"{SCOPE_MARKS.get(str(r['scope']), '')}{other} {g}"
            )
            row[f"{prov}: grade"] = g
            row[f"{prov}: measure"] = r["counts"] or r["measure"]
            if vi:  # what it counts in Vietnamese words, when its measure has them
                row[f"{prov}: measure_vi"] = r.get("counts_vi") or ""
            row[f"{prov}: source"] = fair.source_text(r)
            row[f"{prov}: also"] = "; ".join(also)
        rows.append(row)
    return pd.DataFrame(rows)


def _also_stated(rows: pd.DataFrame, shown: pd.Series) -> list[str]:
    """The other measures one province states for the indicator of ``shown`` (not one
    department's own, not the shown measure): per measure its latest value, in readers'
    words — "106 (video-conference bridge points at commune level; Trà Vinh's Q3 2023
    report, line 163)"."""
    vi = formats.language() == "vi"
    rest = rows[(rows["measure"] != shown["measure"]) & (rows["scope"] != "agency")]
    out = []
    for _, grp in rest.groupby("measure", sort=True):
        r = latest_values(grp, dated=True).iloc[0]
        counts = (r.get("counts_vi") if vi else None) or r["counts"] or r["measure"]
        out.append(f"{fair.marked(r)} ({counts}; {fair.cite(r)})")
    return out


def scorecard(
    data: pd.DataFrame, audit: pd.DataFrame, catalog: pd.DataFrame
) -> downloads.Downloadable:
    """The scorecard for reading (indicator × province, value (period) scope-mark grade);
    its CSV adds each cell's grade, measure and source line."""
    df = scorecard_frame(data, audit, catalog)
    grades = labels("findings.grades")
    return downloads.table(
        df[["Indicator", *STUDY_PROVINCES]].rename(columns={"Indicator": t("findings.indicator")}),
        t("findings.scorecard_note", grades="; ".join(f"{g}: {grades[g]}" for g in GRADES)),
        data=df,
    )


def scorecard_notes(
    data: pd.DataFrame, audit: pd.DataFrame, catalog: pd.DataFrame
) -> present.Prose:
    """Under the scorecard: each ◇ cell's measure and each C cell's reason, with its line."""
    df = scorecard_frame(data, audit, catalog)
    vi = formats.language() == "vi"
    items = []
    for r in records(df):
        for prov in STUDY_PROVINCES:
            if DIFFERENT_MEASURE.strip() not in str(r[prov]):
                continue
            measure = r[f"{prov}: measure_vi"] if vi else r[f"{prov}: measure"]
            items.append(
                t(
                    "findings.other_measure",
                    name=r["Indicator"],
                    province=prov,
                    measure=measure or r[f"{prov}: measure"],
                    source=r[f"{prov}: source"],
                )
            )
        for prov in STUDY_PROVINCES:
            also = r.get(f"{prov}: also")
            if isinstance(also, str) and also:
                items.append(
                    t(
                        "findings.also_stated",
                        name=r["Indicator"],
                        province=prov,
                        values=also,
                    )
                )
    if not items:
        return present.prose(t("findings.main_measure"))
    return present.Prose(present.bullet_list(present.escape_md(i) for i in items).text)


def _grade_counts(card: pd.DataFrame, prov: str) -> dict[str, int]:
    col = f"{prov}: grade"
    grades = card[col].dropna() if col in card.columns else pd.Series(dtype=str)
    return {g: int((grades == g).sum()) for g in GRADES}


@dataclass(frozen=True)
class _Tally:
    """What one province's findings paragraph counts, whichever edition words it."""

    reports: pd.DataFrame
    own: pd.DataFrame
    wide: pd.DataFrame
    agency: pd.DataFrame
    approx: pd.DataFrame
    flagged: pd.DataFrame
    echoes: pd.DataFrame
    core_have: list[str]
    headline: list[dict]
    grades: dict[str, int]


def _tally(
    prov: str,
    data: pd.DataFrame,
    audit: pd.DataFrame,
    reports: pd.DataFrame,
    card: pd.DataFrame,
    core: list[str],
) -> _Tally:
    own = data[(data["province"] == prov) & ~data["indicator"].map(is_target)]
    wide = own[own["scope"] == "province"]
    return _Tally(
        reports=reports[reports["province"] == prov],
        own=own,
        wide=wide,
        agency=own[own["scope"] == "agency"],
        approx=own[own["qualifier"] != "exact"],
        flagged=audit[(audit["province"] == prov) & audit["check"].isin(CONTRADICTIONS)],
        echoes=audit[(audit["province"] == prov) & (audit["check"] == ECHO)],
        core_have=sorted(set(own["indicator"]) & set(core)),
        headline=records(latest_values(wide[wide["indicator"].isin(HEADLINE)])),
        grades=_grade_counts(card, prov),
    )


def province_findings(
    data: pd.DataFrame, audit: pd.DataFrame, catalog: pd.DataFrame, reports: pd.DataFrame
) -> present.Prose:
    """A paragraph per province: what it reports, how far along it is on the headline
    indicators, the caveats (one department's figures, approximations, contradictions) and
    which core indicators are missing. Every number is computed here from the tables; the
    words are the current edition's (``findings.province`` in the words files)."""
    vi = formats.language() == "vi"
    card = scorecard_frame(data, audit, catalog)
    core = _core(catalog)
    num = formats.number
    paras = []
    for prov in STUDY_PROVINCES:
        tl = _tally(prov, data, audit, reports, card, core)
        said = [
            f"{_headline_name(r, vi)} "
            f"{QUALIFIER_MARKS.get(str(r['qualifier']), '')}"
            f"{as_stated(float(r['value']), str(r['unit']))} "
            f"({fair.period_text(r)})"
            for r in tl.headline
        ]
        labels_ = list(tl.reports["period_label"])
        text = t(
            "findings.province.lead",
            len(tl.reports),
            province=prov,
            labels=", ".join(labels_),
            periods=", ".join(fair.readable_period(str(x)) for x in labels_),
            own=num(len(tl.own)),
            wide=num(len(tl.wide)),
            agency=t("findings.province.agency", len(tl.agency)),
            have=num(len(tl.core_have)),
            core=num(len(core)),
        )
        text += (
            t("findings.province.headline", said="; ".join(said))
            if said
            else t("findings.province.no_headline")
        )
        missing = _missing_headline(data, tl)
        if said and missing:
            text += t("findings.province.missing", missing="; ".join(missing))
        text += t(
            "findings.province.caveats",
            approx=t("findings.province.approx", len(tl.approx)),
            flagged=t("findings.province.flagged", len(tl.flagged)),
        )
        if len(tl.echoes):
            text += t("findings.province.echoes", len(tl.echoes))
        g = tl.grades
        text += t("findings.province.grades", a=num(g["A"]), b=num(g["B"]), c=num(g["C"]))
        paras.append(f"**{present.escape_md(prov)}.** " + present.escape_md(text))
    return present.Prose("\n\n".join(paras))


def _missing_headline(data: pd.DataFrame, tl: _Tally) -> list[str]:
    """The headline indicators a province gives no province-wide value of the indicator's own
    measure for, by their names in lower case as a sentence runs on ("share of dossiers paid
    online")."""
    col = "name_vi" if formats.language() == "vi" else "name_en"
    # a value on another measure (An Giang's dossiers *resolved* online) is not the indicator
    have = {str(r["indicator"]) for r in tl.headline if r.get("measure") in (None, r["indicator"])}
    names = dict(zip(data["indicator"], data[col], strict=False))
    out = []
    for ind in HEADLINE:
        if ind in have or ind not in names or not isinstance(names[ind], str):
            continue
        name = names[ind]
        out.append(name[:1].lower() + name[1:])
    return out


def _headline_name(r: dict, vi: bool) -> str:
    """A headline figure's name: what it counts (English), or the catalog's Vietnamese name in
    lower case, as a Vietnamese sentence runs on."""
    if vi:
        own = r.get("measure") in (None, "", r["indicator"])
        if not own and r.get("counts_vi"):  # another measure: what it counts, not the name
            return ("tỷ lệ " if r.get("kind") == "rate" else "") + str(r["counts_vi"])
        return str(r["name_vi"]).lower() if r["name_vi"] else str(r["indicator"])
    return str(r["counts"] or r["name_en"])


# Words of a comparison finding per edition: name column, another measure, one office's own
# figure, provinces silent.
_COMPARISON_WORDS = {
    "en": (
        "name_en",
        "a different measure, {counts}: ",
        "only the issuing office's own figure: ",
        "not reported by ",
    ),
    "vi": (
        "name_vi",
        "theo cách tính khác, {counts}: ",
        "chỉ có số liệu riêng của cơ quan báo cáo: ",
        "không báo cáo: ",
    ),
}


def _values(rows: pd.DataFrame) -> str:
    return ", ".join(
        f"{r['province']} {fair.marked(r)} ({fair.period_text(r)})" for r in records(rows)
    )


def _comparison_findings(data: pd.DataFrame, lang: str) -> present.Prose:
    name_col, other, own_only, silent_by = _COMPARISON_WORDS[lang]
    items = []
    for ind in HEADLINE:
        panels = fair.panels(data, ind)
        if not panels:
            continue
        main = next((p for p in panels if p.measure == ind), None)
        name = str(data.loc[data["indicator"] == ind, name_col].iloc[0])
        parts = []
        if main is not None and len(main.rows):
            parts.append(_values(main.rows))
            if main.verdict != fair.CHART:
                parts.append(main.reason)
        for p in panels:
            if p.measure == ind or p.rows.empty:
                continue
            parts.append(other.format(counts=p.measure_text()) + _values(p.rows))
        agency = sorted(
            {
                str(r["province"])
                for p in panels
                for r in records(p.others)
                if r["scope"] == "agency"
            }
        )
        if agency:
            parts.append(own_only + ", ".join(agency))
        reported = set(data.loc[data["indicator"] == ind, "province"])
        silent = [p for p in STUDY_PROVINCES if p not in reported]
        if silent:
            parts.append(silent_by + ", ".join(silent))
        items.append(f"**{present.escape_md(name)}**: " + present.escape_md("; ".join(parts)) + ".")
    return present.Prose(present.bullet_list(items).text)


def comparison_findings(data: pd.DataFrame) -> present.Prose:
    """One sentence per headline indicator: who reports it on the same measure (and the
    values), who reports a different measure, who reports nothing (the current edition's
    words)."""
    return _comparison_findings(data, formats.language())


def province_findings_vi(
    data: pd.DataFrame, audit: pd.DataFrame, catalog: pd.DataFrame, reports: pd.DataFrame
) -> present.Prose:
    """:func:`province_findings` in the Vietnamese edition."""
    with formats.using("vi"):
        return province_findings(data, audit, catalog, reports)


def comparison_findings_vi(data: pd.DataFrame) -> present.Prose:
    """:func:`comparison_findings` in the Vietnamese edition."""
    with formats.using("vi"):
        return _comparison_findings(data, "vi")
