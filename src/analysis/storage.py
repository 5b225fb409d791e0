"""Atomic, deterministic writes: a file is either the old version or the complete new one.

Every table goes to a temporary file in the same directory and is then renamed over the
target (``os.replace`` is atomic on POSIX), so an interrupted build never leaves a half-written
file. CSVs are written with fixed column order, ``\\n`` line ends and round-trip float text
(every digit kept) so that two builds from the same inputs are byte-identical.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

import pandas as pd

# Inside ``staged()``: (temporary, target) pairs renamed together when the block succeeds.
_STAGE: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("_STAGE", default=None)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success."""
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
            os.replace(tmp_path, target)
        else:
            pending.append((tmp_path, target))
            keep = True
    finally:
        if not keep:
            tmp_path.unlink(missing_ok=True)


@contextmanager
def staged() -> Iterator[None]:
    """Stage every write of the block; rename them all into place only if the block succeeds.

    A build that fails half-way through publishing leaves every published file as it was
    (the renames themselves are quick and each is atomic).
    """
    pending: list[tuple[Path, Path]] = []
    token = _STAGE.set(pending)
    try:
        yield
        _STAGE.reset(token)
        token = None
        while pending:
            tmp, target = pending.pop(0)
            os.replace(tmp, target)
    finally:
        if token is not None:
            _STAGE.reset(token)
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_open(target: Path, mode: str = "w", **kw: Any) -> Iterator[IO[Any]]:
    with atomic_path(target) as tmp, open(tmp, mode, **kw) as fh:
        yield fh


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_open(target, "wb") as fh:
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
