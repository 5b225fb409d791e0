"""Numeric figures in English prose (the English editions of provincial portals).

English rules: ``,`` groups thousands (``1,712`` = 1712), ``.`` is the decimal mark
(``91.04 per cent``); qualifiers are words before the number (``more than 1,300`` is a lower
bound, ``nearly 800,000`` approximate); scale words multiply (``1.2 million``), money reads
``VND 44.8 billion`` or ``44.8 billion dong``. Ranks are ordinals (``22nd out of 63``,
``fifth in the country``) and moves are places (``up four places``).

Skipped: years, dates (``March 28``, ``28/3/2025``), quarters (``Q1``), document and project
numbers (``Decision 766``, ``Resolution 57-NQ/TW``), levels (``level 4``), durations
(``the first 10 months``), codes glued to letters (``4G``, ``COVID-19``) and ``24/7``.
"""

from __future__ import annotations

import re

from .numbers import Figure, phone_spans

__all__ = ["find_figures_en"]

_I = re.IGNORECASE
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
# the nouns a number word counts, and the words that may stand between ("seven new systems")
_COUNTED_WORDS = (
    r"districts|communes|wards|towns|cities|provinces|localities|hamlets|villages|agencies"
    r"|departments|ministries|sectors|units|systems|platforms|databases|apps|applications"
    r"|portals|services|procedures|teams|centres|centers|classes|courses|sessions|domains"
    r"|fields|areas|conferences|meetings|datasets|kiosks|points|sites|projects|tasks"
)
_COUNT_ADJ = (
    r"new|more|other|further|additional|key|major|essential|shared|specialised|specialized"
    r"|provincial|district|commune|district-level|commune-level|provincial-level|online|public"
    r"|information|digital|smart|national|local|state|central"
)
_TOKEN_RE = re.compile(
    rf"(?<![\w.,/-])(?P<num>{_NUM})(?:/(?P<den>{_NUM}))?(?P<ord>st|nd|rd|th)?(?![\w/]|[.,]\d)"
    # a number word: a move of places ("up four places"), or a count of units, systems,
    # services … ("Seven districts have launched IOCs", "twelve of the 21 departments"; not
    # "two levels", "three-tier"; "one" only for places)
    rf"|\b(?P<word>{'|'.join(_WORDS)})\b(?:\s+(?P<wunit>places?|positions?|spots?|notch(?:es)?)\b"
    rf"|(?=\s+(?:(?:{_COUNT_ADJ})\s+){{0,2}}(?:{_COUNTED_WORDS})\b|\s+of\s+(?:the|its|their|all)\s))"
    rf"|\b(?P<oword>{'|'.join(_ORDINAL_WORDS)})\b(?=\s+(?:place|in\b|nationwide|nationally|out\b"
    r"|among\b|of\b|position|overall|countrywide|across\b))"
    # "ranked ninth.", "came second,": an ordinal word right after a verb of ranking
    rf"|(?:(?<=ranked )|(?<=placed )|(?<=came )|(?<=finished )|(?<=stood ))"
    rf"(?P<oword2>{'|'.join(_ORDINAL_WORDS)})\b",
    _I,
)
_MASK_RE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", _I)
_QUAL_RE = re.compile(
    r"(?:(?P<approx>nearly|almost|about|around|approximately|roughly|some|close to|~)"
    r"|(?P<lower>more than|over|above|at least|exceeding|upwards of|>=?|≥)"
    r"|(?P<upper>less than|under|below|fewer than|up to|at most|no more than|<=?|≤))\s*$",
    _I,
)
_PCT_RE = re.compile(r"\s*(?:%|per\s*cent\b|percent\b)", _I)
# "up 5.3 percentage points": a difference of two shares, in percent (not an index score)
_PCT_POINTS_RE = re.compile(
    r"\s*(?:percentage[\s-]+points?|per\s*cent(?:age)?\s+points?|pp|ppt)\b", _I
)
# "extended to 190 points": the points of a video-conference system are places, not a score
_VIDEO_RE = re.compile(r"video|conferenc|bridge points?|meeting points?", _I)
_PP_RE = re.compile(r"\s*(?:percentage\s+points?|points?|pts)\b", _I)
_SCALE_RE = re.compile(r"\s+(?P<s>thousand|million|billion|trillion)\b", _I)
_SCALE_EXP = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_DONG_AFTER_RE = re.compile(r"\s*(?:VND|dong|đồng)\b", _I)
_VND_BEFORE_RE = re.compile(r"(?:VND|VNĐ)\s*$", _I)
_OUT_OF_RE = re.compile(
    rf"\s*(?:points?\s+)?(?:out\s+of|of)\s+(?:a\s+(?:possible|maximum(?:\s+of)?)\s+)?"
    rf"(?P<den>{_NUM})(?!\s*(?:%|per\s*cent|dossiers|procedures))",
    _I,
)
# "3.51 out of 10", "17.2 of 18 points": a score and its maximum
_SCORE_OF_RE = re.compile(
    rf"\s+(?:(?P<out>out\s+of)|of)\s+(?P<max>(?:a|the)\s+(?:possible|maximum|total)(?:\s+of)?\s+)?"
    rf"(?P<den>{_NUM})(?P<pts>\s+points?)?(?![\d,.]*\s*(?:%|per))",
    _I,
)
# "41 of 44 systems", "20 out of 21 agencies": a part and its whole (not a share or a score)
_PART_OF_RE = re.compile(
    r"\s+(?:out\s+of|of)\s+(?:the\s+|all\s+|the\s+province'?s\s+|its\s+|their\s+)?"
    r"(?P<den>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?![\d.,]*\s*(?:%|per\s*cent|points?))",
    _I,
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_BEFORE_RE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", _I)
_DATE_AFTER_RE = re.compile(rf"^\s+(?:{_MONTHS})\b", _I)
_LABEL_BEFORE_RE = re.compile(
    r"\b(?:decision|decree|resolution|directive|circular|plan|project|programme|program"
    r"|no\.?|number|level|phase|article|clause|chapter|appendix|version|iso|stage|group"
    r"|quarter|q|zone|ward|district|route|area|index|law|official letter|dispatch"
    r"|hotline|call cent(?:re|er)|switchboard|table|figure|chart|annex|box|criterion"
    r"|criteria)\s*$",
    _I,
)
# "teams now number 1,532", "the centres number 12": "number" as a verb (after a plural
# subject or an adverb), not a label ("Decision number 12")
_NUMBER_VERB_RE = re.compile(
    r"(?:\b(?:now|currently|already|together|altogether|collectively|jointly|to|which|that)"
    r"|(?<!\bno)(?<!\bdocument)(?<!\bletter)[a-z]{2,}s)\s+number\s*$",
    _I,
)
# "Indicator 7:", "Task 3." (a short number before a stop): a list label
_CAPTION_BEFORE_RE = re.compile(r"\b(?:indicator|task|target|item|section|part|component)\s+$", _I)
# ("Indicator 7 on online payment": an item named by its number)
_CAPTION_AFTER_RE = re.compile(r"\s*(?:[.:)\-–](?!\d)|$|(?:on|about|regarding)\s)", _I)
_DURATION_RE = re.compile(
    r"^\s+(?:months?|years?|days?|weeks?|quarters?|hours?|minutes?|working days?)\b"
    r"|^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock\b)",  # a time of day ("at 10 a.m.")
    _I,
)
# a number naming what follows it: "the 766 Index", "the 1022 hotline / call centre"
# ("the province's 766 score", "the 766 ranking", "766 bulletin": the index named by its decision)
_NAMED_AFTER_RE = re.compile(
    r"^[\s-]+(?:index|hotline|call\s+cent(?:re|er)|switchboard|scores?|rankings?|bulletins?"
    r"|assessments?|indicator\s+set|criteria|framework)\b",
    _I,
)
# a scale, not a figure: "the 10-point e-governance dimension", "on a 100-point scale"
# ("the 2-tier local government", "a 3-level system", "a 5-year plan": a kind, no count)
_SCALE_AFTER_RE = re.compile(r"^-(?:point|tier|level|year|month|day|step|stage)\b", _I)
_RANK_BEFORE_RE = re.compile(
    r"\b(?:ranked|ranking|ranks|rank|placed|placing|position|no\.)\s*:?\s+(?:at\s+|No\.\s*)?$", _I
)
_DOWN_RE = re.compile(
    r"\b(?:down|fell|dropped|slipped|lost|declined|slid|falling|dropping"
    r"|(?:a|the)\s+(?:drop|fall|decline|loss|slide|slip)\s+of)\b",
    _I,
)
# "among the top 5", "in the top 10": a band of ranks (a rank of N or better)
_TOP_BEFORE_RE = re.compile(r"\btop\s+$", _I)
_COUNT_NOUN_RE = re.compile(
    r"^\s+(?:dossiers|applications|procedures|services|people|residents|accounts|members"
    r"|documents|certificates|systems|households|subscri\w+|teams|points|units|agencies|cases)\b",
    _I,
)


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


# "moved up to 41st", "went up to 97.1 per cent": the level a change reached, not a bound
_CHANGE_UP_TO = re.compile(
    r"\b(?:moved|moving|went|going|gone|climbed|climbing|rose|risen|rising|jumped|edged|crept)"
    r"\s+$",
    _I,
)


def _qualifier(text: str, start: int, floor: int) -> tuple[str, int]:
    m = _QUAL_RE.search(text, max(floor, start - 24), start)
    if m is None:
        return "exact", start
    if (
        m["upper"]
        and m["upper"].lower().startswith("up")
        and _CHANGE_UP_TO.search(text, max(0, m.start() - 12), m.start())
    ):
        return "exact", start
    if (m["lower"] or m["upper"]) and _DEGREE_BEFORE.search(
        text, max(0, m.start() - 12), m.start()
    ):
        return "exact", start  # "44.12, slightly below 44.50 in 2023": a comparison
    kind = "approx" if m["approx"] else "lower_bound" if m["lower"] else "upper_bound"
    return kind, m.start()


# a degree before "below" / "above": the figure after is compared with, not a bound
_DEGREE_BEFORE = re.compile(r"\b(?:slightly|well|just|far|marginally|somewhat)\s+$", _I)


# the number of a part of an index: "dimension 8", "pillar 2", "content area 6", "sub-index 3"
_PART_NUMBER_RE = re.compile(
    r"\b(?:dimensions?|pillars?|(?:content\s+)?areas?|sub-?indi(?:ces|ex)|criteri(?:on|a)"
    r"|component(?:\s+index)?|indicator\s+group)\s+(?:no\.\s*|number\s+)?$",
    _I,
)


def _skip(text: str, m: re.Match[str], raw: str) -> bool:
    """A year, a date part, a label or a duration: not a figure."""
    before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() :]
    before = before.rsplit("\t", 1)[-1]  # a table cell's words are its own ("District\t70")
    if raw.isdigit() and len(raw) <= 2 and _PART_NUMBER_RE.search(before):
        return True
    if _DATE_BEFORE_RE.search(before) or _DATE_AFTER_RE.match(after):
        return True
    if _LABEL_BEFORE_RE.search(before) and not m["ord"] and not _NUMBER_VERB_RE.search(before):
        return True
    if len(raw) <= 2 and _CAPTION_BEFORE_RE.search(before) and _CAPTION_AFTER_RE.match(after):
        return True  # "Indicator 7: online rate"
    if raw.isdigit() and len(raw) >= 3 and _NAMED_AFTER_RE.match(after):
        return True  # "the 766 Index", "Decision 766", "the 1022 hotline"
    if _DURATION_RE.match(after) or _SCALE_AFTER_RE.match(after):
        return True
    year = len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100
    return year and not _COUNT_NOUN_RE.match(after)


# what follows a year that is a period, not a count: another year of a span ("2023–2024",
# "2023 and 2024"), a comma or the end of the line
_YEAR_SPAN_AFTER = re.compile(r"\s*(?:[-–—]\s*\d{4}\b|and\s+\d{4}\b|,|$)")


def _years_after_qualifier(text: str, m: re.Match[str], raw: str) -> bool:
    """ "Over 2023–2024, …": a span of years after "over", no figure."""
    year = len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100
    return year and bool(_YEAR_SPAN_AFTER.match(text, m.end()))


def _mk(text: str, s: int, e: int, v: float, unit: str, q: str, den: float | None = None):
    return Figure(s, e, v, unit, q, v if den is not None else None, den, text[s:e])


# "twelve of the 21 departments", "seven of its nine districts": the part and its whole
_WORD_PART_OF_RE = re.compile(
    rf"\s+of\s+(?:the|its|their|all)\s+(?:(?:province'?s|city'?s)\s+)?"
    rf"(?:(?P<den>\d{{1,3}}(?:,\d{{3}})*)|(?P<wden>{'|'.join(_WORDS)}))(?![\w.,]*\s*(?:%|per\s*cent))",
    _I,
)


_WHOLE_OF_BEFORE_RE = re.compile(
    r"\b(?:one|each|any|none|all|some|most)\s+of\s+(?:the|its|their)\s+$", _I
)


def _counted_word(text: str, m: re.Match[str], floor: int) -> Figure | None:
    """A count written as a word ("Seven districts"), with its whole when stated."""
    v = float(_WORDS[m["word"].lower()])
    if _WHOLE_OF_BEFORE_RE.search(text, max(floor, m.start() - 24), m.start()):
        return None  # "one of the three districts": the whole of a part not counted
    q, start = _qualifier(text, m.start(), floor)
    if re.match(r"\s+of\s", text[m.end() :]):
        part = _WORD_PART_OF_RE.match(text, m.end())
        if part is None:
            return None  # "three of the districts": no count stated
        den = _number(part["den"]) if part["den"] else float(_WORDS[part["wden"].lower()])
        if not v <= den:
            return None
        return Figure(start, part.end(), v, "count", q, v, den, text[start : part.end()])
    return _mk(text, start, m.end(), v, "count", q)


def _word_figure(text: str, m: re.Match[str], floor: int) -> Figure | None:
    if m["word"] and not m["wunit"]:
        return None if m["word"].lower() == "one" else _counted_word(text, m, floor)
    word = m["oword"] or m["oword2"]
    if m["word"]:
        v = float(_WORDS[m["word"].lower()])
        down = _DOWN_RE.search(text, max(0, m.start() - 30), m.start())
        lower = re.match(r"\s+(?:lower|down)\b", text[m.end() :], _I)
        return _mk(text, m.start(), m.end(), -v if down or lower else v, "rank", "exact")
    among = _AMONG_RE.match(text, m.end())
    if among:
        v, den = float(_ORDINAL_WORDS[word.lower()]), _number(among["den"])
        return Figure(
            m.start(), among.end(), v, "rank", "exact", None, den, text[m.start() : among.end()]
        )
    return _mk(text, m.start(), m.end(), float(_ORDINAL_WORDS[word.lower()]), "rank", "exact")


# "3rd among the 13 provinces", "first among 34 localities": the number ranked
_AMONG_RE = re.compile(r"\s+(?:among|of)\s+(?:the\s+|all\s+)?(?P<den>\d{1,3})(?![\d.,])", _I)
# "68.92 / 100", "6.2 / 10": a score and its maximum, written with spaces around the slash
_SPACED_SLASH_RE = re.compile(
    r"\s+/\s*(?P<den>\d{1,3})(?!\d|[.,]\d|/)|\s*/\s+(?P<den2>\d{1,3})(?!\d|[.,]\d|/)"
)


def _ranked(text: str, m: re.Match[str], start: int, q: str) -> Figure | None:
    """A rank ("22nd", "ranked 14/63") or a band of ranks ("among the top 5": a rank of 5 or
    better), else None."""
    if m["ord"] or _RANK_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
        return _rank(text, m, start, q)
    top = _TOP_BEFORE_RE.search(text, max(0, m.start() - 8), m.start())
    if top and not m["den"] and not _PCT_RE.match(text, m.end()):
        return _mk(text, m.start(), m.end(), _number(m["num"]), "rank", "upper_bound")
    return None


def _rank(text: str, m: re.Match[str], start: int, q: str) -> Figure:
    """An ordinal or a ``ranked N/M``: a rank, with the number ranked when stated."""
    v = _number(m["num"])
    den = _number(m["den"]) if m["den"] else None
    end = m.end()
    out = _OUT_OF_RE.match(text, end) or _AMONG_RE.match(text, end)
    if den is None and out:
        den, end = _number(out["den"]), out.end()
    return Figure(start, end, v, "rank", q, None, den, text[start:end])


def _places(text: str, m: re.Match[str], start: int, q: str) -> Figure | None:
    pl = re.match(r"\s+(?:places?|positions?|spots?|notch(?:es)?)\b", text[m.end() :], _I)
    if not pl:
        return None
    v = _number(m["num"])
    down = _DOWN_RE.search(text, max(0, start - 30), start)
    lower = re.match(r"\s+(?:lower|down)\b", text[m.end() + pl.end() :], _I)
    end = m.end() + pl.end()
    return Figure(start, end, -v if down or lower else v, "rank", q, None, None, text[start:end])


def _scaled(text: str, m: re.Match[str], start: int, q: str) -> Figure | None:
    v = _number(m["num"])
    sc = _SCALE_RE.match(text, m.end())
    end = m.end()
    exp = 0
    if sc:
        exp, end = _SCALE_EXP[sc["s"].lower()], sc.end()
    dong_after = _DONG_AFTER_RE.match(text, end)
    vnd_before = _VND_BEFORE_RE.search(text, max(0, start - 5), start)
    if dong_after or vnd_before:
        if vnd_before:
            start = vnd_before.start()
        if dong_after:
            end = dong_after.end()
        if exp == 9:
            return _mk(text, start, end, v, "billion_vnd", q)
        if exp == 6:
            return _mk(text, start, end, v, "million_vnd", q)
        return _mk(text, start, end, v * 10**exp, "vnd", q)
    if exp:
        return _mk(text, start, end, round(v * 10**exp, 6), "count", q)
    return None


def _score_of(text: str, m: re.Match[str], raw: str, start: int, q: str) -> Figure | None:
    """A score with its maximum: "68.92 / 100", "17.2 of 18 points", "14.1 of 22"."""
    spaced = _SPACED_SLASH_RE.match(text, m.end()) if "." in raw else None
    if spaced:
        den = _number(spaced["den"] or spaced["den2"])
        if _number(raw) <= den:
            end = spaced.end()
            return Figure(start, end, _number(raw), "points", q, None, den, text[start:end])
    score = _SCORE_OF_RE.match(text, m.end())
    if score is None:
        return None
    decimal_of = (
        "." in raw
        and _number(raw) <= _number(score["den"]) <= 100
        and not _SCALE_RE.match(text, score.end())  # "1.5 of 3 million people"
    )
    if not (score["pts"] or decimal_of or (score["max"] and _number(raw) <= _number(score["den"]))):
        return None
    end = score.end()
    return Figure(
        start, end, _number(raw), "points", q, None, _number(score["den"]), text[start:end]
    )


def _figure(text: str, m: re.Match[str], floor: int) -> Figure | None:
    if m["word"] or m["oword"] or m["oword2"]:
        return _word_figure(text, m, floor)
    raw = m["num"]
    q, start = _qualifier(text, m.start(), floor)
    ranked = _ranked(text, m, start, q)
    if ranked is not None:
        return ranked
    if m["den"]:
        if raw == "24" and m["den"] == "7":
            return None
        num, den = _number(raw), _number(m["den"])
        if re.match(r"\s*(?:points?|pts)\b", text[m.end() :], _I):
            pp = _PP_RE.match(text, m.end())
            end = pp.end() if pp else m.end()
            return Figure(start, end, num, "points", q, num, den, text[start:end])
        if den > 12 and 1900 <= den <= 2100 and num <= 12:
            return None  # 3/2025
        return Figure(start, m.end(), num, "count", q, num, den, text[start : m.end()])
    score = _score_of(text, m, raw, start, q)
    if score is not None:
        return score
    pct = _PCT_POINTS_RE.match(text, m.end()) or _PCT_RE.match(text, m.end())
    if pct:
        return _mk(text, start, pct.end(), _number(raw), "percent", q)
    places = _places(text, m, start, q)
    if places is not None:
        return places
    pp = _PP_RE.match(text, m.end())
    if pp and _VIDEO_RE.search(text, max(0, m.start() - 80), pp.end() + 40):
        return _mk(text, start, m.end(), _number(raw), "count", q)  # "190 (bridge) points"
    if pp:
        out = _OUT_OF_RE.match(text, pp.end())
        end = pp.end()
        top: float | None = None
        if out:
            end, top = out.end(), _number(out["den"])
        return Figure(start, end, _number(raw), "points", q, None, top, text[start:end])
    money = _scaled(text, m, start, q)
    if money is not None:
        return money
    if _skip(text, m, raw) if q == "exact" else _years_after_qualifier(text, m, raw):
        return None
    return _part_of(text, m, start, q) or _mk(text, start, m.end(), _number(raw), "count", q)


def _part_of(text: str, m: re.Match[str], start: int, q: str) -> Figure | None:
    """ "41 of 44 systems": 41 with its whole, as "41/44" (not a year: "3 of 2024")."""
    part = _PART_OF_RE.match(text, m.end())
    if part is None or "." in m["num"]:
        return None
    num, den = _number(m["num"]), _number(part["den"])
    if not 0 < num <= den or (1900 <= den <= 2100 and "," not in part["den"]):
        return None  # ("3 of 2024" is a date; "1,240 out of the 1,912 procedures" is not)
    return Figure(start, part.end(), num, "count", q, num, den, text[start : part.end()])


def find_figures_en(text: str) -> list[Figure]:
    """Every numeric figure in one English line, in order, non-overlapping."""
    masked = [mm.span() for mm in _MASK_RE.finditer(text)] + phone_spans(text)
    out: list[Figure] = []
    last = 0
    for m in _TOKEN_RE.finditer(text):
        if m.start() < last or any(a <= m.start() < b for a, b in masked):
            continue
        fig = _figure(text, m, last)
        if fig is None:
            continue
        out.append(fig)
        last = fig.end
    return out
