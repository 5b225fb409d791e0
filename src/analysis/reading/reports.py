"""Read one report into a structured form: numbered lines, headings, footnotes and tables.

Reports arrive as UTF-8 text converted from Word/PDF originals, with remnants of that
conversion: ``**bold**``, ``<sup>1</sup>`` and superscript-digit footnote marks, LaTeX-ish
``$232/232 = 100\\%$``, ``<b>`` in table cells, Markdown ``#`` headings. For parsing we work on
a *normalised* copy of each line (:func:`analysis.text.normalise`), and keep an offset map back
to the *raw* line so that every quote we publish is an exact substring of the file as received.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..text import control_lines, fold, normalise, split_lines, superscript_to_digits

_ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?:PHỤ LỤC|Phụ lục)\s+(?P<m>{_ROMAN}|\d+)\b")),
    (1, re.compile(rf"^(?P<m>{_ROMAN})\.\s+\S")),
    (4, re.compile(r"^(?P<m>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+\S")),
    (3, re.compile(r"^(?P<m>\d{1,2}\.\d{1,2})\.?\s+\S")),
    (2, re.compile(r"^(?P<m>\d{1,2})\.\s+\S")),
    (5, re.compile(r"^(?P<m>[a-eđ])\)\s+\S")),
]
_FOOTNOTE_DEF_RAW = re.compile(r"^\s*(?:<sup>\s*(?P<a>\d+)\s*</sup>|(?P<b>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s+\S")
# A total row's label cell says only "Tổng số"/"Tổng cộng"/"Tổng"/"Cộng" ("Tổng số lượt truy
# cập" is an ordinary row that happens to start with the word).
_TOTAL_LABEL = re.compile(r"^\s*(?:tổng\s*số|tổng\s*cộng|tổng|cộng)\s*:?\s*$", re.IGNORECASE)


class ReportError(ValueError):
    """A report file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Line:
    """One line of a report: the raw text as received and a normalised copy for parsing."""

    number: int
    raw: str
    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...] = ()
    footnote_refs: tuple[str, ...] = ()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the matching span of :attr:`raw`."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside line {self.number}")
        return self.offsets[start], self.ends[end - 1]

    def quote(self, start: int, end: int) -> str:
        """The exact raw substring behind ``text[start:end]``."""
        a, b = self.raw_span(start, end)
        return self.raw[a:b]

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    marker: str
    title: str


@dataclass(frozen=True)
class Footnote:
    number: str
    line: int
    text: str
    ref_lines: tuple[int, ...] = ()


@dataclass
class Table:
    """A tab-separated table: header rows merged into column names, then data rows."""

    start_line: int
    end_line: int
    columns: list[str]
    frame: pd.DataFrame
    row_lines: list[int]
    header_rows: list[list[str]] = field(default_factory=list)
    column_numbers: list[str] | None = None

    @property
    def total_rows(self) -> list[int]:
        """Positions (iloc) of rows labelled as a total (Tổng số, Tổng cộng, Cộng)."""
        out = []
        for i, row in enumerate(self.frame.itertuples(index=False)):
            if is_total_row([str(c) for c in row[:3] if c]):
                out.append(i)
        return out


def is_total_row(cells: list[str]) -> bool:
    """The row's label (one of its first three cells) names a total (Tổng số, Tổng cộng)."""
    return any(_TOTAL_LABEL.match(c) for c in cells[:3] if c)


@dataclass
class Report:
    """A report file read into numbered lines, headings, footnotes and tables."""

    path: Path
    lines: list[Line]

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def line(self, number: int) -> Line:
        """The line with 1-based ``number``."""
        return self.lines[number - 1]

    @cached_property
    def footnote_lines(self) -> set[int]:
        return {fn.line for fn in self.footnotes}

    @cached_property
    def headings(self) -> list[Heading]:
        out = []
        for ln in self.lines:
            if ln.number in self.footnote_lines or ln.number in self.table_lines:
                continue
            text = ln.text.strip().lstrip("-+ ").strip()
            for level, pat in _HEADING_PATTERNS:
                m = pat.match(text)
                if m:
                    title = text[m.end("m") :].lstrip(".) ").strip()
                    title = re.split(r"(?<=\S)[:.](?:\s|$)", title, maxsplit=1)[0][:160]
                    out.append(Heading(ln.number, level, m.group("m"), title))
                    break
        return out

    def section_path(self, number: int) -> tuple[Heading, ...]:
        """The chain of headings (outermost first) that line ``number`` falls under."""
        stack: list[Heading] = []
        for h in self.headings:
            if h.line > number:
                break
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
        return tuple(stack)

    @cached_property
    def footnotes(self) -> list[Footnote]:
        defs: list[tuple[str, int, str]] = []
        for ln in self.lines:
            m = _FOOTNOTE_DEF_RAW.match(ln.raw)
            if m:
                num = m.group("a") or superscript_to_digits(m.group("b"))
                defs.append((num, ln.number, ln.text.strip()))
        refs: dict[tuple[str, int], list[int]] = {}
        def_lines = {d[1] for d in defs}
        for ln in self.lines:
            if ln.number in def_lines:
                continue
            for num in ln.footnote_refs:
                target = _nearest_definition(defs, num, ln.number)
                if target is not None:
                    refs.setdefault((num, target), []).append(ln.number)
        return [Footnote(n, line, text, tuple(refs.get((n, line), []))) for n, line, text in defs]

    def footnote(self, number: str, near_line: int) -> Footnote | None:
        """The definition of footnote ``number`` that a mark on ``near_line`` points to."""
        candidates = [f for f in self.footnotes if f.number == number]
        for f in candidates:
            if near_line in f.ref_lines:
                return f
        return candidates[0] if candidates else None

    @cached_property
    def tables(self) -> list[Table]:
        out: list[Table] = []
        block: list[Line] = []
        for ln in [*self.lines, None]:
            if ln is not None and "\t" in ln.text:
                block.append(ln)
                continue
            if len(block) >= 2:
                out.append(_parse_table(block))
            block = []
        return out

    @cached_property
    def table_lines(self) -> set[int]:
        return {n for t in self.tables for n in range(t.start_line, t.end_line + 1)}


def _nearest_definition(defs: list[tuple[str, int, str]], num: str, line: int) -> int | None:
    after = [d[1] for d in defs if d[0] == num and d[1] >= line]
    if after:
        return after[0]
    before = [d[1] for d in defs if d[0] == num]
    return before[-1] if before else None


def _cells(ln: Line) -> list[str]:
    return [c.strip() for c in ln.text.split("\t")]


def _is_numbering_row(cells: list[str]) -> bool:
    vals = [c for c in cells if c]
    return (
        len(vals) >= 3
        and all(c.isdigit() for c in vals)
        and [int(c) for c in vals] == list(range(1, len(vals) + 1))
    )


def _looks_like_header(cells: list[str]) -> bool:
    first = cells[0] if cells else ""
    has_number = any(re.fullmatch(r"[~<>]?\d[\d.,]*\s*%?", c) for c in cells[1:] if c)
    return not first and not has_number


def _parse_table(block: list[Line]) -> Table:
    rows = [_cells(ln) for ln in block]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [rows[0]]
    i = 1
    while i < len(rows) and _looks_like_header(rows[i]) and not _is_numbering_row(rows[i]):
        header.append(rows[i])
        i += 1
    numbering = None
    if i < len(rows) and _is_numbering_row(rows[i]):
        numbering = rows[i]
        i += 1
    columns = _merge_header(header)
    data = rows[i:]
    frame = pd.DataFrame(data, columns=columns, dtype="string")
    return Table(
        start_line=block[0].number,
        end_line=block[-1].number,
        columns=columns,
        frame=frame,
        row_lines=[ln.number for ln in block[i:]],
        header_rows=header,
        column_numbers=numbering,
    )


def _merge_header(header: list[list[str]]) -> list[str]:
    """Merge stacked header rows (merged cells exported as one filled cell + blanks)."""
    width = len(header[0])
    filled: list[list[str]] = []
    for depth, row in enumerate(header):
        out = list(row)
        if depth < len(header) - 1:  # spanning labels: carry right across blanks
            last = ""
            for j in range(width):
                if out[j]:
                    last = out[j]
                elif last and header[-1][j]:
                    out[j] = last
        filled.append(out)
    names: list[str] = []
    for j in range(width):
        parts: list[str] = []
        for row in filled:
            if row[j] and row[j] not in parts:
                parts.append(row[j])
        names.append(" / ".join(parts) or f"col{j + 1}")
    seen: dict[str, int] = {}
    unique = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        unique.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return unique


def read_report(path: str | Path) -> Report:
    """Read a UTF-8 report file. Raises :class:`ReportError` naming the file and line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read file ({exc.strerror})") from exc
    return parse_report_text(data, path)


def parse_report_text(data: bytes, path: str | Path = "<memory>") -> Report:
    """Parse report bytes (UTF-8, optional BOM) into a :class:`Report`."""
    path = Path(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = data[: exc.start].count(b"\n") + 1
        raise ReportError(
            f"{path}:{line_no}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); convert the file to UTF-8 text first"
        ) from exc
    if "\x00" in text:
        line_no = text[: text.index("\x00")].count("\n") + 1
        raise ReportError(f"{path}:{line_no}: contains NUL bytes; this is not a text report")
    bad = control_lines(text)
    if bad:
        line_no, char = bad[0]
        raise ReportError(
            f"{path}:{line_no}: control character U+{ord(char):04X} (on {len(bad)} line(s)); "
            "ingest the file again to have them removed, or delete them"
        )
    raw_lines = split_lines(text)  # LF, CRLF, or a CR alone (old Mac files)
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    lines = []
    for n, raw in enumerate(raw_lines, start=1):
        norm, offs, refs, ends = normalise(raw)
        lines.append(Line(n, raw, norm, offs, ends, refs))
    if not any(not ln.is_blank for ln in lines):
        raise ReportError(f"{path}: the report is empty (no text)")
    return Report(path, _pipe_tables(lines))


_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?\|?\s*$")


def _pipe_cells(text: str) -> int:
    """How many cells a pipe-table row has (0: not a row): ``a | b | c`` or ``| a | b |``."""
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return inner.count("|") + 1 if "|" in inner else 0


def _as_tab_row(ln: Line) -> Line:
    """The row with its pipes read as cell breaks (one character for one, so the offsets to
    the raw line hold): the outer pipes and a rule line's dashes become spaces."""
    chars = list(ln.text)
    idx = [i for i, c in enumerate(chars) if c == "|"]
    head = ln.text[: idx[0]].strip() == "" if idx else False
    tail = ln.text[idx[-1] + 1 :].strip() == "" if idx else False
    for k, i in enumerate(idx):
        outer = (k == 0 and head) or (k == len(idx) - 1 and tail)
        chars[i] = " " if outer else "\t"
    if _PIPE_RULE.match(ln.text):
        chars = [" " if c in "-:" else c for c in chars]
    return Line(ln.number, ln.raw, "".join(chars), ln.offsets, ln.ends, ln.footnote_refs)


def _pipe_tables(lines: list[Line]) -> list[Line]:
    """Markdown-style pipe tables, with or without the outer pipes ("Level | Received |
    Online"): two or more consecutive rows of the same number of cells (a ``---|---`` rule
    among them) are read as tab rows. Tab tables are left as they are."""
    if not any("|" in ln.text for ln in lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(out):
        n = _pipe_cells(out[i].text) if "\t" not in out[i].text else 0
        j = i
        while j < len(out) and "\t" not in out[j].text and n >= 2:
            if _pipe_cells(out[j].text) != n and not _PIPE_RULE.match(out[j].text):
                break
            j += 1
        if j - i >= 2:
            out[i:j] = [_as_tab_row(ln) for ln in out[i:j]]
        i = max(j, i + 1)
    return out


_BODY_START = re.compile(r"^(?:can cu|thuc hien|kinh gui|theo |so:|[ivx]+\.|\d+\.|[-+])")
#: Headings that name a document's kind, the title following on the same or the next lines.
DOC_HEADINGS = ("BÁO CÁO", "KẾ HOẠCH", "THÔNG BÁO", "QUYẾT ĐỊNH", "TỜ TRÌNH", "CHƯƠNG TRÌNH")
#: The administrative front matter above a title: national motto, issuing body, number, date.
_FRONT_MATTER = re.compile(
    r"^(?:cong hoa xa hoi|doc lap|uy ban nhan dan|ubnd|so:|so \d|kinh gui|v/v|[-_=*. ]+$)"
    r"|, ngay \d{1,2}( thang \d{1,2})?"
)

#: An issuing body's name in the front matter, in capitals (``SỞ THÔNG TIN VÀ TRUYỀN THÔNG``).
_ISSUER_LINE = re.compile(r"^(?:SỞ|BAN|TRUNG TÂM|VĂN PHÒNG|CỤC|CHI CỤC|UBND)\s[^a-zà-ỹđ]{0,80}$")


def guess_title(report: Report) -> str | None:
    """The title under a ``BÁO CÁO`` heading (up to three short lines), else None.

    Blank lines are skipped: converted Word/PDF text puts one between every paragraph. The
    title ends at the first line that reads like body text (``Căn cứ…``, ``Thực hiện…``, a
    long sentence, a numbered heading).
    """
    lines = [" ".join(ln.text.split()) for ln in report.lines[:60] if not ln.is_blank]
    return _title_under(lines, DOC_HEADINGS[0])


def _title_under(lines: list[str], heading: str) -> str | None:
    word = fold(heading)
    for i, text in enumerate(lines):
        if not fold(text).startswith(word):
            continue
        parts = [text[len(heading) :].strip(" :-")]
        for nxt in lines[i + 1 : i + 4]:
            if any(parts) and (
                _BODY_START.match(fold(nxt)) or len(nxt) > 120 or nxt.endswith((";", ":", "."))
            ):
                break
            parts.append(nxt)
        title = " ".join(p for p in parts if p)
        return title[:300] or None
    return None


def heading_title(report: Report) -> tuple[int, str] | None:
    """For a document without a ``BÁO CÁO`` heading: ``(line, title)`` from another kind's
    heading (``KẾ HOẠCH``, ``THÔNG BÁO``…), else its first heading-like line (a short line
    after the front matter: a portal notice's headline); None when the text starts with a
    paragraph."""
    numbered = [(ln.number, " ".join(ln.text.split())) for ln in report.lines[:60]]
    numbered = [(n, t) for n, t in numbered if t]
    for heading in DOC_HEADINGS[1:]:
        title = _title_under([t for _, t in numbered], heading)
        if title:
            return next(n for n, t in numbered if fold(t).startswith(fold(heading))), title
    for n, text in numbered:
        if _FRONT_MATTER.search(fold(text)) or _ISSUER_LINE.match(text):
            continue
        if len(text) <= 200 and any(c.isalpha() for c in text):
            return n, text.lstrip("# ").strip()
        return None
    return None
