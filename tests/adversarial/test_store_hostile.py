"""D13, D14, D25: a hostile report — figures in every construction the checks look into
(breakdowns in brackets, "gồm" and "Trong đó" listings, shares of counts, repeated quotes,
dates, scope cues), written as one long line or as many lines — is read, audited and
published in time and memory proportional to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import ISSUER

from analysis.checks.audit import audit_extracted
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.figure_periods import assign_periods, report_span
from analysis.reading.reports import parse_report_text

#: The constructions the checks look into, one round each (numbers change each round, so no
#: quote repeats forever; no '. ' ends a sentence, only "Trong đó" clauses end at '; ').
KINDS = {
    "brackets": "đã tiếp nhận {a} hồ sơ ({b} trực tiếp, {c} trực tuyến (tỷ lệ {p},3%)), "
    "(((({d} điểm cầu ))) ",
    "gồm": "{a} hồ sơ gồm: {b} hồ sơ, {c} hồ sơ, ",
    "trong đó": "tiếp nhận {a} hồ sơ; Trong đó: tiếp nhận {b} hồ sơ; tiếp nhận {c} hồ sơ ",
    "shares": "{c} hồ sơ trực tuyến trên tổng số {a} hồ sơ, đạt {p},8%, 100% {a}/{b} ",
    "repeats": "12 hồ sơ, 12 hồ sơ, 1.1.1.1.1.1 =1+{d} @x ",
    "dates": "năm 202{y} đạt {p}%, quý I/2024 có {b} hồ sơ, so với năm 2022 ({p},07%) "
    "từ {p}% lên {q}% giai đoạn 2021-2025 ",
    "scopes": "ở cấp huyện {d} xã, cấp xã: {b}, 50% dịch vụ công trực tuyến toàn trình ",
}


def hostile_text(size: int, kinds: tuple[str, ...] = tuple(KINDS), *, one_line: bool) -> str:
    """A report of about ``size`` bytes: a title, then rounds of the ``kinds``, on one line
    or one construction a line."""
    parts, total, i = [], 0, 0
    while total < size:
        for kind in kinds:
            n = {"a": 5000 + i, "b": 3000 + i, "c": 1000 + i, "d": 7 + i % 50}
            s = KINDS[kind].format(**n, p=i % 97, q=i * 7 % 97, y=i % 10)
            s += "" if one_line else "\n"
            parts.append(s)
            total += len(s.encode())
        i += 1
    return "BÁO CÁO\nKết quả chuyển đổi số tháng 02 năm 2025\n\n" + "".join(parts) + "\n"


def _read_and_audit(text: str) -> tuple[float, list, list]:
    """CPU seconds to extract, date and audit the figures of ``text``; the figures; findings."""
    report = parse_report_text(text.encode(), Path("hostile.txt"))
    catalog = load_catalog()
    start = time.process_time()
    rows = extract_report(report, "x", catalog)
    assign_periods(report, rows, report_span("2025-02-01", "2025-02-28"))
    findings = audit_extracted(rows, "An Giang", catalog)
    return time.process_time() - start, rows, findings


#: What each construction makes the audit find (so the test knows the checks looked).
FINDS = {
    "brackets": "implied_share",
    "gồm": "breakdown_sum",
    "trong đó": "breakdown_sum",
    "shares": "share_vs_counts",
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_long_hostile_line_is_read_and_audited_in_linear_time(kind):
    """40 kB on one line, CPU before the fixes: 'gồm' listings ~470 s (the audit compared
    every listing with every figure after it), shares ~7 s, brackets ~6 s, dates ~1 s
    (each figure's period looked at every other figure)."""
    spent, rows, findings = _read_and_audit(hostile_text(40_000, (kind,), one_line=True))
    assert len(rows) > 100
    if kind in FINDS:
        assert FINDS[kind] in {f.check for f in findings}
    if kind == "dates":
        assert len({r.period_start for r in rows}) > 2  # the dates were read
    assert spent < 3.0, f"{spent:.1f} s of CPU for 40 kB of {kind}"


def _run_measured(root: Path, *args: str) -> tuple[int, float, int, str]:
    """``python -m analysis ARGS`` at ``root``: exit code, CPU seconds (user + system, its
    children included) and peak resident memory (bytes) of that process, and its stderr."""
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    err = root / "stderr.txt"
    with open(err, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "analysis", *args], stdout=subprocess.DEVNULL, stderr=fh, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    cpu = usage.ru_utime + usage.ru_stime
    return proc.returncode, cpu, usage.ru_maxrss * scale, err.read_text()


def _ingest(root: Path, path: Path) -> tuple[int, float, int, str]:
    args = ["ingest", str(path), "--province", "An Giang", "--period", "2025-02"]
    return _run_measured(root, *args, "--issuer", ISSUER)


def _cache_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "data" / "cache").rglob("*") if p.is_file())


@pytest.fixture()
def two_copies(built, tmp_path):
    """Two copies of the session's built project (tables and cache)."""
    out = []
    for name in ("small", "hostile"):
        dst = tmp_path / name
        shutil.copytree(built["_root"], dst)
        out.append(dst)
    return out


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 (POSIX)")
@pytest.mark.parametrize("one_line", [True, False], ids=["one-line", "many-lines"])
def test_a_hostile_200_kb_report_is_ingested_and_built_within_budget(
    one_line, two_copies, tmp_path
):
    """Ingest + build of 200 kB of hostile text: under 20 s of CPU (measured 11 s on one
    line, 9 s on many); memory and cache proportional to the text (before the fixes a
    206 kB line made a 415 MB cache entry and the audit alone ran for hours)."""
    small_root, root = two_copies
    small = tmp_path / "small.txt"
    small.write_text(hostile_text(2_000, one_line=one_line), encoding="utf-8")
    big = tmp_path / "hostile.txt"
    big.write_text(hostile_text(200_000, one_line=one_line), encoding="utf-8")
    size = big.stat().st_size

    rc, _, small_rss, err = _ingest(small_root, small)
    assert rc == 0, err
    cache_before = _cache_bytes(root)
    rc, cpu, rss, err = _ingest(root, big)
    assert rc == 0, err
    assert cpu < 20.0, f"ingest + build of {size:,} bytes took {cpu:.1f} s of CPU"
    grown = rss - small_rss
    assert grown < 1000 * size, f"peak memory {rss / 2**20:.0f} MiB, {grown / size:.0f}× the text"
    cached = _cache_bytes(root) - cache_before
    assert cached < 100 * size, f"cache grew by {cached:,} bytes for a {size:,}-byte text"
    out = root / "data" / "processed" / "facts.csv"
    assert out.stat().st_size > size  # its figures were published


def test_peak_memory_is_measured_per_process():
    """The rusage of :func:`os.wait4` is the child's own (not the test runner's maximum)."""
    if not hasattr(os, "wait4"):
        pytest.skip("needs os.wait4 (POSIX)")
    proc = subprocess.Popen([sys.executable, "-c", "x = bytearray(200 * 2**20)"])
    _, _, usage = os.wait4(proc.pid, 0)
    assert usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) > 200 * 2**20
