"""schemas.records: the rows of a frame as pandas' ``to_dict("records")`` gives them, faster."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus.manifest import load_manifest
from analysis.schemas import records


def _same(a: list[dict], b: list[dict]) -> list[tuple]:
    """Every cell that differs in value or in Python type (NaN equals NaN)."""
    out = []
    assert len(a) == len(b)
    for i, (ra, rb) in enumerate(zip(a, b, strict=True)):
        assert list(ra) == list(rb), i
        for k, va in ra.items():
            vb = rb[k]
            nan = isinstance(va, float) and isinstance(vb, float) and math.isnan(va)
            if type(va) is not type(vb) or not ((nan and math.isnan(vb)) or va is vb or va == vb):
                out.append((i, k, va, vb))
    return out


def test_the_published_tables_give_the_records_pandas_gives(built):
    frames = {name: df for name, df in built.items() if name != "_root"}
    frames["manifest"] = load_manifest()
    frames["facts, a slice"] = frames["facts"].iloc[3:40]  # an index not starting at 0
    assert {"facts", "indicators", "audit", "coverage"} <= set(frames)
    for name, df in frames.items():
        assert len(df), name
        assert _same(df.to_dict("records"), records(df)) == [], name


@pytest.mark.parametrize(
    "df",
    [
        pd.DataFrame(
            {
                "text": pd.array(["a", None, "c"], dtype="string"),
                "count": pd.array([1, None, 3], dtype="Int64"),
                "value": [1.5, float("nan"), 2.0],
                "line": [1, 2, 3],
                "flag": [True, False, True],
                "plain": ["x", None, 3],
            },
            index=[10, 5, 7],
        ),
        pd.DataFrame({"text": pd.array([], dtype="string"), "n": pd.Series([], dtype=int)}),
        pd.DataFrame(index=[0, 1]),  # rows without columns
        pd.DataFrame([[1, 2]], columns=["a", "a"]),  # a repeated column name
    ],
    ids=["missing values", "no rows", "no columns", "repeated column"],
)
@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")  # pandas' own, both ways
def test_missing_values_types_and_odd_shapes_match_pandas(df):
    assert _same(df.to_dict("records"), records(df)) == []
