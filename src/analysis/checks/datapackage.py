"""``data/processed/datapackage.json``: a Frictionless Data Package describing every table.

Built from :data:`analysis.schemas.TABLES` (fields, types, descriptions, primary and foreign
keys; its order is the descriptor's) and the manifest (the source reports), then validated
with ``frictionless`` (types, constraints, keys).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..extras import require
from ..schemas import TABLES, TableSpec, records

#: The tables a build publishes (and a data release carries), in descriptor order.
PUBLISHED: tuple[str, ...] = tuple(TABLES)


class DataPackageError(ValueError):
    """The published tables do not match their descriptor."""


#: Where each table comes from, besides the reports (catalog and crosswalk are reference data).
_OTHER_SOURCES = {
    "measures": [{"title": "Measures of the indicators", "path": "../raw/reference/measures.yaml"}],
    "national_indices": [
        {
            "title": "National index results with their sources (one URL and publisher per row)",
            "path": "../raw/reference/national_indices.csv",
        }
    ],
    "catalog": [{"title": "Indicator catalog", "path": "../raw/reference/indicators.yaml"}],
    "crosswalk": [
        {
            "title": "vietnamadminunits (PyPI): 2025 administrative conversion data",
            "path": "https://pypi.org/project/vietnamadminunits/",
        }
    ],
}


def _resource(spec: TableSpec, sources: list[dict]) -> dict:
    fields = []
    for f in spec.fields:
        field: dict = {"name": f.name, "type": f.type, "description": f.description}
        constraints: dict = {}
        if f.required:
            constraints["required"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.pattern:
            constraints["pattern"] = f.pattern
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.resource, "fields": list(fk.reference)},
            }
            for fk in spec.foreign_keys
        ]
    return {
        "name": spec.name,
        "path": f"{spec.name}.csv",
        "title": spec.title,
        "description": spec.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
        "sources": _OTHER_SOURCES.get(spec.name, sources),
    }


def descriptor(manifest: pd.DataFrame) -> dict:
    """The package descriptor (deterministic: no timestamps)."""
    sources = [
        {
            "title": f"{r['report_id']}: {r['title']}",
            "path": f"../raw/reports/{r['file']}",
            "description": f"{r['issuer']}, {r['period_label']}; sha256 {r['sha256']}",
        }
        for r in records(manifest.sort_values("report_id"))
    ]
    return {
        "name": "vietnam-provincial-egovernment",
        "title": "Provincial e-government in Vietnam: figures from official reports",
        "description": "Figures extracted from provincial reports (An Giang, Trà Vinh, Bắc Giang, "
        "Quảng Ngãi), each traceable to report, line and exact quote.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": sources,
        "resources": [_resource(spec, sources) for spec in TABLES.values()],
    }


def validate_package(path: Path) -> None:
    """Validate ``datapackage.json`` and every table it lists; raise on the first errors."""
    require("frictionless", purpose="validating the Data Package (--check-package)")
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(path)).validate()
    if not report.valid:
        errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors[:5]]
        errors += [e.message for e in report.errors]
        raise DataPackageError(f"{path} does not validate:\n  " + "\n  ".join(errors[:20]))
