"""Measure the facts engine on the labelled evaluation set (``tests/evaluation/``).

Each YAML file there holds cases of one *style* of document (portal notices, Decision 766
bulletins, index articles, plan assessments, news, English portal editions) in one language.
A case is a short text with every figure it states labelled: value, unit, id (``null`` when
it is no indicator), and where it matters scope, period, qualifier, denominator. The
evaluation extracts every case as if it were a report of its own and scores, per style and
overall: values read (precision, recall), units, ids (precision and recall per id), scopes,
periods, qualifiers and denominators.

``catalog_examples.yaml`` holds example phrases per catalog id (positive: the phrase's figure
gets the id; negative: it does not, and gets the id named instead); :func:`example_results`
runs them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from .. import paths
from ..corpus.periods import PeriodError, parse_period
from ..reading.reports import parse_report_text
from .catalog import CORE_IDS, Catalog, load_catalog
from .extract import Extracted, extract_report
from .figure_periods import assign_periods, report_span
from .scopes import ScopeRules, load_scope_rules

__all__ = ["evaluate", "load_cases", "load_examples", "load_scope_rules"]

EXAMPLES_FILE = "catalog_examples.yaml"
#: The title a case's report carries when its file gives none (``defaults.title`` or a
#: case's ``report.title``): what the heading of a document of that style says. A Decision
#: 766 bulletin is titled by its index, so its scores and ranks that name none are of it.
STYLE_TITLES = {
    "index_bulletin_766": (
        "Kết quả Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, "
        "doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công"
    ),
}
INDEX_UNITS = frozenset({"points", "rank"})


def evaluation_dir() -> Path:
    return paths.project_root() / "tests" / "evaluation"


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Gold:
    """One labelled figure of a case."""

    value: float
    unit: str
    id: str | None
    line: int | None = None
    scope: str | None = None
    period: str | None = None
    qualifier: str | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Case:
    """One text of the evaluation set with its report metadata and labelled figures."""

    id: str
    style: str
    language: str
    text: str
    province: str
    period: str
    issuer: str
    figures: tuple[Gold, ...]
    title: str = ""

    @property
    def group(self) -> str:
        return f"{self.style}_{self.language}"


def _gold(d: dict) -> Gold:
    den = d.get("denominator")
    return Gold(
        value=float(d["value"]),
        unit=str(d["unit"]),
        id=d.get("id"),
        line=d.get("line"),
        scope=d.get("scope"),
        period=None if d.get("period") is None else str(d["period"]),
        qualifier=d.get("qualifier"),
        denominator=None if den is None else float(den),
    )


def load_cases(folder: Path | None = None) -> list[Case]:
    """Every case of every evaluation file (all but the catalog examples), in file order."""
    folder = folder or evaluation_dir()
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == EXAMPLES_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = data.get("defaults") or {}
        for c in data.get("cases") or []:
            meta = {**defaults, **(c.get("report") or {})}
            out.append(
                Case(
                    id=c["id"],
                    style=data["style"],
                    language=data.get("language", "vi"),
                    text=c["text"],
                    province=meta.get("province", ""),
                    period=str(meta.get("period", "")),
                    issuer=meta.get("issuer", ""),
                    figures=tuple(_gold(f) for f in c.get("figures") or []),
                    title=str(meta.get("title") or STYLE_TITLES.get(data["style"], "")),
                )
            )
    return out


# --------------------------------------------------------------------------- running a case


def _no_ranges(scopes: ScopeRules) -> ScopeRules:
    """The scope rules without the seed reports' line ranges (every level cue kept)."""
    return replace(scopes, ranges={})


def run_text(
    text: str,
    report_id: str,
    language: str,
    catalog: Catalog,
    scopes: ScopeRules,
    period: str | None = None,
    title: str = "",
) -> list[Extracted]:
    """Extract ``text`` as if it were a whole report of its own (of ``period``, titled
    ``title``)."""
    report = parse_report_text(text.encode("utf-8"), f"<{report_id}>")
    rows = extract_report(report, report_id, catalog, scopes, language=language, title=title)
    if period:
        p = parse_period(period)
        assign_periods(report, rows, report_span(p.start, p.end))
    return rows


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def match(golds: Iterable[Gold], rows: list[Extracted]) -> list[tuple[Gold, Extracted | None]]:
    """Pair each gold figure with one extracted row of the same value (and line when given);
    a row pairs at most once, a row of the same unit first."""
    used: set[int] = set()
    out: list[tuple[Gold, Extracted | None]] = []
    for g in golds:
        cands = [
            i
            for i, r in enumerate(rows)
            if i not in used and _close(r.value, g.value) and (g.line is None or r.line == g.line)
        ]
        cands.sort(key=lambda i: (rows[i].unit != g.unit, i))
        if cands:
            used.add(cands[0])
        out.append((g, rows[cands[0]] if cands else None))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    """Counts for precision and recall of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else float("nan")


@dataclass
class Scores:
    """Every measure of one group of cases (a style, a language, or all)."""

    cases: int = 0
    values: Tally = field(default_factory=Tally)
    ids: Tally = field(default_factory=Tally)
    per_id: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    core: Tally = field(default_factory=Tally)
    index: Tally = field(default_factory=Tally)
    id_exact: Accuracy = field(default_factory=Accuracy)
    unit: Accuracy = field(default_factory=Accuracy)
    scope: Accuracy = field(default_factory=Accuracy)
    period: Accuracy = field(default_factory=Accuracy)
    qualifier: Accuracy = field(default_factory=Accuracy)
    denominator: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)


def _period_bounds(label: str) -> tuple[date | None, date]:
    """Gold period label -> (start, end); ``@YYYY-MM-DD`` is a state on that day."""
    if label.startswith("@"):
        return None, date.fromisoformat(label[1:])
    p = parse_period(label)
    return p.start, p.end


def _row_period(row: Extracted, case: Case) -> tuple[str | None, str | None]:
    start, end = getattr(row, "period_start", None), getattr(row, "period_end", None)
    if start or end:
        return start, end
    p = parse_period(case.period)
    return p.start.isoformat(), p.end.isoformat()


def period_matches(gold_label: str, row: Extracted, case: Case) -> bool:
    """The row's period is the gold one (a state on a day: the period ends that day)."""
    try:
        g_start, g_end = _period_bounds(gold_label)
    except (PeriodError, ValueError):
        return False
    start, end = _row_period(row, case)
    if end is None:
        return False
    if g_start is None:  # a stock: as of one day (a day's slack for "đến ngày 30")
        return abs(date.fromisoformat(end) - g_end) <= timedelta(days=1)
    return start == g_start.isoformat() and end == g_end.isoformat()


def _score_ids(s: Scores, g: Gold, r: Extracted | None) -> None:
    got = r.indicator if r is not None else None
    s.id_exact.add(got == g.id)
    if g.id is not None:
        hit = got == g.id
        s.ids.tp += hit
        s.ids.fn += not hit
        s.per_id[g.id].tp += hit
        s.per_id[g.id].fn += not hit
        if g.id in CORE_IDS:
            s.core.tp += hit
            s.core.fn += not hit
        if g.unit in INDEX_UNITS:
            s.index.tp += hit
            s.index.fn += not hit
    if got is not None and got != g.id:
        s.ids.fp += 1
        s.per_id[got].fp += 1


def _score_pair(s: Scores, case: Case, g: Gold, r: Extracted) -> None:
    s.unit.add(r.unit == g.unit)
    if g.scope is not None and g.id is not None:
        s.scope.add(r.scope == g.scope)
        if r.scope != g.scope:
            s.misses.append(f"{case.id}: {g.value:g} scope {g.scope}, got {r.scope}")
    if g.id is not None:
        ok = period_matches(g.period or case.period, r, case)
        s.period.add(ok)
        if not ok:
            got = f"{r.period_start}/{r.period_end}"
            s.misses.append(f"{case.id}: {g.value:g} period {g.period or case.period}, got {got}")
    s.qualifier.add(r.qualifier == (g.qualifier or "exact"))
    if g.denominator is not None:
        s.denominator.add(r.denominator is not None and _close(r.denominator, g.denominator))


def score_case(s: Scores, case: Case, rows: list[Extracted]) -> None:
    """Add one case's figures to ``s``."""
    s.cases += 1
    pairs = match(case.figures, rows)
    matched = {id(r) for _, r in pairs if r is not None}
    for g, r in pairs:
        _score_ids(s, g, r)
        if r is None:
            s.values.fn += 1
            s.misses.append(f"{case.id}: value {g.value:g} ({g.id}) not read")
            continue
        s.values.tp += 1
        _score_pair(s, case, g, r)
        if r.indicator != g.id:
            s.misses.append(f"{case.id}: {g.value:g} is {g.id}, got {r.indicator}")
    for r in rows:
        if id(r) not in matched:
            s.values.fp += 1
            s.misses.append(f"{case.id}: extra figure {r.value:g} ({r.indicator}) {r.quote!r}")
            if r.indicator is not None:
                s.ids.fp += 1
                s.per_id[r.indicator].fp += 1


def evaluate(
    cases: list[Case] | None = None,
    catalog: Catalog | None = None,
    scopes: ScopeRules | None = None,
) -> dict[str, Scores]:
    """Scores per group (``<style>_<language>``), per language and ``all``."""
    cases = load_cases() if cases is None else cases
    catalog = catalog or load_catalog()
    scopes = _no_ranges(scopes or load_scope_rules())
    groups: dict[str, Scores] = defaultdict(Scores)
    for case in cases:
        # the default scope from who wrote the report, as the build reads it
        own = scopes.for_report(case.issuer, case.title, case.province)
        rows = run_text(case.text, case.id, case.language, catalog, own, case.period, case.title)
        for key in (case.group, f"language_{case.language}", "all"):
            score_case(groups[key], case, rows)
    return dict(groups)


# --------------------------------------------------------------------------- catalog examples


@dataclass(frozen=True)
class Example:
    """One example phrase of a catalog id."""

    id: str
    positive: bool
    language: str
    text: str
    value: float | None  # the tested figure (None: the last one)
    instead: str | None  # negatives: the id the figure should get
    has_instead: bool

    @property
    def name(self) -> str:
        sign = "+" if self.positive else "-"
        return f"{self.id}{sign}{self.language}: {self.text[:60]}"


def _examples(ind: str, positive: bool, by_lang: dict) -> Iterator[Example]:
    for lang, items in (by_lang or {}).items():
        for it in items or []:
            d: dict[str, Any] = it if isinstance(it, dict) else {"text": it}
            val = d.get("value")
            yield Example(
                ind,
                positive,
                lang,
                d["text"],
                None if val is None else float(val),
                d.get("id"),
                "id" in d,
            )


def load_examples(path: Path | None = None) -> list[Example]:
    """Every example phrase of ``catalog_examples.yaml``, id by id."""
    path = path or evaluation_dir() / EXAMPLES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Example] = []
    for ind, entry in data.items():
        out.extend(_examples(ind, True, entry.get("positive")))
        out.extend(_examples(ind, False, entry.get("negative")))
    return out


def tested_figure(ex: Example, rows: list[Extracted]) -> Extracted | None:
    """The figure an example is about: the one of its value, else the last one."""
    if ex.value is None:
        return rows[-1] if rows else None
    hits = [r for r in rows if _close(r.value, ex.value)]
    return hits[0] if hits else None


def example_passes(ex: Example, catalog: Catalog, scopes: ScopeRules) -> tuple[bool, str]:
    """Whether the example holds, and what the engine gave."""
    rows = run_text(ex.text, "example", ex.language, catalog, scopes)
    r = tested_figure(ex, rows)
    got = r.indicator if r is not None else None
    if ex.positive:
        return got == ex.id, f"got {got}"
    if ex.has_instead:
        return got == ex.instead, f"got {got}, want {ex.instead}"
    return got != ex.id, f"got {got}"


def example_results(
    examples: list[Example] | None = None, catalog: Catalog | None = None
) -> list[tuple[Example, bool, str]]:
    examples = load_examples() if examples is None else examples
    catalog = catalog or load_catalog()
    scopes = _no_ranges(load_scope_rules())
    return [(ex, *example_passes(ex, catalog, scopes)) for ex in examples]


# --------------------------------------------------------------------------- report


def _f(x: float) -> str:
    return "  -  " if math.isnan(x) else f"{x:5.3f}"


def format_scores(groups: dict[str, Scores], *, per_id: bool = True) -> str:
    """A plain-text report: one row per group, then precision/recall per id (``all``)."""
    head = (
        f"{'group':<26}{'cases':>6}{'val P':>7}{'val R':>7}{'unit':>7}{'id P':>7}{'id R':>7}"
        f"{'id ok':>7}{'core R':>7}{'index R':>8}{'scope':>7}{'period':>7}{'qual':>7}{'denom':>7}"
    )
    lines = [head]
    order = sorted(k for k in groups if k != "all" and not k.startswith("language_"))
    order += [*sorted(k for k in groups if k.startswith("language_")), "all"]
    for k in order:
        s = groups[k]
        lines.append(
            f"{k:<26}{s.cases:>6}{_f(s.values.precision):>7}{_f(s.values.recall):>7}"
            f"{_f(s.unit.rate):>7}{_f(s.ids.precision):>7}{_f(s.ids.recall):>7}"
            f"{_f(s.id_exact.rate):>7}{_f(s.core.recall):>7}{_f(s.index.recall):>8}"
            f"{_f(s.scope.rate):>7}{_f(s.period.rate):>7}{_f(s.qualifier.rate):>7}"
            f"{_f(s.denominator.rate):>7}"
        )
    if per_id and "all" in groups:
        lines += ["", f"{'id':<46}{'gold':>6}{'P':>7}{'R':>7}"]
        for ind, t in sorted(groups["all"].per_id.items()):
            lines.append(f"{ind:<46}{t.tp + t.fn:>6}{_f(t.precision):>7}{_f(t.recall):>7}")
    return "\n".join(lines)


def format_examples(results: list[tuple[Example, bool, str]]) -> str:
    """Pass rates of the catalog examples: overall, positive/negative, per language."""
    c: Counter[tuple[str, bool]] = Counter()
    for ex, ok, _ in results:
        kind = ("positive" if ex.positive else "negative") + "_" + ex.language
        c[(kind, ok)] += 1
        c[("all", ok)] += 1
    kinds = sorted({k for k, _ in c})
    rows = [f"{'examples':<16}{'pass':>6}{'total':>7}{'rate':>7}"]
    for k in kinds:
        tot = c[(k, True)] + c[(k, False)]
        rows.append(f"{k:<16}{c[(k, True)]:>6}{tot:>7}{c[(k, True)] / tot:>7.3f}")
    return "\n".join(rows)
