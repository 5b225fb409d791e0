"""What a chapter's execution depends on, as one digest per chapter: ``make book`` executes
only the chapters whose inputs changed since they were last executed (a change to the book's
layout, its Quarto configuration or Quarto re-renders the editions from the chapters executed
before; see :mod:`analysis.book.render_inputs` for what a render depends on).

A chapter's inputs: its own file, the project's code (``src``), the published tables it reads
(``data/processed``, or ``ANALYSIS_DATA``), the reference files the library reads
(``data/raw/reference``), the local configuration (``analysis.toml``), the district boundaries,
the locked environment and the Python, the ``ANALYSIS_*`` settings, and the one thing it
reads from the Quarto configuration: each edition's ``site-url`` (the download links,
:func:`analysis.book.downloads.data_url`). Not its inputs: ``book/`` (styles, preamble,
filters, the edition link), the rest of ``_quarto*.yml``, ``index.qmd`` and Quarto.

A stamp beside each executed notebook (``_build/notebooks/<stem>.inputs``, ignored by git)
holds that digest and the notebook's own; an executed chapter is current while both match and
every figure it links to (``_figures/`` beside the chapter) is still there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .render_inputs import _files, hash_boundaries

#: Inputs of every chapter (relative to the project), besides the published tables.
COMMON = (
    "src",
    "data/raw/reference",
    "analysis.toml",
    "pyproject.toml",
    "uv.lock",
    "environment.yml",
)
#: A figure an executed chapter links to (:func:`analysis.book.figures.write_png`).
_FIGURE = re.compile(re.escape(paths.FIGURE_DIR) + r"/[A-Za-z0-9._-]+\.png")


def common_digest(root: Path | None = None) -> str:
    """SHA-256 over the inputs all chapters share (the same for every chapter)."""
    from ..book_config import EDITIONS, book_config

    root = root or paths.project_root()
    h = hashlib.sha256()
    h.update(f"python {sys.executable} {sys.version}\n".encode())
    for key in sorted(k for k in os.environ if k.startswith("ANALYSIS_")):
        h.update(f"env {key}={os.environ[key]}\n".encode())
    for edition in EDITIONS:
        try:
            site = (book_config(edition).get("book") or {}).get("site-url")
        except (OSError, ValueError):
            site = None
        h.update(f"site-url {edition} {site}\n".encode())
    for rel, path in _files(root, COMMON):
        h.update(f"{rel}\0{path.stat().st_size}\0".encode())
        h.update(path.read_bytes())
    tables = paths.published_dir()
    for rel, path in _files(tables, sorted(p.name for p in tables.glob("*"))):
        h.update(f"tables/{rel}\0".encode())
        h.update(path.read_bytes())
    hash_boundaries(h)
    return h.hexdigest()


def chapter_digest(chapter: Path, common: str) -> str:
    """SHA-256 of one chapter's inputs: the shared ones (``common``) and its own file."""
    h = hashlib.sha256(f"{common}\n{chapter.as_posix()}\n".encode())
    h.update(chapter.read_bytes() if chapter.is_file() else b"\0missing")
    return h.hexdigest()


def stamp_path(executed: Path) -> Path:
    return executed.with_suffix(".inputs")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(chapter: Path, executed: Path, digest: str) -> None:
    """Note that ``executed`` is ``chapter`` executed from inputs with ``digest``."""
    stamp = {"inputs": digest, "notebook": _sha256(executed)}
    stamp_path(executed).write_text(json.dumps(stamp) + "\n", encoding="utf-8")


def forget(executed: Path) -> None:
    stamp_path(executed).unlink(missing_ok=True)


def current(chapter: Path, executed: Path, digest: str) -> bool:
    """``executed`` is ``chapter`` executed from inputs with ``digest``, unchanged since, and
    every figure it links to is in the chapter's ``_figures/``."""
    stamp = stamp_path(executed)
    if not (executed.is_file() and stamp.is_file()):
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return False
    if not isinstance(recorded, dict) or recorded.get("inputs") != digest:
        return False
    raw = executed.read_bytes()
    if recorded.get("notebook") != hashlib.sha256(raw).hexdigest():
        return False
    links = set(_FIGURE.findall(raw.decode("utf-8", errors="replace")))
    return all((chapter.parent / f).is_file() for f in links)


@dataclass(frozen=True)
class Plan:
    """The chapters to have executed in ``executed`` (``<stem>.ipynb``), their inputs' digests,
    and those of them to execute (the rest are current)."""

    chapters: list[Path]
    executed: Path
    digests: dict[Path, str]
    stale: list[Path]

    def saved(self, chapter: Path) -> Path:
        return self.executed / f"{chapter.stem}.ipynb"


def plan(chapters: list[Path], executed: Path, root: Path | None = None) -> Plan:
    """Which of ``chapters`` need executing into ``executed``."""
    common = common_digest(root)
    digests = {c: chapter_digest(c, common) for c in chapters}
    stale = [c for c in chapters if not current(c, executed / f"{c.stem}.ipynb", digests[c])]
    return Plan(chapters, executed, digests, stale)


def execute(todo: Plan, *, workers: int) -> Iterator[tuple[Path, str | None]]:
    """(chapter, error or ``None``) for every chapter of ``todo``: the current ones at once,
    then the stale ones as their execution ends (:func:`analysis.book.notebooks.execute_many`),
    each stamped when it ran without error."""
    from . import notebooks

    stale = set(todo.stale)
    for chapter in todo.chapters:
        if chapter not in stale:
            yield chapter, None
    for chapter in todo.stale:
        forget(todo.saved(chapter))
    if not todo.stale:
        return
    for run in notebooks.execute_many(todo.stale, todo.executed, workers=workers):
        if run.error is None:
            record(run.path, todo.saved(run.path), todo.digests[run.path])
        yield run.path, run.error
