"""The table-piece cache (issue 15): a rebuild reads the pieces of the runs of reports that did
not change and works only the run a new or edited report is in, with the same tables."""

from __future__ import annotations

import csv
import hashlib
import logging

import pandas as pd
import pytest

from analysis.tables.pieces import RUN_MAX, RUN_SIZE, Piece, PieceCache, run_key, runs


def _rec(i: int, ends: bool = False) -> dict:
    """A manifest record whose checksum ends a run (``ends``) or not."""
    n = i * RUN_SIZE if ends else i * RUN_SIZE + 1
    return {"report_id": f"r{i}", "sha256": f"{n % 2**32:08x}" + "0" * 56, "path": f"/x/{i}"}


def test_runs_end_where_the_checksums_say_and_an_insert_changes_one_run():
    recs = [_rec(i, ends=i % 5 == 4) for i in range(1, 21)]
    before = runs(recs)
    assert [len(r) for r in before] == [4, 5, 5, 5, 1]
    inserted = [*recs[:7], _rec(99), *recs[7:]]
    after = runs(inserted)
    assert [len(r) for r in after] == [4, 6, 5, 5, 1]
    keys_before = {run_key(r, "v") for r in before}
    keys_after = {run_key(r, "v") for r in after}
    assert len(keys_before - keys_after) == 1  # only the run the new report joined
    assert len(runs([_rec(i) for i in range(RUN_MAX + 3)])[0]) == RUN_MAX


def test_the_key_follows_the_manifest_fields_and_version_not_the_path():
    run = [_rec(1), _rec(2)]
    moved = [{**r, "path": "/elsewhere"} for r in run]
    retitled = [run[0], {**run[1], "title": "other"}]
    assert run_key(run, "v") == run_key(moved, "v")
    assert run_key(run, "v") != run_key(retitled, "v")
    assert run_key(run, "v") != run_key(run, "w")


def _piece() -> tuple[Piece, dict[str, pd.DataFrame]]:
    facts = pd.DataFrame({"report_id": pd.array(["r1", "r1"], dtype="string"), "value": [1.5, 2.0]})
    audit = pd.DataFrame({"line": pd.array([3, None], dtype="Int64")})
    empty = {"facts": facts.iloc[:0], "coverage": facts.iloc[:0], "audit": audit.iloc[:0]}
    empty["coverage_findings"] = audit.iloc[:0]
    piece = Piece(facts=[facts], audit=[audit], counts={"r1": 2, "r2": 0})
    piece.stats = {
        "r1": {"lines": 9, "tables": 0, "footnotes": 1},
        "r2": dict.fromkeys(("lines", "tables", "footnotes"), 0),
    }
    return piece, empty


def test_a_piece_reads_back_the_same_frames_and_a_damaged_one_is_refused(tmp_path, caplog):
    piece, empty = _piece()
    cache = PieceCache(tmp_path, "v", empty)
    run = [{"report_id": "r1"}, {"report_id": "r2"}]
    cache.put("k", piece)
    got = cache.get("k", run)
    assert got is not None and got.counts == piece.counts and got.stats == piece.stats
    pd.testing.assert_frame_equal(got.facts[0], piece.facts[0], check_exact=True)
    pd.testing.assert_frame_equal(got.audit[0], piece.audit[0], check_exact=True)
    assert got.coverage == [] and got.coverage_findings == []
    assert cache.get("k", run[:1]) is None  # other reports
    assert cache.get("other", run) is None  # absent
    path = tmp_path / "pieces" / "k.arrows"
    data = path.read_bytes()
    path.write_bytes(data[:-5] + b"xxxxx")  # the body no longer matches its checksum
    with caplog.at_level(logging.WARNING):
        assert cache.get("k", run) is None
    assert "k.arrows" in caplog.text and "checksum" in caplog.text
    path.write_bytes(data[: len(data) // 2])  # a write cut short
    assert cache.get("k", run) is None
    retyped = Piece(facts=[piece.facts[0].astype({"value": "int64"})], counts=piece.counts)
    retyped.stats = piece.stats
    cache.put("k", retyped)
    assert cache.get("k", run) is None and "other columns or types" in caplog.text
    cache.keep_only(set())
    assert not list((tmp_path / "pieces").iterdir())


def _digests(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != ".build.json"
    }


@pytest.fixture()
def unreviewed(cached_copy):
    """The seed project without reviews (a run holding a reviewed report is never stored)."""
    (cached_copy / "data/raw/reference/reviews.csv").unlink()
    return cached_copy


def test_a_rebuild_reads_unchanged_runs_from_their_pieces(unreviewed, monkeypatch, caplog):
    import analysis.report_work as report_work
    from analysis.pipeline import build

    first = build(progress=False)
    processed = unreviewed / "data/processed"
    before = _digests(processed)
    pieces = sorted((unreviewed / "data/cache/pieces").glob("*.arrows"))
    assert pieces
    worked: list[str] = []
    real = report_work._process
    monkeypatch.setattr(
        report_work, "_process", lambda rec: worked.append(rec["report_id"]) or real(rec)
    )
    (processed / ".build.json").unlink()  # else nothing to do at all
    second = build(progress=False)
    assert worked == [] and second.tables == first.tables
    assert _digests(processed) == before
    # a changed manifest field of one report: its run is worked again, the others are not
    manifest = unreviewed / "data/raw/reports/manifest.csv"
    with open(manifest, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["title"] = rows[0]["title"] + " (revised)"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    build(progress=False)
    assert rows[0]["report_id"] in worked
    assert set(pieces) != set((unreviewed / "data/cache/pieces").glob("*.arrows"))  # stale gone
    # a damaged piece is named, its run worked again, the tables the same
    worked.clear()
    piece = sorted((unreviewed / "data/cache/pieces").glob("*.arrows"))[0]
    piece.write_bytes(piece.read_bytes()[:-3])
    after_edit = _digests(processed)
    (processed / ".build.json").unlink()
    caplog.clear()
    build(progress=False)
    assert piece.name in caplog.text and worked
    assert _digests(processed) == after_edit
