"""The bilingual glossary: every indicator the book shows, in English and Vietnamese, with
its definition and its measure (what is counted, over what population), and the other
measures reports publish under the same name."""

from __future__ import annotations

import pandas as pd

from .. import formats
from ..schemas import records
from ..vocabulary import unit_label
from . import downloads
from .words import labels, t


def glossary_frame(
    catalog: pd.DataFrame, measures: pd.DataFrame, indicators: pd.DataFrame
) -> pd.DataFrame:
    """One row per indicator that appears in the book (a value in ``indicators``), themes in
    catalog order; the measure columns come from ``measures``."""
    shown = set(indicators["indicator"].str.removesuffix("_target"))
    cat = catalog[catalog["id"].isin(shown)]
    own = measures[measures["measure"] == measures["indicator"]].set_index("indicator")
    variants = measures[measures["measure"] != measures["indicator"]]
    rows = []
    if formats.language() == "vi":
        return _glossary_vi(cat, own, variants)
    for r in records(cat):
        m = own.loc[r["id"]] if r["id"] in own.index else None
        others = variants[variants["indicator"] == r["id"]]
        rows.append(
            {
                "Theme": r["theme_en"],
                "Indicator (English)": r["name_en"],
                "Chỉ tiêu (tiếng Việt)": r["name_vi"],
                "Definition": r["definition"],
                "What is counted": (m["counts"] if m is not None else "") or "",
                "Over what population": (m["population"] if m is not None else "") or "",
                "Other measures under this name": "; ".join(
                    f"{o['counts']} (over {o['population']})" for o in records(others)
                ),
            }
        )
    return pd.DataFrame(rows)


def _glossary_vi(cat: pd.DataFrame, own: pd.DataFrame, variants: pd.DataFrame) -> pd.DataFrame:
    """The glossary of the Vietnamese edition: the catalog's Vietnamese and English names, the
    theme, the unit, the Vietnamese definition (``definition_vi``), what the measure counts over
    what population and the other measures, all in Vietnamese words."""
    w = labels("labels.glossary")
    themes = labels("labels.theme")

    def text(row: object, column: str) -> str:
        value = row.get(column) if row is not None else None  # type: ignore[attr-defined]
        return value if isinstance(value, str) else ""

    rows = []
    for r in records(cat):
        m = own.loc[r["id"]] if r["id"] in own.index else None
        others = variants[variants["indicator"] == r["id"]]
        rows.append(
            {
                w["theme"]: themes.get(str(r["theme"]), r["theme_en"]),
                w["name_vi"]: r["name_vi"],
                w["name_en"]: r["name_en"],
                w["unit"]: unit_label(str(r["unit"])),
                w["definition"]: text(r, "definition_vi"),
                w["counts"]: text(m, "counts_vi"),
                w["population"]: text(m, "population_vi"),
                w["others"]: "; ".join(
                    text(o, "counts_vi")
                    + (
                        w["over"].format(population=text(o, "population_vi"))
                        if text(o, "population_vi")
                        else ""
                    )
                    for o in records(others)
                    if text(o, "counts_vi")
                ),
            }
        )
    return pd.DataFrame(rows)


def glossary(
    catalog: pd.DataFrame, measures: pd.DataFrame, indicators: pd.DataFrame
) -> downloads.Downloadable:
    """The glossary as a table with its CSV."""
    df = glossary_frame(catalog, measures, indicators)
    return downloads.table(df, t("glossary.note"))
