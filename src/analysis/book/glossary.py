"""The bilingual glossary: every indicator the book shows, in English and Vietnamese, with
its definition and its measure (what is counted, over what population), and the other
measures reports publish under the same name."""

from __future__ import annotations

import pandas as pd

from . import downloads


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
    for r in cat.to_dict("records"):
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
                    f"{o['counts']} (over {o['population']})" for o in others.to_dict("records")
                ),
            }
        )
    return pd.DataFrame(rows)


def glossary(
    catalog: pd.DataFrame, measures: pd.DataFrame, indicators: pd.DataFrame
) -> downloads.Downloadable:
    """The glossary as a table with its CSV."""
    df = glossary_frame(catalog, measures, indicators)
    return downloads.table(
        df,
        "Glossary of indicators / Bảng thuật ngữ chỉ tiêu: names, definitions and measures.",
    )
