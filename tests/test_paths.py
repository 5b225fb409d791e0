"""Path resolution (analysis.paths): the root follows ANALYSIS_ROOT however often it changes."""

from __future__ import annotations

from pathlib import Path

from analysis import paths


def test_root_follows_each_change_of_analysis_root(tmp_path: Path, monkeypatch) -> None:
    """Resolving an absolute root is cached per value: a new value is a new root."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    link = tmp_path / "link"
    link.symlink_to(b, target_is_directory=True)
    for folder, expected in ((a, a), (b, b), (a, a), (link, b)):
        monkeypatch.setenv(paths.ROOT_VAR, str(folder))
        assert paths.project_root() == expected.resolve()
        assert paths.reference_dir() == expected.resolve() / "data" / "raw" / "reference"


def test_a_relative_root_is_read_from_the_working_directory(tmp_path: Path, monkeypatch) -> None:
    for sub in ("one", "two"):
        (tmp_path / sub / "proj").mkdir(parents=True)
    monkeypatch.setenv(paths.ROOT_VAR, "proj")
    for sub in ("one", "two"):
        monkeypatch.chdir(tmp_path / sub)
        assert paths.project_root() == (tmp_path / sub / "proj").resolve()


def test_without_analysis_root_the_source_tree_is_the_root(monkeypatch) -> None:
    monkeypatch.delenv(paths.ROOT_VAR, raising=False)
    assert paths.project_root() == Path(paths.__file__).resolve().parents[2]
    assert (paths.project_root() / "_quarto.yml").is_file()
