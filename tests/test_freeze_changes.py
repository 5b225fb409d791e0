"""A simulated quarterly drop: ingest, incremental rebuild, changes table, freeze thawing."""

from __future__ import annotations

import pandas as pd

import analysis
from analysis.book_config import notebook_paths
from analysis.ingest import ingest
from analysis.pipeline import build
from analysis.tables.freeze import tables_read

NOTEBOOKS = notebook_paths()  # of the real project (resolved before ANALYSIS_ROOT moves)
ROOT = NOTEBOOKS[0].parents[1]


def _copy_notebooks(project, *, frozen: bool = True) -> None:
    """The chapters of both editions at their own paths, each with a freeze entry."""
    for nb in NOTEBOOKS:
        rel = nb.relative_to(ROOT)
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(nb.read_bytes())
        if frozen:
            (project / "_freeze" / rel.with_suffix("")).mkdir(parents=True)


def test_chapters_declare_the_tables_they_read():
    reads = {p.name: tables_read(p) for p in NOTEBOOKS}
    assert reads["00-sources.py"] == {"reports", "facts"}  # its review counts read facts
    assert reads["01-summary.py"] == {
        "indicators",
        "reports",
        "audit",
        "catalog",
        "measures",
        "value_measures",
    }
    assert reads["12-national-context.py"] >= {"national_indices", "indicators"}
    assert reads["10-data-quality.py"] == {"audit", "reports"}
    assert reads["11-changes.py"] == {"changes", "catalog", "reports"}
    assert reads["a1-appendices.py"] == {"catalog", "facts", "crosswalk", "reports"}
    assert all(reads.values()), [k for k, v in reads.items() if not v]
    assert reads["01-summary-vi.py"] == reads["01-summary.py"]  # a drop thaws both editions


def test_tables_read_follows_the_setup_cell_only(tmp_path):
    path = tmp_path / "x.py"
    path.write_text(
        "# %% [markdown]\n# # A chapter\n\n"
        "# %%\n#| label: setup\nimport analysis\n"
        "a = analysis.load_audit()\nt = analysis.load_table('coverage')\n\n"
        "# %%\nanalysis.load_facts()\n",
        encoding="utf-8",
    )
    assert tables_read(path) == {"audit", "coverage"}  # a later cell's load is not declared


def test_a_reviews_only_rebuild_thaws_the_sources_chapter(built_copy):
    """00-sources shows review counts from the facts: a new review must re-execute it."""
    freeze = built_copy / "_freeze" / "notebooks"
    _copy_notebooks(built_copy)
    with (built_copy / "data/raw/reference/reviews.csv").open("a", encoding="utf-8") as fh:
        fh.write('an-giang-2023-q1,155,"đạt 72,9%",accept,,,,,,checked,t,2026-11-27\n')
    second = build(progress=False)
    assert "00-sources.py" in second.thawed and not (freeze / "00-sources").exists()
    assert "11-changes.py" in second.thawed  # the changes table lists the reclassification
    assert (freeze / "08-district-coverage").exists()  # coverage did not change


def test_a_drop_is_extracted_alone_and_its_changes_listed(project_copy, tmp_path, n_reports):
    first = build(progress=False)
    facts_before = pd.read_csv(project_copy / "data/processed/facts.csv")
    freeze = project_copy / "_freeze" / "notebooks"
    for stem in ("02-online-services", "10-data-quality", "a1-appendices"):
        (freeze / stem).mkdir(parents=True)
    _copy_notebooks(project_copy, frozen=False)

    text = (project_copy / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text("utf-8")
    drop = tmp_path / "ag-2025-03.txt"
    drop.write_text(text.replace("86,4%", "91,2%").replace("98,53%", "99,1%"), "utf-8")
    row = ingest(drop, province="An Giang", period="2025-03", issuer="Sở TT&TT tỉnh An Giang")
    second = build(progress=False)
    assert (first.extracted, second.extracted) == (n_reports, 1)

    history = pd.read_csv(project_copy / "data/processed/changes.csv")
    # every drop is kept: the first build's reports are drop 1, this ingest is drop 2
    assert history.groupby("drop")["change"].apply(
        lambda c: (c == "new_report").sum()
    ).to_dict() == {
        1: n_reports,
        2: 1,
    }
    changes = history[history["drop"] == 2]
    assert analysis.load_changes()["drop"].unique().tolist() == [2]  # the loader: latest drop
    assert len(analysis.load_changes(drops="all")) == len(history)
    assert changes.loc[changes["change"] == "new_report", "report_id"].tolist() == [
        "an-giang-2025-03"
    ]
    new_period = changes[
        (changes["change"] == "new_period") & (changes["indicator"] == "on_time_resolution_rate")
    ]
    assert new_period["new_value"].tolist() == [91.2]
    facts = pd.read_csv(project_copy / "data/processed/facts.csv")
    new = facts[
        (facts["report_id"] == "an-giang-2025-03")
        & (facts["indicator"] == "e_document_exchange_rate")
    ]
    assert new["value"].tolist() == [99.1] and new["quote"].str.endswith("99,1%").all()
    lines = (project_copy / "data/raw/reports" / row["file"]).read_text("utf-8").split("\n")
    assert new["quote"].iloc[0] in lines[int(new["line"].iloc[0]) - 1]
    # earlier facts untouched
    old = facts[facts["report_id"] != "an-giang-2025-03"].reset_index(drop=True)
    pd.testing.assert_frame_equal(old, facts_before)
    # chapters reading changed tables were thawed; the others keep their freeze
    assert not (freeze / "02-online-services").exists()
    assert "02-online-services.py" in second.thawed


def test_a_post_merger_report_starts_a_new_series(built_copy, tmp_path):
    from analysis import load_indicators
    from analysis.book import chapters

    text = (built_copy / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text("utf-8")
    drop = tmp_path / "ag-2025-q3.txt"
    drop.write_text(text.replace("86,4%", "91,2%"), "utf-8")
    row = ingest(drop, province="An Giang", period="2025-Q3", issuer="Sở KH&CN tỉnh An Giang")
    assert row["province"] == "An Giang"  # the merged An Giang (with former Kiên Giang)
    build(progress=False)
    changes = pd.read_csv(built_copy / "data/processed/changes.csv")
    changes = changes[changes["drop"] == changes["drop"].max()]
    # 91.2% is a new fact of a new report, but it does not extend the pre-merger series
    assert not (
        (changes["change"] == "new_period") & (changes["indicator"] == "on_time_resolution_rate")
    ).any()
    ind = load_indicators()
    post = ind[(ind["indicator"] == "on_time_resolution_rate") & ind["post_merger"]]
    assert post["value"].tolist() == [91.2]
    html = chapters.theme_table("online_services", ind)._repr_html_()
    assert "91.2% (2025-Q3) ▲" in html and "86.4% (2025-01);" in html


def test_large_vnd_amounts_keep_every_digit(built_copy, tmp_path):
    drop = tmp_path / "budget.txt"
    drop.write_text("Dự toán giao trong năm: 12.345.678.901 đồng.\n", "utf-8")
    ingest(
        drop,
        province="Trà Vinh",
        period="2024",
        issuer="Sở Tài chính tỉnh Trà Vinh",
        title="Dự toán 2024",
    )
    build(progress=False)
    facts = pd.read_csv(built_copy / "data/processed/facts.csv")
    assert 12_345_678_901.0 in facts["value"].tolist()
    before = (built_copy / "data/processed/changes.csv").read_bytes()
    build(progress=False)  # nothing changed: no spurious "changed_value" rows
    assert (built_copy / "data/processed/changes.csv").read_bytes() == before


def test_two_reports_of_one_period_give_one_indicator_row(cached_copy, tmp_path):
    from analysis import load_indicators

    text = (cached_copy / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text("utf-8")
    drop = tmp_path / "ag-ubnd.txt"
    drop.write_text(text.replace("86,4%", "88,0%"), "utf-8")
    ingest(
        drop,
        province="An Giang",
        period="2025-01",
        issuer="UBND tỉnh An Giang",
        report_id="an-giang-2025-01-ubnd",
    )
    build(progress=False)
    ind = load_indicators()
    rows = ind[
        (ind["province"] == "An Giang")
        & (ind["period_label"] == "2025-01")
        & (ind["indicator"] == "on_time_resolution_rate")
    ]
    assert len(rows) == 1 and bool(rows["conflict"].iloc[0])
    assert "an-giang-2025-01-ubnd:" in rows["fact_lines"].iloc[0]


def test_a_report_without_scope_rules_is_flagged(cached_copy, tmp_path):
    from analysis import load_audit

    text = (cached_copy / "data/raw/reports/an-giang_2025-01_stttt.txt").read_text("utf-8")
    drop = tmp_path / "ag.txt"
    drop.write_text(text.replace("86,4%", "90,1%"), "utf-8")
    ingest(drop, province="An Giang", period="2025-02", issuer="Sở TT&TT tỉnh An Giang")
    build(progress=False)
    audit = load_audit()
    flagged = audit[audit["check"] == "scope_rules_missing"]
    assert flagged["report_id"].tolist() == ["an-giang-2025-02"]
    assert (flagged["line"] == 0).all()


def test_a_thaw_empties_the_jupyter_cache(project_copy, monkeypatch):
    """Quarto's Jupyter cache keys on code only: kept across a data change it would hand a
    thawed chapter its old outputs."""
    from analysis import paths
    from analysis.tables import freeze

    _copy_notebooks(project_copy)
    caches = paths.jupyter_cache_dirs()
    for cache in caches:
        cache.mkdir(parents=True, exist_ok=True)
    assert freeze.thaw({"indicators"})
    assert not any(c.exists() for c in caches)


def test_theme_chapters_declare_the_template_tables():
    """A theme notebook's setup cell is one call; freeze still knows the tables it reads."""
    from analysis.book_config import THEME_TABLES

    themes = [p for p in NOTEBOOKS if "load_theme_chapter(" in p.read_text(encoding="utf-8")]
    assert len([p for p in themes if p.parent.name != "vi"]) == 7  # and their Vietnamese editions
    for p in themes:
        assert tables_read(p) == set(THEME_TABLES), p.name
        assert "load_" not in p.read_text(encoding="utf-8").replace("load_theme_chapter", "")
