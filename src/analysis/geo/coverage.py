"""District coverage statements extracted from reports (``data/processed/coverage.csv``).

The rules are data: :data:`ITEM_RULES` says which phrase marks which item (first match wins,
so "tập huấn cho thành viên Tổ CNSCĐ" is training, not a team); :data:`QUANTIFIERS` read totals
("11/11 huyện", "09 UBND huyện", "100% ... UBND cấp huyện") and partial counts ("08/11 huyện ...
còn 3 đơn vị chưa có ... là: A, B và C"); named districts take their status from cue words in
their clause ("chưa" → absent, "sẽ/dự kiến" → planned) or from a forward-looking section.
Every quote is an exact substring of the raw line (:meth:`analysis.reading.reports.Line.quote`).

Districts are the gazetteer's last pre-July-2025 units, so "all districts" in an older report is
spread over those units (e.g. Bắc Giang's Thị xã Chũ, created in 2025 out of Lục Ngạn) and a
former district's name (Yên Dũng) is counted under its successor with an info problem row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..checks import audit as _audit
from ..corpus.provinces import canonical_province
from ..reading.reports import Line, Report, ReportError, read_report
from ..vocabulary import COVERAGE_ITEMS, SEVERITIES
from .gazetteer import district_names, district_total
from .names import DistrictMention, scan_text

#: Columns of coverage rows (contract, DESIGN.md).
COVERAGE_COLUMNS = [
    "report_id",
    "province",
    "district_code",
    "district_name",
    "item",
    "status",
    "line",
    "quote",
]
#: Columns of ``data/processed/audit.csv`` (:mod:`analysis.checks.audit`); geography problems use
#: them as they are, so the build appends them to the audit unchanged.
AUDIT_COLUMNS = list(_audit.AUDIT_COLUMNS)
PROBLEM_COLUMNS = AUDIT_COLUMNS


@dataclass(frozen=True)
class ItemRule:
    """A coverage item and the phrase (regex, case-insensitive) that marks it."""

    item: str
    pattern: str

    @property
    def label(self) -> str:
        """How the item reads (:data:`analysis.vocabulary.COVERAGE_ITEMS`)."""
        return COVERAGE_ITEMS[self.item]

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


#: Priority order: the first rule whose pattern occurs in the sentence names its item.
ITEM_RULES: tuple[ItemRule, ...] = (
    ItemRule(
        "one_stop_post_office",
        r"(?:bộ phận (?:một cửa|tiếp nhận và trả kết quả)|một cửa)[^.]{0,200}bưu điện",
    ),
    ItemRule("district_ioc", r"\bIOC\b|trung tâm giám sát,? điều hành"),
    ItemRule("pest_station", r"sinh vật gây hại|bẫy đèn|trạm quan trắc sâu"),
    ItemRule("5g_coverage", r"\b5G\b[^.]{0,80}phủ sóng|phủ sóng[^.]{0,40}\b5G\b"),
    ItemRule("video_conference_point", r"điểm cầu|hội nghị truyền hình"),
    ItemRule("iso_electronic", r"ISO điện tử"),
    ItemRule("one_stop_system", r"một cửa điện tử|\biGate\b"),
    ItemRule("district_portal", r"cổng (?:TTĐT|thông tin điện tử)"),
    ItemRule("malware_protection", r"phòng chống mã độc|diệt vi-?rút|diệt virus"),
    ItemRule("training", r"tập huấn|đào tạo|bồi dưỡng|khóa học|lớp học"),
    ItemRule("community_digital_team", r"tổ (?:CNSCĐ|công nghệ số cộng đồng)"),
)

_UNIT_NOUN = (
    r"(?:đơn vị hành chính cấp huyện|huyện|đơn vị|địa phương|"
    r"(?:UBND|Ủy ban nhân dân)\s+(?:cấp\s+)?huyện)"
)
#: Quantifier patterns: name -> regex. Groups: ``n`` (count) and ``m`` (out of).
QUANTIFIERS: dict[str, str] = {
    "fraction": rf"(?<![\d/.,])(?P<n>\d{{1,3}})\s*/\s*(?P<m>\d{{1,3}})(?![\d/])\s+(?:các\s+)?"
    rf"{_UNIT_NOUN}",
    "count": r"(?<![\d/.,])(?P<n>\d{1,3})\s+(?:điểm cầu\s+(?:tại\s+)?)?"
    r"(?:UBND|Ủy ban nhân dân)\s+(?:cấp\s+)?huyện",
    "level": r"tỉnh\s*:?\s*\d[\d.]*\s*[,;]\s*(?:cấp\s+)?huyện\s*:?\s*(?P<n>\d{1,3})"
    r"(?![\d/%]|[.,]\d)",
    "all": r"(?:100\s*%|tất cả|toàn bộ)\s+(?:các\s+)?(?:[^.;:%\d]{0,40}?(?:,|và)\s+)?"
    r"(?:(?:UBND|Ủy ban nhân dân)\s+(?:cấp\s+)?)?huyện",
}
#: "còn N đơn vị chưa có IOC là:" -> the districts named after it are absent; N checks them.
REMAINING = r"còn\s+(?P<n>\d{1,3})\s+(?:đơn vị|huyện|địa phương)\b[^:.;]*?chưa[^:.;]*?:"
NEGATIVE_CUE = (
    r"\b(?:chưa|không\s+(?:có|được|triển khai|thực hiện|tổ chức|thành lập|"
    r"đạt|đủ))\b"
)
PLANNED_CUE = r"\b(?:sẽ|dự kiến|chuẩn bị|phấn đấu|đề xuất)\b"
#: A cue right after a district name: at most two words in between ("huyện A hiện chưa có").
_AFTER = r"[\s,]*(?:[^\W\d]+\s+){0,2}?"
#: Sections whose statements are plans, not results.
PLANNED_SECTION = r"phương hướng|định hướng|dự kiến|nhiệm vụ trọng tâm"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")

_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return rx


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _item_of(text: str) -> ItemRule | None:
    for rule in ITEM_RULES:
        if rule.regex.search(text):
            return rule
    return None


class _Collector:
    def __init__(self, report_id: str, province: str) -> None:
        self.report_id, self.province = report_id, province
        self.names = district_names(province)
        self.rows: dict[tuple[str, str, int], dict] = {}
        self.problems: list[dict] = []

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
        }

    def problem(
        self,
        line: int,
        check: str,
        severity: str,
        message: str,
        quote: str = "",
        *,
        stated: float | None = None,
        expected: float | None = None,
    ) -> None:
        self.problems.append(
            problem_row(
                check,
                severity,
                message,
                report_id=self.report_id,
                province=self.province,
                line=line,
                quote=quote,
                stated=stated,
                expected=expected,
            )
        )


def extract_coverage(
    report: Report, report_id: str, province: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """District coverage rows and problem rows for one pre-2025 report of ``province``."""
    prov = canonical_province(province)
    col = _Collector(report_id, prov)
    total = district_total(prov)
    all_codes = list(col.names)
    footnote_refs = {fn.line: fn.ref_lines for fn in report.footnotes}
    for line in report.lines:
        if line.is_blank or not re.search(r"\d|[A-ZĐ]", line.text):
            continue
        text = line.text
        scan = scan_text(text, prov)
        quant_hits = [
            (name, m)
            for name, pat in QUANTIFIERS.items()
            for m in _compiled(pat).finditer(text)
            # "(cấp tỉnh: 139, cấp huyện: 332, ...)" counts agencies, not districts
            if not (name == "level" and int(m.group("n")) > total)
        ]
        if not (scan.mentions or scan.foreign or scan.ambiguous or scan.unknown or quant_hits):
            continue
        _report_names(col, line, scan)
        section = report.section_path(line.number)
        planned_section = any(_compiled(PLANNED_SECTION).search(h.title) for h in section[:2])
        context = [h.title for h in reversed(section)][:1]
        context += [report.line(r).text for r in footnote_refs.get(line.number, ())][:1]
        for a, b in _sentences(text):
            sent = text[a:b]
            rule = _item_of(sent) or next(filter(None, map(_item_of, context)), None)
            mentions = [m for m in scan.mentions if a <= m.start < b]
            quants = [(n, m) for n, m in quant_hits if a <= m.start() < b]
            if rule is None:
                for m in mentions:
                    col.problem(
                        line.number,
                        "district_without_item",
                        "info",
                        f"{m.name} ({m.code}) is named but no coverage item was "
                        "recognised in the sentence",
                        line.quote(m.start, m.end),
                    )
                for _, q in quants:
                    col.problem(
                        line.number,
                        "district_count_without_item",
                        "info",
                        "a district-level count with no recognised coverage item",
                        line.quote(q.start(), q.end()),
                    )
                continue
            default = "planned" if planned_section else "present"
            named = _named_statuses(sent, a, mentions, default)
            absent_named = {c for c, (s, _) in named.items() if s == "absent"}
            _check_remaining(col, line, sent, a, absent_named)
            for qname, q in quants:
                groups = q.groupdict()
                n = int(groups["n"]) if groups.get("n") else total
                m = int(groups["m"]) if groups.get("m") else None
                qspan = (q.start(), q.end())
                qquote = line.quote(*qspan)
                if qname == "all":
                    n = m = total
                if m is not None and m != total:
                    col.problem(
                        line.number,
                        "district_total_mismatch",
                        "warning",
                        f"the report counts {m} district-level units; the gazetteer "
                        f"has {total} for {prov}",
                        qquote,
                        stated=m,
                        expected=total,
                    )
                if m is None and n != total:
                    col.problem(
                        line.number,
                        "district_count_partial",
                        "warning" if n > total else "info",
                        f"{n} district-level units named by count only ({prov} has "
                        f"{total}); districts cannot be identified",
                        qquote,
                        stated=n,
                        expected=total,
                    )
                    continue
                if m is not None and n > m:
                    col.problem(
                        line.number,
                        "district_count_exceeds_total",
                        "warning",
                        f"{n}/{m}: more districts than the total; not used",
                        qquote,
                        stated=n,
                        expected=m,
                    )
                    continue
                if m is not None and n < m:
                    if len(absent_named) == m - n and m == total:
                        for c in all_codes:
                            if c not in absent_named:
                                col.add(c, rule.item, default, line, qspan)
                    elif named and len(named) - len(absent_named) == n:
                        pass  # "3/11 huyện: A, B và C": the named districts are the n
                    elif not named:
                        col.problem(
                            line.number,
                            "district_count_partial",
                            "info",
                            f"{n}/{m} districts for {rule.item} but they are not named",
                            qquote,
                        )
                    else:
                        col.problem(
                            line.number,
                            "absent_count_mismatch",
                            "warning",
                            f"{n}/{m} districts for {rule.item}, but the sentence names "
                            f"{len(named) - len(absent_named)} with it and "
                            f"{len(absent_named)} without; only the named are kept",
                            qquote,
                            stated=m - n,
                            expected=len(absent_named),
                        )
                    continue
                for c in all_codes:
                    col.add(c, rule.item, default, line, qspan)
            for code, (status, m) in named.items():
                col.add(
                    code, rule.item, status, line, (m.start, m.end), override=status == "absent"
                )
    cov = pd.DataFrame(list(col.rows.values()), columns=COVERAGE_COLUMNS)
    cov = cov.sort_values(["line", "item", "district_code"], ignore_index=True)
    cov["line"] = cov["line"].astype("int64")
    probs = problems_frame(col.problems).drop_duplicates(
        ["check", "line", "quote", "message"], ignore_index=True
    )
    return cov, probs


def _named_statuses(
    sent: str, offset: int, mentions: list[DistrictMention], default: str
) -> dict[str, tuple[str, DistrictMention]]:
    """Status of each named district: a cue earlier in its clause ("còn 3 đơn vị chưa có IOC
    là: A, B") or right after the name ("huyện A chưa thành lập ...") overrides ``default``."""
    out: dict[str, tuple[str, DistrictMention]] = {}
    for m in mentions:
        rel, rel_end = m.start - offset, m.end - offset
        clause_start = sent.rfind(";", 0, rel) + 1
        before = sent[clause_start:rel]
        after = sent[rel_end:]
        if _compiled(NEGATIVE_CUE).search(before) or _compiled(_AFTER + NEGATIVE_CUE).match(after):
            status = "absent"
        elif _compiled(PLANNED_CUE).search(before) or _compiled(_AFTER + PLANNED_CUE).match(after):
            status = "planned"
        else:
            status = default
        if m.code not in out or status == "absent":
            out[m.code] = (status, m)
    return out


def _check_remaining(col: _Collector, line: Line, sent: str, offset: int, absent: set[str]) -> None:
    for r in _compiled(REMAINING).finditer(sent):
        n = int(r.group("n"))
        if n != len(absent):
            col.problem(
                line.number,
                "absent_count_mismatch",
                "warning",
                f"the report says {n} districts lack the item but names {len(absent)}",
                line.quote(offset + r.start(), offset + r.end()),
                stated=n,
                expected=len(absent),
            )


def _report_names(col: _Collector, line: Line, scan) -> None:
    for m in scan.foreign:
        where = "; ".join(m.candidates[:4]) + (" ..." if len(m.candidates) > 4 else "")
        col.problem(
            line.number,
            "foreign_district",
            "warning",
            f"{m.matched!r} is not a district of {col.province}; it names {where}",
            line.quote(m.start, m.end),
        )
    for m in scan.ambiguous:
        col.problem(
            line.number,
            "ambiguous_district",
            "warning",
            f"{m.matched!r} could be {' or '.join(m.candidates)}; not matched",
            line.quote(m.start, m.end),
        )
    for m in scan.unknown:
        col.problem(
            line.number,
            "unknown_district",
            "warning",
            f"{m.matched!r}: no district-level unit called {m.name!r} in {col.province} "
            "or any other province (pre-2025 gazetteer); not counted",
            line.quote(m.start, m.end),
        )
    for m in scan.mentions:
        if m.historic:
            col.problem(
                line.number,
                "historic_district_name",
                "info",
                f"{m.matched!r} is a former district now part of {m.name} ({m.code}); "
                "counted under that code",
                line.quote(m.start, m.end),
            )


def problem_row(
    check: str,
    severity: str,
    message: str,
    *,
    report_id: str = "",
    province: str = "",
    line: int = 0,
    quote: str = "",
    stated: float | None = None,
    expected: float | None = None,
) -> dict:
    """One problem as an audit row (:data:`AUDIT_COLUMNS`); unused columns stay empty.

    ``line`` 0 means the problem concerns the whole report (or, with no ``report_id``, a
    boundary file), not one line: the audit's ``line`` column is never empty.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    return {
        "check": check,
        "severity": severity,
        "report_id": report_id,
        "province": province,
        "line": line,
        "quote": quote,
        "other_line": None,
        "other_quote": "",
        "indicator": "",
        "stated": stated,
        "expected": expected,
        "message": message,
    }


def problems_frame(rows: list[dict]) -> pd.DataFrame:
    """Problem rows as a DataFrame with :data:`AUDIT_COLUMNS` (``line`` int64, ``other_line``
    nullable Int64, ``stated``/``expected`` nullable Float64, text columns str)."""
    df = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    df["line"] = df["line"].astype("int64")
    df["other_line"] = df["other_line"].astype("Int64")
    for c in ("stated", "expected"):
        df[c] = df[c].astype("Float64")
    for c in (
        "check",
        "severity",
        "report_id",
        "province",
        "quote",
        "other_quote",
        "indicator",
        "message",
    ):
        df[c] = df[c].fillna("").astype(str)
    return df


def build_coverage(
    manifest: pd.DataFrame | None = None, reports: Mapping[str, Report] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coverage rows and problem rows for every report of ``manifest``.

    ``manifest`` is :func:`analysis.corpus.manifest.load_manifest` output (loaded when None);
    ``reports`` optionally maps report_id -> already-read :class:`Report` so the build need
    not read files twice. Post-merger reports (no districts after July 2025) and unreadable
    files become problem rows; nothing raises.
    """
    if manifest is None:
        from ..corpus.manifest import load_manifest

        manifest = load_manifest()
    reports = reports or {}
    covs, probs = [], []
    for row in manifest.to_dict("records"):
        rid, prov = row["report_id"], row.get("province", "")
        if row.get("post_merger"):
            probs.append(
                problems_frame(
                    [
                        problem_row(
                            "post_merger_report",
                            "info",
                            "report dates from after the July 2025 reform "
                            "(no districts); coverage not extracted",
                            report_id=rid,
                            province=prov,
                        )
                    ]
                )
            )
            continue
        try:
            report = reports.get(rid) or read_report(Path(row["path"]))
            cov, prob = extract_coverage(report, rid, prov)
        except (ReportError, ValueError) as exc:
            probs.append(
                problems_frame(
                    [
                        problem_row(
                            "coverage_failed",
                            "error",
                            f"coverage not extracted: {exc}",
                            report_id=rid,
                            province=prov,
                        )
                    ]
                )
            )
            continue
        covs.append(cov)
        probs.append(prob)
    cov = (
        pd.concat(covs, ignore_index=True)
        if covs
        else pd.DataFrame(columns=COVERAGE_COLUMNS).astype({"line": "int64"})
    )
    probs = [p for p in probs if len(p)]
    prob = pd.concat(probs, ignore_index=True) if probs else problems_frame([])
    return cov[COVERAGE_COLUMNS], prob[AUDIT_COLUMNS]
