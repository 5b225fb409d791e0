"""Versioned data releases: ``python -m analysis release`` zips the published tables of one data
drop, for people who want the data without the code.

A release ``egov-data-<version>.zip`` holds one folder with every table of ``data/processed``
as CSV (the published bytes) and Parquet, a ``datapackage.json`` (Frictionless) with the
release's ``version``, ``created`` time, ``licenses``, the source reports (title, issuer,
period, address where known), primary and foreign keys, each file's size and SHA-256
(``bytes``, ``hash``; also ``SHA256SUMS``, for ``sha256sum -c``), the data licence, how to cite
the release (``citation``, from ``CITATION.cff``) and a README that says what this drop changed.
The version defaults to the release date (``<date>.2`` for a second one that day); ``drop``
is the newest drop of ``changes.csv``; ``releases`` lists the earlier releases the tables
continue (``data/processed/.releases.json``, written by ``build --previous``), and
``releases.json`` beside the zip lists them all.

A release is a function of its tables: the same tables are the same release. ``release``
records what it made in ``data/processed/.releases.json``, so releasing the tables of the
last release again, into any folder, makes no new version: its zip is left as it is when the
folder has it, and otherwise written again under the release's version and ``created`` time,
byte for byte the same with the same library versions (every zip entry carries that time).
A folder's own ``releases.json`` and zips are never lost or replaced: their versions are
taken, and a rebuilt ``data/processed`` whose tables are that folder's last release is that
release again.
``egov-data-latest.zip`` and ``latest.json`` (with the zip's SHA-256) beside it name the newest
release (the book links them). Nothing is written unless the whole zip is: it is written to a
temporary name first.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import paths
from .checks.datapackage import PUBLISHED, descriptor
from .corpus.manifest import load_manifest
from .locks import corpus_lock
from .previous import LINEAGE, last_release_files, read_lineage, read_record
from .safe_yaml import load_yaml
from .schemas import records
from .storage import write_bytes, write_json
from .tables.published import processed_file, read_table

PREFIX = "egov-data"
LATEST = f"{PREFIX}-latest.zip"
_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$")


class ReleaseError(ValueError):
    """A release cannot be made (bad version, tables missing); nothing was written."""


@dataclass(frozen=True)
class Release:
    path: Path
    version: str
    drop: int
    rows: dict[str, int]
    new: bool = True  # False: the tables are the last release's (no new version)
    written: bool = True  # False: its zip was in the folder already and was left as it was


def report_sources(manifest: pd.DataFrame) -> list[dict]:
    """One Data Package source per report: title, issuer, period, date, address if known."""
    out = []
    for r in records(manifest.sort_values("report_id")):
        source = {
            "title": str(r["title"]),
            "report_id": str(r["report_id"]),
            "issuer": str(r["issuer"]),
            "province": str(r["province"]),
            "period": str(r["period_label"]),
            "date": str(r["period_end"]),  # the period's last day (no issue date is kept)
            "sha256": str(r["sha256"]),
        }
        url = str(r.get("source_url") or "")
        if url:
            source["path"] = url
        out.append(source)
    return out


def release_descriptor(
    manifest: pd.DataFrame, *, version: str, created: datetime, drop: int
) -> dict:
    """The build's descriptor (which holds the foreign keys, :data:`analysis.schemas.TABLES`)
    with what a release adds: version, created, report sources with their issuers and
    addresses, and the Parquet copies."""
    desc = descriptor(manifest)
    from_reports = desc["sources"]  # the resources built from the reports share this list
    sources = report_sources(manifest)
    desc.update(
        version=version,
        created=created.isoformat(timespec="seconds"),
        drop=drop,
        sources=sources,
        homepage=_homepage(),
    )
    parquet = []
    for res in desc["resources"]:
        if res["sources"] is from_reports:
            res["sources"] = sources
        parquet.append(_parquet_resource(res))
    desc["resources"] = desc["resources"] + parquet
    return desc


def _parquet_resource(res: dict) -> dict:
    """The Parquet twin of a CSV resource: same fields and primary key, no CSV dialect."""
    schema = {k: v for k, v in res["schema"].items() if k not in ("foreignKeys", "missingValues")}
    return {
        "name": f"{res['name']}-parquet",
        "path": f"{res['name']}.parquet",
        "title": f"{res['title']} (Parquet)",
        "description": f"The {res['name']} table as Parquet (the same rows and columns).",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "schema": schema,
        "sources": res["sources"],
    }


def _homepage() -> str:
    import tomllib

    try:
        data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text("utf-8"))
        return str(data["project"]["urls"]["Homepage"])
    except (OSError, KeyError):
        return ""


def citation(version: str, created: str, drop: int, url: str) -> str:
    """How to cite this release: the data reference of ``CITATION.cff`` (its authors and
    title), the release's version, drop and year, where it is published, and its licence."""
    cff = load_yaml(paths.project_root() / "CITATION.cff")
    data = next((r for r in cff.get("references", []) if r.get("type") == "data"), cff)
    authors = "; ".join(
        str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
        for a in data.get("authors", cff["authors"])
    )
    return (
        f"{authors} ({created[:4]}). {data['title']}, data release {version} (drop {drop}). "
        f"Licence: CC BY 4.0.{' ' + url if url else ''}"
    )


def add_checksums(desc: dict, files: dict[str, bytes]) -> dict:
    """Each resource of ``desc`` with the SHA-256 of its file (Frictionless ``hash``) and, for
    a CSV, its size (``bytes``): validating the package checks both for every CSV (Frictionless
    reads no byte count from a Parquet file, so ``SHA256SUMS`` is what checks those)."""
    for res in desc["resources"]:
        data = files[res["path"]]
        if res["format"] == "csv":
            res["bytes"] = len(data)
        res["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    return desc


def sha256sums(files: dict[str, bytes]) -> str:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads."""
    return "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(files.items()))


def drop_summary(changes: pd.DataFrame, drop: int) -> list[str]:
    """The README lines on what this drop changed (rows of ``changes.csv`` by kind)."""
    lines = [
        "## What changed in this drop",
        "",
        f"This release is drop {drop}. `changes.csv` lists every drop this data has seen, "
        "each row with its `drop`; a release keeps the table as it was.",
        "",
    ]
    rows = changes[changes["drop"] == drop] if len(changes) else changes
    if not len(rows):
        return [*lines, "No changes were recorded for this drop.", ""]
    lines += ["| change | rows |", "| --- | ---: |"]
    for kind, n in rows["change"].value_counts(sort=False).sort_index().items():
        lines.append(f"| {_md(kind)} | {n} |")
    return [*lines, ""]


def earlier_releases(earlier: list[dict]) -> list[str]:
    """The README lines listing the releases before this one (their zips sit beside it on
    the site, and its ``changes.csv`` holds their drops)."""
    if not earlier:
        return [
            "## Earlier releases",
            "",
            "None: this is the first release of this data.",
            "",
        ]
    lines = [
        "## Earlier releases",
        "",
        "Each is published beside this one; its drops are in this release's `changes.csv`.",
        "",
        "| version | drop | created | file |",
        "| --- | ---: | --- | --- |",
    ]
    for e in reversed(earlier):  # newest first
        cells = (e.get("version"), e.get("drop"), e.get("created"), e.get("file"))
        lines.append("| " + " | ".join(_md(c if c is not None else "") for c in cells) + " |")
    return [*lines, ""]


def readme(desc: dict, rows: dict[str, int], changes: pd.DataFrame | None = None) -> str:
    """The release's README.md (plain Markdown; report titles are data, escaped)."""
    lines = [
        f"# {desc['title']}",
        "",
        f"Data release **{desc['version']}** (drop {desc['drop']}), created {desc['created']}.",
        "",
        desc["description"],
        "",
        "Licence: CC BY 4.0 (see `LICENSE-DATA.md`). The source reports are official documents "
        "of the issuers named below; they are not part of this release.",
        "",
        "## Tables (CSV and Parquet; described in `datapackage.json`)",
        "",
        "| table | rows | what it holds |",
        "| --- | ---: | --- |",
    ]
    for res in desc["resources"]:
        if res["format"] == "csv":
            lines.append(f"| `{res['name']}` | {rows[res['name']]} | {_md(res['title'])} |")
    lines += ["", "## Source reports", ""]
    for s in desc["sources"]:
        where = f" <{s['path']}>" if s.get("path") else ""
        lines.append(f"- {_md(s['issuer'])}: *{_md(s['title'])}* ({s['period']}){where}")
    lines += [
        "",
        "## Reading it",
        "",
        "```python",
        "import pandas as pd",
        'facts = pd.read_parquet("facts.parquet")  # or pd.read_csv("facts.csv")',
        "```",
        "",
        "With the project's package (installed from its repository, `[charts]` for the "
        "book's charts; not the unrelated `analysis` on PyPI): set `ANALYSIS_DATA` to this "
        "folder and call `analysis.load_facts()`, `analysis.load_indicators()`, ...",
        "",
        "Check the files: `sha256sum -c SHA256SUMS` (the same sums are in `datapackage.json`).",
        "",
    ]
    if changes is not None:
        lines += drop_summary(changes, desc["drop"])
    lines += earlier_releases(desc.get("releases") or [])
    if desc.get("citation"):
        lines += ["## How to cite", "", _md(desc["citation"]), ""]
    return "\n".join(lines)


def _md(text: object) -> str:
    """Report text in Markdown: no markup, tables or HTML of its own."""
    out = re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))
    return " ".join(out.split())


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def _check_version(version: str) -> str:
    if not _VERSION_RE.match(version):
        raise ReleaseError(
            f"version {version!r}: use letters, digits and . + _ - only (e.g. 2026.12 or 1.2.0)"
        )
    return version


def make_release(
    out_dir: Path | None = None, version: str | None = None, *, now: datetime | None = None
) -> Release:
    """Write ``<out_dir>/egov-data-<version>.zip`` (default ``releases/``) from
    ``data/processed``, and point ``egov-data-latest.zip`` and ``latest.json`` at it.

    Holds the corpus lock (:func:`analysis.locks.corpus_lock`): every table, its bytes and the
    manifest the descriptor names come from one build, never from two publishes."""
    with corpus_lock("release"):
        return _make_release(out_dir, version, now=now)


def release_version(asked: str | None, today: str, earlier: list[dict] | set[str]) -> str:
    """The version of a new release: ``asked``, else ``today`` (``today.2``, ``today.3``, ...
    when a release of that day exists). A version an earlier release has is refused: its zip
    would replace that release's on the site."""
    taken = {str(e.get("version")) for e in earlier} if isinstance(earlier, list) else earlier
    if asked is not None:
        version = _check_version(asked)
        if version in taken:
            raise ReleaseError(
                f"version {version!r} was released before (egov-data-{version}.zip); "
                "give the new drop a new version"
            )
        return version
    version, n = _check_version(today), 1
    while version in taken:
        n += 1
        version = f"{today}.{n}"
    return version


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _table_sums(src: Path) -> dict[str, str]:
    return {f"{n}.csv": _sha((src / f"{n}.csv").read_bytes()) for n in PUBLISHED}


def _folder_releases(out_dir: Path) -> list[dict]:
    """The releases ``out_dir/releases.json`` lists (a site's data/ folder, or releases/)."""
    try:
        data = json.loads((out_dir / "releases.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
    rels = data.get("releases") if isinstance(data, dict) else None
    return (
        [r for r in rels if isinstance(r, dict) and r.get("version")]
        if isinstance(rels, list)
        else []
    )


def _zip_sums(path: Path) -> dict[str, str]:
    """The ``SHA256SUMS`` of a release zip (``{}`` when it does not read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/SHA256SUMS"))
            text = zf.read(name).decode("utf-8")
    except (OSError, zipfile.BadZipFile, StopIteration, UnicodeDecodeError):
        return {}
    return {f: h for h, _, f in (line.partition("  ") for line in text.splitlines()) if f}


def _same_release(src: Path, out_dir: Path) -> tuple[list[dict], dict, dict[str, str]] | None:
    """The release whose tables are byte for byte those in ``src`` — the last one recorded in
    ``src`` (:data:`analysis.previous.LINEAGE`), else the last one of ``out_dir`` — as (the
    releases before it, its entry, its files' checksums); ``None``: these tables are new."""
    tables = _table_sums(src)
    lineage = read_lineage(src)
    files = last_release_files(src)
    if lineage and files and all(files.get(k) == v for k, v in tables.items()):
        return lineage[:-1], lineage[-1], files
    folder = _folder_releases(out_dir)
    if folder:
        last = folder[-1]
        zip_path = out_dir / Path(str(last.get("file") or "")).name
        if zip_path.is_file() and _sha(zip_path.read_bytes()) == last.get("sha256"):
            sums = _zip_sums(zip_path)
            if sums and all(sums.get(k) == v for k, v in tables.items()):
                return folder[:-1], last, sums
    return None


def _make_release(out_dir: Path | None, version: str | None, *, now: datetime | None) -> Release:
    now = now or datetime.now(UTC)
    src = paths.processed_dir()
    out_dir = out_dir or paths.project_root() / "releases"
    for name in PUBLISHED:
        processed_file(f"{name}.csv")  # MissingDataError names what to build first
    same = _same_release(src, out_dir)
    if same is not None and version in (None, same[1]["version"]):
        return _again(src, out_dir, *same)
    earlier = read_lineage(src)
    taken = {str(e.get("version")) for e in [*earlier, *_folder_releases(out_dir)]}
    taken |= {p.name[len(PREFIX) + 1 : -4] for p in out_dir.glob(f"{PREFIX}-*.zip")}
    version = release_version(version, now.date().isoformat(), taken)
    data, drop, rows, files = _package(src, version, now, earlier)
    entry = _write(out_dir, version, drop, now, data, earlier)
    _record(src, [*earlier, entry], files)
    return Release(out_dir / entry["file"], version, drop, rows)


def _again(src: Path, out_dir: Path, before: list[dict], entry: dict, sums: dict) -> Release:
    """The release ``entry`` again (its tables are those in ``src``): left as it is when its
    zip is in ``out_dir``, else made again with its version and time."""
    version, drop = str(entry["version"]), int(entry["drop"])
    rows = {name: len(read_table(name, src)) for name in PUBLISHED}
    target = out_dir / f"{PREFIX}-{version}.zip"
    if target.is_file() and _sha(target.read_bytes()) == entry.get("sha256"):
        if read_lineage(src)[-1:] != [entry]:  # found in the folder: these tables are it
            _record(src, [*before, entry], sums)
        return Release(target, version, drop, rows, new=False, written=False)
    created = datetime.fromisoformat(str(entry["created"]))
    data, drop, rows, files = _package(src, version, created, before)
    again = _write(out_dir, version, drop, created, data, before)
    _record(src, [*before, again], files)
    return Release(target, version, drop, rows, new=False)


def _record(src: Path, releases: list[dict], files: dict[str, str]) -> None:
    """Remember in ``src`` which release its tables are (the next release of the same tables
    is that release; a later drop's release lists it among the earlier ones)."""
    record = {**read_record(src), "releases": releases, "files": files}
    write_json(src / LINEAGE, record)


def _package(
    src: Path, version: str, created: datetime, earlier: list[dict]
) -> tuple[bytes, int, dict[str, int], dict[str, str]]:
    """The release zip of the tables in ``src``: its bytes, drop, rows per table and the
    checksum of every file in it. The same tables, version, time and earlier releases give
    the same bytes (each entry is dated ``created``)."""
    tables = {name: read_table(name, src) for name in PUBLISHED}
    changes = tables["changes"]
    drop = int(changes["drop"].max()) if len(changes) else 0
    desc = release_descriptor(
        load_manifest(check_files=False), version=version, created=created, drop=drop
    )
    desc["releases"] = earlier  # the releases this one continues, oldest first
    rows = {name: len(df) for name, df in tables.items()}
    folder = f"{PREFIX}-{version}"
    site = _homepage()
    desc["citation"] = citation(
        version, desc["created"], drop, f"{site.rstrip('/')}/data/{folder}.zip" if site else ""
    )
    files: dict[str, bytes] = {}
    for name, df in tables.items():
        files[f"{name}.csv"] = (src / f"{name}.csv").read_bytes()
        files[f"{name}.parquet"] = _parquet(df)
    add_checksums(desc, files)
    files["datapackage.json"] = json.dumps(desc, ensure_ascii=False, indent=2).encode("utf-8")
    files["README.md"] = readme(desc, rows, changes).encode("utf-8")
    files["LICENSE-DATA.md"] = (paths.project_root() / "LICENSE-DATA.md").read_bytes()
    files["SHA256SUMS"] = sha256sums(files).encode("utf-8")
    stamp = created.astimezone(UTC).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    sums = {n: _sha(b) for n, b in files.items() if n != "SHA256SUMS"}
    return buf.getvalue(), drop, rows, sums


def _write(
    out_dir: Path, version: str, drop: int, created: datetime, data: bytes, earlier: list[dict]
) -> dict:
    """Write the zip, ``egov-data-latest.zip``, ``latest.json`` and ``releases.json`` (the
    folder's releases, the earlier ones and this one, oldest first); the release's entry."""
    target = out_dir / f"{PREFIX}-{version}.zip"
    out_dir.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)
    write_bytes(out_dir / LATEST, data)
    entry = {
        "version": version,
        "drop": drop,
        "created": created.isoformat(timespec="seconds"),
        "file": target.name,
        "sha256": _sha(data),
    }
    write_json(out_dir / "latest.json", entry)
    listed: dict[str, dict] = {}
    for e in [*_folder_releases(out_dir), *earlier, entry]:
        listed.setdefault(str(e["version"]), e)
    listed[version] = entry
    ordered = sorted(listed.values(), key=lambda e: str(e.get("created") or ""))
    write_json(out_dir / "releases.json", {"releases": ordered})
    return entry
