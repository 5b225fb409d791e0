"""Releases that carry on from the one published before (``build --previous PATH``).

The site is built from a fresh checkout, whose ``data/processed`` is empty; given the
release the site last published (its zip, or the site's ``data/`` folder), a build numbers
its drop after the release's drops and keeps their rows in ``changes.csv``, and the release it
makes lists every earlier one. Each "publication" below deletes ``data/processed`` first, as a
fresh checkout has none (the extraction cache stays, which only saves time).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.cli import main
from analysis.pipeline import build
from analysis.previous import LINEAGE, PreviousReleaseError, load_previous
from analysis.release import ReleaseError, make_release

REPO = paths.project_root()
DAY = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
LATER = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)
HELD_BACK = "quang-ngai-2022"  # published in the second drop only


def _project(root: Path) -> Path:
    for name in ("LICENSE-DATA.md", "CITATION.cff", "pyproject.toml"):
        (root / name).write_bytes((REPO / name).read_bytes())
    return root / "data/raw/reports/manifest.csv"


def _without(manifest: Path, *report_ids: str) -> pd.DataFrame:
    full = pd.read_csv(manifest, dtype="string", keep_default_na=False)
    full[~full["report_id"].isin(report_ids)].to_csv(manifest, index=False)
    return full


def _fresh_checkout(root: Path) -> None:
    shutil.rmtree(root / "data/processed", ignore_errors=True)


def _zip_table(zip_path: Path, name: str) -> pd.DataFrame:
    with zipfile.ZipFile(zip_path) as zf:
        (inner,) = {n.split("/")[0] for n in zf.namelist()}
        return pd.read_csv(zf.open(f"{inner}/{name}"), dtype="string", keep_default_na=False)


def _zip_json(zip_path: Path, name: str) -> dict:
    with zipfile.ZipFile(zip_path) as zf:
        (inner,) = {n.split("/")[0] for n in zf.namelist()}
        return json.loads(zf.read(f"{inner}/{name}"))


def _zip_text(zip_path: Path, name: str) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        (inner,) = {n.split("/")[0] for n in zf.namelist()}
        return zf.read(f"{inner}/{name}").decode("utf-8")


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_drops_from_a_release_zip(cached_copy, tmp_path):
    """Drop 1 published without one report; drop 2, built from a fresh checkout with the
    first zip as --previous, adds it: changes.csv holds drop 1's rows as released and drop
    2's new report, and the second release lists the first."""
    manifest = _project(cached_copy)
    full = _without(manifest, HELD_BACK)
    build(progress=False)
    first = make_release(tmp_path / "r1", now=DAY)
    assert (first.version, first.drop) == ("2026-12-02", 1)

    full.to_csv(manifest, index=False)
    _fresh_checkout(cached_copy)
    result = build(progress=False, previous=first.path)
    assert result.changes["new_report"] == 1  # this drop's changes, not the release's
    changes = pd.read_csv(
        cached_copy / "data/processed/changes.csv", dtype="string", keep_default_na=False
    )
    released = _zip_table(first.path, "changes.csv")
    assert sorted(set(changes["drop"])) == ["1", "2"]
    kept = changes[changes["drop"] == "1"].reset_index(drop=True)
    assert kept.equals(released)  # drop 1's rows as released, every column
    second_rows = changes[changes["drop"] == "2"]
    assert set(second_rows["report_id"]) == {HELD_BACK}  # its report, figures and findings
    assert second_rows.loc[second_rows["change"] == "new_report", "report_id"].tolist() == [
        HELD_BACK
    ]

    second = make_release(tmp_path / "r2", now=LATER)
    assert (second.version, second.drop) == ("2027-03-03", 2)
    desc = _zip_json(second.path, "datapackage.json")
    sha1 = hashlib.sha256(first.path.read_bytes()).hexdigest()
    assert desc["releases"] == [
        {
            "version": "2026-12-02",
            "drop": 1,
            "created": "2026-12-02T08:00:00+00:00",
            "file": "egov-data-2026-12-02.zip",
            "sha256": sha1,
        }
    ]
    readme = _zip_text(second.path, "README.md")
    earlier = readme.split("## Earlier releases")[1].split("\n## ")[0]
    assert "| 2026-12-02 | 1 | 2026-12-02T08:00:00+00:00 | egov-data-2026-12-02.zip |" in earlier
    assert "This release is drop 2." in readme
    assert _zip_json(first.path, "datapackage.json")["releases"] == []
    assert "None: this is the first release" in _zip_text(first.path, "README.md")


def test_three_drops_through_the_sites_data_folder(cached_copy, tmp_path):
    """What the publishing workflow does: each publication starts from a fresh checkout,
    builds with the site's data/ folder as --previous, and releases into that folder. After
    three, every zip is there, the third's changes.csv holds drops 1-3, it lists both earlier
    releases, and a second publication on one day gets a version of its own."""
    manifest = _project(cached_copy)
    full = _without(manifest, HELD_BACK, "tra-vinh-2023-q3")
    site = tmp_path / "site" / "data"
    build(progress=False)
    one = make_release(site, now=DAY)

    full[full["report_id"] != "tra-vinh-2023-q3"].to_csv(manifest, index=False)
    _fresh_checkout(cached_copy)
    assert main(["-q", "build", "--previous", str(site)]) == 0
    two = make_release(site, now=DAY)  # the same day: a version of its own
    assert (two.version, two.drop) == ("2026-12-02.2", 2)

    full.to_csv(manifest, index=False)
    _fresh_checkout(cached_copy)
    build(progress=False, previous=site)
    three = make_release(site, now=LATER)
    assert (three.version, three.drop) == ("2027-03-03", 3)

    assert {p.name for p in site.glob("egov-data-2*.zip")} == {
        one.path.name,
        two.path.name,
        three.path.name,
    }
    changes = _zip_table(three.path, "changes.csv")
    assert sorted(set(changes["drop"])) == ["1", "2", "3"]
    new = changes[changes["change"] == "new_report"]
    assert new.loc[new["drop"] == "2", "report_id"].tolist() == [HELD_BACK]
    assert new.loc[new["drop"] == "3", "report_id"].tolist() == ["tra-vinh-2023-q3"]
    assert (changes["drop"] == "1").sum() == len(full) - 2  # drop 1's reports, as released
    assert (
        changes[changes["drop"] != "3"]
        .reset_index(drop=True)
        .equals(_zip_table(two.path, "changes.csv"))
    )
    listed = _zip_json(three.path, "datapackage.json")["releases"]
    assert [(e["version"], e["drop"], e["file"]) for e in listed] == [
        ("2026-12-02", 1, one.path.name),
        ("2026-12-02.2", 2, two.path.name),
    ]
    for e, rel in zip(listed, (one, two), strict=True):
        assert e["sha256"] == hashlib.sha256(rel.path.read_bytes()).hexdigest()
    index = json.loads((site / "releases.json").read_text("utf-8"))["releases"]
    assert [e["version"] for e in index] == ["2026-12-02", "2026-12-02.2", "2027-03-03"]
    latest = json.loads((site / "latest.json").read_text("utf-8"))
    assert latest["file"] == three.path.name and latest["drop"] == 3
    with pytest.raises(ReleaseError, match=r"2026-12-02\.2' was released before"):
        make_release(site, "2026-12-02.2", now=LATER)


def test_a_build_that_changes_nothing_keeps_the_released_drop(cached_copy, tmp_path):
    """From a fresh checkout, the same inputs as the release: no new drop, the release's
    history as it was; building again with the same --previous has nothing to do, a full
    build after it still continues the release, and releasing the same tables again makes
    no new zip."""
    _project(cached_copy)
    build(progress=False)
    first = make_release(tmp_path / "r", now=DAY)
    _fresh_checkout(cached_copy)
    result = build(progress=False, previous=first.path)
    assert result.changes == {} and not result.unchanged  # built, but nothing new to report
    processed = cached_copy / "data/processed"
    changes = pd.read_csv(processed / "changes.csv")
    assert set(changes["drop"]) == {1}
    assert len(changes) == len(_zip_table(first.path, "changes.csv"))
    lineage = json.loads((processed / LINEAGE).read_text("utf-8"))["releases"]
    assert [e["version"] for e in lineage] == ["2026-12-02"]
    before = _digests(processed)
    again = build(progress=False, previous=first.path)
    assert again.unchanged and _digests(processed) == before
    assert build(progress=False, full=True).tables and (processed / LINEAGE).exists()
    latest = (tmp_path / "r" / "latest.json").read_bytes()
    same = make_release(tmp_path / "r", now=LATER)  # the same tables: no new release
    assert not same.new and same.path == first.path and same.drop == 1
    assert [p.name for p in (tmp_path / "r").glob("egov-data-2*")] == [first.path.name]
    assert (tmp_path / "r" / "latest.json").read_bytes() == latest
    elsewhere = make_release(tmp_path / "other", now=LATER)  # that zip is not there
    assert not elsewhere.new and elsewhere.written
    assert (elsewhere.version, elsewhere.drop) == ("2026-12-02", 1)  # the same release
    assert elsewhere.path.read_bytes() == first.path.read_bytes()


# -- the same tables are the same release, wherever and whenever it is made -----------------


def test_releasing_the_same_tables_again_is_the_same_release(built_copy, tmp_path):
    """A local user's releases: the same tables released again into the same folder leave its
    zip as it is; into an empty folder, on another day, give the same version, byte for byte;
    a build in between still has nothing to do (the release's record is no build output)."""
    _project(built_copy)
    out = tmp_path / "releases"
    first = make_release(out, now=DAY)
    zip_bytes, listed = first.path.read_bytes(), (out / "releases.json").read_bytes()
    assert build(progress=False).unchanged  # recording the release did not touch the tables
    again = make_release(out, now=DAY)
    assert (again.new, again.written, again.version) == (False, False, "2026-12-02")
    assert first.path.read_bytes() == zip_bytes and (out / "releases.json").read_bytes() == listed
    empty = make_release(tmp_path / "elsewhere", now=LATER)
    assert (empty.new, empty.written, empty.version, empty.drop) == (False, True, "2026-12-02", 1)
    assert empty.path.read_bytes() == zip_bytes
    latest = json.loads((tmp_path / "elsewhere" / "latest.json").read_text("utf-8"))
    assert latest["sha256"] == hashlib.sha256(zip_bytes).hexdigest()
    assert main(["-q", "release", "--no-build", "--out", str(out)]) == 0
    assert first.path.read_bytes() == zip_bytes
    # --version of that very release: the same release; another version: a new one
    assert not make_release(out, "2026-12-02", now=LATER).new


def test_a_new_drop_released_the_same_day_keeps_the_first(cached_copy, tmp_path):
    """Release drop 1, add a report, release again the same day: the new drop gets a version
    of its own (the first zip is not replaced), lists the first as its earlier release, and the
    folder's releases.json keeps both."""
    manifest = _project(cached_copy)
    full = _without(manifest, HELD_BACK)
    build(progress=False)
    out = tmp_path / "releases"
    first = make_release(out, now=DAY)
    zip_bytes = first.path.read_bytes()
    full.to_csv(manifest, index=False)
    build(progress=False)  # drop 2, in the same data/processed
    second = make_release(out, now=DAY)
    assert second.new and (second.version, second.drop) == ("2026-12-02.2", 2)
    assert first.path.read_bytes() == zip_bytes
    listed = _zip_json(second.path, "datapackage.json")["releases"]
    assert [(e["version"], e["sha256"]) for e in listed] == [
        ("2026-12-02", hashlib.sha256(zip_bytes).hexdigest())
    ]
    index = json.loads((out / "releases.json").read_text("utf-8"))["releases"]
    assert [e["version"] for e in index] == ["2026-12-02", "2026-12-02.2"]


def test_a_rebuilt_data_folder_finds_its_release_in_the_release_folder(built_copy, tmp_path):
    """`make clean` and a build give the same tables again: releasing them into the folder that
    holds their release is that release; different tables after such a restart (history at
    drop 1 again) never take a version the folder has, and its list keeps every release."""
    manifest = _project(built_copy)
    out = tmp_path / "releases"
    first = make_release(out, now=DAY)
    zip_bytes = first.path.read_bytes()
    _fresh_checkout(built_copy)
    build(progress=False)
    same = make_release(out, now=LATER)
    assert (same.new, same.written, same.version) == (False, False, "2026-12-02")
    _without(manifest, HELD_BACK)
    _fresh_checkout(built_copy)
    build(progress=False)
    other = make_release(out, now=DAY)
    assert other.new and (other.version, other.drop) == ("2026-12-02.2", 1)
    assert first.path.read_bytes() == zip_bytes
    assert _zip_json(other.path, "datapackage.json")["releases"] == []  # it continues none
    index = json.loads((out / "releases.json").read_text("utf-8"))["releases"]
    assert [e["version"] for e in index] == ["2026-12-02", "2026-12-02.2"]


# -- bad input: a clear error naming the file and the problem, nothing written -------------


@pytest.fixture()
def good_release(built_copy, tmp_path):
    _project(built_copy)
    rel = make_release(tmp_path / "good", now=DAY)
    return built_copy, rel.path


def _rezip(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def _resum(folder_files: dict[str, bytes]) -> bytes:
    return "".join(
        f"{hashlib.sha256(b).hexdigest()}  {n}\n"
        for n, b in sorted(folder_files.items())
        if n != "SHA256SUMS"
    ).encode()


def _bad_inputs(good: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    """Bad previous releases, each with the words its error must contain."""
    out: dict[str, tuple[Path, str]] = {}
    out["missing"] = (tmp / "absent.zip", "absent.zip: no such file or folder")
    text = tmp / "notes.zip"
    text.write_text("not a zip at all", "utf-8")
    out["not a zip"] = (text, "notes.zip: not a zip file")
    foreign = tmp / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("other-project/datapackage.json", json.dumps({"name": "another-package"}))
    out["foreign"] = (foreign, "datapackage.json: not a data package of this project")
    holiday = tmp / "photos.zip"
    with zipfile.ZipFile(holiday, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8\xff")
    out["no package"] = (holiday, "photos.zip: not a data release of this project")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith("/changes.csv"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # one byte inside the compressed table
    corrupt = tmp / "corrupt.zip"
    corrupt.write_bytes(bytes(data))
    out["corrupt"] = (corrupt, "changes.csv is corrupt")
    truncated = tmp / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: len(data) // 2])
    out["truncated"] = (truncated, "truncated.zip: not a zip file")
    out["edited"] = (
        _rezip(
            good,
            tmp / "edited.zip",
            lambda n, b: b.replace(b"An Giang", b"An Giaog", 1) if n.endswith("/facts.csv") else b,
        ),
        "facts.csv: does not match its checksum in SHA256SUMS",
    )
    out["file missing"] = (
        _rezip(good, tmp / "lacking.zip", lambda n, b: None if n.endswith("/audit.csv") else b),
        "audit.csv is missing",
    )
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(good) as zf:
        for n in zf.namelist():
            files[n.split("/", 1)[1]] = zf.read(n)
        top = zf.namelist()[0].split("/")[0]
    facts = pd.read_csv(pd.io.common.BytesIO(files["facts.csv"]), dtype="string")
    files["facts.csv"] = facts.drop(columns=["quote"]).to_csv(index=False).encode()
    files["SHA256SUMS"] = _resum(files)
    mismatch = tmp / "old-layout.zip"
    with zipfile.ZipFile(mismatch, "w") as zf:
        for n, b in files.items():
            zf.writestr(f"{top}/{n}", b)
    out["schema"] = (mismatch, "facts.csv: schema mismatch: no column quote")
    site = tmp / "site"
    site.mkdir()
    shutil.copy(good, site / good.name)
    (site / "latest.json").write_text(json.dumps({"file": good.name, "sha256": "0" * 64}), "utf-8")
    out["replaced"] = (site, "is not the one")
    gone = tmp / "site-gone"
    gone.mkdir()
    (gone / "latest.json").write_text(json.dumps({"file": "egov-data-x.zip", "sha256": ""}))
    out["pointer to nothing"] = (gone, "names 'egov-data-x.zip', which is not a file beside it")
    return out


def test_a_bad_previous_release_is_a_clear_error_and_writes_nothing(good_release, tmp_path, capsys):
    root, good = good_release
    data_before = _digests(root / "data")
    bad = tmp_path / "bad"
    bad.mkdir()
    for what, (path, words) in _bad_inputs(good, bad).items():
        with pytest.raises(PreviousReleaseError) as err:
            load_previous(path)
        assert words in str(err.value), (what, str(err.value))
        assert str(path.name) in str(err.value), what
        assert main(["-q", "build", "--previous", str(path)]) == 1, what
        said = capsys.readouterr().err
        assert "PreviousReleaseError" in said and words in said, (what, said)
    assert _digests(root / "data") == data_before  # not one byte of data/ changed


def test_an_unzipped_release_folder_is_a_previous_release_too(good_release, tmp_path):
    _, good = good_release
    with zipfile.ZipFile(good) as zf:
        zf.extractall(tmp_path / "unzipped")
    (folder,) = (tmp_path / "unzipped").iterdir()
    rel = load_previous(folder)
    assert (rel.version, rel.drop, rel.file) == ("2026-12-02", 1, "")
    assert set(rel.tables) == {"reports", "facts", "indicators", "audit", "changes"}
    assert load_previous(good).sha256 == hashlib.sha256(good.read_bytes()).hexdigest()
    latest = load_previous(good.with_name("egov-data-latest.zip"))  # a copy: named by its folder
    assert latest.entry() == load_previous(good).entry()
    assert latest.entry()["file"] == "egov-data-2026-12-02.zip"
