"""D4: every extraction-cache entry is checked (format, checksums, schema) before it is used."""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.corpus.manifest import load_manifest
from analysis.pipeline import build
from analysis.tables.cache import CacheEntryError, decode_entry, encode_entry


@pytest.fixture()
def built_copy(built, tmp_path, monkeypatch):
    """A copy of the session's built project (tables and cache); ANALYSIS_ROOT points at it."""
    dst = tmp_path / "project"
    shutil.copytree(built["_root"], dst)
    monkeypatch.setenv("ANALYSIS_ROOT", str(dst))
    return dst


def _entry_of(root, report_id):
    sha = load_manifest().set_index("report_id").loc[report_id, "sha256"]
    (entry,) = (root / "data/cache/extract").glob(f"{sha[:32]}-*.json")
    return entry


def _tampered(text: str) -> dict[str, str]:
    entry = json.loads(text)
    rows = entry["rows"]
    edited = json.loads(text)
    edited["rows"][0]["value"] = rows[0]["value"] + 1000  # checksum left as it was
    retyped = json.loads(text)
    retyped["rows"][0]["line"] = "12"  # a wrong type, with a checksum to match
    from analysis.tables.cache import _rows_digest

    retyped["rows_sha256"] = _rows_digest(retyped["rows"])
    return {
        "empty list (old format)": "[]",
        "empty rows": json.dumps({**entry, "rows": []}),
        "edited value": json.dumps(edited),
        "wrong type": json.dumps(retyped),
        "truncated": text[: len(text) // 2],
    }


CASES = ["empty list (old format)", "empty rows", "edited value", "wrong type", "truncated"]


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_cache_entry_is_re_extracted_not_published(built_copy, case, caplog):
    processed = built_copy / "data/processed"
    before = {p.name: p.read_bytes() for p in processed.glob("*.csv")}
    entry = _entry_of(built_copy, "quang-ngai-2022")
    entry.write_text(_tampered(entry.read_text(encoding="utf-8"))[case], encoding="utf-8")
    result = build(progress=False)
    assert result.extracted == 1  # only the damaged entry's report
    assert {p.name: p.read_bytes() for p in processed.glob("*.csv")} == before
    assert entry.name in caplog.text and "extracting the report again" in caplog.text
    decode_entry(entry.read_text(encoding="utf-8"), *_key(entry))  # rewritten, valid again


def _key(entry):
    entry_json = json.loads(entry.read_text(encoding="utf-8"))
    return entry_json["report_sha256"], entry_json["code_version"]


def test_an_entry_for_another_report_or_version_is_refused():
    text = encode_entry("a" * 64, "v1", [])
    assert decode_entry(text, "a" * 64, "v1") == []
    for sha, version in (("b" * 64, "v1"), ("a" * 64, "v2")):
        with pytest.raises(CacheEntryError, match="another report or code version"):
            decode_entry(text, sha, version)
