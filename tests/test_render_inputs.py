"""`make book` skips an edition whose render inputs did not change (analysis.book.render_inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.book import render_inputs


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ANALYSIS_GEO_DIR", raising=False)
    monkeypatch.setattr("analysis.book.data.geo_dir", lambda: None)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01-summary.py").write_text("# %%\nprint(1)\n", encoding="utf-8")
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "facts.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "_quarto.yml").write_text("project: {type: book}\n", encoding="utf-8")
    return tmp_path


def _book(root: Path, edition: str) -> None:
    out = root / "_book" / edition
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text("<html></html>", encoding="utf-8")
    (out / "book.pdf").write_bytes(b"%PDF")


def test_digest_follows_chapters_data_and_configuration(project: Path) -> None:
    first = render_inputs.digest(project)
    assert render_inputs.digest(project) == first
    (project / "data" / "processed" / "facts.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    second = render_inputs.digest(project)
    assert second != first
    (project / "notebooks" / "01-summary.py").write_text("# %%\nprint(2)\n", encoding="utf-8")
    third = render_inputs.digest(project)
    assert third != second
    assert render_inputs.digest(project, quarto_version="1.8.0") != third


def test_digest_ignores_caches_and_quarto_transients(project: Path) -> None:
    first = render_inputs.digest(project)
    (project / "notebooks" / "__pycache__").mkdir()
    (project / "notebooks" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (project / "notebooks" / "01-summary.quarto_ipynb").write_text("{}", encoding="utf-8")
    (project / "notebooks" / "01-summary_files" / "figure-html").mkdir(parents=True)
    (project / "notebooks" / "01-summary_files" / "figure-html" / "a.png").write_bytes(b"1")
    (project / "_book").mkdir()
    (project / "_book" / "stale.html").write_text("x", encoding="utf-8")
    assert render_inputs.digest(project) == first


def test_an_edition_counts_as_rendered_only_with_its_stamp_and_both_formats(project: Path) -> None:
    current = render_inputs.digest(project)
    assert not render_inputs.up_to_date("en", current, project)
    render_inputs.record("en", current, project)
    assert not render_inputs.up_to_date("en", current, project)  # no _book/en yet
    _book(project, "en")
    assert render_inputs.up_to_date("en", current, project)
    assert not render_inputs.up_to_date("vi", current, project)
    assert not render_inputs.up_to_date("en", "0" * 64, project)
    next(iter((project / "_book" / "en").glob("*.pdf"))).unlink()
    assert not render_inputs.up_to_date("en", current, project)  # the PDF is gone
    _book(project, "en")
    render_inputs.forget("en", project)
    assert not render_inputs.up_to_date("en", current, project)
