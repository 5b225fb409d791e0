"""Concurrency: two ingests at once, and an ingest and a build at once, leave the corpus whole
(every row's file present and matching, no file unreferenced, nothing half-written) and the
published tables complete. ``make test`` runs one round; the slow test runs many."""

from __future__ import annotations

import pytest
from store_helpers import corpus_is_whole, ingest_args, run_cli, write_report

from analysis.corpus.manifest import read_manifest
from analysis.tables.integrity import damaged_files
from analysis.tables.published import read_table


def _wait(*procs):
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err


def _rounds(root, folder, rounds: int) -> None:
    manifest = root / "data/raw/reports/manifest.csv"
    processed = root / "data/processed"
    for i in range(rounds):
        year, month = 2020 + i // 4, 1 + 3 * (i % 4)  # three new months a round
        srcs = [write_report(folder, month + k, 50 + k, year) for k in range(3)]
        # two ingests at once
        a = run_cli(root, *ingest_args(srcs[0], month, year), wait=False)
        b = run_cli(root, *ingest_args(srcs[1], month + 1, year), wait=False)
        _wait(a, b)
        # an ingest and a build at once
        c = run_cli(root, *ingest_args(srcs[2], month + 2, year), wait=False)
        d = run_cli(root, "-q", "build", wait=False)
        _wait(c, d)

        periods = set(read_manifest(manifest)["period_label"])
        assert {f"{year}-{m:02d}" for m in range(month, month + 3)} <= periods, f"round {i}"
        assert corpus_is_whole(root) == [], f"round {i}"
        names = [p.name for p in processed.iterdir() if p.name not in ("README.md", ".build.json")]
        assert damaged_files(processed, names) == {}, f"round {i}"
        published = set(read_table("reports", processed)["report_id"])
        assert published <= set(read_manifest(manifest)["report_id"])


def test_concurrent_ingests_and_builds_keep_the_corpus_whole(project_copy, tmp_path):
    _rounds(project_copy, tmp_path, 1)


@pytest.mark.slow
def test_concurrent_ingests_and_builds_many_times(project_copy, tmp_path):
    _rounds(project_copy, tmp_path, 12)
