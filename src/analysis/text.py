"""Text helpers every layer shares: folding, NFC with offset maps, markup stripping, quotes.

Ground floor: imports nothing from the project.

- :func:`fold` — the key for fuzzy equality of Vietnamese names and phrases (lower case, no
  diacritics, Đ→D, single spaces); catalog patterns, province and district names use it.
- :func:`nfc_with_offsets` — NFC composition that remembers, for each output character, the
  span of the input it came from (quotes are always cut from the text as received).
- :func:`normalise` — one raw report line with the remnants of its conversion from Word/PDF
  removed (``**bold**``, ``<sup>1</sup>`` and superscript footnote marks, ``$…\\%$``, ``<b>``,
  Markdown ``#``), plus the offset map back to the raw line; :func:`strip_markup` is the text
  alone.
- :func:`short_quote` and :func:`quote_tail` — quotes shortened for display (tooltips cut at
  the end; tables keep the end, where the figure is).
- :func:`split_lines`, :func:`control_lines`, :func:`strip_controls` and :func:`comparable` —
  line ends (LF, CRLF or CR alone), control characters no report may hold, and the text two
  copies of one report share (for finding duplicates).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_D = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d"})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify Đ/Ð and collapse spaces: a key for fuzzy equality."""
    text = unicodedata.normalize("NFD", text.translate(_D))
    return " ".join(_COMBINING.sub("", text).lower().split())


def nfc_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """NFC-compose ``text``; output character ``i`` came from ``text[starts[i]:ends[i]]``.

    A base character and the combining marks after it form one cluster: every character
    composed from the cluster maps to the whole cluster.
    """
    if unicodedata.is_normalized("NFC", text):
        n = len(text)
        return text, list(range(n)), list(range(1, n + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(out), starts, ends


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)}


def superscript_to_digits(marks: str) -> str:
    """``¹¹`` → ``11`` (footnote marks written as superscript digits)."""
    return "".join(_SUP_TO_DIGIT[c] for c in marks)


# Tokens rewritten by :func:`normalise`.
_TOKEN_RE = re.compile(
    r"(?P<sup><sup>\s*(?P<supn>\d+)\s*</sup>)"
    r"|(?P<supchars>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?P<tag></?(?:b|i|u|em|strong|br|span)\s*/?>)"
    r"|(?P<esc>\\(?P<escchar>[%_&$#*.\-\[\]()]))"
    r"|(?P<md>\*+|\$|`)"
    r"|(?P<space>[\u00a0\u202f\u2007\u2009])"
    r"|(?P<eth>[\u00d0\u00f0])"
    r"|(?P<bullet>[●•▪◦])",
    re.IGNORECASE,
)
_HEADING_HASHES = re.compile(r"^\s*#{1,6}\s+")
#: Tokens kept as one other character: any odd space becomes a space, a bullet a dash.
_REPLACE = {"space": " ", "bullet": "-"}


def normalise(raw: str) -> tuple[str, tuple[int, ...], tuple[str, ...], tuple[int, ...]]:
    """Normalise one raw line for parsing.

    Returns ``(text, offsets, footnote_refs, ends)``: ``text[i]`` was read from
    ``raw[offsets[i]:ends[i]]`` (``offsets`` has one extra trailing entry, ``len(raw)``).
    Footnote marks are removed from the text and returned, in order, as digit strings.
    """
    src, starts, stops = nfc_with_offsets(raw)
    out: list[str] = []
    out_offs: list[int] = []
    out_ends: list[int] = []
    refs: list[str] = []

    def keep(text: str, a: int, b: int) -> None:
        """Keep ``text`` (one character per character of ``src[a:b]``) with its offsets."""
        out.append(text)
        out_offs.extend(starts[a:b])
        out_ends.extend(stops[a:b])

    m = _HEADING_HASHES.match(src)
    pos = m.end() if m else 0
    for m in _TOKEN_RE.finditer(src, pos):
        keep(src[pos : m.start()], pos, m.start())
        kind = m.lastgroup
        if kind == "sup":
            refs.append(m.group("supn"))
        elif kind == "supchars":
            refs.append(superscript_to_digits(m.group()))
        elif kind == "esc":
            keep(m.group("escchar"), m.start() + 1, m.start() + 2)
        elif kind == "eth":
            keep("Đ" if m.group() == "\u00d0" else "đ", m.start(), m.start() + 1)
        elif kind in _REPLACE:
            keep(_REPLACE[kind], m.start(), m.start() + 1)
        # "tag" and "md" tokens are dropped.
        pos = m.end()
    keep(src[pos:], pos, len(src))
    out_offs.append(len(raw))
    return "".join(out), tuple(out_offs), tuple(refs), tuple(out_ends)


def strip_markup(text: str) -> str:
    """``text`` without conversion remnants (``**``, ``<sup>``, ``$…\\%$``, ``<b>``, ``#``)."""
    return normalise(text)[0]


def short_quote(text: object, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters (with an ellipsis): for tooltips."""
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def quote_tail(quote: object, limit: int = 160) -> str:
    """A quote for tables: markup removed, shortened from the left so the figure (at the
    quote's end) stays. The stored quote stays exact."""
    q = strip_markup(quote).strip() if isinstance(quote, str) else ""
    return q if len(q) <= limit else "…" + q[-limit:]


_LINE_END = re.compile(r"\r\n|\r|\n")
#: What no report text may hold: C0 controls except tab, line feed and carriage return, DEL,
#: C1 controls and the noncharacters U+FFFE/U+FFFF. They break chart export and LaTeX.
CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def split_lines(text: str) -> list[str]:
    """``text`` cut at every line end: ``\\n``, ``\\r\\n`` or a carriage return alone."""
    return _LINE_END.split(text)


def control_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, character)`` of the first control character on each line that has one."""
    out = []
    for n, line in enumerate(split_lines(text), start=1):
        m = CONTROL_RE.search(line)
        if m:
            out.append((n, m.group()))
    return out


def strip_controls(text: str) -> str:
    """``text`` without control characters (form feed and vertical tab become line ends)."""
    return CONTROL_RE.sub("", text.replace("\x0c", "\n").replace("\x0b", "\n"))


def comparable(text: str) -> str:
    """What two copies of one report share whatever their encoding details: no BOM, one kind
    of line end, NFC, no control characters, single spaces, no blank lines."""
    text = strip_controls(unicodedata.normalize("NFC", text.lstrip("\ufeff")))
    lines = (" ".join(line.split()) for line in split_lines(text))
    return "\n".join(line for line in lines if line)
