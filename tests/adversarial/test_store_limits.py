"""D25: inputs over the documented size limits are refused with a clear message."""

from __future__ import annotations

import pytest
from store_helpers import corpus_is_whole, ingest_args, run_cli, write_report

from analysis.corpus.limits import TooLargeError
from analysis.corpus.manifest import read_manifest
from analysis.pipeline import build


def _big_report(folder, megabytes: float):
    path = write_report(folder, 2)
    line = "- Tỷ lệ hồ sơ trực tuyến đạt 80%.\n"
    copies = int(megabytes * 1_000_000 / len(line.encode())) + 1
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line * copies)
    return path


def test_ingest_refuses_a_text_over_the_limit(project_copy, tmp_path):
    src = _big_report(tmp_path, 0.3)
    manifest = project_copy / "data/raw/reports/manifest.csv"
    before = manifest.read_bytes()
    res = run_cli(project_copy, *ingest_args(src, 2), env={"ANALYSIS_MAX_TEXT_MB": "0.2"})
    assert res.returncode == 2, res.stderr
    assert (
        str(src) in res.stderr and "over the limit of 0.2 MB (ANALYSIS_MAX_TEXT_MB)" in res.stderr
    )
    assert manifest.read_bytes() == before and corpus_is_whole(project_copy) == []


def test_ingest_refuses_a_file_over_the_limit_before_reading_it(project_copy, tmp_path):
    src = _big_report(tmp_path, 0.3)
    res = run_cli(project_copy, *ingest_args(src, 2), env={"ANALYSIS_MAX_FILE_MB": "0.1"})
    assert res.returncode == 2 and "(ANALYSIS_MAX_FILE_MB)" in res.stderr, res.stderr


def test_the_default_limit_refuses_a_huge_text(project_copy, tmp_path):
    src = _big_report(tmp_path, 10.5)  # over the 10 MB default; 200 MB was accepted before
    res = run_cli(project_copy, *ingest_args(src, 2))
    assert res.returncode == 2 and "over the limit of 10 MB" in res.stderr, res.stderr


def test_build_refuses_a_manifest_report_over_the_limit(project_copy, monkeypatch):
    monkeypatch.setenv("ANALYSIS_MAX_TEXT_MB", "0.05")
    ids = "|".join(read_manifest(project_copy / "data/raw/reports/manifest.csv")["report_id"])
    with pytest.raises(TooLargeError, match=rf"text of report ({ids}) is .* 0\.05 MB"):
        build(progress=False)  # some of the corpus's reports are over 0.05 MB
    assert not (project_copy / "data/processed").exists()
