"""Small helpers for the ingest attacks (tests/adversarial/test_input_*.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_ingest import ISSUER, tree  # tests/ is on sys.path (its conftest.py)

__all__ = ["ISSUER", "META", "REPORT", "cli", "tree", "write"]
META = {"province": "An Giang", "period": "2025-02", "issuer": ISSUER}
#: A short report in the corpus's style (a title under BÁO CÁO, two figures).
REPORT = (
    "BÁO CÁO\n"
    "Kết quả chuyển đổi số tháng 02 năm 2025\n"
    "\n"
    "1. Dịch vụ công trực tuyến\n"
    "- Tỷ lệ hồ sơ trực tuyến đạt 80%.\n"
    "- Số hồ sơ tiếp nhận: 1.250 hồ sơ.\n"
)


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` (ANALYSIS_ROOT from the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
