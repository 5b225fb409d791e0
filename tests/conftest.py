"""Shared fixtures: the real corpus, and isolated copies of the project for write tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
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
    for config in ROOT.glob("_quarto*.yml"):  # the book and its editions' profiles
        shutil.copy(config, dst / config.name)
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


@pytest.fixture(scope="session")
def processed_only(tmp_path_factory):
    """A project root holding only ``data/processed`` (a copy of the built tables): a chapter
    that read anything else (raw reports, reference tables) would fail there."""
    root = tmp_path_factory.mktemp("processed-only")
    shutil.copytree(paths.processed_dir(), root / "data" / "processed")
    return root


@dataclass(frozen=True)
class ExecutedNotebook:
    run: object  # analysis.book.notebooks.NotebookRun
    saved: Path  # the executed copy (.ipynb)
    tables_read: set[str]  # the tables its kernel loaded (analysis.tables.published log)


@pytest.fixture(scope="session")
def executed_notebooks(processed_only, tmp_path_factory) -> dict[str, ExecutedNotebook]:
    """Every chapter executed once, in parallel, on the processed-only copy: the one shared
    set of executed notebooks that every test inspecting outputs reads (by notebook stem).
    Each kernel gets its own read log, so the tables each chapter loads are known."""
    from analysis.book.notebooks import execute_many
    from analysis.book_config import notebook_paths
    from analysis.tables.published import READ_LOG_VAR

    out = tmp_path_factory.mktemp("executed")

    def env_for(nb: Path) -> dict[str, str]:
        return {"ANALYSIS_ROOT": str(processed_only), READ_LOG_VAR: str(out / f"{nb.stem}.reads")}

    done = {}
    for run in execute_many(notebook_paths(), out, env_for=env_for):
        log = out / f"{run.path.stem}.reads"
        reads = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
        done[run.path.stem] = ExecutedNotebook(run, out / f"{run.path.stem}.ipynb", reads)
    return done
