"""The Vietnamese chapters from the English ones: each chapter's code lives once.

A chapter is written once as code (``notebooks/<name>.py``, a percent notebook whose code
cells only call :mod:`analysis.book`); its Vietnamese edition (``notebooks/vi/<name>-vi.py``)
holds the Vietnamese prose only: its markdown cells and the captions (``tbl-cap``,
``fig-cap``, ``fig-alt``) of its code cells. :func:`vi_notebook` rebuilds the Vietnamese file
from the two: every code cell is the English one with ``style.enable(lang="vi")`` and the
Vietnamese captions, every markdown cell the Vietnamese one. The library functions word
their output in the edition's language (:mod:`analysis.book.words`), so the same call gives
each edition its text.

``python -m analysis.book.editions`` rewrites every Vietnamese chapter that differs (after an
English chapter's code changed); ``--check`` only lists them (exit 1), as the tests do.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .. import paths

#: Cell options that are prose: taken from the Vietnamese chapter.
CAPTIONS = ("tbl-cap", "fig-cap", "fig-alt")
ENABLE_EN = "style.enable()"
ENABLE_VI = 'style.enable(lang="vi")'
_OPTION = re.compile(r"#\|\s*([\w-]+):")


class EditionError(ValueError):
    """The two editions of a chapter do not have the same cells."""


def split_cells(text: str) -> list[str]:
    """A percent notebook's cells, each starting at its ``# %%`` line (text before the first
    kept as a cell of its own)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("# %%") or not out:
            out.append(line)
        else:
            out[-1] += line
    return out


def kind(cell: str) -> str:
    """``markdown`` or ``code``."""
    return "markdown" if cell.startswith("# %% [markdown]") else "code"


def _options(cell: str) -> dict[str, str]:
    return {m.group(1): line for line in cell.splitlines() if (m := _OPTION.match(line))}


def _vi_code(en: str, vi: str) -> str:
    captions = {k: v for k, v in _options(vi).items() if k in CAPTIONS}
    lines = []
    for line in en.splitlines(keepends=True):
        m = _OPTION.match(line)
        if m and m.group(1) in captions:
            end = "\n" if line.endswith("\n") else ""
            line = captions[m.group(1)].rstrip("\n") + end
        lines.append(line.replace(ENABLE_EN, ENABLE_VI))
    return "".join(lines)


def vi_notebook(en_text: str, vi_text: str, name: str = "chapter") -> str:
    """The Vietnamese chapter: the English code cells with the Vietnamese prose and captions.
    Raises :class:`EditionError` when the two do not have the same sequence of cells."""
    en, vi = split_cells(en_text), split_cells(vi_text)
    if [kind(c) for c in en] != [kind(c) for c in vi]:
        raise EditionError(
            f"{name}: the Vietnamese chapter's cells ({''.join(kind(c)[0] for c in vi)}) are not "
            f"the English chapter's ({''.join(kind(c)[0] for c in en)}; m markdown, c code)"
        )
    return "".join(
        v if kind(e) == "markdown" else _vi_code(e, v) for e, v in zip(en, vi, strict=True)
    )


def pairs(root: Path | None = None) -> list[tuple[Path, Path]]:
    """(English chapter, Vietnamese chapter) for every Vietnamese chapter file."""
    root = root or paths.project_root()
    out = []
    for vi in sorted((root / "notebooks" / "vi").glob("*-vi.py")):
        en = root / "notebooks" / (vi.name.removesuffix("-vi.py") + ".py")
        if en.is_file():
            out.append((en, vi))
    return out


def sync(root: Path | None = None, *, write: bool = True) -> list[Path]:
    """Rebuild every Vietnamese chapter from its English code; the files that differed."""
    changed = []
    for en, vi in pairs(root):
        old = vi.read_text(encoding="utf-8")
        new = vi_notebook(en.read_text(encoding="utf-8"), old, vi.name)
        if new != old:
            changed.append(vi)
            if write:
                vi.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.book.editions [--check]``."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    changed = sync(write=not check)
    for p in changed:
        print(f"{'differs' if check else 'rewrote'}: {p}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
