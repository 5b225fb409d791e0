"""Results that repeat a target's words: Resolution 17/NQ-CP's goals restated as results.

Several provincial plans copy the targets of Resolution 17/NQ-CP (2019) and their reports then
list the same sentences under "results" ("đạt được hơn 10% dịch vụ công trực tuyến sử dụng chữ
ký số…"). A figure whose value equals a target's and whose line carries the target's words is
flagged ``result_echoes_target`` (a warning): the book reads it as a restated goal, not a
measured result. Targets themselves (``_target`` ids) are not checked; recognising those is the
extraction's job. The target list is data: ``data/raw/reference/resolution17_targets.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import paths
from ..safe_yaml import safe_load
from ..schemas import records, values
from ..text import fold
from ..vocabulary import is_target
from .findings import Finding
from .messages import Said, said

FILE = "resolution17_targets.yaml"
CHECK = "result_echoes_target"


class EchoTargetsError(ValueError):
    """The target list breaks its rules (message names file, entry and problem)."""


@dataclass(frozen=True)
class Target:
    id: str
    value: float
    words: tuple[re.Pattern[str], ...]
    en: str
    vi: str = ""  # the same description in Vietnamese


def load_targets(path: Path | None = None) -> tuple[str, list[Target]]:
    """(source document, targets) of the reference list."""
    path = path or paths.reference_dir() / FILE
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EchoTargetsError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("targets"), list):
        raise EchoTargetsError(f"{path.name}: expected 'source' and a 'targets' list")
    out = []
    for i, t in enumerate(data["targets"], start=1):
        where = f"{path.name}: target {i}"
        if not isinstance(t, dict) or not all(
            t.get(k) is not None for k in ("id", "value", "words")
        ):
            raise EchoTargetsError(f"{where}: needs id, value and words")
        try:
            words = tuple(re.compile(w) for w in t["words"])
        except re.error as exc:
            raise EchoTargetsError(f"{where} ({t['id']}): bad regex: {exc}") from exc
        en = str(t.get("en", t["id"]))
        out.append(Target(str(t["id"]), float(t["value"]), words, en, str(t.get("vi") or "")))
    return str(data.get("source", "")), out


#: How many characters after a figure its noun phrase is looked for ("50% dịch vụ công…").
AFTER = 120


def _windows(
    keys: Iterable[tuple[object, object, object]],
    lines: Mapping[str, list[str]],
    wanted: Container[int],
) -> dict[int, str]:
    """For each figure (``(report_id, line, quote)``, in facts order) whose index is in
    ``wanted``, its quote and the words after it on its line; a quote that occurs twice on a
    line is found at its next occurrence (every figure takes its occurrence, wanted or not).
    Only the current line is kept folded and only the wanted windows are kept: holding every
    figure's window and every folded line of a 1,000-report corpus took 29 MiB."""
    used: set[tuple[int, str]] = set()  # (position, quote) taken on the current line
    done: dict[tuple[str, int], set[tuple[int, str]]] = {}  # the same for the lines left
    line_key: tuple[str, int] | None = None
    text = ""
    out = {}
    for i, (rid, n, quote) in enumerate(keys):
        key = (str(rid), int(n))  # type: ignore[call-overload]
        if key != line_key:
            if line_key is not None and used:
                done[line_key] = used
            line_key = key
            used = done.pop(key, set()) if done else set()
            report = lines.get(key[0], [])
            text = fold(report[key[1] - 1]) if 0 < key[1] <= len(report) else ""
        q = fold(str(quote))
        pos = text.find(q) if q else -1
        while pos >= 0 and (pos, q) in used:  # the same words twice on a line
            pos = text.find(q, pos + 1)
        if pos < 0:
            if i in wanted:
                out[i] = q
            continue
        used.add((pos, q))
        if i in wanted:
            out[i] = text[pos : pos + len(q) + AFTER]
    return out


def _taken(column: pd.Series, at: np.ndarray) -> list:
    """The values of ``column`` at the positions ``at``, as :func:`values` gives them."""
    return values(column.iloc[at])


def echo_findings(
    facts: pd.DataFrame, lines: Mapping[str, list[str]], path: Path | None = None
) -> list[Finding]:
    """One warning per figure (not a target) that repeats a target's value and words."""
    source, targets = load_targets(path)
    doc = source.split(" ngày")[0] or "the resolution"
    out = []
    # the rows not rejected, by position (the facts are not copied: 11 MiB for 1,000 reports)
    live = np.flatnonzero((facts["status"] != "rejected").to_numpy(dtype=bool))
    # only percentages that are not targets are checked: only they become Python records
    picked = [
        i
        for i, (unit, ind) in enumerate(
            zip(_taken(facts["unit"], live), _taken(facts["indicator"], live), strict=True)
        )
        if unit == "percent" and not (isinstance(ind, str) and is_target(ind))
    ]
    columns = (_taken(facts[c], live) for c in ("report_id", "line", "quote"))
    windows = _windows(zip(*columns, strict=True), lines, set(picked))
    rows = records(facts.iloc[live[picked]]) if picked else []
    for r, text in zip(rows, (windows[i] for i in picked), strict=True):
        ind = r.get("indicator")
        for t in targets:
            if float(r["value"]) == t.value and all(w.search(text) for w in t.words):
                out.append(
                    Finding(
                        CHECK,
                        "warning",
                        (
                            m := said(
                                "audit.echoes_target",
                                value=float(r["value"]),
                                target=Said(t.en, t.vi or t.en),
                                doc=doc,
                            )
                        ).en,
                        message_vi=m.vi,
                        report_id=str(r["report_id"]),
                        province=str(r["province"]),
                        line=int(r["line"]),
                        quote=str(r["quote"]),
                        indicator=ind if isinstance(ind, str) else "",
                        stated=float(r["value"]),
                        expected=t.value,
                    )
                )
                break
    return out
