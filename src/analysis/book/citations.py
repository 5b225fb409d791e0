"""How a reader is told which report a figure comes from: a short citation, not an id.

A chart's source line ("Source: An Giang Dept. of Information and Communications, “Kết quả
công tác cải cách hành chính quý I…”, 31 March 2023") and a tooltip's "Report" name the
issuer, a short title and the date, in the edition's language: the Vietnamese edition writes
the issuer the Vietnamese way ("Sở TT&TT An Giang", "Văn phòng UBND tỉnh Quảng Ngãi") and the
date ``31/3/2023``. The date is the end of the period the report covers (the reports table
keeps no issue date). Report ids stay where a machine reads them: the chart data (and so its
CSV download) keeps its ``report_id`` column.

The citations come from the published reports table (``reports.csv``), read once per publish;
a report it does not hold is named by its id.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .. import formats, paths

#: Words the Vietnamese edition shortens, as Vietnamese administrative writing does.
_VI_SHORT = (
    ("Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Ủy ban nhân dân", "UBND"),
    ("Uỷ ban nhân dân", "UBND"),
)
#: Issuers in English: (Vietnamese pattern, English with ``{place}``), tried in order.
_EN_ISSUERS = (
    (r"Sở Thông tin và Truyền thông", "{place} Dept. of Information and Communications"),
    (r"Sở Khoa học và Công nghệ", "{place} Dept. of Science and Technology"),
    (r"Sở Nội vụ", "{place} Dept. of Home Affairs"),
    (r"Văn phòng (?:Ủy|Uỷ) ban nhân dân", "Office of the {place} People's Committee"),
    (r"(?:Ủy|Uỷ) ban nhân dân", "{place} People's Committee"),
)
_PLACE = re.compile(r"^\s*(?:tỉnh|thành phố)?\s*(?P<place>.+?)\s*$", re.I)
#: A short title keeps this many words of the report's title.
TITLE_WORDS = 7


def issuer_name(issuer: str, lang: str | None = None) -> str:
    """The issuer as the edition names it (an issuer no rule knows: as written)."""
    issuer = " ".join(str(issuer or "").split())
    if (lang or formats.language()) == "vi":
        out = issuer
        for long, short in _VI_SHORT:
            out = out.replace(long, short)
        if out.startswith("Sở "):  # "Sở TT&TT tỉnh An Giang" → "Sở TT&TT An Giang"
            out = re.sub(r"\s+tỉnh\s+", " ", out, count=1)
        return out
    for pattern, english in _EN_ISSUERS:
        m = re.match(rf"^{pattern}\b(?P<rest>.*)$", issuer)
        if m:
            place = _PLACE.match(m.group("rest"))
            if place and place.group("place"):
                return english.format(place=place.group("place"))
    return issuer


#: A document number ("61/KH-UBND"): a short title that reaches one keeps it whole.
_DOC_NUMBER = re.compile(r"^\d+/[0-9A-ZĐ][0-9A-ZĐa-z.-]*[,;:]?$")
#: Words a cut title does not end on (it would read as broken off mid-phrase).
_DANGLING = frozenset(
    [
        "và",
        "của",
        "số",
        "các",
        "những",
        "trong",
        "năm",
        "quý",
        "tháng",
        "tại",
        "về",
        "cho",
        "với",
        "ngày",
        "theo",
        "thực",
        "hành",
    ]
)


def short_title(title: str, words: int = TITLE_WORDS) -> str:
    """The first ``words`` words of ``title`` (with an ellipsis when cut), running on to a
    document number the title names within a few more words ("… Kế hoạch số 61/KH-UBND…"),
    never ending on a word that leaves a phrase broken off."""
    parts = str(title or "").split()
    if len(parts) <= words:
        return " ".join(parts)
    end = words
    for i in range(words, min(len(parts), words + 4)):
        if _DOC_NUMBER.match(parts[i]):
            end = i + 1
            break
    else:
        while end > 3 and parts[end - 1].lower().strip(",;:") in _DANGLING:
            end -= 1
    if end >= len(parts):
        return " ".join(parts)
    return " ".join(parts[:end]).rstrip(",;:") + "…"


def citation(report: Mapping[str, object], lang: str | None = None) -> str:
    """One report's short citation: issuer, short title, date (the period's end)."""
    lang = lang or formats.language()
    parts = [issuer_name(str(report.get("issuer") or ""), lang)]
    title = short_title(str(report.get("title") or ""))
    if title:
        parts.append(f"“{title}”")
    end = str(report.get("period_end") or "")
    if end:
        parts.append(formats.day(end, lang=lang))
    text = ", ".join(p for p in parts if p)
    return text or str(report.get("report_id") or "")


def citations(report_ids: Iterable[str], lang: str | None = None) -> dict[str, str]:
    """report_id → its short citation in the edition's language (unknown ids: the id)."""
    known = _reports()
    lang = lang or formats.language()
    return {r: citation(known[r], lang) if r in known else r for r in report_ids if r}


def cite(report_id: str, lang: str | None = None) -> str:
    """The short citation of one report (its id when the reports table lacks it)."""
    return citations([report_id], lang).get(report_id, report_id) if report_id else ""


def _reports() -> dict[str, dict[str, str]]:
    """The published reports by id, read once per publish (``{}`` without the table)."""
    folder = paths.processed_dir()
    try:
        st = os.stat(folder / "reports.csv")
    except OSError:
        return {}
    return _read(str(folder), st.st_ino, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _read(folder: str, inode: int, mtime: int) -> dict[str, dict[str, str]]:
    import csv
    from pathlib import Path

    from ..storage import restore_cell

    out: dict[str, dict[str, str]] = {}
    with open(Path(folder) / "reports.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rec = {k: str(restore_cell(v)) if v is not None else "" for k, v in row.items()}
            out[str(rec.get("report_id"))] = rec
    return out
