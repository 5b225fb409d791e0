"""The manifest is validated on every load; each problem names its row."""

from __future__ import annotations

import csv

import pytest

from analysis.corpus.manifest import ManifestError, load_manifest, sha256_of
from analysis.corpus.periods import PeriodError, parse_period


def test_real_manifest_loads_and_matches_files(manifest):
    from analysis import paths

    # every file of the reports folder is a report of the manifest, and the other way round
    on_disk = {p.name for p in paths.reports_dir().iterdir() if p.name != "manifest.csv"}
    assert on_disk == set(manifest["file"]) | set(manifest["original_file"])
    assert set(manifest["province"]) == {"An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi"}
    for rec in manifest.to_dict("records"):
        assert sha256_of(__import__("pathlib").Path(rec["path"])) == rec["sha256"]
    assert not manifest["post_merger"].any()


def test_raw_reports_are_the_shared_originals_byte_for_byte(manifest):
    from analysis import paths

    shared = paths.shared_dir() / "reports"
    if not shared.is_dir():
        pytest.skip("../shared/reports not present")
    for rec in manifest.to_dict("records"):
        assert sha256_of(shared / rec["source_name"]) == rec["sha256"], rec["report_id"]


def _rewrite(path, edit):
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda rows: rows[1].update(file="nope.txt"),
            r"row 3 \(report_id=an-giang-2025-01\): file 'nope.txt' not found",
        ),
        (
            lambda rows: rows[2].update(sha256="0" * 64),
            r"row 4 \(report_id=tra-vinh-2023-q3\): checksum mismatch",
        ),
        (lambda rows: rows[0].update(province="Atlantis"), r"row 2 .*unknown province 'Atlantis'"),
        (
            lambda rows: rows[4].update(period_end="2022-13-40"),
            r"row 6 .*period_end '2022-13-40' is not a date",
        ),
        (lambda rows: rows[3].update(period_label="Q3 2023"), r"row 5 .*does not parse"),
        (
            lambda rows: rows[3].update(report_id=rows[0]["report_id"]),
            r"row 5 .*duplicate report_id, first used in row 2",
        ),
        (
            lambda rows: rows[0].update(period_start="2023-02-01"),
            r"row 2 .*does not match period_label",
        ),
    ],
)
def test_invalid_manifest_names_row_and_problem(project_copy, edit, expected):
    path = project_copy / "data" / "raw" / "reports" / "manifest.csv"
    _rewrite(path, edit)
    with pytest.raises(ManifestError, match=expected):
        load_manifest(path)


def test_province_must_match_the_geography_of_its_period(project_copy):
    path = project_copy / "data" / "raw" / "reports" / "manifest.csv"
    # Kiên Giang was merged into An Giang on 1 July 2025: valid before, unknown after.
    _rewrite(path, lambda rows: rows[0].update(province="Kiên Giang"))
    load_manifest(path)
    _rewrite(
        path,
        lambda rows: rows[0].update(
            province="Kiên Giang",
            period_label="2025-Q3",
            period_start="2025-07-01",
            period_end="2025-09-30",
        ),
    )
    with pytest.raises(ManifestError, match="after 1 July 2025"):
        load_manifest(path)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2023-Q1", "2023-01-01", "2023-03-31"),
        ("2025-01", "2025-01-01", "2025-01-31"),
        ("2022", "2022-01-01", "2022-12-31"),
        ("2024-H2", "2024-07-01", "2024-12-31"),
        ("2023-01/2024-05", "2023-01-01", "2024-05-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
    ],
)
def test_period_labels(label, start, end):
    p = parse_period(label)
    assert (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "label", ["", "2023Q1", "2023-Q5", "2023-13", "23-01", "2024/2023", "Quý III/2023"]
)
def test_bad_period_labels(label):
    with pytest.raises(PeriodError):
        parse_period(label)


def test_manifest_spaces_and_encoding_are_named(project_copy):
    from analysis.corpus.manifest import ManifestError, load_manifest

    path = project_copy / "data/raw/reports/manifest.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",2023-Q1,", ",2023-Q1 ,", 1), encoding="utf-8")
    with pytest.raises(ManifestError, match=r"row 2.*period_label '2023-Q1 ' has leading or"):
        load_manifest()
    path.write_bytes(text.encode("utf-8").replace("Trà".encode(), "Trà".encode("latin-1")))
    with pytest.raises(ManifestError, match="not UTF-8"):
        load_manifest()
