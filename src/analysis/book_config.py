"""The book's configuration (``_quarto.yml``): the one reader of its chapter list.

Chapter order lives only in ``_quarto.yml``; the notebook runner, Quarto freeze thawing and the
tests take it from here. Ground floor: imports :mod:`analysis.paths` and :mod:`analysis.safe_yaml`.
"""

from __future__ import annotations

from pathlib import Path

from . import paths
from .extras import require
from .safe_yaml import load_yaml

#: The published tables a theme chapter reads (``analysis.book.theme.load_theme_chapter``);
#: freeze thawing reads them from here for a setup cell that calls it.
THEME_TABLES = ("indicators", "value_measures", "measures", "catalog", "audit", "reports")


def book_config() -> dict:
    """The parsed ``_quarto.yml``."""
    return load_yaml(paths.project_root() / "_quarto.yml")


def chapter_files(config: dict | None = None) -> list[str]:
    """Every chapter and appendix file named in ``_quarto.yml``, in book order."""
    config = config or book_config()
    book = config.get("book", {})
    out: list[str] = []

    def walk(items: list) -> None:
        for it in items or []:
            if isinstance(it, str):
                out.append(it)
            elif isinstance(it, dict):
                if it.get("part") and str(it["part"]).endswith((".qmd", ".md", ".ipynb", ".py")):
                    out.append(it["part"])
                if it.get("file"):
                    out.append(it["file"])
                walk(it.get("chapters", []))

    walk(book.get("chapters", []))
    walk(book.get("appendices", []))
    return out


#: Suffix of the executable chapters: Jupyter notebooks in the percent format (``# %%`` cells),
#: which Quarto renders without writing outputs back and Jupyter opens through jupytext.
NOTEBOOK_SUFFIX = ".py"


def notebook_paths(config: dict | None = None) -> list[Path]:
    """The executable chapters (percent-format notebooks), in book order."""
    root = paths.project_root()
    return [root / f for f in chapter_files(config) if f.endswith(NOTEBOOK_SUFFIX)]


def read_notebook(path: Path):  # -> nbformat.NotebookNode
    """A percent-format chapter as an in-memory Jupyter notebook (jupytext)."""
    require("jupytext", purpose="reading the percent-format chapters")
    import jupytext

    return jupytext.read(path, fmt="py:percent")
