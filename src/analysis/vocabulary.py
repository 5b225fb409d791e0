"""Every shared word of the project, defined once: units, qualifiers, scopes, statuses,
severities, check families, target ids, ranks, and how each of them reads on the page.

Ground floor: imports only :mod:`analysis.formats` (how numbers read in each edition). The
published tables (:mod:`analysis.schemas`),
the extraction, the audit, the tables and the book all take their words from here, so a new
unit, scope or check is added in one place.
"""

from __future__ import annotations

from . import formats

#: The four provinces the book compares (pre-2025 short names, in reading order).
STUDY_PROVINCES: tuple[str, ...] = ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi")

# --- figures ---------------------------------------------------------------------------------

#: Units a figure's value may be in. ``ratio`` is reserved (never produced by the reader).
#: ``points`` is an index score (its maximum, when stated, is the denominator: ``7,6/12 điểm``);
#: ``rank`` a place in a ranking (the number ranked is the denominator: ``xếp thứ 27/63``) or,
#: for ``*_rank_change`` ids, the places gained (negative: lost).
UNITS: tuple[str, ...] = (
    "percent", "count", "vnd", "million_vnd", "billion_vnd", "points", "rank", "ratio",
)  # fmt: skip
#: Units an indicator of the catalog may have (every unit but the reserved ``ratio``).
CATALOG_UNITS: frozenset[str] = frozenset(UNITS) - {"ratio"}
#: How exact a figure is: ``~``/khoảng, hơn/trên (more than), dưới (less than).
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "lower_bound", "upper_bound")
#: Whose figure it is: the whole province, one department's own work, a district, a commune.
SCOPES: tuple[str, ...] = ("province", "agency", "district", "commune")
#: Review status of a fact (``extracted`` until an analyst decides).
STATUSES: tuple[str, ...] = ("extracted", "reviewed", "overridden", "rejected")

#: Goals are classified as ``<indicator>_target``.
TARGET_SUFFIX = "_target"


def is_target(indicator: object) -> bool:
    """``online_payment_rate_target`` is a goal, ``online_payment_rate`` an observation."""
    return isinstance(indicator, str) and indicator.endswith(TARGET_SUFFIX)


def base_id(indicator: str) -> str:
    """``online_payment_rate_target`` → ``online_payment_rate``."""
    return indicator[: -len(TARGET_SUFFIX)] if is_target(indicator) else indicator


#: Preference among candidate values (lower first): a person's correction, then a reviewed
#: figure, then raw extraction; province-wide before narrower scopes; exact before bounds.
STATUS_RANK: dict[str, int] = {"overridden": 0, "reviewed": 1, "extracted": 2}
SCOPE_RANK: dict[str, int] = {s: i for i, s in enumerate(SCOPES)}
QUALIFIER_RANK: dict[str, int] = {"exact": 0, "approx": 1, "lower_bound": 2, "upper_bound": 2}

#: Series never cross the 2025 merger of provinces: each value belongs to one era.
PRE_MERGER, POST_MERGER = "pre-merger", "post-merger"

# --- audit -------------------------------------------------------------------------------------

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
#: The checks whose finding is a report contradicting itself: a value stated twice, a share its
#: own counts refute, parts or table rows that do not add up to their total, "all" claimed
#: against counts. The summary, the findings and the reporting chapter count these alike; a
#: restated national target (``result_echoes_target``) is not a contradiction.
CONTRADICTIONS: tuple[str, ...] = (
    "conflicting_values",
    "implied_share",
    "share_vs_counts",
    "breakdown_sum",
    "table_total",
    "full_claim_vs_counts",
)
#: Families of audit checks: the data-quality chapter shows one table per family.
FIGURES, GEOGRAPHY = "figures", "geography"
#: Every check the audit may report, with its family. A finding of a check not listed here is
#: refused (:class:`analysis.checks.findings.Finding`), so the chapter never misfiles one.
CHECKS: dict[str, str] = {
    # a report's figures and tables against each other, and how its figures were read
    "rate_vs_fraction": FIGURES,
    "implied_share": FIGURES,
    "conflicting_values": FIGURES,
    "breakdown_sum": FIGURES,
    "share_vs_counts": FIGURES,
    "full_claim_vs_counts": FIGURES,
    "table_total": FIGURES,
    "scope_rules_missing": FIGURES,
    "unclassified_candidate": FIGURES,
    "result_echoes_target": FIGURES,
    "review_unmatched": FIGURES,
    # district statements (coverage) and district names
    "district_without_item": GEOGRAPHY,
    "district_count_without_item": GEOGRAPHY,
    "district_total_mismatch": GEOGRAPHY,
    "district_count_partial": GEOGRAPHY,
    "district_count_exceeds_total": GEOGRAPHY,
    "absent_count_mismatch": GEOGRAPHY,
    "foreign_district": GEOGRAPHY,
    "ambiguous_district": GEOGRAPHY,
    "unknown_district": GEOGRAPHY,
    "historic_district_name": GEOGRAPHY,
    "post_merger_report": GEOGRAPHY,
    "coverage_failed": GEOGRAPHY,
    # boundary files (analysis.geo.boundaries.boundary_problems)
    "boundary_not_configured": GEOGRAPHY,
    "boundary_no_boundary_file": GEOGRAPHY,
    "boundary_read_error": GEOGRAPHY,
    "boundary_crs_note": GEOGRAPHY,
    "boundary_unmatched_polygon": GEOGRAPHY,
    "boundary_ambiguous_polygon": GEOGRAPHY,
    "boundary_merged_polygon": GEOGRAPHY,
    "boundary_no_polygon": GEOGRAPHY,
}


#: How each check reads in the book (tables show these, never the code).
CHECK_LABELS: dict[str, str] = {
    "rate_vs_fraction": "rate differs from its own fraction",
    "implied_share": "share implied by two figures",
    "conflicting_values": "two values for one figure",
    "breakdown_sum": "parts do not add up to the total",
    "share_vs_counts": "share differs from the counts given",
    "full_claim_vs_counts": '"all" claimed, counts say otherwise',
    "result_echoes_target": "result repeats a national target's wording",
    "unclassified_candidate": "indicator-like figure left without an indicator",
    "table_total": "table total does not add up",
    "scope_rules_missing": "report has no scope rules yet",
    "review_unmatched": "analyst's decision no longer matches a figure",
    "district_without_item": "district named without a deployment",
    "district_count_without_item": "district count without a deployment",
    "district_total_mismatch": "district total differs from the list",
    "district_count_partial": "fewer districts listed than counted",
    "district_count_exceeds_total": "more districts counted than exist",
    "absent_count_mismatch": "count of districts without it differs",
    "foreign_district": "district of another province",
    "ambiguous_district": "district name fits several districts",
    "unknown_district": "district name not in the gazetteer",
    "historic_district_name": "former district name",
    "post_merger_report": "report after the 2025 merger",
    "coverage_failed": "district statements could not be read",
    "boundary_not_configured": "no boundary files configured",
    "boundary_no_boundary_file": "no boundary file for the province",
    "boundary_read_error": "boundary file unreadable",
    "boundary_crs_note": "boundary file coordinates converted",
    "boundary_unmatched_polygon": "polygon matching no district",
    "boundary_ambiguous_polygon": "polygon matching several districts",
    "boundary_merged_polygon": "former district's polygon merged",
    "boundary_no_polygon": "district without a polygon",
}
#: How each kind of change of a data drop reads in the book.
CHANGE_LABELS: dict[str, str] = {
    "new_report": "new report",
    "removed_report": "report removed",
    "new_fact": "new figure",
    "changed_value": "changed value",
    "removed_fact": "figure removed",
    "new_period": "indicator with a new period",
    "new_finding": "new audit finding",
    "resolved_finding": "audit finding resolved",
    "reclassified": "figure given another indicator",
}


def check_family(check: str) -> str:
    """The family of audit check ``check``; ``KeyError`` for a check nobody declared."""
    return CHECKS[check]


# --- district coverage ---------------------------------------------------------------------

#: Status of a deployment in a district, as the reports state it.
COVERAGE_STATUSES: tuple[str, ...] = ("present", "absent", "planned")
#: How charts, maps and tables label a province or district without a figure.
NOT_REPORTED = "not reported"
#: Coverage items (what is deployed in a district) and how they read. The phrases that mark
#: each item in a report are extraction rules (``data/raw/reference/coverage.yaml``).
COVERAGE_ITEMS: dict[str, str] = {
    "one_stop_post_office": "one-stop desk at the post office",
    "district_ioc": "district IOC",
    "pest_station": "pest-monitoring station",
    "5g_coverage": "5G coverage at the district seat",
    "video_conference_point": "video-conference bridge point",
    "iso_electronic": "electronic ISO software",
    "one_stop_system": "electronic one-stop system",
    "district_portal": "district web portal",
    "malware_protection": "anti-malware software on district servers",
    "training": "training held",
    "community_digital_team": "community digital technology team",
}

# --- targets -----------------------------------------------------------------------------------

MET, NOT_MET, NO_DATA = "met", "not met", "no data"
TARGET_STATUSES: tuple[str, ...] = (MET, NOT_MET, NO_DATA)

# --- how the words read on the page ----------------------------------------------------------

#: Mark before a value: ``~70%``, ``>90%``, ``<5%``.
QUALIFIER_MARKS: dict[str, str] = {
    "exact": "",
    "approx": "~",
    "lower_bound": ">",
    "upper_bound": "<",
}
#: Mark after a value in tables: † a department's own figure, ‡ a district or commune's.
SCOPE_MARKS: dict[str, str] = {"province": "", "agency": " †", "district": " ‡", "commune": " ‡"}
#: How each scope reads in legends and labels.
SCOPE_LABELS: dict[str, str] = {
    "province": "province-wide",
    "agency": "agency only",
    "district": "district only",
    "commune": "commune only",
}
#: Mark before a target's value: "at least" (trên/hơn) or "at most" (dưới).
TARGET_BOUND_MARKS: dict[str, str] = {"lower_bound": "≥ ", "upper_bound": "≤ "}
#: Axis-title wording of each unit.
UNIT_LABELS: dict[str, str] = {
    "percent": "%",
    "count": "count",
    "vnd": "VND",
    "million_vnd": "million VND",
    "billion_vnd": "billion VND",
    "points": "points",
    "rank": "rank",
}
#: The unit of a change per year: percentage points for rates, else the unit itself.
PER_YEAR_UNITS: dict[str, str] = {
    "percent": "percentage points",
    "count": "",
    "vnd": "VND",
    "million_vnd": "million VND",
    "billion_vnd": "billion VND",
    "points": "points",
    "rank": "places",
}


#: The same in the Vietnamese edition.
UNIT_LABELS_VI: dict[str, str] = {
    "percent": "%",
    "count": "số lượng",
    "vnd": "đồng",
    "million_vnd": "triệu đồng",
    "billion_vnd": "tỷ đồng",
    "points": "điểm",
    "rank": "thứ hạng",
}


def unit_label(unit: str | None, lang: str | None = None) -> str:
    """How a unit reads in an axis title: ``percent`` → ``%``, ``billion_vnd`` → ``billion VND``
    (``tỷ đồng`` in the Vietnamese edition)."""
    labels = UNIT_LABELS_VI if formats.language(lang) == "vi" else UNIT_LABELS
    return labels.get(unit or "", (unit or "").replace("_", " "))


def per_year_unit(unit: str | None) -> str:
    """The unit of a change per year: percentage points for rates, else the unit itself."""
    return PER_YEAR_UNITS.get(unit or "", unit or "")


def fmt_number(
    value: float | None, unit: str = "count", *, digits: int | None = None, lang: str | None = None
) -> str:
    """A value with its unit as prose reads it (``71.3%``, ``2,164,505``, ``44.78 bn VND``;
    in Vietnamese ``71,3%``, ``2.164.505``): :func:`analysis.formats.value`."""
    return formats.value(value, unit, digits=digits, lang=lang)
