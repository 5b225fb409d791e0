"""Consistency checks on the extracted figures: the audit never changes a value, it reports.

Checks (``check`` column of ``data/processed/audit.csv``):

* ``rate_vs_fraction`` — a stated percentage against its own ``N/M`` recomputed;
* ``implied_share`` — a percentage in a breakdown ("94.746 hồ sơ (57.620 trực tiếp, 37126
  trực tuyến (tỷ lệ 31,3%)") against part ÷ whole;
* ``conflicting_values`` — one report giving two values for the same indicator and scope;
* ``breakdown_sum`` — parts listed in parentheses or after "gồm" against their stated total;
* ``table_total`` — table rows against a "Tổng số" row, and "Trong đó" columns against their
  "Tổng số" column;
* ``scope_rules_missing`` — a report without line ranges in ``scopes.yaml`` (its figures count
  as province-wide unless a phrase says otherwise).

Severity: ``error`` (the report contradicts itself), ``warning`` (a difference beyond rounding
that may have an explanation), ``info`` (a difference explained by truncation).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from ..facts.catalog import Catalog
from ..facts.extract import Extracted
from ..reading.numbers import find_figures
from ..reading.reports import Report, Table
from ..text import fold
from .candidates import unclassified_candidates
from .findings import Finding

_GOM = re.compile(r"\b(gồm|bao gồm)\s*:?", re.IGNORECASE)
_TRONG_DO = re.compile(r"trong đó", re.IGNORECASE)


def decimals(quote: str) -> int:
    """Decimal places of the last number in ``quote`` ("94,8%" → 1, "30 %" → 0)."""
    m = re.search(r"[0-9](?:[.,]([0-9]+))?\s*%?\s*\W*$", quote)
    if not m or not m.group(1) or (len(m.group(1)) == 3 and "%" not in quote[-6:]):
        return 0
    return len(m.group(1))


def _compare_rate(stated: float, expected: float, quote: str) -> str | None:
    """``None`` when ``stated`` is ``expected`` rounded; else the severity of the gap."""
    d = decimals(quote)
    tol = 0.5 * 10**-d + 1e-9
    if abs(stated - expected) <= tol:
        return None
    if math.isclose(math.floor(expected * 10**d) / 10**d, stated, abs_tol=1e-9):
        return "info"
    return "error" if abs(stated - expected) >= 1 else "warning"


@dataclass
class _Row:
    """An extracted figure with its published state (after review)."""

    x: Extracted
    indicator: str
    value: float
    scope: str
    status: str


def audit_report(
    rows: list[Extracted], facts: pd.DataFrame, report: Report, province: str, catalog: Catalog
) -> list[Finding]:
    """All findings for one report; ``facts`` are its reviewed fact rows, aligned with ``rows``."""
    report_id = rows[0].report_id if rows else ""
    return audit_figures(rows, facts, province, catalog) + list(
        audit_tables(report, report_id, province)
    )


def audit_figures(
    rows: list[Extracted], facts: pd.DataFrame, province: str, catalog: Catalog
) -> list[Finding]:
    """Findings about the figures of one report (rates, conflicts, breakdowns), after review."""
    live = [
        _Row(x, ind if isinstance(ind, str) else "", float(v), sc, st)
        for x, ind, v, sc, st in zip(
            rows,
            facts["indicator"].fillna(""),
            facts["value"],
            facts["scope"],
            facts["status"],
            strict=True,
        )
    ]
    live = [r for r in live if r.status != "rejected"]
    out: list[Finding] = []
    out += _rate_vs_fraction(live, province)
    out += _implied_share(live, province)
    out += _conflicting_values(live, province, catalog)
    out += _breakdown_sums(live, province)
    out += unclassified_candidates(((r.x, r.indicator) for r in live), province)
    return out


def _finding(
    check: str,
    severity: str,
    r: _Row,
    province: str,
    message: str,
    *,
    other: _Row | None = None,
    stated: float | None = None,
    expected: float | None = None,
    other_line: int | None = None,
    other_quote: str = "",
) -> Finding:
    return Finding(
        check=check,
        severity=severity,
        message=message,
        report_id=r.x.report_id,
        province=province,
        line=r.x.line,
        quote=r.x.quote,
        other_line=other.x.line if other else other_line,
        other_quote=other.x.quote if other else other_quote,
        indicator=r.indicator,
        stated=stated,
        expected=None if expected is None else round(expected, 4),
    )


def _rate_vs_fraction(rows: list[_Row], province: str) -> Iterable[Finding]:
    for r in rows:
        x = r.x
        if x.unit != "percent" or x.numerator is None or not x.denominator:
            continue
        expected = 100 * x.numerator / x.denominator
        severity = _compare_rate(r.value, expected, x.quote)
        if severity:
            how = "truncated, not rounded" if severity == "info" else "does not match"
            yield _finding(
                "rate_vs_fraction",
                severity,
                r,
                province,
                f"stated {r.value:g}% {how}: {x.numerator:g}/{x.denominator:g} = {expected:.2f}%",
                stated=r.value,
                expected=expected,
                other_line=x.line,
                other_quote=x.extra.get("fraction_quote", ""),
            )


def _open_paren_before(text: str, pos: int) -> int | None:
    """Offset of the innermost '(' still open at ``pos``."""
    stack: list[int] = []
    for i, ch in enumerate(text[:pos]):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _whole_for(part: _Row, rows: list[_Row]) -> _Row | None:
    """The stated whole a part belongs to: the count before the '(' (or 'trong đó') opening
    the breakdown that holds ``part``."""
    text = part.x.text
    anchor = _open_paren_before(text, part.x.start)
    if anchor is None:
        hits = [m.start() for m in _TRONG_DO.finditer(text, 0, part.x.start)]
        anchor = hits[-1] if hits else None
    if anchor is None:
        return None
    before = [
        r
        for r in rows
        if r.x.line == part.x.line
        and r.x.unit == "count"
        and r.x.end <= anchor
        and anchor - r.x.end <= 60
    ]
    return before[-1] if before else None


def _implied_share(rows: list[_Row], province: str) -> Iterable[Finding]:
    for i, r in enumerate(rows):
        x = r.x
        if x.unit != "percent" or x.numerator is not None or x.qualifier != "exact" or i == 0:
            continue
        part = rows[i - 1]
        if part.x.line != x.line or part.x.unit != "count" or x.start - part.x.end > 40:
            continue
        whole = _whole_for(part, rows[: i - 1])
        if whole is None or not whole.value or whole.value <= part.value:
            continue
        expected = 100 * part.value / whole.value
        severity = _compare_rate(r.value, expected, x.quote)
        if severity:
            yield _finding(
                "implied_share",
                severity,
                r,
                province,
                f"stated {r.value:g}% but the report's own counts give "
                f"{part.value:g}/{whole.value:g} = {expected:.2f}%",
                other=whole,
                stated=r.value,
                expected=expected,
            )


def _conflicting_values(rows: list[_Row], province: str, catalog: Catalog) -> Iterable[Finding]:
    groups: dict[tuple[str, str], list[_Row]] = {}
    for r in rows:
        if r.indicator and r.indicator in catalog and not catalog[r.indicator].repeatable:
            groups.setdefault((r.indicator, r.scope), []).append(r)
    for (ind, scope), rs in groups.items():
        first = rs[0]
        for other in rs[1:]:
            if math.isclose(other.value, first.value, abs_tol=1e-9):
                continue
            gap = abs(other.value - first.value)
            severity = "error" if first.x.unit == "percent" and gap >= 1 else "warning"
            yield _finding(
                "conflicting_values",
                severity,
                other,
                province,
                f"{ind} ({scope}) is given as {first.value:g} on line {first.x.line} and as "
                f"{other.value:g} on line {other.x.line} of the same report",
                other=first,
                stated=other.value,
                expected=first.value,
            )


def _breakdown_sums(rows: list[_Row], province: str) -> Iterable[Finding]:
    by_line: dict[int, list[_Row]] = {}
    for r in rows:
        by_line.setdefault(r.x.line, []).append(r)
    for rs in by_line.values():
        text = rs[0].x.text
        for whole, parts in _groups(text, rs):
            total = sum(p.value for p in parts)
            if math.isclose(total, whole.value, abs_tol=1e-9):
                continue
            listing = " + ".join(f"{p.value:g}" for p in parts)
            yield _finding(
                "breakdown_sum",
                "error",
                whole,
                province,
                f"the parts listed ({listing} = {total:g}) do not add up to the stated "
                f"total {whole.value:g}",
                other=parts[-1],
                stated=whole.value,
                expected=total,
            )


def _groups(text: str, rs: list[_Row]) -> Iterable[tuple[_Row, list[_Row]]]:
    """(whole, parts) pairs: counts directly inside a '(...)' or after 'gồm:' that follows a
    count, when there are at least two parts and all of them are counts."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            spans.append((stack.pop(), i))
    for m in _GOM.finditer(text):
        end = re.search(r"[.;]\s|$", text[m.end() :])
        spans.append((m.start(), m.end() + (end.start() if end else 0)))
    for a, b in spans:
        whole = [r for r in rs if r.x.end <= a and a - r.x.end <= 60]
        if not whole or whole[-1].x.unit != "count":
            continue
        inside = [r for r in rs if a < r.x.start < b]
        top = [r for r in inside if _depth(text, a, r.x.start) == 1]
        if len(top) < 2 or any(r.x.unit != "count" for r in top):
            continue
        if any(r.x.qualifier != "exact" for r in [whole[-1], *top]):
            continue
        yield whole[-1], _same_noun(text, whole[-1], top)


def _noun(text: str, r: _Row) -> str:
    m = re.match(r"\s*(\w+)", text[r.x.end :])
    return fold(m.group(1)) if m else ""


def _same_noun(text: str, whole: _Row, parts: list[_Row]) -> list[_Row]:
    """Parts counted in the whole's unit noun, when the list mixes two ("6 vị trí, tương ứng
    13 biên chế; ...": of 31 biên chế, only the biên chế parts add up)."""
    noun = _noun(text, whole)
    same = [p for p in parts if _noun(text, p) == noun]
    return same if 2 <= len(same) < len(parts) else parts


def _depth(text: str, a: int, pos: int) -> int:
    depth = 0
    for ch in text[a:pos]:
        depth += ch == "("
        depth -= ch == ")"
    return max(depth, 1)


def _number(cell: object) -> float | None:
    figs = find_figures(str(cell)) if str(cell).strip() else []
    return figs[0].value if len(figs) == 1 and figs[0].unit == "count" else None


def audit_tables(report: Report, report_id: str, province: str) -> Iterable[Finding]:
    """Findings about the report's tables (rows and columns against their totals)."""
    for t in report.tables:
        finding = partial(_table_finding, report, t, report_id, province)
        yield from _column_totals(t, finding)
        yield from _group_totals(t, finding)


def _table_finding(
    report: Report,
    t: Table,
    report_id: str,
    province: str,
    row: int,
    message: str,
    stated: float,
    expected: float,
    other_row: int | None = None,
) -> Finding:
    """A ``table_total`` finding about data row ``row`` of table ``t`` (quotes: whole rows)."""
    line = t.row_lines[row]
    other = t.row_lines[other_row] if other_row is not None else None
    return Finding(
        check="table_total",
        severity="error",
        message=message,
        report_id=report_id,
        province=province,
        line=line,
        quote=report.line(line).raw.strip(),
        other_line=other,
        other_quote=report.line(other).raw.strip() if other else "",
        stated=stated,
        expected=expected,
    )


def scope_rules_finding(report_id: str, province: str, default_scope: str) -> Finding:
    """The warning for a report that ``scopes.yaml`` has no line ranges for."""
    return Finding(
        check="scope_rules_missing",
        severity="warning",
        message="scopes.yaml has no line ranges for this report: its figures count as "
        f"{default_scope}-wide unless a phrase says otherwise; read the report "
        "and add its sections (which are one department's own work?)",
        report_id=report_id,
        province=province,
    )


def _column_totals(t: Table, finding: Callable[..., Finding]) -> Iterable[Finding]:
    """Each total row against the rows of its own block (since the previous total row); a
    total right after subtotals ("Cộng" … "Cộng", "Tổng cộng") against those subtotals."""
    totals = sorted(t.total_rows)
    for k, total_i in enumerate(totals):
        start = totals[k - 1] + 1 if k else 0
        body = list(range(start, total_i))
        if len(body) < 2 and k:
            body = totals[:k]
        if not body:
            continue
        for j, col in enumerate(t.columns):
            stated = _number(t.frame.iat[total_i, j])
            values = [_number(t.frame.iat[i, j]) for i in body]
            present = [v for v in values if v is not None]
            if stated is None or len(present) < 2:
                continue
            if not math.isclose(sum(present), stated, abs_tol=1e-9):
                yield finding(
                    total_i,
                    f"column '{col}': rows add up to {sum(present):g}, the total row says "
                    f"{stated:g}",
                    stated,
                    sum(present),
                    body[-1],
                )


def _group_totals(t: Table, finding: Callable[..., Finding]) -> Iterable[Finding]:
    groups: dict[str, list[int]] = {}
    for j, col in enumerate(t.columns):
        if " / " in col:
            groups.setdefault(col.rsplit(" / ", 1)[0], []).append(j)
    for prefix, cols in groups.items():
        total_cols = [j for j in cols if t.columns[j].endswith("/ Tổng số")]
        if len(total_cols) != 1 or len(cols) < 3:
            continue
        tj = total_cols[0]
        parts = [j for j in cols if j != tj]
        for i in range(len(t.frame)):
            stated = _number(t.frame.iat[i, tj])
            values = [v for v in (_number(t.frame.iat[i, j]) for j in parts) if v is not None]
            if stated is None or not values or math.isclose(sum(values), stated, abs_tol=1e-9):
                continue
            yield finding(
                i,
                f"'{prefix}': the parts add up to {sum(values):g}, 'Tổng số' says {stated:g}",
                stated,
                sum(values),
            )


def flagged_keys(audit: pd.DataFrame) -> set[tuple[str, int, str]]:
    """Fact keys of figures that contradict their own counts (errors of the rate checks)."""
    hit = audit[
        audit["check"].isin(["rate_vs_fraction", "implied_share"]) & (audit["severity"] == "error")
    ]
    return set(zip(hit["report_id"], hit["line"].astype(int), hit["quote"], strict=True))
