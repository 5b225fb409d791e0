"""The corpus manifest: one row per report, validated on every load.

Columns (a data contract, see DESIGN.md): ``report_id, province, period_label, period_start,
period_end, issuer, title, doc_type, file, sha256`` plus ``source_name`` (the file name as
received). ``file`` is the UTF-8 text the reader parses and ``sha256`` its checksum. When that
text was converted from a Word or PDF original (``python -m analysis ingest``), the optional
``original_file`` and ``original_sha256`` name the original kept byte-for-byte beside it; blank
means ``file`` is itself the original. The optional ``source_url`` is where the issuer published
the report (an http(s) address; blank when unknown); data releases cite it. A missing file, a
wrong checksum, an unknown province, a bad date or a duplicate id stops the build with an error
naming the row and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from .. import paths
from ..schemas import records
from .periods import PeriodError, check_not_future, parse_period
from .provinces import canonical_province

COLUMNS = [
    "report_id",
    "province",
    "period_label",
    "period_start",
    "period_end",
    "issuer",
    "title",
    "doc_type",
    "file",
    "sha256",
    "source_name",
    "original_file",
    "original_sha256",
    "language",
    "source_url",
]
REQUIRED = COLUMNS[:10]
OPTIONAL = COLUMNS[10:]
DOC_TYPES = {"report", "plan", "decision", "dispatch", "other"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ManifestError(ValueError):
    """The manifest is invalid; the message lists every problem with its row."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path | None = None) -> pd.DataFrame:
    """Read the manifest CSV as strings, without validating it."""
    path = path or paths.manifest_path()
    if not path.exists():
        raise ManifestError(f"{path}: manifest not found")
    try:
        return pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8") from exc
    except pd.errors.ParserError as exc:
        raise ManifestError(f"{path}: not a readable CSV ({exc})") from exc


def validate_manifest(
    df: pd.DataFrame, *, reports_dir: Path, source: str = "manifest.csv", check_files: bool = True
) -> list[str]:
    """Every problem in ``df`` as a message naming its row (2-based, as in a spreadsheet)."""
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        hint = ""
        if len(df.columns) == 1 and ";" in str(df.columns[0]):
            hint = (
                "; the file is separated by ';' (as spreadsheets save CSV in some locales): "
                "save it as comma-separated CSV (UTF-8)"
            )
        return [f"{source}: missing column(s) {', '.join(missing)}{hint}"]
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(records(df), start=2):
        where = f"{source} row {i} (report_id={row['report_id'] or '?'})"
        problems += _check_text(row, where, seen, i)
        period_problems, post_merger = _check_period(row, where)
        problems += period_problems
        problems += _check_names(row, where, post_merger)
        url = str(row.get("source_url") or "")
        if url and not re.fullmatch(r"https?://\S+", url):
            problems.append(f"{where}: source_url {url!r} is not an http(s) address")
        checks = [("file", "sha256")]
        if row.get("original_file") or row.get("original_sha256"):
            checks.append(("original_file", "original_sha256"))
        if row.get("language") and row["language"] not in ("vi", "en"):
            problems.append(f"{where}: language {row['language']!r} is not vi or en")
        for fcol, hcol in checks:
            problems += _check_file(row, fcol, hcol, where, reports_dir, check_files)
    return problems


def _check_text(row: dict, where: str, seen: dict[str, int], i: int) -> list[str]:
    """Required fields filled without stray spaces; a well-formed, unique report id."""
    out = []
    for col in REQUIRED:
        if not str(row[col]).strip():
            out.append(f"{where}: {col} is empty")
        elif str(row[col]) != str(row[col]).strip():
            out.append(f"{where}: {col} {row[col]!r} has leading or trailing spaces")
    rid = row["report_id"]
    if rid and not _ID_RE.match(rid):
        out.append(f"{where}: report_id must be lower-case words joined by '-'")
    if rid in seen:
        out.append(f"{where}: duplicate report_id, first used in row {seen[rid]}")
    seen.setdefault(rid, i)
    return out


def _check_period(row: dict, where: str) -> tuple[list[str], bool]:
    """The period label parses and its dates match; also whether it is post-merger."""
    try:
        period = parse_period(row["period_label"])
        check_not_future(period)
    except PeriodError as exc:
        return [f"{where}: {exc}"], False
    out = []
    for col, expected in (("period_start", period.start), ("period_end", period.end)):
        try:
            got = date.fromisoformat(row[col])
        except ValueError:
            out.append(f"{where}: {col} {row[col]!r} is not a date (YYYY-MM-DD)")
            continue
        if got != expected:
            out.append(
                f"{where}: {col} {got} does not match period_label "
                f"{row['period_label']!r} (expected {expected})"
            )
    return out, period.post_merger


def _check_names(row: dict, where: str, post_merger: bool) -> list[str]:
    """The province as the gazetteer writes it (in the period's geography); a known doc type."""
    out = []
    if row["province"]:
        try:
            canon = canonical_province(row["province"], post_merger=post_merger)
            if canon != row["province"]:
                out.append(f"{where}: write the province as {canon!r}")
        except ValueError as exc:
            out.append(f"{where}: {exc}")
    if row["doc_type"] and row["doc_type"] not in DOC_TYPES:
        out.append(f"{where}: doc_type {row['doc_type']!r} not in {sorted(DOC_TYPES)}")
    return out


def _check_file(
    row: dict, fcol: str, hcol: str, where: str, reports_dir: Path, check_files: bool
) -> list[str]:
    name = row.get(fcol) or ""
    if not re.fullmatch(r"[0-9a-f]{64}", row.get(hcol) or ""):
        return [f"{where}: {hcol} must be 64 lower-case hex digits"]
    if not name:
        return [f"{where}: {fcol} is empty"] if fcol != "file" else []
    outside = _outside(name, reports_dir)
    if outside:
        return [f"{where}: {fcol} {name!r} {outside}"]
    if not check_files:
        return []
    f = reports_dir / name
    if not f.is_file():
        return [f"{where}: {fcol} {name!r} not found in {reports_dir}"]
    if sha256_of(f) != row[hcol]:
        return [
            f"{where}: checksum mismatch for {name!r}: the file is not the one "
            "recorded (raw reports must never be edited; ingest a new version instead)"
        ]
    return []


def _outside(name: str, reports_dir: Path) -> str:
    """Why ``name`` is not a file of the reports folder (empty when it is one)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if "\\" in name or name.startswith("/") or ":" in name or ".." in parts:
        return "must be a file name in data/raw/reports (no folders above it, no absolute path)"
    if len(parts) == 1 and not (reports_dir / name).is_symlink():
        return ""  # a plain file name, not a link: in the folder (resolving 1,000 took 0.1 s)
    target = (reports_dir / name).resolve()
    if not target.is_relative_to(reports_dir.resolve()):
        return "points outside data/raw/reports (through a link)"
    return ""


def load_manifest(path: Path | None = None, *, check_files: bool = True) -> pd.DataFrame:
    """Load and validate the manifest; raise :class:`ManifestError` listing every problem.

    Adds derived columns ``path`` (absolute file path) and ``post_merger`` (period ends on or
    after 1 July 2025, so the report uses the 34-province geography), and fills blank
    ``original_file``/``original_sha256`` from ``file``/``sha256``.
    """
    path = path or paths.manifest_path()
    df = read_manifest(path)
    problems = validate_manifest(
        df, reports_dir=path.parent, source=path.name, check_files=check_files
    )
    if problems:
        raise ManifestError("invalid manifest:\n  " + "\n  ".join(problems))
    out = df.copy()
    # a manifest from before languages were recorded: its reports are Vietnamese
    out["language"] = out["language"].replace("", "vi") if "language" in out else "vi"
    for col, fallback in (("original_file", "file"), ("original_sha256", "sha256")):
        given = out[col] if col in out.columns else pd.Series("", index=out.index, dtype="string")
        out[col] = given.where(given != "", out[fallback])
    out["path"] = [str(path.parent / f) for f in out["file"]]
    out["post_merger"] = [parse_period(p).post_merger for p in out["period_label"]]
    return out.sort_values(["province", "period_start", "report_id"], ignore_index=True)


def with_row(manifest: Path, row: dict[str, str]) -> bytes:
    """The manifest CSV with ``row`` appended (existing rows and extra columns kept)."""
    with open(manifest, encoding="utf-8-sig", newline="") as fh:  # Excel writes a BOM
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows: list[dict[str, Any]] = list(reader)
    fields += [c for c in COLUMNS if c not in fields]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows([*rows, row])
    return out.getvalue().encode("utf-8")
