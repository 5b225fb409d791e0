"""D1: ingest and build hold the corpus lock; a second command waits, then fails clearly."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import pytest
from store_helpers import corpus_is_whole, ingest_args, run_cli, write_report

from analysis import ingest as ingest_mod
from analysis.corpus.manifest import read_manifest
from analysis.ingest import ingest
from analysis.locks import CorpusBusyError, corpus_lock, lock_path
from analysis.pipeline import build


@contextlib.contextmanager
def _lock_held_by_another_thread() -> Iterator[None]:
    """Hold the corpus lock in a second thread for the duration of the block."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with corpus_lock("test"):
            held.set()
            done.wait(timeout=30)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(timeout=10)
        yield
    finally:
        done.set()
        t.join()


def test_two_ingests_racing_on_the_manifest_keep_both_rows(project_copy, tmp_path, monkeypatch):
    """Ingest A reads the manifest and pauses before writing it; ingest B runs meanwhile.
    Without a lock B's row is lost when A writes its stale manifest (the D1 attack)."""
    a_read, b_done = threading.Event(), threading.Event()
    real_with_row = ingest_mod.with_row

    def slow_with_row(manifest, row):
        out = real_with_row(manifest, row)  # A has read the manifest it will write back
        if row["period_label"] == "2025-02":
            a_read.set()
            b_done.wait(timeout=2)  # with the lock, B cannot finish meanwhile
        return out

    monkeypatch.setattr(ingest_mod, "with_row", slow_with_row)
    kw = {"province": "An Giang", "issuer": "Sở TT&TT tỉnh An Giang"}
    errors: list[BaseException] = []

    def a() -> None:
        try:
            ingest(write_report(tmp_path, 2), period="2025-02", **kw)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=a)
    t.start()
    assert a_read.wait(timeout=30)
    ingest(write_report(tmp_path, 3), period="2025-03", **kw)
    b_done.set()
    t.join()
    assert not errors
    periods = set(read_manifest(project_copy / "data/raw/reports/manifest.csv")["period_label"])
    assert {"2025-02", "2025-03"} <= periods
    assert corpus_is_whole(project_copy) == []


def test_a_held_lock_makes_ingest_wait_then_fail_clearly(project_copy, tmp_path):
    src = write_report(tmp_path, 2)
    before = (project_copy / "data/raw/reports/manifest.csv").read_bytes()
    with corpus_lock("test"):
        started = time.monotonic()
        res = run_cli(project_copy, *ingest_args(src, 2), env={"ANALYSIS_LOCK_TIMEOUT": "1"})
    assert time.monotonic() - started >= 1
    assert res.returncode == 4, res.stderr
    assert "waiting" in res.stderr and "still locked" in res.stderr
    assert "nothing was changed" in res.stderr and str(lock_path()) in res.stderr
    assert (project_copy / "data/raw/reports/manifest.csv").read_bytes() == before
    assert corpus_is_whole(project_copy) == []


def test_build_takes_the_lock_too(project_copy, monkeypatch):
    """A build while another thread holds the lock waits, then fails with nothing changed."""
    monkeypatch.setenv("ANALYSIS_LOCK_TIMEOUT", "0.5")
    with (
        _lock_held_by_another_thread(),
        pytest.raises(CorpusBusyError, match="build: the corpus is still locked"),
    ):
        build(progress=False)
    assert not (project_copy / "data/processed").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["an-giang-2023-q1"],  # the review page
        ["an-giang-2023-q1", "--line", "3", "--quote", "80%", "--action", "reject"],
    ],
    ids=["page", "decision"],
)
def test_review_takes_the_lock_too(project_copy, args):
    """A review (its page, or a decision written to reviews.csv) waits for the lock like
    ingest and build, then fails with exit 4 having changed nothing."""
    reviews = project_copy / "data/raw/reference/reviews.csv"
    before = reviews.read_bytes()
    with corpus_lock("test"):
        res = run_cli(
            project_copy,
            "review",
            *args,
            "--reason",
            "a test",
            "--no-build",
            env={"ANALYSIS_LOCK_TIMEOUT": "0.5"},
        )
    assert res.returncode == 4, res.stderr
    assert "review: the corpus is still locked" in res.stderr and "waiting" in res.stderr
    assert reviews.read_bytes() == before
    assert not (project_copy / "_build").exists()


def test_a_release_takes_the_lock_too(built, project_copy, tmp_path, monkeypatch):
    """A release reads every table, their bytes and the manifest: a build publishing in
    between would zip two publishes. It waits for the lock, then fails having written nothing."""
    import shutil

    from analysis.release import make_release

    shutil.copytree(built["_root"] / "data" / "processed", project_copy / "data" / "processed")
    monkeypatch.setenv("ANALYSIS_LOCK_TIMEOUT", "0.5")
    with (
        _lock_held_by_another_thread(),
        pytest.raises(CorpusBusyError, match="release: the corpus is still locked"),
    ):
        make_release(tmp_path / "releases", "1.0")
    assert not (tmp_path / "releases").exists()
