"""The build record (``data/processed/.build.json``): what each published file must hash to.

Every build writes, beside the tables, the SHA-256 of each file it published and a digest of
the inputs it was built from (:func:`inputs_digest`). The next build checks the files against
it (:func:`damaged_files`) before comparing with them: a truncated or edited table is named
and rebuilt from ``data/raw`` rather than read (``data/processed`` is derived).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import paths
from ..storage import write_json

RECORD = ".build.json"


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def inputs_digest(code_version: str) -> str:
    """A digest of everything a build reads from ``data/raw`` besides the report files (the
    manifest checks those) and of the extraction code: equal digests, equal tables."""
    h = hashlib.sha256(code_version.encode())
    files = [paths.manifest_path(), *sorted(paths.reference_dir().glob("*"))]
    for p in files:
        if p.is_file():
            h.update(p.name.encode() + b"\0" + _sha(p).encode())
    return h.hexdigest()


def write_record(folder: Path, inputs: str) -> None:
    """Record the digest of every file in ``folder`` (written last, before it is published)."""
    files = {p.name: _sha(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != RECORD}
    write_json(folder / RECORD, {"inputs": inputs, "files": files})


def recorded_inputs(folder: Path) -> str | None:
    """The inputs digest of the build in ``folder`` (``None``: no readable record)."""
    record = _read_record(folder)
    return record.get("inputs") if record else None


def _read_record(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("files"), dict) else None


def damaged_files(folder: Path, names: list[str]) -> dict[str, str]:
    """Which of ``names`` in ``folder`` do not match the build record, and why.

    Without a readable record (a build by an older version, or the record itself damaged),
    every existing file is suspect: the caller then tries to read them.
    """
    record = _read_record(folder)
    if record is None:
        return {}
    out = {}
    for name in names:
        p = folder / name
        expected = record["files"].get(name)
        if not p.exists():
            out[name] = "missing"
        elif expected is None:
            out[name] = "not in the build record"
        elif _sha(p) != expected:
            out[name] = "checksum differs from the build that wrote it (truncated or edited)"
    return out


def has_record(folder: Path) -> bool:
    return _read_record(folder) is not None
