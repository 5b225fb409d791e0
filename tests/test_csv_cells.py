"""Formula neutralising in the published CSVs: every cell that needs it, only those, read back as written."""

from __future__ import annotations

import pandas as pd

from analysis.storage import any_cell_starts, restore_cell, write_csv


def test_write_csv_neutralises_only_formula_cells(tmp_path):
    df = pd.DataFrame(
        {
            "plain": pd.Series(["a", "b", None], dtype="string"),
            "late": pd.Series(["x", None, "=1+1"], dtype="string"),
            "quoted": pd.Series(["'@x", "ok", "-3 districts"], dtype=object),
            "mixed": pd.Series([1, "+x", None], dtype=object),
            "n": [1, 2, 3],
        }
    )
    target = tmp_path / "t.csv"
    write_csv(target, df)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "plain,late,quoted,mixed,n"
    assert lines[1:] == ["a,x,''@x,1,1", "b,,ok,'+x,2", ",'=1+1,'-3 districts,,3"]
    back = pd.read_csv(target, dtype=str, keep_default_na=False, na_values=[""])
    assert [restore_cell(v) for v in back["quoted"]] == ["'@x", "ok", "-3 districts"]


def test_any_cell_starts():
    assert not any_cell_starts(pd.Series(["a", None, "b=1"], dtype="string"), ("=",))
    assert any_cell_starts(pd.Series(["a", "\tb"], dtype=object), ("\t",))
    assert not any_cell_starts(pd.Series([None, None], dtype=object), ("=",))
    assert any_cell_starts(pd.Series(pd.to_datetime(["2024-01-01"])), ("=",))  # not text: checked
