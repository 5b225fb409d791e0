"""Shared fixtures: the real corpus, and isolated copies of the project for write tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import paths

ROOT = paths.project_root()
REPORTS = ROOT / "data" / "raw" / "reports"


@pytest.fixture(scope="session")
def manifest():
    from analysis.corpus.manifest import load_manifest

    return load_manifest()


@pytest.fixture(scope="session")
def n_reports(manifest) -> int:
    """How many reports the corpus holds (tests derive counts from it, never type them)."""
    return len(manifest)


@pytest.fixture(scope="session")
def report_path(manifest):
    """Path of a report by id: ``report_path('tra-vinh-2023-q3')``."""
    by_id = dict(zip(manifest["report_id"], manifest["path"], strict=True))
    return lambda rid: Path(by_id[rid])


@pytest.fixture()
def project_copy(tmp_path, monkeypatch):
    """A throw-away copy of the project's inputs; ANALYSIS_ROOT points at it."""
    dst = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "raw", dst / "data" / "raw")
    shutil.copy(ROOT / "_quarto.yml", dst / "_quarto.yml")
    monkeypatch.setenv("ANALYSIS_ROOT", str(dst))
    return dst


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The processed tables of a fresh build of the real corpus (in a temporary copy)."""
    import os

    import analysis
    from analysis.pipeline import build

    root = tmp_path_factory.mktemp("built")
    shutil.copytree(paths.project_root() / "data" / "raw", root / "data" / "raw")
    old = os.environ.get("ANALYSIS_ROOT")
    os.environ["ANALYSIS_ROOT"] = str(root)
    try:
        result = build(progress=False)
        tables = {name: analysis.load_table(name) for name in result.tables}
    finally:
        if old is None:
            os.environ.pop("ANALYSIS_ROOT")
        else:
            os.environ["ANALYSIS_ROOT"] = old
    tables["_root"] = root
    tables["_result"] = result
    return tables
