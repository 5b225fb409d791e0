"""Time the build at several scales beside a regex floor, and the corpus, CLI and ingest paths.

Usage::

    python benchmarks/bench_build.py                      # sizes 10, 100, 1000, 5000
    python benchmarks/bench_build.py --sizes 10,100       # quick (CI)
    python benchmarks/bench_build.py --repeat 3 --skip-corpus

For each size a synthetic corpus is written into a temporary copy of the project
(``ANALYSIS_ROOT``; nothing in the working tree changes): real paragraphs of the seed reports,
recombined with a fixed seed (runs are comparable) under the four provinces and distinct
monthly periods. Every build runs in a fresh Python process, so imports and memory are those
of a real ``python -m analysis build``; the table shows, per size:

* ``full``: a first build with an empty cache (wall seconds, min of ``--repeat``), its MB/s
  and reports/s, and its CPU seconds (parent + workers, min of ``--repeat``);
* ``floor``: one pass of a number regex over the same files (read + decode + ``finditer``,
  min of 5): the speed no extractor that looks at every byte can beat; ``ratio`` is floor
  MB/s over ours (how many times slower than the floor we are);
* ``unchanged``: a rebuild with nothing changed; ``one new``: one report added, then rebuilt
  (a different one in each of ``--repeat`` runs);
* ``peak``: the parent's peak RSS in the full build; ``MiB/rep``: how much that peak grows per
  report, the slope from a 10-report baseline build (run once more when 10 is not among the
  sizes, so one size alone is measured too); ``wkr``: the largest worker's peak RSS.

On a shared machine wall time is noisy: compare min of several runs, and the CPU column.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = {
    "an-giang": "An Giang",
    "tra-vinh": "Trà Vinh",
    "bac-giang": "Bắc Giang",
    "quang-ngai": "Quảng Ngãi",
}
#: The floor: every number-like token, as a figure extractor must find them at least.
FLOOR_RE = re.compile(r"\d+(?:[.,]\d+)*(?:\s*%)?")
#: Distinct monthly periods: 1990-2024 first (as the benchmark always did), then 1900-1989.
MONTHS = [(y, m) for y in (*range(1990, 2025), *range(1900, 1990)) for m in range(1, 13)]


# --- the child process: one build, measured -----------------------------------------------


def _child(mode: str) -> None:
    """Run one build in this fresh process and print its measurements as JSON."""
    t0 = time.perf_counter()
    from analysis.pipeline import build

    imported = time.perf_counter() - t0
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res = build(full=mode.startswith("full"), progress=False)
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "build": res.seconds,
                "imports": imported,
                "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                "rss_mib": me.ru_maxrss / 1024,
                "rss_after_imports_mib": rss0 / 1024,
                "worker_rss_mib": kids.ru_maxrss / 1024,
                "reports": res.reports,
                "extracted": res.extracted,
                "timings": res.timings,
            }
        )
    )


def _run_build(root: Path, mode: str) -> dict:
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    out = subprocess.run(
        [sys.executable, __file__, "--_child", mode],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- synthetic corpora ---------------------------------------------------------------------


def _project(dst: Path) -> Path:
    shutil.copytree(ROOT / "data" / "raw", dst / "data" / "raw")
    return dst


def _paragraphs() -> list[str]:
    out = []
    for p in sorted((ROOT / "data/raw/reports").glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if len(para.strip()) > 40 and "\t" not in para:
                out.append(para.strip())
    return out


def _manifest_row(i: int, text: str, fname: str) -> dict[str, str]:
    """One synthetic report's manifest row (the optional columns it lacks are written empty)."""
    import calendar

    slug, name = list(PROVINCES.items())[i % 4]
    y, m = MONTHS[i // 4]
    last = calendar.monthrange(y, m)[1]
    data = text.encode("utf-8")
    return {
        "report_id": f"{slug}-{y}-{m:02d}",
        "province": name,
        "period_label": f"{y}-{m:02d}",
        "period_start": f"{y}-{m:02d}-01",
        "period_end": f"{y}-{m:02d}-{last:02d}",
        "issuer": "synthetic",
        "title": f"synthetic {i}",
        "doc_type": "report",
        "file": fname,
        "sha256": hashlib.sha256(data).hexdigest(),
        "source_name": fname,
    }


def _write_manifest(reports: Path, rows: list[dict[str, str]]) -> None:
    """The manifest with the project's own columns (:data:`analysis.corpus.manifest.COLUMNS`)."""
    import csv

    from analysis.corpus.manifest import COLUMNS

    with open(reports / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, restval="", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def synthetic_project(dst: Path, n: int) -> tuple[Path, list[dict[str, str]], int]:
    """A project copy with ``n`` synthetic reports: (root, manifest rows, text bytes)."""
    root = _project(dst)
    reports = root / "data/raw/reports"
    for p in reports.iterdir():
        if p.name != "manifest.csv":
            p.unlink()
    (root / "data/raw/reference/reviews.csv").unlink()  # reviews point at the real reports
    rng = random.Random(20261127)
    paras = _paragraphs()
    rows, nbytes = [], 0
    for i in range(n):
        text = "\n\n".join(rng.sample(paras, 40)) + "\n"
        slug = list(PROVINCES)[i % 4]
        y, m = MONTHS[i // 4]
        fname = f"{slug}_{y}-{m:02d}_synthetic.txt"
        (reports / fname).write_text(text, encoding="utf-8", newline="\n")
        nbytes += len(text.encode("utf-8"))
        rows.append(_manifest_row(i, text, fname))
    _write_manifest(reports, rows)
    return root, rows, nbytes


def _add_one(root: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Add one new synthetic report to the manifest (the quarterly drop); the new rows."""
    rng = random.Random(len(rows))
    text = "\n\n".join(rng.sample(_paragraphs(), 40)) + "\n"
    i = len(rows)
    slug = list(PROVINCES)[i % 4]
    y, m = MONTHS[i // 4]
    fname = f"{slug}_{y}-{m:02d}_synthetic.txt"
    (root / "data/raw/reports" / fname).write_text(text, encoding="utf-8", newline="\n")
    rows = [*rows, _manifest_row(i, text, fname)]
    _write_manifest(root / "data/raw/reports", rows)
    return rows


def regex_floor(root: Path, repeat: int = 5) -> float:
    """Seconds for one number-regex pass over every report file (min of ``repeat``)."""
    files = sorted((root / "data/raw/reports").glob("*.txt"))
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        n = 0
        for p in files:
            for _m in FLOOR_RE.finditer(p.read_bytes().decode("utf-8")):
                n += 1
        best = min(best, time.perf_counter() - t)
    return best


#: The size whose peak memory the per-report growth is measured from.
BASELINE = 10


def per_report_mib(peak: float, n: int, base_peak: float, base_n: int) -> float | None:
    """The parent's peak RSS growth per report from the baseline build (None at the baseline:
    a slope needs two sizes)."""
    return (peak - base_peak) / (n - base_n) if n > base_n else None


def baseline_peak(tmp: Path, results: list[dict]) -> tuple[float, int]:
    """(peak MiB, reports) of the baseline full build: from ``results`` when it holds the
    baseline size, else one cold full build of that size run now."""
    for r in results:
        if r["n"] == BASELINE:
            return r["rss"], BASELINE
    root, _rows, _nbytes = synthetic_project(tmp / f"baseline-{BASELINE}", BASELINE)
    peak = _run_build(root, "full-cold")["rss_mib"]
    shutil.rmtree(root, ignore_errors=True)
    return peak, BASELINE


def bench_size(tmp: Path, n: int, repeat: int) -> dict:
    root, rows, nbytes = synthetic_project(tmp / f"synthetic-{n}", n)
    floor = regex_floor(root)
    fulls = []
    for _ in range(repeat):
        for d in ("data/processed", "data/cache"):
            shutil.rmtree(root / d, ignore_errors=True)
        fulls.append(_run_build(root, "full-cold"))
    unchanged = [_run_build(root, "incremental") for _ in range(repeat)]
    one_new = []
    for _ in range(repeat):  # a different new report each time
        rows = _add_one(root, rows)
        one_new.append(_run_build(root, "incremental"))
    shutil.rmtree(root, ignore_errors=True)
    return {
        "n": n,
        "mb": nbytes / 1e6,
        "floor": floor,
        "full": min(r["wall"] for r in fulls),
        "full_cpu": min(r["cpu"] for r in fulls),
        "rss": min(r["rss_mib"] for r in fulls),
        "worker_rss": min(r["worker_rss_mib"] for r in fulls),
        "unchanged": min(r["wall"] for r in unchanged),
        "unchanged_cpu": min(r["cpu"] for r in unchanged),
        "one_new": min(r["wall"] for r in one_new),
        "one_new_cpu": min(r["cpu"] for r in one_new),
        "one_new_extracted": one_new[0]["extracted"],
        "timings": min(fulls, key=lambda r: r["wall"])["timings"],
    }


def print_table(results: list[dict]) -> None:
    head = (
        f"{'reports':>7} {'MB':>6} | {'full s':>7} {'cpu s':>6} {'MB/s':>6} {'rep/s':>6} | "
        f"{'floor MB/s':>10} {'ratio':>6} | {'unchgd s':>8} {'cpu s':>6} "
        f"{'1 new s':>7} {'cpu s':>6} | "
        f"{'peak MiB':>8} {'MiB/rep':>7} {'wkr':>5}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        ours, floor = r["mb"] / r["full"], r["mb"] / r["floor"]
        growth = "-" if r["mib_per_report"] is None else f"{r['mib_per_report']:.3f}"
        print(
            f"{r['n']:>7} {r['mb']:>6.1f} | {r['full']:>7.2f} {r['full_cpu']:>6.2f} "
            f"{ours:>6.2f} {r['n'] / r['full']:>6.0f} | {floor:>10.1f} {floor / ours:>5.0f}x | "
            f"{r['unchanged']:>8.2f} {r['unchanged_cpu']:>6.2f} {r['one_new']:>7.2f} "
            f"{r['one_new_cpu']:>6.2f} | "
            f"{r['rss']:>8.0f} {growth:>7} {r['worker_rss']:>5.0f}"
        )
    base = results[0]["baseline"]
    print(f"   MiB/rep: peak growth per report from a {base[1]}-report build ({base[0]:.0f} MiB)")
    for r in results:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["timings"].items())
        print(f"   {r['n']} full, stages (s): {stages}")


# --- the corpus, the command line, ingest --------------------------------------------------


def bench_corpus(tmp: Path, repeat: int) -> None:
    """The seed corpus: full build, cached rebuild, and the cold CLI (imports included)."""
    root = _project(tmp / "corpus")
    _run_build(root, "full-cold")
    full = min(_run_build(root, "full")["wall"] for _ in range(repeat))
    cached = [_run_build(root, "incremental") for _ in range(repeat)]
    n = cached[0]["reports"]
    print(f"corpus ({n} reports): full {full:.2f} s, cached {min(r['wall'] for r in cached):.2f} s")
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    cli, imp = [], []
    for _ in range(max(repeat, 5)):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "-q", "build"], env=env, check=True)
        cli.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import analysis.cli"], env=env, check=True)
        imp.append(time.perf_counter() - t)
    print(
        f"cold `python -m analysis build` (cached, fresh process): min {min(cli):.2f} s, "
        f"median {sorted(cli)[len(cli) // 2]:.2f} s; `import analysis.cli` {min(imp):.2f} s"
    )


def bench_ingest(tmp: Path) -> None:
    root = _project(tmp / "ingest")
    _run_build(root, "incremental")
    src = tmp / "drop.txt"
    text = (root / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("86,4%", "91,2%"), encoding="utf-8")
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "-q",
            "ingest",
            str(src),
            "--province",
            "An Giang",
            "--period",
            "2025-03",
            "--issuer",
            "Sở Thông tin và Truyền thông",
        ],
        env=env,
        check=True,
    )
    print(f"ingest + incremental rebuild (CLI, fresh process): {time.perf_counter() - t:.2f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000,5000", help="comma-separated report counts")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement (min is shown)")
    ap.add_argument("--skip-corpus", action="store_true", help="only the synthetic sizes")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        _child(args._child)
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "note: PYTHONDONTWRITEBYTECODE is set: every build process compiles its imports "
            "from source (~0.8 s each); unset it to measure what users see",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="bench-") as d:
        tmp = Path(d)
        if not args.skip_corpus:
            bench_corpus(tmp, args.repeat)
            bench_ingest(tmp)
        results = [bench_size(tmp, n, args.repeat) for n in sizes]
        base_peak, base_n = baseline_peak(tmp, results)
    for r in results:
        r["baseline"] = (base_peak, base_n)
        r["mib_per_report"] = per_report_mib(r["rss"], r["n"], base_peak, base_n)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
