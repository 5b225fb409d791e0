"""D13, D14: scanning a line is linear and the cache stays proportional to the report."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.reading.numbers import find_figures
from analysis.reading.reports import parse_report_text
from analysis.tables.cache import decode_entry, encode_entry

#: Long unbroken tokens that made the mask pattern (e-mail addresses) try every position.
TOKENS = {
    "1.1.1…": "1.",
    "a.a.a…": "a.",
    "aaaa…": "a",
    "a-b+c…": "a-b+c",
    "e-mails and codes": "x@y.vn a1 ",  # a masked span per token: each looked up
}


def _cpu_seconds(text: str) -> float:
    start = time.process_time()
    find_figures(text)
    return time.process_time() - start


@pytest.mark.parametrize("name", TOKENS)
def test_a_long_token_is_scanned_quickly(name):
    unit = TOKENS[name]
    text = unit * (100_000 // len(unit))
    assert _cpu_seconds(text) < 1.0  # quadratic before: 50,000 characters took 10.8 s
    # with an '@' the line passes the quick test for anything to mask, and the e-mail pattern
    # runs over the long token (tried at every position before: 40,000 characters took ~3 s)
    assert _cpu_seconds(text[:40_000] + "@") < 1.0


@pytest.mark.slow
@pytest.mark.parametrize("name", TOKENS)
def test_a_one_megabyte_line_is_scanned_in_under_two_seconds(name):
    unit = TOKENS[name]
    assert _cpu_seconds(unit * (1_000_000 // len(unit))) < 2.0
    assert _cpu_seconds(unit * (1_000_000 // len(unit)) + "@") < 2.0  # the mask patterns run


def test_a_cache_entry_is_proportional_to_the_report_not_to_figures_times_line():
    clauses = [
        f"số hồ sơ tiếp nhận kỳ {i} là {1000 + i} hồ sơ, đạt {i % 90},5%; " for i in range(600)
    ]
    text = ("BÁO CÁO\nKết quả tháng 02 năm 2025\n" + "".join(clauses) + "\n").encode()
    report = parse_report_text(text, Path("mot-dong.txt"))
    rows = extract_report(report, "x", load_catalog())
    assert len(rows) >= 1000  # every figure on the one long line
    entry = encode_entry("a" * 64, "v", rows)
    assert len(entry.encode()) < 20 * len(text)  # before: each figure stored the whole line
    back = decode_entry(entry, "a" * 64, "v")
    assert back == rows
    assert len({id(r.text) for r in back}) == 1  # the line is held once in memory, too
