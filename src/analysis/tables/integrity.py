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


#: Libraries whose version can change a published byte (CSV and Parquet writers, the
#: gazetteer's data, YAML rules): part of :func:`source_version`.
_LIBRARIES = ("pandas", "numpy", "pyarrow", "pandera", "pyyaml", "vietnamadminunits")


def build_inputs() -> str:
    """The inputs digest of a build: manifest, reference files, package sources, libraries."""
    return inputs_digest(source_version())


def reports_intact(manifest: Path | None = None) -> bool:
    """Does every file the manifest names still have the checksum it records? (The quick
    test of a build with nothing to do; any doubt — an unreadable manifest, a missing file —
    is False, and the build then validates the manifest in full.)"""
    import csv

    manifest = manifest or paths.manifest_path()
    try:
        with open(manifest, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for fcol, hcol in (("file", "sha256"), ("original_file", "original_sha256")):
                    name, sha = row.get(fcol) or "", row.get(hcol) or ""
                    if (name or sha) and _sha(manifest.parent / name) != sha:
                        return False
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return True


def unchanged_summary(folder: Path | None = None) -> dict | None:
    """The summary of the build in ``folder`` (default ``data/processed``) if a build now
    would have nothing to do: same inputs (:func:`build_inputs`), every published file and
    every report file intact. Light: no table library is imported."""
    folder = folder or paths.processed_dir()
    summary = up_to_date(folder, build_inputs())
    return summary if summary is not None and reports_intact() else None


def up_to_date_message(summary: dict, seconds: float) -> str:
    parts = ", ".join(f"{k}: {v}" for k, v in summary["tables"].items())
    return (
        f"data/processed is up to date: nothing changed since it was built from "
        f"{summary['reports']} reports (checked in {seconds:.2f} s); rows: {parts}"
    )


def source_version() -> str:
    """A digest of every source file of the package and of the libraries' versions: equal
    digests and equal inputs (:func:`inputs_digest`) give byte-identical tables."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    # messages.yaml: the audit's sentences are part of each report's cached result
    for p in sorted(
        [*package.rglob("*.py"), *package.rglob("*.lua"), package / "checks" / "messages.yaml"]
    ):
        h.update(str(p.relative_to(package)).encode() + b"\0" + p.read_bytes())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-".encode())
    return h.hexdigest()


def write_record(folder: Path, inputs: str, summary: dict | None = None) -> None:
    """Record the digest of every file in ``folder`` (written last, before it is published),
    and ``summary`` (what the build reports: rows per table) for a build that finds nothing
    changed (:func:`up_to_date`)."""
    # Dotfiles are no build output: the record itself, and the releases the tables are
    # (.releases.json), which `analysis release` adds to without building again.
    files = {
        p.name: _sha(p)
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }
    write_json(folder / RECORD, {"inputs": inputs, "files": files, "summary": summary or {}})


def up_to_date(folder: Path, inputs: str) -> dict | None:
    """The recorded summary when ``folder`` was built from exactly ``inputs`` and every file
    the record lists is intact (its checksum); ``None`` when the tables must be built."""
    record = _read_record(folder)
    if record is None or record.get("inputs") != inputs or not record.get("summary"):
        return None
    if damaged_files(folder, sorted(record["files"])):
        return None
    return record["summary"]


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
