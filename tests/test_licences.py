"""Licences and citation: the code is MIT, the tables CC BY 4.0, and every place that states
it (pyproject, CITATION.cff, the book's metadata) says the same."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import paths

ROOT = paths.project_root()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_pyproject_uses_an_spdx_licence_and_names_its_files():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"  # PEP 639 string, not the deprecated table
    for name in project["license-files"]:
        assert (ROOT / name).is_file(), name
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))


def test_build_backend_floor_reads_pep_639():
    requires = _pyproject()["build-system"]["requires"]
    floor = next(r for r in requires if r.startswith("setuptools"))
    major = int(re.search(r">=(\d+)", floor).group(1))
    assert major >= 77, "setuptools < 77 does not accept license = 'MIT' / license-files"


def test_data_licence_covers_the_tables_and_names_the_reports_official():
    text = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text
    assert "official documents" in text
    assert "data/processed" in text


def test_citation_cff_has_the_schema_fields_and_agrees_with_pyproject():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # the fields CFF 1.2.0 requires, with the shapes its schema gives them
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"]
    assert isinstance(cff["title"], str) and cff["title"]
    assert cff["authors"] and all(("name" in a) or ("family-names" in a) for a in cff["authors"])
    project = _pyproject()["project"]
    assert cff["license"] == project["license"]
    assert str(cff["version"]) == project["version"]
    assert cff["repository-code"] == project["urls"]["Source"]
    data_ref = [r for r in cff["references"] if r["type"] == "data"]
    assert data_ref and data_ref[0]["license"] == "CC-BY-4.0"


def test_book_metadata_carries_citation_scholar_urls_and_pdf_download():
    cfg = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    book = cfg["book"]
    project = _pyproject()["project"]
    assert book["repo-url"] == project["urls"]["Source"]
    assert book["site-url"] == project["urls"]["Homepage"]
    assert "pdf" in book["downloads"]
    assert set(book["repo-actions"]) >= {"source", "issue"}
    assert cfg["google-scholar"] is True
    assert cfg["citation"]["type"] == "book"


def test_each_preface_says_how_to_cite_the_book_its_data_and_its_code():
    """Quarto puts no "Cite as" appendix on a book's pages (only the Scholar meta tags): the
    preface of each edition names the edition's own address, the release citation and the
    repository's CITATION.cff."""
    text = (ROOT / "index.qmd").read_text("utf-8")
    blocks = dict(re.findall(r'when-profile="(\w+)"\}\n(.*?)\n:::', text, flags=re.S))
    repo = yaml.safe_load((ROOT / "_quarto.yml").read_text("utf-8"))["book"]["repo-url"]
    for edition, heading in (("en", "**How to cite.**"), ("vi", "**Cách trích dẫn.**")):
        profile = yaml.safe_load((ROOT / f"_quarto-{edition}.yml").read_text("utf-8"))
        cite = blocks[edition].split(heading, 1)[1]
        assert f"<{profile['book']['site-url']}>" in cite
        assert "`citation`" in cite and "`CITATION.cff`" in cite and f"]({repo})" in cite
