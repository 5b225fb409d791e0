"""Audit check result_echoes_target: results that repeat Resolution 17/NQ-CP's targets."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.checks.echoes import EchoTargetsError, echo_findings, load_targets


def _facts(rows):
    base = {"report_id": "r", "province": "Quảng Ngãi", "unit": "percent", "status": "extracted"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_quang_ngai_results_that_repeat_the_resolution_are_flagged():
    audit = analysis.load_audit()
    echo = audit[audit["check"] == "result_echoes_target"]
    assert set(echo["report_id"]) == {"quang-ngai-2022"}
    assert sorted(echo["stated"]) == [10, 20, 30, 30, 50, 50, 50]
    assert (echo["severity"] == "warning").all()
    # the two 50% on line 17 are two different targets, read in order along the line
    msgs = list(echo[(echo["line"] == 17) & (echo["stated"] == 50)]["message"])
    assert any("electronic dossiers" in m for m in msgs) and any(
        "Business Registration" in m for m in msgs
    )


def test_no_other_province_is_flagged():
    audit = analysis.load_audit()
    echo = audit[audit["check"] == "result_echoes_target"]
    assert set(echo["province"]) == {"Quảng Ngãi"}


def test_same_value_other_words_is_not_an_echo():
    line = "Tỷ lệ hồ sơ trực tuyến đạt 50% trong năm"
    facts = _facts(
        [{"line": 1, "quote": "50%", "value": 50.0, "indicator": "online_application_rate"}]
    )
    assert echo_findings(facts, {"r": [line]}) == []


def test_targets_are_not_checked_and_words_must_follow_the_figure():
    line = "50% dịch vụ công trực tuyến xử lý bằng hồ sơ điện tử"
    goal = _facts([{"line": 1, "quote": "50%", "value": 50.0, "indicator": "x_target"}])
    assert echo_findings(goal, {"r": [line]}) == []
    result = _facts([{"line": 1, "quote": "50%", "value": 50.0, "indicator": "x"}])
    assert len(echo_findings(result, {"r": [line]})) == 1
    other = _facts([{"line": 1, "quote": "50%", "value": 49.0, "indicator": "x"}])
    assert echo_findings(other, {"r": [line]}) == []


def test_bad_target_list_names_the_entry(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("source: x\ntargets:\n  - id: a\n    value: 10\n", encoding="utf-8")
    with pytest.raises(EchoTargetsError, match="target 1: needs id, value and words"):
        load_targets(p)
    p.write_text(
        "source: x\ntargets:\n  - id: a\n    value: 10\n    words: ['(']\n", encoding="utf-8"
    )
    with pytest.raises(EchoTargetsError, match=r"target 1 \(a\): bad regex"):
        load_targets(p)
