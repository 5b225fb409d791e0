"""Extract every numeric figure of a report, with its context, quote, class and scope.

For each line: find the figures (:mod:`analysis.reading.numbers`), cut the clause each sits in, take
the *quote* as the exact raw text from the clause start through the figure (so the figure is
always the quote's last words), classify it against the catalog, decide whether it is a goal
rather than a result, and set its scope (province-wide or one department's own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reading.numbers import Figure, find_figures
from ..reading.reports import Line, Report
from ..text import fold
from ..vocabulary import TARGET_SUFFIX
from .catalog import Catalog
from .scopes import ScopeRules, load_scope_rules

MAX_QUOTE = 240
# Clause boundaries inside a line: ';', a sentence-ending '.', and tabs (table cells).
_SENTENCE_END = re.compile(r";|\.(?=\s+[\"“(*]?[A-ZĐÀ-Ỹ0-9])|\.\s*$|\t")
_LEAD = re.compile(r"^[\s\-+*•●.,:;)]+")
_TARGET_TAIL = re.compile(
    r"(phan dau|muc tieu|dam bao t[yi] le|chi tieu (la|dat))\W*(dat\W*)?(muc tieu\W*)?"
    r"(t[yi] le\W*)?(tren\W*)?$"
)
_TARGET_COLUMN = re.compile(r"chi tieu|muc tieu|ke hoach")
# An assignment or plan stated in the clause ("được giao chủ trì tổ chức 23 lớp ... cho 1.040")
_TARGET_CLAUSE = re.compile(r"duoc giao chu tri to chuc|ke hoach (dat ra|de ra) la")


@dataclass
class Extracted:
    """One figure found in a report (before review)."""

    report_id: str
    line: int
    quote: str
    value: float
    unit: str
    qualifier: str
    numerator: float | None
    denominator: float | None
    indicator: str | None
    scope: str
    # context kept for the audit (not published in facts)
    start: int = 0
    end: int = 0
    clause_start: int = 0
    text: str = ""
    in_table: bool = False
    extra: dict = field(default_factory=dict)
    # the figure's own period (ISO dates), set by analysis.facts.figure_periods
    period_start: str | None = None
    period_end: str | None = None


def clause_bounds(text: str) -> list[int]:
    """Start offsets of the clauses of ``text`` (always includes 0)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _quote_start(text: str, start: int, fig_start: int) -> int:
    m = _LEAD.match(text[start:fig_start])
    s = start + (m.end() if m else 0)
    if fig_start - s > MAX_QUOTE - 40:
        cut = text.rfind(" ", s, fig_start - (MAX_QUOTE - 60))
        s = cut + 1 if cut != -1 else s
    return s


def _table_cells(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\t"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _table_columns(report: Report) -> dict[int, list[str]]:
    """Line number -> column names of the table the line belongs to."""
    return {ln: t.columns for t in report.tables for ln in range(t.start_line, t.end_line + 1)}


def extract_report(
    report: Report, report_id: str, catalog: Catalog, scopes: ScopeRules | None = None
) -> list[Extracted]:
    """Every figure of ``report`` as :class:`Extracted` rows, in line order."""
    scopes = scopes or load_scope_rules()
    tables = _table_columns(report)
    out: list[Extracted] = []
    for ln in report.lines:
        if ln.is_blank:
            continue
        figs = find_figures(ln.text)
        if not figs:
            continue
        columns = tables.get(ln.number)
        if columns is not None:
            out.extend(_extract_table_line(ln, figs, columns, report_id, catalog, scopes))
        else:
            out.extend(_extract_prose_line(ln, figs, report_id, catalog, scopes))
    _link_fractions(out)
    _disambiguate_quotes(out, report)
    return out


def _make(
    ln: Line,
    f: Figure,
    report_id: str,
    indicator: str | None,
    scope: str,
    q_start: int,
    in_table: bool = False,
) -> Extracted:
    return Extracted(
        report_id=report_id,
        line=ln.number,
        quote=ln.quote(q_start, f.end),
        value=f.value,
        unit=f.unit,
        qualifier=f.qualifier,
        numerator=f.numerator,
        denominator=f.denominator,
        indicator=indicator,
        scope=scope,
        start=f.start,
        end=f.end,
        clause_start=q_start,
        text=ln.text,
        in_table=in_table,
    )


def _after(text: str, end: int) -> str:
    tail = text[end : end + 80]
    m = _SENTENCE_END.search(tail)
    return fold(tail[: m.start()] if m else tail)


def _classify(
    catalog: Catalog,
    f: Figure,
    local: str,
    clause: str,
    after: str,
    table_context: str | None = None,
    target: bool = False,
) -> str | None:
    unit = "count" if f.unit == "ratio" else f.unit
    ind = catalog.classify(unit, local, clause, after, table_context)
    if ind is not None and (
        target or _TARGET_TAIL.search(local[-60:]) or _TARGET_CLAUSE.search(clause)
    ):
        return ind + TARGET_SUFFIX
    return ind


def _extract_prose_line(
    ln: Line, figs: list[Figure], report_id: str, catalog: Catalog, scopes: ScopeRules
) -> list[Extracted]:
    bounds = clause_bounds(ln.text)
    out = []
    prev_end = 0
    for f in figs:
        cs = max(b for b in bounds if b <= f.start)
        local_start = max(cs, prev_end)
        clause = fold(ln.text[cs : f.start])
        local = fold(ln.text[local_start : f.start])
        ind = _classify(catalog, f, local, clause, _after(ln.text, f.end))
        tail = ln.text[f.end : f.end + 40]
        stop = re.search(r"[;,(]|\.\s", tail)  # cues right after the figure, in its phrase
        scope = scopes.scope(
            report_id,
            ln.number,
            fold(ln.text[cs : f.end]),
            fold(tail[: stop.start()] if stop else tail),
        )
        out.append(_make(ln, f, report_id, ind, scope, _quote_start(ln.text, cs, f.start)))
        prev_end = f.end
    return out


def _extract_table_line(
    ln: Line,
    figs: list[Figure],
    columns: list[str],
    report_id: str,
    catalog: Catalog,
    scopes: ScopeRules,
) -> list[Extracted]:
    cells = _table_cells(ln.text)
    texts = [ln.text[a:b] for a, b in cells]
    label_idx = next(
        (i for i, t in enumerate(texts) if t.strip() and not re.fullmatch(r"[\dIVX.]+", t.strip())),
        0,
    )
    label = texts[label_idx] if label_idx < len(texts) else ""
    by_cell: dict[int, list[Figure]] = {}
    for f in figs:
        j = next(i for i, (a, b) in enumerate(cells) if a <= f.start <= b)
        by_cell.setdefault(j, []).append(f)
    out = []
    for j, cell_figs in by_cell.items():
        column = columns[j] if j < len(columns) else ""
        target_col = bool(_TARGET_COLUMN.search(fold(column)))
        parts = _label_parts(label, len(cell_figs)) if j != label_idx else None
        prev_end = cells[j][0]
        for k, f in enumerate(cell_figs):
            local = fold(ln.text[prev_end : f.start])
            if parts is not None:
                clause = fold(parts[k])
            elif j == label_idx:
                clause = fold(ln.text[cells[j][0] : f.start])
            else:
                clause = fold(label)
            row_label = parts[k] if parts is not None else label
            table_context = fold(f"{row_label} | {column}") if j != label_idx else None
            ind = _classify(
                catalog,
                f,
                local,
                clause,
                _after(ln.text, f.end),
                table_context,
                target=target_col and j == label_idx,
            )
            scope = scopes.scope(report_id, ln.number, fold(label))
            out.append(
                _make(
                    ln, f, report_id, ind, scope, _quote_start(ln.text, 0, f.start), in_table=True
                )
            )
            prev_end = f.end
    return out


def _label_parts(label: str, n: int) -> list[str] | None:
    """A label listing ``n`` sub-indicators, e.g. ``"... (a 100%; b 100%; c trên 50%)"``."""
    if n < 2:
        return None
    m = re.search(r"\(([^()]*)\)\s*$", label)
    if not m:
        return None
    parts = [p for p in m.group(1).split(";") if p.strip()]
    return parts if len(parts) == n else None


def _link_fractions(rows: list[Extracted]) -> None:
    """Give a percentage the N/M stated just before it in the same clause."""
    for i, r in enumerate(rows):
        if r.unit != "percent" or r.numerator is not None or i == 0:
            continue
        p = rows[i - 1]
        if (
            p.line == r.line
            and p.numerator is not None
            and p.unit == "count"
            and p.start >= r.clause_start - 200
            and not _SENTENCE_END.search(r.text[p.end : r.start].replace(",", " "))
        ):
            r.numerator, r.denominator = p.numerator, p.denominator
            r.extra["fraction_quote"] = p.quote


def _disambiguate_quotes(rows: list[Extracted], report: Report) -> None:
    """Quotes key the facts with (report, line); widen any that repeat within a line."""
    seen: dict[tuple[int, str], int] = {}
    for r in rows:
        key = (r.line, r.quote)
        if key in seen:
            ln = report.line(r.line)
            start = max(0, r.clause_start - 1)
            while start > 0 and (r.line, ln.quote(start, r.end)) in seen:
                start -= 1
            r.quote = ln.quote(start, r.end)
            r.clause_start = start
        seen[(r.line, r.quote)] = 1
