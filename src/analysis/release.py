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
``releases.json`` beside the zip lists them all. A release of the very tables of the last
one, whose zip is already there, is not made again.
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
from .previous import last_release_files, read_lineage
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
    new: bool = True  # False: the tables are the last release's, which stays the latest


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
        "With the project's package (`pip install analysis`): set `ANALYSIS_DATA` to this "
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


def release_version(asked: str | None, today: str, earlier: list[dict]) -> str:
    """The version of a new release: ``asked``, else ``today`` (``today.2``, ``today.3``, ...
    when a release of that day exists). A version an earlier release has is refused: its zip
    would replace that release's on the site."""
    taken = {str(e.get("version")) for e in earlier}
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


def _same_as_last(src: Path, earlier: list[dict], out_dir: Path) -> Release | None:
    """The last release, when every table in ``src`` is byte for byte that release's and its
    zip is in ``out_dir`` (a publication that changed no data makes no new release)."""
    files = last_release_files(src)
    if not earlier or not files:
        return None
    last = earlier[-1]
    path = out_dir / str(last.get("file") or "")
    if not last.get("file") or not path.is_file():
        return None
    rows = {}
    for name in PUBLISHED:
        csv = src / f"{name}.csv"
        if not csv.is_file() or files.get(csv.name) != hashlib.sha256(csv.read_bytes()).hexdigest():
            return None
        rows[name] = len(read_table(name, src))
    return Release(path, str(last["version"]), int(last["drop"]), rows, new=False)


def _make_release(out_dir: Path | None, version: str | None, *, now: datetime | None) -> Release:
    now = now or datetime.now(UTC)
    src = paths.processed_dir()
    earlier = read_lineage(src)
    out_dir = out_dir or paths.project_root() / "releases"
    if version is None:
        same = _same_as_last(src, earlier, out_dir)
        if same is not None:
            return same
    version = release_version(version, now.date().isoformat(), earlier)
    for name in PUBLISHED:
        processed_file(f"{name}.csv")  # MissingDataError names what to build first
    tables = {name: read_table(name, src) for name in PUBLISHED}
    changes = tables["changes"]
    drop = int(changes["drop"].max()) if len(changes) else 0
    desc = release_descriptor(
        load_manifest(check_files=False), version=version, created=now, drop=drop
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
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(f"{folder}/{name}", content)
    data = buf.getvalue()
    target = out_dir / f"{folder}.zip"
    out_dir.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)
    write_bytes(out_dir / LATEST, data)
    entry = {
        "version": version,
        "drop": drop,
        "created": desc["created"],
        "file": target.name,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    write_json(out_dir / "latest.json", entry)
    write_json(out_dir / "releases.json", {"releases": [*earlier, entry]})
    return Release(target, version, drop, rows)
