"""What each figure's own words say: its facets, whether it is a goal, whether it is the share
of a target reached.

For a figure in prose, its *own words* are the text since the previous figure's phrase and the
phrase right after it (up to a comma, bracket or the next figure): "trong đó **142.307 hồ sơ
nộp trực tuyến**", "**144,877 were settled ahead of schedule**". What its own words leave out
it takes from the head of its clause (or of its line): the object and action always
(``trực tuyến 29.870`` in "Cấp tỉnh tiếp nhận 32.450 hồ sơ (trực tuyến 29.870" is a dossier
received), the qualifiers only when its own words state none. A percentage whose own words are
only links ("chiếm", "đạt", "(", "or") is the share of the count before it. In a table the row
label and the column header are the figure's own words and the caption its head. A score or
rank that names no index takes the index last named in the report.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..reading.numbers import Figure
from .lexicon import Hit, Lexicon

#: Groups whose facets a figure takes from its clause head whenever its own words lack them.
ALWAYS_INHERITED = frozenset({"object", "action", "index", "measure", "benchmark", "domain"})
#: Groups of qualifiers: inherited only when the figure's own words state none of them.
QUALIFIER_GROUPS = frozenset({"channel", "process", "timeliness", "quality", "place", "component"})
#: Facets that say nothing about what is counted.
SILENT_GROUPS = frozenset({"level", "noise", "domain", "share"})

_MEASURE_ONLY = frozenset({"measure", "level", "noise"})
_MEMBER_ONLY = frozenset({"level", "noise", "action", "domain"})
# ("… giảm còn 15,6 điểm do nhiều hồ sơ chưa …", "because …": the reason for the figure, not
# what it counts; "hồ sơ do cấp xã tiếp nhận" is who handled them)
_PHRASE_END = re.compile(
    r"[,;()\[\]:\t]|\.(?:\s|$)|\s[-–]\s|\s(?:because(?:\s+of)?|due\s+to)\s"
    r"|\s(?:do|bởi\s+vì)\s+(?:nhiều|một\s+số|còn|chưa|vẫn|\d)"
    # "Nếu như quý I chỉ đạt 38,5% thì sang quý II đã tăng lên 47,9%": the clause after "thì"
    r"|\sthì\s"
)
_AFTER_MAX = 80
_RANK_MOVE = re.compile(r"bậc|hạng|places?|positions?|spots?|notch", re.IGNORECASE)
_ORDINAL_PLACE = re.compile(r"\d+(?:st|nd|rd|th)$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s+(?:place|position|spot)\b")
# the words right before a figure that make it a level reached, not a change ("tăng từ 76,1%
# lên 80,3%", "vươn lên thứ 16/34", "fell from 12th to 15th")
_LEVEL_BEFORE = re.compile(
    r"(?<![a-z])(?:tu|len|xuong|(?:xuong |giam |chi )?con|from|to|compared (?:with|to)|against)"
    r"(?:\s+(?:muc|thu|vi tri|hang|vi tri thu|only|lai))?\s*$"
)
# a goal cue right before the figure names it whatever comes before ("surpassing the target
# of 70%", "vượt mục tiêu 80%", "kế hoạch giao 60%, kết quả thực hiện 52,4%", "planned 70%")
_GOAL_RIGHT_BEFORE = re.compile(
    r"(?<![a-z])(?:target|goal|planned|chi tieu|muc tieu|ke hoach)"
    r"(?: (?:giao|duoc giao|de ra|dat ra))?(?: (?:of|at|is|was|la|set at))?\W*$"
)
# a clause whose subject is the province itself ("…; tỉnh đạt 0,5512", "while the province …")
_SELF_SUBJECT = re.compile(
    r"\W*(?:con |rieng |trong khi |while |whereas |but )?(?:tinh|the province|province)\b"
)
# only a comma or "và" between two figures: the second is of the same kind (a list)
_LIST_LINK = re.compile(r"^\s*(?:,|;|\bva\b|\band\b|\bor\b|\bhoac\b)?\s*(?:\bva\b|\band\b)?\s*$")
_CHANGE_BEFORE = re.compile(
    r"(?<![a-z])(?:tang|giam|cao hon|thap hon|(?<!making )(?<!makes )(?<!make )(?<!made )up"
    r"|down|rose|fell|gained|lost)(?: them| di| by)?\s*$"
)
# a level in a "when" clause after the period of a comparison ("Compared with 2022, when only
# 27.4 percent of dossiers …", "So với năm 2022, khi tỷ lệ … chỉ đạt 27,4%")
_WHEN_LEVEL = re.compile(
    r"(?<![a-z])(?:compared (?:with|to)|so voi)[^,;.]{0,30},\s*(?:when|khi)\b[^;,]*$"
)
# the whole a figure is part of: "trên tổng số 1.872 TTHC", "out of a total of 1,904"
_TOTAL_BEFORE = re.compile(
    r"(?<![a-z])(?:tren tong so|tren tong|tong so|out of(?: a total of| the| all)?|of all"
    r"|(?:%|per ?cent|percent) of (?:the|all(?: the)?)"
    # "5.207 hồ sơ/7.318 hồ sơ thuộc diện thu phí", "12.430 hồ sơ trực tuyến/14.115 hồ sơ"
    r"|\d (?:ho so|thu tuc|tthc|dich vu|dvc(?:tt)?)(?: [a-z]+){0,2}\s*/)\s*$"
)
# "97.4 per cent of the 81,200 dossiers resolved were completed on time": between a share and
# the count of its whole, and the verb after the whole's noun that says what the share counts
_SHARE_OF_WHOLE = re.compile(r"\s+of\s+(?:the|all(?:\s+the)?)\s+")
_PREDICATE = re.compile(r"\s(?:were|was|are|is|had|have|has|got)\s")
_TOTAL_AFTER = re.compile(
    r"\s*(?:cua |so voi |tren )?(?:tong so|ke hoach von|von ke hoach"
    r"|of (?:all|the total|total|the capital plan|(?:the )?(?:allocated|planned) (?:capital|funds?"
    r"|budget|investment)))\b"
)
# a bracket right after a target word holds the target ("so với kế hoạch (700 dịch vụ)",
# "of the plan (1,200 services)")
_PLAN_BRACKET = re.compile(
    r"(?<![a-z])(?:ke hoach|muc tieu|chi tieu|the (?:annual )?(?:plan|target|goal))"
    r"(?: (?:nam|for) \d{4}| de ra| dat ra| duoc giao| set)?\s*\(\s*$"
)
# only "of the total" between two counts: the first is a part of the second
_PART_OF_WHOLE = re.compile(
    r"\s*(?:tren tong so|tren tong|tren|trong tong so|trong so|out of(?: a total of)?|of)"
    r"(?: the province'?s| its| their| the city'?s)?\s*$"
)
# a clause that states what has been done ("lũy kế đến nay đã cung cấp 612 DVCTT", "so far
# the province has provided"): a result, whatever goal the line opened with
_RESULT_CLAUSE = re.compile(
    r"(?<![a-z])(?:luy ke|den nay|hien nay|hien tai|ket qua|thuc te|so far|to date|has so far"
    r"|ket qua (?:dat duoc|thuc hien)|(?:den het|tinh den(?: het)?) (?:quy|thang|\d+ thang|ngay)"
    r"|by the end of (?:the )?(?:quarter|q[1-4]|month|first|\w+ months))(?![a-z])"
)
_NOT_GOAL = re.compile(r"(ket qua|thuc hien|danh gia|results?|achieved|surpass)")


@dataclass(frozen=True)
class View:
    """The facets of one figure."""

    stated: frozenset[str]  # its own words
    facets: frozenset[str]  # its own words and what it inherits
    goal: bool = False
    achievement: bool = False
    # a count's unit noun, right after it ("31 cơ quan", "2,900 computers"): what it counts
    counted: frozenset[str] = frozenset()
    # the earlier level of a comparison ("So với năm 2023 (52,1%), …"): of another period
    earlier: bool = False


class LineFacets:
    """Facet hits of one folded line, looked up by span."""

    def __init__(
        self, lexicon: Lexicon, folded: str, language: str, limit: int | None = None
    ) -> None:
        self.lex = lexicon
        self.folded = folded
        self.language = language
        self._limit = limit
        self._hits: list[Hit] | None = None
        self._starts: list[int] = []

    @property
    def hits(self) -> list[Hit]:
        """The cues of the line (scanned on first use: a line the seed rules classify
        whole needs none)."""
        if self._hits is None:
            self._hits = self.lex.scan(self.folded, self.language, self._limit)
            self._starts = [h.start for h in self._hits]
        return self._hits

    def between(self, a: int, b: int) -> frozenset[str]:
        hits = self.hits
        out: set[str] = set()
        i = bisect_left(self._starts, a)
        while i < len(hits) and hits[i].start < b:
            out.update(hits[i].facets)  # a cue that starts in the span counts whole
            i += 1
        return frozenset(out)

    def around(self, a: int, b: int) -> frozenset[str]:
        """The facets of the cues in ``[a, b)``: from the line's scan when it was made, else
        from a scan of the span alone (a line the seed rules read whole is not scanned)."""
        if self._hits is not None:
            return self.between(a, b)
        out: set[str] = set()
        for h in self.lex.scan(self.folded[a:b], self.language):
            out.update(h.facets)
        return frozenset(out)

    def groups(self, facets: frozenset[str]) -> set[str]:
        return {self.lex.facet_group[f] for f in facets}

    def content(self, facets: frozenset[str]) -> frozenset[str]:
        return frozenset(f for f in facets if self.lex.facet_group[f] not in SILENT_GROUPS)

    def strict(self, facets: frozenset[str]) -> frozenset[str]:
        return frozenset(f for f in facets if self.lex.group(f).strict)


def _inherit(
    lf: LineFacets, own: frozenset[str], head: frozenset[str], qualifiers: bool = True
) -> frozenset[str]:
    own_groups = lf.groups(own)
    if _generic_only(lf, own):
        own_groups.discard("object")  # "(7.315 tài khoản)": accounts of the head's object
    takes_qualifiers = qualifiers and not (own_groups & QUALIFIER_GROUPS)
    extra = set()
    for f in head:
        g = lf.lex.group(f)
        if not g.inherit or g.name in own_groups:
            continue
        if g.name == "index" and "share" in own_groups:
            continue  # a rate ("tỷ lệ hài lòng … 99,8%") is no index score
        if g.name == "component" and "index" in own_groups:
            continue  # "xã hội số đạt 0,6412, còn DTI chung đạt 0,6188": the whole index
        if g.name in ALWAYS_INHERITED or (takes_qualifiers and g.name in QUALIFIER_GROUPS):
            extra.add(f)
    return own | extra


_NEW_SENTENCE = re.compile(r"\.\s")


# "…, trong đó tỉnh đạt 0,6501", "…, while the province reached 0.6501": the province itself
_SELF_AFTER = re.compile(
    r"(?:^|[,;] |\b(?:trong do|con|rieng|trong khi|while|whereas|but) )\W*"
    r"(?:tinh|the province)\b(?! (?:ban|khac|thanh)\b)"
)


def _later_head(
    lf: LineFacets, clause_head: frozenset[str], line_head: frozenset[str], a: int, b: int
) -> frozenset[str]:
    """What a later figure of a clause (its own words ``lf.folded[a:b]``) takes from the
    clause's head and the line's: a benchmark ("DTI bình quân cả nước đạt 0,6123, trong đó
    tỉnh đạt 0,6501") is not of a figure whose own words name the province itself."""
    head = clause_head | frozenset(
        x for x in line_head if lf.lex.facet_group[x] not in lf.groups(clause_head)
    )
    if _SELF_AFTER.search(lf.folded, a, b):
        head = frozenset(x for x in head if lf.lex.facet_group[x] != "benchmark")
    return head


# "Chỉ tiêu số 5 - Tỷ lệ thanh toán trực tuyến hồ sơ. Kết quả thực hiện: 46,8%": a result
# labelled on its own after the criterion's name
_RESULT_LABEL = re.compile(
    r"(?<![a-z])(?:ket qua(?: thuc hien| dat duoc)?|thuc hien|result|achieved)\s*:?\s*$"
)


def _criterion_named(lf: LineFacets, f: Figure) -> frozenset[str]:
    """What the first figure of a line takes from the line before it: the criterion a result
    label ("Kết quả thực hiện: 46,8%") gives the result of, named in the sentence before."""
    if not _RESULT_LABEL.search(lf.folded, max(0, f.start - 24), f.start):
        return frozenset()
    stop = lf.folded.rfind(". ", 0, f.start)
    return lf.around(max(0, stop - 160), stop) if stop > 0 else frozenset()


def _clause_line_head(lf: LineFacets, line_head: frozenset[str], cs: int) -> frozenset[str]:
    """What a later clause starting at ``cs`` takes from the line's first figure."""
    head = line_head
    if _NEW_SENTENCE.search(lf.folded, max(0, cs - 3), cs + 1):
        # a new sentence ("… giải quyết. Trong năm, tiếp nhận 61.250 hồ sơ"): the line's
        # first figure does not qualify it
        head = frozenset(x for x in head if lf.lex.facet_group[x] not in QUALIFIER_GROUPS)
    if _SELF_SUBJECT.match(lf.folded, cs):
        # a benchmark ("Điểm trung bình … là 0,5804; tỉnh đạt 0,5512") is not of a later
        # clause about the province itself
        head = frozenset(x for x in head if lf.lex.facet_group[x] != "benchmark")
    return head


def _generic_only(lf: LineFacets, own: frozenset[str]) -> bool:
    """The only objects ``own`` names are generic ones (``generic_objects``: "tài khoản")."""
    objects = {x for x in own if lf.lex.facet_group[x] == "object"}
    return bool(objects) and objects <= lf.lex.generic_objects


def phrase_end(text: str, f: Figure, next_start: int | None) -> int:
    """End of the phrase right after a figure (its unit noun and qualifiers)."""
    limit = min(len(text), f.end + _AFTER_MAX, next_start if next_start is not None else 1 << 30)
    m = _PHRASE_END.search(text, f.end, limit)
    return m.start() if m else limit


_ASIDE = re.compile(r"\s*\(\s*")
_ASIDE_END = re.compile(r"\s*(?:%|per\s*cent|percent)?\s*\)")


# ", or 62.5 per cent of them,", ", tức 62,5%,": a share set off by commas after a count,
# restating it ("…, chiếm 1,2%, tập trung tại 14 xã" goes on to another statement)
_COMMA_ASIDE = re.compile(r"\s*,\s*(?:or|i\.e\.|that is|hay|tuc(?: la)?)\s*")
# ", 100 per cent of the total,": no link word, but the share names its whole
_BARE_ASIDE = re.compile(r"\s*,\s*")
_BARE_ASIDE_END = re.compile(
    r"\s*(?:%|per\s*cent|percent)?\s+(?:of (?:the total|all|them|these)|tong so)\s*,(?=\s*[a-z])"
)
_COMMA_ASIDE_END = re.compile(
    r"\s*(?:%|per\s*cent|percent)?(?:\s+(?:of|cua|tong so|so)\b[^,;()\d]{0,40}?)?\s*,(?=\s*[a-z])"
)


def _skip_asides(text: str, figs: list[Figure], ends: list[int], folded: str = "") -> None:
    """A count's phrase runs on past a bracket holding only its share: in "43,501 cases
    (99.1%) were handled by the deadline" the count's words are "cases … were handled by
    the deadline" (the share takes them from the count); so too past a share set off by
    commas ("30,118 of them, or 62.5 per cent, were filed online")."""
    for i in range(len(figs) - 1):
        f, g = figs[i], figs[i + 1]
        if g.unit != "percent":
            continue  # ("0.3944 (48th) and digital society": a rank aside ends the phrase)
        m = _ASIDE.match(text, ends[i])
        close = _ASIDE_END.match(text, g.end) if m is not None and m.end() == g.start else None
        if close is None and folded and f.unit == "count":
            m = _COMMA_ASIDE.match(folded, ends[i])
            if m is not None and m.end() == g.start:
                close = _COMMA_ASIDE_END.match(folded, g.end)
            elif (m := _BARE_ASIDE.match(folded, ends[i])) is not None and m.end() == g.start:
                close = _BARE_ASIDE_END.match(folded, g.end)
        if close is None:
            continue
        nxt = figs[i + 2].start if i + 2 < len(figs) else None
        ends[i] = phrase_end(text, replace(f, end=close.end()), nxt)


# "three in four dossiers, 74.6 per cent, were lodged online", "two-thirds of the services, or
# 1,120, are now provided in full": a figure set off by commas before the predicate of its
# clause's subject; the predicate says what the figure counts
_APPOSITION_BEFORE = re.compile(r",\s*(?:(?:or|i\.e\.|that is|namely)\s+)?$")
_PREDICATE_AFTER = re.compile(
    r"\s*(?:%|per\s*cent|percent)?\s*,\s*(?:(?:now|currently|still|also|all|already|mostly"
    r"|have|has|had|been)\s+){0,2}(?:are|were|is|was|have|has|had|got|get|came|went)\b"
)


# "Nearly all of them (98.9 percent) were digitally signed": a share in brackets that states
# a quantity word before it; the predicate after the bracket says what it counts
_QUANTITY_BEFORE = re.compile(
    r"(?<![a-z])(?:(?:nearly|almost|virtually) all|all|most|the (?:vast )?majority|hau het|gan nhu"
    r" (?:tat ca|toan bo)|tat ca|phan lon)(?: (?:of )?(?:them|these|those|the [a-z-]+))?\s*\(\s*$"
)


def _quantified_shares(folded: str, figs: list[Figure], ends: list[int]) -> None:
    for i, f in enumerate(figs):
        if f.unit != "percent" or not _QUANTITY_BEFORE.search(
            folded, max(0, f.start - 40), f.start
        ):
            continue
        close = _ASIDE_END.match(folded, f.end)
        if close is None:
            continue
        nxt = figs[i + 1].start if i + 1 < len(figs) else None
        ends[i] = phrase_end(folded, replace(f, end=close.end()), nxt)


def _skip_appositions(text: str, figs: list[Figure], ends: list[int], folded: str) -> None:
    """A figure set off by commas between a subject and its predicate takes the predicate as
    its own words: in "three in four dossiers, 74.6 per cent, were lodged online" the share's
    words run on to "were lodged online"."""
    for i, f in enumerate(figs):
        if f.unit not in ("percent", "count") or not _APPOSITION_BEFORE.search(
            folded, max(0, f.start - 16), f.start
        ):
            continue
        m = _PREDICATE_AFTER.match(folded, f.end)
        if m is None or m.end() > ends[i] + 40:
            continue
        nxt = figs[i + 1].start if i + 1 < len(figs) else None
        if nxt is not None and nxt < m.end():
            continue
        ends[i] = phrase_end(text, replace(f, end=m.end()), nxt)


def _share_of_whole(lf: LineFacets, figs: list[Figure], i: int) -> bool:
    """Figure ``i`` is a share and the next figure the count of its whole ("X% of the N …")."""
    return (
        i + 1 < len(figs)
        and figs[i].unit == "percent"
        and figs[i + 1].unit == "count"
        and _SHARE_OF_WHOLE.fullmatch(lf.folded, figs[i].end, figs[i + 1].start) is not None
    )


def _wholes_after_shares(lf: LineFacets, figs: list[Figure], ends: list[int]) -> None:
    """The count of a share's whole ("X% of the 81,200 dossiers resolved were completed on
    time") counts only its noun phrase: its words end before the verb, which is the share's."""
    for i in range(len(figs) - 1):
        if _share_of_whole(lf, figs, i) and (
            m := _PREDICATE.search(lf.folded, figs[i + 1].end, ends[i + 1])
        ):
            ends[i + 1] = m.start()


def _run_over_cues(lf: LineFacets, text: str, figs: list[Figure], ends: list[int]) -> None:
    """A phrase does not end at a comma inside a cue: "36,8% số hồ sơ có phí, lệ phí được
    thanh toán trực tuyến" runs on past "phí, lệ phí" (so too "sở, ban, ngành")."""
    hits = lf.hits
    for i, f in enumerate(figs):
        nxt = figs[i + 1].start if i + 1 < len(figs) else None
        for _ in range(4):  # a few cues with commas in one phrase at most
            k = bisect_left(lf._starts, ends[i]) - 1
            if k < 0 or not (hits[k].start < ends[i] < hits[k].end):
                break
            if nxt is not None and hits[k].end > nxt:
                break
            ends[i] = phrase_end(text, replace(f, end=hits[k].end), nxt)


# "and", "while", "và": where a phrase that ran on to the next figure hands over to it
_CONNECTIVE = re.compile(r"\s(?:and|while|but|whereas|va|con|trong khi)\s")


def _cut_at_connectives(lf: LineFacets, figs: list[Figure], ends: list[int]) -> None:
    """A phrase that runs on to the next figure stops at its last connective: in "digitised
    93.8 per cent of dossiers and issued electronic results for 95.2 per cent" the words
    after "and" are the next figure's ("tăng 4 bậc và tăng 1,25 điểm" too)."""
    for i in range(len(figs) - 1):
        if ends[i] != figs[i + 1].start:
            continue
        last = None
        for m in _CONNECTIVE.finditer(lf.folded, figs[i].end, ends[i]):
            last = m
        if last is not None:
            ends[i] = last.start()


# a result named right before a figure ("kế hoạch 50%, thực hiện 58,2%", "actual: 91%")
_RESULT_RIGHT_BEFORE = re.compile(
    r"(?<![a-z])(?:thuc hien|ket qua|dat duoc|uoc (?:thuc hien|dat)|actual|achieved|result)"
    r"(?: (?:dat|la))?\W*$"
)
# "vượt 3,6% so với chỉ tiêu": by how much a target was passed, not the share of it reached
_EXCESS_BEFORE = re.compile(
    r"(?<![a-z])(?:vuot|cao hon|thap hon|exceed(?:ed|ing)?(?: by)?|above|below)\s*$"
)


def is_achievement(lf: LineFacets, f: Figure) -> bool:
    """A percentage followed by the target it is a share of ("đạt 82% mục tiêu")."""
    return (
        f.unit == "percent"
        and lf.lex.is_achievement(lf.folded[f.end : f.end + 60], lf.language)
        and not _EXCESS_BEFORE.search(lf.folded, max(0, f.start - 16), f.start)
    )


def _goal(lf: LineFacets, text: str) -> bool:
    lang = lf.language if lf.language in lf.lex.goal else "vi"
    if _PLAN_BRACKET.search(text, max(0, len(text) - 40)) or _GOAL_RIGHT_BEFORE.search(
        text, max(0, len(text) - 24)
    ):
        # "so với kế hoạch (700 dịch vụ)", "kế hoạch 55%, thực hiện 61,7%": the plan's figure
        return True
    m = lf.lex.goal[lang].search(text) or lf.lex.firm_goal[lang].search(text)
    if m is None:
        return False
    if _GOAL_RIGHT_BEFORE.search(text, max(0, len(text) - 24)):
        return True
    return not _NOT_GOAL.search(text[max(0, m.start() - 25) : m.start()])


def firm_goals(lf: LineFacets, figs: list[Figure], starts: list[int]) -> list[bool]:
    """Whether each figure of a prose line the seed rules read is a goal: its clause words
    since the figure before carry a firm goal cue ("Phấn đấu tỷ lệ hồ sơ trực tuyến đạt
    80%"), and no result word ("kết quả", "đạt được") comes right before the cue."""
    rx = lf.lex.firm_goal[lf.language if lf.language in lf.lex.firm_goal else "vi"]

    def firm(text: str) -> bool:
        if _GOAL_RIGHT_BEFORE.search(text, max(0, len(text) - 24)):
            return True  # "kế hoạch giao 60%": the plan's figure
        m = rx.search(text)
        return m is not None and not _NOT_GOAL.search(text[max(0, m.start() - 25) : m.start()])

    # a line headed by a goal ("Chỉ tiêu năm 2024: tỷ lệ … đạt 60%, tỷ lệ … đạt 80%")
    head = bool(figs) and lf.lex.is_goal_heading(lf.folded[: figs[0].start], lf.language)
    out: list[bool] = []
    for i, f in enumerate(figs):
        first = i == 0 or starts[i - 1] != starts[i]
        text = lf.folded[(starts[i] if first else figs[i - 1].end) : f.start]
        listed = bool(out and out[-1] and _LIST_LINK.match(text))
        result = bool(_RESULT_RIGHT_BEFORE.search(text, max(0, len(text) - 24)))
        out.append(not result and (head or firm(text) or listed))
    return out


def _own_words(
    lf: LineFacets, f: Figure, start: int, end: int, first_in_clause: bool
) -> tuple[frozenset[str], bool]:
    """The facets a figure's own words state (from ``start`` before it to ``end`` after it),
    and whether those before it call it a whole ("trên tổng số 1.872 TTHC")."""
    after_end = end
    if f.unit == "percent" and not first_in_clause and _TOTAL_AFTER.match(lf.folded, f.end, end):
        # "chiếm 35,9% tổng số TTHC": the words after a share that name its whole are not
        # what it counts
        after_end = f.end
    stated = lf.between(start, f.start) | lf.between(f.end, after_end)
    if f.unit == "count":
        # "9/9 huyện có Tổ công nghệ số", "106 xã", "là 2.136 trạm": the unit word names what
        # is counted ("huyện" alone is a cue only right after a count: elsewhere it names one
        # district)
        stated |= lf.lex.count_unit(lf.folded, f.end, lf.language, stated)
    whole = bool(_TOTAL_BEFORE.search(lf.folded, max(0, f.start - 24), f.start))
    if "change" in stated and _LEVEL_BEFORE.search(lf.folded, max(0, f.start - 24), f.start):
        stated -= {"change"}  # "giảm từ 6,4 điểm xuống 5,1 điểm": levels, not the change
    if "change" in stated and _WHEN_LEVEL.search(lf.folded, max(0, f.start - 80), f.start):
        stated -= {"change"}  # "Compared with 2022, when only 27.4 percent …": a level then
    if f.unit == "rank" and _ORDINAL_PLACE.match(f.text) and _PLACE_AFTER.match(lf.folded, f.end):
        stated -= {"rank_change"}  # "stood at 18th place": the rank, not a move of places
    if f.unit == "rank" and _RANK_MOVE.search(f.text):
        stated |= {"rank_change"}
    elif not first_in_clause and _CHANGE_BEFORE.search(lf.folded, max(0, f.start - 16), f.start):
        # "tăng 4 bậc và tăng 1,25 điểm": the words right before a figure are its own even
        # where the phrase of the figure before ran over them
        stated |= {"change"}
    return stated, whole


def _members(lf: LineFacets, f: Figure, stated: frozenset[str], view: View, prev: View) -> View:
    """Members of the group the figure before counts: "2.294 tổ công nghệ số cộng đồng với
    13.870 thành viên"; "1,950 teams with nearly 11,000 members have helped residents use
    online services" (the members, whatever they did)."""
    group = frozenset(x for x in prev.facets if lf.lex.facet_group[x] == "object")
    if lf.groups(stated - {"member"}) <= _MEMBER_ONLY:
        return View(view.stated, view.facets | (group - {"member"}))
    if _MEMBERS_AFTER.match(lf.folded, f.end):
        # what was done to them stays theirs ("… 5.118 thành viên đã được tập huấn")
        acts = frozenset(x for x in stated if lf.lex.facet_group[x] == "action")
        return View(frozenset({"member"}) | acts, group | {"member"} | acts)
    return view


# "5,230 of them", "3.105 người trong số đó", "trong số đó có 412": a part of what the count
# before counts
_PARTITIVE_AFTER = re.compile(r"\s+(?:of (?:them|whom|these|those)|trong so (?:do|nay))(?![a-z])")
_PARTITIVE_BEFORE = re.compile(
    r"(?<![a-z])(?:trong so (?:do|nay)|among (?:them|these|those)|of (?:whom|which|these|them))"
    r"\W*(?:co|la|have|has|some|about|nearly|over|more than)?\s*$"
)


_PEOPLE = frozenset({"staff", "people", "member", "trainee"})
# the people a count of classes was held for: "… classes … for 18,540 officials", "cho 1.040"
_FOR_WHOM = re.compile(
    r"(?<![a-z])(?:for|with|cho|voi)\s+(?:(?:more than|over|nearly|about|some|hon|gan)\s+)?$"
)


def _of_the_count_before(
    lf: LineFacets, f: Figure, before: Figure, stated: frozenset[str], view: View, prev: View
) -> View:
    """``view`` of a figure that counts members or a part of what the count before counts."""
    if "member" in stated:
        view = _members(lf, f, stated, view, prev)
    if f.unit == "count" and before.unit == "count":
        view = _partitive(lf, f, before, view, prev)
        if (
            "class" in prev.counted
            and stated & _PEOPLE
            and _FOR_WHOM.search(lf.folded, before.end, f.start)
        ):
            # "312 training classes on digital skills for 18,540 officials": those taught
            view = View(
                view.stated | {"trainee"}, view.facets | {"trainee"}, view.goal, view.achievement
            )
    elif (
        f.unit == "percent" and before.unit == "count" and _PARTITIVE_AFTER.match(lf.folded, f.end)
    ):
        # "215,300 dossiers, 81.2 per cent of them online": a share of what the count before
        # counts (not of the units its clause opens with)
        kept = ("object", "action")
        drop = frozenset(x for x in view.facets if lf.lex.facet_group[x] in kept)
        took = frozenset(x for x in prev.facets if lf.lex.facet_group[x] in kept)
        if took:
            view = View(view.stated, (view.facets - drop) | took, view.goal, view.achievement)
    return view


# "Of the 46 systems, 44 …", "Trong tổng số 46 hệ thống, 44 …": the count before is the whole
_WHOLE_OPENS = re.compile(r"(?<![a-z])(?:of|trong(?: tong)? so|among)(?: the| all| cac)?\s*$")
_WHOLE_THEN = re.compile(r"[^\d,;.()]{1,40},\s*$")


def _partitive(lf: LineFacets, f: Figure, before: Figure, view: View, prev: View) -> View:
    """A count of part of the thing the count before counts ("7,045 members … has trained
    5,230 of them") counts that thing too: it takes its objects as its own words."""
    if not (
        _PARTITIVE_AFTER.match(lf.folded, f.end)
        or _PARTITIVE_BEFORE.search(lf.folded, max(0, f.start - 24), f.start)
        or (
            _WHOLE_OPENS.search(lf.folded, max(0, before.start - 16), before.start)
            and _WHOLE_THEN.fullmatch(lf.folded, before.end, f.start)
        )
    ):
        return view
    objects = frozenset(x for x in prev.facets if lf.lex.facet_group[x] == "object")
    if not objects:
        return view
    return View(view.stated, view.facets | objects, view.goal, view.achievement, view.counted)


def _whole_words(lf: LineFacets, figs: list[Figure], ends: list[int], i: int) -> frozenset[str]:
    """The words after the whole a count is a part of: "47 trên tổng số 52 hệ thống thông
    tin" counts what the whole does; so does a share of a whole stated after it ("97.4 per
    cent of the 81,200 dossiers resolved were completed on time")."""
    f = figs[i]
    if _share_of_whole(lf, figs, i):
        g = figs[i + 1]
        return lf.between(
            g.end, phrase_end(lf.folded, g, figs[i + 2].start if i + 2 < len(figs) else None)
        )
    if (
        i + 1 < len(figs)
        and f.unit == figs[i + 1].unit == "count"
        and _PART_OF_WHOLE.match(lf.folded, f.end, figs[i + 1].start)
    ):
        return lf.between(figs[i + 1].end, ends[i + 1])
    return frozenset()


# "well short of the 55% target", "its 60 per cent goal": the figure names the target itself
_ARTICLE_BEFORE = re.compile(r"(?<![a-z])(?:the|a|its|their|this year'?s)\s*$")
_TARGET_AFTER = re.compile(r"\s*(?:%|per ?cent|percent)?\s*(?:target|goal)\b")


def _named_target(folded: str, f: Figure) -> bool:
    return bool(
        _TARGET_AFTER.match(folded, f.end)
        and _ARTICLE_BEFORE.search(folded, max(0, f.start - 14), f.start)
    )


def _of_a_part(
    lf: LineFacets,
    figs: list[Figure],
    i: int,
    stated: frozenset[str],
    view: View,
    views: list[View],
) -> View:
    """What a figure counts when it is a part of something the line counted before."""
    if i >= 2 and view.stated is views[-1].stated and _share_of_part(lf.folded, figs, i):
        # "reported 8,215 online dossiers out of 9,640 received, a rate of 85.2 percent":
        # the share is of the part, not of the whole it is out of
        return View(views[-2].stated, views[-2].facets, view.goal, view.achievement)
    if "overdue" in stated and "pending" in view.facets and "pending" not in stated:
        # "pending at the quarter's end: 4,118, of which 96 overdue", "3.514 hồ sơ đang xử
        # lý (còn hạn 3.441, quá hạn 73)": the overdue part of the pending is overdue
        return replace(view, facets=view.facets - {"pending"})
    return view


_OUT_OF_WHOLE = re.compile(
    r"(?<![a-z])(?:out of(?: a total of)?(?: the)?|tren tong so|trong tong so)\s*$"
)


def _share_of_part(folded: str, figs: list[Figure], i: int) -> bool:
    """Whether the share ``figs[i]`` follows a count and the whole it is out of."""
    f, whole, part = figs[i], figs[i - 1], figs[i - 2]
    return (
        f.unit == "percent"
        and whole.unit == part.unit == "count"
        and part.value < whole.value
        and bool(_OUT_OF_WHOLE.search(folded, part.end, whole.start))
    )


def _results(text: str, new_clause: bool, head_goal: bool, own_goal: bool) -> tuple[bool, bool]:
    """The goal flags after the words before a figure that state a result: a later clause
    saying what has been done ("… đặt mục tiêu 80%; lũy kế đến nay đã cung cấp 612 DVCTT")
    ends the line's goal; a result named right before the figure ("kế hoạch 50%, thực hiện
    58,2%") ends both."""
    if new_clause and not own_goal and _RESULT_CLAUSE.search(text):
        head_goal = False
    if _RESULT_RIGHT_BEFORE.search(text, max(0, len(text) - 24)):
        head_goal = own_goal = False
    return head_goal, own_goal


def _result_of_goal(
    lf: LineFacets,
    figs: list[Figure],
    views: list[View],
    i: int,
    stated: frozenset[str],
    text: str,
) -> bool:
    """Whether figure ``i``, opening a clause that states a result in words naming nothing,
    is the result of the goal just before it (of its unit)."""
    return bool(
        views
        and views[-1].goal
        and not lf.content(stated)
        and figs[i].unit == figs[i - 1].unit
        and _RESULT_CLAUSE.search(text)
    )


def _phrase_ends(lf: LineFacets, text: str, figs: list[Figure]) -> list[int]:
    """Where the own words after each figure of a prose line end."""
    ends = [phrase_end(text, f, figs[i + 1].start if i + 1 < len(figs) else None)
            for i, f in enumerate(figs)]  # fmt: skip
    _skip_asides(text, figs, ends, lf.folded)
    _skip_appositions(text, figs, ends, lf.folded)
    _quantified_shares(lf.folded, figs, ends)
    _run_over_cues(lf, text, figs, ends)
    _cut_at_connectives(lf, figs, ends)
    _wholes_after_shares(lf, figs, ends)
    return ends


def prose_views(
    lf: LineFacets, text: str, figs: list[Figure], bounds: list[int], doc_index: frozenset[str]
) -> list[View]:
    """The :class:`View` of every figure of one prose line."""
    ends = _phrase_ends(lf, text, figs)
    starts = [bounds[bisect_right(bounds, f.start) - 1] for f in figs]
    line_head = (
        lf.between(0, figs[0].start) | lf.between(figs[0].end, ends[0]) if figs else frozenset()
    )
    head_goal = bool(figs) and _goal(lf, lf.folded[: figs[0].start])
    views: list[View] = []
    clause_head: frozenset[str] = frozenset()
    for i, f in enumerate(figs):
        cs = starts[i]
        first_in_clause = i == 0 or starts[i - 1] != cs
        own_start = cs if first_in_clause else max(cs, ends[i - 1])
        stated, whole = _own_words(lf, f, own_start, ends[i], first_in_clause)
        stated |= _whole_words(lf, figs, ends, i) | (
            _criterion_named(lf, f) if not i else frozenset()
        )
        if first_in_clause:
            head = _clause_line_head(lf, line_head, cs) if i else frozenset()
            clause_head = stated
        elif views and f.unit in ("points", "rank") and lf.groups(stated) <= _MEASURE_ONLY:
            # "kinh tế số đạt 0,5874 điểm (xếp thứ 30)": a score or rank whose own words only
            # say what kind of figure it is is of what the figure before it was
            head = views[-1].facets
        else:
            head = _later_head(lf, clause_head, line_head, own_start, f.start)
        view = _level_not_change(
            lf, f, _view(lf, f, stated, head, views[-1] if views and not first_in_clause else None)
        )
        view = _linked_score(lf, f, figs, i, cs if first_in_clause else None, view, views)
        if views and not first_in_clause:
            view = _level_after_change(lf, f, figs[i - 1], stated, view, views[-1])
            view = _other_level(lf, f, figs[i - 1], stated, view, views[-1])
        if whole and f.unit == "count":
            # "1.120 DVCTT trên tổng số 1.872 TTHC": the whole takes no qualifier of its head
            view = View(stated, _inherit(lf, stated, head, qualifiers=False))
        if (
            views
            and (
                first_in_clause
                or f.unit == "count"
                or _CLAUSE_MARK.search(lf.folded, figs[i - 1].end, f.start)
            )
            and f.unit == figs[i - 1].unit
            and "level" in lf.groups(stated)
            and _level_only(lf, stated, figs[i - 1].end, f.start)
        ):
            # "… đạt 95% ở cấp tỉnh; cấp huyện đạt 85%; cấp xã đạt 62%": a clause naming only a
            # level is the figure before at another level ("tính chung cả ba cấp": at all
            # levels); so is a count naming only a level ("1.879 thủ tục, trong đó cấp tỉnh
            # 1.402, cấp huyện 311")
            levels = lf.content(stated) | frozenset(
                x for x in stated if lf.lex.facet_group[x] == "level"
            )
            view = View(views[-1].stated | levels, views[-1].facets | levels)
        if views:
            view = _of_the_count_before(lf, f, figs[i - 1], stated, view, views[-1])
        goal_text = lf.folded[(cs if first_in_clause else figs[i - 1].end) : f.start]
        own_goal = _goal(lf, goal_text) or _named_target(lf.folded, f)
        head_goal, own_goal = _results(goal_text, bool(i) and first_in_clause, head_goal, own_goal)
        # "(chỉ tiêu tương ứng: 95%, 85%, 65%)": a list of goals
        listed = bool(views and views[-1].goal and _LIST_LINK.match(goal_text))
        goal = head_goal or own_goal or listed
        if (
            own_goal
            and views
            and not lf.content(stated)
            and f.unit == figs[i - 1].unit
            and "change" not in lf.groups(views[-1].stated)
        ):
            # "đạt 46,7%; phấn đấu đến cuối năm đạt 60%", "31,6% (chỉ tiêu kế hoạch là
            # 50%)": a target whose own words name nothing is the target of the figure before
            view = View(views[-1].stated, views[-1].facets)
        if not goal and first_in_clause and _result_of_goal(lf, figs, views, i, stated, goal_text):
            # "Mục tiêu đến năm 2025 có 80% hồ sơ …; kết quả năm 2024 đạt 64,2%": a result
            # whose own words name nothing is the result of the goal before
            view = View(views[-1].stated, views[-1].facets)
        view = _of_a_part(lf, figs, i, stated, view, views)
        achievement = is_achievement(lf, f)
        facets = _score_index(lf, text, f, view, views, doc_index, figs)
        counted = _counted(lf, f, stated, ends[i])
        own_stated, facets, counted = _places_counted(
            lf, figs, i, view.stated, _possessor(lf, f, i, counted, facets, views), counted,
            views[-1] if views else None,
        )  # fmt: skip
        views.append(
            View(own_stated, facets, goal and not achievement, achievement, counted, view.earlier)
        )
    if len(figs) > 1:
        _across_figures(lf, figs, ends, views, doc_index)
    return views


def _across_figures(
    lf: LineFacets,
    figs: list[Figure],
    ends: list[int],
    views: list[View],
    doc_index: frozenset[str],
) -> None:
    """What one figure's view takes from the others of its line: comparisons' earlier levels,
    shares of counts, lists read "respectively"."""
    _earlier_levels(lf, figs, views)
    _later_levels(lf, figs, views)
    _from_to_levels(lf, figs, views)
    _shares_of_slash_pairs(lf, figs, views)
    _shares_of_counts(lf, figs, ends, views)
    rx = lf.lex.respectively.get(lf.language)
    if rx is not None and rx.search(lf.folded):
        _respectively(lf, rx, figs, views, doc_index)


# "Với 88,05%, Chỉ số PAR Index 2024 của tỉnh đứng thứ 19", "With 0.6951 points, the DTI …"
_WITH_OPENS = re.compile(r"\W*(?:voi|with)\s*")
_COMMA_NEXT = re.compile(r"\s*(?:%|diem|points?|per\s*cent)?\s*,")


def _linked_score(
    lf: LineFacets,
    f: Figure,
    figs: list[Figure],
    i: int,
    clause_start: int | None,
    view: View,
    views: list[View],
) -> View:
    """A score known only by what it is linked to: the rank before it in its clause, or the
    index its clause names after it when the figure opens the clause with "với" / "with"
    (``clause_start``: the clause's start, when the figure is its first)."""
    if clause_start is None:
        return _beside_rank(lf, f, figs[i - 1], view, views[-1]) if i else view
    if f.unit not in ("percent", "points", "count") or float(f.value).is_integer():
        return view
    if not (
        _WITH_OPENS.fullmatch(lf.folded, clause_start, f.start)
        and _COMMA_NEXT.match(lf.folded, f.end)
    ):
        return view
    named = _later_index(lf, f, len(lf.folded))
    if not named:
        return view
    named |= {"score"}
    return View(view.stated | named, view.facets | named, view.goal, view.achievement)


def _beside_rank(lf: LineFacets, f: Figure, before: Figure, view: View, prev: View) -> View:
    """ "xếp thứ 44/63 về SIPAS với 80,6%", "placed 21st with 66.9": a score (or a plain
    decimal) whose own words only link it to the rank before it is of the rank's index, a
    score, not a rank itself."""
    if before.unit != "rank" or "rank" not in view.facets:
        return view
    copied = view.stated is prev.stated
    if f.unit in ("percent", "points") and (copied or "rank" not in view.stated):
        # ("ranked 11th … (SIPAS), with 84.92 per cent": a per-cent figure is no rank)
        return View(view.stated - {"rank"}, view.facets - {"rank"})
    linked = copied or not (lf.content(view.stated) or view.stated & _MEASURES)
    if not linked:
        return view
    if f.unit == "count" and not float(f.value).is_integer() and 0 < f.value <= 100:
        return View(view.stated - {"rank"}, (view.facets - {"rank"}) | {"score"})
    return view


_MEASURES = frozenset({"rank", "score"})


def _score_index(
    lf: LineFacets,
    text: str,
    f: Figure,
    view: View,
    views: list[View],
    doc_index: frozenset[str],
    figs: list[Figure] = (),  # type: ignore[assignment]
) -> frozenset[str]:
    """``view``'s facets, with the index a score or rank naming none is of."""
    facets = view.facets
    # a plain decimal its own words call a score ("with a score of 89.13") is one too
    scored = f.unit in ("points", "rank") or (
        bool(view.stated & {"score", "rank"}) and not float(f.value).is_integer()
    )
    if scored and not (lf.groups(facets) & {"index"}):
        # "đạt 0,6123 điểm, xếp thứ 18/63": the rank is of the index the score was
        # … or the one the line names after it ("fell seven places to 33rd in the DTI")
        facets |= (
            _named_before(lf, f, figs, views)
            or _line_index(lf, views)
            or _later_index(lf, f, len(text))
            or doc_index
            or default_index(text, f)
        )
    return facets


# "của 28 cơ quan", "from 24 agencies", "across 9 districts"
_POSSESSOR = re.compile(r"(?<![a-z])(?:cua|tu|from|by|across|at|in)(?: (?:cac|the|all))?\s*$")
_OWNER = re.compile(r"(?<![a-z])(?:cua|thuoc|of|belonging to)(?![a-z])")
_COUNT_GAP = 3  # what may stand between a count and the first cue after it (spaces)
_NOUN_REACH = 32  # how far after a count its unit noun may be ("32 digital-skills … classes")


def _counted(lf: LineFacets, f: Figure, stated: frozenset[str], end: int) -> frozenset[str]:
    """The objects a whole count's unit noun names: the first cue naming an object in the
    words right after it, before the end of its phrase ("31 cơ quan, đơn vị", "4.512 tài
    khoản thư điện tử", "32 digital-skills training classes"), or the places counted ("9/9
    huyện")."""
    if f.unit != "count" or not float(f.value).is_integer():
        return frozenset()
    hits = lf.hits
    k = bisect_left(lf._starts, f.end)
    stop = min(end, f.end + _NOUN_REACH)
    if m := _OWNER.search(lf.folded, f.end, stop):
        stop = m.start()  # "1.320 máy tính của các cơ quan": the owner is not what is counted
    if k < len(hits) and (
        hits[k].start - f.end <= _COUNT_GAP
        or (lf.language == "en" and _NOUN_WORDS.fullmatch(lf.folded, f.end, hits[k].start))
    ):
        while k < len(hits) and hits[k].start < stop:
            found = frozenset(x for x in hits[k].facets if lf.lex.facet_group[x] == "object")
            if found:
                return found
            k += 1
    return (stated & _PLACES) | lf.lex.count_unit(lf.folded, f.end, lf.language, stated)


_PLACES = frozenset({"district", "commune_unit"})
_BARE_END = re.compile(r"\s*(?:[.;,)]|$)")


def _level_only(lf: LineFacets, stated: frozenset[str], a: int, b: int) -> bool:
    """The figure's own words name only a level, or a level before it and qualifiers after
    it that close a list ("95% … tại cấp tỉnh, 85% tại cấp huyện, 70% tại cấp xã được xử lý
    trên môi trường mạng": the last item's predicate is the list's)."""
    content = lf.content(stated)
    if not content:
        return True
    return lf.groups(content) <= QUALIFIER_GROUPS and not lf.content(lf.between(a, b))


def _possessor(
    lf: LineFacets,
    f: Figure,
    i: int,
    counted: frozenset[str],
    facets: frozenset[str],
    views: list[View],
) -> frozenset[str]:
    """ "412 bộ dữ liệu của 28 cơ quan", "datasets from 24 agencies": the units that have what
    the figure before names take its facets."""
    if counted and i and _POSSESSOR.search(lf.folded, max(0, f.start - 16), f.start):
        return facets | views[-1].facets
    return facets


def _places_counted(
    lf: LineFacets,
    figs: list[Figure],
    i: int,
    stated: frozenset[str],
    facets: frozenset[str],
    counted: frozenset[str],
    prev: View | None,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Whether a count's wards or districts are what it counts: not where its unit noun
    names something else ("Phường X là đơn vị cấp xã có số hồ sơ lớn nhất với 5.108 hồ sơ");
    not where a bare count closes a clause whose subject is the units (:func:`_elided_object`)."""
    f = figs[i]
    if counted and not counted & _PLACES:
        return stated - _PLACES, facets - _PLACES, counted
    if (
        counted
        and counted <= _PLACES
        and prev is not None
        and _CLAUSE_MARK.search(lf.folded, figs[i - 1].end, f.start)
        and _BARE_END.match(lf.folded, f.end)
    ):
        return _elided_object(lf, stated, facets, counted, prev)
    return stated, facets, counted


_CLAUSE_MARK = re.compile(r"[,;]")


def _elided_object(
    lf: LineFacets,
    stated: frozenset[str],
    facets: frozenset[str],
    counted: frozenset[str],
    prev: View,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A bare count closing a clause whose subject is the units ("…, các đơn vị cấp huyện
    tiếp nhận 18.220."), after a clause with the same action and its object ("Các đơn vị cấp
    tỉnh tiếp nhận 22.410 hồ sơ"): the object is left out, it is the one before."""
    acts = {x for x in stated if lf.lex.facet_group[x] == "action"}
    objects = prev.counted - _PLACES
    if not acts or not acts <= prev.facets or not objects:
        return stated, facets, counted
    return (stated - _PLACES) | objects, (facets - _PLACES) | objects, objects


# the free words of an English compound unit noun before its cue ("412 meeting points",
# "230 connection points"); Vietnamese cues name the whole noun ("điểm cầu")
_NOUN_WORDS = re.compile(r"\s*(?:[a-z][a-z-]*\s+){1,2}")
_MEMBERS_AFTER = re.compile(r"\s*(?:thanh vien|members)\b")
# a count that restates the share before it ("0.92 per cent, equal to 1,284 dossiers")
_EQUAL_LINK = re.compile(
    r"(?<![a-z])(?:tuong duong(?: voi)?|tuong ung(?: voi)?|equal to|equivalent to|i\.e\.|or"
    r"|hay)\W*$"
)


# "So với năm 2023 (52,1%), …", "Compared with 2023 (52.1 per cent), …": the earlier level in
# brackets after the comparison's period
_EARLIER_BEFORE = re.compile(
    r"(?<![a-z])(?:so voi|compared (?:with|to)|against)(?: cung ky)?[^(),;.\d]{0,24}"
    r"(?:\d{1,2}/)?(?:\d{4})?\s*\(\s*$"
)


def _earlier_levels(lf: LineFacets, figs: list[Figure], views: list[View]) -> None:
    """A bracketed level after a comparison's period is the level of the figure the sentence
    goes on to state: in "So với năm 2023 (52,1%), tỷ lệ hồ sơ trực tuyến năm 2024 tăng lên
    64,8%" the 52,1% is the online rate too (of 2023)."""
    for i in range(len(figs) - 1):
        f = figs[i]
        # the next figure of its unit ("So với tháng 7/2025 (86,15 điểm, xếp thứ 6), tỉnh tăng
        # 2,03 điểm": the bracket's rank stands between)
        k = next((x for x in range(i + 1, min(i + 3, len(figs))) if figs[x].unit == f.unit), None)
        if k is None or lf.content(views[i].stated - {"change"}):
            continue
        g = figs[k]
        if not _EARLIER_BEFORE.search(lf.folded, max(0, f.start - 48), f.start):
            continue
        if _SENTENCE_START.search(lf.folded, f.end, g.start):
            continue
        nxt = views[k]
        views[i] = View(
            nxt.stated - {"change"}, nxt.facets - {"change"}, nxt.goal, False, earlier=True
        )


# what stands between a figure and the same measure of an earlier period stated after it:
# "88,1% (cùng kỳ năm 2024: 64,5%)", "210.345 hồ sơ (cùng kỳ năm trước 187.902 hồ sơ)",
# "21.340 hồ sơ, so với tháng 5/2025 là 19.877 hồ sơ", "66.2%, compared with 51.4%"
_CONTRAST_GAP = re.compile(
    r"[^;.]{0,60}?(?<![a-z])(?:so voi|cung ky|compared (?:with|to)|against|than|up from"
    r"|down from|a year (?:earlier|before|ago)|same period)(?![a-z])[^;.]{0,40}$"
)
# a clause after ";" naming only the earlier period: "…đạt 71,3%; cùng kỳ năm trước đạt 65,1%"
_CONTRAST_CLAUSE = re.compile(
    r"[^;.\d]{0,30}?;\s*(?:(?:con|trong khi|while|rieng)\s+)?(?:cung ky|(?:in )?the same"
    r" (?:period|quarter)|a year (?:earlier|before|ago)|(?:quy|thang|nam|ky) (?:truoc|lien truoc)"
    r"|quy [ivx]+\b|thang \d|nam \d{4}|\d+ thang (?:dau|cuoi) nam)(?![a-z])[^;.]{0,30}$"
)
# a plan or target in that gap: the figure after it is the target, not an earlier level
_TARGET_WORD = re.compile(r"(?<![a-z])(?:chi tieu|ke hoach|muc tieu|target|goal|plan)(?![a-z])")


# the two levels of one measure: "fell from 2,870 in Q1 to 940 in Q2" (after "from" the
# earlier, after "to" the later), "dropped to 940 in Q2 from 2,870 in Q1"
_FROM_LEVEL = re.compile(r"(?<![a-z])(?:from|tu)(?: (?:muc|hang|thu|vi tri))?\s*$")
_TO_LEVEL_GAP = re.compile(
    r"[^;.\d]{0,12}(?:(?:in|during|at the end of|trong|nam|vao) [^;.]{0,24}?)?"
    r"(?<![a-z])(?:to|len|xuong(?: con)?|con)(?: (?:muc|hang|thu))?\s*"
)
_FROM_LEVEL_GAP = re.compile(
    r"[^;.\d]{0,12}(?:(?:in|during|at the end of) [^;.]{0,24}?)?(?<![a-z])from\s*"
)
_TO_BEFORE = re.compile(r"(?<![a-z])(?:to|len|xuong(?: con)?)\s*$")


def _other_level(
    lf: LineFacets, f: Figure, before: Figure, stated: frozenset[str], view: View, prev: View
) -> View:
    """ "fell from 2,870 in Q1 to 940 in Q2", "dropped to 940 in Q2 from 2,870 in Q1": a
    figure whose own words name nothing new, the other level of the measure the figure before
    it is (of its own period), is a value of that measure too."""
    if (
        f.unit != before.unit
        or f.unit in ("rank", "points")
        or lf.content(stated - {"change"}) - prev.facets  # ("… to 940 dossiers": the same again)
        or "change" in prev.stated
        or not lf.content(prev.stated)
    ):
        return view
    text = lf.folded
    if _FROM_LEVEL.search(text, max(0, before.start - 16), before.start):
        earlier = False
        if not _TO_LEVEL_GAP.fullmatch(text, before.end, f.start):
            return view
    elif _TO_BEFORE.search(text, max(0, before.start - 8), before.start):
        earlier = True
        if not _FROM_LEVEL_GAP.fullmatch(text, before.end, f.start):
            return view
    else:
        return view
    return View(prev.stated, prev.facets, view.goal, view.achievement, earlier=earlier)


def _later_levels(lf: LineFacets, figs: list[Figure], views: list[View]) -> None:
    """A figure whose own words are only a comparison with an earlier period, after a figure
    of its unit, is that figure's measure at the earlier period: in "tỷ lệ số hóa hồ sơ đạt
    88,1% (cùng kỳ năm 2024: 64,5%)" the 64,5% is the digitisation rate too (of 2024); a
    change between them ("tăng 9,2% so với cùng kỳ năm trước (62,2%)") is passed over."""
    text = lf.folded
    for i in range(1, len(figs)):
        g = figs[i]
        if views[i].earlier or views[i].goal or views[i].achievement:
            continue
        j = i - 1
        if "change" in views[j].stated and j and figs[j].unit != "rank":
            j -= 1  # "đạt 71,4%, tăng 9,2% so với cùng kỳ (62,2%)"
        elif figs[j].unit != g.unit and j and figs[j - 1].unit == g.unit:
            j -= 1  # "came down to 1,842 (0.41 per cent of all) compared with 4,915 in 2024"
        f = figs[j]
        if f.unit != g.unit or views[j].earlier or "change" in views[j].stated:
            continue
        own = lf.content(views[i].stated - {"change"})
        if own - views[j].facets or not lf.content(views[j].facets):
            continue  # its own words name what the figure before is not ("hồ sơ" again is)
        if _CHANGE_BEFORE.search(text, max(0, g.start - 24), g.start):
            continue
        if not (
            _CONTRAST_GAP.fullmatch(text, figs[i - 1].end, g.start)
            or (i - 1 == j and _CONTRAST_CLAUSE.fullmatch(text, f.end, g.start))
        ) or _TARGET_WORD.search(text, figs[i - 1].end, g.start):
            continue
        src = views[j]
        views[i] = View(src.stated, src.facets, False, False, src.counted, earlier=True)


# the two levels of a move: "từ 1.240 hồ sơ trong quý I xuống còn 610 hồ sơ", "rose from
# 41.2% to 52.9%" (the earlier level after "từ / from", the later after "lên / xuống / to")
_FROM_BEFORE = re.compile(r"(?<![a-z])(?:tu|from)(?: (?:muc|con))?\s*$")
_TO_GAP = re.compile(
    r"(?:(?!\.\s)[^;]){0,60}?(?<![a-z])(?:len|xuong|(?:xuong |giam |chi )?con|to)"
    r"(?: (?:muc|con))?\s*"
)


def _from_to_levels(lf: LineFacets, figs: list[Figure], views: list[View]) -> None:
    """The later level of "từ A … lên/xuống (còn) B" is a level of what A is: in "Số hồ sơ quá
    hạn giảm từ 1.240 hồ sơ trong quý I xuống còn 610 hồ sơ trong quý II" the 610, whose own
    words only repeat "hồ sơ", is an overdue count too (each level keeps its own period)."""
    text = lf.folded
    for i in range(1, len(figs)):
        f, g = figs[i - 1], figs[i]
        if f.unit != g.unit or views[i].goal or views[i].achievement:
            continue
        if not _FROM_BEFORE.search(text, max(0, f.start - 12), f.start):
            continue
        if not _TO_GAP.fullmatch(text, f.end, g.start):
            continue
        src, own = views[i - 1], lf.content(views[i].stated - {"change"})
        if not lf.content(src.facets) or own - src.facets:
            continue  # its own words name what the earlier level is not
        views[i] = View(
            src.stated | (views[i].stated - {"change"}),
            src.facets | (views[i].facets - {"change"}),
            views[i].goal,
            views[i].achievement,
            views[i].counted or src.counted,
            views[i].earlier,
        )


# "5.207 hồ sơ/7.318 hồ sơ": the count after the slash is the whole the one before is part of
_SLASH_WHOLE = re.compile(r"\s*(?:ho so|thu tuc|tthc|dich vu|dvc(?:tt)?)(?: [a-z]+){0,2}\s*/\s*")
_SHARE_AFTER_WHOLE = re.compile(
    r"[^;.\d%]{0,50}?(?:\(\s*|,\s*(?=dat|chiem|bang))(?:(?:dat|chiem|bang)(?: ty le)?)?\s*"
)


def _shares_of_slash_pairs(lf: LineFacets, figs: list[Figure], views: list[View]) -> None:
    """The share in brackets after "A hồ sơ/B hồ sơ …" is A's share of B ("Đã thanh toán trực
    tuyến 5.207 hồ sơ/7.318 hồ sơ thuộc diện thu phí (71,15%)": the online payment rate), not
    a share of what B alone counts."""
    text = lf.folded
    for i in range(2, len(figs)):
        a, b, g = figs[i - 2], figs[i - 1], figs[i]
        if g.unit != "percent" or a.unit != "count" or b.unit != "count":
            continue
        if not _SLASH_WHOLE.fullmatch(text, a.end, b.start):
            continue
        if not _SHARE_AFTER_WHOLE.fullmatch(text, b.end, g.start):
            continue
        if lf.content(views[i].stated) - views[i - 1].facets:
            continue  # the share's own words name something the whole does not
        v = views[i - 2]
        views[i] = View(v.stated, v.facets, views[i].goal, views[i].achievement)


def _shares_of_counts(
    lf: LineFacets, figs: list[Figure], ends: list[int], views: list[View]
) -> None:
    """Shares listed after as many counts are the counts' shares, in order: "1,287
    procedures entirely online and 632 partially online, representing 66.9% and 32.9%"
    ("… chiếm tỷ lệ tương ứng 66,9% và 32,9%"); a count that restates the share before it
    ("the overdue rate was 0.92 per cent, equal to 1,284 dossiers") is of what the share is."""
    text = lf.folded
    n = len(figs)
    i = 0
    while i < n:
        if figs[i].unit != "percent":
            if (
                i
                and figs[i].unit == "count"
                and figs[i - 1].unit == "percent"
                and _EQUAL_LINK.search(text, ends[i - 1], figs[i].start)
                and lf.lex.only_links(text[ends[i - 1] : figs[i].start], lf.language)
            ):
                old = views[i]
                before = views[i - 1]
                views[i] = View(
                    old.stated | before.stated,
                    old.facets | before.facets,
                    old.goal,
                    old.achievement,
                )
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and figs[j + 1].unit == "percent"
            and _LIST_GAP.fullmatch(text, figs[j].end, figs[j + 1].start)
        ):
            j += 1
        k = j - i + 1
        if (
            k >= 2
            and i >= k
            and all(figs[x].unit == "count" for x in range(i - k, i))
            and lf.lex.only_links(text[ends[i - 1] : figs[i].start], lf.language)
        ):
            for m in range(k):
                src, old = views[i - k + m], views[i + m]
                views[i + m] = View(src.stated, src.facets, old.goal, old.achievement)
        i = j + 1


# between two figures of a list: a separator and nothing else ("17,9; 19,7 và 17,6 điểm")
_LIST_GAP = re.compile(r"\s*(?:[,;]\s*)?(?:\b(?:va|and)\b\s*)?")
_ITEM_GAP = re.compile(r"[,;/]|\b(?:va|and)\b")
_LIST_GROUPS = frozenset({"index", "component", "object", "quality", "channel", "process"})
_SENTENCE_START = re.compile(r"\.\s|:")
_CUE_REACH = 40  # "lần lượt đạt", "lần lượt là:" right before the list; "respectively" after


def _respectively(
    lf: LineFacets,
    rx: re.Pattern[str],
    figs: list[Figure],
    views: list[View],
    doc_index: frozenset[str],
) -> None:
    """Each figure of a list read "respectively" ("lần lượt") is of the part named in its
    place before the list: "DTI, PAR Index và SIPAS lần lượt đạt 0,6521; 89,44% và 85,1%"."""
    text = lf.folded
    i = 0
    while i < len(figs) - 1:
        j = i
        while j + 1 < len(figs) and _LIST_GAP.fullmatch(text, figs[j].end, figs[j + 1].start):
            j += 1
        if j > i:
            _assign_list(lf, rx, figs, views, doc_index, i, j)
        i = j + 1


def _assign_list(
    lf: LineFacets,
    rx: re.Pattern[str],
    figs: list[Figure],
    views: list[View],
    doc_index: frozenset[str],
    i: int,
    j: int,
) -> None:
    text = lf.folded
    first, last = figs[i], figs[j]
    before = rx.search(text, max(0, first.start - _CUE_REACH), first.start)
    after = rx.match(text, last.end) or rx.match(text, last.end + 1)
    if before is None and after is None:
        return
    name_end = before.start() if before is not None else first.start
    cut = [m.end() for m in _SENTENCE_START.finditer(text, 0, name_end)]
    prev_end = figs[i - 1].end if i else 0
    items = _named_items(lf, max([prev_end, *cut]), name_end)
    n = j - i + 1
    index = frozenset(
        x for v in views[i : j + 1] for x in v.facets if lf.lex.facet_group[x] == "index"
    )
    index = index or doc_index
    if len(items) != n:
        parts = next((lf.lex.index_parts[x] for x in sorted(index) if x in lf.lex.index_parts), ())
        if len(parts) != n:
            _restated_list(lf, figs, views, i, j, max([prev_end, *cut]), name_end)
            return
        items = list(parts)
    scored = any(f.unit == "points" for f in figs[i : j + 1]) or any(
        "score" in v.facets for v in views[i : j + 1]
    )
    for k in range(n):
        old = views[i + k]
        stated = items[k] | ({"score"} if scored else frozenset())
        item_index = frozenset(x for x in items[k] if lf.lex.facet_group[x] == "index")
        facets = stated | (frozenset() if item_index else index)
        views[i + k] = View(stated, facets, old.goal, old.achievement)


# what names the figures before a list again: "năm 2023 con số này lần lượt là A và B"
_ANAPHOR = re.compile(
    r"(?<![a-z])(?:(?:cac )?con so (?:nay|tuong ung)|so lieu (?:nay|tuong ung)|cac chi tieu nay"
    r"|these figures|the figures|the numbers|the same figures)(?![a-z])"
)


def _restated_list(
    lf: LineFacets, figs: list[Figure], views: list[View], i: int, j: int, a: int, b: int
) -> None:
    """A list "respectively" whose words before it only point back ("năm 2023 con số này lần
    lượt là 540.215 và 289.002 hồ sơ") restates, in order, the figures just before it (of
    another period): each is of what its counterpart was."""
    n = j - i + 1
    a = max(a, lf.folded.rfind(";", a, b) + 1, lf.folded.rfind(". ", a, b) + 1)
    if i < n or not _ANAPHOR.search(lf.folded, a, b) or lf.content(lf.between(a, b)):
        return
    for k in range(n):
        src, f = views[i - n + k], figs[i + k]
        if figs[i - n + k].unit != f.unit:
            return
    for k in range(n):
        src, old = views[i - n + k], views[i + k]
        views[i + k] = View(src.stated, src.facets, old.goal, old.achievement, src.counted)


def _named_items(lf: LineFacets, a: int, b: int) -> list[frozenset[str]]:
    """The parts named in ``[a, b)``, in order: cues naming what is counted, a new part at
    each separator ("công khai, minh bạch, tiến độ giải quyết và mức độ hài lòng")."""
    items: list[frozenset[str]] = []
    cur: set[str] = set()
    last_end = a
    for h in lf.hits:
        if h.start < a or h.start >= b:
            continue
        named = {x for x in h.facets if lf.lex.facet_group[x] in _LIST_GROUPS}
        if not named:
            continue
        if cur and _ITEM_GAP.search(lf.folded, last_end, h.start):
            items.append(frozenset(cur))
            cur = set()
        cur |= named
        last_end = h.end
    if cur:
        items.append(frozenset(cur))
    return items


# only "to" (or "lên") between a change and the figure: the level the change reached
_TO_LEVEL = re.compile(r"\s*(?:,\s*)?(?:to|reaching|len|len muc)\s*")


def _level_after_change(
    lf: LineFacets, f: Figure, before: Figure, stated: frozenset[str], view: View, prev: View
) -> View:
    """ "The number of dossiers received rose 12.3 per cent to 305,210": a figure whose own
    words name nothing, right after a change and "to", is the level of what changed."""
    if f.unit in ("rank", "points") or "change" not in prev.stated or lf.content(stated):
        return view  # (a rank or score reached has rules of its own)
    if not _TO_LEVEL.fullmatch(lf.folded, before.end, f.start):
        return view
    return View(prev.stated - {"change"}, prev.facets - {"change"}, view.goal, view.achievement)


def _level_not_change(lf: LineFacets, f: Figure, view: View) -> View:
    """ "rose 2.14 points to 87.5 per cent": the level reached, not the change before it."""
    if "change" in view.facets and _LEVEL_BEFORE.search(lf.folded, max(0, f.start - 24), f.start):
        return View(view.stated - {"change"}, view.facets - {"change"})
    return view


def _line_index(lf: LineFacets, views: list[View]) -> frozenset[str]:
    """The index of the last score or rank before, on the same line."""
    for v in reversed(views):
        found = frozenset(x for x in v.facets if lf.lex.facet_group[x] == "index")
        if found:
            return found
    return frozenset()


def _named_before(
    lf: LineFacets, f: Figure, figs: list[Figure], views: list[View]
) -> frozenset[str]:
    """The index a clause before the figure names after the line's last score or rank of an
    index ("Bộ Nội vụ đã công bố Chỉ số PAR Index 2024; tỉnh đạt 84,9 điểm")."""
    lo = 0
    for g, v in zip(reversed(figs[: len(views)]), reversed(views), strict=False):
        if any(lf.lex.facet_group[x] == "index" for x in v.facets):
            lo = g.end
            break
    found: frozenset[str] = frozenset()
    for h in lf.hits:
        if h.start >= f.start:
            break
        if h.start >= lo:
            found = frozenset(x for x in h.facets if lf.lex.facet_group[x] == "index") or found
    return found


def _later_index(lf: LineFacets, f: Figure, end: int) -> frozenset[str]:
    """The first index named after the figure, on the same line."""
    for h in lf.hits:
        if h.start >= f.end:
            found = frozenset(x for x in h.facets if lf.lex.facet_group[x] == "index")
            if found:
                return found
    return frozenset()


_MONTHLY = re.compile(
    r"\b(?:tháng|thang|quý|quy)\s+(?:\d|[IV]+\b)|\bQ[1-4]\b|\b(?:january|february|march|april"
    r"|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def default_index(text: str, f: Figure | None) -> frozenset[str]:
    """The index of a score or rank whose report names none: the Decision 766 index is the
    only one published by month or quarter; a score below 1 is on the DTI's scale."""
    if _MONTHLY.search(text):
        return frozenset({"index766"})
    if f is not None and f.unit == "points" and 0 < f.value < 1:
        return frozenset({"dti"})
    return frozenset()


def _view(
    lf: LineFacets, f: Figure, stated: frozenset[str], head: frozenset[str], prev: View | None
) -> View:
    content = lf.content(stated)
    if prev is not None and not content and (f.unit == "percent" or not lf.content(head)):
        return View(prev.stated, prev.facets)  # "chiếm 76,34%": the share of the count before
    facets = _inherit(lf, stated, head)
    if _generic_only(lf, stated):
        # "hộp thư điện tử công vụ (7.315 tài khoản)": the head's object is what the figure's
        # own unit noun is of, so it is the figure's own word too
        stated |= frozenset(x for x in head if lf.lex.facet_group[x] == "object")
    return View(stated, facets)


def table_view(
    lf: LineFacets,
    own: frozenset[str],
    header: frozenset[str],
    caption: frozenset[str],
    doc_index: frozenset[str],
    unit: str,
) -> View:
    """A table cell: the row label and column header are its own words, the caption its head."""
    stated = own | header
    facets = _inherit(lf, stated, caption)
    if unit in ("points", "rank") and not (lf.groups(facets) & {"index"}):
        facets |= doc_index or default_index(lf.folded, None)
    return View(stated, facets)
