"""The previous published data release, which a build continues (``build --previous PATH``).

A site is published from a fresh checkout, whose ``data/processed`` is empty: without the
release it last published, every build would be drop 1 and its ``changes.csv`` would start
over. :func:`load_previous` reads that release — a release zip (``egov-data-<v>.zip``), the
site's ``data/`` folder (its ``latest.json`` names the zip and its SHA-256) or an unzipped
release folder — and checks it all before the build starts: it is one release of this
project, every file it needs matches its ``SHA256SUMS`` line, and each table has the columns a
comparison reads. A bad one stops the build with a :class:`PreviousReleaseError` naming the file
and the problem, before anything in ``data/`` is written.

The build then compares its tables with the release's (so its changes are what changed since
the publication), appends them to the release's ``changes.csv`` as the next drop, and records
the releases it continues in ``data/processed/.releases.json`` (:data:`LINEAGE`), which
``python -m analysis release`` lists in the next release.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .tables.changes import read_history
from .tables.published import read_table

#: The release's name in its ``datapackage.json`` (one project's releases, never another's).
PACKAGE_NAME = "vietnam-provincial-egovernment"
#: In ``data/processed``: the releases the published tables continue, oldest first.
LINEAGE = ".releases.json"
#: The tables a build compares with, and the columns it reads from each.
NEEDED: dict[str, tuple[str, ...]] = {
    "reports": ("report_id", "province", "period_label"),
    "facts": ("report_id", "line", "quote", "indicator", "value", "unit", "status"),
    "indicators": ("province", "indicator", "period_label", "value", "post_merger"),
    "audit": ("check", "report_id", "line", "message", "severity"),
    "changes": ("change", "detail"),
}
#: A release zip larger than this once unpacked is not one of ours (a zip bomb, or a mistake).
MAX_UNPACKED = 2 << 30


class PreviousReleaseError(ValueError):
    """The previous release given to a build cannot be read; nothing was written."""


#: Makes the error for one file of the release and its problem.
_Fail = Callable[[str, str], PreviousReleaseError]


@dataclass(frozen=True)
class PreviousRelease:
    """One published release: what it is, the tables a build compares with, its ancestors."""

    source: Path
    version: str
    drop: int
    created: str
    file: str  # the zip's name ("" when read from an unzipped folder)
    sha256: str  # the zip's SHA-256 ("" when unknown)
    tables: dict[str, pd.DataFrame] = field(repr=False)
    earlier: list[dict] = field(default_factory=list)  # the releases before it, oldest first
    sums: dict[str, str] = field(default_factory=dict, repr=False)  # its SHA256SUMS

    def entry(self) -> dict:
        """How a later release lists this one."""
        return {
            "version": self.version,
            "drop": self.drop,
            "created": self.created,
            "file": self.file,
            "sha256": self.sha256,
        }

    def lineage(self) -> list[dict]:
        """Every release up to and including this one, oldest first."""
        return [*self.earlier, self.entry()]


def load_previous(path: str | Path) -> PreviousRelease:
    """Read and check the release at ``path`` (a zip, a site's ``data/`` folder with
    ``latest.json``, or an unzipped release folder)."""
    path = Path(path)
    if not path.exists():
        raise PreviousReleaseError(f"previous release {path}: no such file or folder")
    if path.is_dir():
        latest = path / "latest.json"
        if latest.is_file():
            return _from_site(path, latest)
        if (path / "datapackage.json").is_file():
            return _from_folder(path, path, file="", sha256="")
        raise PreviousReleaseError(
            f"previous release {path}: a folder without latest.json (a site's data/ folder) "
            "or datapackage.json (an unzipped release)"
        )
    return _from_zip(path)


def _from_site(folder: Path, latest: Path) -> PreviousRelease:
    try:
        meta = json.loads(latest.read_text("utf-8"))
        name, sha = str(meta["file"]), str(meta["sha256"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise PreviousReleaseError(
            f"previous release {latest}: not a release pointer ({type(exc).__name__}: {exc})"
        ) from None
    zip_path = folder / name
    if Path(name).name != name or not zip_path.is_file():
        raise PreviousReleaseError(
            f"previous release {latest}: names {name!r}, which is not a file beside it"
        )
    rel = _from_zip(zip_path)
    if rel.sha256 != sha:
        raise PreviousReleaseError(
            f"previous release {zip_path}: its SHA-256 is not the one {latest} records "
            "(a damaged or replaced file)"
        )
    return rel


def _from_zip(path: Path) -> PreviousRelease:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PreviousReleaseError(f"previous release {path}: unreadable ({exc})") from None
    sha = hashlib.sha256(data).hexdigest()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PreviousReleaseError(f"previous release {path}: not a zip file ({exc})") from None
    with zf, tempfile.TemporaryDirectory(prefix="previous-release-") as tmp:
        infos = zf.infolist()
        packages = [i.filename for i in infos if i.filename.count("/") == 1]
        packages = [n for n in packages if n.endswith("/datapackage.json")]
        if len(packages) != 1:
            raise PreviousReleaseError(
                f"previous release {path}: not a data release of this project "
                "(a release zip holds one folder with a datapackage.json)"
            )
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise PreviousReleaseError(f"previous release {path}: too large once unpacked")
        top = packages[0].split("/")[0]
        wanted = ["datapackage.json", "SHA256SUMS", *(f"{n}.csv" for n in NEEDED)]
        members = {i.filename: i for i in infos}
        for name in wanted:
            info = members.get(f"{top}/{name}")
            if info is None:
                continue  # named below, after the descriptor says whose release this is
            try:
                content = zf.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
                raise PreviousReleaseError(
                    f"previous release {path}: {top}/{name} is corrupt ({exc})"
                ) from None
            (Path(tmp) / name).write_bytes(content)
        # named by its folder: egov-data-latest.zip is a copy of the newest release's zip
        return _from_folder(Path(tmp), path, file=f"{top}.zip", sha256=sha, inner=f"{top}/")


def _from_folder(
    folder: Path, source: Path, *, file: str, sha256: str, inner: str = ""
) -> PreviousRelease:
    """The release unpacked in ``folder`` (``source`` and ``inner`` name it in messages)."""

    def fail(name: str, problem: str) -> PreviousReleaseError:
        sep = " " if problem.startswith("is ") else ": "
        return PreviousReleaseError(f"previous release {source}: {inner}{name}{sep}{problem}")

    desc = _descriptor(folder, fail)
    sums = _check_sums(folder, fail)
    tables = {}
    for name, columns in NEEDED.items():
        csv = folder / f"{name}.csv"
        if not csv.is_file():
            raise fail(csv.name, "is missing")
        try:
            head = set(pd.read_csv(csv, nrows=0).columns)
        except (ValueError, UnicodeDecodeError) as exc:
            raise fail(csv.name, f"not a CSV table ({exc})") from None
        lacking = [c for c in columns if c not in head]
        if lacking:
            raise fail(
                csv.name,
                f"schema mismatch: no column {', '.join(lacking)} "
                f"(it has {', '.join(sorted(head)) or 'none'})",
            )
        try:
            history = read_history(csv)[0] if name == "changes" else None
            tables[name] = history if history is not None else read_table(name, folder)
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            raise fail(csv.name, f"schema mismatch: {exc}") from None
    changes = tables["changes"]
    last = int(changes["drop"].max()) if len(changes) else 0
    if last != desc["drop"]:
        raise fail(
            "changes.csv", f"its last drop is {last}, but datapackage.json says {desc['drop']}"
        )
    return PreviousRelease(
        source=source,
        version=desc["version"],
        drop=desc["drop"],
        created=desc["created"],
        file=file,
        sha256=sha256,
        tables=tables,
        earlier=desc["releases"],
        sums=sums,
    )


def _descriptor(folder: Path, fail: _Fail) -> dict:
    try:
        desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise fail("datapackage.json", f"unreadable ({exc})") from None
    if not isinstance(desc, dict) or desc.get("name") != PACKAGE_NAME:
        raise fail("datapackage.json", f"not a data package of this project ({PACKAGE_NAME})")
    version, drop, created = desc.get("version"), desc.get("drop"), desc.get("created")
    if not isinstance(version, str) or not version or isinstance(drop, bool):
        raise fail("datapackage.json", "no version: a build's descriptor, not a release's")
    if not isinstance(drop, int) or drop < 0:
        raise fail("datapackage.json", f"drop {drop!r} is not a drop number")
    earlier = desc.get("releases", [])
    if not isinstance(earlier, list) or not all(
        isinstance(e, dict) and isinstance(e.get("version"), str) for e in earlier
    ):
        raise fail("datapackage.json", "its releases list is not a list of releases")
    return {"version": version, "drop": drop, "created": str(created or ""), "releases": earlier}


def _check_sums(folder: Path, fail: _Fail) -> dict[str, str]:
    """Every file a build reads matches its line of ``SHA256SUMS`` (returned, by file)."""
    if not (folder / "SHA256SUMS").is_file():
        raise fail("SHA256SUMS", "is missing")
    try:
        lines = (folder / "SHA256SUMS").read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("SHA256SUMS", f"unreadable ({exc})") from None
    sums = {}
    for line in lines:
        digest, _, name = line.partition("  ")
        if line.strip():
            sums[name.strip()] = digest.strip()
    for name in ["datapackage.json", *(f"{n}.csv" for n in NEEDED)]:
        if name not in sums:
            raise fail("SHA256SUMS", f"has no line for {name}")
        p = folder / name
        if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() != sums[name]:
            raise fail(name, "does not match its checksum in SHA256SUMS (damaged or edited)")
    return sums


def lineage_record(previous: PreviousRelease) -> dict:
    """What ``data/processed`` keeps of the release it continues (:data:`LINEAGE`): every
    release up to it, and the checksums of its files (a release of the very same tables is
    no new release)."""
    return {"releases": previous.lineage(), "files": previous.sums}


def _read(folder: Path) -> dict:
    try:
        data = json.loads((folder / LINEAGE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_record(folder: Path) -> dict:
    """The lineage record of ``folder`` (``{}``: it continues no release)."""
    data = _read(folder)
    return data if read_lineage(folder) else {}


def read_lineage(folder: Path) -> list[dict]:
    """The releases the tables in ``folder`` continue, oldest first (none: ``[]``)."""
    releases = _read(folder).get("releases")
    return [r for r in releases if isinstance(r, dict)] if isinstance(releases, list) else []


def last_release_files(folder: Path) -> dict[str, str]:
    """The SHA-256 of each file of the last release the tables in ``folder`` continue."""
    files = _read(folder).get("files")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def continues(folder: Path, previous: PreviousRelease) -> bool:
    """Do the tables in ``folder`` already continue ``previous`` (built from it before)?"""
    lineage = read_lineage(folder)
    return bool(lineage) and previous.entry() in lineage
