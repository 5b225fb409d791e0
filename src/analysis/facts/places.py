"""Provinces a figure's clause names: a figure of another province is none of the report's.

An index article names other provinces beside the report's own ("…, còn tỉnh Quảng Ninh dẫn
đầu với 93,67%", "while Quang Ninh led with 93.67 points", "Cần Thơ đứng thứ 15"): such a
figure is that province's, so it takes no id of the report's province. The province a figure
is of is the one named nearest before it in its clause ("tỉnh" or "the province" after that
name is the report's own again), else one named right after it ("93,67% (Quảng Ninh)").
Names are matched on the text with its marks stripped and its case kept ("Quảng Ninh",
"Quang Ninh"); a ward, commune or district-level city of the same name ("phường Kon Tum",
"thành phố Trà Vinh", "Tra Vinh city") is no province. Spellings and the words around a name
are data (``scopes.yaml``, ``other_provinces``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from contextlib import suppress
from dataclasses import dataclass

from ..text import fold


class _StripTable(dict[int, str]):
    """Each character without its marks, case kept (one output character per input)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if ch in "Đđ":
            out = "D" if ch == "Đ" else "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0] if cp > 127 else ch
            out = base if len(base) == 1 else ch
        self[cp] = out
        return out


_STRIP = _StripTable()


def strip_marks(text: str) -> str:
    """``text`` without diacritics, case kept, of the same length."""
    return text.translate(_STRIP)


@dataclass(frozen=True)
class Provinces:
    """How province names are found in a line (``scopes.yaml``, ``other_provinces``)."""

    names: re.Pattern[str]  # on stripped text; each group (p0, p1, …) is one province
    keys: dict[str, str]  # group name -> short Vietnamese name
    central: frozenset[str]  # centrally-run cities: "thành phố X" is the province itself
    unit_before: re.Pattern[str]  # (folded) "phường", "xã", "huyện" … right before a name
    city_before: re.Pattern[str]  # (folded) "thành phố", "TP." right before a name
    unit_after: re.Pattern[str]  # (stripped) "city", "town", "district" right after a name
    own_words: re.Pattern[str]  # (stripped) "tỉnh", "the province": the report's own
    after: re.Pattern[str]  # (stripped) what links a figure to a name right after it

    def mentions(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, str]]:
        """(end, short name) of each province named in ``text[lo:hi]`` (stripped text)."""
        out = []
        for m in self.names.finditer(text, lo, len(text) if hi is None else hi):
            name = self.keys[m.lastgroup or ""]
            before = fold(text[max(0, m.start() - 16) : m.start()])
            if self.unit_before.search(before):
                continue
            if name not in self.central and (
                self.city_before.search(before) or self.unit_after.match(text, m.end())
            ):
                continue
            out.append((m.end(), name))
        return out

    def other(
        self,
        own: frozenset[str],
        text: str,
        clause_start: int,
        start: int,
        end: int,
        named: list[tuple[int, str]] | None = None,
        merged: frozenset[str] = frozenset(),
    ) -> str | None:
        """The other province the figure at ``text[start:end]`` (of stripped line ``text``,
        its clause starting at ``clause_start``) is of; None: the report's own, or none.
        ``named``: :meth:`mentions` of the whole line, when already found; ``merged``: the
        other provinces merged in 2025 into the report's."""
        named = self.mentions(text) if named is None else named
        if not named:
            return None
        k = bisect_right(named, (start, "")) - 1  # the last name ending before the figure
        while k >= 0 and _PARTNER.search(fold(text[max(0, named[k][0] - 40) : named[k][0]])):
            k -= 1  # "tỉnh Quảng Ngãi (sau hợp nhất với Kon Tum) đạt …": a partner named aside
        if k >= 0 and named[k][0] > clause_start:
            b, name = named[k]
            if name in own and _former(text, b, named[:k], merged):
                # "tỉnh Tuyên Quang (cũ) có …", "… Hà Giang đạt 0,4912; Tuyên Quang đạt
                # 0,5521": the province of that name before the merger
                return f"{name} (cũ)"
            if name in own or self.own_words.search(text, b, start):
                return None
            return name
        m = self.after.match(text, end, min(len(text), end + 40))
        if m:
            for b, name in named[k + 1 :]:
                if b - len(name) > m.end() + 30:
                    break
                if b > m.end():
                    return None if name in own else name
        return None


# (stripped) after the report's own name: the province of that name before the 2025 merger
_FORMER = re.compile(
    r"\s*(?:\(\s*cu\s*\)|cu\b|\(\s*truoc (?:sap nhap|hop nhat)\s*\)"
    r"|truoc (?:khi )?(?:sap nhap|hop nhat))"
)


# (folded) a province named as a partner of the merger, not the subject of the figure
_PARTNER = re.compile(
    r"(?:hop nhat|sap nhap|merged|merger)(?: (?:voi|cung|with|of))? (?:tinh |the )?"
    r"(?:[a-z-]+ ){0,5}[a-z-]+$"
)
# (stripped) after the report's own name: the province formed by the merger
_NEW = re.compile(r"\s*(?:\(\s*moi\s*\)|moi\b|\(?\s*sau (?:khi )?(?:sap nhap|hop nhat))")


def _former(text: str, end: int, before: list[tuple[int, str]], merged: frozenset[str]) -> bool:
    """Whether the report's own name ending at ``end`` names the province before the merger:
    marked so ("Tuyên Quang (cũ)"), or beside another province merged into the report's
    named before it ("Hà Giang đạt 0,4912 …; Tuyên Quang đạt 0,5521")."""
    if _NEW.match(text, end):
        return False
    return bool(_FORMER.match(text, end)) or any(n in merged for _, n in before)


def merged_names(province: str, own: frozenset[str]) -> frozenset[str]:
    """The provinces merged in 2025 into ``province`` other than those of its own name."""
    from ..corpus.provinces import predecessors

    with suppress(ValueError):
        return frozenset(predecessors(province)) - own
    return frozenset()


def own_names(province: str) -> frozenset[str]:
    """The report's province (its short name, before and after the 2025 mergers). The
    provinces merged into one formed in 2025 are not its own: a value of one of them ("tỉnh
    Hà Giang đạt 0,4912 điểm" in a report of the new Tuyên Quang) is of that province before
    the merger, not of the report's (the evaluation's convention D8)."""
    from ..corpus.provinces import canonical_province

    out: set[str] = set()
    for post in (False, True):
        with suppress(ValueError):
            out.add(canonical_province(province, post_merger=post))
    return frozenset(out)


def build_provinces(data: dict) -> Provinces:
    """:class:`Provinces` from the gazetteer and ``data`` (``other_provinces`` of scopes.yaml)."""
    from ..corpus.provinces import province_names

    shorts = set(province_names("legacy").values()) | set(province_names("2025").values())
    spellings = {str(k): [str(x) for x in v] for k, v in (data.get("spellings") or {}).items()}
    keys: dict[str, str] = {}
    parts = []
    for n, short in enumerate(sorted(shorts)):
        plain = re.escape(strip_marks(short)).replace(r"\ ", r"\s+")
        forms = spellings.get(short) or [re.sub(r"\\s\+\\-\\s\+", r"\\s*[-–]\\s*", plain)]
        keys[f"p{n}"] = short
        parts.append(rf"(?P<p{n}>{'|'.join(forms)})")
    return Provinces(
        # (a name opens with a capital, or "thành phố": the look-ahead skips other positions
        # before the alternatives are tried)
        names=re.compile(r"(?<![A-Za-z])(?=[A-Zt])(?:" + "|".join(parts) + r")(?![a-z])"),
        keys=keys,
        central=frozenset(str(x) for x in data.get("central") or ()),
        unit_before=re.compile(str(data["unit_before"])),
        city_before=re.compile(str(data["city_before"])),
        unit_after=re.compile(str(data["unit_after"])),
        own_words=re.compile(str(data["own_words"])),
        after=re.compile(str(data["after"])),
    )
