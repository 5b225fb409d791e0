"""The command line starts light: heavy libraries load only where they are used (issue 15).

Each check runs in a fresh interpreter (this test process has long imported pandas).
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Libraries the command line must not load before a command needs them.
HEAVY = (
    "pandas",
    "numpy",
    "pyarrow",
    "polars",
    "pandera",
    "hypothesis",
    "geopandas",
    "shapely",
    "altair",
    "statsmodels",
    "frictionless",
    "vietnamadminunits",
    "nbclient",
    "jupytext",
    "rich",
    "yaml",
)


def _loaded(code: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = (
        code
        + "\nimport json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_cli_imports_no_heavy_library():
    loaded = _loaded("import analysis.cli; analysis.cli.parser()")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_loaders_stay_reachable_from_the_package():
    """``import analysis`` is light, and ``analysis.load_facts`` still resolves on first use."""
    assert not _loaded("import analysis") & set(HEAVY)
    loaded = _loaded("import analysis; assert callable(analysis.load_facts)")
    assert "pandas" in loaded


def test_gazetteer_reads_without_the_address_parser():
    """District and province lookups read the package's SQLite file directly: the package's
    ``__init__`` (its address parsers) never runs."""
    loaded = _loaded(
        "from analysis.geo.gazetteer import district_total\n"
        "from analysis.corpus.provinces import mergers\n"
        "assert district_total('An Giang') == 11 and mergers()['Trà Vinh'] == 'Vĩnh Long'"
    )
    assert "vietnamadminunits" not in loaded


def test_building_the_tables_loads_no_book_library():
    """The pipeline needs no chart, map, trend or notebook library."""
    loaded = _loaded("import analysis.pipeline")
    book = {"altair", "statsmodels", "geopandas", "shapely", "nbclient", "jupytext"}
    assert not loaded & book, sorted(loaded & book)
    assert "vietnamadminunits" not in loaded


def test_validating_a_table_loads_no_optional_pandera_integration():
    """pandera loads hypothesis (data synthesis) and geopandas (geometry types) when it finds
    them installed; validating the published tables needs neither."""
    loaded = _loaded(
        "import pandas as pd\n"
        "from analysis.schemas import TABLES, validate\n"
        "cols = TABLES['catalog'].columns\n"
        "validate('catalog', pd.DataFrame(columns=cols))"
    )
    assert "pandera" in loaded
    assert not loaded & {"hypothesis", "geopandas", "shapely"}, sorted(loaded)


def test_a_build_with_nothing_to_do_imports_no_table_library(built_copy):
    """``python -m analysis build`` on unchanged inputs answers from the build record, before
    the pipeline (and pandas) is imported; a changed input builds with the full pipeline."""
    import os

    code = "from analysis.cli import main\nassert main(['-q', 'build']) == 0"
    env = {**os.environ, "ANALYSIS_ROOT": str(built_copy)}

    def loaded() -> set[str]:
        probe = code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"
        out = subprocess.run(
            [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
        )
        return {m.split(".")[0] for m in json.loads(out.stdout.splitlines()[-1])}

    assert not loaded() & set(HEAVY)
    rules = built_copy / "data/raw/reference/coverage.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    assert "pandas" in loaded()  # something changed: the tables are built
