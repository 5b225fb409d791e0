"""The build: published tables, their contracts, determinism, cache and changes."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.checks.datapackage import DataPackageError, validate_package
from analysis.pipeline import build
from analysis.schemas import TABLES, SchemaError, validate

DESIGN_FACT_COLUMNS = [
    "report_id",
    "report_sha256",
    "province",
    "period_label",
    "period_start",
    "period_end",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "numerator",
    "denominator",
    "scope",
    "line",
    "quote",
    "status",
]


def _digest(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_facts_have_exactly_the_design_columns(built):
    facts = built["facts"]
    assert list(facts.columns) == DESIGN_FACT_COLUMNS
    raw = (built["_root"] / "data/processed/facts.csv").read_text(encoding="utf-8")
    assert raw.splitlines()[0] == ",".join(DESIGN_FACT_COLUMNS)
    pq = pd.read_parquet(built["_root"] / "data/processed/facts.parquet")
    assert list(pq.columns) == DESIGN_FACT_COLUMNS and len(pq) == len(facts)


def test_every_fact_quotes_its_raw_line(built, manifest):
    lines = {
        rid: Path(p).read_text(encoding="utf-8").split("\n")
        for rid, p in zip(manifest["report_id"], manifest["path"], strict=True)
    }
    for row in built["facts"].itertuples():
        assert row.quote in lines[row.report_id][row.line - 1], (row.report_id, row.line)
    sha = dict(zip(manifest["report_id"], manifest["sha256"], strict=True))
    assert (built["facts"]["report_sha256"] == built["facts"]["report_id"].map(sha)).all()


def test_review_statuses_are_applied(built):
    f = built["facts"]
    tv = f[
        (f["report_id"] == "tra-vinh-2023-q3") & (f["line"] == 169) & (f["status"] == "overridden")
    ]
    assert tv["indicator"].tolist() == ["online_services_level3", "online_services_level3_share"]
    assert tv["value"].tolist() == [571, 30.73]
    rejected = f[f["status"] == "rejected"]
    pairs = sorted(zip(rejected["line"], rejected["value"], strict=True))
    # 57 "liên thông 3 cấp" (levels), 81 "cử 04 CCVC" (officials sent to a course), 133 "mô hình
    # “4 lớp”" (a model's name), 135/204 "01 bản niêm yết" (one printed listing)
    assert pairs == [
        (57, 3.0),
        (81, 4.0),
        (133, 4.0),
        (135, 1.0),
        (204, 1.0),
        (220, 37.0),
        (234, 111.0),
    ]
    # a rejected figure never reaches the indicators table
    ind = built["indicators"]
    bg = ind[
        (ind["report_id"] == "bac-giang-2024-05") & (ind["indicator"] == "public_services_total")
    ]
    assert bg["value"].tolist() == [41.0] and not bg["conflict"].any()


def test_indicators_one_row_per_report_and_indicator_linked_to_facts(built):
    ind = built["indicators"]
    assert not ind.duplicated(["province", "period_label", "indicator", "measure"]).any()
    tv = ind[(ind["province"] == "Trà Vinh") & (ind["indicator"] == "online_application_rate")]
    assert len(tv) == 1
    row = tv.iloc[0]
    assert bool(row["conflict"]) and row["fact_lines"] == "157;169" and row["n_facts"] == 2
    # 31,3% (line 157) contradicts its own counts; the consistent 39,18% is the best value
    assert (row["line"], row["value"]) == (169, 39.18)
    facts = built["facts"]
    linked = facts[
        (facts["report_id"] == row["report_id"])
        & (facts["line"] == row["line"])
        & (facts["quote"] == row["quote"])
    ]
    assert linked["value"].tolist() == [row["value"]]
    # the province-wide figure wins over a department's own where both exist
    assert set(ind["scope"]) <= {"province", "agency", "district", "commune"}


def test_core_ids_reach_the_indicators_table(built):
    got = set(built["indicators"]["indicator"])
    for core in (
        "online_application_rate",
        "on_time_resolution_rate",
        "online_payment_rate",
        "public_services_total",
        "online_services_level4",
        "adult_smartphone_rate",
        "household_fixed_broadband_rate",
        "digital_signature_rate",
    ):
        assert core in got


def test_datapackage_describes_and_validates(built, n_reports):
    folder = built["_root"] / "data/processed"
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in desc["resources"]}
    assert {"facts", "indicators", "audit", "coverage", "crosswalk", "changes"} <= names
    facts = next(r for r in desc["resources"] if r["name"] == "facts")
    assert facts["schema"]["primaryKey"] == ["report_id", "line", "quote"]
    assert [f["name"] for f in facts["schema"]["fields"]] == DESIGN_FACT_COLUMNS
    assert all(f["description"] for r in desc["resources"] for f in r["schema"]["fields"])
    assert len(desc["sources"]) == n_reports and len(facts["sources"]) == n_reports
    assert all(r["sources"] for r in desc["resources"])
    validate_package(folder / "datapackage.json")


def test_indicators_are_keyed_by_measure_with_foreign_keys(built, tmp_path):
    """indicators.csv and value_measures.csv hold one row per province, period, indicator and
    measure; the descriptor says so and its foreign keys catch a value with no indicator row."""
    folder = built["_root"] / "data/processed"
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in desc["resources"]}
    key = ["province", "period_label", "indicator", "measure"]
    assert res["indicators"]["schema"]["primaryKey"] == key
    assert res["value_measures"]["schema"]["primaryKey"] == key
    refs = {
        (tuple(fk["fields"]), fk["reference"]["resource"])
        for fk in res["value_measures"]["schema"]["foreignKeys"]
    }
    assert refs == {(tuple(key), "indicators"), (("measure",), "measures")}
    ind, vm = built["indicators"], built["value_measures"]
    assert ind[key].equals(vm[key])
    assert (
        ind["measure"].str.split(":").str[0] == ind["indicator"].str.removesuffix("_target")
    ).all()
    # a value_measures row naming no indicators row breaks the package
    copy = tmp_path / "processed"
    shutil.copytree(folder, copy)
    lines = (copy / "value_measures.csv").read_text("utf-8").split("\n")
    lines.insert(2, "Trà Vinh,2023-Q3,video_conference_points,video_conference_points:nowhere")
    (copy / "value_measures.csv").write_text("\n".join(lines), "utf-8")
    with pytest.raises(DataPackageError, match="value_measures"):
        validate_package(copy / "datapackage.json")


def test_schema_rejects_a_bad_table(built):
    bad = built["facts"].copy()
    bad.loc[0, "unit"] = "furlongs"
    with pytest.raises(SchemaError, match="facts"):
        validate("facts", bad)
    with pytest.raises(SchemaError):
        validate("facts", built["facts"].drop(columns="quote"))


def test_polars_engine(built, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(built["_root"]))
    pl_facts = analysis.load_facts(engine="polars")
    assert pl_facts.columns == DESIGN_FACT_COLUMNS and pl_facts.height == len(built["facts"])
    assert list(analysis.catalog().columns) == TABLES["catalog"].columns


def test_builds_are_deterministic_and_cached(project_copy, n_reports):
    first = build(progress=False)
    assert first.extracted == n_reports
    before = _digest(project_copy / "data/processed")
    second = build(progress=False)
    assert second.extracted == 0  # everything from the cache
    assert _digest(project_copy / "data/processed") == before
    third = build(full=True, progress=False)
    assert third.extracted == n_reports and _digest(project_copy / "data/processed") == before
    changes = pd.read_csv(project_copy / "data/processed/changes.csv")
    assert changes["change"].tolist() == ["new_report"] * n_reports


def test_a_build_with_nothing_changed_does_no_per_report_work(project_copy, monkeypatch):
    """Same manifest, report files, reference files and code: the build checks checksums and
    the build record, reads no report and rewrites nothing; any changed input builds again."""
    import analysis.pipeline as pipeline

    first = build(progress=False)
    processed = project_copy / "data/processed"
    before = _digest(processed)

    def no_work(*args, **kwargs):
        raise AssertionError("per-report work in a build with nothing to do")

    work = pipeline.process_reports
    monkeypatch.setattr(pipeline, "process_reports", no_work)
    second = build(progress=False)
    assert second.unchanged and second.extracted == 0
    assert (second.reports, second.tables) == (first.reports, first.tables)
    assert "up to date" in second.summary() and _digest(processed) == before
    rules = project_copy / "data/raw/reference/coverage.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# an analyst's note\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="per-report work"):
        build(progress=False)  # a reference file changed: the tables are built
    monkeypatch.setattr(pipeline, "process_reports", work)
    assert not build(progress=False).unchanged
    (processed / "audit.csv").write_text("check\n", encoding="utf-8")  # a damaged table
    third = build(progress=False)
    assert not third.unchanged and _digest(processed)["audit.csv"] == before["audit.csv"]


def test_the_result_cache_rebuilds_the_same_tables_without_reading_reports(
    built_copy, monkeypatch, caplog
):
    """Each report's whole result (figures, audit of figures and tables, coverage, counts) is
    cached: a rebuild reads only the reviewed reports again (their audit follows the reviews),
    and a damaged entry is named, worked again and rewritten, with the same tables."""
    import analysis.report_work as report_work
    from analysis.facts.review import load_reviews

    processed = built_copy / "data/processed"
    before = _digest(processed)
    before.pop(".build.json")
    read = []
    real = report_work.read_report
    monkeypatch.setattr(report_work, "read_report", lambda p: read.append(p) or real(p))
    (processed / ".build.json").unlink()  # else nothing changed: no per-report work at all
    second = build(progress=False)
    assert second.extracted == 0 and not second.unchanged
    assert len(read) == len(set(load_reviews()["report_id"]))
    after = _digest(processed)
    after.pop(".build.json")
    assert after == before
    entries = sorted((built_copy / "data/cache/results").glob("*.json.gz"))
    entry, torn = entries[0], entries[1]
    head, body = gzip.decompress(entry.read_bytes()).split(b"\n", 1)
    damaged = body.replace(b'"stats":{', b'"stats":{"lines":1,', 1)  # checksum kept
    assert damaged != body
    entry.write_bytes(gzip.compress(head + b"\n" + damaged))
    torn.write_bytes(torn.read_bytes()[: torn.stat().st_size // 2])  # a write cut short
    (processed / ".build.json").unlink()
    caplog.clear()
    build(progress=False)
    for p in (entry, torn):
        assert p.name in caplog.text
        head, body = gzip.decompress(p.read_bytes()).split(b"\n", 1)  # rewritten whole
        assert json.loads(head)["body_sha256"] == hashlib.sha256(body).hexdigest()
        json.loads(body)
    assert caplog.text.count("working the report again") == 2
    after = _digest(processed)
    after.pop(".build.json")
    assert after == before


def test_missing_data_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))
    with pytest.raises(analysis.MissingDataError, match="analysis build"):
        analysis.load_facts()


def test_targets_meet_their_latest_values(built):
    from analysis.book import targets

    targets = targets.target_table(built["indicators"]).set_index(["province", "indicator"])
    # An Giang aims at 90% of agencies *at all levels*; its only value (80%, 16/20) counts
    # provincial agencies, so the goal has no comparable value rather than "not met"
    ag = targets.loc[("An Giang", "agencies_egov_complete_rate_all_levels")]
    assert (ag["target_value"], ag["status"]) == (90.0, "no data")
    assert pd.isna(ag["latest_value"])
    bg = targets.loc[("Bắc Giang", "online_payment_transactions_rate")]
    assert (bg["latest_value"], bg["status"]) == (65.23, "met")  # "trên 60%" → ≥ 60


def test_a_failed_publish_leaves_the_previous_tables(built_copy, monkeypatch):
    import analysis.pipeline as b

    before = _digest(built_copy / "data/processed")

    def boom(*a, **k):
        raise OSError("disk full")

    reviews = built_copy / "data/raw/reference/reviews.csv"
    with reviews.open("a", encoding="utf-8") as fh:  # a new decision: facts.csv would change
        fh.write('an-giang-2023-q1,155,"đạt 72,9%",accept,,,,,,checked,t,2026-11-27\n')
    monkeypatch.setattr(b, "write_parquet", boom)  # fails after the CSVs were written
    with pytest.raises(OSError, match="disk full"):
        build(full=True, progress=False)
    assert _digest(built_copy / "data/processed") == before
    assert not list((built_copy / "data/processed").glob(".*.tmp"))
