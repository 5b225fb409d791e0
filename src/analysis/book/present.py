"""Display helpers for the book's notebooks: escaped tables, prose from data, number formats.

Report text is untrusted: everything taken from a report is HTML-escaped (and Markdown
metacharacters neutralised) before it reaches a page, so no report can inject markup or script.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~@])")


def escape_md(text: object) -> str:
    """Escape ``text`` for Markdown (and HTML): safe to interpolate into prose."""
    # quote=False: an apostrophe stays one (an entity would be broken by the '#' escape below)
    s = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", s)


class HtmlTable:
    """A table whose every cell is escaped; shows as HTML in notebooks and Quarto."""

    def __init__(
        self, df: pd.DataFrame, caption: str | None = None, raw_html_columns: Iterable[str] = ()
    ):
        self.df = df
        self.caption = caption
        self.raw_html_columns = set(raw_html_columns)

    def _cell(self, col: str, value: object) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if col in self.raw_html_columns:  # produced by our own code, never from a report
            return str(value)
        return html.escape(str(value), quote=True)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.df.columns)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{self._cell(c, v)}</td>" for c, v in zip(self.df.columns, row, strict=True)
            )
            + "</tr>"
            for row in self.df.itertuples(index=False)
        )
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<table class="table table-sm">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        return self.df.to_string(index=False)


def table(df: pd.DataFrame, caption: str | None = None) -> HtmlTable:
    """An escaped HTML table of ``df`` (index dropped)."""
    return HtmlTable(df.reset_index(drop=True), caption)


class Prose:
    """Markdown prose built from data; shows as Markdown in notebooks and Quarto."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def prose(template: str, **values: object) -> Prose:
    """Fill ``template`` (``str.format`` fields) with escaped ``values``: numbers from data."""
    return Prose(template.format(**{k: escape_md(v) for k, v in values.items()}))


def bullet_list(items: Iterable[str]) -> Prose:
    """A Markdown bullet list of already-escaped items."""
    return Prose("\n".join(f"- {it}" for it in items))


def quote_block(quote: str, source: Mapping[str, object]) -> Prose:
    """A quoted report passage (escaped) with its source reference."""
    ref = f"{source.get('report_id', '?')}, line {source.get('line', '?')}"
    return Prose(f"> {escape_md(quote)}\n>\n> — {escape_md(ref)}")
