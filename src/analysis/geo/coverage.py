"""District coverage statements extracted from reports (``data/processed/coverage.csv``).

Each line that names districts or counts them is cut into sentences; a sentence's coverage
item comes from its phrases (else from its section heading or the line a footnote explains),
counts of districts ("11/11 huyện", "08/11 huyện ... còn 3 đơn vị chưa có ... là: A, B và C")
are resolved against the gazetteer, and named districts take their status from cue words
(:mod:`analysis.geo.coverage_rules`) or from a forward-looking section. Every quote is an exact
substring of the raw line (:meth:`analysis.reading.reports.Line.quote`); whatever cannot be
resolved becomes a :class:`~analysis.checks.findings.Finding` of the geography family.

Districts are those in force on the report's end date (the gazetteer's last pre-July-2025 list
with later changes of ``district_changes.yaml`` undone): "all districts" in Bắc Giang's mid-2024
report means its ten districts then, with Huyện Yên Dũng and without Thị xã Chũ (both changed on
1 November 2024). A former name that was no district any more on the report's date is counted
under its successor with an info finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..checks.findings import Finding
from ..checks.messages import Said, joined, said
from ..corpus.provinces import canonical_province
from ..reading.reports import Line, Report, ReportError, read_report
from ..schemas import TABLES, records, typed
from ..text import fold
from .coverage_rules import CoverageRules, ItemRule, coverage_rules
from .gazetteer import district_names, district_total
from .names import DistrictMention, NameScan, scan_text

#: Columns of coverage rows (contract, DESIGN.md).
COVERAGE_COLUMNS = TABLES["coverage"].columns
#: A line worth reading: it has a digit (a count) or a capital (a name).
_WORTH_READING = re.compile(r"\d|[A-ZĐ]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


class _Collector:
    """Coverage rows and findings of one report (a row per item, district and line)."""

    def __init__(
        self,
        report_id: str,
        province: str,
        rules: CoverageRules,
        on: object = None,
        since: object = None,
    ) -> None:
        self.report_id, self.province, self.rules = report_id, province, rules
        self.since = str(since)[:10] if since is not None and str(since) != "NaT" else ""
        self.names = district_names(province, on)
        self.total = district_total(province, on)
        # former names that were still districts on the report's date: "yendung" -> "221"
        self.restored = {
            fold(n).split(" ", 1)[-1].replace(" ", ""): c
            for c, n in self.names.items()
            if c not in district_names(province)
        }
        self.rows: dict[tuple[str, str, int], dict] = {}
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        item: str,
        status: str,
        line: Line,
        span: tuple[int, int],
        *,
        override: bool = False,
    ) -> None:
        key = (item, code, line.number)
        if key in self.rows and not override:
            return
        self.rows[key] = {
            "report_id": self.report_id,
            "province": self.province,
            "district_code": code,
            "district_name": self.names[code],
            "item": item,
            "status": status,
            "line": line.number,
            "quote": line.quote(*span),
            "stated_on": _stated_on(line.text, span[0], self.since),
        }

    def add_all(self, item: str, status: str, line: Line, span: tuple[int, int]) -> None:
        for code in self.names:
            self.add(code, item, status, line, span)

    def problem(
        self,
        line: int,
        check: str,
        severity: str,
        message: Said,
        quote: str = "",
        *,
        stated: float | None = None,
        expected: float | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                check=check,
                severity=severity,
                message=message.en,
                message_vi=message.vi,
                report_id=self.report_id,
                province=self.province,
                line=line,
                quote=quote,
                stated=stated,
                expected=expected,
            )
        )

    def sorted_rows(self) -> list[dict]:
        """The rows in line, item, district order (the order of ``coverage.csv``)."""
        return [self.rows[k] for k in sorted(self.rows, key=lambda k: (k[2], k[0], k[1]))]

    def unique_findings(self) -> list[Finding]:
        """The findings, each (check, line, quote, message) once, in the order found."""
        seen: set[tuple] = set()
        out = []
        for f in self.findings:
            key = (f.check, f.line, f.quote, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out


_DAY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)")
#: "từ ngày 15/10/2024" starts a state that still holds: not an older fact
_SINCE = re.compile(r"\b(?:từ|kể từ)\s+(?:ngày\s+)?$", re.IGNORECASE)


def _stated_on(text: str, at: int, since: str) -> str | None:
    """The earliest full date (dd/mm/yyyy) in the sentence around ``at`` when it is before
    ``since`` (the report period's first day): the statement is an older fact. A date after
    "từ" (since) starts a state that still holds and is skipped."""
    if not since:
        return None
    a, b = next(((a, b) for a, b in _sentences(text) if a <= at < b), (0, len(text)))
    days = []
    for m in _DAY.finditer(text, a, b):
        if _SINCE.search(text, 0, m.start()):
            continue
        d, mo, y = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            days.append(f"{y:04d}-{mo:02d}-{d:02d}")
    early = sorted(d for d in days if d < since)
    return early[0] if early else None


def coverage_frame(rows: list[dict]) -> pd.DataFrame:
    """Coverage rows (dicts with :data:`COVERAGE_COLUMNS`) as the typed coverage table."""
    return typed("coverage", pd.DataFrame(rows, columns=COVERAGE_COLUMNS))


def coverage_rows(
    report: Report,
    report_id: str,
    province: str,
    rules: CoverageRules | None = None,
    *,
    on: object = None,
    since: object = None,
) -> tuple[list[dict], list[Finding]]:
    """District coverage rows (plain dicts, in table order) and findings for one pre-2025
    report of ``province``, read against the district list in force on date ``on`` (the
    report's end date; the last pre-2025 list when None). A statement whose sentence dates
    itself before ``since`` (the report's first day) gets that date in ``stated_on``."""
    col = _Collector(report_id, canonical_province(province), rules or coverage_rules(), on, since)
    footnote_refs = {fn.line: fn.ref_lines for fn in report.footnotes}
    for line in report.lines:
        if not line.is_blank and _WORTH_READING.search(line.text):
            _read_line(col, report, line, footnote_refs)
    return col.sorted_rows(), col.unique_findings()


def extract_coverage(
    report: Report, report_id: str, province: str
) -> tuple[pd.DataFrame, list[Finding]]:
    """District coverage rows and findings for one pre-2025 report of ``province``."""
    rows, findings = coverage_rows(report, report_id, province)
    return coverage_frame(rows), findings


def _quantities(
    text: str, total: int, quantifiers: Mapping[str, re.Pattern[str]]
) -> list[tuple[str, re.Match[str]]]:
    """Every district count in ``text`` (quantifier name, match)."""
    return [
        (name, m)
        for name, rx in quantifiers.items()
        for m in rx.finditer(text)
        # "(cấp tỉnh: 139, cấp huyện: 332, ...)" counts agencies, not districts
        if not (name == "level" and int(m.group("n")) > total)
    ]


def _read_line(
    col: _Collector, report: Report, line: Line, footnote_refs: Mapping[int, tuple[int, ...]]
) -> None:
    """The coverage statements of one line, sentence by sentence."""
    text = line.text
    scan = _on_report_date(col, scan_text(text, col.province))
    rules = col.rules
    quants = _quantities(text, col.total, rules.quantifiers)
    if not (scan.mentions or scan.foreign or scan.ambiguous or scan.unknown or quants):
        return
    _report_names(col, line, scan)
    section = report.section_path(line.number)
    planned = any(rules.planned_section.search(h.title) for h in section[:2])
    context = [h.title for h in reversed(section)][:1]
    context += [report.line(r).text for r in footnote_refs.get(line.number, ())][:1]
    for a, b in _sentences(text):
        rule = rules.item_of(text[a:b]) or next(filter(None, map(rules.item_of, context)), None)
        mentions = [m for m in scan.mentions if a <= m.start < b]
        in_sentence = [(n, m) for n, m in quants if a <= m.start() < b]
        if rule is None:
            _without_item(col, line, mentions, in_sentence)
        else:
            default = "planned" if planned else "present"
            _read_sentence(col, line, (a, b), rule, mentions, in_sentence, default)


def _on_report_date(col: _Collector, scan: NameScan) -> NameScan:
    """Former names that were still districts on the report's date count as themselves."""
    if not col.restored:
        return scan
    mentions = []
    for m in scan.mentions:
        key = fold(m.matched).replace(" ", "")
        code = next((c for k, c in col.restored.items() if key.endswith(k)), None)
        if m.historic and code is not None:
            m = replace(m, code=code, name=col.names[code], historic=False)
        mentions.append(m)
    return replace(scan, mentions=mentions)


def _without_item(
    col: _Collector,
    line: Line,
    mentions: list[DistrictMention],
    quants: list[tuple[str, re.Match[str]]],
) -> None:
    for m in mentions:
        col.problem(
            line.number,
            "district_without_item",
            "info",
            said("coverage.district_without_item", name=m.name),
            line.quote(m.start, m.end),
        )
    for _, q in quants:
        col.problem(
            line.number,
            "district_count_without_item",
            "info",
            said("coverage.district_count_without_item"),
            line.quote(q.start(), q.end()),
        )


def _read_sentence(
    col: _Collector,
    line: Line,
    span: tuple[int, int],
    rule: ItemRule,
    mentions: list[DistrictMention],
    quants: list[tuple[str, re.Match[str]]],
    default: str,
) -> None:
    """One sentence with a coverage item: its district counts, then its named districts."""
    a, b = span
    sent = line.text[a:b]
    named = _named_statuses(col.rules, sent, a, mentions, default)
    absent = {c for c, (s, _) in named.items() if s == "absent"}
    _check_remaining(col, line, sent, a, absent)
    for qname, q in quants:
        _read_count(col, line, qname, q, rule, len(named), absent, default)
    for code, (status, m) in named.items():
        col.add(code, rule.item, status, line, (m.start, m.end), override=status == "absent")


def _read_count(
    col: _Collector,
    line: Line,
    qname: str,
    q: re.Match[str],
    rule: ItemRule,
    n_named: int,
    absent: set[str],
    default: str,
) -> None:
    """A count of districts: all of them, "n of m" resolved by the absent districts the
    sentence names, or a finding saying why the districts cannot be identified."""
    total = col.total
    groups = q.groupdict()
    n = int(groups["n"]) if groups.get("n") else total
    m = int(groups["m"]) if groups.get("m") else None
    if qname == "all":
        n = m = total
    span = (q.start(), q.end())
    quote = line.quote(*span)
    if m is not None and m != total:
        col.problem(
            line.number,
            "district_total_mismatch",
            "warning",
            said("coverage.district_total_mismatch", m=m, total=total, province=col.province),
            quote,
            stated=m,
            expected=total,
        )
    if m is None and n != total:
        col.problem(
            line.number,
            "district_count_partial",
            "warning" if n > total else "info",
            said("coverage.district_count_partial", n=n, total=total, province=col.province),
            quote,
            stated=n,
            expected=total,
        )
    elif m is not None and n > m:
        col.problem(
            line.number,
            "district_count_exceeds_total",
            "warning",
            said("coverage.district_count_exceeds_total", n=n, m=m),
            quote,
            stated=n,
            expected=m,
        )
    elif m is not None and n < m:
        _read_partial(col, line, (n, m), rule, n_named, absent, default, span)
    else:
        col.add_all(rule.item, default, line, span)


def _read_partial(
    col: _Collector,
    line: Line,
    n_of_m: tuple[int, int],
    rule: ItemRule,
    n_named: int,
    absent: set[str],
    default: str,
    span: tuple[int, int],
) -> None:
    """ "n of m districts": every district but the absent ones named, or the named ones."""
    n, m = n_of_m
    quote = line.quote(*span)
    if len(absent) == m - n and m == col.total:
        for c in col.names:
            if c not in absent:
                col.add(c, rule.item, default, line, span)
    elif n_named and n_named - len(absent) == n:
        pass  # "3/11 huyện: A, B và C": the named districts are the n
    elif not n_named:
        col.problem(
            line.number,
            "district_count_partial",
            "info",
            said("coverage.district_count_unnamed", n=n, m=m, item=rule.item),
            quote,
        )
    else:
        col.problem(
            line.number,
            "absent_count_mismatch",
            "warning",
            said(
                "coverage.absent_count_named",
                n=n,
                m=m,
                item=rule.item,
                with_item=n_named - len(absent),
                without=len(absent),
            ),
            quote,
            stated=m - n,
            expected=len(absent),
        )


def _named_statuses(
    rules: CoverageRules, sent: str, offset: int, mentions: list[DistrictMention], default: str
) -> dict[str, tuple[str, DistrictMention]]:
    """Status of each named district: a cue earlier in its clause ("còn 3 đơn vị chưa có IOC
    là: A, B") or right after the name ("huyện A chưa thành lập ...") overrides ``default``."""
    out: dict[str, tuple[str, DistrictMention]] = {}
    for m in mentions:
        rel, rel_end = m.start - offset, m.end - offset
        clause_start = sent.rfind(";", 0, rel) + 1
        before = sent[clause_start:rel]
        after = sent[rel_end:]
        if rules.negative_cue.search(before) or rules.negative_after.match(after):
            status = "absent"
        elif rules.planned_cue.search(before) or rules.planned_after.match(after):
            status = "planned"
        else:
            status = default
        if m.code not in out or status == "absent":
            out[m.code] = (status, m)
    return out


def _check_remaining(col: _Collector, line: Line, sent: str, offset: int, absent: set[str]) -> None:
    for r in col.rules.remaining.finditer(sent):
        n = int(r.group("n"))
        if n != len(absent):
            col.problem(
                line.number,
                "absent_count_mismatch",
                "warning",
                said("coverage.absent_count_mismatch", n=n, named=len(absent)),
                line.quote(offset + r.start(), offset + r.end()),
                stated=n,
                expected=len(absent),
            )


def _report_names(col: _Collector, line: Line, scan: NameScan) -> None:
    """Findings about the district names of a line: foreign, ambiguous, unknown, former."""
    for m in scan.foreign:
        where = "; ".join(m.candidates[:4]) + (" ..." if len(m.candidates) > 4 else "")
        col.problem(
            line.number,
            "foreign_district",
            "warning",
            said(
                "coverage.foreign_district", matched=m.matched, province=col.province, where=where
            ),
            line.quote(m.start, m.end),
        )
    for m in scan.ambiguous:
        col.problem(
            line.number,
            "ambiguous_district",
            "warning",
            said(
                "coverage.ambiguous_district",
                matched=m.matched,
                candidates=joined(m.candidates, Said(" or ", " hoặc ")),
            ),
            line.quote(m.start, m.end),
        )
    for m in scan.unknown:
        col.problem(
            line.number,
            "unknown_district",
            "warning",
            said(
                "coverage.unknown_district", matched=m.matched, name=m.name, province=col.province
            ),
            line.quote(m.start, m.end),
        )
    for m in scan.mentions:
        if m.historic:
            col.problem(
                line.number,
                "historic_district_name",
                "info",
                said("coverage.historic_district_name", matched=m.matched, name=m.name),
                line.quote(m.start, m.end),
            )


def report_coverage(rec: Mapping, report: Report | None = None) -> tuple[list[dict], list[Finding]]:
    """Coverage rows and findings of one manifest record (``report``: already read, else
    read from ``rec["path"]``). A post-merger report (no districts after July 2025) or an
    unreadable file gives a finding instead of rows; nothing raises."""
    rid, prov = rec["report_id"], rec.get("province", "")
    if rec.get("post_merger"):
        return [], [
            Finding(
                check="post_merger_report",
                severity="info",
                message=(m := said("coverage.post_merger_report")).en,
                message_vi=m.vi,
                report_id=rid,
                province=prov,
            )
        ]
    try:
        on, since = rec.get("period_end"), rec.get("period_start")
        report = report or read_report(Path(rec["path"]))
        return coverage_rows(report, rid, prov, on=on, since=since)
    except (ReportError, ValueError) as exc:
        return [], [
            Finding(
                check="coverage_failed",
                severity="error",
                message=(m := said("coverage.coverage_failed", error=str(exc))).en,
                message_vi=m.vi,
                report_id=rid,
                province=prov,
            )
        ]


def build_coverage(
    manifest: pd.DataFrame | None = None, reports: Mapping[str, Report] | None = None
) -> tuple[pd.DataFrame, list[Finding]]:
    """Coverage rows and findings for every report of ``manifest``.

    ``manifest`` is :func:`analysis.corpus.manifest.load_manifest` output (loaded when None);
    ``reports`` optionally maps report_id -> already-read :class:`Report` so the build need
    not read files twice. Post-merger reports (no districts after July 2025) and unreadable
    files become findings; nothing raises.
    """
    if manifest is None:
        from ..corpus.manifest import load_manifest

        manifest = load_manifest()
    reports = reports or {}
    rows: list[dict] = []
    findings: list[Finding] = []
    for rec in records(manifest):
        r, f = report_coverage(rec, reports.get(rec["report_id"]))
        rows += r
        findings += f
    return coverage_frame(rows), findings
