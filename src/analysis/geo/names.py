"""Find district-level units named in report text, in whatever form the reports use.

Forms handled: with or without the unit word (``huyện Tri Tôn``, ``thị xã Tịnh Biên``,
``TP. Long Xuyên``, ``TPBG``), with or without diacritics (``Tri Ton``), look-alike letters
(``Ð`` U+00D0 for ``Đ``), old/new tone placement (``Hòa``/``Hoà``), lists continued after one unit
word (``huyện Phú Tân, Thoại Sơn``) and former names the gazetteer records as aliases
(``Yên Dũng`` → Thành phố Bắc Giang). A name right after ``xã``/``phường``/``ấp``/``thị trấn``/
``khóm``/``thôn``/``tỉnh`` is a commune, hamlet or province, never a district. Bare names (no
unit word) must be capitalised, have two or more syllables, not be a province name, and stand
alone (not inside a longer proper name). The province argument decides between same-named
districts (Châu Thành exists in An Giang and Trà Vinh); a district-like name that exists only in
*another* province is reported by :func:`foreign_mentions` instead of being matched; a unit
word followed by a name no district carries ("huyện Núi Sam") lands in ``NameScan.unknown``.
:func:`may_mention` pre-screens a line cheaply so most lines are never tokenised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from ..corpus.provinces import canonical_province, province_names
from ..text import fold
from .gazetteer import districts, national_districts

_TOKEN_RE = re.compile(r"[\w\u0300-\u036f]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_NAME_GAP = re.compile(r"\s+|\s*[-–]\s*")
_UNIT_GAP = re.compile(r"[ \u00a0]*\.?[ \u00a0]*")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:và\s+)?|và\s+|;\s*|[-–]\s*)", re.IGNORECASE)

#: Unit words, longest first: (syllables, kind, unit_type label).
UNIT_WORDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("thành", "phố"), "district", "thành phố"),
    (("thị", "xã"), "district", "thị xã"),
    (("thị", "trấn"), "sub", "thị trấn"),
    (("huyện",), "district", "huyện"),
    (("quận",), "district", "quận"),
    (("tp",), "district", "thành phố"),
    (("tx",), "district", "thị xã"),
    (("xã",), "sub", "xã"),
    (("phường",), "sub", "phường"),
    (("ấp",), "sub", "ấp"),
    (("khóm",), "sub", "khóm"),
    (("thôn",), "sub", "thôn"),
    (("xóm",), "sub", "xóm"),
    (("tt",), "sub", "thị trấn"),
    (("tỉnh",), "province", "tỉnh"),
    (("núi",), "feature", "núi"),
    (("sông",), "feature", "sông"),
    (("kênh",), "feature", "kênh"),
    (("đường",), "feature", "đường"),
)
_ABBREV_PREFIX = {"thành phố": "tp", "thị xã": "tx"}


def clean_token(tok: str) -> str:
    """NFC, look-alike Ð/ð unified with Đ/đ, lower case."""
    return unicodedata.normalize("NFC", tok).replace("Ð", "Đ").replace("ð", "đ").lower()


@lru_cache(maxsize=8192)
def _signature(syl: str) -> tuple[str, str]:
    d = unicodedata.normalize("NFD", syl)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return base, "".join(sorted(c for c in d if c in _TONES))


def syllable_matches(token: str, ref: str) -> bool:
    """Does text syllable ``token`` spell gazetteer syllable ``ref``?

    An unaccented token matches by folding; an accented one must carry the same letters and
    tone (tone-mark position is ignored), so ``chữ`` is not ``Chũ``.
    """
    return _cleaned_match(clean_token(token), clean_token(ref))


@lru_cache(maxsize=65536)
def _cleaned_match(t: str, r: str) -> bool:
    if t.isascii():
        return fold(t) == fold(r)
    return _signature(t) == _signature(r)


@dataclass(frozen=True)
class _Entry:
    code: str
    province: str
    district_name: str
    short_name: str
    unit_type: str
    syllables: tuple[str, ...]
    historic: bool = False


class _Token(NamedTuple):
    raw: str
    clean: str
    key: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        """Capitalised word, not an ASCII acronym like UBND."""
        r = self.raw
        return r[0].isupper() and not (len(r) > 1 and r.isupper() and r.isascii())


@dataclass(frozen=True)
class DistrictMention:
    """One district named in a text: ``text[start:end] == matched``."""

    code: str
    name: str
    start: int
    end: int
    matched: str
    province: str
    short_name: str = ""
    unit: str | None = None
    explicit: bool = True
    historic: bool = False
    candidates: tuple[str, ...] = ()


@dataclass
class NameScan:
    """Everything :func:`scan_text` found: resolved, foreign, ambiguous and unknown mentions.

    ``unknown`` holds a district unit word followed by a proper name that no pre-2025 district
    anywhere carries ("huyện Núi Sam"); province-level cities ("thành phố Cần Thơ") are not
    unknown districts and are skipped.
    """

    mentions: list[DistrictMention] = field(default_factory=list)
    foreign: list[DistrictMention] = field(default_factory=list)
    ambiguous: list[DistrictMention] = field(default_factory=list)
    unknown: list[DistrictMention] = field(default_factory=list)


@cache
def _indexes() -> tuple[dict, dict, dict, int, frozenset[str]]:
    """(names by folded syllables, aliases by folded key, TP/TX acronyms, longest name,
    province keys)."""
    names: dict[tuple[str, ...], list[_Entry]] = {}
    aliases: dict[str, list[_Entry]] = {}
    abbrev: dict[str, list[_Entry]] = {}
    for r in national_districts().itertuples(index=False):
        syl = tuple(clean_token(s) for s in _TOKEN_RE.findall(r.short_name))
        entry = _Entry(r.district_code, r.province, r.district_name, r.short_name, r.unit_type, syl)
        names.setdefault(tuple(fold(s) for s in syl), []).append(entry)
        for a in r.alias_keys:
            aliases.setdefault(a, []).append(
                _Entry(
                    r.district_code,
                    r.province,
                    r.district_name,
                    r.short_name,
                    r.unit_type,
                    (),
                    historic=True,
                )
            )
        prefix = _ABBREV_PREFIX.get(r.unit_type)
        if prefix and len(syl) >= 2:
            abbrev.setdefault(prefix + "".join(fold(s)[0] for s in syl), []).append(entry)
    longest = max(len(k) for k in names)
    provinces = frozenset(k for k in province_names("legacy")) | frozenset(province_names("2025"))
    return names, aliases, abbrev, longest, provinces


@cache
def _starts() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Name lengths by first folded syllable, and every prefix of an alias key: most tokens
    start no district name, so :func:`_match_name` can return at once."""
    names, aliases, _, _, _ = _indexes()
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    prefixes = frozenset(a[:i] for a in aliases for i in range(1, len(a) + 1))
    return {k: tuple(sorted(v)) for k, v in lengths.items()}, prefixes


@cache
def _start_keys() -> frozenset[str]:
    """Every folded token a unit word, a TP/TX acronym, a district name or a former name can
    start with: at any other token :class:`_Scanner` has nothing to try."""
    _, _, abbrev, _, _ = _indexes()
    lengths, alias_prefixes = _starts()
    return frozenset(_unit_index()) | frozenset(lengths) | alias_prefixes | frozenset(abbrev)


@lru_cache(maxsize=65536)
def _clean_and_key(raw: str) -> tuple[str, str]:
    c = clean_token(raw)
    return c, fold(c)


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        c, k = _clean_and_key(raw)
        out.append(_Token(raw, c, k, m.start(), m.end()))
    return out


def _gap(text: str, a: _Token, b: _Token, pattern: re.Pattern[str]) -> bool:
    return pattern.fullmatch(text[a.end : b.start]) is not None


@cache
def _unit_index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for syl, kind, label in UNIT_WORDS:
        out.setdefault(fold(syl[0]), []).append((syl, kind, label))
    return out


def _match_unit(
    toks: list[_Token], i: int, text: str, accented: bool
) -> tuple[str, str, int] | None:
    """A unit word at ``toks[i]``. In accented text an unaccented token (``quan``, ``xa``) is an
    ordinary word, not a unit word; in unaccented text folding decides."""
    for syl, kind, label in _unit_index().get(toks[i].key, ()):
        n = len(syl)
        if i + n > len(toks):
            continue
        span = toks[i : i + n]
        ok = all(
            (
                t.clean == s
                or (t.clean.isascii() and (s.isascii() or not accented) and t.key == fold(s))
            )
            for t, s in zip(span, syl, strict=True)
        )
        if ok and all(_gap(text, span[k], span[k + 1], _NAME_GAP) for k in range(n - 1)):
            return kind, label, i + n
    return None


def _match_name(toks: list[_Token], i: int, text: str) -> tuple[int, list[_Entry]] | None:
    """The longest gazetteer name (or former name) starting at ``toks[i]``."""
    names, aliases, _, longest, _ = _indexes()
    lengths, alias_prefixes = _starts()
    first = toks[i].key
    candidates = set(lengths.get(first, ()))
    if first in alias_prefixes:  # former names are stored without spaces: "yendung"
        joined = first
        for n in range(2, min(longest, len(toks) - i) + 1):
            joined += toks[i + n - 1].key
            if joined in aliases:
                candidates.add(n)
            if joined not in alias_prefixes:
                break
    for n in sorted(candidates, reverse=True):
        if i + n > len(toks):
            continue
        span = toks[i : i + n]
        if any(not _gap(text, span[k], span[k + 1], _NAME_GAP) for k in range(n - 1)):
            continue
        key = tuple(t.key for t in span)
        hits = [
            e
            for e in names.get(key, ())
            if all(_cleaned_match(t.clean, s) for t, s in zip(span, e.syllables, strict=True))
        ]
        if not hits and n >= 2:
            hits = list(aliases.get("".join(key), ()))
        if hits:
            return i + n, hits
    return None


def _describe(e: _Entry) -> str:
    return f"{e.province}: {e.district_name} ({e.code})"


#: Drops combining marks (U+0300-U+036F), maps đ to d and hyphens to spaces: a C-speed
#: :func:`fold` for lower-case NFC text, used only to pre-screen lines.
_FOLD_TABLE = {**dict.fromkeys(range(0x300, 0x370)), ord("đ"): "d", ord("-"): " ", ord("–"): " "}
_UNIT_WORDS_RX = re.compile(r"\b(?:huyện|thị xã|thành phố|quận|tp|tx)\b")
_ASCII_UNIT_WORDS_RX = re.compile(r"\b(?:huyen|thi xa|thanh pho|quan|tp|tx)\b")


@cache
def _local_patterns(prov: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(folded names of ``prov``'s districts, their space-free former names and acronyms)."""
    names, aliases, abbrev, _, _ = _indexes()
    spaced = {" ".join(k) for k, es in names.items() if any(e.province == prov for e in es)}
    joined = {
        k for k, es in [*aliases.items(), *abbrev.items()] if any(e.province == prov for e in es)
    }

    def alternation(keys: set[str]) -> re.Pattern[str]:
        body = "|".join(sorted(map(re.escape, keys), key=len, reverse=True)) or "(?!)"
        return re.compile(rf"(?:{body})")

    return re.compile(rf"\b{alternation(spaced).pattern}\b"), alternation(joined)


def may_mention(text: str, province: str) -> bool:
    """Cheap test: could ``text`` name a district for :func:`scan_text`? False means surely
    not (no unit word, no name or former name of a district of ``province``)."""
    prov = canonical_province(province)
    low = clean_token(text)
    if _UNIT_WORDS_RX.search(low) or (low.isascii() and _ASCII_UNIT_WORDS_RX.search(low)):
        return True
    folded = " ".join(unicodedata.normalize("NFD", low).translate(_FOLD_TABLE).split())
    names_rx, joined_rx = _local_patterns(prov)
    return bool(names_rx.search(folded) or joined_rx.search(folded.replace(" ", "")))


def scan_text(text: str, province: str, *, allow_bare: bool = True) -> NameScan:
    """Find every district mention in ``text``, split into resolved/foreign/ambiguous/unknown."""
    prov = canonical_province(province)
    if not may_mention(text, prov):
        return NameScan()
    return _scan(text, prov, allow_bare)


def _scan(text: str, prov: str, allow_bare: bool) -> NameScan:
    return _Scanner(text, prov, allow_bare).run()


class _Scanner:
    """One left-to-right pass over the tokens of ``text``: at each token, a unit word and the
    name after it, a TP/TX acronym, or a bare name (possibly continuing a list of names)."""

    def __init__(self, text: str, prov: str, allow_bare: bool) -> None:
        _, _, self.abbrev, _, self.province_keys = _indexes()
        self.text, self.prov, self.allow_bare = text, prov, allow_bare
        self.toks = _tokens(text)
        self.accented = not text.isascii()
        self.scan = NameScan()
        self.list_kind: str | None = None  # "district" or "sub": a list of names goes on
        self.last_end = 0

    def run(self) -> NameScan:
        starts = _start_keys()
        i = 0
        while i < len(self.toks):
            if self.toks[i].key not in starts:  # no unit word, acronym or name starts here
                self.list_kind = None
                i += 1
                continue
            nxt = self._unit_word(i) or self._acronym(i) or self._name(i)
            if nxt is None:
                self.list_kind = None
                i += 1
            else:
                i = nxt
        return self.scan

    def _unit_word(self, i: int) -> int | None:
        """A unit word at ``toks[i]`` and what follows it; the index after them, or None."""
        toks, text = self.toks, self.text
        unit = _match_unit(toks, i, text, self.accented)
        if not unit:
            return None
        kind, label, j = unit
        if kind != "district":  # commune/hamlet/province/feature: skip the name after it
            k = _proper_name_end(toks, j, text)
            self.list_kind = "sub" if kind == "sub" and k > j else None
            self.last_end = toks[k - 1].end
            return k
        hit = None
        if j < len(toks) and _UNIT_GAP.fullmatch(text[toks[j - 1].end : toks[j].start]):
            hit = _match_name(toks, j, text)
        if hit:
            k, entries = hit
            self._emit(entries, toks[i].start, toks[k - 1].end, label, True)
            self.list_kind, self.last_end = "district", toks[k - 1].end
            return k
        k = _unknown_name_end(toks, i, j, text, self.province_keys)
        if k > j:
            start, end = toks[i].start, toks[k - 1].end
            name = text[toks[j].start : end]
            self.scan.unknown.append(
                DistrictMention("", name, start, end, text[start:end], self.prov, unit=label)
            )
        self.list_kind = None
        return max(k, j)

    def _acronym(self, i: int) -> int | None:
        """``TPBG``-style acronyms of the province's cities and towns."""
        tok = self.toks[i]
        if not (len(tok.raw) >= 3 and tok.raw.isupper() and tok.key in self.abbrev):
            return None
        entries = [e for e in self.abbrev[tok.key] if e.province == self.prov]
        if not entries:
            return None
        self._emit(entries, tok.start, tok.end, entries[0].unit_type, True)
        self.list_kind, self.last_end = "district", tok.end
        return i + 1

    def _name(self, i: int) -> int | None:
        """A district name without a unit word: continuing a list, or bare."""
        hit = _match_name(self.toks, i, self.text)
        if not hit:
            return None
        k, entries = hit
        tok, end = self.toks[i], self.toks[k - 1].end
        cont = self.list_kind is not None and _LIST_GAP.fullmatch(
            self.text[self.last_end : tok.start]
        )
        if cont:
            if self.list_kind != "sub":  # a list of communes goes on: not a district
                self._emit(entries, tok.start, end, None, True)
            self.last_end = end
            return k
        if (
            self.allow_bare
            and _bare_ok(self.toks, i, k, self.text, self.province_keys)
            and self._emit(entries, tok.start, end, None, False, bare=True)
        ):
            self.list_kind, self.last_end = "district", end
            return k
        return None

    def _emit(
        self,
        entries: list[_Entry],
        start: int,
        end: int,
        unit: str | None,
        explicit: bool,
        bare: bool = False,
    ) -> bool:
        """Record a mention: resolved in the province, ambiguous, or foreign (a bare name
        found only elsewhere is no mention: False)."""
        prov, matched = self.prov, self.text[start:end]
        local = [e for e in entries if e.province == prov]
        if len({e.code for e in local}) > 1 and unit:
            local = [e for e in local if e.unit_type == unit] or local
        if local and len({e.code for e in local}) == 1:
            e = local[0]
            self.scan.mentions.append(
                DistrictMention(
                    e.code,
                    e.district_name,
                    start,
                    end,
                    matched,
                    prov,
                    e.short_name,
                    unit,
                    explicit,
                    e.historic,
                )
            )
        elif local:
            candidates = tuple(_describe(e) for e in local)
            self.scan.ambiguous.append(
                DistrictMention(
                    "",
                    matched,
                    start,
                    end,
                    matched,
                    prov,
                    unit=unit,
                    explicit=explicit,
                    candidates=candidates,
                )
            )
        elif bare:
            return False
        else:
            self.scan.foreign.append(_foreign(entries, start, end, matched, unit, explicit))
        return True


def _foreign(
    entries: list[_Entry], start: int, end: int, matched: str, unit: str | None, explicit: bool
) -> DistrictMention:
    """A mention of a district that exists only in other provinces (unique, or candidates)."""
    codes = {e.code for e in entries}
    e = entries[0]
    return DistrictMention(
        e.code if len(codes) == 1 else "",
        e.district_name if len(codes) == 1 else matched,
        start,
        end,
        matched,
        e.province if len({x.province for x in entries}) == 1 else "",
        e.short_name,
        unit,
        explicit,
        e.historic,
        tuple(_describe(x) for x in entries),
    )


def _proper_name_end(toks: list[_Token], j: int, text: str) -> int:
    """End (exclusive) of the run of capitalised tokens starting at ``toks[j]``."""
    k = j
    while (
        k < len(toks)
        and toks[k].is_cap
        and _UNIT_GAP.fullmatch(text[toks[k - 1].end : toks[k].start])
    ):
        k += 1
    return k


def _unknown_name_end(
    toks: list[_Token], i: int, j: int, text: str, province_keys: frozenset[str]
) -> int:
    """End of a proper name (up to 4 syllables) right after the district unit word
    ``toks[i:j]``, or ``j`` when none follows (or it names a province-level city)."""
    if j >= len(toks):
        return j
    gap = text[toks[j - 1].end : toks[j].start].strip(" \u00a0")
    abbreviated = j - i == 1 and toks[i].clean in ("tp", "tx")
    if gap and not (abbreviated and gap == "."):
        return j  # "các huyện. Trong quý ..." or a table cell boundary
    k = min(_proper_name_end(toks, j, text), j + 4)
    return j if " ".join(t.key for t in toks[j:k]) in province_keys else k


def _bare_ok(toks: list[_Token], i: int, k: int, text: str, province_keys: frozenset[str]) -> bool:
    span = toks[i:k]
    if len(span) < 2 or not all(t.is_cap for t in span):
        return False
    if " ".join(t.key for t in span) in province_keys:
        return False
    if i > 0 and toks[i - 1].is_cap and _NAME_GAP.fullmatch(text[toks[i - 1].end : span[0].start]):
        return False
    return not (
        k < len(toks) and toks[k].is_cap and _NAME_GAP.fullmatch(text[span[-1].end : toks[k].start])
    )


def find_districts(text: str, province: str, *, allow_bare: bool = True) -> list[DistrictMention]:
    """District-level units of ``province`` named in ``text``, in order of appearance."""
    return scan_text(text, province, allow_bare=allow_bare).mentions


def foreign_mentions(text: str, province: str) -> list[DistrictMention]:
    """Districts named (with a unit word, or in a district list) that belong to another province.

    ``province``/``code`` of each mention are those of the other province's district when the
    name is unique nationally; otherwise they are empty and ``candidates`` lists the options.
    """
    return scan_text(text, province).foreign


class UnknownDistrictError(ValueError):
    """A district name that the gazetteer does not know for the given province."""


def district_code(name: str, province: str) -> str:
    """The GSO code of district ``name`` in ``province``; raise :class:`UnknownDistrictError`.

    ``name`` may carry the unit word and may lack diacritics ("huyen Tri Ton", "TP. Long
    Xuyên"); former names known to the gazetteer (e.g. "Yên Dũng") resolve to their successor.
    """
    prov = canonical_province(province)
    scan = scan_text(name, prov, allow_bare=True)
    codes = {m.code for m in scan.mentions}
    if not codes and scan.ambiguous:
        codes = {c.rsplit("(", 1)[1].rstrip(")") for c in scan.ambiguous[0].candidates}
    if len(codes) == 1:
        return codes.pop()
    known = ", ".join(districts(prov)["short_name"])
    if not codes and scan.foreign:
        raise UnknownDistrictError(
            f"{name!r} is not a district of {prov}: it names "
            + "; ".join(scan.foreign[0].candidates)
        )
    if not codes:
        raise UnknownDistrictError(
            f"{name!r} is not a district-level unit of {prov} in the pre-2025 gazetteer "
            f"(known: {known})"
        )
    raise UnknownDistrictError(
        f"{name!r} is ambiguous in {prov}: matches codes {sorted(codes)}; add the unit word "
        "(huyện / thị xã / thành phố)"
    )
