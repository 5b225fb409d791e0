"""The indicator catalog is data: its errors name the file and the entry."""

from __future__ import annotations

import pytest

from analysis.facts.catalog import CORE_IDS, CatalogError, load_catalog, parse_catalog
from analysis.schemas import TABLES


def _data(**entry):
    base = {
        "id": "x_rate",
        "name_en": "X",
        "name_vi": "X",
        "unit": "percent",
        "theme": "t",
        "definition": "d",
        "match": ["x"],
    }
    return {"themes": {"t": {"en": "T", "vi": "T"}}, "indicators": [{**base, **entry}]}


def test_real_catalog_has_every_core_id_with_both_names():
    cat = load_catalog()
    for core in CORE_IDS:
        assert cat[core].name_vi and cat[core].name_en
    assert list(cat.frame().columns) == TABLES["catalog"].columns


@pytest.mark.parametrize(
    "data, message",
    [
        ({"themes": {}, "indicators": ["just a string"]}, "not a mapping"),
        (_data(priority="high"), "priority"),
        (_data(unit="furlong"), "unit"),
        (_data(match=["(unclosed"]), "bad match regex"),
        (_data(id="x_rate_target"), "snake_case"),
        (_data(theme="nope"), "not declared"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_bad_entries_are_named(tmp_path, data, message):
    with pytest.raises(CatalogError, match=message) as exc:
        parse_catalog(data, tmp_path / "indicators.yaml")
    assert "indicators.yaml" in str(exc.value)


def test_unreadable_yaml_names_the_file(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"indicators\.yaml"):
        load_catalog(path)


def test_lookup_by_id_is_the_first_indicator_of_that_id():
    """``cat[id]`` and ``id in cat`` (a dict built once) agree with a scan of the indicators,
    for every id, its target id, and ids the catalog lacks."""
    cat = load_catalog()
    for ind in cat.indicators:
        first = next(i for i in cat.indicators if i.id == ind.id)
        assert cat[ind.id] is first and cat[f"{ind.id}_target"] is first
        assert ind.id in cat and f"{ind.id}_target" in cat
    for missing in ("no_such_rate", "", "_target"):
        assert missing not in cat
        with pytest.raises(KeyError):
            cat[missing]
    assert 3 not in cat and None not in cat
