"""Add a report to the corpus: ``python -m analysis ingest PATH --province --period --issuer``.

Accepts ``.txt``/``.md`` (UTF-8 text, stored as received), ``.docx`` (converted to plain text
by pandoc, tables as tab-separated lines) and text ``.pdf`` (text layer read with
pdfplumber, tables as tab-separated rows); see
:mod:`analysis.corpus.convert`. The original is kept byte-for-byte under ``data/raw/reports``
with a name giving province and period; converted text is stored beside it as ``.txt`` and is
what the reader parses.

Everything is checked before anything is written (the text must read as a report:
:mod:`analysis.reading.reports`); any problem raises :class:`IngestError` naming the file and
leaves the corpus untouched. The files and the new manifest are written in one transaction
(:func:`analysis.storage.staged`), the manifest last, and the manifest is validated after: if
anything fails, the new files are removed and the old manifest is put back.

Application layer: ingest writes the corpus (layer 1) after reading the report (layer 2).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .corpus.convert import ConversionError, check_suffix, convert
from .corpus.language import LANGUAGES, detect_language
from .corpus.limits import (
    FILE_VAR,
    TEXT_VAR,
    TooLargeError,
    check_size,
    max_file_bytes,
    max_text_bytes,
)
from .corpus.manifest import DOC_TYPES, ManifestError, load_manifest, validate_manifest, with_row
from .corpus.periods import Period, ascii_label, check_not_future, parse_period
from .corpus.provinces import canonical_province, predecessors
from .locks import corpus_lock, ingest_journal
from .reading.reports import Report, ReportError, guess_title, heading_title, parse_report_text
from .safe_yaml import YamlError, load_yaml
from .storage import staged, write_bytes
from .text import CONTROL_RE, comparable, fold

log = logging.getLogger(__name__)

SIDECAR_KEYS = {"province", "period", "period_label", "issuer", "title", "report_id", "doc_type"}
#: Longest value each metadata field may have (characters); a sidecar is at most 64 kB.
FIELD_LIMITS = {
    "province": 60,
    "period": 40,
    "issuer": 200,
    "title": 300,
    "report_id": 80,
    "doc_type": 20,
}
SIDECAR_MAX_BYTES = 64 << 10


class IngestError(ValueError):
    """A report refused by ``ingest``; the message names the file and the problem."""


@dataclass(frozen=True)
class _Metadata:
    """What the manifest row says about the report besides its files."""

    province: str
    period: Period
    issuer: str
    doc_type: str
    title: str | None
    report_id: str | None


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
    language: str | None = None,
) -> dict[str, str]:
    """Add the report at ``path`` to the corpus and return its manifest row.

    Keyword arguments win over the ``sidecar`` YAML. Raises :class:`IngestError` (nothing
    written) for a duplicate, an unknown province, a bad period, an unreadable or textless
    file or an unsupported type.
    """
    path = Path(path)
    _check_regular_file(path)
    with _refused():
        suffix = check_suffix(path)
    given = {"province": province, "period": period, "issuer": issuer, "title": title}
    given |= {"report_id": report_id, "doc_type": doc_type}
    meta = _metadata(path, read_sidecar(sidecar) if sidecar else {}, given)
    with _refused():
        check_size(path, path.stat().st_size, max_file_bytes(), FILE_VAR)
        data = path.read_bytes()
        text = convert(path, data)
        check_size(path, len(text), max_text_bytes(), TEXT_VAR, "text")
        report = parse_report_text(text, path)
    doc_title = meta.title or _title(path, report)
    with corpus_lock("ingest"):  # from reading the manifest to writing the new one
        existing = _existing(path)
        rid = _new_report_id(path, meta, existing, data, text)
        row, files = _files(path, suffix, meta, rid, doc_title, data, text, existing)
        row["language"] = _language(path, language, text)
        _commit(path, row, files)
    if meta.period.post_merger:
        merged = [p for p in predecessors(meta.province) if p != meta.province]
        log.info(
            "%s: period %s ends after the 1 July 2025 reorganisation: filed under the "
            "34-province geography (post_merger)%s",
            rid,
            meta.period.label,
            f"; {meta.province} now includes former {', '.join(merged)}" if merged else "",
        )
    return row


def _check_regular_file(path: Path) -> None:
    """:class:`IngestError` unless ``path`` is a regular file (never opens a FIFO)."""
    if path.is_dir():
        raise IngestError(f"{path}: is a folder; ingest takes one report file at a time")
    if not path.exists():
        raise IngestError(f"{path}: file not found")
    if not path.is_file():
        raise IngestError(
            f"{path}: not a regular file (a pipe, socket or device); save the report as a file"
        )


def _title(path: Path, report: Report) -> str:
    """The title under ``BÁO CÁO``; else a heading line or the file name, with a warning."""
    title = guess_title(report)
    if title:
        return title
    found = heading_title(report)
    if found:
        line, title = found
        source = f"line {line}"
    else:
        title, source = " ".join(re.split(r"[-_\s]+", path.stem)).strip(), "the file name"
    title = title[: FIELD_LIMITS["title"]]
    if not title:
        raise IngestError(f"{path}: no title found in the document; pass --title")
    log.warning(
        "%s: no 'BÁO CÁO' heading; title taken from %s: %r (pass --title to set it)",
        path,
        source,
        title,
    )
    return title


@contextmanager
def _refused() -> Iterator[None]:
    """A file the converter or the reader cannot use is refused (:class:`IngestError`)."""
    try:
        yield
    except (ConversionError, ReportError, TooLargeError) as exc:
        raise IngestError(str(exc)) from exc


def _metadata(path: Path, meta: dict[str, str], given: Mapping[str, str | None]) -> _Metadata:
    """The sidecar's metadata overridden by ``given``, checked (province, period, doc type)."""
    meta = {**meta, **{k: v.strip() for k, v in given.items() if v is not None and v.strip()}}
    for key in ("province", "period", "issuer"):
        if not meta.get(key):
            raise IngestError(f"{path}: --{key} is required (or {key!r} in the metadata file)")
    _check_fields(path, meta)
    try:
        per = parse_period(_period_label(path, meta["period"]))
        check_not_future(per)
        prov = resolve_province(meta["province"], per)
    except ValueError as exc:  # PeriodError, or an unknown province
        raise IngestError(f"{path}: {exc}") from exc
    kind = meta.get("doc_type", "report")
    if kind not in DOC_TYPES:
        raise IngestError(f"{path}: doc_type {kind!r} not in {sorted(DOC_TYPES)}")
    return _Metadata(prov, per, meta["issuer"], kind, meta.get("title"), meta.get("report_id"))


def _check_fields(path: Path, meta: Mapping[str, str]) -> None:
    """Each metadata value on one line, without control characters, within its length limit."""
    for key, value in meta.items():
        limit = FIELD_LIMITS.get(key, 300)
        if len(value) > limit:
            raise IngestError(
                f"{path}: {key} is {len(value):,} characters long; at most {limit} are accepted"
            )
        if "\n" in value or "\r" in value or CONTROL_RE.search(value):
            raise IngestError(f"{path}: {key} must be one line of text without control characters")


def _period_label(path: Path, label: str) -> str:
    """``label`` with full-width or other non-ASCII digits written in ASCII (with a warning)."""
    ascii_ = ascii_label(label)
    if ascii_ != label:
        log.warning("%s: period %r read as %r (ASCII digits)", path, label, ascii_)
    return ascii_


def _existing(path: Path) -> pd.DataFrame:
    try:
        return load_manifest()
    except ManifestError as exc:
        raise IngestError(f"{path}: the corpus manifest is invalid; fix it first. {exc}") from exc


def _new_report_id(
    path: Path, meta: _Metadata, existing: pd.DataFrame, data: bytes, text: bytes
) -> str:
    """The new report's id; :class:`IngestError` when its file, text or id is already in.

    Texts are compared as :func:`analysis.text.comparable` (a copy saved with a BOM, other
    line ends, decomposed accents or other spacing is the same report). Without
    ``--report-id`` the id is ``province-period``; when that is taken, the file name is added.
    """
    _refuse_duplicate(path, existing, data, text)
    taken = set(existing["report_id"])
    rid = meta.report_id or f"{slug(meta.province)}-{slug(meta.period.label)}"
    if rid in taken and not meta.report_id:
        same = rid
        rid = f"{rid}-{slug(path.stem)}"[: FIELD_LIMITS["report_id"]].strip("-")
        if rid not in taken and rid != same:
            log.warning(
                "%s: report %r already covers %s %s; this report is filed as %r (from its "
                "file name; pass --report-id to choose)",
                path,
                same,
                meta.province,
                meta.period.label,
                rid,
            )
            return rid
        rid = same
    if rid in taken:
        raise IngestError(
            f"{path}: report_id {rid!r} is already in the corpus; if this is "
            "a different report, pass another --report-id"
        )
    return rid


def _refuse_duplicate(path: Path, existing: pd.DataFrame, data: bytes, text: bytes) -> None:
    """:class:`IngestError` naming the report already holding this file or this text."""
    known = {
        **dict(zip(existing["sha256"], existing["report_id"], strict=True)),
        **dict(zip(existing["original_sha256"], existing["report_id"], strict=True)),
    }
    for sha, what in ((_sha(data), "the same file"), (_sha(text), "the same text")):
        if sha in known:
            raise IngestError(
                f"{path}: duplicate: {what} as report {known[sha]!r} "
                f"(sha256 {sha[:12]}…) is already in the corpus"
            )
    key = _comparable_sha(text)
    for rid, file in zip(existing["report_id"], existing["path"], strict=True):
        try:
            other = Path(file).read_bytes()
        except OSError:
            continue
        if _comparable_sha(other) == key:
            raise IngestError(
                f"{path}: duplicate: the same text as report {rid!r} ({Path(file).name}) is "
                "already in the corpus (compared without BOM, line-end, accent-encoding and "
                "spacing differences); another --report-id does not make it another report"
            )


def _comparable_sha(text: bytes) -> str:
    return _sha(comparable(text.decode("utf-8", errors="replace")).encode("utf-8"))


def _files(
    path: Path,
    suffix: str,
    meta: _Metadata,
    rid: str,
    title: str,
    data: bytes,
    text: bytes,
    existing: pd.DataFrame,
) -> tuple[dict[str, str], dict[Path, bytes]]:
    """The manifest row and the files to write (the text, and the original when converted)."""
    reports = paths.reports_dir()
    # .docx, .pdf, a .md whose pipe tables were rewritten, a text with control characters
    converted = text != data
    original = f".original{suffix}" if suffix == ".txt" else suffix
    used = set(existing["file"]) | set(existing["original_file"])
    stem = _free_stem(
        reports,
        f"{slug(meta.province)}_{slug(meta.period.label)}_{issuer_tag(meta.issuer)}",
        [original, ".txt"] if converted else [suffix],
        used,
    )
    text_name = f"{stem}.txt" if converted else f"{stem}{suffix}"
    row = {
        "report_id": rid,
        "province": meta.province,
        "period_label": meta.period.label,
        "period_start": meta.period.start.isoformat(),
        "period_end": meta.period.end.isoformat(),
        "issuer": meta.issuer,
        "title": title,
        "doc_type": meta.doc_type,
        "file": text_name,
        "sha256": _sha(text),
        "source_name": path.name,
        "original_file": f"{stem}{original}" if converted else "",
        "original_sha256": _sha(data) if converted else "",
    }
    files = {reports / text_name: text}
    if converted:
        files[reports / row["original_file"]] = data
    return row, files


# --- metadata ----------------------------------------------------------------------------------


def _language(path: Path, given: str | None, text: bytes) -> str:
    """The report's language: as given (``--language``), else detected from its text."""
    if given is None:
        return detect_language(text.decode("utf-8", errors="replace"))
    if given not in LANGUAGES:
        raise IngestError(f"{path}: language {given!r} is not one of {', '.join(LANGUAGES)}")
    return given


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Metadata from a YAML sidecar (keys: province, period, issuer, title, report_id, doc_type).

    Read with :func:`analysis.safe_yaml.load_yaml` (no aliases, no duplicate keys, at most
    ``SIDECAR_MAX_BYTES``); every value must be a single text, number or date.
    """
    path = Path(path)
    try:
        meta = load_yaml(path, max_bytes=SIDECAR_MAX_BYTES) or {}
    except YamlError as exc:
        raise IngestError(f"cannot read metadata file: {exc}") from exc
    if not isinstance(meta, Mapping):
        raise IngestError(f"{path}: metadata file must be a mapping of field: value")
    unknown = sorted(set(map(str, meta)) - SIDECAR_KEYS)
    if unknown:
        raise IngestError(
            f"{path}: unknown metadata field(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(SIDECAR_KEYS))}"
        )
    nested = sorted(str(k) for k, v in meta.items() if isinstance(v, list | dict | set))
    if nested:
        raise IngestError(f"{path}: field(s) {', '.join(nested)} must be a single value")
    out = {str(k): str(v).strip() for k, v in meta.items() if v is not None}
    if "period_label" in out:
        out.setdefault("period", out.pop("period_label"))
    return out


def resolve_province(name: str, period: Period) -> str:
    """Short name of ``name`` in the geography of ``period`` (34 provinces from 1 July 2025)."""
    return canonical_province(name, post_merger=period.post_merger)


# --- file names --------------------------------------------------------------------------------


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


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _free_stem(folder: Path, stem: str, suffixes: list[str], used: set[str]) -> str:
    """``stem`` or ``stem-2``, ``stem-3``… so that no file with ``suffixes`` exists yet."""
    candidate, n = stem, 1
    while any((folder / f"{candidate}{s}").exists() or f"{candidate}{s}" in used for s in suffixes):
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


# --- writing -----------------------------------------------------------------------------------


def _commit(source: Path, row: dict[str, str], files: dict[Path, bytes]) -> None:
    """Write ``files`` and the new manifest in one transaction; undo everything if anything
    fails (also after the writes, when the manifest does not validate)."""
    manifest = paths.manifest_path()
    new_manifest = with_row(manifest, row)
    df = pd.read_csv(io.BytesIO(new_manifest), dtype="string", keep_default_na=False)
    problems = validate_manifest(df, reports_dir=manifest.parent, check_files=False)
    if problems:
        raise IngestError(f"{source}: the new manifest row is invalid:\n  " + "\n  ".join(problems))

    def verify() -> None:
        try:
            load_manifest()
        except ManifestError as exc:
            raise IngestError(f"{source}: the manifest would not validate: {exc}") from exc

    try:
        with staged(verify=verify, journal=ingest_journal()):
            for target, data in files.items():
                write_bytes(target, data, new=True)
            write_bytes(manifest, new_manifest)
    except FileExistsError as exc:
        raise IngestError(f"{source}: {exc}; retry") from exc
