"""Period and scope accuracy on the labelled evaluation set (tests/evaluation/*.yaml).

Each case's text is read as a small report (with the case's province, period and issuer),
its figures extracted and given their period and scope; every labelled figure found (same
line and value) is compared with its label: ``period`` (a label, ``@YYYY-MM-DD`` for a stock
as of a day, or absent: the report's period) and ``scope``. Prints accuracy per style and
overall, and with ``-v`` every miss.

    .venv/bin/python benchmarks/eval_periods_scopes.py [-v]
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from analysis.corpus.periods import parse_period
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.figure_periods import assign_periods
from analysis.facts.scopes import load_scope_rules
from analysis.reading.reports import parse_report_text
from analysis.reading.time_expressions import Span

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "evaluation"


def expected_span(label: str | None, report: Span) -> tuple[str, str]:
    if not label:
        return report.first.isoformat(), report.last.isoformat()
    label = str(label)
    if label.startswith("@"):
        return label[1:], label[1:]
    p = parse_period(label)
    return p.start.isoformat(), p.end.isoformat()


def run(verbose: bool = False) -> dict[str, Counter]:
    cat, scopes = load_catalog(), load_scope_rules()
    tally: dict[str, Counter] = {}
    for path in sorted(EVAL.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "cases" not in doc:
            continue
        c = tally.setdefault(doc.get("style", path.stem), Counter())
        for case in doc["cases"]:
            meta = {**doc.get("defaults", {}), **(case.get("report") or {})}
            p = parse_period(str(meta["period"]))
            ref = Span(p.start, p.end)
            rep = parse_report_text(str(case["text"]).encode("utf-8"))
            rows = extract_report(rep, "eval", cat, scopes)
            assign_periods(rep, rows, ref)
            got = {(r.line, round(r.value, 6)): r for r in rows}
            for fig in case.get("figures") or []:
                r = got.get((int(fig.get("line", 1)), round(float(fig["value"]), 6)))
                c["figures"] += 1
                if r is None:
                    c["not_found"] += 1
                    continue
                want = expected_span(fig.get("period"), ref)
                ok = (r.period_start, r.period_end) == want
                c["period_ok"] += ok
                c["period_n"] += 1
                if "scope" in fig:
                    c["scope_n"] += 1
                    c["scope_ok"] += r.scope == fig["scope"]
                    if verbose and r.scope != fig["scope"]:
                        print(f"SCOPE {case['id']} {fig['value']}: {r.scope} != {fig['scope']}")
                if verbose and not ok:
                    print(
                        f"PERIOD {case['id']} {fig['value']}: {r.period_start}..{r.period_end}"
                        f" != {want[0]}..{want[1]} | {str(case['text'])[:110]!r}"
                    )
    return tally


def main() -> None:
    tally = run("-v" in sys.argv)
    total: Counter = Counter()
    print(f"{'style':<22}{'figures':>8}{'found':>7}{'period':>9}{'scope':>9}")
    for style, c in tally.items():
        total.update(c)
        _line(style, c)
    _line("overall", total)
    print(f"(evaluated {date.today().isoformat()})")


def _line(name: str, c: Counter) -> None:
    per = c["period_ok"] / c["period_n"] if c["period_n"] else float("nan")
    sc = c["scope_ok"] / c["scope_n"] if c["scope_n"] else float("nan")
    found = c["figures"] - c["not_found"]
    print(f"{name:<22}{c['figures']:>8}{found:>7}{per:>9.3f}{sc:>9.3f}")


if __name__ == "__main__":
    main()
