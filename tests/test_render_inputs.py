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


def test_a_chapter_s_inputs_are_its_file_code_and_data_not_the_layout(project, monkeypatch):
    from analysis import paths
    from analysis.book import chapter_inputs

    monkeypatch.setattr(paths, "project_root", lambda: project)
    monkeypatch.delenv("ANALYSIS_DATA", raising=False)
    (project / "_quarto-en.yml").write_text(
        "book:\n  site-url: https://example.org/en/\n", encoding="utf-8"
    )
    (project / "book").mkdir()
    (project / "book" / "styles.css").write_text("p {}\n", encoding="utf-8")
    chapter = project / "notebooks" / "01-summary.py"

    def digest() -> str:
        return chapter_inputs.chapter_digest(chapter, chapter_inputs.common_digest(project))

    first = digest()
    assert digest() == first
    # layout, the rest of the Quarto configuration, the preface: not a chapter's inputs
    (project / "book" / "styles.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    (project / "book" / "preamble.tex").write_text("\\relax\n", encoding="utf-8")
    (project / "_quarto.yml").write_text("project: {type: book}\nformat: pdf\n", encoding="utf-8")
    (project / "index.qmd").write_text("# Preface\n", encoding="utf-8")
    assert digest() == first
    seen = {first}
    for change in (
        lambda: (project / "data" / "processed" / "facts.csv").write_text("a,b\n1,3\n"),
        lambda: chapter.write_text("# %%\nprint(2)\n", encoding="utf-8"),
        lambda: (project / "src").mkdir() or (project / "src" / "m.py").write_text("X = 1\n"),
        lambda: (project / "uv.lock").write_text("version = 1\n", encoding="utf-8"),
        # the download links name the edition's site-url
        lambda: (project / "_quarto-en.yml").write_text("book:\n  site-url: https://x.org/\n"),
        lambda: monkeypatch.setenv("ANALYSIS_GEO_DIR", str(project / "elsewhere")),
    ):
        change()
        now = digest()
        assert now not in seen
        seen.add(now)
    other = project / "notebooks" / "02-online-services.py"
    assert chapter_inputs.chapter_digest(other, "c") != chapter_inputs.chapter_digest(chapter, "c")
