"""The lexicon of facet cues (``data/raw/reference/lexicon.yaml``) and the scan of a line.

A *facet* is one thing a figure's clause says about what it counts: its object (``dossier``,
``procedure``, ``service`` ...), an action (``received``, ``resolved``), a channel
(``online``), a process (``full_process``), a quality (``paid``, ``digitised``), an index
(``dti``, ``index766``) and its component, a change between periods, a level. Facets belong
to *groups*; the catalog defines each concept by the facets it needs.

:meth:`Lexicon.scan` finds every cue of a line in one pass of one compiled regex per language
over the line folded with :func:`fold_keep` (same length as the line, so offsets carry over);
where cues overlap the longest wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .. import paths
from ..safe_yaml import safe_load

LANGUAGES = ("vi", "en")


class LexiconError(ValueError):
    """``lexicon.yaml`` is invalid (the message names the entry and the problem)."""


# --------------------------------------------------------------------------- folding


def _fold_char(c: str) -> str:
    if c in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x41, 0x2000) if chr(cp).isalpha()}
_FOLD_TABLE.update({cp: "'" for cp in (0x2018, 0x2019)})


def fold_keep(text: str) -> str:
    """Lower case without diacritics (đ→d), one output character per input character."""
    return text.translate(_FOLD_TABLE)


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    facets: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    name: str
    inherit: bool
    strict: bool
    # a facet of a veto group anywhere in a figure's words (its own or its clause's) bars
    # every concept that does not explain it ("trung bình mỗi tháng", "cuộc gọi")
    veto: bool = False


@dataclass(frozen=True)
class Default:
    """A facet a figure takes when its words name ``facet`` and nothing of ``unless`` (a
    total of dossiers with no action named is the dossiers received)."""

    facet: str
    adds: frozenset[str]
    unless: frozenset[str]  # groups and facets
    alone: bool = False  # only where ``facet`` is the one object the words name


#: a unit word after a count: its regex, its facets, and the facets one of which the count's
#: words must name for it to count (empty: none needed)
_CountUnit = tuple[re.Pattern[str], frozenset[str], frozenset[str]]


@dataclass(frozen=True)
class Lexicon:
    groups: dict[str, Group]
    facet_group: dict[str, str]
    scanners: dict[str, Scanner]
    goal: dict[str, re.Pattern[str]]
    firm_goal: dict[str, re.Pattern[str]]
    achievement: dict[str, re.Pattern[str]]
    links: dict[str, re.Pattern[str]]
    source: Path
    index_rx: dict[str, re.Pattern[str]]
    goal_heading: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # "lần lượt", "respectively": a list of figures, each of the part named in its place
    respectively: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # an index -> the facets of its parts in their published order (a list of all of them
    # that names none: "sáu nhóm chỉ số thành phần lần lượt đạt 16,8; 19,4; …")
    index_parts: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    # per language, one regex of every cue of a veto group (a quick test of a line)
    veto_rx: dict[str, re.Pattern[str]] = field(default_factory=dict)
    defaults: tuple[Default, ...] = ()
    # per language, the words that name what a count counts only right after it ("9 huyện",
    # "là 2.136 trạm"), each with its facets
    count_units: dict[str, tuple[_CountUnit, ...]] = field(default_factory=dict)
    # objects that say what something is counted in, not what it is ("tài khoản" of the
    # e-mail system): a figure naming only these takes its clause head's object as well
    generic_objects: frozenset[str] = frozenset()

    @property
    def vetoes(self) -> frozenset[str]:
        """The facets of the veto groups."""
        return frozenset(f for f, g in self.facet_group.items() if self.groups[g].veto)

    def has_veto_cue(self, folded: str, language: str) -> bool:
        rx = self.veto_rx.get(_lang(language))
        return bool(rx and rx.search(folded))

    def default_facets(self, facets: frozenset[str]) -> frozenset[str]:
        """``facets`` with what the defaults add (:class:`Default`)."""
        out = facets
        for d in self.defaults:
            if d.facet not in facets or any(
                x in d.unless or self.facet_group[x] in d.unless for x in facets
            ):
                continue
            if not d.alone or not any(
                x != d.facet and self.facet_group[x] == "object" for x in facets
            ):
                out = out | d.adds
        return out

    def count_unit(
        self, folded: str, end: int, language: str, words: frozenset[str]
    ) -> frozenset[str]:
        """The facets of a unit word right after a count ending at ``end`` (``counts``),
        where the count's ``words`` (its facets) name what the entry needs."""
        for rx, facets, needs in self.count_units.get(_lang(language), ()):
            if rx.match(folded, end):
                return facets if not needs or needs & words else frozenset()
        return frozenset()

    def scan(self, folded: str, language: str, limit: int | None = None) -> list[Hit]:
        """Every cue in ``folded`` (from :func:`fold_keep`) starting before ``limit``, in
        order, not overlapping."""
        return self.scanners[_lang(language)].scan(folded, limit)

    def indices_named(self, folded: str, language: str) -> frozenset[str]:
        """The index facets (DTI, PAPI, ...) a line names: one regex, for lines without
        figures."""
        rx = self.index_rx[_lang(language)]
        if not rx.search(folded):
            return frozenset()
        return frozenset(
            f
            for h in self.scan(folded, language)
            for f in h.facets
            if self.facet_group[f] == "index"
        )

    def group(self, facet: str) -> Group:
        return self.groups[self.facet_group[facet]]

    def is_goal(self, folded_before: str, language: str) -> bool:
        return bool(self.goal[_lang(language)].search(folded_before))

    def is_firm_goal(self, folded_before: str, language: str) -> bool:
        """A goal cue that holds even where the seed rules read the figure (``firm``)."""
        return bool(self.firm_goal[_lang(language)].search(folded_before))

    def is_goal_heading(self, folded_before: str, language: str) -> bool:
        """The line opens with a goal heading ("Chỉ tiêu năm 2024:"): its figures are goals."""
        rx = self.goal_heading.get(_lang(language))
        return bool(rx and rx.match(folded_before))

    def is_achievement(self, folded_after: str, language: str) -> bool:
        return bool(self.achievement[_lang(language)].match(folded_after))

    def only_links(self, folded: str, language: str) -> bool:
        """The text holds nothing but linking words and punctuation."""
        rest = self.links[_lang(language)].sub(" ", folded)
        return not re.search(r"[a-z]", rest)


def _lang(language: str) -> str:
    return language if language in LANGUAGES else "vi"


def lexicon_path() -> Path:
    return paths.reference_dir() / "lexicon.yaml"


def _bounded(pattern: str) -> str:
    return rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"


def _compile_one(where: str, pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regex {pattern!r}: {exc}") from exc
    return pattern


_MAX_EXPANSIONS = 4096


def _expand_items(items: object, where: str) -> list[str]:
    """Every string a finite regex (literals, classes, ``a|b``, ``x?``) matches."""
    out = [""]
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name == "LITERAL":
            alts = [chr(av)]
        elif name == "IN":
            alts = [chr(c) for o, c in av if str(o) == "LITERAL"]
            if len(alts) != len(av):
                raise LexiconError(f"{where}: character ranges are not allowed in cues")
        elif name == "BRANCH":
            alts = [s for sub in av[1] for s in _expand_items(sub, where)]
        elif name == "SUBPATTERN":
            alts = _expand_items(av[-1], where)
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0 and av[1] == 1:
            alts = ["", *_expand_items(av[2], where)]
        else:
            raise LexiconError(
                f"{where}: cues are finite phrases (literals, [ab], (a|b), x?); {name} is not"
            )
        out = [a + b for a in out for b in alts]
        if len(out) > _MAX_EXPANSIONS:
            raise LexiconError(f"{where}: the cue expands to too many phrases")
    return out


def expand_cue(pattern: str, where: str = "cue") -> list[str]:
    """The literal phrases of one cue (``"ho so( tthc)?"`` -> ``["ho so", "ho so tthc"]``)."""
    from re import _parser  # type: ignore[attr-defined]

    _compile_one(where, pattern)
    return sorted({" ".join(p.split()) for p in _expand_items(_parser.parse(pattern), where)})


_WORD = re.compile(r"[a-z0-9]+")


_Entry = tuple[str, int, tuple[str, ...]]  # phrase, its length, its facets


@dataclass(frozen=True)
class Scanner:
    """Phrases by their first two words; at each word the longest phrase that fits wins."""

    single: dict[str, tuple[_Entry, ...]]  # one-word phrases, by the word
    double: dict[str, dict[str, tuple[_Entry, ...]]]  # longer ones, by first and second word

    def scan(self, folded: str, limit: int | None = None) -> list[Hit]:
        n = len(folded)
        words = list(_WORD.finditer(folded, 0, n if limit is None else min(n, limit)))
        out: list[Hit] = []
        pos = 0
        single, double = self.single, self.double
        for k, m in enumerate(words):
            w = m.group()
            two = double.get(w)
            one = single.get(w)
            if two is None and one is None:
                continue
            s = m.start()
            if s < pos:
                continue
            cands: tuple[_Entry, ...] = ()
            if two is not None and k + 1 < len(words):
                cands = two.get(words[k + 1].group(), ())
            for phrase, size, facets in (*cands, *(one or ())):
                e = s + size
                if folded.startswith(phrase, s) and (e >= n or not folded[e].isalnum()):
                    out.append(Hit(s, e, facets))
                    pos = e
                    break
        return out


def _scanner(cues: list[dict], language: str, facet_group: dict[str, str], name: str) -> Scanner:
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for n, cue in enumerate(cues):
        where = f"{name}: cue #{n + 1}"
        facets = tuple(cue.get("facets") or ())
        unknown = [f for f in facets if f not in facet_group]
        if not facets or unknown:
            raise LexiconError(f"{where}: facets {unknown or facets!r} not declared under facets")
        for p in cue.get(language) or []:
            for phrase in expand_cue(str(p), where):
                first = _WORD.match(phrase)
                if first is None:
                    raise LexiconError(f"{where}: cue {p!r} must start with a letter or digit")
                slot = table.setdefault(first.group(), {})
                slot[phrase] = tuple(dict.fromkeys(slot.get(phrase, ()) + facets))
    single: dict[str, list[_Entry]] = {}
    double: dict[str, dict[str, list[_Entry]]] = {}
    for phrases in table.values():
        for phrase, facets in phrases.items():
            ws = _WORD.findall(phrase)
            entry = (phrase, len(phrase), facets)
            if len(ws) == 1:
                single.setdefault(ws[0], []).append(entry)
            else:
                double.setdefault(ws[0], {}).setdefault(ws[1], []).append(entry)

    def longest_first(xs: list[_Entry]) -> tuple[_Entry, ...]:
        return tuple(sorted(xs, key=lambda e: -e[1]))

    return Scanner(
        {w: longest_first(xs) for w, xs in single.items()},
        {w: {w2: longest_first(xs) for w2, xs in d.items()} for w, d in double.items()},
    )


def _alternation(where: str, patterns: object, anchored: bool = False) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not patterns:
        raise LexiconError(f"{where}: needs a list of regexes")
    body = "|".join(_compile_one(where, str(p)) for p in patterns)
    # anchored: right after the figure, with nothing but spaces between ("82% mục tiêu"; a
    # bracket or comma starts another statement: "61,4% (kế hoạch: 75%)")
    return re.compile(rf"^\s*(?:{body})\b" if anchored else _bounded(body))


def parse_lexicon(data: object, source: Path) -> Lexicon:
    """Validate and compile lexicon data (as loaded from YAML)."""
    if not isinstance(data, dict):
        raise LexiconError(f"{source.name}: expected a mapping with groups, facets and cues")
    groups = {
        g: Group(g, bool(v.get("inherit", True)), bool(v.get("strict", False)), bool(v.get("veto")))
        for g, v in (data.get("groups") or {}).items()
    }
    facet_group = dict(data.get("facets") or {})
    bad = [f for f, g in facet_group.items() if g not in groups]
    if bad:
        raise LexiconError(f"{source.name}: facets in undeclared groups: {', '.join(bad)}")
    cues = data.get("cues") or []
    scanners = {lang: _scanner(cues, lang, facet_group, source.name) for lang in LANGUAGES}
    targets = data.get("targets") or {}
    links = data.get("links") or {}

    def per_lang(part: dict, key: str, anchored: bool = False) -> dict[str, re.Pattern[str]]:
        return {
            lang: _alternation(f"{source.name}: {key}.{lang}", part.get(lang), anchored)
            for lang in LANGUAGES
        }

    return Lexicon(
        groups,
        facet_group,
        scanners,
        per_lang(targets.get("goal") or {}, "targets.goal"),
        per_lang(targets.get("firm") or targets.get("goal") or {}, "targets.firm"),
        per_lang(targets.get("achievement") or {}, "targets.achievement", anchored=True),
        per_lang(links, "links"),
        source,
        {lang: _index_regex(cues, facet_group, lang) for lang in LANGUAGES},
        {
            lang: re.compile(rf"^\W*(?:{_compile_one('targets.heading', p)})")
            for lang, p in _heading_cues(targets.get("heading") or {}).items()
        },
        per_lang((data.get("lists") or {}).get("respectively") or {}, "lists.respectively"),
        _index_parts(data.get("lists") or {}, facet_group, source.name),
        {
            lang: _group_regex(cues, facet_group, lang, {g for g, v in groups.items() if v.veto})
            for lang in LANGUAGES
        },
        _defaults(data.get("defaults") or [], facet_group, groups, source.name),
        _count_units(data.get("counts") or [], facet_group, source.name),
        _generic(data.get("generic_objects") or [], facet_group, source.name),
    )


def _count_units(
    items: object, facet_group: dict[str, str], name: str
) -> dict[str, tuple[_CountUnit, ...]]:
    """``counts``: ``{facets, with, vi, en}`` entries, each a list of regexes of a unit word."""
    if not isinstance(items, list):
        raise LexiconError(f"{name}: counts must be a list")
    out: dict[str, list[_CountUnit]] = {}
    for n, d in enumerate(items):
        where = f"{name}: counts #{n + 1}"
        facets = d.get("facets") if isinstance(d, dict) else None
        needs = (d.get("with") or []) if isinstance(d, dict) else []
        if not facets or any(f not in facet_group for f in [*facets, *needs]):
            raise LexiconError(f"{where}: facets and with must name declared facets")
        for lang in LANGUAGES:
            for p in d.get(lang) or []:
                body = _compile_one(where, str(p))
                rx = re.compile(rf"\s+(?:{body})(?![a-z0-9])")
                out.setdefault(lang, []).append((rx, frozenset(facets), frozenset(needs)))
    return {lang: tuple(xs) for lang, xs in out.items()}


def _generic(items: object, facet_group: dict[str, str], name: str) -> frozenset[str]:
    """``generic_objects``: declared facets of the object group."""
    if not isinstance(items, list) or any(facet_group.get(f) != "object" for f in items):
        raise LexiconError(f"{name}: generic_objects must list facets of the object group")
    return frozenset(items)


def _defaults(
    items: object, facet_group: dict[str, str], groups: dict[str, Group], name: str
) -> tuple[Default, ...]:
    """``defaults``: ``{facet, adds, unless}`` entries, checked."""
    if not isinstance(items, list):
        raise LexiconError(f"{name}: defaults must be a list")
    out = []
    for n, d in enumerate(items):
        where = f"{name}: defaults #{n + 1}"
        if not isinstance(d, dict) or d.get("facet") not in facet_group:
            raise LexiconError(f"{where}: needs a declared facet")
        adds = d.get("adds") or []
        unless = d.get("unless") or []
        if not adds or any(a not in facet_group for a in adds):
            raise LexiconError(f"{where}: adds must name declared facets")
        if any(u not in groups and u not in facet_group for u in unless):
            raise LexiconError(f"{where}: unless must name declared groups or facets")
        out.append(Default(d["facet"], frozenset(adds), frozenset(unless), bool(d.get("alone"))))
    return tuple(out)


def _index_parts(
    lists: dict, facet_group: dict[str, str], name: str
) -> dict[str, tuple[frozenset[str], ...]]:
    """``lists.index_parts``: per index facet, the facets of each of its parts, in order."""
    out = {}
    for index, parts in (lists.get("index_parts") or {}).items():
        where = f"{name}: lists.index_parts.{index}"
        if facet_group.get(index) != "index" or not isinstance(parts, list) or not parts:
            raise LexiconError(f"{where}: needs an index facet and a list of facet lists")
        seq = []
        for part in parts:
            facets = [part] if isinstance(part, str) else part
            unknown = [f for f in facets or () if f not in facet_group]
            if not facets or unknown:
                raise LexiconError(f"{where}: facets {unknown or facets!r} not declared")
            seq.append(frozenset(facets))
        out[index] = tuple(seq)
    return out


def _heading_cues(part: object) -> dict[str, str]:
    """``targets.heading``: per language, regexes a goal heading opens with."""
    if not isinstance(part, dict):
        raise LexiconError("targets.heading: needs a mapping of language -> regexes")
    out = {}
    for lang, items in part.items():
        if lang not in LANGUAGES or not isinstance(items, list) or not items:
            raise LexiconError(f"targets.heading.{lang}: needs a list of regexes")
        out[lang] = "|".join(f"(?:{p})" for p in items)
    return out


def _index_regex(cues: list[dict], facet_group: dict[str, str], language: str) -> re.Pattern[str]:
    """One regex of every cue of an index facet (a quick test before a full scan)."""
    return _group_regex(cues, facet_group, language, {"index"})


def _group_regex(
    cues: list[dict], facet_group: dict[str, str], language: str, groups: set[str]
) -> re.Pattern[str]:
    """One regex of every cue of a facet of ``groups`` (a quick test before a full scan)."""
    pats = [
        str(p)
        for cue in cues
        if any(facet_group.get(f) in groups for f in cue.get("facets") or ())
        for p in cue.get(language) or []
    ]
    # a cue's space stands for any run of spaces in the line
    pats = [p.replace(" ", r"\s+") for p in pats]
    return re.compile(_bounded("|".join(pats)) if pats else r"(?!x)x")


@cache
def _load(path: Path, mtime: float) -> Lexicon:
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not readable YAML ({exc})") from exc
    return parse_lexicon(data, path)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load (and cache) the lexicon."""
    path = path or lexicon_path()
    return _load(path, path.stat().st_mtime)
