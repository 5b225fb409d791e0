"""Every example phrase of every catalog id is a test (tests/evaluation/catalog_examples.yaml).

A positive phrase's figure must get the id; a negative one must not (and must get the id it
names instead). Phrases the engine still reads wrong are listed in ``known_failures.txt``
beside the examples: they are expected failures, and one that starts to pass fails the test
until it is taken off the list (so the list only shrinks, and the note's numbers stay honest).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog

KNOWN = Path(__file__).parent / "evaluation" / "known_failures.txt"
EXAMPLES = ev.load_examples()
KNOWN_FAILURES = {
    ln for ln in KNOWN.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
}


def key(ex: ev.Example) -> str:
    return f"{ex.id}\t{'+' if ex.positive else '-'}\t{ex.language}\t{ex.text}"


@pytest.fixture(scope="module")
def engine():
    return load_catalog(), ev._no_ranges(ev.load_scope_rules())


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e.id}-{i}" for i, e in enumerate(EXAMPLES)])
def test_example(ex, engine):
    ok, got = ev.example_passes(ex, *engine)
    if key(ex) in KNOWN_FAILURES:
        assert not ok, f"now passes; remove it from {KNOWN.name}: {key(ex)!r}"
        pytest.xfail(f"known failure: {got}")
    assert ok, f"{ex.name}: {got}"


def test_known_failures_are_examples():
    keys = {key(e) for e in EXAMPLES}
    assert keys >= KNOWN_FAILURES, sorted(KNOWN_FAILURES - keys)[:5]


def test_most_examples_pass():
    assert len(KNOWN_FAILURES) <= 0.35 * len(EXAMPLES)
