"""The book's configuration (``_quarto.yml`` and one profile file per edition): the one reader
of its chapter lists.

The book has an edition per language, each a Quarto profile (``_quarto-en.yml``,
``_quarto-vi.yml``) merged over ``_quarto.yml`` as Quarto merges them (mappings key by key,
lists concatenated). Chapter order lives only in the profile files; the notebook runner,
Quarto freeze thawing and the tests take it from here. Ground floor: imports
:mod:`analysis.paths` and :mod:`analysis.safe_yaml`.
"""

from __future__ import annotations

from pathlib import Path

from . import paths
from .extras import require
from .safe_yaml import load_yaml

#: The published tables a theme chapter reads (``analysis.book.theme.load_theme_chapter``);
#: freeze thawing reads them from here for a setup cell that calls it.
THEME_TABLES = ("indicators", "value_measures", "measures", "catalog", "audit", "reports")

#: The editions, the default first (``profile: default`` in ``_quarto.yml``).
EDITIONS = ("en", "vi")


def _merge(base: object, over: object) -> object:
    """``over`` merged over ``base`` as Quarto merges a profile: lists concatenated."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(over, list):
        return [*base, *(v for v in over if v not in base)]
    return over


def profile_file(edition: str) -> Path:
    """The profile file of ``edition`` (a clear error for an edition the book does not have)."""
    if edition not in EDITIONS:
        raise ValueError(f"no edition {edition!r}; the editions are {', '.join(EDITIONS)}")
    return paths.project_root() / f"_quarto-{edition}.yml"


def book_config(edition: str = EDITIONS[0]) -> dict:
    """The configuration Quarto renders ``edition`` with: ``_quarto.yml`` and its profile."""
    base = load_yaml(paths.project_root() / "_quarto.yml")
    merged = _merge(base, load_yaml(profile_file(edition)) or {})
    assert isinstance(merged, dict)
    return merged


def chapter_files(config: dict | None = None) -> list[str]:
    """Every chapter and appendix file named in ``config`` (default: the English edition's),
    in book order."""
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
    """The executable chapters (percent-format notebooks) of ``config``, in book order; without
    it, those of every edition (English first)."""
    root = paths.project_root()
    if config is not None:
        return [root / f for f in chapter_files(config) if f.endswith(NOTEBOOK_SUFFIX)]
    files = [f for e in EDITIONS for f in chapter_files(book_config(e))]
    return [root / f for f in dict.fromkeys(files) if f.endswith(NOTEBOOK_SUFFIX)]


def read_notebook(path: Path):  # -> nbformat.NotebookNode
    """A percent-format chapter as an in-memory Jupyter notebook (jupytext)."""
    require("jupytext", purpose="reading the percent-format chapters")
    import jupytext

    return jupytext.read(path, fmt="py:percent")
