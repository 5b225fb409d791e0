"""The book's structure, checked without Quarto; notebooks executed headless."""

from __future__ import annotations

import json
import re

import book_outputs  # tests/book_outputs.py
import pandas as pd
import pytest

from analysis import paths
from analysis.book_config import book_config, chapter_files, notebook_paths, read_notebook
from analysis.tables.freeze import tables_read

ROOT = paths.project_root()


def _sources() -> dict[str, str]:
    out = {}
    for f in chapter_files():
        p = ROOT / f
        if p in notebook_paths():
            out[f] = "\n".join(c.source for c in read_notebook(p).cells)
        else:
            out[f] = p.read_text(encoding="utf-8")
    return out


def test_quarto_book_config():
    cfg = book_config()
    assert cfg["project"]["type"] == "book"
    assert {"html", "pdf"} <= set(cfg["format"])
    assert cfg["format"]["pdf"]["pdf-engine"] in {"xelatex", "lualatex"}
    assert "DejaVu" in cfg["format"]["pdf"]["mainfont"]
    assert cfg["execute"]["enabled"] is True and cfg["execute"]["error"] is False
    assert chapter_files()[0] == "index.qmd"


def test_every_chapter_exists_and_has_a_title():
    for f in chapter_files():
        assert (ROOT / f).is_file(), f"{f} is listed in _quarto.yml but missing"
    for f, src in _sources().items():
        assert re.search(r"^# \S", src, re.M), f"{f} has no level-1 title"


def test_every_cross_reference_is_defined():
    sources = _sources()
    text = "\n".join(sources.values())
    defined = set(re.findall(r"#\|\s*label:\s*((?:fig|tbl)-[\w-]+)", text))
    defined |= set(re.findall(r"\{#((?:sec|fig|tbl)-[\w-]+)", text))
    used = set(re.findall(r"@((?:fig|tbl|sec)-[\w-]+)", text))
    assert used - defined == set()


def test_chapters_are_percent_scripts_quarto_renders_in_place():
    """Quarto renders a percent script through a transient notebook (never writing outputs into
    the source) only when the file *starts* with a ``# %% [markdown]`` cell; no ``.ipynb`` is
    tracked in ``notebooks/`` (an executed copy would carry outputs into git)."""
    for nb_path in notebook_paths():
        assert re.match(r"\s*#\s*%%+\s+\[markdown\]", nb_path.read_text(encoding="utf-8")), nb_path
        cells = read_notebook(nb_path).cells
        assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), nb_path
    assert not list((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_stay_thin():
    """Loading, reshaping and charts live in the library: no long cells, no raw file reads."""
    for nb_path in notebook_paths():
        for cell in read_notebook(nb_path).cells:
            if cell.cell_type != "code":
                continue
            src = cell.source
            assert len(src.splitlines()) <= 25, (
                f"{nb_path.name}: a cell of {len(src.splitlines())} lines"
            )
            assert "read_csv" not in src and "open(" not in src, nb_path.name


@pytest.mark.parametrize("nb_path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_executes_cleanly(nb_path, executed_notebooks, processed_only):
    """Each chapter runs on the published tables alone, loads exactly the tables its setup cell
    declares (the freeze map), and draws the figures it labels."""
    done = executed_notebooks[nb_path.stem]
    assert done.run.error is None, done.run.error
    executed = json.loads(done.saved.read_text(encoding="utf-8"))
    errors = [
        o
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    expected_figures = len(re.findall(r"#\|\s*label:\s*fig-", nb_path.read_text()))
    assert done.run.figures >= expected_figures
    assert done.tables_read == tables_read(nb_path), (
        "the tables a chapter loads must be loaded in its setup cell"
    )
    # What a reader sees: unique chart ids, no script from the network, charts within the
    # text block and labels of 10 px or more, no internal codes, quotes without remnants.
    ids = set(pd.read_csv(processed_only / "data" / "processed" / "catalog.csv")["id"])
    assert book_outputs.problems(executed, ids) == []


def test_notebooks_run_in_their_own_environment(executed_notebooks, processed_only):
    """The shared run really executed every chapter against the processed-only copy: each
    kernel logged its own reads (a kernel that saw another root or log would not)."""
    assert set(executed_notebooks) == {p.stem for p in notebook_paths()}
    for done in executed_notebooks.values():
        assert done.saved.is_file() and done.saved.parent != ROOT / "_build" / "notebooks"
        assert done.tables_read, f"{done.run.path.name} loaded no table"


def test_every_figure_has_alt_text():
    """Screen readers get what each chart shows (``fig-alt``), not only its caption."""
    for nb_path in notebook_paths():
        for cell in read_notebook(nb_path).cells:
            if cell.cell_type == "code" and re.search(r"#\|\s*label:\s*fig-", cell.source):
                alt = re.search(r'#\|\s*fig-alt:\s*"([^"]{40,})"', cell.source)
                assert alt, f"{nb_path.name}: a figure without fig-alt"


def test_prose_cells_type_no_figures():
    """Numbers in the prose come from data (code cells); markdown holds only method constants,
    dates and quoted examples."""
    allowed = re.compile(
        r'"[^"]*"|“[^”]*”|`[^`]*`|\{#[^}]*\}|@\S+'  # quoted examples, code, labels, refs
        r"|\b1 July 2025\b|\b1/7/2025\b|\b(?:19|20)\d\d\b|SHA-256|95%"  # the Vietnamese date form
    )
    for nb_path in notebook_paths():
        for cell in read_notebook(nb_path).cells:
            if cell.cell_type == "markdown":
                text = allowed.sub("", cell.source)
                assert not re.search(r"\d", text), (nb_path.name, text)


def test_quarto_resources_are_rooted_at_the_project():
    """A resource glob without a leading "/" is matched in every folder (Quarto prefixes
    ``**/``), so each edition's render copied the other edition's output into its own, one
    level deeper on every render."""
    resources = book_config()["project"]["resources"]
    assert resources, "the Vega bundle and the data package must travel with the book"
    assert all(str(r).startswith("/") for r in resources), resources
