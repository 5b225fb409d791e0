"""Atomic, deterministic writes: a file is either the old version or the complete new one.

The one transactional-write helper of the project (ground floor). Every file goes to a
temporary file in the same directory and is then renamed over the target (``os.replace`` is
atomic on POSIX), so an interrupted build never leaves a half-written file; :func:`staged`
makes several files one transaction (the build's publish, an ingest's report and manifest).
CSVs are written with fixed column order, ``\\n`` line ends and round-trip float text (every
digit kept) so that two builds from the same inputs are byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd


@dataclass(frozen=True)
class _Pending:
    """A write staged by :func:`staged`: ``tmp`` is renamed onto ``target`` at the end."""

    tmp: Path
    target: Path
    new: bool  # the target must not exist yet (refuse rather than overwrite)


# Inside ``staged()``: the writes renamed together when the block succeeds.
_STAGE: ContextVar[list[_Pending] | None] = ContextVar("_STAGE", default=None)


@contextmanager
def atomic_path(target: Path, *, new: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    ``new``: ``target`` must not exist when the rename happens (:class:`FileExistsError`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    pending = _STAGE.get()
    keep = False
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)  # mkstemp makes 0600; published files are world-readable
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        if pending is None:
            _refuse_existing(target, new)
            os.replace(tmp_path, target)
        else:
            pending.append(_Pending(tmp_path, target, new))
            keep = True
    finally:
        if not keep:
            tmp_path.unlink(missing_ok=True)


def _refuse_existing(target: Path, new: bool) -> None:
    if new and target.exists():
        raise FileExistsError(f"{target} appeared while it was being written")


@contextmanager
def staged(verify: Callable[[], object] | None = None) -> Iterator[None]:
    """Stage every write of the block; rename them all into place only if the block succeeds.

    The renames run in the order of the writes, then ``verify()`` (when given) checks the
    result. If a rename or ``verify`` fails — or is interrupted — every file already renamed
    is put back as it was (an overwritten file gets its previous content back, a new file is
    removed) and the error propagates: the files are either all old or all new. A build that
    fails half-way through publishing leaves every published file as it was; ingest uses the
    same transaction for a report and its manifest row.
    """
    pending: list[_Pending] = []
    token = _STAGE.set(pending)
    try:
        yield
    except BaseException:
        _STAGE.reset(token)
        for p in pending:
            p.tmp.unlink(missing_ok=True)
        raise
    _STAGE.reset(token)
    _commit(pending, verify)


def _commit(pending: list[_Pending], verify: Callable[[], object] | None) -> None:
    """Rename ``pending`` into place, keeping a hard-link backup of each file replaced, and
    undo every rename if any step (or ``verify``) fails."""
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the previous file)
    try:
        for p in pending:
            _refuse_existing(p.target, p.new)
            backup = _backup(p.target) if p.target.exists() else None
            done.append((p.target, backup))
            os.replace(p.tmp, p.target)
        if verify is not None:
            verify()
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for p in pending:
            p.tmp.unlink(missing_ok=True)
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(target: Path) -> Path:
    """A second name for ``target``'s current content (a hard link; a copy where links fail)."""
    backup = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.bak")
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


@contextmanager
def atomic_open(target: Path, mode: str = "w", **kw: Any) -> Iterator[IO[Any]]:
    with atomic_path(target) as tmp, open(tmp, mode, **kw) as fh:
        yield fh


def write_bytes(target: Path, data: bytes, *, new: bool = False) -> None:
    """Write ``data`` to ``target`` atomically (``new``: refuse to replace an existing file)."""
    with atomic_path(target, new=new) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


def write_text(target: Path, text: str) -> None:
    with atomic_open(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def write_json(target: Path, obj: Any) -> None:
    write_text(target, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def write_csv(target: Path, df: pd.DataFrame) -> None:
    """Write ``df`` as UTF-8 CSV, deterministically."""
    with atomic_open(target, "w", encoding="utf-8", newline="") as fh:
        df.to_csv(fh, index=False, lineterminator="\n")  # floats round-trip (repr)


def write_parquet(target: Path, df: pd.DataFrame) -> None:
    """Write ``df`` as Parquet (no index, no pandas metadata that varies between runs)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata(None)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")
