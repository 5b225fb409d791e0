"""Versioned data releases: one zip per drop with the tables (CSV + Parquet), a valid
Frictionless descriptor (version, created, licences, per-report sources, foreign keys), the
data licence and a README; the changes history read back from an older table."""

from __future__ import annotations

import json
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
def released(project_copy, tmp_path):
    (project_copy / "LICENSE-DATA.md").write_bytes((REPO / "LICENSE-DATA.md").read_bytes())
    _set_source_url(project_copy / "data/raw/reports/manifest.csv", "an-giang-2023-q1", URL)
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


def test_a_bad_version_is_refused_before_anything_is_written(project_copy, tmp_path):
    build(progress=False)
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
