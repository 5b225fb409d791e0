"""The published tables of a fresh build match the committed digests byte for byte.

A change that alters any published file fails here, listing the files. When the change is
meant (a new extraction rule, a fixed value), refresh the digests with ``make golden`` and
say in the commit which tables changed and why.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "golden_refresh", Path(__file__).parent / "golden" / "refresh.py"
)
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_published_files_match_the_golden_digests(built):
    found = golden.digests(built["_root"] / "data" / "processed")
    expected = golden.read_golden()
    differ = sorted(n for n in set(found) | set(expected) if found.get(n) != expected.get(n))
    assert not differ, (
        f"published files differ from tests/golden/processed.sha256: {', '.join(differ)}. "
        "If the change is intended, run `make golden` and explain it in the commit."
    )


def test_golden_digests_cover_every_published_table():
    from analysis.schemas import TABLES

    names = set(golden.read_golden())
    assert {f"{t}.csv" for t in TABLES} | {"facts.parquet", "datapackage.json"} == names
