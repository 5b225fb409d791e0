"""The lexicon of facet cues: folding, cue expansion, the scan, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.facts.catalog import load_catalog
from analysis.facts.lexicon import LexiconError, expand_cue, fold_keep, load_lexicon, parse_lexicon


def test_fold_keeps_every_offset():
    s = "Tỷ lệ hồ sơ giải quyết ĐÚNG HẠN đạt 98,5%"
    f = fold_keep(s)
    assert len(f) == len(s)
    assert f == "ty le ho so giai quyet dung han dat 98,5%"


def test_cues_expand_to_phrases():
    assert expand_cue("ho so( tthc)?") == ["ho so", "ho so tthc"]
    assert expand_cue("(cap|tra) ket qua") == ["cap ket qua", "tra ket qua"]
    assert expand_cue("e-?mail") == ["e-mail", "email"]
    with pytest.raises(LexiconError, match="finite"):
        expand_cue("so+ hoa")


def _facets(text: str, lang: str = "vi") -> list[tuple[str, ...]]:
    return [h.facets for h in load_lexicon().scan(fold_keep(text), lang)]


def test_the_longest_cue_wins():
    # "đang giải quyết" is pending, not resolved; "hồ sơ công việc" a work file, not a dossier
    assert _facets("đang giải quyết 2.182 hồ sơ") == [("pending",), ("dossier",)]
    assert _facets("hồ sơ công việc") == [("work_file",)]
    assert ("on_time",) in _facets("giải quyết trước hạn và đúng hạn")


def test_english_cues():
    got = _facets("dossiers were submitted online", "en")
    assert got == [("dossier",), ("received",), ("online",)]


def test_cues_do_not_match_inside_words():
    assert _facets("thống kê") == []  # no "ke" hiding in words


def test_every_catalog_facet_is_in_the_lexicon():
    lex = load_lexicon()
    for ind in load_catalog().indicators:
        if ind.rule is None:
            continue
        named = ind.rule.explains | ind.rule.none
        assert named <= set(lex.facet_group), (ind.id, named - set(lex.facet_group))


def test_a_bad_lexicon_names_the_problem():
    src = Path("lexicon.yaml")
    base = {"groups": {"object": {}}, "facets": {"dossier": "object"}}
    with pytest.raises(LexiconError, match="undeclared groups"):
        parse_lexicon({**base, "facets": {"dossier": "nowhere"}}, src)
    with pytest.raises(LexiconError, match="cue #1"):
        parse_lexicon({**base, "cues": [{"facets": ["ghost"], "vi": ["ho so"]}]}, src)
