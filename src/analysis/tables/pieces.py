"""The table-piece cache (``data/cache/pieces``): a run of reports' rows of the facts,
coverage and audit tables, as the build made them, reused while none of those reports changes.

The build cuts the manifest into runs of reports (:func:`runs`) where the reports' own
checksums say (about one report in :data:`RUN_SIZE` ends a run), so a report added or removed
changes only the run it falls in: one new report among a thousand re-makes the pieces of a few
dozen reports and reads the others' pieces here, not each report's entry of the result cache
(:mod:`analysis.tables.results`: with the frames made from them about 0.8 CPU-s for 1,000
reports; their pieces 0.05 s). A run is read from here only while each of its reports has
its result-cache entry (deleting ``data/cache/results`` works every report again).

A piece is keyed by the run's manifest rows (all fields but the local ``path``: the report's
checksum, identity and the fields its rows copy) and the result version
(:func:`analysis.report_work.result_version`: code, libraries, catalog, scope and coverage
rules). A run holding a reviewed report is never stored (its audit follows the reviews). An
entry is a JSON header line (format, key, the reports' figure counts and line counts, the
parts and a checksum of the body), then the parts as Arrow IPC streams (zstd-compressed);
every part's columns and dtypes are checked against the table's. One that fails is ignored
with a warning and its run worked again. Safe to delete; ``--full`` does not read it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..storage import write_unsynced

log = logging.getLogger(__name__)

#: Format of an entry; a change re-makes every piece.
PIECE_FORMAT = 1
#: About one report in this many ends a run (by its checksum); no run is longer than
#: :data:`RUN_MAX` reports (the reports' objects of one run are in memory at once).
RUN_SIZE = 32
RUN_MAX = 256
#: The tables a piece holds parts of, in the order of :class:`Piece`'s fields.
KINDS = ("facts", "coverage", "audit", "coverage_findings")
_STATS = ("lines", "tables", "footnotes")


class PieceError(ValueError):
    """A piece that does not pass its checks (ignored; its run is worked again)."""


@dataclass
class Piece:
    """One run's parts of the tables (each a list of frames, in build order), each report's
    figure count and stats, in manifest order."""

    facts: list[pd.DataFrame] = field(default_factory=list)
    coverage: list[pd.DataFrame] = field(default_factory=list)
    #: a ``str`` is a reviewed report, audited later in its place (such a piece is not stored)
    audit: list[pd.DataFrame | str] = field(default_factory=list)
    coverage_findings: list[pd.DataFrame] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    stats: dict[str, dict[str, int]] = field(default_factory=dict)


def _ends_run(rec: dict) -> bool:
    try:
        return int(str(rec["sha256"])[:8], 16) % RUN_SIZE == 0
    except ValueError:
        return False


def runs(records: Iterable[dict]) -> list[list[dict]]:
    """The manifest records cut into runs where the reports' checksums say (each run ends
    with a report whose checksum's first 32 bits are a multiple of :data:`RUN_SIZE`, or at
    :data:`RUN_MAX` reports): inserting a report changes only the run it joins."""
    out: list[list[dict]] = []
    run: list[dict] = []
    for rec in records:
        run.append(rec)
        if _ends_run(rec) or len(run) >= RUN_MAX:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def run_key(run: list[dict], version: str) -> str:
    """What a run's pieces are a function of: its manifest rows (no ``path``) and ``version``."""
    rows = [{k: v for k, v in rec.items() if k != "path"} for rec in run]
    blob = json.dumps(
        [PIECE_FORMAT, version, rows], ensure_ascii=False, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:40]


def _encode(df: pd.DataFrame) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = io.BytesIO()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _decode(blob: bytes, empty: pd.DataFrame) -> pd.DataFrame:
    import pyarrow as pa

    df = pa.ipc.open_stream(blob).read_all().to_pandas()
    if list(df.columns) != list(empty.columns) or list(df.dtypes) != list(empty.dtypes):
        raise PieceError("a part has other columns or types than its table")
    return df


class PieceCache:
    """Runs' table pieces in ``root/pieces``; ``empty``: an empty frame of each of
    :data:`KINDS` (the columns and dtypes every part must have)."""

    def __init__(self, root: Path, version: str, empty: dict[str, pd.DataFrame]):
        self.root, self.version, self.empty = root / "pieces", version, empty

    def key(self, run: list[dict]) -> str:
        return run_key(run, self.version)

    def _path(self, key: str) -> Path:
        return self.root / f"{key}.arrows"

    def get(self, key: str, run: list[dict]) -> Piece | None:
        """The piece of ``run`` (whose key is ``key``), or ``None`` (absent or invalid)."""
        p = self._path(key)
        if not p.exists():
            return None
        try:
            return self._read(p, key, [str(r["report_id"]) for r in run])
        except (OSError, ValueError, TypeError, KeyError) as exc:  # pyarrow errors are these
            log.warning("table piece %s is invalid (%s): working its reports again", p, exc)
            return None

    def _read(self, p: Path, key: str, ids: list[str]) -> Piece:
        head, newline, body = p.read_bytes().partition(b"\n")
        entry = json.loads(head)
        if not newline or not isinstance(entry, dict) or entry.get("format") != PIECE_FORMAT:
            raise PieceError("not a piece of the current format")
        if entry.get("key") != key:
            raise PieceError("written for other reports or another version")
        if hashlib.sha256(body).hexdigest() != entry.get("body_sha256"):
            raise PieceError("the body does not match its checksum")
        counts, stats = entry.get("counts"), entry.get("stats")
        if not isinstance(counts, list) or len(counts) != len(ids):
            raise PieceError("figure counts do not match the reports")
        if not isinstance(stats, list) or len(stats) != len(ids):
            raise PieceError("stats do not match the reports")
        piece = Piece()
        for n, s, rid in zip(counts, stats, ids, strict=True):
            if type(n) is not int or not isinstance(s, dict) or sorted(s) != sorted(_STATS):
                raise PieceError(f"counts or stats of {rid} are not counts")
            if not all(type(v) is int for v in s.values()):
                raise PieceError(f"stats of {rid} are not counts")
            piece.counts[rid], piece.stats[rid] = n, s
        at = 0
        for kind, size in entry.get("parts", []):
            if kind not in KINDS or type(size) is not int or size < 0:
                raise PieceError("parts are not listed as (table, size)")
            getattr(piece, kind).append(_decode(body[at : at + size], self.empty[kind]))
            at += size
        if at != len(body):
            raise PieceError("the parts do not fill the body")
        if sum(len(f) for f in piece.facts) != sum(counts):
            raise PieceError("the facts do not match the figure counts")
        return piece

    def put(self, key: str, piece: Piece) -> None:
        """Store ``piece`` (atomically, not synced: a torn entry fails its checksum)."""
        blobs, parts = [], []
        for kind in KINDS:
            for df in getattr(piece, kind):
                blobs.append(_encode(df))
                parts.append([kind, len(blobs[-1])])
        body = b"".join(blobs)
        entry = {
            "format": PIECE_FORMAT,
            "key": key,
            "counts": list(piece.counts.values()),
            "stats": list(piece.stats.values()),
            "parts": parts,
            "body_sha256": hashlib.sha256(body).hexdigest(),
        }
        head = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        write_unsynced(self._path(key), head + b"\n" + body)

    def keep_only(self, keys: set[str]) -> None:
        """Remove the pieces of runs this build did not have (stale after any change)."""
        if not self.root.is_dir():
            return
        for p in self.root.glob("*.arrows"):
            if p.stem not in keys:
                p.unlink(missing_ok=True)
