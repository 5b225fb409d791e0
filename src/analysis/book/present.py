"""Display helpers for the book's notebooks: escaped tables, prose from data, number formats.

Report text is untrusted and must be shown exactly as written: everything taken from a report
is HTML-escaped for the web page, and every ASCII punctuation mark is backslash-escaped in
Markdown, so no report can inject markup or script, and Pandoc's typography (``--`` → dash,
``...`` → ellipsis, ``^x^`` superscripts, ``~x~`` subscripts, quotes) and Quarto shortcodes
(``{{< … >}}``) never touch it.

A table is built once and shown two ways: HTML for the web book (Quarto prefers
``text/html``) and, for the PDF (Quarto prefers ``text/markdown`` for LaTeX), a ready-made
LaTeX ``longtable`` in a raw block, with the columns chosen for print and explicit relative
widths, so the cells wrap inside the text block; Quarto puts the cell's ``tbl-cap`` into it.
Every cell is LaTeX-escaped (:func:`escape_latex`). As a Markdown pipe table the same table
cost Quarto's Lua filters most of the PDF's Pandoc time (10.5 of 13 CPU-s an edition). The
explanatory note goes under the table, never as a second caption.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..text import strip_markup
from ..vocabulary import CHANGE_LABELS, CHECK_LABELS, COVERAGE_ITEMS, SCOPE_LABELS, unit_label

#: Every ASCII punctuation mark: Pandoc reads each one backslash-escaped as itself.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
#: How raw column names of the published tables read as headers.
COLUMN_LABELS: dict[str, str] = {
    "report_id": "Report",
    "line": "Line",
    "quote": "Quote (as written)",
    "other_quote": "Other quote",
    "province": "Province",
    "district_name": "District",
    "item": "Deployment",
    "status": "Status",
    "period_label": "Period",
    "period_start": "From",
    "period_end": "To",
    "issuer": "Issuer",
    "title": "Title",
    "lines": "Lines",
    "indicator": "Indicator",
    "name_en": "Indicator",
    "name_vi": "Vietnamese name",
    "unit": "Unit",
    "theme_en": "Theme",
    "core": "Core",
    "value": "Value",
    "qualifier": "Qualifier",
    "scope": "Scope",
    "check": "Check",
    "severity": "Severity",
    "change": "Change",
    "old_value": "Old value",
    "new_value": "New value",
    "detail": "Detail",
    "old_province": "Province (before 2025)",
    "old_district_name": "District (before 2025)",
    "new_province": "Province (from July 2025)",
    "new_ward_name": "Communes and wards (from July 2025)",
}
#: Coded values and how they read, by column.
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "item": COVERAGE_ITEMS,
    "check": CHECK_LABELS,
    "change": CHANGE_LABELS,
    "scope": SCOPE_LABELS,
    "qualifier": {
        "exact": "exact",
        "approx": "approximate",
        "lower_bound": "at least",
        "upper_bound": "at most",
    },
}
#: Columns holding identifiers: shown in a code face, never broken inside.
CODE_COLUMNS = frozenset(
    {"report_id", "Report", "Source", "Sources", "Report (line)"}
    | {"Báo cáo", "Nguồn", "Báo cáo (dòng)"}  # the same in the Vietnamese edition
)
#: Characters of the PDF's table face (8 pt DejaVu Serif) in one line of the text block, and
#: the longest word a column is always wide enough for.
PRINT_LINE_CHARS, MAX_WORD_CHARS = 100, 14
#: Columns whose text is a report's quote: conversion remnants (``<sup>``, ``$…\\%$``) removed.
QUOTE_COLUMNS = frozenset({"quote", "other_quote"})


#: LaTeX's special characters (and TeX's ligature quotes) as a cell writes them: as written.
_LATEX_CHARS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "[": "{[}",
    "]": "{]}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    '"': r"\textquotedbl{}",  # the fonts' TeX ligatures print a bare " as ”
}
#: TeX ligatures of the book's fonts (``--`` → en dash, ``,,`` → low quotes): kept apart.
_LIGATURE = re.compile(r"([-,])(?=\1)")


def escape_latex(text: object) -> str:
    """``text`` as LaTeX that prints exactly as written (one line; control characters
    dropped): no command, group, math, comment, alignment or ligature from report text."""
    s = " ".join(("" if text is None else str(text)).split())
    s = "".join(ch for ch in s if ch.isprintable())
    return _LIGATURE.sub(r"\1{}", "".join(_LATEX_CHARS.get(ch, ch) for ch in s))


def escape_md(text: object) -> str:
    """``text`` as Markdown that Pandoc and Quarto show exactly as written (one line)."""
    s = " ".join(("" if text is None else str(text)).split())
    return _MD_SPECIAL.sub(r"\\\1", s)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _reader_value(
    col: str, value: object, values: Mapping[str, Mapping[str, str]] = VALUE_LABELS
) -> object:
    if _is_missing(value):
        return ""
    if col in QUOTE_COLUMNS:
        return strip_markup(str(value)).strip()
    if col == "unit":
        return unit_label(str(value))
    labels = values.get(col)
    return labels.get(str(value), value) if labels else value


def column_labels() -> dict[str, str]:
    """:data:`COLUMN_LABELS` in the edition's words."""
    from .. import formats
    from .words import labels

    return labels("labels.columns") if formats.language() == "vi" else COLUMN_LABELS


def value_labels() -> dict[str, Mapping[str, str]]:
    """:data:`VALUE_LABELS` in the edition's words."""
    from .. import formats
    from .words import labels

    if formats.language() != "vi":
        return VALUE_LABELS
    return {k: labels(f"labels.{k}") for k in VALUE_LABELS}  # same codes (a test)


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as a reader sees it: coded values in words, quotes cleaned, headers labelled."""
    values = value_labels()
    out = pd.DataFrame({c: [_reader_value(c, v, values) for v in df[c]] for c in df.columns})
    names = column_labels()
    out.columns = [names.get(c, c) for c in df.columns]
    return out


def _split_ids(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


_URL = re.compile(r"https?://[^\s`{}\\|]+")
_PLAIN_ID = re.compile(r"[A-Za-z0-9:.()\- ]+")
#: An identifier as the build writes one: lower-case words joined by hyphens, dots or colons
#: (``an-giang-2023-q1``, ``an-giang-2023-q1:151``), perhaps with its line in brackets. A
#: reader's label in an id column ("An Giang report of Q1 2023") is text, not code.
_ID_SHAPE = re.compile(r"[a-z0-9]+(?:[-.:_][a-z0-9]+)*(?: \([^()]*\))?")


def _is_id(text: str) -> bool:
    return bool(_URL.fullmatch(text) or _ID_SHAPE.fullmatch(text))


def _latex_id(text: str) -> str:
    """An identifier for the PDF, as LaTeX: in a code face, breakable only after its own
    hyphens and before its line in brackets (no hyphen sign added), so a narrow column wraps
    it instead of letting it run into the next; a source address as ``\\url`` (xurl breaks
    it anywhere). Anything else is escaped text."""
    if _URL.fullmatch(text):
        return "\\url{" + re.sub(r"([%#])", r"\\\1", text) + "}"
    if _PLAIN_ID.fullmatch(text):
        parts = text.replace("-", "-\\allowbreak{}").replace(" (", "\\allowbreak{} (")
        return f"\\texttt{{{parts}}}"
    return escape_latex(text)


def _breakable(identifier: str) -> str:
    """An identifier as escaped HTML that a narrow column may wrap after its ``_``, ``-`` and
    ``:`` (``<wbr>``, no hyphen sign), never inside a word: the indicator catalog's id column
    ran 17 px past the text column in a 760-px window."""
    return re.sub(r"([_:-])", r"\1<wbr>", html.escape(identifier, quote=True))


class HtmlTable:
    """A table whose every cell is escaped; HTML for the web book, Markdown for the PDF.

    ``note`` is printed under the table (the caption comes from the cell's ``tbl-cap``).
    ``print_columns`` are the columns the PDF shows (default: all), ``widths`` their relative
    widths (default: from the text lengths); ``code_columns`` hold identifiers;
    ``screen_columns`` are the columns the web page shows (default: all).
    """

    def __init__(
        self,
        df: pd.DataFrame,
        note: str | None = None,
        raw_html_columns: Iterable[str] = (),
        *,
        print_columns: Sequence[str] | None = None,
        widths: Mapping[str, float] | None = None,
        code_columns: Iterable[str] = (),
        screen_columns: Sequence[str] | None = None,
        plain_columns: Iterable[str] = (),
    ):
        self.df = df
        self.screen_columns = list(screen_columns) if screen_columns else list(df.columns)
        self.note = note
        self.raw_html_columns = set(raw_html_columns)
        self.print_columns = list(print_columns) if print_columns else list(df.columns)
        self.widths = dict(widths or {})
        # a column named like a source column ("Report", "Nguồn") that holds readers' words
        # ("An Giang, Q1 2023") is in ``plain_columns``: not set in a code face
        self.code_columns = (set(code_columns) | (CODE_COLUMNS & set(df.columns))) - set(
            plain_columns
        )

    # --- HTML -------------------------------------------------------------------------------

    def _cell(self, col: str, value: object) -> str:
        if _is_missing(value):
            return ""
        if col in self.raw_html_columns:  # produced by our own code, never from a report
            return str(value)
        if col in self.code_columns:
            if _URL.fullmatch(str(value)):  # a source address: a link that wraps in the column
                url = html.escape(str(value), quote=True)
                return f'<a class="book-url" href="{url}">{url}</a>'
            parts = _split_ids(str(value))
            if not all(_is_id(p) for p in parts):  # a reader's label: plain text
                return html.escape(str(value), quote=True)
            return ", ".join(f"<code>{_breakable(p)}</code>" for p in parts)
        return html.escape(str(value), quote=True)

    def _repr_html_(self) -> str:
        cols = self.screen_columns
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{self._cell(c, v)}</td>" for c, v in zip(cols, row, strict=True))
            + "</tr>"
            for row in self.df[cols].itertuples(index=False)
        )
        note = f'\n<p class="table-note">{html.escape(self.note)}</p>' if self.note else ""
        # Bootstrap's own classes (Quarto no longer adds them: html-table-processing: none);
        # a table wider than the column scrolls in its own box instead of overflowing it.
        return (
            '<div class="table-responsive"><table class="table table-sm table-striped small '
            f'book-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
            f"{note}"
        )

    # --- Markdown (the PDF) ---------------------------------------------------------------

    def _latex_cell(self, col: str, value: object) -> str:
        if _is_missing(value):
            return ""
        text = str(value)
        if col in self.raw_html_columns:
            text = re.sub(r"<[^>]+>", "", text)
        if col in self.code_columns:
            if _URL.fullmatch(text):
                return _latex_id(text)
            parts = _split_ids(text)
            if not all(_is_id(p) for p in parts):  # a reader's label: plain text
                return escape_latex(text)
            return ", ".join(_latex_id(p) for p in parts)
        return escape_latex(text)

    def column_widths(self) -> list[float]:
        """Relative print widths of :attr:`print_columns`: given, or from the text lengths.

        A column wants the 90th percentile of its cells' lengths (at most 60 characters) and
        gets at least its longest word (header or cell, at most 14 characters), so a short
        column ("Province", "An Giang") is never squeezed into breaking its words while the
        long text columns share what is left of the line (:data:`PRINT_LINE_CHARS`)."""
        floors, wants = [], []
        for col in self.print_columns:
            cells = self.df[col].map(lambda v: "" if _is_missing(v) else str(v))
            words = [len(w) for text in [str(col), *cells] for w in text.split()]
            floor = min(max(words, default=1) + 1, MAX_WORD_CHARS)
            typical = float(cells.map(len).quantile(0.9)) if len(cells) else 0.0
            floors.append(float(floor))
            wants.append(max(float(floor), min(typical, 60.0), 3.0))
        budget = PRINT_LINE_CHARS - 2 * len(self.print_columns)
        if sum(floors) >= budget:  # too many columns: the short words stay whole, the columns
            # of long words (addresses, ids; they break anyway) share what is left
            short = sum(f for f in floors if f < MAX_WORD_CHARS)
            n_long = sum(1 for f in floors if f >= MAX_WORD_CHARS) or 1
            rest = max((budget - short) / n_long, 6.0)
            wants = [f if f < MAX_WORD_CHARS else rest for f in floors]
        elif sum(wants) > budget:
            spare = budget - sum(floors)
            extra = sum(w - f for w, f in zip(wants, floors, strict=True)) or 1.0
            wants = [f + (w - f) * spare / extra for w, f in zip(wants, floors, strict=True)]
        out = [
            float(self.widths[col]) if col in self.widths else w
            for col, w in zip(self.print_columns, wants, strict=True)
        ]
        total = sum(out) or 1.0
        return [w / total for w in out]

    def latex(self) -> str:
        """The PDF's table: a LaTeX ``longtable`` of :attr:`print_columns` (ragged columns of
        :meth:`column_widths`, the header repeated on every page), as Pandoc writes one."""
        cols = self.print_columns
        sep = 2 * (len(cols) - 1)
        spec = "\n".join(
            f"  >{{\\raggedright\\arraybackslash}}p{{(\\linewidth - {sep}\\tabcolsep) * "
            f"\\real{{{w:.4f}}}}}"
            for w in self.column_widths()
        )
        head = " & ".join(
            f"\\begin{{minipage}}[b]{{\\linewidth}}\\raggedright\n{escape_latex(c)}\n"
            "\\end{minipage}"
            for c in cols
        )
        rows = [
            " & ".join(self._latex_cell(c, v) for c, v in zip(cols, row, strict=True)) + " \\\\"
            for row in self.df[cols].itertuples(index=False)
        ]
        return "\n".join(
            [
                f"\\begin{{longtable}}[]{{@{{}}\n{spec}@{{}}}}",
                "\\toprule\\noalign{}",
                head + " \\\\",
                "\\midrule\\noalign{}",
                "\\endhead",
                "\\bottomrule\\noalign{}",
                "\\endlastfoot",
                *rows,
                "\\end{longtable}",
            ]
        )

    def _repr_markdown_(self) -> str:
        """What Quarto reads for the PDF: :meth:`latex` as a raw LaTeX block (Pandoc and
        Quarto's filters pass it through whole), then the note as a paragraph."""
        latex = self.latex()
        longest = max((len(m) for m in re.findall(r"`+", latex)), default=0)
        fence = "`" * max(3, longest + 1)  # no cell can end the block early
        note = f"\n\n{escape_md(self.note)}" if self.note else ""
        return f"{fence}{{=latex}}\n{latex}\n{fence}{note}"

    def __repr__(self) -> str:
        return self.df.to_string(index=False)


def table(
    df: pd.DataFrame,
    note: str | None = None,
    *,
    print_columns: Sequence[str] | None = None,
    widths: Mapping[str, float] | None = None,
    code_columns: Iterable[str] = (),
    screen_columns: Sequence[str] | None = None,
    plain_columns: Iterable[str] = (),
) -> HtmlTable:
    """An escaped table of ``df`` (index dropped) as a reader sees it (:func:`readable`):
    raw column names and coded values in words, quotes without conversion remnants.
    ``print_columns`` and ``widths`` name columns by their raw or their reader label;
    ``plain_columns`` are source-like columns that hold words, not identifiers."""
    raw = df.reset_index(drop=True)
    out = readable(raw)
    names = column_labels()

    def label(c: str) -> str:
        return names.get(c, c) if c in raw.columns else c

    code = {label(c) for c in raw.columns if c in CODE_COLUMNS} | {label(c) for c in code_columns}
    return HtmlTable(
        out,
        note,
        print_columns=[label(c) for c in print_columns] if print_columns else None,
        widths={label(k): v for k, v in (widths or {}).items()},
        code_columns=code,
        screen_columns=[label(c) for c in screen_columns] if screen_columns else None,
        plain_columns={label(c) for c in plain_columns},
    )


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
    """A quoted report passage (conversion remnants removed, escaped) with its source."""
    from .words import t

    ref = t(
        "present.quote_source", report=source.get("report_id", "?"), line=source.get("line", "?")
    )
    return Prose(f"> {escape_md(strip_markup(quote))}\n>\n> — {escape_md(ref)}")
