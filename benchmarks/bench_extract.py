"""Time figure extraction (``extract_report``): per report in ms and in MB/s, and linearity.

Usage: ``python benchmarks/bench_extract.py [--repeat 5]``

Runs in this process on the corpus in ``data/raw/reports`` (each report extracted ``repeat``
times, best time kept), on the English and Vietnamese evaluation cases glued into reports of
about 15 kB, and on one line and one report made 1x, 2x, 4x and 8x longer: a linear scan
costs twice as much for twice the text (the ratio column stays near 1). Times are the CPU
time of this process (``time.process_time``), so a busy machine inflates them less.
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.corpus.manifest import load_manifest  # noqa: E402
from analysis.facts.catalog import load_catalog  # noqa: E402
from analysis.facts.evaluation import load_cases  # noqa: E402
from analysis.facts.extract import extract_report  # noqa: E402
from analysis.facts.scopes import load_scope_rules  # noqa: E402
from analysis.reading.reports import parse_report_text  # noqa: E402


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _line(name: str, seconds: float, nbytes: int, n: int = 1) -> str:
    ms = seconds * 1000 / n
    mbs = nbytes / seconds / 1e6 if seconds else float("inf")
    return f"{name:<34}{nbytes / n / 1000:>8.1f} kB{ms:>10.2f} ms{mbs:>9.2f} MB/s"


def _glued(language: str, size: int = 15_000) -> list[bytes]:
    texts = [c.text for c in load_cases() if c.language == language]
    out, cur = [], ""
    for t in texts:
        cur += t + "\n\n"
        if len(cur.encode()) >= size:
            out.append(cur.encode())
            cur = ""
    return out


def _all(reports, cat, scopes, lang) -> None:
    for r in reports:
        extract_report(r, "x", cat, scopes, lang)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cat, scopes = load_catalog(), load_scope_rules()
    print(f"{'extract_report':<34}{'size':>11}{'per report':>13}{'speed':>14}")
    total_s = total_b = 0.0
    for rec in load_manifest().to_dict("records"):
        data = Path(rec["path"]).read_bytes()
        rep = parse_report_text(data, rec["path"])
        lang = rec.get("language") or "vi"
        s = _best(partial(extract_report, rep, rec["report_id"], cat, scopes, lang), args.repeat)
        total_s, total_b = total_s + s, total_b + len(data)
        print(_line(rec["report_id"], s, len(data)))
    n = len(load_manifest())
    print(_line("corpus (mean per report)", total_s, int(total_b), n))
    for lang in ("vi", "en"):
        reports = [parse_report_text(b) for b in _glued(lang)]
        nbytes = sum(len(b) for b in _glued(lang))
        s = _best(partial(_all, reports, cat, scopes, lang), 3)
        print(_line(f"evaluation cases {lang}, 15 kB reports", s, nbytes, len(reports)))
    print("\nlinearity (time ratio to the 1x input, divided by the length factor)")
    rep0 = load_manifest().to_dict("records")[0]
    text = Path(rep0["path"]).read_text(encoding="utf-8")
    line = " ".join(ln for ln in text.splitlines() if "%" in ln)[:2000]
    base_line = base_rep = 0.0
    for k in (1, 2, 4, 8):
        one = parse_report_text(((line + " ") * k).encode())
        big = parse_report_text((text + "\n").encode() * k)
        t_line = _best(partial(extract_report, one, "x", cat, scopes), 3)
        t_rep = _best(partial(extract_report, big, "x", cat, scopes), 2)
        base_line, base_rep = base_line or t_line, base_rep or t_rep
        print(
            f"  x{k}: one line {len(line) * k / 1000:6.1f} kB {t_line * 1000:8.1f} ms "
            f"(ratio {t_line / base_line / k:4.2f}); report {len(text) * k / 1000:6.1f} kB "
            f"{t_rep * 1000:8.1f} ms (ratio {t_rep / base_rep / k:4.2f})"
        )


if __name__ == "__main__":
    main()
