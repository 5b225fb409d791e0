"""The figures a briefing quotes, read against their report lines (issue 11, the analyst's
read of the book): a scorecard cell never hides another measure its province states, the
summary and the reporting chapter count contradictions alike, and figures that are not
quantities of their indicator are never shown."""

from __future__ import annotations

import re

import pytest

import analysis
from analysis.book import fair, findings, style


@pytest.fixture(scope="module")
def tables():
    indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports", "audit", "catalog"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    return data, audit, catalog, reports


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_scorecard_cell_names_every_other_measure_its_province_states(tables, lang):
    """Trà Vinh's 14 bridge points (province and district, line 161) are like for like with
    An Giang's 14; its 106 commune points (line 163) are another measure, which the cell
    marks ⊕ and the notes name with their line. The class: any province-wide or local value
    of a core indicator on a measure other than the cell's is named under the table."""
    data, audit, catalog, _ = tables
    style.enable(lang=lang)
    try:
        card = findings.scorecard_frame(data, audit, catalog)
        notes = _plain(findings.scorecard_notes(data, audit, catalog).text)
        live = data[(data["status"] != "rejected") & (data["scope"] != "agency")]
        checked = 0
        for r in card.to_dict("records"):
            for prov in ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi"):
                cell = str(r[prov])
                if cell == findings.t("findings.not_reported"):
                    continue
                shown = r[f"{prov}: measure"]
                rows = live[(live["province"] == prov) & (live["indicator"] == r["indicator"])]
                others = rows[(rows["measure"] != shown) & (rows["counts"] != shown)]
                if len(others):
                    assert findings.ALSO_STATED.strip() in cell, (prov, r["indicator"])
                    for line in others["line"]:
                        assert re.search(rf"\b{int(line)}\b", notes), (prov, r["indicator"], line)
                    checked += 1
                else:
                    assert findings.ALSO_STATED.strip() not in cell, (prov, r["indicator"])
        vc = card[card["indicator"] == "video_conference_points"].iloc[0]
        assert findings.ALSO_STATED.strip() in vc["Trà Vinh"]
        assert findings.ALSO_STATED.strip() not in vc["An Giang"]
        assert re.search(r"\b106\b.*\b163\b", notes)
        assert checked >= 2
    finally:
        style.enable(lang="en")
