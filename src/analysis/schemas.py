"""Table schemas of ``data/processed``: one declaration feeds types, validation and docs.

Each published table is declared once, as one :class:`TableSpec` in :data:`TABLES` (fields
with type and description, primary key, foreign keys); the order of :data:`TABLES` is the
order of the Data Package. Each field type is declared once too (:data:`FIELD_TYPES`: how
pandas reads it from CSV, which pandera and polars type it has). :func:`typed` gives a frame
the dtypes of its table (as built, or as read back from CSV with :func:`csv_dtypes`);
:func:`validate` checks it with pandera before it is written;
:mod:`analysis.checks.datapackage` turns the same specs into Frictionless Table Schemas.
Ground floor: pandas and pandera are imported only when a function needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from .extras import require
from .vocabulary import COVERAGE_STATUSES, QUALIFIERS, SCOPES, SEVERITIES, STATUSES, UNITS

if TYPE_CHECKING:  # pandera loads only when a table is validated (keeps `import analysis` light)
    import pandas as pd
    import pandera.pandas as pa


class SchemaError(ValueError):
    """A table about to be published breaks its schema (message names table and rows)."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """Each row's ``fields`` name one row of table ``resource`` (by its ``reference`` fields)."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class FieldType:
    """How one Frictionless field type is held: ``csv`` the ``pandas.read_csv`` dtype (every
    type tolerates an empty cell), ``pandera`` and ``polars`` the names of their dtypes."""

    csv: str
    pandera: str
    polars: str


#: The field types of the tables (dates are ISO text in every engine).
FIELD_TYPES: dict[str, FieldType] = {
    "string": FieldType("string", "String", "String"),
    "integer": FieldType("Int64", "Int64", "Int64"),
    "number": FieldType("float64", "Float64", "Float64"),
    "boolean": FieldType("boolean", "Bool", "Boolean"),
    "date": FieldType("string", "String", "String"),
}


F = Field
_REPORT = F("report_id", "string", "Report id (see reports.csv and data/raw/reports/manifest.csv)")
_PROVINCE = F("province", "string", "Province as named when the report was issued")
_LINE = F("line", "integer", "1-based line number in the raw report file")
_QUOTE = F("quote", "string", "Exact substring of that raw line holding the figure (Vietnamese)")
_PERIOD = F("period_label", "string", "Period the report covers, e.g. 2023-Q1, 2025-01, 2022")
#: The key of a value in indicators.csv (and value_measures.csv): one row per measure.
VALUE_KEY = ("province", "period_label", "indicator", "measure")
_TO_REPORTS = ForeignKey(("report_id",), "reports", ("report_id",))


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "reports",
            "Corpus",
            "One row per report: the manifest plus text statistics.",
            (
                _REPORT,
                _PROVINCE,
                _PERIOD,
                F("period_start", "date", "First day of the period"),
                F("period_end", "date", "Last day of the period"),
                F("issuer", "string", "Issuing body"),
                F("title", "string", "Report title"),
                F("doc_type", "string", "Document type"),
                F("file", "string", "File under data/raw/reports"),
                F("sha256", "string", "SHA-256 of the raw file", pattern="^[0-9a-f]{64}$"),
                F(
                    "post_merger",
                    "boolean",
                    "Period ends on/after 1 July 2025 (34-province geography)",
                ),
                F("lines", "integer", "Lines in the file"),
                F("tables", "integer", "Tables found"),
                F("footnotes", "integer", "Footnotes found"),
            ),
            ("report_id",),
        ),
        TableSpec(
            "facts",
            "Facts",
            "Every numeric figure of every report, with its exact source.",
            (
                _REPORT,
                F(
                    "report_sha256",
                    "string",
                    "SHA-256 of the report file the figure was read from",
                    pattern="^[0-9a-f]{64}$",
                ),
                _PROVINCE,
                _PERIOD,
                F(
                    "period_start",
                    "date",
                    "First day of the figure's own period (a time expression in its sentence), "
                    "else of the report's",
                ),
                F(
                    "period_end",
                    "date",
                    "Last day of the figure's own period; equal to period_start for a stock "
                    "stated as of a date",
                ),
                F(
                    "indicator",
                    "string",
                    "Catalog id (catalog.csv); '_target' suffix for goals; empty "
                    "when the figure was captured but not classified",
                    required=False,
                ),
                F("value", "number", "The figure, in unit"),
                F("unit", "string", "Unit of value", enum=UNITS),
                F(
                    "qualifier",
                    "string",
                    "exact, approx (~, khoảng), lower_bound (hơn, trên), upper_bound (dưới)",
                    enum=QUALIFIERS,
                ),
                F("numerator", "number", "N when the text gives N/M", required=False),
                F("denominator", "number", "M when the text gives N/M", required=False),
                F(
                    "scope",
                    "string",
                    "province-wide, or one department's own (agency), district, commune",
                    enum=SCOPES,
                ),
                _LINE,
                _QUOTE,
                F("status", "string", "extracted, or the analysts' review decision", enum=STATUSES),
            ),
            ("report_id", "line", "quote"),
            (_TO_REPORTS,),
        ),
        TableSpec(
            "indicators",
            "Indicators",
            "One best value per province, period, indicator and measure (what is counted, "
            "over what population: measures.csv), linked to its fact rows (see "
            "analysis.tables.indicators for the choice rule). Two rows of one indicator and "
            "period with different measures are different quantities, not rival values.",
            (
                _PROVINCE,
                _PERIOD,
                F("period_start", "date", "First day of the period"),
                F("period_end", "date", "Last day of the period"),
                F("post_merger", "boolean", "Figure uses the post-July-2025 geography"),
                F("indicator", "string", "Catalog id ('_target' suffix for goals)"),
                F(
                    "measure",
                    "string",
                    "Measure id (measures.csv): the indicator's own (its catalog id, without "
                    "'_target'), or '<id>:<variant>' when the figure's own words count "
                    "something else under that name",
                ),
                F("name_en", "string", "Indicator name (English)"),
                F("name_vi", "string", "Indicator name (Vietnamese)"),
                F("theme", "string", "Theme id (catalog.csv)"),
                F("unit", "string", "Unit of value", enum=UNITS),
                F("value", "number", "Best value"),
                F("qualifier", "string", "Qualifier of the chosen fact", enum=QUALIFIERS),
                F("numerator", "number", "N when the chosen fact gives N/M", required=False),
                F(
                    "denominator",
                    "number",
                    "M when the chosen fact gives N/M (the population counted)",
                    required=False,
                ),
                F("scope", "string", "Scope of the chosen fact", enum=SCOPES),
                F("status", "string", "Review status of the chosen fact", enum=STATUSES),
                _REPORT,
                _LINE,
                _QUOTE,
                F("n_facts", "integer", "Fact rows of this indicator and measure for the period"),
                F(
                    "fact_lines",
                    "string",
                    "Every line the indicator was read from with this measure, ';'-separated "
                    "(report:line for another report of the same period)",
                ),
                F(
                    "conflict",
                    "boolean",
                    "Another fact of the same measure and scope gives a different value",
                ),
            ),
            VALUE_KEY,
            (
                _TO_REPORTS,
                ForeignKey(("report_id", "line", "quote"), "facts", ("report_id", "line", "quote")),
                ForeignKey(("measure",), "measures", ("measure",)),
            ),
        ),
        TableSpec(
            "audit",
            "Audit",
            "Consistency findings; the audit never changes a value.",
            (
                F(
                    "check",
                    "string",
                    "rate_vs_fraction, implied_share, conflicting_values, "
                    "breakdown_sum, table_total, or a geography check",
                ),
                F("severity", "string", "error, warning or info", enum=SEVERITIES),
                _REPORT,
                _PROVINCE,
                F("line", "integer", "1-based line in the raw report; 0 for the report as a whole"),
                F(
                    "quote",
                    "string",
                    "Exact substring of that raw line; empty for line 0 (the report as a whole)",
                    required=False,
                ),
                F("other_line", "integer", "Line of the other figure involved", required=False),
                F("other_quote", "string", "Quote of the other figure involved", required=False),
                F("indicator", "string", "Catalog id concerned", required=False),
                F("stated", "number", "Value the report states", required=False),
                F("expected", "number", "Value recomputed or stated elsewhere", required=False),
                F("message", "string", "What is wrong, in one sentence"),
                F(
                    "message_vi",
                    "string",
                    "The same sentence in Vietnamese (empty when the check has none)",
                    required=False,
                ),
            ),
            foreign_keys=(_TO_REPORTS,),
        ),
        TableSpec(
            "catalog",
            "Indicator catalog",
            "The indicators the book tracks "
            "(data/raw/reference/indicators.yaml, without matching rules).",
            (
                F("id", "string", "Indicator id"),
                F("name_en", "string", "English name"),
                F("name_vi", "string", "Vietnamese name"),
                F("unit", "string", "Unit"),
                F("theme", "string", "Theme id"),
                F("theme_en", "string", "Theme (English)"),
                F("definition", "string", "Definition"),
                F(
                    "definition_vi",
                    "string",
                    "The definition in Vietnamese",
                    required=False,
                ),
                F("core", "boolean", "One of the 25 core ids of the design"),
            ),
            ("id",),
        ),
        TableSpec(
            "coverage",
            "District coverage",
            "Which districts have which deployment, per report, read from the text.",
            (
                _REPORT,
                _PROVINCE,
                F("district_code", "string", "GSO code of the pre-2025 district"),
                F("district_name", "string", "District name (Vietnamese)"),
                F("item", "string", "What is deployed (district_ioc, community_digital_team, ...)"),
                F(
                    "status",
                    "string",
                    "present, absent or planned",
                    enum=COVERAGE_STATUSES,
                ),
                _LINE,
                _QUOTE,
                F(
                    "stated_on",
                    "date",
                    "Date the statement's own sentence gives when it is before the report's "
                    "period (an older fact repeated); blank: as of the report",
                    required=False,
                ),
            ),
            foreign_keys=(_TO_REPORTS,),
        ),
        TableSpec(
            "crosswalk",
            "2025 crosswalk",
            "Pre-2025 districts and the post-July-2025 "
            "province and communes that replaced them (vietnamadminunits conversion data).",
            (
                F("old_province", "string", "Province before 1 July 2025"),
                F("old_district_code", "string", "GSO code of the pre-2025 district"),
                F("old_district_name", "string", "Pre-2025 district"),
                F("new_province", "string", "Province after 1 July 2025"),
                F("new_province_code", "string", "Code of the new province"),
                F(
                    "new_ward_code",
                    "string",
                    "Code of a new commune/ward covering part of the district",
                ),
                F("new_ward_name", "string", "Name of that new commune/ward"),
                F("old_ward_count", "integer", "Old communes of the district merged into it"),
                F(
                    "divided",
                    "boolean",
                    "At least one old commune of the district was split between "
                    "several new communes",
                ),
            ),
        ),
        TableSpec(
            "measures",
            "Measures",
            "What each indicator counts and over what population, with the other measures "
            "reports publish under the same id (data/raw/reference/measures.yaml). Two values "
            "are comparable only when indicator and measure are the same.",
            (
                F("indicator", "string", "Catalog id"),
                F("measure", "string", "Measure id: the indicator id, or '<id>:<variant>'"),
                F("counts", "string", "What is counted (numerator of a rate)"),
                F(
                    "counts_vi",
                    "string",
                    "What is counted, in Vietnamese",
                    required=False,
                ),
                F(
                    "population",
                    "string",
                    "Over what population (denominator; universe of a count)",
                ),
                F(
                    "population_vi",
                    "string",
                    "Over what population, in Vietnamese",
                    required=False,
                ),
                F("kind", "string", "rate, stock (a level on a date) or flow (during a period)"),
                F(
                    "scale_dependent",
                    "boolean",
                    "A count that grows with the province's size: never ranked across provinces",
                ),
                F(
                    "comparable_over_time",
                    "boolean",
                    "False when the definition changed between reports",
                ),
                F(
                    "level",
                    "boolean",
                    "A level on a date (a stock, or a rate of one): stated as of its period's end",
                ),
                F("documented", "boolean", "False when measures.yaml lacks the id"),
            ),
            ("measure",),
            (ForeignKey(("indicator",), "catalog", ("id",)),),
        ),
        TableSpec(
            "value_measures",
            "Measure of each value",
            "The measure of every row of indicators.csv: its key (province, period, indicator, "
            "measure), kept for readers that join on it.",
            (
                _PROVINCE,
                _PERIOD,
                F("indicator", "string", "Catalog id ('_target' suffix for goals)"),
                F("measure", "string", "Measure id (measures.csv)"),
            ),
            VALUE_KEY,
            (
                ForeignKey(VALUE_KEY, "indicators", VALUE_KEY),
                ForeignKey(("measure",), "measures", ("measure",)),
            ),
        ),
        TableSpec(
            "national_indices",
            "National index results",
            "Published DTI, PAR Index, SIPAS, PAPI and Index 766 results for the four provinces "
            "and their 2025 merger partners (data/raw/reference/national_indices.csv), each "
            "with its source; not extracted from the reports.",
            (
                F("index", "string", "DTI, PAR Index, SIPAS, PAPI, PAPI e-governance, Index 766"),
                F("year", "string", "Year assessed (YYYY), or month (YYYY-MM) for Index 766"),
                F(
                    "province",
                    "string",
                    "Province as ranked (post-July-2025 name after the merger)",
                ),
                F(
                    "score",
                    "number",
                    "Published score (empty when only the rank was published)",
                    required=False,
                ),
                F("score_max", "number", "Maximum of the score's scale"),
                F("rank", "integer", "Rank among rank_of provinces", required=False),
                F(
                    "rank_of",
                    "integer",
                    "Provinces ranked: 63 before July 2025, 34 after",
                    required=False,
                ),
                F(
                    "status",
                    "string",
                    "confirmed (stated in the source) or inferred (derived; note says how)",
                    enum=("confirmed", "inferred"),
                ),
                F(
                    "note",
                    "string",
                    "What the source adds; for an inferred value, how it was derived",
                    required=False,
                ),
                F(
                    "note_vi",
                    "string",
                    "The same note in Vietnamese",
                    required=False,
                ),
                F("source_url", "string", "Where the figure was published"),
                F("publisher", "string", "Who published it"),
                F("publisher_vi", "string", "Who published it, named in Vietnamese"),
                F("post_merger", "boolean", "Assessed on or after July 2025 (34 provinces)"),
                F(
                    "study_province",
                    "string",
                    "The study province the row concerns; empty for none",
                    required=False,
                ),
                F(
                    "relation",
                    "string",
                    "own (the study province itself), merger partner (merged with it in 2025), "
                    "merged province (the province it became part of)",
                    required=False,
                ),
            ),
            ("index", "year", "province"),
        ),
        TableSpec(
            "changes",
            "Changes, drop by drop",
            "What each data drop changed against the one before: new figures, changed "
            "values, new periods, new audit findings. Earlier drops are kept (column drop).",
            (
                F(
                    "drop",
                    "integer",
                    "The data drop: 1 for the first build, then one more for each build "
                    "that changed something",
                ),
                F(
                    "change",
                    "string",
                    "new_report, removed_report, new_fact, removed_fact, "
                    "changed_value, reclassified, new_period, new_finding, resolved_finding",
                ),
                _REPORT,
                _PROVINCE,
                F("period_label", "string", "Period of the report concerned", required=False),
                F("indicator", "string", "Catalog id concerned", required=False),
                F("line", "integer", "Line in the report", required=False),
                F("quote", "string", "Quote of the figure or finding", required=False),
                F("old_value", "number", "Value before", required=False),
                F("new_value", "number", "Value now", required=False),
                F("detail", "string", "One-sentence explanation"),
                F(
                    "detail_vi",
                    "string",
                    "The same explanation in Vietnamese (empty for drops published before it)",
                    required=False,
                ),
            ),
        ),
    )
}


def csv_dtypes(name: str) -> dict[str, str]:
    """The ``pandas.read_csv`` dtypes that read table ``name`` without losing a digit."""
    return {f.name: FIELD_TYPES[f.type].csv for f in TABLES[name].fields}


def _as_bool(value: object) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly the columns of table ``name``, in order, and their schema's dtypes.

    text and date: ``string`` (missing text in a required field becomes ``""``); integer:
    ``int64`` (nullable ``Int64`` when optional); number: ``float64``; boolean: ``bool``
    (``True``/``"True"``/``"true"``/``1``; nullable ``boolean`` when optional). A table as
    built and the same table read back from its CSV get the same dtypes.
    """
    import pandas as pd

    out = {}
    for f in TABLES[name].fields:
        col = df[f.name]
        if f.type == "number":
            out[f.name] = pd.to_numeric(col).astype("float64")
        elif f.type == "integer":
            out[f.name] = pd.to_numeric(col).astype("int64" if f.required else "Int64")
        elif f.type == "boolean":
            flags = col.map(lambda v: None if pd.isna(v) else _as_bool(v))
            out[f.name] = flags.astype("bool" if f.required else "boolean")
        else:
            text = col.astype("string")
            out[f.name] = text.fillna("") if f.required else text
    return pd.DataFrame(out, index=df.index)


#: Optional integrations pandera loads when it finds them installed (data synthesis with
#: hypothesis, GeoDataFrame types with geopandas): ~0.4 s of imports no schema here needs.
_PANDERA_SKIPS = ("hypothesis", "geopandas")


def records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, the same values (missing text ``None``, numbers Python's),
    built a column at a time (:func:`values`): pandas boxes every cell of a text column one by
    one (a fact table of 29,000 rows took 1.4 s, this 0.1 s)."""
    if not df.columns.is_unique or not len(df.columns):
        return df.to_dict("records")
    keys = list(df.columns)
    columns = [values(df[name]) for name in keys]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


def values(s: pd.Series) -> list:
    """The values of ``s`` as :func:`records` (and ``to_dict``) gives them: Python numbers,
    ``None`` for missing text (iterating a text column gives ``pd.NA``, one cell at a time)."""
    import pandas as pd

    if isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is pd.NA:
        return s.to_numpy(dtype=object, na_value=None).tolist()
    if s.dtype.kind in "fiub" and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return s.to_numpy().tolist()
    return list(s.reset_index(drop=True).to_dict().values())  # pandas' own boxing


@contextmanager
def without_pandera_extras() -> Iterator[None]:
    """Hide hypothesis and geopandas from pandera (unless already loaded: then pandera sees
    them as usual). Its import, its backends' registration (which imports the strategies)
    and each validation (which looks for geometry types) run inside this."""
    skipped = [m for m in _PANDERA_SKIPS if m not in sys.modules]
    for m in skipped:
        sys.modules[m] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        yield
    finally:
        for m in skipped:
            if m in sys.modules and sys.modules[m] is None:
                del sys.modules[m]


def pandera() -> ModuleType:
    """``pandera.pandas``, with the backends for pandas frames registered, imported without
    its optional integrations (:func:`without_pandera_extras`)."""
    require("pandera", purpose="validating the published tables")
    if "pandera.pandas" in sys.modules:
        return sys.modules["pandera.pandas"]
    with without_pandera_extras():
        import pandas as pd
        import pandera.pandas as pa

        pa.DataFrameSchema.register_default_backends(pd.DataFrame)
    return pa


def pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    """A strict pandera schema for ``spec`` (exact columns, in order)."""
    pa = pandera()

    cols = {}
    for f in spec.fields:
        checks = []
        if f.enum:
            checks.append(pa.Check.isin(list(f.enum)))
        if f.pattern:
            checks.append(pa.Check.str_matches(f.pattern))
        if f.type == "date":
            checks.append(pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"))
        dtype = (
            "Int64"
            if f.type == "integer" and not f.required
            else getattr(pa, FIELD_TYPES[f.type].pandera)
        )
        cols[f.name] = pa.Column(dtype, checks=checks, nullable=not f.required, coerce=True)
    unique = list(spec.primary_key) if spec.primary_key else None
    return pa.DataFrameSchema(cols, strict=True, ordered=True, unique=unique)


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against table ``name``; raise :class:`SchemaError` with the failures."""
    pa = pandera()

    try:
        with without_pandera_extras():
            return pandera_schema(TABLES[name]).validate(df, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        cases = getattr(exc, "failure_cases", None)
        detail = cases.head(10).to_string() if cases is not None else str(exc)
        raise SchemaError(f"{name}.csv breaks its schema:\n{detail}") from exc
