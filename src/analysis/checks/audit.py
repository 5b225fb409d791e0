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
  as province-wide unless a phrase says otherwise);
* ``review_unmatched`` — a ``reviews.csv`` decision whose figure is no longer read (not
  applied; the row should be updated or deleted).

Severity: ``error`` (the report contradicts itself), ``warning`` (a difference beyond rounding
that may have an explanation), ``info`` (a difference explained by truncation).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial

import pandas as pd

from ..facts.catalog import Catalog
from ..facts.extract import MAX_CLAUSE, Extracted
from ..reading.numbers import find_figures
from ..reading.reports import Report, Table
from ..reading.time_expressions import fold_keep
from ..text import fold
from ..vocabulary import fmt_number
from .candidates import unclassified_candidates
from .findings import Finding
from .messages import Said, said

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
    return _audit_live([r for r in live if r.status != "rejected"], province, catalog)


def audit_extracted(rows: list[Extracted], province: str, catalog: Catalog) -> list[Finding]:
    """:func:`audit_figures` of a report nobody reviewed: its figures as extracted (no
    pandas; the per-report work of the build runs it beside the extraction)."""
    live = [_Row(x, x.indicator or "", float(x.value), x.scope, "extracted") for x in rows]
    return _audit_live(live, province, catalog)


def _audit_live(live: list[_Row], province: str, catalog: Catalog) -> list[Finding]:
    lines = _Lines(live)
    out: list[Finding] = []
    out += _rate_vs_fraction(live, province)
    out += _implied_share(live, lines, province)
    out += _conflicting_values(live, province, catalog)
    out += _breakdown_sums(lines, province)
    out += _share_of_counts(live, lines, province)
    out += _full_claims(live, province)
    out += _trong_do_sums(lines, province)
    out += unclassified_candidates(((r.x, r.indicator) for r in live), province)
    return _dedupe(out)


# --- the figures of a line, looked up in linear time -------------------------------------

#: The longest listing after "gồm" or "Trong đó" read as one (characters): the seed reports'
#: longest is about 820; a line that never ends its sentence (only a generated one does) is
#: read in bounded time per listing, and the findings about it stay short.
MAX_LISTING = 2 * MAX_CLAUSE

_PARENS = re.compile(r"[()]")
_CLAUSE_MARKS = re.compile(r"[();]")
_LISTING_END = re.compile(r"[.;]\s")
_STOP = re.compile(r"\.\s+[A-ZĐ]")
_WORD = re.compile(r"\s*(\w+)")


class _Line:
    """The audited figures of one line (in reading order, as the extraction yields them:
    ascending, non-overlapping spans) and what the checks look up in the line — brackets,
    "trong đó", sentence ends —, each found in one sweep of the line, so that a check costs
    a bisection per figure instead of a pass over the line."""

    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows
        self.text = rows[0].x.text  # a line holds no newline
        self.starts = [r.x.start for r in rows]
        self.ends = [r.x.end for r in rows]
        self.counts = [k for k, r in enumerate(rows) if r.x.unit == "count"]
        self.count_starts = [self.starts[k] for k in self.counts]
        self.count_ends = [self.ends[k] for k in self.counts]
        self._nouns: dict[int, str] = {}

    @cached_property
    def parens(self) -> tuple[list[int], list[int]]:
        """Offsets of the brackets, and the net depth ('(' less ')') after each."""
        where, net, depth = [], [], 0
        for m in _PARENS.finditer(self.text):
            depth += 1 if m.group() == "(" else -1
            where.append(m.start())
            net.append(depth)
        return where, net

    def net(self, pos: int) -> int:
        """'(' less ')' in ``text[:pos]``."""
        where, net = self.parens
        k = bisect_left(where, pos)
        return net[k - 1] if k else 0

    @cached_property
    def brackets(self) -> tuple[list[tuple[int, int]], list[int | None], dict[int, list[int]]]:
        """One sweep of the brackets (a ')' with none open is ignored): the matched pairs in
        the order they close, the innermost '(' open at each figure's start, and for each '('
        the figures directly inside it (not inside a nested pair)."""
        pairs: list[tuple[int, int]] = []
        innermost: list[int | None] = []
        inside: dict[int, list[int]] = {}
        stack: list[int] = []
        where = self.parens[0]
        p = 0
        for k, start in enumerate(self.starts):
            while p < len(where) and where[p] < start:
                if self.text[where[p]] == "(":
                    stack.append(where[p])
                elif stack:
                    pairs.append((stack.pop(), where[p]))
                p += 1
            innermost.append(stack[-1] if stack else None)
            if stack:
                inside.setdefault(stack[-1], []).append(k)
        for q in where[p:]:
            if self.text[q] == "(":
                stack.append(q)
            elif stack:
                pairs.append((stack.pop(), q))
        return pairs, innermost, inside

    @cached_property
    def trong_do(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the "trong đó" of the line."""
        hits = list(_TRONG_DO.finditer(self.text))
        return [m.start() for m in hits], [m.end() for m in hits]

    @cached_property
    def stops(self) -> list[int]:
        """Where the sentences of the line end (". " before a capital)."""
        return [m.start() for m in _STOP.finditer(self.text)]

    def stop_after(self, pos: int) -> int:
        """The first sentence end at or after ``pos`` (the line's end if none)."""
        k = bisect_left(self.stops, pos)
        return self.stops[k] if k < len(self.stops) else len(self.text)

    def last_before(self, anchor: int, *, counts: bool = False) -> int | None:
        """The last figure (of ``counts`` only: the last count) ending at most 60 characters
        before ``anchor``: its position in :attr:`rows`."""
        ends = self.count_ends if counts else self.ends
        k = bisect_right(ends, anchor) - 1
        if k < 0 or anchor - ends[k] > 60:
            return None
        return self.counts[k] if counts else k

    def noun(self, r: _Row) -> str:
        """The word after a figure ("hồ sơ" → "ho"), folded."""
        if r.x.end not in self._nouns:
            m = _WORD.match(self.text, r.x.end)
            self._nouns[r.x.end] = fold(m.group(1)) if m else ""
        return self._nouns[r.x.end]

    @cached_property
    def keyed_counts(self) -> dict[tuple[str, str], tuple[list[int], list[int]]]:
        """(noun, verb) -> positions and ends of the counts written with them, in order."""
        out: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for k in self.counts:
            r = self.rows[k]
            where, ends = out.setdefault((self.noun(r), _verb(self.text, r)), ([], []))
            where.append(k)
            ends.append(r.x.end)
        return out


class _Lines:
    """The audited figures grouped by line once (lines in order of their first figure)."""

    def __init__(self, rows: list[_Row]) -> None:
        grouped: dict[int, list[_Row]] = {}
        self._where: list[tuple[int, int]] = []
        for r in rows:
            rs = grouped.setdefault(r.x.line, [])
            self._where.append((r.x.line, len(rs)))
            rs.append(r)
        self.by_number = {n: _Line(rs) for n, rs in grouped.items()}

    def __iter__(self) -> Iterator[_Line]:
        return iter(self.by_number.values())

    def at(self, i: int) -> tuple[_Line, int]:
        """The line of the ``i``-th audited figure and its position there."""
        n, k = self._where[i]
        return self.by_number[n], k


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per figure and kind of problem (a share both checks see is reported once)."""
    seen, out = set(), []
    for f in findings:
        kind = "share" if f.check in ("implied_share", "share_vs_counts") else f.check
        key = (kind, f.report_id, f.line, f.quote)
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
    message: Said,
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
        message=message.en,
        message_vi=message.vi,
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
            yield _finding(
                "rate_vs_fraction",
                severity,
                r,
                province,
                said(
                    "audit.rate_truncated" if severity == "info" else "audit.rate_mismatch",
                    stated=r.value,
                    num=x.numerator,
                    den=x.denominator,
                    expected=expected,
                ),
                stated=r.value,
                expected=expected,
                other_line=x.line,
                other_quote=x.extra.get("fraction_quote", ""),
            )


def _whole_for(line: _Line, k: int) -> _Row | None:
    """The stated whole the ``k``-th figure of ``line`` belongs to: the count before the '('
    (or 'trong đó') opening the breakdown that holds it."""
    anchor = line.brackets[1][k]
    if anchor is None:
        starts, ends = line.trong_do
        j = bisect_right(ends, line.starts[k]) - 1
        anchor = starts[j] if j >= 0 else None
    if anchor is None:
        return None
    whole = line.last_before(anchor, counts=True)
    return None if whole is None else line.rows[whole]


def _implied_share(rows: list[_Row], lines: _Lines, province: str) -> Iterable[Finding]:
    for i, r in enumerate(rows):
        x = r.x
        if x.unit != "percent" or x.numerator is not None or x.qualifier != "exact" or i == 0:
            continue
        part = rows[i - 1]
        if part.x.line != x.line or part.x.unit != "count" or x.start - part.x.end > 40:
            continue
        whole = _whole_for(*lines.at(i - 1))
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
                said(
                    "audit.implied_share",
                    stated=r.value,
                    part=part.value,
                    whole=whole.value,
                    expected=expected,
                ),
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
                said(
                    "audit.conflicting_values",
                    ind=ind,
                    scope=scope,
                    first=first.value,
                    first_line=first.x.line,
                    other=other.value,
                    other_line=other.x.line,
                ),
                other=first,
                stated=other.value,
                expected=first.value,
            )


def _breakdown_sums(lines: _Lines, province: str) -> Iterable[Finding]:
    for line in lines:
        for whole, parts in _groups(line):
            total = sum(p.value for p in parts)
            if math.isclose(total, whole.value, abs_tol=1e-9):
                continue
            yield _finding(
                "breakdown_sum",
                "error",
                whole,
                province,
                said(
                    "audit.breakdown_sum",
                    parts=[p.value for p in parts],
                    total=total,
                    whole=whole.value,
                ),
                other=parts[-1],
                stated=whole.value,
                expected=total,
            )


def _groups(line: _Line) -> Iterable[tuple[_Row, list[_Row]]]:
    """(whole, parts) pairs: counts directly inside a '(...)' or after 'gồm:' (at most
    :data:`MAX_LISTING` characters, to the next '. ' or '; ') that follows a count, when
    there are at least two parts and all of them are counts."""
    text, rows = line.text, line.rows
    pairs, _, inside = line.brackets
    spans = [(a, [rows[k] for k in inside.get(a, [])]) for a, _ in pairs]
    for m in _GOM.finditer(text):
        a, b = m.start(), _listing_end(text, m.end())
        lo, hi = bisect_right(line.starts, a), bisect_left(line.starts, b)
        # directly in the listing: not inside a bracket opened after it (one level counts)
        base = line.net(a)
        spans.append((a, [r for r in rows[lo:hi] if line.net(r.x.start) - base <= 1]))
    for a, top in spans:
        w = line.last_before(a)
        if w is None or rows[w].x.unit != "count":
            continue
        if len(top) < 2 or any(r.x.unit != "count" for r in top):
            continue
        if any(r.x.qualifier != "exact" for r in [rows[w], *top]):
            continue
        yield rows[w], _same_noun(line, rows[w], top)


def _listing_end(text: str, start: int) -> int:
    """Where a listing starting at ``start`` ends: the next '. ' or '; ', the line's end, or
    :data:`MAX_LISTING` characters on."""
    hit = _LISTING_END.search(text, start, start + MAX_LISTING + 1)
    return hit.start() if hit else min(len(text), start + MAX_LISTING)


def _same_noun(line: _Line, whole: _Row, parts: list[_Row]) -> list[_Row]:
    """Parts counted in the whole's unit noun, when the list mixes two ("6 vị trí, tương ứng
    13 biên chế; ...": of 31 biên chế, only the biên chế parts add up)."""
    noun = line.noun(whole)
    same = [p for p in parts if line.noun(p) == noun]
    return same if 2 <= len(same) < len(parts) else parts


# --- shares and totals stated in prose ------------------------------------------------------

# "1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ", "1,204 of the 3,310 dossiers"
_OF_TOTAL = re.compile(
    r"[^.;%\d]{0,60}?\b(?:tren tong so|tren tong|tren|trong tong so|trong so|out of|of the|of)\s*$"
)
_SENTENCE_BREAK = re.compile(r";|\.\s|\t")


def _share_of_counts(rows: list[_Row], lines: _Lines, province: str) -> Iterable[Finding]:
    """A stated share against the two counts "N … trên tổng số M" before it in its sentence,
    whether or not any of the three figures was classified."""
    for i, r in enumerate(rows):
        x = r.x
        if x.unit != "percent" or x.numerator is not None or x.qualifier != "exact":
            continue
        line, k = lines.at(i)
        n = bisect_left(line.counts, k)  # the counts of the line before the share
        # pairs of successive counts (a, b) whose b ends at most 60 characters before it
        for j in range(max(1, bisect_left(line.count_ends, x.start - 60, 0, n)), n):
            a, b = line.rows[line.counts[j - 1]], line.rows[line.counts[j]]
            if _SENTENCE_BREAK.search(x.text, a.x.end, x.start):
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
                    said(
                        "audit.share_vs_counts",
                        stated=r.value,
                        a=a.value,
                        b=b.value,
                        expected=expected,
                    ),
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
                yield _finding(
                    "full_claim_vs_counts",
                    "error",
                    r,
                    province,
                    said(
                        "audit.full_claim_parts" if len(parts) > 1 else "audit.full_claim_total",
                        count=count.value,
                        ind=ind,
                        parts=[p.value for p in parts],
                        total=total,
                        line=parts[-1].x.line,
                        share=100 * count.value / total,
                    ),
                    other=parts[-1],
                    stated=r.value,
                    expected=100 * count.value / total,
                )
            break


_TRONG_DO_START = re.compile(r"(?:^|[.;:]\s*)trong do\b\s*:?", re.IGNORECASE)


def _trong_do_sums(lines: _Lines, province: str) -> Iterable[Finding]:
    """Parts listed after "Trong đó" in clauses split by ';' ("mức độ một phần tiếp nhận
    75.765 hồ sơ …; mức toàn trình tiếp nhận 18.512 hồ sơ") against the total stated before
    it with the same verb and noun ("đã tiếp nhận 94.746 hồ sơ"). A listing runs to the end
    of its sentence, at most :data:`MAX_LISTING` characters."""
    for line in lines:
        text = line.text
        marks = [(m.start(), m.group()) for m in _CLAUSE_MARKS.finditer(text)]
        for m in _TRONG_DO_START.finditer(fold_keep(text)):
            end = min(line.stop_after(m.end()), m.end() + MAX_LISTING)
            parts = []
            for a, b in _clauses(marks, m.end(), end):
                # the clause's first count, unless a '(' opens before it in the clause
                c = bisect_left(line.count_starts, a)
                if c < len(line.counts) and line.count_starts[c] < b:
                    first = line.rows[line.counts[c]]
                    if text.find("(", a, first.x.start) == -1:
                        parts.append(first)
            if len(parts) < 2:
                continue
            key = {(_verb(text, p), line.noun(p)) for p in parts}
            if len(key) != 1 or not all(key.pop()):
                continue
            verb, noun = _verb(text, parts[0]), line.noun(parts[0])
            same, ends = line.keyed_counts.get((noun, verb), ([], []))
            before = bisect_right(ends, m.start())  # the last of them ending before it
            if not before:
                continue
            whole = line.rows[same[before - 1]]
            if any(p.x.qualifier != "exact" for p in [whole, *parts]):
                continue
            total = sum(p.value for p in parts)
            if math.isclose(total, whole.value, abs_tol=1e-9):
                continue
            yield _finding(
                "breakdown_sum",
                "warning",
                whole,
                province,
                said(
                    "audit.trong_do_sum",
                    parts=[p.value for p in parts],
                    total=total,
                    whole=whole.value,
                    gap=abs(whole.value - total),
                ),
                other=parts[-1],
                stated=whole.value,
                expected=total,
            )


def _clauses(marks: list[tuple[int, str]], a: int, b: int) -> list[tuple[int, int]]:
    """``text[a:b]`` split at top-level ';' (not inside parentheses); ``marks``: the
    offsets of the brackets and semicolons of ``text``."""
    out, depth, start = [], 0, a
    for k in range(bisect_left(marks, (a, "")), len(marks)):
        i, ch = marks[k]
        if i >= b:
            break
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
    message: Said,
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
        message=message.en,
        message_vi=message.vi,
        report_id=report_id,
        province=province,
        line=line,
        quote=report.line(line).raw.strip(),
        other_line=other,
        other_quote=report.line(other).raw.strip() if other else "",
        stated=stated,
        expected=expected,
    )


def review_unmatched_finding(
    row: int, action: str, report_id: str, province: str, line: int, quote: str
) -> Finding:
    """The warning for a ``reviews.csv`` row (``row``, its line in the file) whose figure is
    no longer read: the decision is not applied (:mod:`analysis.facts.review`). ``quote`` is
    the review's quote when the report's line still holds it, else empty."""
    m = said(f"audit.review_unmatched_{action}", row=row)
    return Finding(
        check="review_unmatched",
        severity="warning",
        message=m.en,
        message_vi=m.vi,
        report_id=report_id,
        province=province,
        line=line,
        quote=quote,
    )


def scope_rules_finding(report_id: str, province: str, default_scope: str) -> Finding:
    """The warning for a report that ``scopes.yaml`` has no line ranges for."""
    return Finding(
        check="scope_rules_missing",
        severity="warning",
        message=(m := said("audit.scope_rules_missing", scope=default_scope)).en,
        message_vi=m.vi,
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
                    said("audit.column_total", col=col, sum=sum(present), stated=stated),
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
                said("audit.group_total", prefix=prefix, sum=sum(values), stated=stated),
                stated,
                sum(values),
            )


def flagged_keys(audit: pd.DataFrame) -> set[tuple[str, int, str]]:
    """Fact keys of figures that contradict their own counts (errors of the rate checks)."""
    hit = audit[
        audit["check"].isin(["rate_vs_fraction", "implied_share"]) & (audit["severity"] == "error")
    ]
    return set(zip(hit["report_id"], hit["line"].astype(int), hit["quote"], strict=True))
