"""The rules of district coverage extraction: which phrase marks which item, how counts of
districts are written, and the cue words that make a statement absent or planned.

The rules are data for :mod:`analysis.geo.coverage`: :data:`ITEM_RULES` says which phrase
marks which item (first match wins, so "tập huấn cho thành viên Tổ CNSCĐ" is training, not a
team); :data:`QUANTIFIERS` read totals ("11/11 huyện", "09 UBND huyện", "100% ... UBND cấp
huyện") and partial counts ("08/11 huyện ... còn 3 đơn vị chưa có ... là: A, B và C"); the cues
give named districts their status ("chưa" → absent, "sẽ/dự kiến" → planned). How each item
reads on the page is vocabulary (:data:`analysis.vocabulary.COVERAGE_ITEMS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import COVERAGE_ITEMS


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
        return compiled(self.pattern)


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
AFTER_NAME = r"[\s,]*(?:[^\W\d]+\s+){0,2}?"
#: Sections whose statements are plans, not results.
PLANNED_SECTION = r"phương hướng|định hướng|dự kiến|nhiệm vụ trọng tâm"
_CACHE: dict[str, re.Pattern[str]] = {}


def compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitively (cached)."""
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return rx


def item_of(text: str) -> ItemRule | None:
    """The first rule whose phrase occurs in ``text`` (rules are in priority order)."""
    for rule in ITEM_RULES:
        if rule.regex.search(text):
            return rule
    return None
