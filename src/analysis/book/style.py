"""One chart style for the whole book: an Altair theme, palettes and source notes.

Colours are Okabe–Ito (colour-blind safe). Each province keeps its colour in every chart;
status colours are shared by maps and tables. Fonts carry full Vietnamese diacritics.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt

from ..vocabulary import MET, NO_DATA, NOT_MET, NOT_REPORTED, STUDY_PROVINCES
from .export import html_png_renderer, register_fonts

FONT = "DejaVu Sans"
#: Okabe–Ito palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PROVINCE_COLORS: dict[str, str] = dict(zip(STUDY_PROVINCES, OKABE_ITO, strict=False))
STATUS_COLORS: dict[str, str] = {
    "present": "#0072B2",
    "planned": "#56B4E9",
    "absent": "#D55E00",
    NOT_REPORTED: "#D9D9D9",
}
#: Target status (met / not met / no data) reuses the status colours: blue is "there",
#: vermillion "missing", grey "unknown", the same meaning as on the coverage maps.
TARGET_STATUS_COLORS: dict[str, str] = {
    MET: STATUS_COLORS["present"],
    NOT_MET: STATUS_COLORS["absent"],
    NO_DATA: STATUS_COLORS[NOT_REPORTED],
}
SCOPE_SHAPES: dict[str, str] = {"province": "circle", "agency": "triangle-up", "district": "square"}
THEME_NAME = "egov_book"


def province_scale(domain: Iterable[str] | None = None) -> alt.Scale:
    """A colour scale that gives each province its fixed colour."""
    names = list(domain) if domain is not None else list(STUDY_PROVINCES)
    return alt.Scale(domain=names, range=[PROVINCE_COLORS.get(n, "#999999") for n in names])


def status_scale() -> alt.Scale:
    return alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))


def target_status_scale() -> alt.Scale:
    return alt.Scale(domain=list(TARGET_STATUS_COLORS), range=list(TARGET_STATUS_COLORS.values()))


def source_tooltips() -> list[alt.Tooltip]:
    """The provenance part of every tooltip: report, line and (shortened) quote."""
    return [
        alt.Tooltip("report_id:N", title="Report"),
        alt.Tooltip("line:N", title="Line"),
        alt.Tooltip("quote:N", title="Quote"),
    ]


def source_note(report_ids: Iterable[str]) -> str:
    """The line every chart carries under its title: which reports it draws on."""
    ids = sorted({r for r in report_ids if r})
    return "Source: " + (", ".join(ids) if ids else "no report") + " (see the Sources chapter)."


def titled(
    chart: alt.TopLevelMixin,
    title: str,
    report_ids: Iterable[str],
    notes: Iterable[str] = (),
    *,
    lead: Iterable[str] = (),
) -> alt.TopLevelMixin:
    """Give ``chart`` its title and the source note naming ``report_ids``.

    ``lead`` lines come first under the title (e.g. the Vietnamese name); ``notes`` are
    further subtitle lines (caveats, legends in words) after the source note.
    """
    return chart.properties(
        title=alt.TitleParams(
            text=title, subtitle=[*lead, source_note(report_ids), *notes], anchor="start"
        )
    )


def theme() -> dict:
    """The Altair theme config (fonts, sizes, palette)."""
    return {
        "config": {
            "font": FONT,
            "title": {
                "font": FONT,
                "fontSize": 14,
                "subtitleFontSize": 10,
                "subtitleColor": "#555555",
                "anchor": "start",
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 11,
                "gridColor": "#E5E5E5",
            },
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 320},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "range": {"category": OKABE_ITO},
            "view": {"stroke": None, "continuousWidth": 520, "continuousHeight": 280},
        }
    }


def enable() -> None:
    """Register and enable the book theme and the HTML+PNG renderer (idempotent)."""
    register_fonts()
    if hasattr(alt, "theme") and hasattr(alt.theme, "register"):
        alt.theme.register(THEME_NAME, enable=True)(lambda: alt.theme.ThemeConfig(**theme()))
    else:  # Altair < 5.5
        alt.themes.register(THEME_NAME, theme)
        alt.themes.enable(THEME_NAME)
    alt.renderers.register("book", html_png_renderer)
    alt.renderers.enable("book")
