"""The review layer and the audit, on the real corpus and on small synthetic reports."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.checks.audit import audit_report, decimals
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.review import REVIEW_COLUMNS, ReviewError, apply_reviews, load_reviews
from analysis.facts.table import facts_frame
from analysis.reading.reports import parse_report_text

CAT = load_catalog()


def _synthetic(text: str, report_id: str = "an-giang-2023-q1"):
    rep = parse_report_text(text.encode("utf-8"), "synthetic.txt")
    rows = extract_report(rep, report_id, CAT)
    manifest = pd.DataFrame(
        [
            {
                "report_id": report_id,
                "sha256": "0" * 64,
                "province": "An Giang",
                "period_label": "2023-Q1",
            }
        ]
    )
    return rep, rows, facts_frame(rows, manifest)


def _audit(text: str):
    rep, rows, facts = _synthetic(text)
    return audit_report(rows, facts, rep, "An Giang", CAT)


def _review(rows: list[dict], tmp_path) -> pd.DataFrame:
    path = tmp_path / "reviews.csv"
    pd.DataFrame([{c: r.get(c, "") for c in REVIEW_COLUMNS} for r in rows]).to_csv(
        path, index=False
    )
    return load_reviews(path)


TEXT = (
    "Tỷ lệ hồ sơ TTHC được giải quyết trực tuyến, đạt 72,9%.\n"
    "Đã tiếp nhận 100 hồ sơ (60 trực tiếp, 40 trực tuyến (tỷ lệ 35%)).\n"
)


def test_review_accept_correct_reject(tmp_path):
    _, _, facts = _synthetic(TEXT)
    reviews = _review(
        [
            {
                "report_id": "an-giang-2023-q1",
                "line": "1",
                "quote": "đạt 72,9%",
                "action": "accept",
                "reason": "checked",
            },
            {
                "report_id": "an-giang-2023-q1",
                "line": "2",
                "quote": "(60",
                "action": "reject",
                "reason": "part of a breakdown",
            },
            {
                "report_id": "an-giang-2023-q1",
                "line": "2",
                "quote": "(tỷ lệ 35%",
                "action": "correct",
                "value": "40",
                "reason": "typo in the report",
            },
        ],
        tmp_path,
    )
    out = apply_reviews(facts, reviews, CAT).facts
    assert out.loc[out["quote"].str.endswith("đạt 72,9%"), "status"].tolist() == ["reviewed"]
    assert "rejected" in out["status"].tolist()
    corrected = out[out["status"] == "overridden"]
    assert corrected["value"].tolist() == [40.0]
    assert (facts["status"] == "extracted").all()  # the input is not modified


@pytest.mark.parametrize(
    "row, message",
    [
        ({"line": "1", "quote": "đạt 72,9%", "action": "approve", "reason": "x"}, "action"),
        ({"line": "1", "quote": "đạt 72,9%", "action": "accept", "reason": ""}, "reason"),
        (
            {
                "line": "1",
                "quote": "đạt 72,9%",
                "action": "correct",
                "indicator": "nope",
                "reason": "x",
            },
            "not in the catalog",
        ),
        (
            {"line": "1", "quote": "đạt 72,9%", "action": "correct", "reason": "x"},
            "changes nothing",
        ),
        ({"line": "x", "quote": "đạt 72,9%", "action": "accept", "reason": "x"}, "not a number"),
        ({"line": "1", "quote": "", "action": "accept", "reason": "x"}, "quote is empty"),
        (
            {"line": "1", "quote": "đạt 72,9%", "action": "correct", "value": "nan", "reason": "x"},
            "finite",
        ),
        (
            {
                "line": "1",
                "quote": "đạt 72,9%",
                "action": "correct",
                "indicator": "official_email_accounts",
                "reason": "x",
            },
            "is in count",
        ),
    ],
)
def test_bad_reviews_fail_loudly_naming_the_row(tmp_path, row, message):
    _, _, facts = _synthetic(TEXT)
    reviews = _review([{"report_id": "an-giang-2023-q1", **row}], tmp_path)
    with pytest.raises(ReviewError, match=message) as exc:
        apply_reviews(facts, reviews, CAT)
    assert "row 2" in str(exc.value)


def test_one_decision_per_figure(tmp_path):
    _, _, facts = _synthetic(TEXT)
    twice = {
        "report_id": "an-giang-2023-q1",
        "line": "1",
        "quote": "đạt 72,9%",
        "action": "accept",
        "reason": "x",
    }
    with pytest.raises(ReviewError, match="already reviewed in row 2"):
        apply_reviews(facts, _review([twice, twice], tmp_path), CAT)


def test_a_review_whose_figure_is_no_longer_read_is_left_out_not_fatal(tmp_path):
    """ "2,9%" ends no quote as a whole word (the figure is 72,9%): the row is returned as
    unmatched with its file row, the other decisions still apply."""
    _, _, facts = _synthetic(TEXT)
    reviews = _review(
        [
            {"report_id": "an-giang-2023-q1", "line": "1", "quote": "2,9%", "action": "reject"},
            {
                "report_id": "an-giang-2023-q1",
                "line": "2",
                "quote": "(tỷ lệ 35%",
                "action": "reject",
            },
        ],
        tmp_path,
    )
    reviews.loc[:, "reason"] = "x"
    out = apply_reviews(facts, reviews, CAT)
    assert [(m.row, m.review["quote"]) for m in out.unmatched] == [(2, "2,9%")]
    assert len(out.applied) == 1
    assert out.facts.loc[out.facts["quote"].str.endswith("72,9%"), "status"].tolist() == [
        "extracted"
    ]
    assert out.facts.loc[out.facts["quote"].str.endswith("35%"), "status"].tolist() == ["rejected"]


def test_project_reviews_all_match(manifest):
    """Every accept and correct in data/raw/reference/reviews.csv still points at a fact (a
    lost correction changes the book). A reject whose figure is no longer read is harmless
    (nothing is left to reject): the build keeps going and the audit asks to delete it."""
    from analysis.corpus.manifest import load_manifest
    from analysis.reading.reports import read_report

    m = load_manifest()
    rows = []
    for rec in m.to_dict("records"):
        rows += extract_report(read_report(rec["path"]), rec["report_id"], CAT)
    out = apply_reviews(facts_frame(rows, m), load_reviews(), CAT)
    assert [m.review for m in out.unmatched if m.review["action"] != "reject"] == []


@pytest.mark.parametrize(
    "quote, d", [("94,8%", 1), ("30 %", 0), ("71,29%", 2), ("1.858", 0), ("100%", 0)]
)
def test_decimals(quote, d):
    assert decimals(quote) == d


def test_rate_vs_fraction_rounding_truncation_and_error():
    found = _audit(
        "Có 37/39 hệ thống đã được phê duyệt, đạt tỉ lệ: 94,8%.\n"
        "Có 37/39 hệ thống đã được phê duyệt, đạt tỉ lệ: 94,9%.\n"
        "Có 30/39 hệ thống đã được phê duyệt, đạt tỉ lệ: 94,9%.\n"
    )
    checks = [(f.line, f.check, f.severity) for f in found if f.check == "rate_vs_fraction"]
    assert checks == [(1, "rate_vs_fraction", "info"), (3, "rate_vs_fraction", "error")]


def test_implied_share_and_breakdown_sum():
    found = _audit(TEXT)
    implied = [f for f in found if f.check == "implied_share"]
    assert len(implied) == 1 and implied[0].expected == pytest.approx(40.0)
    assert not [f for f in found if f.check == "breakdown_sum"]  # 60 + 40 = 100
    bad = _audit("Cấp 10.850 chứng thư số (tổ chức: 2.538 chứng thư, cá nhân: 9.312 chứng thư).\n")
    sums = [f for f in bad if f.check == "breakdown_sum"]
    assert len(sums) == 1 and sums[0].stated == 10850 and sums[0].expected == 11850


def test_breakdown_uses_the_wholes_unit_noun():
    ok = _audit(
        "Sở có 31 biên chế (nhóm A 6 vị trí, tương ứng 13 biên chế; nhóm B 14 vị trí, "
        "tương ứng 14 biên chế; nhóm C 03 vị trí, tương ứng 04 biên chế).\n"
    )
    assert not [f for f in ok if f.check == "breakdown_sum"]


def test_conflicting_values_in_one_report():
    found = _audit("Tỷ lệ hồ sơ trực tuyến đạt 31,3%.\n\nTỷ lệ hồ sơ trực tuyến đạt 39,18%.\n")
    conflicts = [f for f in found if f.check == "conflicting_values"]
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.line, c.other_line, c.severity) == (3, 1, "error")
    assert c.quote.endswith("39,18%") and c.other_quote.endswith("31,3%")


def test_real_corpus_findings(built):
    audit = built["audit"]

    def has(report, line, check):
        return (
            (audit["report_id"] == report) & (audit["line"] == line) & (audit["check"] == check)
        ).any()

    assert has("tra-vinh-2023-q3", 157, "implied_share")  # 31,3% vs 37126/94746
    assert has("tra-vinh-2023-q3", 169, "conflicting_values")  # 39,18% vs 31,3%
    assert has("bac-giang-2024-05", 71, "breakdown_sum")  # 2.538 + 9.312 ≠ 10.850
    assert has("bac-giang-2024-05", 73, "breakdown_sum")  # 47 + 144 ≠ 188
    assert has("bac-giang-2024-05", 234, "breakdown_sum")  # 27+4+20+10 ≠ 51
    assert has("bac-giang-2024-05", 470, "table_total")  # 18+2+2+206 ≠ 229
    assert has("an-giang-2023-q1", 81, "rate_vs_fraction")  # 94,8% truncates 37/39
    # the rejected "HĐLĐ 111" (a decree number) no longer breaks the 53 = 26+4+18+5 sum
    bg234 = audit[
        (audit["report_id"] == "bac-giang-2024-05")
        & (audit["line"] == 234)
        & (audit["check"] == "breakdown_sum")
    ]
    assert bg234["stated"].tolist() == [51.0]
    for row in audit.itertuples():
        assert row.severity in {"error", "warning", "info"}


def test_table_totals_per_block_and_grand_total():
    table = (
        "Stt\tĐơn vị\tSố hồ sơ\n"
        "1\tA\t10\n2\tB\t20\n\tCộng\t30\n"
        "3\tC\t5\n4\tD\t5\n\tCộng\t10\n"
        "\tTổng cộng\t40\n"
        "5\tTổng số lượt truy cập\t7\n"
    )
    found = [f for f in _audit(table) if f.check == "table_total"]
    assert found == []  # 10+20=30, 5+5=10, 30+10=40; the last row is not a total
    bad = [
        f
        for f in _audit(table.replace("Tổng cộng\t40", "Tổng cộng\t45"))
        if f.check == "table_total"
    ]
    assert [(f.stated, f.expected) for f in bad] == [(45.0, 40.0)]


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("reports:\n  r1:\n    - {lines: '1-28o', scope: agency}\n", "is not 'N' or 'N-M'"),
        ("reports:\n  r1:\n    - {lines: '1-5'}\n", "needs 'lines'"),
        ("reports:\n  r1:\n    - {lines: '1-5', scope: ministry}\n", "unknown scope"),
        ("cues:\n  agency: ['(unclosed']\n", "bad regex"),
        ("default: nation\n", "default scope"),
    ],
)
def test_bad_scope_rules_name_the_file_and_entry(tmp_path, yaml_text, message):
    from analysis.facts.scopes import ScopeRulesError, load_scope_rules

    path = tmp_path / "scopes.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ScopeRulesError, match=message) as exc:
        load_scope_rules(path)
    assert "scopes.yaml" in str(exc.value)


def test_nearest_cue_decides_scope():
    from analysis.facts.scopes import load_scope_rules

    rules = load_scope_rules()
    # "toàn tỉnh" before the figure, "của Sở" far before it: the nearer cue wins
    assert rules.scope("x", 1, "cac thu tuc cua so, toan tinh co") == "province"
    assert rules.scope("x", 1, "toan tinh co 41 thu tuc cua so", "") == "agency"
    assert rules.scope("x", 1, "co", "thu tuc cua so") == "agency"


def test_a_stale_review_is_an_audit_warning_and_the_build_goes_on(cached_copy):
    """Bắc Giang line 57: the row that rejects "liên thông 3 [cấp]" read as 3 documents. If
    extraction stops reading that "3", the row matches nothing (here: its quote is made to
    end where no figure ends). The build publishes, with a warning naming the row in both
    languages; the real row still applies."""
    from analysis import load_table
    from analysis.pipeline import build

    path = cached_copy / "data/raw/reference/reviews.csv"
    reviews = pd.read_csv(path, dtype="string", keep_default_na=False)
    row = reviews.index[reviews["quote"] == "khối Đảng (liên thông 3"]
    assert len(row) == 1  # the seed's row
    stale = reviews.loc[row].assign(quote="khối Đảng (liên thông 3 cấp")
    pd.concat([reviews.drop(row), stale]).to_csv(path, index=False)
    build(progress=False)
    audit = load_table("audit")
    got = audit[audit["check"] == "review_unmatched"]
    assert len(got) == 1
    f = got.iloc[0]
    assert (f["report_id"], f["line"], f["severity"]) == ("bac-giang-2024-05", 57, "warning")
    assert f["quote"] == "khối Đảng (liên thông 3 cấp"
    n = len(reviews) + 1  # the moved row is the file's last: header + every row
    assert f["message"].startswith(f"row {n} of reviews.csv rejects a figure that is no longer")
    assert f["message_vi"].startswith(f"dòng {n} của reviews.csv loại một số liệu")
    facts = load_table("facts")
    three = facts[(facts["report_id"] == "bac-giang-2024-05") & (facts["line"] == 57)]
    assert "rejected" not in set(three["status"])  # the stale decision is not applied


def test_a_new_decision_must_match_even_when_an_old_one_no_longer_does(tmp_path):
    from analysis.facts.review import record_reviews

    _, _, facts = _synthetic(TEXT)
    path = tmp_path / "reviews.csv"
    old = {"report_id": "an-giang-2023-q1", "line": "1", "quote": "2,9%", "action": "reject"}
    pd.DataFrame([{c: {**old, "reason": "x"}.get(c, "") for c in REVIEW_COLUMNS}]).to_csv(
        path, index=False
    )
    new = pd.DataFrame([{**old, "quote": "(tỷ lệ 35%", "line": "2", "reason": "y"}])
    assert record_reviews(new, facts, CAT, path) == 1
    with pytest.raises(ReviewError, match=r"new decision .*no fact with this quote"):
        record_reviews(new.assign(quote="tỷ lệ 99%"), facts, CAT, path)
