"""Audit and coverage findings name indicators and places in readers' words in both languages.

Checked on the seed build (the five real reports): no English or Vietnamese message carries
a catalog id (``open_data_agencies``) or a gazetteer code in brackets (``Huyện An Phú (886)``),
and an old drop's English sentence, written with ids, still reads back to Vietnamese.
"""

from __future__ import annotations

import re

from analysis.checks.messages import reword
from analysis.facts.catalog import load_catalog

_CODE = re.compile(r"\(\d{3,5}\)")


def test_seed_messages_carry_no_ids_or_codes(built):
    audit = built["audit"]
    ids = set(load_catalog().ids())
    for col in ("message", "message_vi"):
        for text in audit[col].dropna().astype(str):
            words = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", text))
            assert not words & ids, f"{col}: {text}"
            assert not _CODE.search(text), f"{col}: {text}"


def test_an_english_name_is_a_catalog_name():
    audit_en = "figure 9 (count) is left without an indicator; its words fit: "
    name = load_catalog()["ioc_domains"].name_en
    assert name and "_" not in name
    vi = reword("audit", audit_en + name)
    assert vi is not None and "ioc_domains" not in vi


def test_an_old_sentence_with_ids_still_reads_back():
    vi = reword("audit", "figure 9 (count) has no id; its words fit ioc_domains")
    assert vi is not None
    assert load_catalog()["ioc_domains"].name_vi in vi
