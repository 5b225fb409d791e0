"""D5, D17: a build publishes what matches the manifest it ends with; damaged tables in
data/processed are named and rebuilt from data/raw."""

from __future__ import annotations

import shutil

import pytest
from store_helpers import digests, write_report

from analysis import pipeline
from analysis.ingest import ingest
from analysis.tables.published import read_table


@pytest.fixture()
def built_copy(built, tmp_path, monkeypatch):
    """A copy of the session's built project (tables and cache); ANALYSIS_ROOT points at it."""
    dst = tmp_path / "project"
    shutil.copytree(built["_root"], dst)
    monkeypatch.setenv("ANALYSIS_ROOT", str(dst))
    return dst


def test_a_report_ingested_while_the_build_reads_is_published(built_copy, tmp_path, monkeypatch):
    """The manifest changes after the build read it (the D5 race, made certain)."""
    real = pipeline.process_reports
    calls = []

    def process_then_ingest(records, **kw):
        work = real(records, **kw)
        if not calls:
            ingest(write_report(tmp_path, 2), province="An Giang", period="2025-02", issuer="Sở X")
        calls.append(len(records))
        return work

    monkeypatch.setattr(pipeline, "process_reports", process_then_ingest)
    pipeline.build(progress=False)
    reports = read_table("reports", built_copy / "data/processed")
    assert "an-giang-2025-02" in set(reports["report_id"])
    assert calls[1] == calls[0] + 1  # built again from the manifest it ended with


def _truncate_mid_row(p):
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _drop_last_rows(p):
    lines = p.read_bytes().splitlines(keepends=True)
    p.write_bytes(b"".join(lines[:-66]))  # a clean row boundary: still a valid CSV


def _truncate_parquet(p):
    p.write_bytes(p.read_bytes()[:100])


DAMAGE = {
    "facts.csv cut mid-row": ("facts.csv", _truncate_mid_row),
    "facts.csv cut at a row boundary": ("facts.csv", _drop_last_rows),
    "audit.csv emptied": ("audit.csv", lambda p: p.write_bytes(b"")),
    "facts.parquet truncated": ("facts.parquet", _truncate_parquet),
    "build record removed, facts cut": ("facts.csv", _truncate_mid_row),
}


@pytest.mark.parametrize("case", DAMAGE)
def test_a_damaged_table_is_named_and_rebuilt(built_copy, case, caplog):
    processed = built_copy / "data/processed"
    before = digests(processed)
    name, damage = DAMAGE[case]
    damage(processed / name)
    if "record removed" in case:
        (processed / ".build.json").unlink()
    pipeline.build(progress=False)
    assert name in caplog.text and "rebuilt from data/raw" in caplog.text
    after = digests(processed)
    if "record removed" in case:  # the record is written again; nothing to compare with
        before.pop(".build.json"), after.pop(".build.json")
        before.pop("changes.csv"), after.pop("changes.csv")
    assert after == before  # no spurious changes: the same inputs give the same tables
