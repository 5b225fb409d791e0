"""Add a report to the corpus: ``python -m analysis ingest PATH --province --period --issuer``.

Accepts ``.txt``/``.md`` (UTF-8 text, stored as received), ``.docx`` (converted to plain text
by pandoc, tables as tab-separated lines) and text ``.pdf`` (text layer read with pypdf). The
original is kept byte-for-byte under ``data/raw/reports`` with a name giving province and
period; converted text is stored beside it as ``.txt`` and is what the reader parses.

Everything is checked before anything is written; any problem raises :class:`IngestError`
naming the file and leaves the corpus untouched. Writes go to temporary files that are renamed
into place, the manifest last; if anything fails after that, the new files are removed and the
old manifest is put back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import paths
from ..reading.reports import Report, ReportError, parse_report_text
from ..text import fold
from .manifest import COLUMNS, DOC_TYPES, ManifestError, load_manifest, validate_manifest
from .periods import Period, parse_period
from .provinces import canonical_province, predecessors

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
TEXT_SUFFIXES = (".txt", ".md")
SIDECAR_KEYS = {"province", "period", "period_label", "issuer", "title", "report_id", "doc_type"}

# Pandoc Lua filter: every table becomes tab-separated lines, one per row, the layout the
# reader parses. Cells spanning columns or rows leave blank cells so columns stay aligned.
_TABLE_FILTER = r"""
local function cell_text(cell)
  local parts = {}
  for _, block in ipairs(cell.contents) do
    table.insert(parts, pandoc.utils.stringify(block))
  end
  return (table.concat(parts, " "):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

function Table(tbl)
  local rows = {}
  for _, r in ipairs(tbl.head.rows) do table.insert(rows, r) end
  for _, body in ipairs(tbl.bodies) do
    for _, r in ipairs(body.head) do table.insert(rows, r) end
    for _, r in ipairs(body.body) do table.insert(rows, r) end
  end
  for _, r in ipairs(tbl.foot.rows) do table.insert(rows, r) end
  local pending, lines = {}, {}
  for _, row in ipairs(rows) do
    local out, col = {}, 1
    local function skip_covered()
      while (pending[col] or 0) > 0 do
        out[col] = ""
        pending[col] = pending[col] - 1
        col = col + 1
      end
    end
    for _, cell in ipairs(row.cells) do
      skip_covered()
      out[col] = cell_text(cell)
      for k = 0, cell.col_span - 1 do
        if k > 0 then out[col + k] = "" end
        pending[col + k] = cell.row_span - 1
      end
      col = col + cell.col_span
    end
    skip_covered()
    table.insert(lines, table.concat(out, "\t"))
  end
  return pandoc.RawBlock("plain", table.concat(lines, "\n"))
end
"""


class IngestError(ValueError):
    """A report refused by ``ingest``; the message names the file and the problem."""


# --- text extraction ---------------------------------------------------------------------------


def extract_text(path: str | Path, data: bytes | None = None) -> bytes:
    """The UTF-8 text the reader will parse for ``path`` (``data``: its bytes, if already read).

    ``.txt``/``.md`` are returned unchanged after checking they decode (a ``.md`` pipe table
    becomes tab-separated rows); ``.docx`` and ``.pdf`` are converted. Raises
    :class:`IngestError` for unsupported, undecodable or textless files.
    """
    path = Path(path)
    return _extract(path, path.read_bytes() if data is None else data)[0]


def _extract(path: Path, data: bytes) -> tuple[bytes, Report]:
    suffix = _check_suffix(path)
    if suffix == ".md" and _PIPE_ROW.search(_decode(path, data)):
        text = _pipe_tables_to_tabs(_decode(path, data)).encode("utf-8")
    elif suffix in TEXT_SUFFIXES:
        text = data
    elif suffix == ".docx":
        text = _tidy(_docx_text(path, data)).encode("utf-8")
    else:
        text = _tidy(_pdf_text(path, data)).encode("utf-8")
    return text, _parse(text, path)


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_PIPE_RULE = re.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text ({exc})") from exc


def _pipe_tables_to_tabs(text: str) -> str:
    """Markdown pipe tables (``| a | b |``) as the tab-separated rows the reader parses; the
    ``|---|`` rule lines go, every other line is kept as it is."""
    out = []
    for line in text.split("\n"):
        if _PIPE_RULE.match(line):
            continue
        if _PIPE_ROW.match(line):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(line)
    return "\n".join(out)


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; "
            f"ingest accepts {', '.join(SUPPORTED)}"
        )
    return suffix


def _parse(text: bytes, path: Path) -> Report:
    try:
        return parse_report_text(text, path)
    except ReportError as exc:
        raise IngestError(str(exc)) from exc


def _tidy(text: str) -> str:
    """NFC, ``\\n`` line ends, no trailing spaces (tabs stay: empty cells), final newline."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip(" ") for line in text.split("\n")).strip("\n") + "\n"


def _docx_text(path: Path, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            ok = "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        ok = False
    if not ok:
        raise IngestError(f"{path}: not a readable .docx (corrupt, or not a Word 2007+ file)")
    import pypandoc

    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "tables.lua"
        lua.write_text(_TABLE_FILTER, encoding="utf-8")
        try:
            return pypandoc.convert_file(
                str(path), "plain", format="docx", extra_args=["--wrap=none", f"--lua-filter={lua}"]
            )
        except RuntimeError as exc:
            raise IngestError(f"{path}: pandoc could not convert this .docx: {exc}") from exc


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{path}: not a readable PDF ({exc})") from exc
    if not any(ch.isalnum() for page in pages for ch in page):
        raise IngestError(
            f"{path}: the PDF has no extractable text ({len(pages)} page(s), empty or "
            "image-only/scanned); run OCR and ingest the text, or ask for a text PDF or .docx"
        )
    blank = [i for i, page in enumerate(pages, start=1) if not page.strip()]
    if blank:
        log.warning(
            "%s: page(s) %s have no text layer (images only?)",
            path.name,
            ", ".join(map(str, blank)),
        )
    return "\n\n".join(pages)


# --- metadata ----------------------------------------------------------------------------------


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Metadata from a YAML sidecar (keys: province, period, issuer, title, report_id, doc_type)."""
    import yaml

    path = Path(path)
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestError(f"{path}: cannot read metadata file ({exc})") from exc
    if not isinstance(meta, Mapping):
        raise IngestError(f"{path}: metadata file must be a mapping of field: value")
    unknown = sorted(set(map(str, meta)) - SIDECAR_KEYS)
    if unknown:
        raise IngestError(
            f"{path}: unknown metadata field(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(SIDECAR_KEYS))}"
        )
    out = {str(k): str(v).strip() for k, v in meta.items() if v is not None}
    if "period_label" in out:
        out.setdefault("period", out.pop("period_label"))
    return out


def resolve_province(name: str, period: Period) -> str:
    """Short name of ``name`` in the geography of ``period`` (34 provinces from 1 July 2025)."""
    return canonical_province(name, post_merger=period.post_merger)


def guess_title(report: Report) -> str | None:
    """The title under a ``BÁO CÁO`` heading (up to three short lines), else None.

    Blank lines are skipped: converted Word/PDF text puts one between every paragraph. The
    title ends at the first line that reads like body text (``Căn cứ…``, ``Thực hiện…``, a
    long sentence, a numbered heading).
    """
    lines = [" ".join(ln.text.split()) for ln in report.lines[:60] if not ln.is_blank]
    for i, text in enumerate(lines):
        if not fold(text).startswith("bao cao"):
            continue
        parts = [text[len("BÁO CÁO") :].strip(" :-")]
        for nxt in lines[i + 1 : i + 4]:
            if any(parts) and (
                _BODY_START.match(fold(nxt)) or len(nxt) > 120 or nxt.endswith((";", ":", "."))
            ):
                break
            parts.append(nxt)
        title = " ".join(p for p in parts if p)
        return title[:300] or None
    return None


_BODY_START = re.compile(r"^(?:can cu|thuc hien|kinh gui|theo |so:|[ivx]+\.|\d+\.|[-+])")


def slug(text: str) -> str:
    """``An Giang`` -> ``an-giang``; ``2023-01/2024-05`` -> ``2023-01-2024-05``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def issuer_tag(issuer: str) -> str:
    """Initials of the issuing body, as in the corpus file names (``Sở TT&TT`` -> ``stttt``)."""
    words = fold(issuer).split()
    for stop in ("tinh", "thanh pho"):
        for i in range(len(words)):
            if " ".join(words[i : i + len(stop.split())]) == stop:
                words = words[:i]
                break
    initials = "".join(w[0] for w in words if w != "va" and w[0].isalnum())
    return initials[:12] or "report"


# --- ingest ------------------------------------------------------------------------------------


def ingest(
    path: str | Path,
    *,
    province: str | None = None,
    period: str | None = None,
    issuer: str | None = None,
    title: str | None = None,
    report_id: str | None = None,
    doc_type: str | None = None,
    sidecar: str | Path | None = None,
) -> dict[str, str]:
    """Add the report at ``path`` to the corpus and return its manifest row.

    Keyword arguments win over the ``sidecar`` YAML. Raises :class:`IngestError` (nothing
    written) for a duplicate, an unknown province, a bad period, an unreadable or textless
    file or an unsupported type.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(f"{path}: file not found")
    suffix = _check_suffix(path)
    meta = read_sidecar(sidecar) if sidecar else {}
    given = {
        "province": province,
        "period": period,
        "issuer": issuer,
        "title": title,
        "report_id": report_id,
        "doc_type": doc_type,
    }
    meta.update({k: v.strip() for k, v in given.items() if v is not None and v.strip()})
    for key in ("province", "period", "issuer"):
        if not meta.get(key):
            raise IngestError(f"{path}: --{key} is required (or {key!r} in the metadata file)")
    try:
        per = parse_period(meta["period"])
        prov = resolve_province(meta["province"], per)
    except ValueError as exc:  # PeriodError, or an unknown province
        raise IngestError(f"{path}: {exc}") from exc
    kind = meta.get("doc_type", "report")
    if kind not in DOC_TYPES:
        raise IngestError(f"{path}: doc_type {kind!r} not in {sorted(DOC_TYPES)}")

    data = path.read_bytes()
    text, report = _extract(path, data)
    converted = text != data  # .docx, .pdf, or a .md whose pipe tables were rewritten
    doc_title = meta.get("title") or guess_title(report)
    if not doc_title:
        raise IngestError(f"{path}: no title found in the document; pass --title")

    reports = paths.reports_dir()
    try:
        existing = load_manifest()
    except ManifestError as exc:
        raise IngestError(f"{path}: the corpus manifest is invalid; fix it first. {exc}") from exc
    raw_sha, text_sha = _sha(data), _sha(text)
    known = {
        **dict(zip(existing["sha256"], existing["report_id"], strict=True)),
        **dict(zip(existing["original_sha256"], existing["report_id"], strict=True)),
    }
    for sha, what in ((raw_sha, "the same file"), (text_sha, "the same text")):
        if sha in known:
            raise IngestError(
                f"{path}: duplicate: {what} as report {known[sha]!r} "
                f"(sha256 {sha[:12]}…) is already in the corpus"
            )
    rid = meta.get("report_id") or f"{slug(prov)}-{slug(per.label)}"
    if rid in set(existing["report_id"]):
        raise IngestError(
            f"{path}: report_id {rid!r} is already in the corpus; if this is "
            "a different report, pass another --report-id"
        )

    used = set(existing["file"]) | set(existing["original_file"])
    stem = _free_stem(
        reports,
        f"{slug(prov)}_{slug(per.label)}_{issuer_tag(meta['issuer'])}",
        [suffix, ".txt"] if converted else [suffix],
        used,
    )
    text_name = f"{stem}.txt" if converted else f"{stem}{suffix}"
    row = {
        "report_id": rid,
        "province": prov,
        "period_label": per.label,
        "period_start": per.start.isoformat(),
        "period_end": per.end.isoformat(),
        "issuer": meta["issuer"],
        "title": doc_title,
        "doc_type": kind,
        "file": text_name,
        "sha256": text_sha,
        "source_name": path.name,
        "original_file": f"{stem}{suffix}" if converted else "",
        "original_sha256": raw_sha if converted else "",
    }
    files = {reports / text_name: text}
    if converted:
        files[reports / row["original_file"]] = data
    _commit(path, row, files)
    if per.post_merger:
        merged = [p for p in predecessors(prov) if p != prov]
        log.info(
            "%s: period %s ends after the 1 July 2025 reorganisation: filed under the "
            "34-province geography (post_merger)%s",
            rid,
            per.label,
            f"; {prov} now includes former {', '.join(merged)}" if merged else "",
        )
    return row


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _free_stem(folder: Path, stem: str, suffixes: list[str], used: set[str]) -> str:
    """``stem`` or ``stem-2``, ``stem-3``… so that no file with ``suffixes`` exists yet."""
    candidate, n = stem, 1
    while any((folder / f"{candidate}{s}").exists() or f"{candidate}{s}" in used for s in suffixes):
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _manifest_bytes(manifest: Path, row: dict[str, str]) -> bytes:
    """The manifest CSV with ``row`` appended (existing rows and extra columns kept)."""
    with open(manifest, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows: list[dict[str, Any]] = list(reader)
    fields += [c for c in COLUMNS if c not in fields]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows([*rows, row])
    return out.getvalue().encode("utf-8")


def _commit(source: Path, row: dict[str, str], files: dict[Path, bytes]) -> None:
    """Write ``files`` and the new manifest atomically; undo everything if anything fails."""
    import pandas as pd

    manifest = paths.manifest_path()
    old_manifest = manifest.read_bytes()
    new_manifest = _manifest_bytes(manifest, row)
    df = pd.read_csv(io.BytesIO(new_manifest), dtype="string", keep_default_na=False)
    problems = validate_manifest(df, reports_dir=manifest.parent, check_files=False)
    if problems:
        raise IngestError(f"{source}: the new manifest row is invalid:\n  " + "\n  ".join(problems))
    temps: list[Path] = []
    placed: list[Path] = []
    swapped = False
    try:
        staged = [(target, _stage(target, data, temps)) for target, data in files.items()]
        manifest_tmp = _stage(manifest, new_manifest, temps)
        for target, tmp in staged:
            if target.exists():
                raise IngestError(f"{source}: {target.name} appeared while ingesting; retry")
            os.replace(tmp, target)
            placed.append(target)
        os.replace(manifest_tmp, manifest)
        swapped = True
        try:
            load_manifest()
        except ManifestError as exc:
            raise IngestError(f"{source}: the manifest would not validate: {exc}") from exc
    except BaseException:
        if swapped:
            restore = _stage(manifest, old_manifest, temps)
            os.replace(restore, manifest)
        for target in placed:
            target.unlink(missing_ok=True)
        raise
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _stage(target: Path, data: bytes, temps: list[Path]) -> Path:
    """Write ``data`` to a hidden temporary file beside ``target`` (fsynced)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    temps.append(tmp)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o644)
    return tmp
