"""Atomic, deterministic writes: a file is either the old version or the complete new one.

The one transactional-write helper of the project (ground floor). Every file goes to a
temporary file in the same directory and is then renamed over the target (``os.replace`` is
atomic on POSIX), so an interrupted build never leaves a half-written file; :func:`staged`
makes several files one transaction (the build's publish, an ingest's report and manifest).
CSVs are written with fixed column order, ``\\n`` line ends and round-trip float text (every
digit kept) so that two builds from the same inputs are byte-identical.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is needed only to write tables (keeps the lock and cache light)
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
def staged(
    verify: Callable[[], object] | None = None, *, journal: Path | None = None
) -> Iterator[None]:
    """Stage every write of the block; rename them all into place only if the block succeeds.

    The renames run in the order of the writes, then ``verify()`` (when given) checks the
    result. If a rename or ``verify`` fails — or is interrupted — every file already renamed
    is put back as it was (an overwritten file gets its previous content back, a new file is
    removed) and the error propagates: the files are either all old or all new. A build that
    fails half-way through publishing leaves every published file as it was; ingest uses the
    same transaction for a report and its manifest row.

    ``journal``: a file naming every target and its backup, written before the first rename
    and removed when the transaction is complete (its commit point). If the process dies in
    between (``kill -9``, power loss), :func:`recover_journal` undoes the renames.
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
    _commit(pending, verify, journal)


def _commit(
    pending: list[_Pending], verify: Callable[[], object] | None, journal: Path | None
) -> None:
    """Rename ``pending`` into place, keeping a hard-link backup of each file replaced, and
    undo every rename if any step (or ``verify``) fails."""
    backups: list[tuple[Path, Path | None]] = []  # (target, backup of the previous file)
    try:
        for p in pending:
            _refuse_existing(p.target, p.new)
            backups.append((p.target, _backup(p.target) if p.target.exists() else None))
        if journal is not None:
            _write_journal(journal, backups)
        done = 0
        try:
            for p in pending:
                done += 1
                os.replace(p.tmp, p.target)
            if verify is not None:
                verify()
        except BaseException:
            _undo(backups[:done])
            raise
        finally:
            if journal is not None:
                journal.unlink(missing_ok=True)  # the commit point (or the undo is complete)
    finally:
        for p in pending:
            p.tmp.unlink(missing_ok=True)
        for _, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(done):
        if backup is not None:
            os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)


def _write_journal(journal: Path, backups: list[tuple[Path, Path | None]]) -> None:
    def rel(p: Path) -> str:
        return os.path.relpath(p, journal.parent)

    entries = [{"target": rel(t), "backup": rel(b) if b else None} for t, b in backups]
    write_json(journal, {"renames": entries})


def recover_journal(journal: Path) -> list[str]:
    """Undo the transaction of a process that died between its first rename and its commit
    point (see :func:`staged`): restore each replaced file, remove each new one."""
    if not journal.exists():
        return []
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["renames"]
    except (OSError, ValueError, KeyError, TypeError):
        entries = []  # written atomically: unreadable means no rename had happened yet
    base = journal.parent
    undone = []
    for e in reversed(entries):
        target = base / e["target"]
        backup = base / e["backup"] if e["backup"] else None
        if backup is not None and backup.exists():
            os.replace(backup, target)
            undone.append(f"restored {target.name}")
        elif backup is None and target.exists():
            target.unlink()
            undone.append(f"removed {target.name} (written by an interrupted transaction)")
    journal.unlink(missing_ok=True)
    return undone


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


def write_unsynced(target: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, or bytes as they are) to ``target`` atomically (a rename: readers
    see the old file or the new one) without waiting for the disk (no fsync). Only for files
    that check themselves when read, such as the extraction cache: after a crash an entry may
    be empty or torn, fails its checksum and is rebuilt; an fsync per entry cost 6-12% of a
    build's per-report work."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(target: Path, obj: Any) -> None:
    """``obj`` as indented JSON, written as it is encoded (the text of a large descriptor is
    never held whole)."""
    with atomic_open(target, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2, sort_keys=False)
        fh.write("\n")


#: A text cell a spreadsheet would run as a formula (OWASP, "CSV injection"): one that begins
#: with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, after any apostrophes.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
#: The same test for :func:`restore_cell`, as a pattern other readers (polars) can apply.
RESTORE_PATTERN = r"^'('*[=+\-@\t\r])"


def neutralise_cell(value: object) -> object:
    """``'`` before a text cell that would start a formula (``=1+1`` -> ``'=1+1``); a cell
    already beginning with apostrophes and then such a sign gets one more, so that
    :func:`restore_cell` gives back exactly the original text."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def restore_cell(value: object) -> object:
    """The text :func:`neutralise_cell` was given (the published CSVs' loaders apply it)."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value[1:]):
        return value[1:]
    return value


#: Every character a cell :func:`neutralise_cell` changes can begin with.
_FORMULA_FIRST = ("'", "=", "+", "-", "@", "\t", "\r")


def any_cell_starts(column: pd.Series, chars: tuple[str, ...]) -> bool:
    """Whether a text cell of ``column`` may begin with one of ``chars`` (True when the column
    is not text the ``.str`` accessor reads): a column with none is left as it is, without a
    per-cell pass (most columns of a large table)."""
    try:
        first = column.str[:1]
    except (AttributeError, TypeError):
        return True
    return bool(first.isin(chars).any())


def write_csv(target: Path, df: pd.DataFrame) -> None:
    """Write ``df`` as UTF-8 CSV, deterministically, text cells neutralised against formula
    injection (:func:`neutralise_cell`)."""
    import pandas as pd

    text_cols = [
        c
        for c in df.columns
        if not pd.api.types.is_numeric_dtype(df[c]) and any_cell_starts(df[c], _FORMULA_FIRST)
    ]
    if text_cols:
        df = df.copy()
        for c in text_cols:
            df[c] = df[c].map(neutralise_cell, na_action="ignore")
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


# --- publishing a directory at once, and recovering from an interrupted one --------------------

_TEMPORARY = re.compile(r"^\..+\.(?:[A-Za-z0-9_]{8}\.tmp|[0-9a-f]{12}\.bak)$")


def staging_dir(target: Path) -> Path:
    """Where the next version of ``target`` is built (a hidden sibling)."""
    return target.with_name(f".{target.name}.new")


def _retired_dir(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


@contextmanager
def replaced_dir(target: Path, *, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield an empty staging folder; when the block succeeds, it replaces ``target`` at once.

    Readers of ``target`` see the old folder or the new one, never a mix: on Linux the two are
    exchanged with one ``renameat2(RENAME_EXCHANGE)``; elsewhere with two renames, and a crash
    between them is undone by :func:`recover_dir`. Files named in ``keep`` (a tracked README)
    are copied over from the old folder. If the block fails, ``target`` is untouched.
    """
    recover_dir(target)
    new = staging_dir(target)
    new.mkdir(parents=True)
    try:
        for name in keep:
            if (target / name).is_file():
                shutil.copy2(target / name, new / name)
        yield new
        _fsync_dir(new)
        _swap(new, target)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after a swap: the old version
        shutil.rmtree(_retired_dir(target), ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
    elif not _exchange(new, target):
        old = _retired_dir(target)
        os.replace(target, old)
        os.replace(new, target)  # a crash between the renames: recover_dir puts ``old`` back
    _fsync_dir(target.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover_dir(target: Path) -> list[str]:
    """Undo an interrupted :func:`replaced_dir` (and remove the temporary files an interrupted
    write left in ``target``); what was cleaned up, for the log. Call it under the corpus lock.
    """
    cleaned = []
    old, new = _retired_dir(target), staging_dir(target)
    if old.exists() and not target.exists():
        os.replace(old, target)  # interrupted between the two renames: the old version stays
        cleaned.append(f"restored {target.name} from an interrupted publish")
    for leftover in (new, old):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)
            cleaned.append(f"removed {leftover.name}")
    return cleaned + sweep_temporaries(target)


def sweep_temporaries(folder: Path) -> list[str]:
    """Remove the temporary and backup files (``.NAME.XXXXXXXX.tmp``, ``.NAME.HEX.bak``) that an
    interrupted write left in ``folder``; their names, for the log. Only under the corpus lock:
    a running writer's temporaries look the same."""
    if not folder.is_dir():
        return []
    removed = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and _TEMPORARY.match(p.name):
            p.unlink(missing_ok=True)
            removed.append(f"removed {p.name}")
    return removed
