"""CSV downloads for the HTML book: every table and chart offers its data.

The link carries the CSV itself (a ``data:`` URI), so it works offline and in a single-file
page, with no file to copy beside the chapter. Cells are written by the standard CSV writer
(quoted as needed) and every cell that a spreadsheet would read as a formula (``=``, ``+``,
``-``, ``@`` first) is prefixed with an apostrophe: report text is untrusted.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
from collections.abc import Iterable

import pandas as pd

from .. import formats
from . import present

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NAME = re.compile(r"[^a-z0-9]+")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as CSV text (UTF-8, header, no index), formula-looking cells neutralised."""
    buf = io.StringIO()
    safe = df.apply(lambda col: col.map(_safe)) if len(df) else df
    safe.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue()


def file_name(title: str) -> str:
    """A plain file name from a title: lower case, ASCII, hyphens."""
    from ..text import fold

    return (_NAME.sub("-", fold(title)).strip("-") or "data")[:60] + ".csv"


def link(df: pd.DataFrame, title: str) -> str:
    """An HTML download link carrying ``df`` as CSV."""
    data = base64.b64encode(("\ufeff" + csv_text(df)).encode("utf-8")).decode("ascii")
    name = html.escape(file_name(title), quote=True)
    return (
        f'<p class="csv-download"><a download="{name}" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">{_LINK[formats.language()]}</a></p>'
    )


_LINK = {"en": "Download the data (CSV)", "vi": "Tải dữ liệu (CSV)"}


class Downloadable:
    """A table (escaped HTML) followed by a link to its data as CSV."""

    def __init__(self, table: present.HtmlTable, data: pd.DataFrame | None = None, title: str = ""):
        self.table = table
        self.data = table.df if data is None else data
        self.title = title or table.note or "table"

    def _repr_html_(self) -> str:
        return self.table._repr_html_() + link(self.data, self.title)

    def _repr_markdown_(self) -> str:
        """The PDF's table (Quarto prefers Markdown for LaTeX): the print columns and widths of
        :meth:`analysis.book.present.HtmlTable._repr_markdown_`. Without it Pandoc read the
        HTML table and set every column at its natural width, off the page."""
        return self.table._repr_markdown_()

    def __repr__(self) -> str:
        return repr(self.table)


def table(
    df: pd.DataFrame,
    caption: str | None = None,
    data: pd.DataFrame | None = None,
    *,
    plain_columns: Iterable[str] = (),
) -> Downloadable:
    """An escaped table of ``df`` with a CSV link (of ``data`` when given, else ``df``);
    ``plain_columns`` as :func:`analysis.book.present.table`."""
    return Downloadable(
        present.table(df, caption, plain_columns=plain_columns), data, caption or ""
    )


class ChartData:
    """The link under a chart: its data as CSV."""

    def __init__(self, df: pd.DataFrame, title: str):
        self.df = df
        self.title = title

    def _repr_html_(self) -> str:
        return link(self.df, self.title)

    def _repr_latex_(self) -> str:
        """In print: where the data are (a PDF cannot carry the CSV itself)."""
        return (
            "\\par\\noindent{\\footnotesize "
            + _PRINT[formats.language()]
            + " \\url{"
            + _latex_url(data_url())
            + "}}\\par"
        )

    def __repr__(self) -> str:
        return f"[CSV: {self.title}]"


_PRINT = {
    "en": "Data (CSV): under this chart in the HTML edition; whole tables (Appendix A):",
    "vi": "Dữ liệu (CSV): dưới biểu đồ này trong bản HTML; các bảng đầy đủ (Phụ lục A):",
}


def _latex_url(url: str) -> str:
    return re.sub(r"([%#\\{}])", r"\\\1", url)


def data_url(name: str = "") -> str:
    """Where the edition being written (:func:`analysis.formats.language`) serves
    ``data/processed`` (its ``site-url``), or the file ``name`` in it: each edition carries
    the data package, and a Vietnamese page links the Vietnamese edition's copy."""
    from ..book_config import EDITIONS, book_config

    lang = formats.language()
    edition = lang if lang in EDITIONS else EDITIONS[0]
    try:
        site = str(book_config(edition).get("book", {}).get("site-url") or "").rstrip("/")
    except (OSError, ValueError):  # data without the book's sources (a data release)
        site = ""
    return f"{site}/data/processed/{name}" if site else f"data/processed/{name}"


def data_listing() -> present.Prose:
    """Every published table with the address of its CSV: the downloads, in both formats."""
    from ..schemas import TABLES
    from .words import code_labels, t

    titles = code_labels("tables", {name: spec.title for name, spec in TABLES.items()})
    items = [
        f"{present.escape_md(titles.get(name, spec.title))}: <{data_url(name + '.csv')}>"
        for name, spec in TABLES.items()
    ]
    items.append(f"{t('downloads.fields')}: <{data_url('datapackage.json')}>")
    return present.bullet_list(items)
