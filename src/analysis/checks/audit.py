"""Consistency checks on the extracted figures: the audit never changes a value, it reports.

Checks (``check`` column of ``data/processed/audit.csv``):

* ``rate_vs_fraction`` — a stated percentage against its own ``N/M`` recomputed;
* ``implied_share`` — a percentage in a breakdown ("94.746 hồ sơ (57.620 trực tiếp, 37126
  trực tuyến (tỷ lệ 31,3%)") against part ÷ whole;
* ``conflicting_values`` — one report giving two values for the same indicator and scope;
* ``breakdown_sum`` — parts listed in parentheses or after "gồm" against their stated total,
  and parts listed after "Trong đó" in ';'-separated clauses ("mức độ một phần tiếp nhận
  75.765 hồ sơ …; toàn trình tiếp nhận 18.512 hồ sơ") against the total before them;
* ``share_vs_counts`` — a stated share against "N … trên tổng số M" in the same sentence,
  classified or not ("1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ, đạt 37,8%");
* ``full_claim_vs_counts`` — a "100%" claim against the report's own total elsewhere (1.191
  services integrated "đạt 100%" while the report lists 606 + 976 online services);
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
from itertools import pairwise

import pandas as pd

from ..facts.catalog import Catalog
from ..facts.extract import Extracted
from ..reading.numbers import find_figures
from ..reading.reports import Report, Table
from ..reading.time_expressions import fold_keep
from ..text import fold
from ..vocabulary import fmt_number
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
    out += _share_of_counts(live, province)
    out += _full_claims(live, province)
    out += _trong_do_sums(live, province)
    return _dedupe(out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per figure and kind of problem (a share both checks see is reported once)."""
    seen, out = set(), []
    for f in findings:
        key = (f.check in ("implied_share", "share_vs_counts"), f.report_id, f.line, f.quote)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def fmt_count(value: float) -> str:
    """A count as a reader writes it ("94,277")."""
    return fmt_number(value, "count")


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
            listing = " + ".join(fmt_count(p.value) for p in parts)
            yield _finding(
                "breakdown_sum",
                "error",
                whole,
                province,
                f"the parts listed ({listing} = {fmt_count(total)}) do not add up to the "
                f"stated total {fmt_count(whole.value)}",
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


# --- shares and totals stated in prose ------------------------------------------------------

# "1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ", "1,204 of the 3,310 dossiers"
_OF_TOTAL = re.compile(
    r"[^.;%\d]{0,60}?\b(?:tren tong so|tren tong|tren|trong tong so|trong so|out of|of the|of)\s*$"
)
_SENTENCE_BREAK = re.compile(r";|\.\s|\t")


def _share_of_counts(rows: list[_Row], province: str) -> Iterable[Finding]:
    """A stated share against the two counts "N … trên tổng số M" before it in its sentence,
    whether or not any of the three figures was classified."""
    for i, r in enumerate(rows):
        x = r.x
        if x.unit != "percent" or x.numerator is not None or x.qualifier != "exact":
            continue
        before = [p for p in rows[:i] if p.x.line == x.line and p.x.unit == "count"]
        for a, b in pairwise(before):
            if _SENTENCE_BREAK.search(x.text[a.x.end : x.start]) or x.start - b.x.end > 60:
                continue
            if not _OF_TOTAL.fullmatch(fold(x.text[a.x.end : b.x.start])):
                continue
            if not 0 < a.value <= b.value:
                continue
            expected = 100 * a.value / b.value
            severity = _compare_rate(r.value, expected, x.quote)
            if severity:
                yield _finding(
                    "share_vs_counts",
                    severity,
                    r,
                    province,
                    f"the report states {r.value:g}%, but the counts it gives in the same "
                    f"sentence ({fmt_count(a.value)} of {fmt_count(b.value)}) make "
                    f"{expected:.1f}%",
                    other=b,
                    stated=r.value,
                    expected=expected,
                )
            break


# The population a "100%" claim is a share of, as the report's own counts give it: the first
# base whose indicators the report states (their sum).
FULL_CLAIM_BASES: dict[str, tuple[tuple[str, ...], ...]] = {
    "services_integrated_national_portal": (
        ("online_services_total",),
        ("online_services_level3", "online_services_level4"),
    ),
}
FULL_CLAIM_BASES["services_integrated_national_portal_rate"] = FULL_CLAIM_BASES[
    "services_integrated_national_portal"
]


def _full_claims(rows: list[_Row], province: str) -> Iterable[Finding]:
    """A "100%" claim whose count the report's own totals contradict (An Giang: 1.191
    services integrated "đạt 100%", while it lists 606 + 976 = 1.582 online services)."""
    first: dict[str, _Row] = {}
    for r in rows:
        if r.indicator and r.x.unit == "count" and r.indicator not in first:
            first[r.indicator] = r
    for i, r in enumerate(rows):
        if r.x.unit != "percent" or r.value != 100 or i == 0:
            continue
        count = rows[i - 1]
        if count.x.line != r.x.line or count.x.unit != "count" or r.x.start - count.x.end > 160:
            continue
        ind = count.indicator or r.indicator
        for base in FULL_CLAIM_BASES.get(ind, ()):
            parts = [first[b] for b in base if b in first]
            if len(parts) != len(base):
                continue
            total = sum(p.value for p in parts)
            if total and not math.isclose(total, count.value, abs_tol=1e-9):
                listing = " + ".join(fmt_count(p.value) for p in parts)
                how = f"{listing} = {fmt_count(total)}" if len(parts) > 1 else fmt_count(total)
                yield _finding(
                    "full_claim_vs_counts",
                    "error",
                    r,
                    province,
                    f"the report claims 100% for {fmt_count(count.value)} ({ind}), but its own "
                    f"counts give a total of {how} (line {parts[-1].x.line}): "
                    f"{fmt_count(count.value)} is {100 * count.value / total:.1f}% of them",
                    other=parts[-1],
                    stated=r.value,
                    expected=100 * count.value / total,
                )
            break


_TRONG_DO_START = re.compile(r"(?:^|[.;:]\s*)trong do\b\s*:?", re.IGNORECASE)


def _trong_do_sums(rows: list[_Row], province: str) -> Iterable[Finding]:
    """Parts listed after "Trong đó" in clauses split by ';' ("mức độ một phần tiếp nhận
    75.765 hồ sơ …; mức toàn trình tiếp nhận 18.512 hồ sơ") against the total stated before
    it with the same verb and noun ("đã tiếp nhận 94.746 hồ sơ")."""
    by_line: dict[int, list[_Row]] = {}
    for r in rows:
        by_line.setdefault(r.x.line, []).append(r)
    for rs in by_line.values():
        text = rs[0].x.text
        folded = fold_keep(text)
        for m in _TRONG_DO_START.finditer(folded):
            stop = re.compile(r"\.\s+[A-ZĐ]|$").search(text, m.end())
            end = stop.start() if stop else len(text)
            parts = []
            for a, b in _clauses(text, m.end(), end):
                top = [r for r in rs if a <= r.x.start < b and r.x.unit == "count"]
                top = [r for r in top if "(" not in text[a : r.x.start]]
                if top:
                    parts.append(top[0])
            if len(parts) < 2:
                continue
            key = {(_verb(text, p), _noun(text, p)) for p in parts}
            if len(key) != 1 or not all(key.pop()):
                continue
            verb, noun = _verb(text, parts[0]), _noun(text, parts[0])
            wholes = [
                r
                for r in rs
                if r.x.end <= m.start()
                and r.x.unit == "count"
                and (_noun(text, r), _verb(text, r)) == (noun, verb)
            ]
            if not wholes or any(p.x.qualifier != "exact" for p in [wholes[-1], *parts]):
                continue
            whole, total = wholes[-1], sum(p.value for p in parts)
            if math.isclose(total, whole.value, abs_tol=1e-9):
                continue
            listing = " + ".join(fmt_count(p.value) for p in parts)
            yield _finding(
                "breakdown_sum",
                "warning",
                whole,
                province,
                f"the parts listed after 'Trong đó' ({listing} = {fmt_count(total)}) do "
                f"not add up to the total {fmt_count(whole.value)} stated before them "
                f"(a gap of {fmt_count(abs(whole.value - total))})",
                other=parts[-1],
                stated=whole.value,
                expected=total,
            )


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``text[a:b]`` split at top-level ';' (not inside parentheses)."""
    out, depth, start = [], 0, a
    for i in range(a, b):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, b))
    return out


def _verb(text: str, r: _Row) -> str:
    """The two words before a figure ("tiếp nhận"), folded."""
    words = fold(text[max(0, r.x.start - 30) : r.x.start]).split()
    return " ".join(words[-2:])


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
