"""The corpus lock: one command at a time changes ``data/raw`` or publishes ``data/processed``.

``ingest``, ``build``, ``review`` (its page, and the decisions it writes to reviews.csv) and
``release`` hold :func:`corpus_lock` while they read and write the corpus, so two commands never
interleave: a second one waits, saying so once, and gives up with :class:`CorpusBusyError` after
:func:`lock_timeout` seconds (``ANALYSIS_LOCK_TIMEOUT``, default 600) having changed nothing.
The lock is an OS file lock (the ``filelock`` library) on ``data/.corpus.lock``: it is released
when its holder exits, however it exits, so a killed command never leaves the corpus locked.
Re-entrant in one thread (``ingest`` then ``build`` in the same command).

Whoever takes the lock first repairs what an interrupted command left
(:func:`recover_interrupted`), so recovering from a crash needs nothing but the next command.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from . import paths
from .storage import recover_dir, recover_journal, sweep_temporaries

log = logging.getLogger(__name__)

TIMEOUT_VAR = "ANALYSIS_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0
_HELD = threading.local()  # lock paths this thread holds -> depth


class CorpusBusyError(RuntimeError):
    """Another command held the corpus lock for longer than the timeout; nothing was changed."""


def lock_path() -> Path:
    """The lock file (beside ``data/raw`` and ``data/processed``; never committed)."""
    return paths.project_root() / "data" / ".corpus.lock"


def lock_timeout() -> float:
    """Seconds to wait for the lock (``ANALYSIS_LOCK_TIMEOUT``; default 600)."""
    raw = os.environ.get(TIMEOUT_VAR, "")
    try:
        return float(raw) if raw.strip() else DEFAULT_TIMEOUT
    except ValueError as exc:
        raise ValueError(f"{TIMEOUT_VAR}={raw!r} is not a number of seconds") from exc


@contextmanager
def corpus_lock(command: str) -> Iterator[None]:
    """Hold the corpus lock for ``command`` (a word for messages: ``"ingest"``, ``"build"``)."""
    path = lock_path()
    held: dict[str, int] = getattr(_HELD, "depth", None) or {}
    _HELD.depth = held
    key = str(path)
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=False, thread_local=False)
    timeout = lock_timeout()
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning(
            "%s: another command is changing the corpus (lock %s); waiting up to %.0f s",
            command,
            path,
            timeout,
        )
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise CorpusBusyError(
                f"{command}: the corpus is still locked by another command after {timeout:.0f} s "
                f"({path}); nothing was changed. Wait for it to finish and run {command} again "
                f"(or raise {TIMEOUT_VAR})"
            ) from exc
    held[key] = 1
    try:
        for what in recover_interrupted():
            log.warning("%s: recovered from an interrupted run: %s", command, what)
        yield
    finally:
        held.pop(key, None)
        lock.release()


def ingest_journal() -> Path:
    """The journal of an ingest's transaction (see :func:`analysis.storage.staged`)."""
    return paths.reports_dir() / ".ingest.journal"


def recover_interrupted() -> list[str]:
    """Undo or finish whatever a killed command left half-done (call it holding the lock): an
    ingest's files without their manifest row, temporary files, a half-published build."""
    done = recover_journal(ingest_journal())
    for folder in (paths.reports_dir(), paths.cache_dir() / "extract"):
        done += sweep_temporaries(folder)
    return done + recover_dir(paths.processed_dir())
