"""D3, D18: a command killed at any moment leaves the corpus and the tables whole; the next
command cleans up, and the next build's changes.csv still lists the drop."""

from __future__ import annotations

import pytest
from store_helpers import (
    corpus_is_whole,
    digests,
    ingest_args,
    run_cli,
    run_killed,
    write_report,
)

from analysis.pipeline import build
from analysis.tables.changes import latest_drop
from analysis.tables.published import read_table

KILL_POINTS = {
    "after 3 of the files": (3, "processed", False),
    "between the two renames of a swap without exchange": (1, ".processed.old", True),
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_while_publishing_leaves_the_old_tables(built_copy, tmp_path, point):
    processed = built_copy / "data/processed"
    before = digests(processed)
    res = run_cli(built_copy, *ingest_args(write_report(tmp_path, 2), 2))
    assert res.returncode == 0, res.stderr
    n, where, fallback = KILL_POINTS[point]
    killed = run_killed(built_copy, n, where, "-q", "build", fallback=fallback)
    assert killed.returncode == 9, killed.stderr
    if processed.exists():  # after the first of two renames it is back on the next command
        assert digests(processed) == before  # all old: nothing of the new build mixed in

    build(progress=False)  # the next command recovers
    left = [p.name for p in (built_copy / "data").iterdir() if p.name.startswith(".processed")]
    assert left == [] and not [p for p in processed.iterdir() if p.name.endswith(".tmp")]
    changes = latest_drop(read_table("changes", processed))
    new = changes.loc[changes["change"] == "new_report", "report_id"].tolist()
    assert new == ["an-giang-2025-02"]  # the drop is not lost from changes.csv


def test_an_ingest_killed_before_its_manifest_leaves_nothing_and_a_retry_keeps_the_name(
    project_copy, tmp_path
):
    src = write_report(tmp_path, 2)
    manifest = project_copy / "data/raw/reports/manifest.csv"
    before = manifest.read_bytes()
    killed = run_killed(project_copy, 1, "_stttt", *ingest_args(src, 2))  # the report, not yet
    assert killed.returncode == 9, killed.stderr  # the manifest
    assert manifest.read_bytes() == before

    res = run_cli(project_copy, *ingest_args(src, 2))  # the retry
    assert res.returncode == 0, res.stderr
    assert "-2.txt" not in res.stderr and "an-giang_2025-02_stttt.txt" in res.stderr
    assert corpus_is_whole(project_copy) == []


def test_an_ingest_killed_after_its_manifest_leaves_nothing_behind(project_copy, tmp_path):
    """Killed after the manifest is renamed, before the check and the clean-up (today a
    ``.manifest.csv.*.bak`` stays for ever)."""
    src = write_report(tmp_path, 2)
    killed = run_killed(project_copy, 1, "reports/manifest.csv", *ingest_args(src, 2))
    assert killed.returncode == 9, killed.stderr
    res = run_cli(project_copy, *ingest_args(write_report(tmp_path, 3), 3))
    assert res.returncode == 0, res.stderr
    assert corpus_is_whole(project_copy) == []
