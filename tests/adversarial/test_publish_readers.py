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


def test_load_tables_reads_every_table_from_one_publish(two_publishes, n_reports, monkeypatch):
    """A build publishing between a chapter's first and second table: ``load_tables`` reads
    them all again from the new publish, never one table from each."""
    read = pub.load_table
    published: list[bool] = []

    def load_table(name, engine="pandas", **kw):
        df = read(name, engine, **kw)
        if not published:
            published.append(True)
            two_publishes()  # after the first table of the first attempt
        return df

    monkeypatch.setattr(pub, "load_table", load_table)
    reports, again = pub.load_tables("reports", "reports")
    assert len(reports) == len(again) == n_reports - 1


def test_load_tables_names_an_unknown_table(built, monkeypatch):
    monkeypatch.setenv("ANALYSIS_DATA", str(built["_root"] / "data" / "processed"))
    with pytest.raises(pub.UnknownNameError, match="published tables are"):
        pub.load_tables("reports", "fact")


def _loader_calls(source: str) -> list[str]:
    import ast

    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name.startswith("load_") or name == "catalog":
                calls.append(name)
    return calls


def test_every_chapter_reads_its_tables_in_one_call():
    """Each notebook (both editions) loads its data with one call in its setup cell
    (``load_tables``, ``load_theme_chapter`` or one single-table loader): what a chapter shows
    comes from one publish even when a build runs while the book executes."""
    from analysis.book_config import notebook_paths, read_notebook
    from analysis.tables.freeze import setup_cell, tables_read

    notebooks = notebook_paths()
    assert len(notebooks) >= 30
    for nb in notebooks:
        setup = setup_cell(nb)
        calls = _loader_calls(setup)
        assert len(calls) == 1, (nb.name, calls)
        if calls[0] not in {"load_tables", "load_theme_chapter"}:
            assert len(tables_read(nb)) == 1, (nb.name, calls)
        later = [c.source for c in read_notebook(nb).cells if c.cell_type == "code"]
        assert sum(len(_loader_calls(s)) for s in later) == 1, nb.name  # none outside setup
