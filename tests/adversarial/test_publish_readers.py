"""Readers and a publish: tables read inside one snapshot all come from one publish (issue 12)."""

from __future__ import annotations

import shutil

import pytest

from analysis import storage
from analysis.tables import published as pub


@pytest.fixture()
def two_publishes(built, tmp_path, monkeypatch):
    """``data/processed`` holding the built tables, and a second publish of them with one
    report row fewer, ready to be swapped in."""
    live = tmp_path / "processed"
    shutil.copytree(built["_root"] / "data" / "processed", live)
    monkeypatch.setenv("ANALYSIS_DATA", str(live))

    def publish_again() -> None:
        with storage.replaced_dir(live) as new:
            for f in live.iterdir():
                shutil.copy2(f, new / f.name)
            lines = (new / "reports.csv").read_text(encoding="utf-8").splitlines(keepends=True)
            (new / "reports.csv").write_text("".join(lines[:-1]), encoding="utf-8")

    return publish_again


def test_a_snapshot_refuses_tables_from_two_publishes(two_publishes, n_reports):
    with pytest.raises(pub.RepublishedError, match="published again"), pub.snapshot():
        assert len(pub.load_reports()) == n_reports
        two_publishes()
        pub.load_reports()  # another publish: mixing it with the first read is refused


def test_without_a_snapshot_each_table_is_whole(two_publishes, n_reports):
    assert len(pub.load_reports()) == n_reports
    two_publishes()
    assert len(pub.load_reports()) == n_reports - 1


def test_read_consistently_reads_again_from_the_new_publish(two_publishes, n_reports):
    calls: list[int] = []

    def read() -> tuple[int, int]:
        first = len(pub.load_reports())
        if not calls:
            two_publishes()  # a build publishes between the two reads of the first attempt
        calls.append(first)
        return first, len(pub.load_reports())

    assert pub.read_consistently(read) == (n_reports - 1, n_reports - 1)
    assert calls == [n_reports, n_reports - 1]
