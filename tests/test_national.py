"""National index reference table: validation, the links to the study provinces, the chapter."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import formats, paths
from analysis.book import national
from analysis.tables.national import ReferenceDataError, national_table, read_national_indices

SRC = paths.reference_dir() / "national_indices.csv"


@pytest.fixture(scope="module")
def nat() -> pd.DataFrame:
    return national_table()


def test_reference_is_the_shared_file_byte_for_byte():
    shared = paths.shared_dir() / "reference" / "national_indices.csv"
    if not shared.exists():
        pytest.skip("no shared reference folder on this machine")
    assert SRC.read_bytes() == shared.read_bytes()


def test_every_row_keeps_its_source_and_publisher(nat):
    raw = pd.read_csv(SRC, dtype=str, keep_default_na=False)
    assert len(nat) == len(raw)
    assert list(nat["source_url"]) == list(raw["source_url"])
    assert list(nat["publisher"]) == list(raw["publisher"])
    assert nat["source_url"].str.match(r"^https?://").all()


def test_rows_are_tied_to_their_study_province(nat):
    def row(index, year, prov):
        return nat[
            (nat["index"] == index) & (nat["year"] == year) & (nat["province"] == prov)
        ].iloc[0]

    assert tuple(row("DTI", "2022", "An Giang")[["study_province", "relation"]]) == (
        "An Giang",
        "own",
    )
    kg = row("DTI", "2022", "Kiên Giang")
    assert (kg["study_province"], kg["relation"]) == ("An Giang", "merger partner")
    qn = row("Index 766", "2025-07", "Quảng Ngãi")
    assert (qn["relation"], bool(qn["post_merger"]), int(qn["rank_of"])) == (
        "merged province",
        True,
        34,
    )
    bn = row("Index 766", "2025-08", "Bắc Ninh")
    assert (bn["study_province"], bn["relation"]) == ("Bắc Giang", "merged province")
    # pre-merger Quảng Ngãi (May 2025) is still ranked of 63 and is its own result
    assert row("Index 766", "2025-05", "Quảng Ngãi")["relation"] == "own"


def _write(tmp_path, edit) -> object:
    rows = SRC.read_text(encoding="utf-8").splitlines()
    rows = edit(rows)
    path = tmp_path / "national_indices.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (",0.6077,1,25,63,", ",0.6077,1,70,63,", "beyond the 63 ranked"),
        (",0.6077,1,25,63,", ",1.6077,1,25,63,", "exceeds its maximum"),
        (",0.6077,1,25,63,", ",0.6077,1,25,34,", "there were 63 provinces"),
        (
            ",inferred,rank computed from 26th in 2021 and 'up 8 places',",
            ",inferred,,",
            "must say in 'note'",
        ),
        ("https://travinh.gov.vn/1426", "travinh.gov.vn/1426", "source_url"),
        ("DTI,2022,Trà Vinh", "DTI,2022,Tra Vinhh", "unknown province"),
    ],
)
def test_bad_rows_are_refused_naming_file_and_line(tmp_path, old, new, problem):
    lines = SRC.read_text(encoding="utf-8").splitlines()
    hit = next(i for i, line in enumerate(lines) if old in line)
    path = _write(
        tmp_path, lambda rows: [r.replace(old, new) if i == hit else r for i, r in enumerate(rows)]
    )
    with pytest.raises(ReferenceDataError) as err:
        read_national_indices(path)
    assert problem in str(err.value)
    assert f"line {hit + 1}" in str(err.value)
    assert "national_indices.csv" in str(err.value)


def test_duplicate_rows_and_missing_columns_are_refused(tmp_path):
    dup = _write(tmp_path, lambda rows: [*rows, rows[1]])
    with pytest.raises(ReferenceDataError):
        read_national_indices(dup)
    bad = _write(tmp_path, lambda rows: [rows[0].replace(",publisher", ",source"), *rows[1:]])
    with pytest.raises(ReferenceDataError, match="header"):
        read_national_indices(bad)


@pytest.mark.slow
def test_a_broken_reference_stops_the_build_and_keeps_the_tables(project_copy):
    from analysis.pipeline import build

    build(progress=False)
    out = project_copy / "data" / "processed" / "national_indices.csv"
    before = out.read_bytes()
    ref = project_copy / "data" / "raw" / "reference" / "national_indices.csv"
    ref.write_text(
        ref.read_text(encoding="utf-8").replace(",0.6077,1,25,63,", ",0.6077,1,99,63,"),
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError):
        build(progress=False)
    assert out.read_bytes() == before


def test_three_ranked_years_get_an_ols_trend(nat):
    qn = nat[(nat["index"] == "DTI") & (nat["province"] == "Quảng Ngãi")]
    t = national.rank_trend(national.study_rows(qn))
    assert t.method == "OLS trend" and t.years == ("2021", "2022", "2023")
    slope = np.polyfit([2021.5, 2022.5, 2023.5], [60, 26, 21], 1)[0]
    assert t.slope == pytest.approx(slope)
    assert t.ci_low < t.slope < t.ci_high
    assert "includes no change" in t.sentence()


def test_two_years_say_the_move_not_a_rate(nat):
    qn = nat[(nat["index"] == "PAR Index") & (nat["province"] == "Quảng Ngãi")]
    t = national.rank_trend(national.study_rows(qn))
    assert t.method.startswith("change") and "from rank 63 (2020) to rank 39 (2021)" in t.sentence()


def test_trend_never_joins_the_post_merger_rank(nat):
    qn = nat[(nat["index"] == "Index 766") & (nat["province"] == "Quảng Ngãi")]
    t = national.rank_trend(national.study_rows(qn))
    assert t.years == ("2025-05",) and t.slope is None


def test_positions_mark_inferred_and_say_not_published(nat):
    df = national.positions_table(nat).df
    tv = df[(df["Province"] == "Trà Vinh") & (df["Index"] == "DTI")].iloc[0]
    assert tv["2020"] == "34th of 63 (inferred)"
    assert tv["2023"] == national.NOT_PUBLISHED
    qn = df[(df["Province"] == "Quảng Ngãi") & (df["Index"] == "Index 766")].iloc[0]
    assert "5th of 34 ▲" in qn["2025"] and "19th of 63" in qn["2025"]


def test_rank_chart_draws_the_merger_and_splits_the_series(nat):
    spec = national.rank_chart(nat, "Index 766").to_dict()
    frame = national._chart_frame(nat, "Index 766")
    assert set(frame["era"]) == {"after the merger (of 34)", "before (of 63)"}
    qn = frame[frame["province"] == "Quảng Ngãi"]
    assert qn["series"].nunique() == 2  # one line before, one after: never joined
    text = str(spec)
    assert national.MERGER_DATE in text and "63 → 34" in text


def test_merger_prose_comes_from_the_gazetteer():
    text = national.merger_prose().text
    assert "63 provinces became 34" in text
    assert "Trà Vinh joined Bến Tre and Vĩnh Long as Vĩnh Long" in text


def test_rank_chart_has_one_tick_per_year_at_the_middle_of_its_year(nat):
    """A yearly rank is drawn at 1 July; the year's tick and label are there too, and the axis
    covers whole years (ticks at 1 January left the first year's results unlabelled, left of
    the next year's label). Vega's own ticks on a few years printed each year twice."""
    spec = national.rank_chart(nat, "DTI").to_dict()
    years = sorted({int(y[:4]) for y in national._chart_frame(nat, "DTI")["year"]})
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("field") == "date" and "axis" in node:
                found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    assert found
    x = found[0]
    ticks = [(v["year"], v["month"], v["date"]) for v in x["axis"]["values"]]
    assert ticks == [(y, 7, 1) for y in range(years[0], years[-1] + 1)]
    lo, hi = x["scale"]["domain"]
    assert (lo["year"], lo["month"], hi["year"], hi["month"]) == (years[0], 1, years[-1] + 1, 1)
    assert x["axis"]["format"] == "%Y"
    merged = national.rank_chart(nat, "Index 766").to_dict()
    found.clear()
    walk(merged)
    assert found[0]["axis"]["values"][-1]["year"] >= 2025  # the merger rule is inside


def test_positions_print_as_three_columns_and_show_the_grid_on_the_web(nat):
    """A year a column ran off the PDF page (and said "not published" in most cells); the
    print shows the years that have a result in one column, the web page the whole grid."""
    table = national.positions_table(nat)
    header = re.findall(r"\\raggedright\n(.*?)\n\\end\{minipage\}", table._repr_markdown_())
    assert header == ["Province", "Index", "Published results (year: position)"]
    page = table._repr_html_()
    assert "<th>2019</th>" in page and "Published results" not in page
    assert "not published" not in table.df["Published results (year: position)"].str.cat()


def test_rank_chart_dashes_and_shapes_keep_their_meaning(nat):
    """The subtitle says dashed lines are a merger partner's results and squares the ranks
    after the merger: the scales are fixed so the legend agrees whatever the data hold."""
    meaning = {"own": (1, 0), "merger partner": (5, 3), "merged province": (1, 0)}
    shown = {
        "DTI": {"own", "merger partner"},
        "Index 766": {"own", "merged province"},
        "SIPAS": {"own"},
    }
    for index, relations in shown.items():
        spec = national.rank_chart(nat, index).to_dict()
        enc = {k: v for layer in spec["layer"] for k, v in layer.get("encoding", {}).items()}
        dash = enc["strokeDash"]["scale"]
        # the legend lists only the relations the chart draws, each with its fixed dash
        assert dict(zip(dash["domain"], map(tuple, dash["range"]), strict=True)) == {
            r: meaning[r] for r in meaning if r in relations
        }
        shape = enc["shape"]["scale"]
        # and only the eras it draws: squares (after the merger) only where there are some
        eras = dict(zip(shape["domain"], shape["range"], strict=True))
        after = {"Index 766": True, "DTI": False, "SIPAS": False}[index]
        assert eras == (
            {"before (of 63)": "circle", "after the merger (of 34)": "square"}
            if after
            else {"before (of 63)": "circle"}
        ), index


def test_sources_table_gives_the_addresses_the_widest_print_column(nat):
    """Table 3.2 in print: the source addresses (broken anywhere) get the widest column, so a
    row is a few lines, not ten (a real render printed the table over five pages)."""
    for lang in ("en", "vi"):
        with formats.using(lang):
            table = national.sources_table(nat)
        widths = dict(zip(table.print_columns, table.column_widths(), strict=True))
        source = table.print_columns[-1]
        assert table.df[source].str.match(r"^https?://").all()
        assert widths[source] == max(widths.values()) and widths[source] > 0.25


def test_inferred_ranks_are_drawn_as_rings_and_the_province_legend_stays(nat):
    """An inferred rank has fill opacity 0: it needs a stroke of its province's colour or it
    is not drawn at all (a real render showed Trà Vinh's 2020 DTI line with no point)."""
    frame = national._chart_frame(nat, "DTI")
    assert (frame["status"] == "inferred").any()  # the seed data has some to draw
    spec = national.rank_chart(nat, "DTI").to_dict()
    layers = [layer for layer in spec["layer"] if "fillOpacity" in layer.get("encoding", {})]
    assert layers
    points = layers[0]
    stroke, colour = points["encoding"]["stroke"], points["encoding"]["color"]
    assert stroke["field"] == colour["field"] == "study_province"
    assert stroke.get("legend", {}) is not None and stroke["title"] == colour["title"]
    assert points["mark"]["strokeWidth"] > 0


@pytest.mark.parametrize(
    ("lang", "march", "may"),
    [("en", "March 2023", "May 2023"), ("vi", "tháng 3/2023", "tháng 5/2023")],
)
def test_a_monthly_result_is_dated_as_readers_say_it(nat, lang, march, may):
    """Index 766 is published by month: An Giang's results of 2023-03 and 2023-05 read
    "March 2023" / "tháng 3/2023" in the positions grid, the trend sentence, the sources
    table and the chart's tooltip, never the label of the data file."""
    with formats.using(lang):
        grid = national.positions_table(nat).df
        ag = grid[(grid.iloc[:, 0] == "An Giang") & (grid.iloc[:, 1] == "Index 766")].iloc[0]
        rows = nat[(nat["index"] == "Index 766") & (nat["province"] == "An Giang")]
        sentence = national.rank_trend(national.study_rows(rows)).sentence()
        sources = national.sources_table(nat).df.to_csv()
        tips = set(national._chart_frame(nat, "Index 766")["when"])
    cell = ag["2023"]
    assert cell.startswith(f"{march}: ") and f"; {may}: " in cell
    assert ag.iloc[-1].startswith(f"{march}: ")  # print column: no "2023: " before it
    assert f"({march})" in sentence and f"({may})" in sentence
    assert march in sources and {march, may} <= tips
    assert "2023-03" not in cell + sentence + sources and "2023-03" not in tips


def test_every_publisher_has_its_vietnamese_name(nat):
    """``publisher_vi`` names every publisher; the English-language names are rewritten (the
    Vietnamese edition printed "DTI portal (Ministry of Information and Communications)")."""
    assert (nat["publisher_vi"].str.len() > 1).all()
    vi = dict(zip(nat["publisher"], nat["publisher_vi"], strict=True))
    assert vi["DTI portal (Ministry of Information and Communications)"].startswith("Cổng")
    assert vi["Báo Bắc Giang (English edition)"] == "Báo Bắc Giang (bản tiếng Anh)"
    assert vi["Sở TT&TT tỉnh Quảng Ngãi"] == "Sở TT&TT tỉnh Quảng Ngãi"
    for name in vi.values():
        assert not any(w in name for w in ("edition", "reposting", "Ministry", "mirror")), name
    with formats.using("vi"):
        assert set(national.study_rows(nat)["publisher"]) <= set(vi.values())
    with formats.using("en"):
        assert set(national.study_rows(nat)["publisher"]) <= set(vi)


def test_a_publisher_without_its_vietnamese_name_stops_the_build(tmp_path):
    words = (paths.reference_dir() / "national_notes_vi.yaml").read_text(encoding="utf-8")
    (tmp_path / "national_notes_vi.yaml").write_text(
        "\n".join(line for line in words.splitlines() if not line.startswith('  "Hanoi Times"')),
        encoding="utf-8",
    )
    path = _write(tmp_path, lambda rows: rows)
    hit = next(
        i for i, r in enumerate(path.read_text(encoding="utf-8").splitlines()) if "Hanoi Times" in r
    )
    with pytest.raises(ReferenceDataError) as err:
        national_table(path)
    assert "national_indices.csv: line" in str(err.value)
    assert f"line {hit + 1}: publisher 'Hanoi Times'" in str(err.value)
    assert "national_notes_vi.yaml" in str(err.value)
    (tmp_path / "national_notes_vi.yaml").write_text(words, encoding="utf-8")
    assert national_table(path)["publisher_vi"].notna().all()
