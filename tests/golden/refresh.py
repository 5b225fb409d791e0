"""Refresh ``tests/golden/processed.sha256``: the digests of a fresh build of the corpus.

Run it (``make golden``) only when a change is *meant* to alter the published tables, and say
in the commit message which tables changed and why. The build runs in a temporary copy of
``data/raw`` (``ANALYSIS_ROOT``), so the working tree's ``data/processed`` and cache are not
touched and the result does not depend on them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("processed.sha256")


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every published file in ``folder`` (``data/processed`` of a build)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "README.md" and not p.name.startswith(".")
    }


def read_golden(path: Path = GOLDEN) -> dict[str, str]:
    """The committed digests (``sha256sum`` format: ``<hex>  <file>``)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            out[name.strip()] = digest
    return out


def fresh_build(tmp: Path) -> Path:
    """Build the corpus from scratch in ``tmp``; return its ``data/processed``."""
    shutil.copytree(ROOT / "data" / "raw", tmp / "data" / "raw")
    os.environ["ANALYSIS_ROOT"] = str(tmp)
    from analysis.pipeline import build

    build(full=True, progress=False)
    return tmp / "data" / "processed"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        found = digests(fresh_build(Path(tmp)))
    old = read_golden() if GOLDEN.exists() else {}
    header = "# sha256 of a fresh build of data/raw (tests/test_golden.py); refresh: make golden\n"
    GOLDEN.write_text(header + "".join(f"{d}  {n}\n" for n, d in found.items()), "utf-8")
    changed = sorted(n for n in set(old) | set(found) if old.get(n) != found.get(n))
    print(
        f"{GOLDEN.relative_to(ROOT)}: "
        + (", ".join(changed) + " changed" if changed else "unchanged"),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
