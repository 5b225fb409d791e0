"""Versioned data releases: one zip per drop with the tables (CSV + Parquet), a valid
Frictionless descriptor (version, created, licences, per-report sources, foreign keys), the
data licence and a README; the changes history read back from an older table."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from datetime import UTC, datetime

import pandas as pd
import pytest

from analysis import paths
from analysis.corpus.manifest import ManifestError, load_manifest
from analysis.pipeline import build
from analysis.release import LATEST, ReleaseError, make_release
from analysis.tables.changes import read_history

REPO = paths.project_root()  # read at import, before a fixture points ANALYSIS_ROOT elsewhere
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
URL = "https://sotttt.angiang.gov.vn/bao-cao-q1-2023.pdf"


def _set_source_url(manifest_csv, report_id: str, url: str) -> None:
    df = pd.read_csv(manifest_csv, dtype="string", keep_default_na=False)
    df["source_url"] = ""
    df.loc[df["report_id"] == report_id, "source_url"] = url
    df.to_csv(manifest_csv, index=False)


@pytest.fixture()
def released(cached_copy, tmp_path):
    for name in ("LICENSE-DATA.md", "CITATION.cff", "pyproject.toml"):
        (cached_copy / name).write_bytes((REPO / name).read_bytes())
    _set_source_url(cached_copy / "data/raw/reports/manifest.csv", "an-giang-2023-q1", URL)
    build(progress=False)
    out = tmp_path / "releases"
    rel = make_release(out, "2026.12", now=NOW)
    root = tmp_path / "unzipped"
    with zipfile.ZipFile(rel.path) as zf:
        zf.extractall(root)
    return rel, out, root / "egov-data-2026.12"


def test_release_zip_holds_every_table_as_csv_and_parquet(released, project_copy):
    rel, out, folder = released
    assert rel.path == out / "egov-data-2026.12.zip" and rel.drop == 1
    processed = project_copy / "data/processed"
    for name, rows in rel.rows.items():
        assert (folder / f"{name}.csv").read_bytes() == (processed / f"{name}.csv").read_bytes()
        parquet = pd.read_parquet(folder / f"{name}.parquet")
        assert len(parquet) == rows == len(pd.read_csv(processed / f"{name}.csv"))
    assert "CC BY 4.0" in (folder / "LICENSE-DATA.md").read_text("utf-8")
    assert (out / LATEST).read_bytes() == rel.path.read_bytes()
    latest = json.loads((out / "latest.json").read_text("utf-8"))
    assert latest == {
        "version": "2026.12",
        "drop": 1,
        "created": "2026-12-02T08:00:00+00:00",
        "file": "egov-data-2026.12.zip",
        "sha256": hashlib.sha256(rel.path.read_bytes()).hexdigest(),
    }


def test_release_descriptor_is_valid_with_sources_and_foreign_keys(released, project_copy):
    from frictionless import Package, system

    _, _, folder = released
    desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert (desc["version"], desc["created"], desc["drop"]) == (
        "2026.12",
        "2026-12-02T08:00:00+00:00",
        1,
    )
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    manifest = load_manifest()
    by_id = {s["report_id"]: s for s in desc["sources"]}
    assert set(by_id) == set(manifest["report_id"])
    ag = by_id["an-giang-2023-q1"]
    assert ag["path"] == URL and ag["issuer"].startswith("Sở Thông tin")
    assert ag["date"] == "2023-03-31" and ag["title"]
    assert all("path" not in s for rid, s in by_id.items() if rid != "an-giang-2023-q1")
    facts = next(r for r in desc["resources"] if r["name"] == "facts")
    assert facts["schema"]["foreignKeys"] == [
        {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}
    ]
    assert {r["format"] for r in desc["resources"]} == {"csv", "parquet"}
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "message"])[:5]


def test_a_broken_foreign_key_is_caught_by_the_descriptor(released):
    from frictionless import Package, system

    _, _, folder = released
    facts = (folder / "facts.csv").read_text("utf-8").split("\n")
    facts[1] = "no-such-report" + facts[1][facts[1].index(",") :]
    (folder / "facts.csv").write_text("\n".join(facts), "utf-8")
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    assert not report.valid
    assert any("foreign key" in m for m in report.flatten(["message"])[0])


def test_readme_lists_tables_and_reports_with_their_text_escaped(released):
    _, _, folder = released
    text = (folder / "README.md").read_text("utf-8")
    assert "Data release **2026.12** (drop 1)" in text
    assert "| `facts` |" in text and URL in text
    assert "Sở Thông tin và Truyền thông tỉnh An Giang" in text


def test_a_bad_version_is_refused_before_anything_is_written(built_copy, tmp_path):
    with pytest.raises(ReleaseError, match="version"):
        make_release(tmp_path / "out", "../evil", now=NOW)
    assert not (tmp_path / "out").exists()


def test_source_url_must_be_an_http_address(project_copy):
    manifest = project_copy / "data/raw/reports/manifest.csv"
    _set_source_url(manifest, "an-giang-2023-q1", "javascript:alert(1)")
    with pytest.raises(ManifestError, match="source_url 'javascript:alert\\(1\\)' is not an http"):
        load_manifest(manifest)


def test_a_changes_table_from_before_drops_is_read_as_drop_1(tmp_path):
    old = tmp_path / "changes.csv"
    old.write_text(
        "change,report_id,province,period_label,indicator,line,quote,old_value,new_value,detail\n"
        'new_report,an-giang-2023-q1,An Giang,2023-Q1,,,,,,"54 figures, 34 classified"\n',
        "utf-8",
    )
    table, migrated = read_history(old)
    assert migrated and table["drop"].tolist() == [1]
    assert table.columns[0] == "drop" and table["detail"].iloc[0] == "54 figures, 34 classified"
    assert read_history(tmp_path / "absent.csv") == (None, False)


def test_every_file_of_a_release_has_its_checksum_and_a_changed_byte_is_caught(released):
    """SHA256SUMS covers every other file (``sha256sum -c`` passes); the descriptor gives each
    table its hash (and each CSV its size), which Frictionless checks."""
    from frictionless import Package, system

    _, _, folder = released
    sums = dict(
        reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    files = {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    assert set(sums) == files
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert checked.returncode == 0, checked.stdout
    desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    for res in desc["resources"]:
        assert res["hash"] == f"sha256:{sums[res['path']]}", res["name"]
        if res["format"] == "csv":
            assert res["bytes"] == (folder / res["path"]).stat().st_size
    audit = folder / "audit.csv"
    data = audit.read_bytes()
    audit.write_bytes(data.replace(b"An Giang", b"An Giaog", 1))  # same size, one byte off
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_a_release_says_how_to_cite_it_and_what_its_drop_changed(released):
    _, _, folder = released
    desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    cite = desc["citation"]
    assert cite.startswith("Provincial e-government report book team (2026). ")
    assert "derived tables, data release 2026.12 (drop 1)" in cite  # CITATION.cff's data title
    assert cite.endswith("https://egov-vn-book.github.io/egov-book/data/egov-data-2026.12.zip")
    text = (folder / "README.md").read_text("utf-8")
    assert "## How to cite" in text
    changed = text.split("## What changed in this drop")[1].split("##")[0]
    assert "This release is drop 1." in changed
    assert "| new\\_report | 5 |" in changed  # the five seed reports, Markdown-escaped


def test_a_second_drop_keeps_the_first_in_its_release(released, project_copy, tmp_path):
    """A drop that removes a report: the release's changes.csv holds drop 1 and drop 2, and
    its README counts only what drop 2 changed."""
    manifest = project_copy / "data/raw/reports/manifest.csv"
    df = pd.read_csv(manifest, dtype="string", keep_default_na=False)
    df[df["report_id"] != "quang-ngai-2022"].to_csv(manifest, index=False)
    build(progress=False)
    rel = make_release(tmp_path / "second", "2026.12.1", now=NOW)
    assert rel.drop == 2
    with zipfile.ZipFile(rel.path) as zf:
        changes = pd.read_csv(zf.open("egov-data-2026.12.1/changes.csv"))
        text = zf.read("egov-data-2026.12.1/README.md").decode("utf-8")
    assert sorted(set(changes["drop"])) == [1, 2]
    assert (changes["drop"] == 1).sum() == 5
    second = changes[changes["drop"] == 2]
    assert "removed_report" in set(second["change"])
    changed = text.split("## What changed in this drop")[1].split("##")[0]
    assert "This release is drop 2." in changed and "new\\_report" not in changed
    assert "| removed\\_report | 1 |" in changed
