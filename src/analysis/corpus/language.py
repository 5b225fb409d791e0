"""The language of a report (``vi`` or ``en``), guessed from its text.

Vietnamese prose is dense in letters with diacritics (ă â đ ê ô ơ ư and the tone marks) and in
short function words (của, và, các, được, trong); English prose has neither and is dense in
the, of, and, to. A document mostly in one language with a few words of the other (a
Vietnamese report naming "PAR Index", an English article quoting "Sở TT&TT") is still read
as its main language. Too little text to tell: Vietnamese, the corpus's usual language.
"""

from __future__ import annotations

import re

LANGUAGES: tuple[str, ...] = ("vi", "en")
_VI_LETTERS = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+")
_VI_WORDS = frozenset(
    [
        "của",
        "và",
        "các",
        "được",
        "trong",
        "là",
        "có",
        "cho",
        "với",
        "đã",
        "này",
        "theo",
        "những",
        "một",
        "người",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "was",
        "were",
        "for",
        "with",
        "on",
        "by",
        "that",
        "as",
        "at",
        "from",
    ]
)


def detect_language(text: str) -> str:
    """``"vi"`` or ``"en"`` for a report's text (see the module docstring)."""
    words = _WORD.findall(text[:200_000].lower())
    if len(words) < 5:
        return "vi"
    letters = sum(len(w) for w in words)
    vi_marks = len(_VI_LETTERS.findall(text[:200_000])) / max(letters, 1)
    vi_words = sum(w in _VI_WORDS for w in words)
    en_words = sum(w in _EN_WORDS for w in words)
    if vi_marks < 0.02 and en_words > vi_words:
        return "en"
    return "vi"
