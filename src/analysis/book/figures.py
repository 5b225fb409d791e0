"""Numbered figures whose number of charts depends on the data (one map per district item).

Quarto numbers a figure from the cell's ``label: fig-…`` and ``fig-cap``; a cell that draws
as many maps as the data has varying items cannot name them in its options. :func:`figure`
gives Quarto the figure itself, as Markdown: a ``::: {#fig-…}`` div holding the interactive
chart (raw HTML, only in the HTML), its PNG (only in the PDF) and the caption as its last
paragraph, so each map gets its own number and caption in both formats and can be
cross-referenced. Outside a book render the chart is shown as Altair shows it.

The PNG is a file beside the chapter (``_figures/<label>-<digest>.png`` in the kernel's
working folder, the chapter's own; ignored by git), linked by a relative path: as a
``data:`` URI every chart went through Pandoc and each of Quarto's filters twice (HTML and
PDF), several hundred kilobytes a map. Each format's Markdown also keeps only its own part
(``content-visible``), so the other part leaves the document at Quarto's first filter.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

import altair as alt

from .. import paths
from . import export, present, style


def _fence(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text`` (a raw block cannot end early)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


FIGURE_DIR = paths.FIGURE_DIR


def write_png(png: bytes, label: str, folder: Path | None = None) -> str:
    """Save ``png`` as ``_figures/<label>-<digest>.png`` under ``folder`` (default: the working
    folder, the chapter's) unless it is there already; returns that relative path. The name
    changes with the picture, so a page rendered earlier never shows a newer one."""
    name = f"{label}-{hashlib.sha256(png).hexdigest()[:12]}.png"
    target = (folder or Path.cwd()) / FIGURE_DIR / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, target)  # whole or not at all, even with two kernels at work
    return f"{FIGURE_DIR}/{name}"


def slug(*parts: str) -> str:
    """A cross-reference id part from words: lower case ASCII letters, digits and hyphens."""
    import unicodedata

    text = " ".join(parts).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Figure:
    """A chart as a numbered, captioned Quarto figure (see the module docstring)."""

    def __init__(self, chart: alt.TopLevelMixin, label: str, caption: str, alt_text: str):
        if not re.fullmatch(r"fig-[a-z0-9-]+", label):
            raise ValueError(f"not a figure label: {label!r}")
        self.chart, self.label, self.caption, self.alt_text = chart, label, caption, alt_text

    def markdown(self) -> str:
        spec = self.chart.to_dict()
        if self.alt_text:
            spec["description"] = self.alt_text
        bundle = export.html_png_renderer(spec)
        raw = bundle["text/html"]
        fence = _fence(raw)
        alt_attr = self.alt_text.replace("\\", "").replace('"', "'")
        png = write_png(base64.b64decode(bundle["image/png"]), self.label)
        return (
            f"::: {{#{self.label}}}\n\n"
            '::: {.content-visible when-format="html"}\n'
            f"{fence}{{=html}}\n{raw}\n{fence}\n"
            ":::\n\n"
            '::: {.content-visible when-format="pdf"}\n'
            f'![]({png}){{fig-alt="{alt_attr}"}}\n'
            ":::\n\n"
            f"{present.escape_md(self.caption)}\n\n"
            ":::\n"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> object:
        if style.book_renderer_wanted() or alt.renderers.active == "book":
            return {"text/markdown": self.markdown()}
        return self.chart._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        return f"[{self.label}: {self.caption}]"


def figure(chart: alt.TopLevelMixin, label: str, caption: str, alt_text: str) -> Figure:
    """``chart`` as figure ``label`` (``fig-…``) with ``caption`` and screen-reader text."""
    return Figure(chart, label, caption, alt_text)


__all__ = ["FIGURE_DIR", "Figure", "figure", "slug", "write_png"]
