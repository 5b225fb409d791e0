"""Scope rules (``data/raw/reference/scopes.yaml``): whose figures a report line gives.

A report's figures have its default scope (province-wide, or what its issuer reports on: a
public-administration service centre its own work, a district People's Committee its
district; :meth:`ScopeRules.for_report`) unless its line ranges say otherwise (a section that
is one department's own work, a district's or a commune's); inside a range that allows it,
a cue phrase nearest the figure (before it in its clause, or just after it: "cấp xã", "ở cấp
huyện", "toàn tỉnh", "của Sở", "the Centre received", "at commune level") decides. A report
without line ranges is flagged by the audit (``scope_rules_missing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .. import paths
from ..reading.prefilter import prefilter
from ..safe_yaml import YamlError, load_yaml
from ..text import fold
from ..vocabulary import SCOPES
from .places import Provinces, build_provinces, merged_names, own_names


@dataclass(frozen=True)
class ScopeRules:
    ranges: dict[str, list[tuple[int, int, str, bool]]]  # (first, last, scope, cues apply)
    agency_cues: tuple[re.Pattern[str], ...]
    province_cues: tuple[re.Pattern[str], ...]
    default: str = "province"
    district_cues: tuple[re.Pattern[str], ...] = ()
    commune_cues: tuple[re.Pattern[str], ...] = ()
    # (pattern on the folded issuer or title, scope): a report's default from who wrote it
    issuers: tuple[tuple[re.Pattern[str], str], ...] = ()
    titles: tuple[tuple[re.Pattern[str], str], ...] = ()
    # who published or said the figure ("Theo số liệu của Sở …,", "the department said"):
    # not its subject, so no cue inside them counts
    sources: tuple[re.Pattern[str], ...] = ()
    # how other provinces are named (``other_provinces``) and the report's own province (its
    # short name and, for a province formed in 2025, those merged into it)
    provinces: Provinces | None = None
    own: frozenset[str] = frozenset()
    merged: frozenset[str] = frozenset()  # the others merged into it in 2025

    def for_report(self, issuer: str = "", title: str = "", province: str = "") -> ScopeRules:
        """These rules with the default scope of a report by ``issuer`` titled ``title``
        (the first issuer rule that matches, else the first title rule, else unchanged) and,
        given its ``province``, that province as the report's own."""
        if province:
            own = own_names(province)
            rules = replace(self, own=own, merged=merged_names(province, own))
        else:
            rules = self
        for found, text in ((rules.issuers, issuer), (rules.titles, title)):
            folded = fold(text or "")
            for pattern, scope in found:
                if pattern.search(folded):
                    return replace(rules, default=scope)
        return rules

    def other_province(
        self,
        plain: str,
        clause_start: int,
        start: int,
        end: int,
        named: list[tuple[int, str]] | None = None,
    ) -> str | None:
        """The other province the figure at ``plain[start:end]`` is of (``plain``: its line
        without marks, :func:`strip_marks`; ``named``: the provinces the line names, when
        known), or None: its report's own, or none named (or the report's province is not
        known)."""
        if not self.own or self.provinces is None:
            return None
        return self.provinces.other(self.own, plain, clause_start, start, end, named, self.merged)

    def has_rules(self, report_id: str) -> bool:
        return report_id in self.ranges

    def scope(
        self,
        report_id: str,
        line: int,
        before: str,
        after: str = "",
        subject: str | None = None,
    ) -> str:
        """Scope of a figure: the report's line-range rule, overridden by the cue nearest the
        figure in its clause (``before`` it, or in the few words ``after`` it), else by
        ``subject``, the scope the subject of its sentence names ("Sở Tư pháp tiếp nhận 95 hồ
        sơ …; 94 hồ sơ trả kết quả đúng hạn": the subject of the sentence is the subject of
        each of its clauses; :meth:`cue` of the sentence's head)."""
        scope, cues = self.default, True
        for lo, hi, sc, use_cues in self.ranges.get(report_id, []):
            if lo <= line <= hi:
                scope, cues = sc, use_cues
        if not cues:
            return scope
        return self.cue(before, after) or subject or scope

    def base(self, report_id: str, line: int) -> str:
        """The scope a line has before any cue: its line range's, else the default."""
        scope = self.default
        for lo, hi, sc, _ in self.ranges.get(report_id, []):
            if lo <= line <= hi:
                scope = sc
        return scope

    def cue(self, before: str, after: str = "") -> str | None:
        """The scope the cue nearest the figure names (``before`` it, or in the few words
        ``after`` it), or None where none stands."""
        kinds = (
            ("agency", self.agency_cues),
            ("province", self.province_cues),
            ("district", self.district_cues),
            ("commune", self.commune_cues),
        )
        before, after = self._unsourced(before), self._unsourced(after)
        hits = [h for kind, patterns in kinds for h in _cue_hits(kind, patterns, before, after)]
        return min(hits)[2] if hits else None

    def _unsourced(self, text: str) -> str:
        """``text`` with its publisher or speaker phrases blanked (same length, so distances
        from the figure stay)."""
        for p in self.sources:
            text = p.sub(lambda m: " " * len(m.group(0)), text)
        return text


# Words a level cue after a figure needs to be the figure's scope ("92,4% ở cấp tỉnh", "89.2%
# at district level"); without them it names what was counted ("11 UBND cấp huyện", "6 xã").
_AFTER_LINK = re.compile(r"\b(?:o|at|tai|in|cua|thuoc|among|for)\b")
# "412 điểm cầu cấp xã", "85% hồ sơ công việc cấp huyện": what is counted, then its level (not
# "11 UBND cấp huyện", "6 xã": the units of the level themselves)
_OBJECT_THEN_LEVEL = re.compile(
    r"\s*(?:%\s*)?(?:diem cau|ho so(?: cong viec)?|thu tuc(?: hanh chinh)?|tthc"
    r"|van ban(?: dien tu)?)\s+"
)
# A level reached, not the figure's own ("liên thông từ tỉnh đến … UBND cấp huyện").
# ("từ … đến nay", "Từ ngày 1/10 đến ngày 31/12/2025, các xã …": a time)
_REACH = re.compile(
    r"\b(?:den|toi)\b(?! (?:nay|hien nay)\b| (?:het )?(?:ngay|thang|quy) \d| \d{1,2}/\d)"
)


def _closed_aside(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits in parentheses closed before the text ends (a
    breakdown "(cấp tỉnh: 139, cấp huyện: 332, cấp xã: 106)" says nothing of what follows)."""
    opened = text.rfind("(", 0, start)
    return opened != -1 and text.find(")", end) != -1 and text.rfind(")", 0, start) < opened


_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")


@cache
def _required_literal(pattern: re.Pattern[str]) -> str:
    """The words every match of ``pattern`` starts with, after its zero-width assertions
    ("cua so" of ``cua so\b``; "" when the pattern opens with a choice or a repeat): a text
    without them cannot match, so the pattern need not be run on it."""
    from re import _parser  # type: ignore[attr-defined]

    if pattern.flags & re.IGNORECASE:
        return ""
    out = []
    items = list(_parser.parse(pattern.pattern))
    i = 0
    while i < len(items) and str(items[i][0]) in _ZERO_WIDTH:
        i += 1
    while i < len(items) and str(items[i][0]) == "LITERAL":
        out.append(chr(items[i][1]))
        i += 1
    lit = "".join(out)
    return lit if len(lit) >= 3 else ""


@cache
def _needed_words(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """For a pattern without a leading literal ("… (?:ward|commune) (?:had|received) …"): the
    words of which every match holds one, as a pattern (None: none known)."""
    needs = prefilter(pattern).needs
    if not needs:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(needs[0], key=len, reverse=True)))


def _cue_hits(
    kind: str, patterns: tuple[re.Pattern[str], ...], before: str, after: str
) -> list[tuple[int, int, str]]:
    """(distance from the figure, -length, kind) of each cue match; the nearest, then the
    longest ("cấp tỉnh, cấp huyện, cấp xã" over "cấp xã"), decides."""
    out = []
    level = kind in ("district", "commune")
    for p in patterns:
        lit = _required_literal(p)  # skip a cue the text cannot hold
        if lit:
            if lit not in before and lit not in after:
                continue
        elif (words := _needed_words(p)) and not (words.search(before) or words.search(after)):
            continue
        for m in p.finditer(before):
            if level and _REACH.search(before, max(0, m.start() - 40), m.start()):
                continue
            if _closed_aside(before, m.start(), m.end()):
                continue
            out.append((len(before) - m.end(), m.start() - m.end(), kind))
        for m in p.finditer(after):
            if (
                kind != "agency"
                and not _AFTER_LINK.search(after, 0, m.start() + 3)
                and not (level and _OBJECT_THEN_LEVEL.fullmatch(after, 0, m.start()))
            ):
                continue
            out.append((m.start(), m.start() - m.end(), kind))
    return out


def scope_rules_path() -> Path:
    return paths.reference_dir() / "scopes.yaml"


class ScopeRulesError(ValueError):
    """``scopes.yaml`` is invalid (message names the file, the entry and the problem)."""


def _compile_cue(path: Path, kind: str, pattern: object) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise ScopeRulesError(f"{path.name}: cues.{kind}: bad regex {pattern!r}: {exc}") from exc


@cache
def _scope_rules(path: Path, mtime: float) -> ScopeRules:
    try:
        data = load_yaml(path) or {}
    except YamlError as exc:
        raise ScopeRulesError(str(exc)) from exc
    ranges: dict[str, list[tuple[int, int, str, bool]]] = {}
    for rid, items in (data.get("reports") or {}).items():
        for n, it in enumerate(items or [], start=1):
            where = f"{path.name}: {rid} entry {n}"
            if not isinstance(it, dict) or "lines" not in it or "scope" not in it:
                raise ScopeRulesError(f"{where}: needs 'lines' (e.g. \"11-116\") and 'scope'")
            m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", str(it["lines"]))
            if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
                raise ScopeRulesError(f"{where}: lines {it['lines']!r} is not 'N' or 'N-M'")
            if it["scope"] not in SCOPES:
                raise ScopeRulesError(
                    f"{where}: unknown scope {it['scope']!r} (one of {', '.join(SCOPES)})"
                )
            lo = int(m.group(1))
            ranges.setdefault(rid, []).append(
                (lo, int(m.group(2) or lo), it["scope"], bool(it.get("cues", True)))
            )
    default = data.get("default", "province")
    if default not in SCOPES:
        raise ScopeRulesError(f"{path.name}: default scope {default!r} not in {SCOPES}")
    cues = data.get("cues") or {}
    for kind in cues:
        if kind not in SCOPES:
            raise ScopeRulesError(f"{path.name}: cues.{kind}: not a scope (one of {SCOPES})")

    def compiled(kind: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile_cue(path, kind, p) for p in cues.get(kind) or [])

    return ScopeRules(
        ranges,
        compiled("agency"),
        compiled("province"),
        default,
        compiled("district"),
        compiled("commune"),
        _default_rules(path, data, "issuers"),
        _default_rules(path, data, "titles"),
        tuple(_compile_cue(path, "sources", p) for p in data.get("sources") or []),
        _provinces(path, data.get("other_provinces")),
    )


def _provinces(path: Path, data: object) -> Provinces | None:
    """The ``other_provinces`` rules of ``scopes.yaml`` (None when absent)."""
    if data is None:
        return None
    try:
        return build_provinces(data)  # type: ignore[arg-type]
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise ScopeRulesError(f"{path.name}: other_provinces: {exc!r}") from exc


def _default_rules(path: Path, data: dict, key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The ``issuers`` / ``titles`` rules of ``scopes.yaml``: ``{pattern, scope}`` entries."""
    out = []
    for n, it in enumerate(data.get(key) or [], start=1):
        where = f"{path.name}: {key} entry {n}"
        if not isinstance(it, dict) or "pattern" not in it or it.get("scope") not in SCOPES:
            raise ScopeRulesError(f"{where}: needs 'pattern' and a 'scope' (one of {SCOPES})")
        out.append((_compile_cue(path, key, it["pattern"]), str(it["scope"])))
    return tuple(out)


def load_scope_rules(path: Path | None = None) -> ScopeRules:
    path = path or scope_rules_path()
    return _scope_rules(path, path.stat().st_mtime)
