"""What each indicator measures (``data/raw/reference/measures.yaml``), and which measure a
given value has.

Two values are comparable only when they have the same indicator *and* the same measure: the
same thing counted over the same population. Reports often publish a different measure under
one indicator (certificates *issued* vs *in use*; dossiers *submitted* vs *resolved* online;
community-team members trained in two districts in one month vs the whole province in a year);
each such case is a ``variant`` whose ``match`` regexes pick it from the figure's own words.

Published as two tables: ``measures`` (one row per indicator × measure, with what is counted,
over what population, the kind — rate, stock, flow — and whether it grows with a province's
size) and ``value_measures`` (the measure of every row of ``indicators``, which keys its
values by measure: one row per province, period, indicator and measure).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .. import paths
from ..safe_yaml import safe_load
from ..schemas import VALUE_KEY, typed
from ..text import fold

FILE = "measures.yaml"
KINDS = ("rate", "stock", "flow")
#: How far before the quote (in the folded line) a variant's words may stand, and after it
#: (the nouns that follow a figure: "3.916 chứng thư số đang hoạt động").
WINDOW = 160
AFTER = 60


class MeasureError(ValueError):
    """measures.yaml breaks its rules (message names file, entry and problem)."""


@dataclass(frozen=True)
class Measure:
    indicator: str
    measure: str  # the indicator id for its own measure, else "<id>:<variant>"
    counts: str
    population: str
    kind: str
    scale: bool
    over_time: bool  # False: the definition changed between reports (no change computed)
    patterns: tuple[re.Pattern[str], ...] = ()
    counts_vi: str = ""  # what is counted, in the Vietnamese edition's words
    population_vi: str = ""  # over what population, in the Vietnamese edition's words
    level: bool = False  # a level on a date (a stock, or a rate with `level`): "as of" its end


def source_path() -> Path:
    return paths.reference_dir() / FILE


def _entry(ind: str, spec: object, where: str) -> list[Measure]:
    if not isinstance(spec, dict):
        raise MeasureError(f"{where}: {ind}: expected a mapping")
    missing = [k for k in ("counts", "population", "kind") if not spec.get(k)]
    if missing:
        raise MeasureError(f"{where}: {ind}: missing {', '.join(missing)}")
    if spec["kind"] not in KINDS:
        raise MeasureError(f"{where}: {ind}: kind {spec['kind']!r} is not one of {KINDS}")
    scale = bool(spec.get("scale", False))
    over_time = not bool(spec.get("not_comparable_over_time", False))
    level = spec["kind"] == "stock" or bool(spec.get("level", False))
    if spec.get("level") and spec["kind"] != "rate":
        raise MeasureError(f"{where}: {ind}: `level` is for a rate (a stock is a level already)")
    own = Measure(
        ind,
        ind,
        str(spec["counts"]),
        str(spec["population"]),
        spec["kind"],
        scale,
        over_time,
        counts_vi=str(spec.get("counts_vi") or ""),
        population_vi=str(spec.get("population_vi") or ""),
        level=level,
    )
    out = [own]
    for i, var in enumerate(spec.get("variants") or []):
        vwhere = f"{where}: {ind}: variant {i + 1}"
        if not isinstance(var, dict) or not var.get("id") or not var.get("match"):
            raise MeasureError(f"{vwhere}: needs an id and at least one match regex")
        try:
            pats = tuple(re.compile(p) for p in var["match"])
        except re.error as exc:
            raise MeasureError(f"{vwhere}: bad regex: {exc}") from exc
        out.append(
            Measure(
                ind,
                f"{ind}:{var['id']}",
                str(var.get("counts", own.counts)),
                str(var.get("population", own.population)),
                str(var.get("kind", own.kind)),
                bool(var.get("scale", scale)),
                over_time,
                pats,
                str(var.get("counts_vi") or ""),
                # a variant over the same population as its indicator says it in the same words
                str(
                    var.get("population_vi") or ("" if var.get("population") else own.population_vi)
                ),
                _variant_level(var, own),
            )
        )
    return out


def _variant_level(var: dict, own: Measure) -> bool:
    """A variant is a level when it is a stock, says ``level``, or keeps its indicator's kind
    and the indicator is one."""
    kind = str(var.get("kind", own.kind))
    if kind == "stock":
        return True
    if "level" in var:
        return bool(var["level"])
    return own.level and kind == own.kind


def load_measures(path: Path | None = None) -> dict[str, list[Measure]]:
    """Indicator id → its measures (own first, then variants); raises :class:`MeasureError`."""
    path = path or source_path()
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MeasureError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("measures"), dict):
        raise MeasureError(f"{path.name}: expected a top-level 'measures' mapping")
    return {ind: _entry(ind, spec, path.name) for ind, spec in data["measures"].items()}


def base_id(indicator: str) -> str:
    """A target's id without its suffix: a goal has the measure of the value it targets."""
    return indicator.removesuffix("_target")


def measure_of(
    indicator: str, quote: str, line_text: str, measures: Mapping[str, list[Measure]]
) -> str:
    """The measure id of one value: the first variant whose regex matches the figure's words
    (the quote, up to :data:`WINDOW` characters of its line before it and :data:`AFTER`
    after it), else the indicator's own measure."""
    base = base_id(indicator)
    entries = measures.get(base)
    if not entries:
        return base
    q, line = fold(quote), fold(line_text)
    at = line.find(q)
    if at >= 0:
        end = at + len(q)
        context = line[max(0, at - WINDOW) : at] + q + line[end : end + AFTER]
    else:
        context = q
    for m in entries[1:]:
        if any(p.search(context) for p in m.patterns):
            return m.measure
    return base


def measures_frame(measures: dict[str, list[Measure]], catalog_ids: list[str]) -> pd.DataFrame:
    """The published ``measures`` table; an id the YAML lacks gets its own measure with
    ``documented`` False (counts/population then read from the catalog definition)."""
    rows = []
    for ind in catalog_ids:
        for m in measures.get(ind, []):
            rows.append(
                {
                    "indicator": ind,
                    "measure": m.measure,
                    "counts": m.counts,
                    "counts_vi": m.counts_vi,
                    "population": m.population,
                    "population_vi": m.population_vi,
                    "kind": m.kind,
                    "scale_dependent": m.scale,
                    "comparable_over_time": m.over_time,
                    "level": m.level,
                    "documented": True,
                }
            )
        if ind not in measures:
            rows.append(
                {
                    "indicator": ind,
                    "measure": ind,
                    "counts": "",
                    "counts_vi": "",
                    "population": "",
                    "population_vi": "",
                    "kind": "",
                    "scale_dependent": False,
                    "comparable_over_time": True,
                    "level": False,
                    "documented": False,
                }
            )
    return typed("measures", pd.DataFrame(rows))


def value_measures_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    """The published ``value_measures`` table: the key of every ``indicators`` row, whose
    ``measure`` :func:`~analysis.tables.indicators.indicators_frame` read from each figure's
    words (:func:`measure_of`)."""
    return typed("value_measures", indicators[list(VALUE_KEY)])
