"""Each figure's own period: the time expression that governs it, else the report's period.

For a figure in prose, in this order: an expression attached right after it ("18,6% (năm
2021)", "0.3418 in 2021"); a comparison that introduces it ("so với năm 2022 (1,07%)"); the
nearest expression before it in its line ("Năm 2022, …", "5 tháng đầu năm 2024, …"); an
expression later in its clause ("… 97% hồ sơ … đúng hạn trong năm 2022"); the period a
heading line sets for the lines under it ("3. Kết quả … (tính đến ngày 15/12/2025)"). In a
table: the cell's own wording, then its column ("Quý I/2024"), then the row label. A
comparison *after* a figure ("tăng 4 bậc so với năm trước") describes a change, not the
figure's period, and is ignored; so is a programme's span in a heading ("giai đoạn 2020 –
2025"), which names a plan rather than the period of the figures below it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from itertools import pairwise

from ..reading.reports import Line, Report
from ..reading.time_expressions import (
    Span,
    TimeExpression,
    find_time_expressions,
    fold_keep,
    in_programme_name,
)
from .extract import Extracted

# text allowed between a figure and an expression attached to it
_ATTACHED = re.compile(
    r"[\s(,:]*(?:(?:%|diem|điểm|points?|per\s*cent|percent|place|position)\s*)?[\s(,]*"
    r"(?:(?:trong|vào|vao|in|of|during|at|của|cua)\s+)?",
    re.IGNORECASE,
)
# the later level of a two-period comparison, with its own period after its unit noun ("từ
# 2.870 hồ sơ trong quý I xuống còn 940 hồ sơ trong quý II")
_TO_SIDE = re.compile(r"(?<!\w)(?:xuống còn|giảm còn|tăng lên|xuống|lên|còn|to)\s*$", re.IGNORECASE)
_ATTACHED_NOUN = re.compile(r"\s+(?:[^\W\d_]+\s+){1,2}(?:(?:trong|vào|in)\s+)?", re.IGNORECASE)
_CLAUSE_END = re.compile(r";|\.\s|\.$|\t")
# "(tháng 4/2024: 78,96)": an expression that labels the figure after it is not the one before's
# ("(quý I/2025 đạt 95,8%)", "(cùng kỳ: đạt 61%)": the predicate of the figure after it)
_LABELS_NEXT = re.compile(
    r"\s*(?:(?::|là\b|la\b|(?:chỉ |chi )?(?:đạt|dat|reached|was)\b)\s*"
    r"(?:(?:mức|muc|khoảng|khoang|gần|gan|trên|tren|hơn|hon)\s+)?[(\d]|\(?\s*\d)",
    re.IGNORECASE,
)
# after a comma, an expression the next figure's predicate follows opens that figure's clause
# ("… là 28,6%, năm 2024 đạt 41,3%"): it does not date the figure before the comma
_OPENS_NEXT = re.compile(
    r"\s*(?:(?:chỉ|chi|mới|moi|đã|da)\s+)?(?:đạt|dat|là|la|tăng lên|tang len|giảm còn|giam con"
    r"|lên|len|còn|con|có|co|reached|was|stood at|rose to|fell to)\s+"
    r"(?:(?:mức|muc|khoảng|khoang|gần|gan|trên|tren|hơn|hon|about|nearly|over)\s+)?\d",
    re.IGNORECASE,
)
# a comparison that heads its sentence ("So với tháng 4/2024, tỉnh tăng 2 bậc"), that a change
# follows, or that another predicate follows ("tụt 9 bậc so với năm 2023 và đứng thứ 40") says
# what a change is against: the figures after it are of the report's period
_NOT_INTRODUCED = re.compile(
    r",|(?<!\w)(?:tăng|giảm|tang|giam|tụt|tut|cao\s+hơn|thấp\s+hơn|up|down|rose|fell|gained"
    r"|lost|climbed|dropped|và|va|and|while|whereas)(?!\w)",
    re.IGNORECASE,
)
MAX_HEADING = 200  # a line this short, with a time expression and no figure, frames the lines below
MAX_COMPARE_GAP = 40
MAX_AFTER = 100  # an expression later in the clause governs a figure this close before it
_FRAMING_LEAD = re.compile(
    r"[\s\-+*•]*(?:(?:trong|in|during|for|over|mục tiêu|muc tieu|chỉ tiêu|chi tieu)\s*)?",
    re.IGNORECASE,
)
_PAREN_PERIOD = re.compile(
    r"\(.*\)|.*\((?:tính đến|tinh den|as of|từ|tu|from)[^()]*\)", re.IGNORECASE
)


def report_span(start: str | date, end: str | date) -> Span:
    """The report's period as a :class:`Span` (from manifest ISO dates)."""
    return Span(_as_date(start), _as_date(end))


def _as_date(d: str | date) -> date:
    return d if isinstance(d, date) else date.fromisoformat(str(d)[:10])


def assign_periods(report: Report, rows: list[Extracted], period: Span) -> None:
    """Set ``period_start`` / ``period_end`` (ISO dates) of every row of ``report``."""
    by_line: dict[int, list[Extracted]] = {}
    for r in rows:
        by_line.setdefault(r.line, []).append(r)
    headings = {h.line for h in report.headings}
    columns = {ln: t.columns for t in report.tables for ln in range(t.start_line, t.end_line + 1)}
    carry: Span | None = None  # set by a heading for the lines under it
    heading = ""  # the last heading's text (a programme's span it names)
    para: TimeExpression | None = None  # the period the lines just above (no blank) state
    notes = _footnote_periods(report, by_line, period)
    for ln in report.lines:
        if ln.is_blank or ln.number in headings:
            para = None
        if ln.is_blank:
            continue
        heading = ln.text if ln.number in headings else heading
        line_rows = by_line.get(ln.number)
        if not line_rows and ln.number not in headings and not _digit(ln.text):
            continue
        exprs = find_time_expressions(ln.text, period)
        if not line_rows:
            frame = _heading_frame(ln, exprs, ln.number in headings)
            if frame is not None:
                carry = frame
            elif ln.number in headings:
                carry = None
            if ln.number not in headings and ln.number not in columns:
                para = _last_frame(ln.text, exprs, leading=False) or para
            continue
        cols = columns.get(ln.number)
        prose = _ProseLine(ln.text, exprs, [r.start for r in line_rows])
        folded = fold_keep(ln.text)
        ends_project = _PROJECT_END.search(folded) is not None
        for r in line_rows:
            if cols is not None and r.in_table:
                own = _table_period(ln, r, cols, period)
                span = own or (para.span if para else None) or carry or period
            else:
                got, rule = _prose_span(prose, r.start, r.end, para, r.unit)
                if got is None and ln.number in notes:
                    got, rule = notes[ln.number], "footnote"
                got, rule = (ends_project and _project_end(folded, r.end, heading)) or (got, rule)
                if rule:
                    r.extra["period_rule"] = rule
                span = got or carry or period
            r.period_start, r.period_end = span.first.isoformat(), span.last.isoformat()
            _running_total(r, span)
        _from_to(ln.text, [r for r in line_rows if not r.in_table], exprs)
        if cols is None:
            para = _last_frame(ln.text, exprs, leading=True) or para


# "… đảm bảo tỷ lệ 100% kết quả … được số hóa khi dự án kết thúc", "when the project ends"
_PROJECT_END = re.compile(
    r"(?<!\w)(?:(?:khi|sau khi|den khi)\s+(?:(?:du an|de an|chuong trinh|ke hoach)\s+"
    r"(?:\w+\s+){0,3}?)?ket thuc(?:\s+(?:du an|de an|chuong trinh|ke hoach))?"
    r"|(?:when|once|by the time) the (?:project|programme|program|scheme|plan)"
    r" (?:ends|is completed|closes|finishes)|by the end of the (?:project|programme|scheme))(?!\w)"
)
# the span of a programme named in the sentence or its heading ("giai đoạn 2020 – 2025")
_PROGRAMME_SPAN = re.compile(
    r"(?<!\w)(?:giai doan|thoi ky|period)\s+(?:nam\s+)?(20\d\d)\s*[-–—]\s*(20\d\d)"
    r"|(?<!\d)(20\d\d)\s*[-–—]\s*(20\d\d)\s+(?:period|programme|program|project|scheme)"
)
_SENTENCE_BOUND = re.compile(r"[.;](?:\s|$)")


def _project_end(folded: str, end: int, heading: str) -> tuple[Span, str] | None:
    """The end year of the programme a goal is set for "when the project ends" (and the rule's
    name): the span the figure's sentence (else its heading) gives the programme ("Đề án …
    giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100% … khi dự án kết thúc": 2025); None where no
    such words follow the figure in its sentence or no span is stated (``folded``: the line
    by :func:`fold_keep`)."""
    stop = _SENTENCE_BOUND.search(folded, end, end + 122)
    tail_end = min(stop.start() if stop else len(folded), end + 120)
    if not _PROJECT_END.search(folded, end, tail_end):
        return None
    lo = max(0, end - 300)  # the sentence's start, at most this far back
    starts = [m.end() for m in _SENTENCE_BOUND.finditer(folded, lo, end)]
    for source in (folded[(starts[-1] if starts else lo) : tail_end], fold_keep(heading)):
        if m := _PROGRAMME_SPAN.search(source):
            y = int(m.group(2) or m.group(4))
            return Span(date(y, 1, 1), date(y, 12, 31)), "project end"
    return None


def _running_total(r: Extracted, span: Span) -> None:
    """ "Giai đoạn 2021-2024, … nâng tổng số lên 187 người": the total the last year of the
    span ends with, not a figure of the whole span."""
    if r.extra.get("rule") == "running total" and span.first.year < span.last.year:
        r.period_start = date(span.last.year, 1, 1).isoformat()


def _prose_span(
    prose: _ProseLine, start: int, end: int, para: TimeExpression | None, unit: str = ""
) -> tuple[Span | None, str]:
    """A prose figure's span and the rule that gave it: the expression that governs it in its
    line, else the period the paragraph stated before it. "Đến nay" after a period that runs
    up to now ("Trong 5 tháng đầu năm 2024, … Đến nay có 1.893 học viên") counts from that
    period's start. A rate "by" a month ("Đến tháng 9/2025, tỷ lệ … tăng lên 48,6%") is of that
    month, not of its last day (a stock stays a state on that day)."""
    e = prose.expression(start, end)
    if e is None:
        return (para.span, "paragraph") if para is not None else (None, "")
    if (
        e.kind == "last_year"
        and para is not None
        and _whole_year(para.span)
        and _whole_year(e.span)
        and prose.frame_before(e.start) is None
    ):
        # "In the DTI 2023 rankings, … 29th. This was a jump of 9 places from 38th a year
        # earlier": the year before the one the paragraph speaks of
        y = para.span.first.year - 1
        return Span(date(y, 1, 1), date(y, 12, 31)), "paragraph_year_before"
    if unit == "percent" and e.kind == "instant" and _BY_MONTH.match(prose.folded, e.start):
        return Span(date(e.span.last.year, e.span.last.month, 1), e.span.last), "month"
    if e.kind == "now" and not _CUMULATIVE.match(prose.folded, e.start):
        before = prose.frame_before(e.start) or para
        if before is not None and _runs_up_to(before.span, e.span):
            return Span(before.span.first, e.span.last), "to_date"
    return e.span, ""


def _whole_year(s: Span) -> bool:
    return s.first == date(s.first.year, 1, 1) and s.last == date(s.first.year, 12, 31)


def _footnote_periods(
    report: Report, by_line: dict[int, list[Extracted]], period: Span
) -> dict[int, Span]:
    """The period governing each footnote's mark in the one line that cites it: a footnote
    ("<sup>14</sup> Gồm: … và 02 khoá học mở") details the clause its mark stands in."""
    lines = {ln.number: ln for ln in report.lines}
    out: dict[int, Span] = {}
    for fn in report.footnotes:
        if len(fn.ref_lines) != 1 or fn.ref_lines[0] not in lines:
            continue
        ref = lines[fn.ref_lines[0]]
        mark = _MARK.get(fn.number) or re.compile(
            rf"<sup>\s*{fn.number}\s*</sup>|{re.escape(_superscript(fn.number))}"
        )
        _MARK[fn.number] = mark
        m = mark.search(ref.raw)
        if m is None:
            continue
        pos = min(bisect_left(ref.offsets, m.start()), len(ref.text))
        exprs = find_time_expressions(ref.text, period)
        prose = _ProseLine(ref.text, exprs, [r.start for r in by_line.get(ref.number, [])])
        e = prose.expression(pos, pos)
        if e is None or (e.end <= pos and _CLAUSE_END.search(ref.text, e.end, pos)):
            continue  # only an expression of the mark's own clause dates the footnote
        span, _ = _prose_span(prose, pos, pos, None)
        if span is not None:
            out[fn.line] = span
    return out


_MARK: dict[str, re.Pattern[str]] = {}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(number: str) -> str:
    return number.translate(_SUPERSCRIPT)


# "đến tháng 9/2025" (not "đến hết", "đến ngày", "tính đến"): by that month
_BY_MONTH = re.compile(r"den\s+thang\s+\d")
# "lũy kế đến nay": a total since the start, not the count of the period before it
_CUMULATIVE = re.compile(r"luy\s+ke")
_NOT_CARRIED = ("now", "current", "since", "since_open")
# when a state began, when results were published: no figure's period
_NOT_FRAMES = ("since", "published")


def _runs_up_to(frame: Span, now: Span) -> bool:
    """Whether ``frame`` is a period (not a day) that ends on the day "đến nay" names."""
    return not frame.instant and frame.last == now.last


def _last_frame(text: str, exprs: list[TimeExpression], leading: bool) -> TimeExpression | None:
    """The last period a line states that the next lines of its paragraph inherit: a frame,
    not a programme's span or name, not "đến nay" / "hiện nay" (the report's end again). In
    a line with figures (``leading``), only one that opens its sentence ("Trong quý I/2025,
    …", "In 2023, …"): one after a figure ("0.3418 in 2021") dates that figure alone."""
    for e in reversed(exprs):
        if e.role == "frame" and e.kind not in _NOT_CARRIED and not e.multi_year:
            if leading and not _opens_sentence(text, e):
                continue
            if not in_programme_name(text, e):
                return e
    return None


_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;]\s)[\s\-+*•]*(?:(?:trong|in|during|for|over)\s+(?:the\s+)?)?$", re.I
)


def _opens_sentence(text: str, e: TimeExpression) -> bool:
    """Whether ``e`` stands at the head of its sentence (after an optional "Trong" / "In")."""
    return bool(_SENTENCE_START.search(text, max(0, e.start - 16), e.start)) or not text[
        : e.start
    ].strip(" -+*•")


_FROM = re.compile(
    r"(?:\btừ|\btu|\bfrom)\s*(?:(?:mức|muc|hạng|hang|thứ|thu|vị\s+trí|vi\s+tri|a|an)\s+)*$",
    re.IGNORECASE,
)
_TO = re.compile(
    r"\s*(?:%|điểm|diem|points?|per\s*cent|percent|bậc|bac|place|position)?\s*"
    r"(?:lên|len|xuống|xuong|to|up\s+to|down\s+to|thành|thanh)(?:\s+(?:còn|con))?\s*"
    r"(?:(?:mức|muc|hạng|hang|thứ|thu)\s+)*",
    re.IGNORECASE,
)


# a comparison with the same period one year earlier
_SAME_PERIOD = re.compile(r"\bcung\s+ky\b|\bsame\s+period\b|\ba\s+year\s+(?:earlier|before|ago)\b")


# indices published once a year (the Decision 766 index is monthly and quarterly)
_ANNUAL_INDICES = ("dti_", "par_index_", "sipas_", "papi_", "pci_")


def _from_to(text: str, rows: list[Extracted], exprs: list[TimeExpression] = ()) -> None:  # type: ignore[assignment]
    """ "từ 45% lên 78%", "from 1,204 to 1,530": the first figure is the previous period's
    (when nothing in the line dates it apart from the second), or the period of the
    comparison its sentence opens with ("So với 6 tháng đầu năm 2024, … tăng từ A lên B")."""
    compares = [e for e in exprs if e.role == "compare"]
    compare_ends = [e.end for e in compares]
    same: bool | None = None  # the line names the same period a year before (read once)
    for a, b in pairwise(rows):
        if a.period_start != b.period_start or a.period_end != b.period_end:
            continue
        if not _FROM.search(text, max(0, a.start - 20), a.start):
            continue
        if not _TO.fullmatch(text, a.end, b.start):
            continue
        span = Span(_as_date(b.period_start or ""), _as_date(b.period_end or ""))
        years = _years_before(text, exprs, a.start)
        if years is not None:
            # "In 2023–2024, the PAR Index rose from 84.5 to 87.2 per cent": the levels at the
            # span's first and last year
            for r, y in ((a, years.first.year), (b, years.last.year)):
                r.period_start = date(y, 1, 1).isoformat()
                r.period_end = date(y, 12, 31).isoformat()
            a.extra["period_rule"] = "from_to"
            continue
        k = bisect_right(compare_ends, a.start) - 1  # the comparison last named before a
        against = compares[k] if k >= 0 else None
        if against is not None and _SENTENCE_END.search(text, against.end, a.start):
            against = None
        if same is None:  # "So với cùng kỳ, … từ A lên B"
            same = _SAME_PERIOD.search(fold_keep(text)) is not None
        if against is not None and against.span != span:
            prev = against.span
        elif (b.indicator or "").startswith(_ANNUAL_INDICES):
            # "giảm từ hạng 12 xuống hạng 19": an index published once a year was at the
            # earlier level in the edition of the year before
            year = span.last.year - 1
            prev = Span(date(year, 1, 1), date(year, 12, 31))
        else:
            prev = span.shift_years(-1) if same else span.previous()
        a.period_start, a.period_end = prev.first.isoformat(), prev.last.isoformat()
        a.extra["period_rule"] = "from_to"


def _years_before(text: str, exprs: list[TimeExpression], pos: int) -> Span | None:
    """The span of whole years the sentence names before ``pos`` ("in 2023–2024",
    "Giai đoạn 2021-2025"), if any."""
    for e in reversed(exprs):
        if e.end > pos:
            continue
        if _SENTENCE_END.search(text, e.end, pos) or e.role not in ("frame", "horizon"):
            return None
        s = e.span
        whole = s.first.month == 1 and s.first.day == 1 and s.last.month == 12 and s.last.day == 31
        return s if whole and s.first.year < s.last.year else None
    return None


def _digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _heading_frame(ln: Line, exprs: list[TimeExpression], heading: bool) -> Span | None:
    """The period a heading (or a line that is only a parenthesised period, such as "*(Từ
    ngày 01/01/2023 đến ngày 31/5/2024)*") sets for the lines under it, if any."""
    text = ln.text.strip(" *_")
    if len(text) > MAX_HEADING or not (heading or _PAREN_PERIOD.fullmatch(text)):
        return None
    frames = [
        e
        for e in exprs
        if e.role not in ("compare", "published")
        and not e.multi_year
        and not in_programme_name(ln.text, e)
    ]
    return frames[-1].span if frames else None


def prose_period(
    text: str,
    exprs: list[TimeExpression],
    start: int,
    end: int,
    others: list[int] = (),  # type: ignore[assignment]
) -> Span | None:
    """The span governing the figure at ``text[start:end]`` (``None``: no expression does).

    ``exprs`` are the line's expressions (:func:`find_time_expressions`, in order); ``others``
    the start offsets of the line's other figures (a comparison introduces only the figure
    right after it).
    """
    return _ProseLine(text, exprs, others).period(start, end)


class _ProseLine:
    """The expressions of one prose line prepared once, so that the period of each of its
    figures is found by bisection (linear in the line, however many figures it holds)."""

    def __init__(self, text: str, exprs: list[TimeExpression], figures: list[int]) -> None:
        self.text = text
        self.folded = fold_keep(text)
        self.all = exprs
        self.all_starts = [e.start for e in exprs]
        marks = [m.start() for m in _FRAMING_MARK.finditer(text)]
        self.kept = [
            e
            for e in exprs
            if e.role not in _NOT_FRAMES and (not e.multi_year or _framing(text, e, marks))
        ]
        self.kept_starts = [e.start for e in self.kept]
        self.kept_ends = [e.end for e in self.kept]
        self.frames = [e for e in self.kept if e.role != "compare"]
        self.frame_ends = [e.end for e in self.frames]
        self.figures = sorted(figures)
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def period(self, start: int, end: int) -> Span | None:
        """The span governing the figure at ``text[start:end]`` (see :func:`prose_period`)."""
        e = self.expression(start, end)
        return e.span if e is not None else None

    def frame_before(self, pos: int) -> TimeExpression | None:
        """The last period the line states before ``pos`` (a frame the paragraph carries)."""
        k = bisect_right(self.frame_ends, pos) - 1
        while k >= 0:
            e = self.frames[k]
            if e.role == "frame" and e.kind not in _NOT_CARRIED and not e.multi_year:
                return e
            k -= 1
        return None

    def _new_sentence(self, a: int, b: int) -> bool:
        """Whether a sentence ends between offsets ``a`` and ``b``."""
        k = bisect_left(self.sentence_ends, a)
        return k < len(self.sentence_ends) and self.sentence_ends[k] < b

    def _compared_between(self, a: int, b: int) -> bool:
        """Whether a comparison introduces another figure between offsets ``a`` and ``b``: the
        period after that figure is the comparison's ("66.2%, compared with 51.4% in 2024",
        "1,842 (0.41 per cent of all resolved) compared with 4,915 in 2024"); "từ 88 điểm trở
        lên" is a bound, no comparison."""
        k = bisect_left(self.figures, a)
        start = a
        while k < len(self.figures) and self.figures[k] < b:
            m = _COMPARED.search(self.text, start, self.figures[k])
            if m is not None and not (
                m[0].lower() in ("từ", "tu") and _BOUND_AFTER.match(self.text, self.figures[k])
            ):
                return True
            start = self.figures[k]
            k += 1
        return False

    def _aside(self, e: TimeExpression) -> bool:
        """Whether ``e`` is a parenthesised period right after a figure ("28,4% (quý I/2024)")."""
        if not _OPEN_PAREN.search(self.text, max(0, e.start - 3), e.start):
            return False
        k = bisect_left(self.figures, e.start) - 1
        text = self.text
        return (
            k >= 0
            and e.start - self.figures[k] <= 24
            and "(" not in text[self.figures[k] : e.start - 2]
            and ")" in text[e.end : e.end + 3]  # closed: the figure it dates is outside it
        )

    def expression(self, start: int, end: int) -> TimeExpression | None:
        """The expression governing the figure at ``text[start:end]``, if any."""
        text = self.text
        k = bisect_left(self.kept_starts, end)
        while k < len(self.kept) and self.kept[k].start - end <= 25:  # attached after it
            e = self.kept[k]
            if (
                e.role != "compare"
                and (
                    _ATTACHED.fullmatch(text, end, e.start)
                    or (
                        _TO_SIDE.search(text, max(0, start - 16), start) is not None
                        and _ATTACHED_NOUN.fullmatch(text, end, e.start) is not None
                    )
                )
                and not _LABELS_NEXT.match(text, e.end)
                and not ("," in text[end : e.start] and _OPENS_NEXT.match(text, e.end))
            ):
                return e
            k += 1
        k = bisect_right(self.kept_ends, start) - 1  # the last expression before it
        if k >= 0 and self.kept[k].role == "compare":
            e = self.kept[k]
            j = bisect_left(self.figures, e.end)  # another figure between them?
            alone = j == len(self.figures) or self.figures[j] >= start
            near = start - e.end <= MAX_COMPARE_GAP
            gap = text[e.end : start]
            if near and alone and not _CLAUSE_END.search(gap) and not _NOT_INTRODUCED.search(gap):
                return e
            if near and alone and _WHEN_CLAUSE.match(gap) and not _CLAUSE_END.search(gap):
                return e  # "Compared with 2022, when only 27.4 percent …": of 2022
            if near and _IN_COMPARE_BRACKET.fullmatch(gap):
                return e  # "So với tháng 7/2025 (86,15 điểm, xếp thứ 6), …": each of the bracket
        k = bisect_right(self.frame_ends, start) - 1
        # a deadline or a programme's year ("… Kế hoạch chuyển đổi số đến năm 2025.") governs
        # its own sentence only
        while k >= 0 and self._new_sentence(self.frames[k].end, start):
            e = self.frames[k]
            if e.role != "horizon" and not in_programme_name(text, e):
                break
            k -= 1
        # a period in parentheses right after a figure ("từ 28,4% (quý I/2024) lên 47,9%")
        # is that figure's aside, not the frame of the figures after it
        while k >= 0 and self._aside(self.frames[k]):
            k -= 1
        if k >= 0 and not self._new_sentence(self.frames[k].end, start):
            return self.frames[k]
        # a period later in the figure's own clause beats one of an earlier sentence ("By the
        # end of September, … . More than 8,700 payments were made in the quarter")
        return self._after(end) or (self.frames[k] if k >= 0 else None)

    def _after(self, end: int) -> TimeExpression | None:
        """A frame or horizon later in the clause of the figure ending at ``end``."""
        text = self.text
        # ("." at the bound of the search is no sentence end: the bound is past the limit)
        stop = _CLAUSE_END.search(text, end, min(len(text), end + MAX_AFTER + 2))
        limit = min(stop.start() if stop else len(text), end + MAX_AFTER)
        k = bisect_left(self.all_starts, end)
        after = self.all[k] if k < len(self.all) else None
        if (
            after is not None
            and after.start < limit
            and after.role in ("frame", "horizon")
            and not _LABELS_NEXT.match(text, after.end)
            and not self._compared_between(end, after.start)  # "66,2%, so với 51,4% năm 2024"
        ):
            return after
        return None


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")
_WHEN_CLAUSE = re.compile(r"\s*,\s*(?:when|khi)\b", re.IGNORECASE)
# the figures in a bracket right after a comparison's period are of that period
_IN_COMPARE_BRACKET = re.compile(r"\s*\([^()]*")
_OPEN_PAREN = re.compile(r"\(\s*$")
# "từ 88 điểm trở lên": a bound of the figure itself
_BOUND_AFTER = re.compile(
    r"[\d.,]+\s*(?:%|điểm|diem)?\s*(?:trở|tro)\s+(?:lên|len|xuống|xuong)", re.I
)
_COMPARED = re.compile(
    r"(?<!\w)(?:so\s+với|so\s+voi|compared\s+(?:with|to)|than|(?:up|down)\s+from|từ|tu|gấp|gap"
    r"|bằng|bang|against|versus|vs\.?|(?:slightly|well|just|far|marginally)\s+(?:below|above)"
    r"|(?:higher|lower)\s+than)(?!\w)"
    # "an improvement of 9 places on its 41st position of the year before"
    r"|(?<!\w)on\s+(?:its|their|the)\s+$"
    # "improved to 98.2% from 96.5% a year earlier": "from" right before the other figure
    r"|(?<!\w)from\s+(?:(?:about|around|nearly|some|just|only)\s+)?$",
    re.IGNORECASE,
)
_FRAMING_MARK = re.compile(r"[.;:\t(]")


def _framing(text: str, e: TimeExpression, marks: list[int]) -> bool:
    """Whether ``e`` opens its clause ("Giai đoạn 2021–2025, tỉnh …", "mục tiêu giai đoạn …"),
    rather than closing a project's name ("Chuyển đổi IPv6 … giai đoạn 2022 – 2025");
    ``marks``: the offsets of the line's clause marks (``.;:`` tab and ``(``)."""
    k = bisect_left(marks, e.start)
    cut = marks[k - 1] if k else -1
    return bool(_FRAMING_LEAD.fullmatch(text, cut + 1, e.start))


def _table_period(ln: Line, r: Extracted, columns: list[str], period: Span) -> Span | None:
    """A table figure's span: its cell's wording, its column header, then its row label."""
    cells, pos = [], 0
    for part in ln.text.split("\t"):
        cells.append((pos, pos + len(part)))
        pos += len(part) + 1
    j = next((i for i, (a, b) in enumerate(cells) if a <= r.start <= b), 0)
    a, _ = cells[j]
    own = find_time_expressions(ln.text[a : r.start], period)
    if own := [e for e in own if e.role not in ("compare", "published")]:
        return own[-1].span
    if j < len(columns) and columns[j]:
        col = [
            e
            for e in find_time_expressions(columns[j], period)
            if e.role not in ("compare", "published")
        ]
        if col:
            return col[-1].span
    for k, (ca, cb) in enumerate(cells):
        if k != j and ln.text[ca:cb].strip() and not ln.text[ca:cb].strip().isdigit():
            label = [e for e in find_time_expressions(ln.text[ca:cb], period) if e.role == "frame"]
            return label[-1].span if label else None
    return None
