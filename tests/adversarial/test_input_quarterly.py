"""The README's quarterly update, step by step through the command line and the Makefile, on a
temporary copy of the project (D10: after any ordinary ingest, ``make data`` failed because the
new report's ``scope_rules_missing`` row, about the report as a whole (line 0), had no quote
and the data package required one; a post-merger report's ``post_merger_report`` row too)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pandas as pd
import pytest
from input_helpers import REPORT, cli, write

from analysis import paths

ROOT = paths.project_root()
REPORT_ID = "an-giang-2026-q1"


def _reuse_cache(project) -> None:
    """Start from the extraction cache of the working tree, if built (only the new report is
    then extracted, as in a real drop)."""
    cache = ROOT / "data" / "cache"  # paths.cache_dir() points at the copy by now
    if cache.is_dir():
        shutil.copytree(cache, project / "data" / "cache")


@pytest.fixture()
def project(project_copy):
    """The copy with the Makefile and the project's own virtual environment."""
    _reuse_cache(project_copy)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, project_copy / name)
    (project_copy / ".venv").symlink_to(ROOT / ".venv")
    return project_copy


def make(project, target: str) -> subprocess.CompletedProcess:
    """``make TARGET`` in the copy (the venv is taken as installed: it is the project's own)."""
    return subprocess.run(
        ["make", "-C", str(project), target, "-o", ".venv/.installed-stamp", "-o", "install"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ANALYSIS_ROOT": str(project)},
    )


def _read(project, name: str) -> pd.DataFrame:
    return pd.read_csv(project / "data" / "processed" / name, dtype="string", keep_default_na=False)


def test_after_an_ingest_the_data_package_validates(project_copy, tmp_path):
    """D10, fast: the build with ``--check-package`` (what ``make data`` runs) after an ingest
    of a post-merger report, whose report-level findings have no line and no quote."""
    from analysis.ingest import ingest
    from analysis.pipeline import build

    _reuse_cache(project_copy)
    src = write(tmp_path / "bao-cao-q1-2026.txt", REPORT)
    ingest(src, province="An Giang", period="2026-Q1", issuer="Sở Nội vụ tỉnh An Giang")
    build(progress=False, check_package=True)
    audit = _read(project_copy, "audit.csv")
    mine = audit[audit["report_id"] == REPORT_ID]
    assert {"scope_rules_missing", "post_merger_report"} <= set(mine["check"])


@pytest.mark.slow
def test_quarterly_steps_through_the_cli_and_make_data(project, tmp_path):
    # 1. Ingest (which rebuilds), then the data package validates: `make data`.
    src = write(tmp_path / "bao-cao-q1-2026.txt", REPORT)
    flags = ["--province", "An Giang", "--period", "2026-Q1", "--issuer", "Sở Nội vụ tỉnh An Giang"]
    res = cli("ingest", str(src), *flags, "-q")
    assert res.returncode == 0, res.stderr
    res = make(project, "data")
    assert res.returncode == 0, res.stdout + res.stderr
    # 2. Check: the drop's changes name the new report and its figures.
    changes = _read(project, "changes.csv")
    assert "new_report" in set(changes.loc[changes["report_id"] == REPORT_ID, "change"])
    audit = _read(project, "audit.csv")
    warn = audit[(audit["report_id"] == REPORT_ID) & (audit["check"] == "scope_rules_missing")]
    assert len(warn) == 1 and warn["line"].iloc[0] == "0"  # about the report as a whole
    # 3. Review: reject one figure, give the report its scope rules, rebuild.
    facts = _read(project, "facts.csv")
    fig = facts[(facts["report_id"] == REPORT_ID) & facts["quote"].str.contains("1.250")].iloc[0]
    with open(project / "data/raw/reference/reviews.csv", "a", encoding="utf-8", newline="") as fh:
        review = [REPORT_ID, fig["line"], fig["quote"], "reject", "", "", "", "", ""]
        csv.writer(fh, lineterminator="\n").writerow(
            [*review, "a test of the review step", "test", "2026-12-01"]
        )
    scopes = project / "data/raw/reference/scopes.yaml"
    text = scopes.read_text(encoding="utf-8")
    rule = f'  {REPORT_ID}:\n    - {{lines: "1-6", scope: province, why: "test"}}\n'
    scopes.write_text(text.replace("\ncues:", "\n" + rule + "\ncues:", 1), encoding="utf-8")
    res = cli("build", "-q")
    assert res.returncode == 0, res.stderr
    # 4. Publish needs `make data` green again (notebooks and book follow it; slow test below).
    res = make(project, "data")
    assert res.returncode == 0, res.stdout + res.stderr
    audit = _read(project, "audit.csv")
    assert not ((audit["report_id"] == REPORT_ID) & (audit["check"] == "scope_rules_missing")).any()
    facts = _read(project, "facts.csv")
    rejected = facts[(facts["report_id"] == REPORT_ID) & (facts["line"] == fig["line"])]
    assert set(rejected["status"]) == {"rejected"}, rejected[["quote", "status"]]


@pytest.mark.slow
def test_after_an_ingest_make_notebooks_runs(project, tmp_path):
    """The chapters execute on the tables of a corpus with one more report."""
    for d in ("notebooks", "book"):
        shutil.copytree(ROOT / d, project / d)
    shutil.copy2(ROOT / "index.qmd", project / "index.qmd")
    src = write(tmp_path / "bao-cao-q1-2026.txt", REPORT)
    flags = ["--province", "An Giang", "--period", "2026-Q1", "--issuer", "Sở Nội vụ tỉnh An Giang"]
    assert cli("ingest", str(src), *flags, "--no-build", "-q").returncode == 0
    res = make(project, "notebooks")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
