"""Literal prefilters for regular expressions: skip a pattern on text it cannot match.

:func:`prefilter` reads a compiled pattern once and finds literal strings that every match
needs (each set of :attr:`Prefilter.needs`: at least one of its strings is in the text);
``Prefilter.may_match(text)`` is then a few substring tests, much cheaper than letting the
regex engine try the pattern at every position of a line in which it cannot match. The
analysis is conservative: a construct it does not know (a class, an assertion, an optional
part, case-insensitive flags) adds no condition, so a pattern it cannot read gets none and is
always run. The rules themselves are untouched: a prefilter only says where running a
pattern would find nothing.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

_c: Any
_p: Any
try:  # the parser behind re.compile (Python 3.11+); without it no prefilter is derived
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another interpreter
    _c = _p = None

#: Condition sets kept per pattern (the most selective ones): each costs a substring test.
MAX_SETS = 3


@dataclass(frozen=True)
class Prefilter:
    """The literal conditions of one pattern: every match needs, for each set, one of its
    strings somewhere in the text (no sets: no condition, always run the pattern)."""

    needs: tuple[frozenset[str], ...]

    def may_match(self, text: str) -> bool:
        """False only when the pattern has no match in ``text``."""
        return all(any(s in text for s in need) for need in self.needs)


@cache
def prefilter(pattern: re.Pattern[str]) -> Prefilter:
    """The prefilter of ``pattern`` (derived once per compiled pattern)."""
    if _p is None or not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return Prefilter(())
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # whatever the parser does not take: no prefilter
        return Prefilter(())
    sets = [s for s in _sequence(list(parsed)) if s and all(s)]
    sets.sort(key=_strength, reverse=True)
    return Prefilter(tuple(sets[:MAX_SETS]))


def _strength(need: frozenset[str]) -> tuple[int, int]:
    """Longer shortest strings and fewer of them make a set more selective."""
    return min(map(len, need)), -len(need)


def _sequence(items: list) -> list[frozenset[str]]:
    """Sets every match of the sequence ``items`` (parser nodes) needs."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            out.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                out.extend(_sequence(list(sub)))
        elif op is _c.ATOMIC_GROUP:
            out.extend(_sequence(list(av)))
        elif op is _c.BRANCH:
            either = _branch(av[1])
            if either is not None:
                out.append(either)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, body = av
            if low >= 1:
                out.extend(_sequence(list(body)))
        # anything else (classes, any character, assertions, boundaries, group references,
        # conditionals): no condition
    end_run()
    return out


def _branch(alternatives: list) -> frozenset[str] | None:
    """One set a match of any alternative needs: the union of each one's strongest set
    (None when some alternative needs nothing)."""
    union: set[str] = set()
    for alt in alternatives:
        sets = [s for s in _sequence(list(alt)) if s and all(s)]
        if not sets:
            return None
        strongest: frozenset[str] = max(sets, key=_strength)
        union |= strongest
    return frozenset(union)
