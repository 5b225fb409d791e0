"""Render the book from chapters executed beforehand, several at a time.

Quarto executes a book's chapters one after another, each in a fresh kernel; with two
editions of 17 chapters that was most of a render's time. ``make book`` instead executes every
chapter itself (:func:`analysis.book.notebooks.execute_many`, in forks of one warm process,
a worker per CPU) and gives Quarto the executed notebooks to render without executing them
again:

* each edition gets a copy of the project to render, ``_build/stage/<edition>/`` (ignored by
  git, rebuilt on every render): ``_quarto.yml`` with execution off and the edition's profile
  naming the executed chapters (``.ipynb`` in their chapters' places), ``index.qmd``,
  ``book/`` and the data package (hard links), rendered with ``--profile <edition>``; links
  from a page to a chapter's ``.py`` name its ``.ipynb`` in the copy;
* the figures' PNGs the executed chapters link to (``_figures/`` beside each chapter, see
  :mod:`analysis.book.figures`) come along, hard-linked;
* the editions are rendered at the same time, each by its own Quarto in its own folder;
* each edition's output then replaces ``_book/<edition>/``; the "View source" links point at
  the chapters' sources (``notebooks/*.py``), not at the executed copies.

A plain ``quarto render`` (or ``quarto preview``) in the project still works as before:
Quarto executes the chapters itself (``execute`` in ``_quarto.yml``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from .. import paths
from ..book_config import NOTEBOOK_SUFFIX, book_config, chapter_files

#: What each edition's copy holds besides its chapters (the rest of the project is not read
#: by a render that executes nothing).
COPIED = ("index.qmd", "book", "data/processed")
#: The kernel Quarto names for the executed notebooks (they carry no kernelspec of their own).
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def stage_dir(edition: str, root: Path | None = None) -> Path:
    return (root or paths.project_root()) / "_build" / "stage" / edition


def executed_path(chapter: str, executed: Path) -> Path:
    """Where the notebook runner saved ``chapter`` (``notebooks/vi/x-vi.py``) executed."""
    return executed / f"{Path(chapter).stem}.ipynb"


def _as_notebooks(items: list) -> list:
    """A chapter list with each ``.py`` chapter named as its executed ``.ipynb``."""
    out: list = []
    for it in items or []:
        if isinstance(it, str) and it.endswith(NOTEBOOK_SUFFIX):
            out.append(str(Path(it).with_suffix(".ipynb")))
        elif isinstance(it, dict):
            it = dict(it)
            if "chapters" in it:
                it["chapters"] = _as_notebooks(it["chapters"])
            out.append(it)
        else:
            out.append(it)
    return out


def stage_configs(edition: str) -> dict[str, dict]:
    """The configuration files of an edition's copy: ``_quarto.yml`` with no execution and no
    pre-render (the data are built), and the edition's profile naming the executed chapters.
    The copy is rendered with ``--profile <edition>``, so the pages' profile blocks
    (``when-profile``) show as in the project."""
    from ..safe_yaml import load_yaml

    root = paths.project_root()
    base = dict(load_yaml(root / "_quarto.yml"))
    project = dict(base.get("project") or {})
    project.pop("pre-render", None)
    base["project"] = project
    base["execute"] = {"enabled": False}
    profile = dict(load_yaml(root / f"_quarto-{edition}.yml") or {})
    book = dict(profile.get("book") or {})
    for key in ("chapters", "appendices"):
        if key in book:
            book[key] = _as_notebooks(book[key])
    profile["book"] = book
    return {"_quarto.yml": base, f"_quarto-{edition}.yml": profile}


def stage_config(edition: str) -> dict:
    """The configuration Quarto renders an edition's copy with (its files merged)."""
    from ..book_config import _merge

    files = list(stage_configs(edition).values())
    merged = _merge(files[0], files[1])
    assert isinstance(merged, dict)
    return merged


#: A Markdown link to a file with a ``.py`` suffix (and an optional ``#anchor``).
_PY_LINK = re.compile(r"(\]\()([^)\s#]+)\.py((?:#[^)\s]*)?\))")


def chapter_links(text: str, folder: str, chapters: Iterable[str]) -> str:
    """Markdown ``text`` of a page in ``folder`` (project-relative) with its links to ``.py``
    chapters pointing at their executed ``.ipynb`` (which the copy renders)."""
    names = {c for c in chapters if c.endswith(NOTEBOOK_SUFFIX)}

    def fix(m: re.Match) -> str:
        target = os.path.normpath(os.path.join(folder, m.group(2) + NOTEBOOK_SUFFIX))
        if Path(target).as_posix() in names:
            return f"{m.group(1)}{m.group(2)}.ipynb{m.group(3)}"
        return m.group(0)

    return _PY_LINK.sub(fix, text)


def _copy(src: Path, dst: Path) -> None:
    """``src`` (file or folder) to ``dst``, hard-linked where the file system allows."""
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=_link_or_copy, dirs_exist_ok=True)
    elif src.is_file():
        dst.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(str(src), str(dst))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _clean_notebook(nb: dict) -> dict:
    """An executed notebook as Quarto should read it: a kernelspec, and no execution timings
    in the cells' metadata (Quarto would carry them into the page as attributes)."""
    nb.setdefault("metadata", {})["kernelspec"] = KERNELSPEC
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
    return nb


def stage(edition: str, executed: Path, root: Path | None = None) -> Path:
    """Build ``_build/stage/<edition>/`` from the project and the executed chapters in
    ``executed``; returns the folder (a missing executed chapter raises FileNotFoundError)."""
    import yaml

    root = root or paths.project_root()
    target = stage_dir(edition, root)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name, config in stage_configs(edition).items():
        (target / name).write_text(
            "# Generated for one render (analysis.book.staging); edit the project's file.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    for name in COPIED:
        _copy(root / name, target / name)
    chapters = chapter_files(book_config(edition))
    for folder in dict.fromkeys(Path(c).parent for c in chapters):
        _copy(root / folder / paths.FIGURE_DIR, target / folder / paths.FIGURE_DIR)
    for page in chapters:
        if page.endswith(".qmd") and (target / page).is_file():
            text = (target / page).read_text(encoding="utf-8")
            fixed = chapter_links(text, str(Path(page).parent), chapters)
            if fixed != text:
                (target / page).unlink()  # a hard link to the project's file: never edit it
                (target / page).write_text(fixed, encoding="utf-8")
    for chapter in chapters:
        if not chapter.endswith(NOTEBOOK_SUFFIX):
            continue
        nb = json.loads(executed_path(chapter, executed).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                text = (
                    "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                )
                fixed = chapter_links(text, str(Path(chapter).parent), chapters)
                # as lines, the way Jupyter writes them (Quarto joins the list)
                cell["source"] = fixed.splitlines(keepends=True)
        out = target / Path(chapter).with_suffix(".ipynb")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(_clean_notebook(nb), ensure_ascii=False), encoding="utf-8")
    return target


def source_links(html: str, chapters: Iterable[str]) -> str:
    """``html`` with repository links to an executed copy (``…/notebooks/x.ipynb``) pointing
    at the chapter's source (``…/notebooks/x.py``)."""
    for chapter in chapters:
        if chapter.endswith(NOTEBOOK_SUFFIX):
            executed = str(Path(chapter).with_suffix(".ipynb"))
            html = re.sub(
                r'(href="[^"]*/)' + re.escape(executed) + '"', r"\g<1>" + chapter + '"', html
            )
    return html


def publish(edition: str, root: Path | None = None) -> Path:
    """Move the edition's rendered copy into ``_book/<edition>/`` (replacing the last one)."""
    root = root or paths.project_root()
    output = str((stage_config(edition).get("project") or {}).get("output-dir") or "_book")
    rendered = stage_dir(edition, root) / output
    chapters = chapter_files(book_config(edition))
    for page in rendered.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = source_links(text, chapters)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    target = root / "_book" / edition
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(rendered, target)
    return target
