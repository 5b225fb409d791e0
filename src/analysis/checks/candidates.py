"""No silent gaps: figures left unclassified on a line that reads like an indicator.

The extraction keeps, for a figure it could not classify but whose words name an object the
catalog knows (dossiers, services, procedures, accounts, systems, an index ...), the catalog
ids whose facets it states most of (``Extracted.extra["candidates"]``). Each such figure
becomes an ``unclassified_candidate`` finding (severity ``info``), so the review of a drop
shows it with its best candidate ids instead of finding nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.extract import Extracted
from .findings import Finding
from .messages import said


def unclassified_candidates(rows: Iterable[tuple[Extracted, str]], province: str) -> list[Finding]:
    """One finding per unclassified figure that has candidate ids (``(row, id)`` pairs)."""
    out = []
    for x, indicator in rows:
        cands = x.extra.get("candidates") or []
        if indicator or not cands:
            continue
        out.append(
            Finding(
                check="unclassified_candidate",
                severity="info",
                message=(
                    m := said(
                        "audit.unclassified_candidate", value=x.value, unit=x.unit, candidates=cands
                    )
                ).en,
                message_vi=m.vi,
                report_id=x.report_id,
                province=province,
                line=x.line,
                quote=x.quote,
                indicator="",
                stated=x.value,
            )
        )
    return out
