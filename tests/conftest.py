"""Shared fixtures: the real corpus, and isolated copies of the project for write tests."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

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


def shared_dir(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A directory ``make(path)`` fills once per test run. Under pytest-xdist every worker
    asks for it and the first one makes it (the others wait on a lock, then read it), so a
    full build or the executed chapters are made once, not once per worker."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's directory, shared by its workers
    target = base / name
    done = base / f"{name}.done"
    with FileLock(str(base / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            make(target)
            done.touch()
    return target


@contextmanager
def analysis_root(root: Path) -> Iterator[None]:
    """ANALYSIS_ROOT points at ``root`` inside the block (session fixtures: no monkeypatch)."""
    old = os.environ.get("ANALYSIS_ROOT")
    os.environ["ANALYSIS_ROOT"] = str(root)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("ANALYSIS_ROOT")
        else:
            os.environ["ANALYSIS_ROOT"] = old


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The processed tables of a fresh build of the real corpus (in a temporary copy, built
    once per run and read by every worker)."""
    import analysis
    from analysis.pipeline import build

    def make(root: Path) -> None:
        shutil.copytree(paths.project_root() / "data" / "raw", root / "data" / "raw")
        with analysis_root(root):
            result = build(progress=False)
        (root / "tables.json").write_text(json.dumps(sorted(result.tables)), encoding="utf-8")

    root = shared_dir(tmp_path_factory, "built", make)
    with analysis_root(root):
        names = json.loads((root / "tables.json").read_text(encoding="utf-8"))
        tables = {name: analysis.load_table(name) for name in names}
    tables["_root"] = root
    return tables


def _copy_built(built, project: Path, parts: tuple[str, ...]) -> Path:
    """``parts`` of the session's built ``data`` folder copied into ``project``."""
    for part in parts:
        shutil.copytree(built["_root"] / "data" / part, project / "data" / part, symlinks=True)
    return project


@pytest.fixture()
def built_copy(project_copy, built):
    """:func:`project_copy` as its first ``build()`` leaves it: the session build's tables,
    build record and result cache copied in (builds are deterministic: the same bytes a
    build in the copy writes), so a test that starts from a built project does not build."""
    return _copy_built(built, project_copy, ("processed", "cache"))


@pytest.fixture()
def cached_copy(project_copy, built):
    """:func:`project_copy` with the session build's result cache and no tables: the test's
    first build reads the seed reports' results from the cache (the same tables as working
    them again; ``test_build`` checks that) and works only the reports the test adds."""
    return _copy_built(built, project_copy, ("cache",))


@pytest.fixture(scope="session")
def processed_only(tmp_path_factory):
    """A project root holding only ``data/processed`` (a copy of the built tables): a chapter
    that read anything else (raw reports, reference tables) would fail there."""

    def make(root: Path) -> None:
        shutil.copytree(paths.processed_dir(), root / "data" / "processed")

    return shared_dir(tmp_path_factory, "processed-only", make)


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
    from analysis.book.notebooks import NotebookRun, execute_many
    from analysis.book_config import notebook_paths
    from analysis.tables.published import READ_LOG_VAR

    def make(out: Path) -> None:
        def env_for(nb: Path) -> dict[str, str]:
            log = str(out / f"{nb.stem}.reads")
            return {"ANALYSIS_ROOT": str(processed_only), READ_LOG_VAR: log}

        runs = [
            {"path": str(r.path), "seconds": r.seconds, "figures": r.figures, "error": r.error}
            for r in execute_many(notebook_paths(), out, env_for=env_for)
        ]
        (out / "runs.json").write_text(json.dumps(runs), encoding="utf-8")

    out = shared_dir(tmp_path_factory, "executed", make)
    done = {}
    for row in json.loads((out / "runs.json").read_text(encoding="utf-8")):
        run = NotebookRun(Path(row["path"]), row["seconds"], row["figures"], row["error"])
        log = out / f"{run.path.stem}.reads"
        reads = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
        done[run.path.stem] = ExecutedNotebook(run, out / f"{run.path.stem}.ipynb", reads)
    return done
