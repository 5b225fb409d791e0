"""Time the heavy steps: build on the corpus, build on 1,000 synthetic reports, ingest + rebuild.

Usage: ``python benchmarks/bench_build.py [--reports 1000] [--skip-synthetic]``

Everything runs in temporary copies of the project (``ANALYSIS_ROOT``); nothing in the working
tree changes. Synthetic reports recombine real paragraphs of the corpus (seeded, so runs are
comparable) under the four provinces and distinct monthly periods.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = {
    "an-giang": "An Giang",
    "tra-vinh": "Trà Vinh",
    "bac-giang": "Bắc Giang",
    "quang-ngai": "Quảng Ngãi",
}


def _project(tmp: Path) -> Path:
    dst = tmp / "project"
    shutil.copytree(ROOT / "data" / "raw", dst / "data" / "raw")
    os.environ["ANALYSIS_ROOT"] = str(dst)
    return dst


def _rate(label: str, seconds: float, n: int, nbytes: int) -> str:
    return (
        f"{label:<34} {seconds:7.2f} s  {n / seconds:8.1f} reports/s  "
        f"{nbytes / seconds / 1e6:6.2f} MB/s"
    )


def bench_corpus(tmp: Path) -> None:
    from analysis.pipeline import build

    root = _project(tmp / "corpus")
    nbytes = sum(p.stat().st_size for p in (root / "data/raw/reports").glob("*.txt"))
    build(full=True, progress=False)  # warm imports, gazetteer and package validation
    t = time.perf_counter()
    res = build(full=True, progress=False)
    print(_rate("corpus, full re-extract", time.perf_counter() - t, res.reports, nbytes))
    print("   stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in res.timings.items()))
    t = time.perf_counter()
    res = build(progress=False)
    print(_rate("corpus, all cached", time.perf_counter() - t, res.reports, nbytes))


def _paragraphs() -> list[str]:
    out = []
    for p in sorted((ROOT / "data/raw/reports").glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if len(para.strip()) > 40 and "\t" not in para:
                out.append(para.strip())
    return out


def bench_synthetic(tmp: Path, n: int) -> None:
    from analysis.pipeline import build

    root = _project(tmp / "synthetic")
    reports = root / "data/raw/reports"
    for p in reports.glob("*.txt"):
        p.unlink()
    (root / "data/raw/reference/reviews.csv").unlink()  # reviews point at the real reports
    rng = random.Random(20261127)
    paras = _paragraphs()
    rows, nbytes = [], 0
    months = [(y, m) for y in range(1990, 2025) for m in range(1, 13)]
    for i in range(n):
        slug, name = list(PROVINCES.items())[i % 4]
        y, m = months[i // 4]
        text = "\n\n".join(rng.sample(paras, 40)) + "\n"
        data = text.encode("utf-8")
        nbytes += len(data)
        fname = f"{slug}_{y}-{m:02d}_synthetic.txt"
        (reports / fname).write_bytes(data)
        end = pd.Period(f"{y}-{m:02d}").end_time.date().isoformat()
        rows.append(
            {
                "report_id": f"{slug}-{y}-{m:02d}",
                "province": name,
                "period_label": f"{y}-{m:02d}",
                "period_start": f"{y}-{m:02d}-01",
                "period_end": end,
                "issuer": "synthetic",
                "title": f"synthetic {i}",
                "doc_type": "report",
                "file": fname,
                "sha256": hashlib.sha256(data).hexdigest(),
                "source_name": fname,
            }
        )
    manifest = reports / "manifest.csv"
    cols = pd.read_csv(manifest, nrows=0).columns
    pd.DataFrame(rows).reindex(columns=cols).fillna("").to_csv(manifest, index=False)
    t = time.perf_counter()
    res = build(full=True, progress=False)
    print(_rate(f"synthetic {n} reports, full", time.perf_counter() - t, res.reports, nbytes))
    print("   stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in res.timings.items()))


def bench_ingest(tmp: Path) -> None:
    try:
        from analysis.ingest import ingest
    except ImportError:
        print("ingest: analysis.ingest not available, skipped")
        return
    from analysis.pipeline import build

    root = _project(tmp / "ingest")
    build(progress=False)
    src = tmp / "drop.txt"
    text = (root / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("86,4%", "91,2%"), encoding="utf-8")
    t = time.perf_counter()
    ingest(src, province="An Giang", period="2025-03", issuer="Sở Thông tin và Truyền thông")
    res = build(progress=False)
    dt = time.perf_counter() - t
    print(
        f"{'ingest + incremental rebuild':<34} {dt:7.2f} s  ({res.extracted} report "
        f"re-extracted, {res.reports - res.extracted} cached)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as d:
        tmp = Path(d)
        bench_corpus(tmp)
        bench_ingest(tmp)
        if not args.skip_synthetic:
            bench_synthetic(tmp, args.reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
