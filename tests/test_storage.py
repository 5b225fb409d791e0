"""The one transactional-write helper: all files old or all new, nothing left behind."""

from __future__ import annotations

import pytest

from analysis.storage import staged, write_bytes, write_text


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_staged_writes_land_together(tmp_path):
    write_text(tmp_path / "a.txt", "old a")
    with staged():
        write_text(tmp_path / "a.txt", "new a")
        write_bytes(tmp_path / "b.bin", b"new b", new=True)
        # nothing is renamed before the block ends
        assert (tmp_path / "a.txt").read_text() == "old a" and not (tmp_path / "b.bin").exists()
    assert _files(tmp_path) == {"a.txt": b"new a", "b.bin": b"new b"}


def test_a_failed_check_after_the_renames_puts_everything_back(tmp_path):
    write_text(tmp_path / "manifest.csv", "old")

    def verify():
        assert (tmp_path / "manifest.csv").read_text() == "new"  # the renames happened
        raise KeyboardInterrupt  # even an interruption is undone

    with pytest.raises(KeyboardInterrupt), staged(verify=verify):
        write_bytes(tmp_path / "report.txt", b"text", new=True)
        write_text(tmp_path / "manifest.csv", "new")
    assert _files(tmp_path) == {"manifest.csv": b"old"}  # no temporary or backup left


def test_a_new_file_that_appeared_meanwhile_is_not_overwritten(tmp_path):
    write_text(tmp_path / "first.txt", "old")
    with pytest.raises(FileExistsError), staged():
        write_text(tmp_path / "first.txt", "new")
        write_bytes(tmp_path / "report.txt", b"mine", new=True)
        (tmp_path / "report.txt").write_bytes(b"someone else's")
    assert _files(tmp_path) == {"first.txt": b"old", "report.txt": b"someone else's"}


def test_a_failure_inside_the_block_writes_nothing(tmp_path):
    with pytest.raises(OSError), staged():
        write_text(tmp_path / "a.txt", "new")
        raise OSError("disk full")
    assert _files(tmp_path) == {}


def test_cache_writes_are_atomic_but_not_synced(tmp_path, monkeypatch):
    """The extraction cache's writes rename into place without an fsync (its entries check
    themselves when read); nothing temporary is left beside them."""
    import os

    from analysis.storage import write_unsynced

    target = tmp_path / "cache" / "entry.json"
    calls = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd))
    write_unsynced(target, "first")
    write_unsynced(target, "second")
    assert target.read_text(encoding="utf-8") == "second" and calls == []
    assert [p.name for p in target.parent.iterdir()] == ["entry.json"]
