"""A data scientist's papercuts: names without diacritics, clear errors for unknown names,
charts that show exactly the provinces asked for, and where `book` left its output."""

from __future__ import annotations

import pytest

import analysis
from analysis.book.charts import compare_frame
from analysis.cli import main


@pytest.fixture()
def published(built, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(built["_root"]))
    return built


def test_loaders_take_province_names_without_diacritics(published):
    tv = analysis.load_indicators(province="Tra Vinh")
    assert len(tv) and set(tv["province"]) == {"Trà Vinh"}
    both = analysis.load_facts(province=["tra vinh", "BẮC GIANG"])
    assert set(both["province"]) == {"Trà Vinh", "Bắc Giang"}
    pl = analysis.load_indicators(engine="polars", province="Quang Ngai")
    assert set(pl["province"].to_list()) == {"Quảng Ngãi"} and pl.height == len(
        analysis.load_indicators(province="Quảng Ngãi")
    )


def test_an_unknown_province_or_table_lists_what_exists(published):
    with pytest.raises(analysis.UnknownNameError, match="no province 'Ha Noi' in indicators") as e:
        analysis.load_indicators(province="Ha Noi")
    assert "An Giang" in str(e.value) and "Trà Vinh" in str(e.value)
    with pytest.raises(analysis.UnknownNameError, match="unknown table 'fact'") as e:
        analysis.load_table("fact")
    assert "facts" in str(e.value) and "indicators" in str(e.value)
    with pytest.raises(analysis.UnknownNameError, match="no province column"):
        analysis.load_table("catalog", province="An Giang")


def test_compare_bar_shows_exactly_the_provinces_asked_for(published):
    ind = published["indicators"]
    indicator = ind["indicator"].value_counts().index[0]
    unit = ind.loc[ind["indicator"] == indicator, "unit"].iloc[0]
    frame = compare_frame(ind, indicator, unit, provinces=["Tra Vinh", "An Giang"])
    assert frame["province"].tolist() == ["Trà Vinh", "An Giang"]  # filtered and ordered
    default = compare_frame(ind, indicator, unit)
    assert len(default) >= 4  # the default still shows every study province


def test_book_without_quarto_says_where_the_chapters_are(monkeypatch, capsys):
    from analysis import cli

    monkeypatch.setattr(cli, "cmd_build", lambda args: 0)
    monkeypatch.setattr(cli, "cmd_notebooks", lambda args: 0)
    monkeypatch.setattr(cli, "cmd_render", lambda args: cli.EXIT_NO_QUARTO)
    assert main(["-q", "book"]) == cli.EXIT_NO_QUARTO
    assert "_build/notebooks" in capsys.readouterr().err
    monkeypatch.setattr(cli, "cmd_render", lambda args: 0)
    assert main(["-q", "book"]) == 0
    err = capsys.readouterr().err
    assert "_book/en/index.html" in err and "_book/vi/index.html" in err


def test_dates_read_alike_in_pandas_and_polars(published):
    """A date column is ISO text in both engines (as the schema types it for pandas)."""
    from analysis.schemas import TABLES

    for name in ("reports", "indicators", "facts"):
        dates = [f.name for f in TABLES[name].fields if f.type == "date"]
        assert dates, name
        pd_table = analysis.load_table(name)
        pl_table = analysis.load_table(name, engine="polars")
        for col in dates:
            assert str(pl_table[col].dtype) == "String", (name, col)
            a = [None if v is None or v != v or v == "" else str(v) for v in pd_table[col]]
            b = [None if v in (None, "") else v for v in pl_table[col].to_list()]
            assert a == b, (name, col)
            assert all(len(v) == 10 and v[4] == "-" for v in b if v), (name, col)


def test_style_enable_keeps_the_notebooks_renderer(monkeypatch):
    """Outside a book render, enabling the style applies the theme but leaves Altair's own
    (interactive) renderer; the book's HTML+PNG renderer only when asked or in a render."""
    import altair as alt

    from analysis.book import style

    monkeypatch.delenv("QUARTO_DOCUMENT_PATH", raising=False)
    monkeypatch.delenv(style.RENDERER_VAR, raising=False)
    before = alt.renderers.active
    try:
        alt.renderers.enable("default")
        assert style.enable() == "default"
        assert style.enable(renderer="book") == "book"
        alt.renderers.enable("default")
        monkeypatch.setenv("QUARTO_DOCUMENT_PATH", "/x")
        assert style.enable() == "book"
    finally:
        alt.renderers.enable(before)


def test_an_unknown_indicator_id_in_a_chart_lists_what_exists(published):
    from analysis.book.charts import compare_bar

    data = analysis.load_indicators()
    with pytest.raises(analysis.UnknownNameError) as exc:
        compare_bar(data, "online_aplication_rate")  # a typo
    msg = str(exc.value)
    assert "unknown indicator 'online_aplication_rate'" in msg
    assert "did you mean online_application_rate" in msg and "the data hold:" in msg
    # A catalog id no province reports still charts (every province "not reported").
    cat = analysis.catalog()
    silent = sorted(set(cat["id"]) - set(data["indicator"]))[0]
    compare_bar(data, silent)
