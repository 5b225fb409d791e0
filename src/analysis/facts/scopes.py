"""Scope rules (``data/raw/reference/scopes.yaml``): whose figures a report line gives.

A report's figures are province-wide unless its line ranges say otherwise (a section that is
one department's own work, a district's or a commune's); inside a range that allows it, a cue
phrase nearest the figure (before it in its clause, or just after it) decides. A report
without line ranges is flagged by the audit (``scope_rules_missing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths
from ..safe_yaml import YamlError, load_yaml
from ..vocabulary import SCOPES


@dataclass(frozen=True)
class ScopeRules:
    ranges: dict[str, list[tuple[int, int, str, bool]]]  # (first, last, scope, cues apply)
    agency_cues: tuple[re.Pattern[str], ...]
    province_cues: tuple[re.Pattern[str], ...]
    default: str = "province"

    def has_rules(self, report_id: str) -> bool:
        return report_id in self.ranges

    def scope(self, report_id: str, line: int, before: str, after: str = "") -> str:
        """Scope of a figure: the report's line-range rule, overridden by the cue nearest the
        figure in its clause (``before`` it, or in the few words ``after`` it)."""
        scope, cues = self.default, True
        for lo, hi, sc, use_cues in self.ranges.get(report_id, []):
            if lo <= line <= hi:
                scope, cues = sc, use_cues
        if not cues:
            return scope
        best: tuple[int, str] | None = None
        for kind, patterns in (("agency", self.agency_cues), ("province", self.province_cues)):
            for p in patterns:
                for m in p.finditer(before):
                    d = len(before) - m.end()
                    best = min(best, (d, kind)) if best else (d, kind)
                for m in p.finditer(after):
                    best = min(best, (m.start(), kind)) if best else (m.start(), kind)
        return best[1] if best else scope


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
    return ScopeRules(
        ranges,
        tuple(_compile_cue(path, "agency", p) for p in cues.get("agency", [])),
        tuple(_compile_cue(path, "province", p) for p in cues.get("province", [])),
        default,
    )


def load_scope_rules(path: Path | None = None) -> ScopeRules:
    path = path or scope_rules_path()
    return _scope_rules(path, path.stat().st_mtime)
