"""Extract every numeric figure of a report, with its context, quote, class and scope.

For each line: find the figures (:mod:`analysis.reading.numbers`), cut the clause each sits in, take
the *quote* as the exact raw text from the clause start through the figure (so the figure is
always the quote's last words), classify it against the catalog, decide whether it is a goal
rather than a result, and set its scope (province-wide or one department's own).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise

from ..reading.numbers import Figure
from ..reading.reports import Line, Report, is_total_row
from ..reading.scores import read_figures
from ..text import fold
from ..vocabulary import TARGET_SUFFIX, base_id, is_target
from .catalog import Catalog, Indicator
from .figure_facets import (
    SILENT_GROUPS,
    LineFacets,
    View,
    firm_goals,
    is_achievement,
    phrase_end,
    prose_views,
    table_view,
)
from .lexicon import Lexicon, fold_keep, load_lexicon
from .places import strip_marks
from .scopes import ScopeRules, load_scope_rules

MONEY_UNITS = frozenset({"vnd", "million_vnd", "billion_vnd"})
#: The id a percentage gets when it is the share of a target reached ("đạt 82% mục tiêu").
TARGET_ACHIEVEMENT = "target_achievement_rate"

MAX_QUOTE = 240
# Clause boundaries inside a line: ';', a sentence-ending '.', and tabs (table cells).
_SENTENCE_END = re.compile(r";|\.(?=\s+[\"“(*]?[A-ZĐÀ-Ỹ0-9])|\.\s*$|\t")
_LEAD = re.compile(r"^[\s\-+*•●.,:;)]+")
_TARGET_TAIL = re.compile(
    r"(phan dau|muc tieu|dam bao t[yi] le|chi tieu (la|dat)|(chi tieu )?ke hoach(?! von))\W*"
    r"(nam \d{4}\W*)?(la\W*)?(dat\W*)?(muc tieu\W*)?"
    r"(t[yi] le\W*)?(tren\W*)?$"
)
_TARGET_COLUMN = re.compile(r"chi tieu|muc tieu|ke hoach|\btargets?\b|\bgoals?\b|\bplan(?:ned)?\b")
# An assignment or plan stated in the clause ("được giao chủ trì tổ chức 23 lớp ... cho 1.040")
_TARGET_CLAUSE = re.compile(r"duoc giao chu tri to chuc|ke hoach (dat ra|de ra) la")


@dataclass
class Extracted:
    """One figure found in a report (before review)."""

    report_id: str
    line: int
    quote: str
    value: float
    unit: str
    qualifier: str
    numerator: float | None
    denominator: float | None
    indicator: str | None
    scope: str
    # context kept for the audit (not published in facts)
    start: int = 0
    end: int = 0
    clause_start: int = 0
    text: str = ""
    in_table: bool = False
    extra: dict = field(default_factory=dict)
    # the figure's own period (ISO dates), set by analysis.facts.figure_periods
    period_start: str | None = None
    period_end: str | None = None


#: The longest line without figures that heads a block of lines with its scope cue.
_MAX_BLOCK_HEAD = 80

#: The longest clause read as one (characters): a clause longer than this, which no report
#: writes (the seed reports' longest is about 360), is cut at a space, so the context read for
#: each figure is bounded and a hostile line with no clause end is read in linear time.
MAX_CLAUSE = 600


def clause_bounds(text: str) -> list[int]:
    """Start offsets of the clauses of ``text`` (always includes 0), ascending."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    out: list[int] = []
    for start, end in zip([0, *ends], [*ends, len(text)], strict=True):
        out.append(start)
        while end - out[-1] > MAX_CLAUSE:
            cut = text.find(" ", out[-1] + MAX_CLAUSE // 2, out[-1] + MAX_CLAUSE)
            out.append(cut + 1 if cut != -1 else out[-1] + MAX_CLAUSE)
    return out


def clause_starts(bounds: list[int], figs: list[Figure]) -> list[int]:
    """The start of the clause each figure of ``figs`` begins in."""
    return [bounds[bisect_right(bounds, f.start) - 1] for f in figs]


def _quote_start(text: str, start: int, fig_start: int) -> int:
    m = _LEAD.match(text[start:fig_start])
    s = start + (m.end() if m else 0)
    if fig_start - s > MAX_QUOTE - 40:
        cut = text.rfind(" ", s, fig_start - (MAX_QUOTE - 60))
        s = cut + 1 if cut != -1 else s
    return s


def _table_cells(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\t"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _table_columns(report: Report) -> dict[int, list[str]]:
    """Line number -> column names of the table the line belongs to."""
    return {ln: t.columns for t in report.tables for ln in range(t.start_line, t.end_line + 1)}


def extract_report(
    report: Report,
    report_id: str,
    catalog: Catalog,
    scopes: ScopeRules | None = None,
    language: str = "vi",
    explain: bool = False,
    title: str = "",
) -> list[Extracted]:
    """Every figure of ``report`` (written in ``language``, titled ``title``) as
    :class:`Extracted` rows; ``explain``: each classified figure also records the facets that
    matched its concept's rule (``extra["matched"]``, for the review page; the build does not
    store them). The index the title names (a Decision 766 bulletin, a PAR Index result) is
    the index of the scores and ranks of lines that name none, until a line names another."""
    scopes = scopes or load_scope_rules()
    lexicon = load_lexicon()
    ctx = _Context(catalog, scopes, lexicon, language, report_id, explain=explain)
    ctx.note_index(lexicon.indices_named(fold_keep(title), language))
    tables = _table_columns(report)
    captions = _captions(report, ctx)
    out: list[Extracted] = []
    for ln in report.lines:
        if ln.is_blank:
            continue
        figs = read_figures(ln.text, language)
        folded = fold_keep(ln.text)
        if not figs:
            ctx.note_index(ctx.lexicon.indices_named(folded, language))
            ctx.note_block(ln.text)
            continue
        # cues past the last figure's phrase say nothing about any figure of the line
        lf = LineFacets(ctx.lexicon, folded, language, figs[-1].end + 80)
        columns = tables.get(ln.number)
        if columns is not None:
            caption = captions.get(ln.number, frozenset())
            out.extend(_extract_table_line(ln, figs, columns, ctx, lf, caption))
        else:
            out.extend(_extract_prose_line(ln, figs, ctx, lf))
        ctx.note_index(ctx.lexicon.indices_named(folded, language))
    _results_of_goal_lines(out, report)
    _defer_to_seed_rules(out)
    _parts_of_totals(out, report)
    _link_fractions(out)
    return _disambiguate_quotes(out, report)


@dataclass
class _Context:
    """What the extraction of one report carries from line to line."""

    catalog: Catalog
    scopes: ScopeRules
    lexicon: Lexicon
    language: str
    report_id: str
    doc_index: frozenset[str] = frozenset()
    # the scope a short line without figures heads the lines below with ("Khối UBND cấp
    # huyện:", "Cấp xã"), in a report without line ranges
    block_scope: str | None = None
    explain: bool = False
    _headers: dict[str, frozenset[str]] = field(default_factory=dict)
    # the line last read for province names: (text, stripped text, the names it holds)
    _plain: tuple[str, str, list[tuple[int, str]]] = ("", "", [])

    @cached_property
    def _entries(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.catalog.indicators}

    def note_block(self, text: str) -> None:
        """A short line without figures: the scope its cue names heads the lines below it
        until the next such line (one naming none ends the block)."""
        if len(text) > _MAX_BLOCK_HEAD or self.scopes.has_rules(self.report_id):
            return
        self.block_scope = self.scopes.cue(fold(text))

    def note_index(self, found: frozenset[str]) -> None:
        """Remember the last index the report names (for scores and ranks that do not)."""
        if found:
            self.doc_index = found

    def column_facets(self, columns: list[str], j: int) -> frozenset[str]:
        """The facets of column ``j``'s header; a header naming only a channel ("Trực
        tuyến") right of one naming an action ("Tiếp nhận") is a part of that column (the
        dossiers received online)."""
        own = self.facets_of(columns[j]) if j < len(columns) else frozenset()
        if j == 0 or j > len(columns):
            return own
        groups = {self.lexicon.facet_group[x] for x in own}
        if groups and groups <= {"share", "noise"} and j < len(columns):
            # "… | Trong đó trực tuyến | Tỷ lệ": a share column is the share of the one before
            return own | self.column_facets(columns, j - 1)
        if "channel" not in groups or "action" in groups:
            return own
        left = self.facets_of(columns[j - 1])
        return own | frozenset(x for x in left if self.lexicon.facet_group[x] == "action")

    def other_province(self, text: str, clause_start: int, f: Figure) -> str | None:
        """The other province the figure's clause says it is of (None: the report's own)."""
        if not self.scopes.own or self.scopes.provinces is None:
            return None
        if self._plain[0] is not text:  # the line's names, found once
            plain = strip_marks(text)
            self._plain = (text, plain, self.scopes.provinces.mentions(plain))
        _, plain, named = self._plain
        return self.scopes.other_province(plain, clause_start, f.start, f.end, named)

    def facets_of(self, text: str) -> frozenset[str]:
        if text not in self._headers:
            lf = LineFacets(self.lexicon, fold_keep(text), self.language)
            self._headers[text] = lf.between(0, len(text))
        return self._headers[text]

    def decide(
        self, f: Figure, view: View, legacy: str | None, score_list: bool = False
    ) -> tuple[str | None, str, str]:
        """The figure's id, unit and the rule that gave it (``seed``, ``target_cue``,
        ``facets``): the seed rules where one fits (they are exact on the reports they were
        written for), else the facet rules of the catalog. ``score_list``: the figure before
        it on its line is a score (in a list of part scores a whole number is one too:
        "mức độ hài lòng 18; số hóa hồ sơ 15")."""
        unit = "count" if f.unit == "ratio" else f.unit
        if view.achievement:
            return TARGET_ACHIEVEMENT, unit, "target_cue"
        vetoes = view.facets & self._vetoes
        if legacy is not None and vetoes and not vetoes <= self._explained(legacy):
            # "Trung bình mỗi tháng tiếp nhận 8.200 hồ sơ", "318 cuộc gọi hỏi về nộp hồ sơ
            # trực tuyến": a look-alike no concept of the seed rule explains
            return None, unit, ""
        if legacy is not None and self._contradicts(legacy, view):
            # "trước hạn và đúng hạn 56.102 hồ sơ (98,89%), quá hạn 628 hồ sơ (1,11%)": a seed
            # rule fitting the clause yields to a concept the figure's own words fit
            found = self.decide(f, view, None, score_list)
            if found[0] is not None:
                return found
        if legacy is not None:
            if view.goal and not is_target(legacy):
                legacy += TARGET_SUFFIX  # "Phấn đấu tỷ lệ … đạt 80%": a goal, not a result
            return legacy, unit, "seed"
        unit, view = self._measure(f, unit, view, score_list)
        stated = frozenset(x for x in view.stated if self.lexicon.group(x).strict)
        indexed = any(self.lexicon.facet_group[x] == "index" for x in view.facets)
        if unit in ("points", "rank") or (unit == "percent" and indexed):
            # "DTI năm 2023 vừa được công bố … đạt 0,6342 điểm": what was done to the
            # results (announced, published), and where ("trên Cổng DVC quốc gia"), say
            # nothing of what a score or rank is of
            silent = {"action", "place"}
            if "national_portal" in view.facets and not view.facets & _PORTAL_CONTENT:
                # "Dữ liệu trên Cổng DVC quốc gia cho thấy … đạt 85,42 điểm": where the
                # results are published, not the online-services component
                drop = frozenset({"online", "national_portal"})
                view = replace(view, stated=view.stated - drop, facets=view.facets - drop)
                stated -= drop
            if unit == "rank" and any(self.lexicon.facet_group[x] == "place" for x in stated):
                # "trên Cổng DVC quốc gia, tỉnh đứng thứ 4": where, not what
                silent.add("channel")
                where = frozenset(
                    x for x in view.stated if self.lexicon.facet_group[x] in ("place", "channel")
                )
                view = View(view.stated - where, view.facets - where, view.goal, view.achievement)
            stated = frozenset(x for x in stated if self.lexicon.facet_group[x] not in silent)
        if unit == "rank" and "region" in view.stated:
            return None, unit, ""  # "đứng thứ 3 khu vực Đồng bằng sông Cửu Long": no national rank
        # a score or rank is known by its unit; anything else needs a facet in its own words
        own = None if unit in ("points", "rank") else view.stated
        scale = f.denominator if unit == "points" else None
        stated |= vetoes  # a look-alike anywhere in its words must be explained
        counted = view.counted if unit == "count" else frozenset()
        ind, ind_unit = self._by_facets(unit, view, stated, own, scale, counted, indexed)
        if ind is None:
            return None, unit, ""
        if unit == "count" and _whole(f) and not score_list and self._index_score(ind, ind_unit):
            return None, unit, ""  # a bare whole number is no index score ("85,46" is)
        if view.goal and not is_target(ind):
            ind += TARGET_SUFFIX
        if unit in MONEY_UNITS:
            return ind, unit, "facets"  # a sum keeps the unit it is stated in (tỷ / triệu đồng)
        return ind, ind_unit or unit, "facets"

    def _by_facets(
        self,
        unit: str,
        view: View,
        stated: frozenset[str],
        own: frozenset[str] | None,
        scale: float | None,
        counted: frozenset[str],
        indexed: bool,
    ) -> tuple[str | None, str | None]:
        """The catalog's facet rules for the figure (see :meth:`decide`)."""
        found = self.catalog.classify_facets(unit, view.facets, stated, own, scale, counted)
        if found[0] is None and (more := self.lexicon.default_facets(view.facets)) != view.facets:
            # "Tổng số hồ sơ: 15.230": a total of dossiers naming no action is those received
            found = self.catalog.classify_facets(unit, more, stated, own, scale, counted)
        if found[0] is None and unit == "percent" and indexed and "score" in view.stated:
            # "scoring 83.46%" in the PAR Index: a per-cent score known by its own word (only
            # an index's)
            ind, ind_unit = self.catalog.classify_facets(unit, view.facets, stated, None, scale)
            if ind is None or not self._index_score(ind, ind_unit):
                return None, None
            return ind, ind_unit
        return found

    @cached_property
    def _vetoes(self) -> frozenset[str]:
        return self.lexicon.vetoes

    def _explained(self, seed: str) -> frozenset[str]:
        """The facets the concept of ``seed`` explains (none without a facet rule)."""
        entry = self._entries.get(base_id(seed))
        return entry.rule.explains if entry is not None and entry.rule is not None else frozenset()

    def _contradicts(self, seed: str, view: View) -> bool:
        """The figure's own words state a qualifier the seed rule's concept does not explain,
        or one its facet rule vetoes."""
        entry = self._entries.get(base_id(seed))
        if entry is None or entry.rule is None or not view.stated:
            return False
        r = entry.rule
        strict = frozenset(x for x in view.stated if self.lexicon.group(x).strict)
        return bool((strict - r.explains) or (r.none & view.stated))

    def _index_score(self, ind: str, ind_unit: str | None) -> bool:
        """A score of an index (in points, or SIPAS's per cent): not a plain whole number."""
        if ind_unit == "points":
            return True
        entry = self._entries.get(ind)
        return ind_unit == "percent" and entry is not None and entry.theme == "indices"

    def lexicon_content(self, facets: frozenset[str]) -> frozenset[str]:
        """The facets that name what is counted (not levels or noise)."""
        return frozenset(x for x in facets if self.lexicon.facet_group[x] not in SILENT_GROUPS)

    def matched(self, ind: str | None, rule: str, view: View) -> str:
        """The facets of the figure's words that the concept's facet rule needs ("dossier
        online received"; the review page names the rule): empty for the other rules."""
        if ind is None or rule != "facets" or not self.explain:
            return ""
        entry = self._entries.get(ind) or self._entries.get(ind.removesuffix(TARGET_SUFFIX))
        if entry is None or entry.rule is None:
            return ""
        return " ".join(sorted(entry.rule.needs & view.facets))

    def _measure(
        self, f: Figure, unit: str, view: View, score_list: bool = False
    ) -> tuple[str, View]:
        """A plain number whose own words name a score ("điểm tiến độ giải quyết là 17,6",
        "transparency scored 16.5/18") or a ranking ("SIPAS ranking: 44/63") of an index or
        of one of its parts is that score or rank (it takes the report's index if it names
        none)."""
        if unit != "count":
            return unit, view
        if _whole(f) and view.stated & _UNITS_COUNTED:
            return unit, view  # "17/124 xã, phường có điểm dưới 70": communes counted
        groups = {self.lexicon.facet_group[x] for x in view.facets}
        if not (view.facets & {"score", "rank"}):
            if (
                "index" in groups
                and _index_decimal(f)
                and not any(self.lexicon.facet_group[x] == "object" for x in view.stated)
            ):
                # "DTI của tỉnh là 0,6254", "the national average DTI was 0.5804": a decimal
                # an index names and nothing else is a score on it
                return "points", view
            return unit, view
        indexed = bool(groups & {"index", "component"})
        whole = _whole(f) and not score_list
        # "Điểm các nhóm chỉ số: …; thanh toán trực tuyến 8,4": the score word heads the
        # clause, the part scored is the figure's own; "Tổng điểm: 80,18 (tháng 4: 78,96)":
        # a decimal whose own words name nothing is what its clause head names
        content = bool(self.lexicon_content(view.stated))
        own = "score" in view.stated or (not whole and (content or "score" in view.facets))
        if "rank" in view.stated and whole and (indexed or f.denominator is not None):
            unit = "rank"
        elif (
            "score" in view.facets
            and own
            and (indexed or not whole or f.denominator)
            and (f.value <= 100 or f.denominator)
        ):
            unit = "points"  # (no index is scored above 100: "180 người tham gia" is no score)
        else:
            return "count", view
        facets = view.facets
        if "index" not in groups:
            facets |= self.doc_index
        return unit, View(view.stated, facets, view.goal, view.achievement)


#: What a score's words name beside the National Public Service Portal when the portal is a
#: part scored (its online services, dossiers, payments), not where the results are published
_PORTAL_CONTENT = frozenset({"service", "dossier", "procedure", "paid", "integrated", "synced"})

#: Objects that are places or bodies: a whole number of them is a count, whatever score or
#: rank their clause names ("9/11 huyện xếp loại tốt")
_UNITS_COUNTED = frozenset({"district", "commune_unit", "agency"})


def _whole(f: Figure) -> bool:
    return float(f.value).is_integer()


def _index_decimal(f: Figure) -> bool:
    """A plain decimal an index score could be (no index scores above 100)."""
    return (
        not _whole(f)
        and 0 < f.value <= 100
        and f.numerator is None
        and f.qualifier in ("exact", "approx")  # "dưới 0,45": a bound of a band
    )


def _achievement(ctx: _Context, lf: LineFacets, f: Figure) -> bool:
    return is_achievement(lf, f)


# a line that states only a result ("Kết quả: đạt 64,1%", "Thực hiện: 47,6%")
_RESULT_LINE = re.compile(
    r"\W*(?:ket qua(?: thuc hien| dat duoc)?|thuc hien|uoc thuc hien|result|achieved)\s*:?\s*"
    r"(?:(?:da |moi |chi )?dat(?: duoc)?\s*)?$"
)


def _results_of_goal_lines(rows: list[Extracted], report: Report) -> None:
    """ "Chỉ tiêu: 70% DVC có phát sinh thanh toán trực tuyến." then "Kết quả: đạt 64,1%.": a
    line stating only a result is the result of the one goal the line before states."""
    by_line: dict[int, list[Extracted]] = {}
    for r in rows:
        by_line.setdefault(r.line, []).append(r)
    previous: list[Extracted] = []
    for ln in report.lines:
        if ln.is_blank:
            continue
        here = by_line.get(ln.number, [])
        goals = [g for g in previous if g.indicator and is_target(g.indicator)]
        if len(here) == 1 and len(goals) == 1 and not here[0].in_table:
            r, g = here[0], goals[0]
            if (
                r.indicator is None
                and r.unit == g.unit
                and _RESULT_LINE.fullmatch(fold(ln.text[: r.start]))
            ):
                r.indicator = base_id(g.indicator or "")
                r.extra["rule"] = "result of the goal before"
        previous = here


def _defer_to_seed_rules(rows: list[Extracted]) -> None:
    """The facet rules fill gaps; they do not add a second value of an id the seed rules
    already read in the report at that scope (that one is kept as a candidate)."""
    seeded: dict[tuple[str | None, str], set[int]] = {}
    for r in rows:
        if r.indicator and r.extra.get("rule") == "seed":
            seeded.setdefault((r.indicator, r.scope), set()).add(r.line)
    for r in rows:
        if r.extra.get("earlier"):
            continue  # "So với năm 2023 (52,1%), …": the earlier period's value
        lines = seeded.get((r.indicator, r.scope))
        if lines and r.line in lines and not r.in_table and r.unit != "count":
            # "Năm 2023 … đạt 19,7%, đến năm 2024 tăng lên 35,2%": a line stating a rate twice
            # compares two periods (or levels); each figure is its own (counts on one line
            # may be parts of the one the seed rules read)
            continue
        if r.extra.get("rule") == "facets" and lines:
            r.extra["candidates"] = [r.indicator]
            r.extra["rule"] = "deferred to the seed rules"
            r.indicator = None


def _parts_of_totals(rows: list[Extracted], report: Report) -> None:
    """A table with a total row ("Tổng số", "Tổng cộng"): its other rows are the parts of
    that total (a department's dossiers by field), so an id the total row carries at the same
    scope is the total's, not a second value from each part (kept as a candidate)."""
    totals: dict[int, list[int]] = {}  # a total row's line -> the table's other data lines
    for t in report.tables:
        lines = [
            n
            for n in t.row_lines
            if is_total_row([c.strip() for c in report.line(n).text.split("\t", 3)[:3]])
        ]
        if lines:
            rest = [n for n in t.row_lines if n not in lines]
            for n in lines:
                totals[n] = rest
    if not totals:
        return
    by_line: dict[int, list[Extracted]] = {}
    for r in rows:
        if r.in_table:
            by_line.setdefault(r.line, []).append(r)
    for total_line, parts in totals.items():
        held: dict[tuple[str | None, str], Extracted] = {
            (r.indicator, r.scope): r for r in by_line.get(total_line, []) if r.indicator
        }
        for n in parts:
            for r in by_line.get(n, []):
                owner = held.get((r.indicator, r.scope))
                if owner is not None:
                    r.extra["candidates"] = [r.indicator]
                    r.extra["part_of"] = owner.quote
                    r.extra["rule"] = "part of the table's total"
                    r.indicator = None


def _captions(report: Report, ctx: _Context) -> dict[int, frozenset[str]]:
    """Line -> facets of the caption of its table (the two lines above it)."""
    out: dict[int, frozenset[str]] = {}
    for t in report.tables:
        above = [
            ln.text
            for ln in report.lines[max(0, t.start_line - 4) : t.start_line - 1]
            if not ln.is_blank
        ][-2:]
        facets = ctx.facets_of(" ".join(above)) if above else frozenset()
        for n in range(t.start_line, t.end_line + 1):
            out[n] = facets
    return out


def _make(
    ln: Line,
    f: Figure,
    report_id: str,
    indicator: str | None,
    scope: str,
    q_start: int,
    in_table: bool = False,
    unit: str | None = None,
) -> Extracted:
    return Extracted(
        report_id=report_id,
        line=ln.number,
        quote=ln.quote(q_start, f.end),
        value=f.value,
        unit=unit or f.unit,
        qualifier=f.qualifier,
        numerator=f.numerator,
        denominator=f.denominator,
        indicator=indicator,
        scope=scope,
        start=f.start,
        end=f.end,
        clause_start=q_start,
        text=ln.text,
        in_table=in_table,
    )


def _after(text: str, end: int) -> str:
    tail = text[end : end + 80]
    m = _SENTENCE_END.search(tail)
    return fold(tail[: m.start()] if m else tail)


def _classify(
    catalog: Catalog,
    f: Figure,
    local: str,
    clause: str,
    after: str,
    table_context: str | None = None,
    target: bool = False,
) -> str | None:
    """The seed rules (``match``/``after``/``follows`` regexes) and their goal cues."""
    unit = "count" if f.unit == "ratio" else f.unit
    if unit not in ("count", "percent", "vnd", "million_vnd", "billion_vnd"):
        return None
    ind = catalog.classify(unit, local, clause, after, table_context)
    if ind is not None and (
        target or _TARGET_TAIL.search(local[-60:]) or _TARGET_CLAUSE.search(clause)
    ):
        return ind + TARGET_SUFFIX
    return ind


def _extract_prose_line(
    ln: Line, figs: list[Figure], ctx: _Context, lf: LineFacets
) -> list[Extracted]:
    bounds = clause_bounds(ln.text)
    starts = clause_starts(bounds, figs)
    legacy = []
    prev_end = 0
    for i, (f, cs) in enumerate(zip(figs, starts, strict=True)):
        clause = fold(ln.text[cs : f.start])
        local = fold(ln.text[max(cs, prev_end) : f.start])
        after = _after(ln.text, f.end)
        seed = _classify(ctx.catalog, f, local, clause, after)
        if seed and prev_end > cs and _own_words_differ(ctx, lf, ln.text, figs, i, seed):
            # "tỷ lệ hồ sơ trực tuyến đạt 60%, tỷ lệ số hóa hồ sơ đạt 80%": a figure whose
            # own words say what the concept of a rule fitting its clause head does not is
            # read from its own words
            target = bool(_TARGET_CLAUSE.search(clause))
            seed = _classify(ctx.catalog, f, local, local, after, target=target)
        legacy.append(seed)
        prev_end = f.end
    if all(legacy) and not ctx.lexicon.has_veto_cue(lf.folded, ctx.language):
        # the seed rules read the whole line: only the target cues matter
        views = [
            View(frozenset(), frozenset(), goal and not ach, ach)
            for f, goal in zip(figs, firm_goals(lf, figs, starts), strict=True)
            for ach in (_achievement(ctx, lf, f),)
        ]
        for i in range(1, len(figs)):
            # "… đạt 76% (mục tiêu 80%)": a goal whose own words name nothing is the goal of
            # the figure before, whatever a rule fitting the whole clause says
            if views[i].goal and figs[i].unit == figs[i - 1].unit:
                own = lf.between(phrase_end(ln.text, figs[i - 1], figs[i].start), figs[i].start)
                if not lf.content(own):
                    legacy[i] = legacy[i - 1]
    else:
        views = prose_views(lf, ln.text, figs, bounds, ctx.doc_index)
    out: list[Extracted] = []
    sentence_starts = _sentence_starts(ln.text)
    first_figure: dict[int, int] = {}  # sentence start -> where its first figure starts
    subjects: dict[int, str | None] = {}  # sentence start -> the scope its subject names
    speakers: dict[int, tuple[int, int, int] | None] = {}  # sentence -> speaker, subject
    for f, cs, view, seed in zip(figs, starts, views, legacy, strict=True):
        first_figure.setdefault(
            sentence_starts[bisect_right(sentence_starts, f.start) - 1], f.start
        )
        score_list = (
            bool(out) and out[-1].unit == "points" and not _COUNTED_AFTER.match(ln.text, f.end)
        )
        ind, unit, rule = _criterion(ctx.decide(f, view, seed, score_list), ln.text[cs : f.start])
        ind, unit, rule, other = _not_the_report_s(
            ctx, ln.text, lf.folded, cs, f, out, (ind, unit, rule)
        )
        ss = sentence_starts[bisect_right(sentence_starts, cs) - 1]
        # the sentence's subject scopes its later clauses where its first clause states a
        # figure of that subject ("Sở X tiếp nhận 95 hồ sơ …; 94 hồ sơ trả kết quả đúng hạn")
        first_end = _next_bound(bounds, ss)
        subject = None
        if ss < cs and first_figure.get(ss, f.start) < first_end:
            if ss not in subjects:
                # (a cue starting in the window is read whole: "cấp tỉnh, cấp huyện, cấp xã")
                subjects[ss] = ctx.scopes.cue(
                    fold(ln.text[ss : min(first_end, ss + _SUBJECT + _SUBJECT_CUE)])
                )
            subject = subjects[ss]
        subject = (
            subject
            or _department_speaks(ln.text, _sentence_at(sentence_starts, ss), f.start, speakers)
            or (
                _earlier_subject(ctx, ln.text, bounds, sentence_starts, ss, subjects)
                if ss
                and (ctx.block_scope or ctx.scopes.base(ctx.report_id, ln.number)) != "province"
                else None  # (the province an earlier sentence names would change nothing)
            )
        )
        scope = ctx.scopes.scope(
            ctx.report_id,
            ln.number,
            fold(ln.text[cs : f.end]),
            _cue_words_after(ln.text, f.end),
            subject or ctx.block_scope,
        )
        row = _make(ln, f, ctx.report_id, ind, scope, _quote_start(ln.text, cs, f.start), unit=unit)
        if other:
            row.extra["other_province"] = other
        if rule:
            row.extra["rule"] = rule
            if matched := ctx.matched(ind, rule, view):
                row.extra["matched"] = matched
        _note_candidates(ctx, row, view)
        out.append(row)
    _across_rows(out, ln.text, lf.folded, ctx.catalog)
    return out


def _across_rows(rows: list[Extracted], text: str, folded: str, catalog: Catalog) -> None:
    """What a prose line's rows say of each other: parts of a total, shares of a target."""
    _unclassify_parts(rows, text, folded, catalog)
    _early_and_on_time_parts(rows, folded)
    _thresholds_passed(rows, folded)
    _shares_of_targets(rows, text)
    _increments_to_totals(rows, folded)
    _ranges(rows, folded)


_RANGE_FROM = re.compile(r"(?<![a-z])(?:tu|from|between)\s*$")
_RANGE_TO = re.compile(r"\s*(?:-|–|den|toi|to|and)\s*")
# "khoảng 80-100 hồ sơ", "120 – 150 hồ sơ": a dash between two figures is a range by itself
_RANGE_DASH = re.compile(r"\s?[-–]\s?")


def _ranges(rows: list[Extracted], folded: str) -> None:
    """ "Bình quân mỗi ngày, Trung tâm tiếp nhận từ 300 đến 350 hồ sơ": the upper end of a
    range is what its lower end is; where that is no value of an id, neither is it."""
    for a, b in pairwise(rows):
        if a.indicator is not None or b.indicator is None or a.unit != b.unit:
            continue
        if _RANGE_DASH.fullmatch(folded, a.end, b.start) or (
            _RANGE_FROM.search(folded, max(0, a.start - 8), a.start)
            and _RANGE_TO.fullmatch(folded, a.end, b.start)
        ):
            b.extra["candidates"] = [b.indicator]
            b.indicator = None
            b.extra["rule"] = "upper end of a range"


_INCREMENT_BEFORE = re.compile(r"(?<![a-z])them\s*$")  # "tuyển thêm 9", "thành lập thêm 52"
# "…, nâng tổng số (cán bộ chuyên trách) lên 187 người", "đưa tổng số tổ lên 1.240"
_RUNNING_TOTAL = re.compile(
    r"(?<![a-z])(?:nang|dua)\s+tong\s+so(?:\s+[a-z]+){0,5}?\s+(?:len|la)\s*$"
)


def _increments_to_totals(rows: list[Extracted], folded: str) -> None:
    """ "Trong năm, tỉnh tuyển thêm 9 công chức chuyên trách CNTT, nâng tổng số lên 187
    người": the total the increment raises is the concept's value, the increment is not."""
    for i, r in enumerate(rows[:-1]):
        if r.unit != "count" or not r.indicator:
            continue
        if not _INCREMENT_BEFORE.search(folded, max(0, r.start - 12), r.start):
            continue
        for t in rows[i + 1 :]:
            if _SENTENCE_OR_CELL.search(folded, r.end, t.start):
                break
            if (
                t.unit == "count"
                and t.indicator in (None, r.indicator)
                and _RUNNING_TOTAL.search(folded, max(0, t.start - 60), t.start)
            ):
                t.indicator, r.indicator = r.indicator, None
                t.extra["rule"] = "running total"
                r.extra["candidates"] = [t.indicator]
                break


# a percentage right after these words is by how much a level differs, not the level ("tăng
# 9,2%"); after "vượt", "cao hơn" only when what it is against follows ("vượt 6,2% so với kế
# hoạch"; "đã vượt 80%" is a level passed)
_CHANGE_RIGHT_BEFORE = re.compile(
    r"(?<![a-z])(?:tang|giam|tang them|giam di|up by|down by)"
    r"(?: (?:khoang|gan|hon|tren|about|nearly))?\s*$"
)
_EXCESS_RIGHT_BEFORE = re.compile(
    r"(?<![a-z])(?:vuot|cao hon|thap hon|nhieu hon|it hon|exceeded (?:it )?by)"
    r"(?: (?:khoang|gan|hon|tren|about|nearly))?\s*$"
)
_AGAINST_AFTER = re.compile(
    r"\s*%?\s*(?:\(|,)?\s*(?:so voi|so cung ky|cung ky|ke hoach|chi tieu|muc tieu|than|compared)"
)

_AGAINST_BEFORE = re.compile(
    r"(?<![a-z])(?:so voi|cung ky|ke hoach|chi tieu|muc tieu|target|plan)(?![a-z])"
)


# a share's difference written in percentage points (the figure's own text names them)
_PERCENTAGE_POINTS = re.compile(
    r"percentage[\s-]+points?|per\s*cent(?:age)?\s+points?|\bppt?\b|điểm\s+phần\s+trăm", re.I
)


def _no_level(ind: str, unit: str, text: str, folded: str, f: Figure) -> bool:
    """Whether a figure a rule gave ``ind`` is no level of it: a band of leaders ("nằm trong
    nhóm 10 tỉnh dẫn đầu") or by how much a share differs ("vượt 6,2% so với kế hoạch")."""
    if is_target(ind):
        return False
    if unit == "rank":
        return bool(_BAND_RANK.search(text, 0, f.start))
    return unit == "percent" and ind != TARGET_ACHIEVEMENT and _difference(folded, f)


def _difference(folded: str, f: Figure) -> bool:
    """Whether the percentage ``f`` states by how much a level differs from another."""
    if _PERCENTAGE_POINTS.search(f.text):
        return True  # "3.4 percentage points higher", "tăng 6,2 điểm phần trăm"
    if _CHANGE_RIGHT_BEFORE.search(folded, max(0, f.start - 24), f.start):
        return True
    if not _EXCESS_RIGHT_BEFORE.search(folded, max(0, f.start - 24), f.start):
        return False
    # what it is against follows, or was named just before ("kế hoạch 550 dịch vụ, vượt 8,7%")
    return bool(
        _AGAINST_AFTER.match(folded, f.end)
        or _AGAINST_BEFORE.search(folded, max(0, f.start - 40), f.start)
    )


def _shares_of_targets(rows: list[Extracted], text: str) -> None:
    """A percentage between a result and its target (or after both) that is the result's
    share of the target by their values is the share of the target reached: "tỷ lệ thanh
    toán trực tuyến đạt 42,8%, đạt 85,6% so với chỉ tiêu năm 2025 là 50%" (42,8 / 50),
    "kế hoạch 60%, thực hiện 54%, đạt 90%"."""
    pct = [r for r in rows if r.unit == "percent"]
    for a, b, c in zip(pct, pct[1:], pct[2:], strict=False):
        if _SENTENCE_OR_CELL.search(text, a.end, c.start):
            continue
        for result, share, target in ((a, b, c), (b, c, a)):
            if not (result.indicator and target.indicator and target.value):
                continue
            if is_target(result.indicator) or not is_target(target.indicator):
                continue
            if base_id(target.indicator) != result.indicator:
                continue
            if share.indicator and (
                is_target(share.indicator) or share.indicator == TARGET_ACHIEVEMENT
            ):
                continue
            if abs(100 * result.value / target.value - share.value) <= 0.6:
                share.indicator = TARGET_ACHIEVEMENT
                share.extra["rule"] = "target_ratio"


def _not_the_report_s(
    ctx: _Context,
    text: str,
    folded: str,
    cs: int,
    f: Figure,
    before: list[Extracted],
    decided: tuple[str | None, str, str],
) -> tuple[str | None, str, str, str | None]:
    """(id, unit, rule) of a prose figure, without the id where the figure is no value of the
    report's own: a scoring bar, a band of leaders, by how much a share differs, another
    province's figure (then named)."""
    ind, unit, rule = decided
    if ind and _a_bar(f, unit, ind, text, cs, before):
        ind, rule = None, ""
    if ind and _no_level(ind, unit, text, folded, f):
        ind, rule = None, ""  # a band of leaders; by how much a share differs
    if ind and unit == "points" and _GROUP_AVERAGE.search(fold(text[cs : f.start])):
        ind, rule = None, ""  # "Khối cấp xã …, điểm bình quân đạt 83,7 điểm": a group's average
    if ind and _derived_from_scores(f, unit, text, folded):
        ind, rule = None, ""
    other = ctx.other_province(text, cs, f) if ind else None
    if other:
        # "…, còn tỉnh Quảng Ninh dẫn đầu với 93,67%": another province's, not the report's
        ind, rule = None, ""
        unit = f.unit if f.unit in ("points", "rank", "percent") else unit
    return ind, unit, rule, other


def _derived_from_scores(f: Figure, unit: str, text: str, folded: str) -> bool:
    """A share of the maximum score, or a score's difference from an average."""
    if unit == "percent":
        return bool(_OF_MAXIMUM.match(text, f.end))
    return unit == "points" and bool(_ABOVE_AVERAGE.search(folded, max(0, f.start - 40), f.start))


# the average score of a group of units ("Khối cấp xã gồm 102 đơn vị, điểm bình quân đạt …",
# "the communes averaged …"): none of the province's own scores
_UNITS = r"(?:khoi|nhom|cac) (?:cap )?(?:xa|huyen|so|phuong|don vi|co quan)\b"
_GROUP_AVERAGE = re.compile(
    rf"\b{_UNITS}[^;]{{0,80}}\b(?:binh quan|trung binh)\b"
    rf"|\b(?:binh quan|trung binh) (?:cua )?{_UNITS}"
    r"|\bthe (?:communes|districts|departments|wards)(?: and wards)? averaged\b"
)
# a rank that names a band of leaders ("trong nhóm 10 tỉnh", "among the top 10"), as a result
_BAND_RANK = re.compile(r"(?:\bnhóm|\btốp|\btop)\s*$", re.I)
_BAND_AFTER = re.compile(
    r"\s*(?:điểm\s*)?(?:trở\s+lên|trở\s+xuống|or\s+(?:more|above|higher))", re.I
)
_BAND_BRACKET = re.compile(r"\(\s*(?:đạt\s+)?(?:từ|trên|dưới)\s*$", re.I)
# a share of the maximum score ("chỉ đạt 58,4% số điểm tối đa"), a score's difference from an
# average ("cao hơn bình quân 3,86 điểm"): figures derived from scores, none of them a score
_OF_MAXIMUM = re.compile(r"\s*(?:số\s+|tổng\s+)?điểm\s+(?:tối\s+đa|tuyệt\s+đối)", re.I)
_ABOVE_AVERAGE = re.compile(
    r"(?<![a-z])(?:cao|thap|nhieu|it) hon(?: (?:muc |diem )?(?:binh quan|trung binh)"
    r"(?: (?:chung|ca nuoc|cua tinh|toan quoc))?)?\s*$"
)
_RATING = re.compile(
    r"xep loai|loai \W?(?:xuat sac|tot|kha|trung binh|yeu)|rated|rating band", re.I
)


# in an index's results "chỉ tiêu" names a criterion scored ("Chỉ tiêu tỷ lệ hồ sơ thanh toán
# trực tuyến của tỉnh đạt 8,9/10 điểm"), not a goal: unless a goal word says one is set
_CRITERION = re.compile(
    r"(?<![a-z])chi tieu(?! (?:dat ra|de ra|duoc giao|giao|nam \d|ke hoach|la)\b)"
)
_SCORE_GOAL = re.compile(
    r"(?<![a-z])(?:phan dau|muc tieu|ke hoach|de ra|dat ra|duoc giao|huong toi|toi thieu|it nhat"
    r"|chi tieu (?:dat ra|de ra|duoc giao|giao|nam \d|ke hoach|la))(?![a-z])"
)


def _criterion(decided: tuple[str | None, str, str], clause: str) -> tuple[str | None, str, str]:
    """``decided`` (id, unit, rule) without the target of a score whose clause names a
    criterion ("Chỉ tiêu thanh toán trực tuyến đạt 8,9/10 điểm") and sets no goal."""
    ind, unit, rule = decided
    if not (ind and unit == "points" and is_target(ind)):
        return decided
    folded = fold(clause)
    if _CRITERION.search(folded) and not _SCORE_GOAL.search(folded):
        return base_id(ind), unit, rule
    return decided


# a whole number right before what it counts ("thấp nhất trong 6 nhóm chỉ tiêu", "9 tiêu chí"):
# no score of a list of scores before it
_COUNTED_AFTER = re.compile(
    r"\s+(?:nhóm|chỉ\s+tiêu|tiêu\s+chí|nội\s+dung|lĩnh\s+vực|tỉnh|địa\s+phương|đơn\s+vị"
    r"|cơ\s+quan|sở|xã|huyện|TTHC|thủ\s+tục|hồ\s+sơ|provinces|localities|cities|units|agencies"
    r"|communes|districts|departments|criteria|indicators|groups|(?:leading|top)\s+provinces)(?!\w)",
    re.IGNORECASE,
)
#: How far into its sentence a scope cue may start to be the subject of the sentence's
#: later clauses ("Quý III/2024, Sở Thông tin và Truyền thông tiếp nhận …; 94 hồ sơ …")
_SUBJECT = 60
_SUBJECT_CUE = 24
# a department's leader speaking ("Giám đốc Sở Công Thương cho biết, …"), then the department
# itself as a later subject, written "Sở" alone ("… 9 tháng qua Sở đã giải quyết 3.412 hồ sơ"):
# read on the text with its marks, where "Sở" (department) and "số" (number) differ
_DEPARTMENT_SPEAKS = re.compile(
    r"(?:Giám đốc|Phó Giám đốc|[Ll]ãnh đạo|Đại diện|Chánh Văn phòng|Phó Chánh Văn phòng)"
    r"\s+Sở\b[^,;:.]{0,80}?\s(?:cho biết|thông tin|khẳng định|nhấn mạnh|chia sẻ|báo cáo)\b"
)
_DEPARTMENT_SUBJECT = re.compile(
    r"(?<!\w)(?:Sở|đơn vị|Sở này)\s+(?:đã|đang|cũng|vẫn|luôn|tiếp tục|đều|tiếp nhận|giải quyết"
    r"|cung cấp|thực hiện|trả|ghi nhận|có)\b"
)


def _department_speaks(
    text: str, sentence: tuple[int, int], at: int, seen: dict[int, tuple[int, int, int] | None]
) -> str | None:
    """ "agency" where the figure at ``at`` is of the department whose leader speaks in its
    sentence: the speaker opens it and "Sở" alone is a subject between them and the figure.
    ``seen`` keeps, per sentence start, where its first speaker ends and its first "Sở"
    subject after them lies, so a long sentence is searched once, not once per figure."""
    start, end = sentence
    if at > end:  # (a figure past its clause's sentence: search up to it)
        return _speaks_before(text, start, at)
    if start not in seen:
        m = _DEPARTMENT_SPEAKS.search(text, start, end)
        s = _DEPARTMENT_SUBJECT.search(text, m.end(), end) if m is not None else None
        seen[start] = (m.end(), s.start(), s.end()) if m is not None and s is not None else None
    found = seen[start]
    if found is None or found[0] > at or found[1] >= at:
        return None  # no speaker and subject, or not both before the figure
    if found[2] <= at:
        return "agency"
    return _speaks_before(text, start, at)  # the subject runs into the figure (rare)


def _speaks_before(text: str, start: int, at: int) -> str | None:
    """ "agency" where a speaker and then "Sở" as a subject stand between ``start`` and ``at``."""
    m = _DEPARTMENT_SPEAKS.search(text, start, at)
    if m is not None and _DEPARTMENT_SUBJECT.search(text, m.end(), at) is not None:
        return "agency"
    return None


_AND = re.compile(r"\s(?:va|and)\s")
# the end of a sentence (not of a clause: "；" and tabs go on)
_SENTENCE_OR_CELL = re.compile(r"\.(?=\s+[\"“(*]?[A-ZĐÀ-Ỹ0-9])|\t")


def _next_bound(bounds: list[int], at: int) -> int:
    """The first clause start after ``at``."""
    i = bisect_right(bounds, at)
    return bounds[i] if i < len(bounds) else 1 << 30


def _cue_words_after(text: str, end: int) -> str:
    """The words right after a figure, in its phrase, where a scope cue names its scope
    (folded); a bracket naming only whose figure it is ("đạt 82,5% (toàn tỉnh)", "(cấp xã)")
    is read as "ở …"."""
    tail = text[end : end + 40]
    if (label := _SCOPE_LABEL.match(tail)) is not None:
        return fold("ở " + label.group(1))
    stop = re.search(r"[;,(]|\.\s", tail)
    return fold(tail[: stop.start()] if stop else tail)


_SCOPE_LABEL = re.compile(r"\s*(?:%|điểm|hồ sơ)?\s*\(\s*([^\W\d][^()\d;:]{2,28})\)")


def _earlier_subject(
    ctx: _Context,
    text: str,
    bounds: list[int],
    sentence_starts: list[int],
    ss: int,
    subjects: dict[int, str | None],
) -> str | None:
    """ "province" where the subject of an earlier sentence of the line names the province
    and the sentences since name no subject ("Toàn tỉnh tiếp nhận 98.450 hồ sơ. Số hồ sơ trực
    tuyến là 81.200 hồ sơ": the province's, whatever the default of the report's issuer); not
    across a table cell. (A centre or a department named earlier does not carry over: "the
    centre received …. A course was held and 740 officials attended" is the province's.)"""
    k = bisect_right(sentence_starts, ss) - 1
    walked: list[int] = []  # the sentences passed over, given the answer once it is known
    found: str | None = None
    while k > 0 and text[sentence_starts[k] - 1] != "\t":
        if (done := -(1 << 40) - k) in subjects:  # (known for this sentence already)
            found = subjects[done]
            break
        walked.append(done)
        prev = sentence_starts[k - 1]
        key = -1 - prev  # (apart from the sentence subjects of later clauses)
        if key not in subjects:
            end = min(_next_bound(bounds, prev), prev + _SUBJECT + _SUBJECT_CUE, sentence_starts[k])
            subjects[key] = ctx.scopes.cue(fold(text[prev:end]))
        if subjects[key] is not None:
            found = "province" if subjects[key] == "province" else None
            break
        k -= 1
    for done in walked:  # each sentence is walked over once per line: linear in its length
        subjects[done] = found
    return found


def _sentence_at(sentence_starts: list[int], start: int) -> tuple[int, int]:
    """The sentence starting at ``start``: its start and where the next one starts."""
    i = bisect_right(sentence_starts, start)
    return start, sentence_starts[i] if i < len(sentence_starts) else 1 << 30


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts (a table cell is a sentence of its own)."""
    out = [0]
    for m in _SENTENCE_OR_CELL.finditer(text):
        out.append(m.end())
    return out


def _own_words_differ(
    ctx: _Context, lf: LineFacets, text: str, figs: list[Figure], i: int, seed: str
) -> bool:
    """The strict facets of figure ``i``'s own words (since the phrase of the figure before
    it, and its own phrase up to a "và") include one the concept ``seed`` does not explain."""
    entry = ctx._entries.get(seed.removesuffix(TARGET_SUFFIX))
    if entry is None or entry.rule is None:
        return False
    f = figs[i]
    end = phrase_end(text, f, figs[i + 1].start if i + 1 < len(figs) else None)
    m = _AND.search(lf.folded, f.end, end)
    own = lf.around(phrase_end(text, figs[i - 1], f.start), f.start) | lf.around(
        f.end, m.start() if m else end
    )
    return bool(lf.strict(own) - entry.rule.explains)


def _threshold(f: Figure, text: str, clause_start: int, before: list[Extracted]) -> bool:
    """A score that bounds a band is a threshold, not a score: a bound after a count in its
    clause ("9 địa phương đạt trên 85 điểm", "17/124 xã có điểm dưới 70 điểm"), beside a
    rating ("dưới 50 điểm bị xếp loại Yếu"), or "từ 80 điểm trở lên"."""
    if _BAND_AFTER.match(text, f.end) or _BAND_BRACKET.search(text, max(0, f.start - 12), f.start):
        return True  # "từ 80 điểm trở lên", "loại Xuất sắc (từ 90 điểm)"
    if f.qualifier not in ("lower_bound", "upper_bound"):
        return False
    if _RATING.search(fold(text[clause_start : f.end + 40])):
        return True
    return any(r.unit == "count" and r.start >= clause_start for r in before)


# "N đơn vị có tỷ lệ … dưới 50%", "N xã đạt từ 80% trở lên": units counted against a bar
_UNITS_AFTER = re.compile(
    r"\s+(?:don vi|co quan|xa|phuong|huyen|so|dia phuong|units?|agencies|communes?|districts?"
    r"|localities|departments)(?![a-z])"
)


def _a_bar(
    f: Figure, unit: str, ind: str, text: str, clause_start: int, before: list[Extracted]
) -> bool:
    """A score bounding a band or a share units are counted against: no value of ``ind``."""
    if unit == "points":
        return not is_target(ind) and _threshold(f, text, clause_start, before)
    return unit == "percent" and _units_over_threshold(f, text, clause_start, before)


def _units_over_threshold(f: Figure, text: str, clause_start: int, before: list[Extracted]) -> bool:
    """A bound on a share after a count of units in its clause is the bar they are counted
    against ("Có 12 đơn vị có tỷ lệ hồ sơ trực tuyến dưới 50%"), not the province's rate."""
    if f.qualifier not in ("lower_bound", "upper_bound") and not _BAND_AFTER.match(text, f.end):
        return False
    folded = fold_keep(text)
    return any(
        r.unit == "count" and r.start >= clause_start and _UNITS_AFTER.match(folded, r.end)
        for r in before
    )


# what opens a list of the parts of the count before ("1.905 thủ tục, gồm …", "246 TTHC,
# trong đó …", "1,024 procedures, including …")
_PARTS_OPEN = re.compile(
    r"(?<![a-z])(?:bao gom|gom|trong do|including|of which|comprising|namely)(?![a-z])"
)
_SENTENCE_BREAK = re.compile(r"[;.]\s")
_PART_SEP = re.compile(r"[,;(]|(?<![a-z])(?:va|and|gom|trong do|including|of which)(?![a-z])")
# a part headed by its level keeps the id at that level ("trong đó cấp tỉnh 1.402")
_LEVEL_PART = re.compile(
    r"(?<![a-z])(?:cap (?:tinh|huyen|xa)|(?:provincial|district|commune)[- ]level"
    r"|at (?:the )?(?:provincial|district|commune))(?![a-z])"
)


# "đã vượt mốc 60%, cụ thể là 62,4%": the mark passed, then the value itself
_MARK_BEFORE = re.compile(
    r"(?<![a-z])(?:vuot|qua|cham|dat|len|passed|crossed|topped)\s+(?:moc|nguong|the\s+(?:mark|threshold)\s+of)\s*$"
)
_VALUE_AFTER_MARK = re.compile(
    r"[^;.\d]{0,40}?(?<![a-z])(?:cu the|dat|la|len|at|reaching|namely)[^;.\d]{0,8}$"
)


def _thresholds_passed(rows: list[Extracted], folded: str) -> None:
    """A mark passed ("vượt mốc 60%") followed by the figure reached ("cụ thể là 62,4%") is
    no value of the figure's id: the mark is a threshold."""
    for a, b in pairwise(rows):
        if a.indicator is None or a.unit != b.unit:
            continue
        if _MARK_BEFORE.search(folded, max(0, a.start - 30), a.start) and (
            _VALUE_AFTER_MARK.fullmatch(folded, a.end, b.start)
        ):
            a.indicator = None
            a.extra.pop("rule", None)


_ON_TIME_ID = "dossiers_resolved_on_time"
# the label right before a part: "trước hạn: 31.620", "đúng hạn 15.904 hồ sơ", "early: 31,620"
_EARLY_LABEL = re.compile(r"(?<![a-z])(?:truoc han|som han|ahead of (?:schedule|time)|early)\W*$")
_ON_TIME_LABEL = re.compile(r"(?<![a-z])(?<!va )(?<!hoac )(?:dung han|on time)\W*$")


def _early_and_on_time_parts(rows: list[Extracted], folded: str) -> None:
    """Early and on-time dossiers given apart ("(trước hạn: 31.620; đúng hạn: 15.904; trễ
    hạn: 691)", "trong đó trước hạn 6.930 hồ sơ, đúng hạn 2.561 hồ sơ") are parts of
    dossiers_resolved_on_time (their sum), not values of it."""
    early, on_time = [], []
    for r in rows:
        if r.indicator != _ON_TIME_ID or r.unit != "count":
            continue
        label = folded[max(0, r.start - 16) : r.start]
        if _EARLY_LABEL.search(label):
            early.append(r)
        elif _ON_TIME_LABEL.search(label) and not _EARLY_LABEL.search(
            folded, max(0, r.start - 40), r.start - 10
        ):
            on_time.append(r)
    if early and on_time:
        for r in early + on_time:
            r.indicator = None
            r.extra.pop("rule", None)
            r.extra["part_of"] = _ON_TIME_ID


def _unclassify_parts(rows: list[Extracted], text: str, folded: str, catalog: Catalog) -> None:
    """A count with the id of the count whose parts it lists is a part of it: in brackets
    ("14 điểm cầu (01 điểm cầu tại UBND tỉnh, 02 …)") or after "gồm", "trong đó",
    "including" ("246 TTHC, gồm 120 thủ tục mới, 98 thủ tục sửa đổi …"): not a second
    value of the id. A part headed by its level ("trong đó cấp tỉnh 1.402, cấp huyện 311")
    keeps the id (at its level) unless its concept says its level parts are no values of it
    (``level_parts: false``: the procedures of the province's set each level handles); one
    placed at a level after its number ("gồm 1.402 thủ tục cấp tỉnh", "11 điểm cầu tại UBND
    cấp huyện") is a part."""
    ids = [r.indicator for r in rows]
    ends = [r.end for r in rows]
    if len(rows) < 2:
        return
    outer = _outer_brackets(text, [r.start for r in rows]) if "(" in text else [-1] * len(rows)
    whole = -1  # the count whose parts the line is listing
    for i, r in enumerate(rows):
        if i and whole >= 0 and _SENTENCE_BREAK.search(folded, rows[i - 1].end, r.start):
            whole = -1
        if ids[i] is None or r.unit != "count" or r.extra.get("earlier"):
            continue  # (an earlier period's count: "(cùng kỳ năm trước 187.902 hồ sơ)")
        owner = -1
        if outer[i] >= 0:
            owner = bisect_right(ends, outer[i]) - 1  # the last figure ending before the "("
            if owner >= 0 and ends[owner] > outer[i]:
                owner = -1
        if (owner < 0 or ids[owner] != ids[i]) and whole >= 0:
            owner = whole
        if owner >= 0 and ids[owner] == ids[i] and owner != i:
            seps = list(_PART_SEP.finditer(folded, rows[i - 1].end, r.start))
            head = seps[-1].end() if seps else rows[i - 1].end
            ind = ids[i]
            by_level = ind is not None and ind in catalog and catalog[ind].level_parts
            if not (by_level and _LEVEL_PART.search(folded, head, r.start)):
                r.indicator = None
                r.extra["part_of"] = rows[owner].quote
            continue
        nxt = rows[i + 1].start if i + 1 < len(rows) else len(text)
        if _PARTS_OPEN.search(folded, r.end, nxt):
            whole = i


_PAREN = re.compile(r"[()]")


def _outer_brackets(text: str, positions: list[int]) -> list[int]:
    """For each of ``positions`` (ascending), where the outermost "(" still open there was
    opened (-1: none), in one pass over the brackets."""
    out: list[int] = []
    parens = _PAREN.finditer(text)
    m = next(parens, None)
    depth, first = 0, -1
    for pos in positions:
        while m is not None and m.start() < pos:
            if m.group() == "(":
                first = m.start() if depth == 0 else first
                depth += 1
            elif depth:
                depth -= 1
            m = next(parens, None)
        out.append(first if depth else -1)
    return out


def _note_candidates(ctx: _Context, row: Extracted, view: View) -> None:
    """An unclassified figure whose words name an object: keep its best candidate ids (and
    mark the earlier level of a comparison, which is no second value of its id)."""
    if view.earlier:
        row.extra["earlier"] = True
    if row.indicator is not None:
        return
    groups = {ctx.lexicon.facet_group[x] for x in view.facets}
    if "object" in groups or "index" in groups:
        cands = ctx.catalog.candidates(row.unit, view.facets)
        if cands:
            row.extra["candidates"] = cands
    row.extra["facets"] = sorted(view.facets)


_ROW_NUMBER_COLUMN = re.compile(r"(?:stt|tt|so tt|so thu tu|no\.?|#)")


def _row_number(columns: list[str], j: int) -> bool:
    """Cell ``j`` is under an "STT" header: the row's number, no figure."""
    return j < len(columns) and bool(_ROW_NUMBER_COLUMN.fullmatch(fold(columns[j]).strip()))


def _extract_table_line(
    ln: Line,
    figs: list[Figure],
    columns: list[str],
    ctx: _Context,
    lf: LineFacets,
    caption: frozenset[str],
) -> list[Extracted]:
    cells = _table_cells(ln.text)
    texts = [ln.text[a:b] for a, b in cells]
    figs = _rank_cell(ln.text, figs, cells, columns)
    label_idx = next(
        (i for i, t in enumerate(texts) if t.strip() and not re.fullmatch(r"[\dIVX.]+", t.strip())),
        0,
    )
    label = texts[label_idx] if label_idx < len(texts) else ""
    maximum = _score_maximum(texts, columns)
    by_cell: dict[int, list[Figure]] = {}
    for f in figs:
        j = next(i for i, (a, b) in enumerate(cells) if a <= f.start <= b)
        if not _row_number(columns, j):
            by_cell.setdefault(j, []).append(f)
    out = []
    for j, cell_figs in by_cell.items():
        column = columns[j] if j < len(columns) else ""
        if j != label_idx and _MAX_COLUMN.search(fold(column)):
            continue  # "Điểm tối đa": the scale, carried as each score's denominator
        target_col = bool(_TARGET_COLUMN.search(fold(column)))
        parts = _label_parts(label, len(cell_figs)) if j != label_idx else None
        prev_end = cells[j][0]
        for k, f in enumerate(cell_figs):
            f = _as_score(f, column, maximum) if j != label_idx else f
            if (
                j != label_idx
                and f.unit == "count"
                and (_PERCENT_COLUMN.search(column) or _PERCENT_COLUMN.search(label))
            ):  # a column or a row headed "(%)"
                f = _as_percent(f)
            local = fold(ln.text[prev_end : f.start])
            if parts is not None:
                clause = fold(parts[k])
            elif j == label_idx:
                clause = fold(ln.text[cells[j][0] : f.start])
            else:
                clause = fold(label)
            row_label = parts[k] if parts is not None else label
            table_context = fold(f"{row_label} | {column}") if j != label_idx else None
            legacy = _classify(
                ctx.catalog,
                f,
                local,
                clause,
                _after(ln.text, f.end),
                table_context,
                target=target_col and j == label_idx,
            )
            if j == label_idx:  # a figure inside the label: its own words, the label its head
                nxt = cell_figs[k + 1].start if k + 1 < len(cell_figs) else cells[j][1]
                own = lf.between(prev_end, f.start) | lf.between(f.end, phrase_end(ln.text, f, nxt))
                view = table_view(lf, own, frozenset(), ctx.facets_of(label), ctx.doc_index, f.unit)
            else:
                own = ctx.facets_of(row_label) | lf.between(cells[j][0], f.start)
                header = ctx.column_facets(columns, j)
                view = table_view(lf, own, header, caption, ctx.doc_index, f.unit)
            if target_col:
                view = View(view.stated, view.facets, goal=True)
            ind, unit, rule = ctx.decide(f, view, legacy)
            scope = ctx.scopes.scope(ctx.report_id, ln.number, fold(label), "", ctx.block_scope)
            row = _make(
                ln,
                f,
                ctx.report_id,
                ind,
                scope,
                _quote_start(ln.text, 0, f.start),
                in_table=True,
                unit=unit,
            )
            if rule:
                row.extra["rule"] = rule
                if matched := ctx.matched(ind, rule, view):
                    row.extra["matched"] = matched
            _note_candidates(ctx, row, view)
            out.append(row)
            prev_end = f.end
    return out


_PERCENT_COLUMN = re.compile(r"\(\s*%\s*\)|%\s*$")


def _as_percent(f: Figure) -> Figure:
    """A plain number in a column headed "(%)" is a percentage."""
    if f.numerator is not None or not 0 <= f.value <= 100:
        return f
    return Figure(f.start, f.end, f.value, "percent", f.qualifier, None, None, f.text)


_MAX_COLUMN = re.compile(r"toi da|thang diem|\bmax")
_ENUMERATOR = re.compile(r"\s*(\d{1,3})\s*")


def _rank_cell(
    text: str, figs: list[Figure], cells: list[tuple[int, int]], columns: list[str]
) -> list[Figure]:
    """A ranking table's first column ("Thứ hạng", "Xếp hạng") holds ranks, which the number
    reader takes for row numbers ("1\tHuyện A\t91,07"): read them back."""
    if not cells or not columns or not _RANK_COLUMN.search(fold(columns[0])):
        return figs
    a, b = cells[0]
    m = _ENUMERATOR.fullmatch(text, a, b)
    if m is None or any(a <= f.start < b for f in figs):
        return figs
    s, e = m.span(1)
    return [Figure(s, e, float(m.group(1)), "count", "exact", text=text[s:e]), *figs]


def _score_maximum(texts: list[str], columns: list[str]) -> float | None:
    """The row's maximum score, from a column headed "Điểm tối đa"."""
    for j, col in enumerate(columns):
        if j < len(texts) and _MAX_COLUMN.search(fold(col)):
            figs = read_figures(texts[j])
            return figs[0].value if figs else None
    return None


# "Điểm", "Điểm đạt", not "Số điểm cầu" (video-conference points) nor "điểm phục vụ"
_SCORE_COLUMN = re.compile(r"\bdiem\b(?!\s*(?:cau|phuc vu|giao dich|tiep nhan|du lich|truong|ban))")
_RANK_COLUMN = re.compile(r"(xep|thu) hang|^hang$|\brank")


def _as_score(f: Figure, column: str, maximum: float | None) -> Figure:
    """A count in a score table (a maximum column, or "điểm" in the header) is a score; in
    a ranking column ("Xếp hạng", "Thứ hạng") a rank (``1/19``: first of 19)."""
    col = fold(column)
    if f.unit == "count" and _RANK_COLUMN.search(col):
        return Figure(f.start, f.end, f.value, "rank", f.qualifier, None, f.denominator, f.text)
    if f.unit != "count" or f.numerator is not None:
        return f
    if _MAX_COLUMN.search(col):
        return f
    if maximum is None and not _SCORE_COLUMN.search(col):
        return f
    return Figure(f.start, f.end, f.value, "points", f.qualifier, None, maximum, f.text)


def _label_parts(label: str, n: int) -> list[str] | None:
    """A label listing ``n`` sub-indicators, e.g. ``"... (a 100%; b 100%; c trên 50%)"``."""
    if n < 2:
        return None
    m = re.search(r"\(([^()]*)\)\s*$", label)
    if not m:
        return None
    parts = [p for p in m.group(1).split(";") if p.strip()]
    return parts if len(parts) == n else None


def _link_fractions(rows: list[Extracted]) -> None:
    """Give a percentage the N/M stated just before it in the same clause."""
    for i, r in enumerate(rows):
        if r.unit != "percent" or r.numerator is not None or i == 0:
            continue
        p = rows[i - 1]
        if (
            p.line == r.line
            and p.numerator is not None
            and p.unit == "count"
            and p.start >= r.clause_start - 200
            and not _SENTENCE_END.search(r.text[p.end : r.start].replace(",", " "))
        ):
            r.numerator, r.denominator = p.numerator, p.denominator
            r.extra["fraction_quote"] = p.quote


#: How far a repeated quote is widened to tell it from the quotes before it on its line, and
#: how many of those it may be compared with: an identical statement repeated beyond that (only
#: a generated line does it) is counted on its first figure rather than stored again.
MAX_WIDEN = 4 * MAX_QUOTE
MAX_REPEATS = 64


def _disambiguate_quotes(rows: list[Extracted], report: Report) -> list[Extracted]:
    """Quotes key the facts with (report, line); widen any that repeat within a line (one
    character at a time, until unique), in time bounded per figure."""
    seen: dict[tuple[int, str], Extracted] = {}
    lengths: dict[int, set[int]] = {}  # line -> lengths of the quotes used on it
    repeats: dict[tuple[int, str], int] = {}
    out = []
    for r in rows:
        key = (r.line, r.quote)
        if key in seen:
            first = seen[key]
            repeats[key] = repeats.get(key, 0) + 1
            widened = (
                _widen(r, report.line(r.line), seen, lengths.get(r.line, set()))
                if repeats[key] <= MAX_REPEATS
                else None
            )
            if widened is None:
                first.extra["repeats"] = first.extra.get("repeats", 0) + 1
                continue
            r.quote, r.clause_start = widened
        seen[(r.line, r.quote)] = r
        lengths.setdefault(r.line, set()).add(len(r.quote))
        out.append(r)
    return out


def _widen(
    r: Extracted, ln: Line, seen: dict[tuple[int, str], Extracted], lengths: set[int]
) -> tuple[str, int] | None:
    """The first quote ending at the figure, from one character before its clause back, that
    no earlier figure of the line uses (``None``: none within :data:`MAX_WIDEN` characters)."""
    b = ln.ends[r.end - 1]
    compared = 0
    for start in range(max(0, r.clause_start - 1), max(0, r.end - MAX_WIDEN) - 1, -1):
        a = ln.offsets[start]
        if b - a not in lengths:
            return ln.raw[a:b], start  # no quote of that length: unique
        compared += 1  # noqa: SIM113 (only the starts compared are counted)
        if compared > MAX_REPEATS:
            return None
        q = ln.raw[a:b]
        if (r.line, q) not in seen:
            return q, start
        if start == 0:
            return q, start  # the whole line so far: as before, the widest there is
    return None
