"""The evaluation set and its scorer: the set loads, the scorer counts what it should."""

from __future__ import annotations

from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog


def test_the_set_is_large_and_labelled():
    cases = ev.load_cases()
    assert len(cases) >= 400
    assert sum(len(c.figures) for c in cases) >= 1000
    assert {c.language for c in cases} == {"vi", "en"}
    assert all(f.unit for c in cases for f in c.figures)


def test_examples_cover_every_catalog_id():
    ids = {e.id for e in ev.load_examples()}
    assert set(load_catalog().ids()) <= ids


def _case(text: str, figures: list[ev.Gold]) -> ev.Case:
    return ev.Case("t-1", "portal_notice", "vi", text, "An Giang", "2025-Q1", "x", tuple(figures))


def test_cases_are_read_with_the_default_scope_of_their_issuer():
    """As the build does: a service centre's notice gives its own figures."""
    text = "Trong tháng, tiếp nhận 5.120 hồ sơ."
    gold = [ev.Gold(5120, "count", "dossiers_received", scope="agency")]
    centre = ev.Case("t-1", "portal_notice", "vi", text, "An Giang", "2025-03",
                     "Trung tâm Phục vụ hành chính công tỉnh An Giang", tuple(gold))  # fmt: skip
    office = ev.Case("t-2", "portal_notice", "vi", text, "An Giang", "2025-03",
                     "Văn phòng UBND tỉnh An Giang", tuple(gold))  # fmt: skip
    assert ev.evaluate([centre])["all"].scope.rate == 1.0
    assert ev.evaluate([office])["all"].scope.rate == 0.0


def test_scorer_counts_values_ids_and_extras():
    case = _case(
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 72,9%; năm 2025 có 3 cuộc họp.",
        [ev.Gold(72.9, "percent", "online_application_rate"), ev.Gold(99, "count", None)],
    )
    groups = ev.evaluate([case])
    s = groups["all"]
    assert s.values.tp == 1 and s.values.fn == 1  # 99 is not in the text
    assert s.values.fp == 1  # the 3 meetings were not labelled
    assert s.per_id["online_application_rate"].tp == 1
    assert s.core.recall == 1.0
    assert groups["portal_notice_vi"].cases == 1
    assert "online_application_rate" in ev.format_scores(groups)


def test_period_of_a_stock_is_its_day():
    case = _case("x", [])
    row = ev.run_text("Đạt 5%.", "t", "vi", load_catalog(), ev._no_ranges(ev.load_scope_rules()))[0]
    assert ev.period_matches("2025-Q1", row, case)
    assert ev.period_matches("@2025-03-31", row, case)
    assert not ev.period_matches("2024", row, case)


def test_the_engine_reads_the_evaluation_set():
    """Floors under the numbers in the note (python -m analysis evaluate): they only rise."""
    s = ev.evaluate()["all"]
    assert s.values.recall >= 0.95 and s.values.precision >= 0.95
    assert s.unit.rate >= 0.93
    assert s.ids.recall >= 0.895 and s.ids.precision >= 0.92
    assert s.core.recall >= 0.865
    assert s.index.recall >= 0.965
    assert s.scope.rate >= 0.975 and s.period.rate >= 0.975
