"""Helpers of the storage/pipeline attacks (tests/adversarial/test_store_*.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ISSUER = "Sở Thông tin và Truyền thông tỉnh An Giang"


def report_text(month: int, percent: int = 80) -> str:
    """A small valid report for An Giang, month ``month`` of 2025."""
    return (
        f"BÁO CÁO\nKết quả chuyển đổi số tháng {month:02d} năm 2025\n\n"
        f"- Tỷ lệ hồ sơ trực tuyến toàn trình đạt {percent}%.\n"
    )


def write_report(folder: Path, month: int, percent: int = 80) -> Path:
    path = folder / f"bao-cao-{month:02d}.txt"
    path.write_text(report_text(month, percent), encoding="utf-8")
    return path


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None, **kw):
    """``python -m analysis ARGS`` against the project copy at ``root`` (a Popen if ``wait``
    is False, else the completed process)."""
    full_env = {**os.environ, "ANALYSIS_ROOT": str(root), **(env or {})}
    cmd = [sys.executable, "-m", "analysis", *args]
    if kw.pop("wait", True):
        return subprocess.run(cmd, capture_output=True, text=True, env=full_env, check=False)
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env
    )


def ingest_args(path: Path, month: int) -> list[str]:
    return [
        "ingest",
        str(path),
        "--province",
        "An Giang",
        "--period",
        f"2025-{month:02d}",
        "--issuer",
        ISSUER,
        "--no-build",
    ]


def corpus_is_whole(root: Path) -> list[str]:
    """Problems with the corpus at ``root``: a manifest row whose file is missing or wrong, a
    report file no row references, or a temporary file left behind ([] when whole)."""
    from analysis.corpus.manifest import read_manifest

    reports = root / "data" / "raw" / "reports"
    df = read_manifest(reports / "manifest.csv")
    problems = []
    named = set(df["file"]) | {f for f in df.get("original_file", []) if f}
    for rec in df.to_dict("records"):
        p = reports / rec["file"]
        if not p.exists() or hashlib.sha256(p.read_bytes()).hexdigest() != rec["sha256"]:
            problems.append(f"row {rec['report_id']}: file {rec['file']} missing or changed")
    for p in reports.iterdir():
        if p.name == "manifest.csv":
            continue
        if p.name.startswith("."):
            problems.append(f"left behind: {p.name}")
        elif p.name not in named:
            problems.append(f"unreferenced: {p.name}")
    return problems


#: Runs ``build`` or ``ingest ARGS`` and dies like ``kill -9`` right after the N-th rename
#: whose destination path contains WHERE (argv: N WHERE FALLBACK COMMAND...). FALLBACK=1
#: disables the one-step directory exchange, as on systems without it.
KILLER = """
import os, sys
import analysis.storage as st
n_kill, where, fallback = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
real, count = os.replace, [0]
def replace(src, dst, *a, **kw):
    real(src, dst, *a, **kw)
    if where in str(dst):
        count[0] += 1
        if count[0] == n_kill:
            os._exit(9)
os.replace = replace
if fallback:
    st._exchange = lambda a, b: False
from analysis.cli import main
sys.exit(main(sys.argv[4:]))
"""


def run_killed(root: Path, n: int, where: str, *args: str, fallback: bool = False):
    """Run ``python -m analysis ARGS`` in ``root`` and kill it after the ``n``-th rename to a
    path containing ``where`` (see :data:`KILLER`)."""
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    cmd = [sys.executable, "-c", KILLER, str(n), where, "1" if fallback else "0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
