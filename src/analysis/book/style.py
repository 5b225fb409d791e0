"""One chart style for the whole book: an Altair theme, palettes and source notes.

Colours are Okabe–Ito (colour-blind safe). Each province keeps its colour in every chart;
status colours are shared by maps and tables. Fonts carry full Vietnamese diacritics.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable

import altair as alt

from .. import formats
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
#: The widest a chart may be, in CSS pixels: the PDF's text block (166 mm at 96 px an inch);
#: the HTML column is wider. At this width every 10 px label prints at 7.5 pt.
MAX_WIDTH = 620
#: Characters per title and subtitle line (titles do not wrap by themselves and would widen
#: the chart past the column).
TITLE_CHARS, SUBTITLE_CHARS = 62, 96


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters (words kept whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def title_lines(text: str, width: int = TITLE_CHARS) -> str | list[str]:
    """A title as Vega-Lite takes it: one string when it fits a line, else its lines."""
    lines = wrap(text, width)
    return lines[0] if len(lines) == 1 else lines


def province_scale(domain: Iterable[str] | None = None) -> alt.Scale:
    """A colour scale that gives each province its fixed colour."""
    names = list(domain) if domain is not None else list(STUDY_PROVINCES)
    return alt.Scale(domain=names, range=[PROVINCE_COLORS.get(n, "#999999") for n in names])


def status_scale() -> alt.Scale:
    return alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))


def target_status_scale() -> alt.Scale:
    return alt.Scale(domain=list(TARGET_STATUS_COLORS), range=list(TARGET_STATUS_COLORS.values()))


def source_tooltips(report: str = "report") -> list[alt.Tooltip]:
    """The provenance part of every tooltip: report, line and (shortened) quote; ``report``
    names the data's column that says which report as a reader names it (its short
    citation, :func:`analysis.book.citations.cite`)."""
    return [
        alt.Tooltip(f"{report}:N", title="Báo cáo" if formats.language() == "vi" else "Report"),
        alt.Tooltip("line:N", title="Dòng" if formats.language() == "vi" else "Line"),
        alt.Tooltip("quote:N", title="Trích dẫn" if formats.language() == "vi" else "Quote"),
    ]


def source_note(report_ids: Iterable[str]) -> str:
    """The line every chart carries under its title: which reports it draws on, each by its
    short citation (:mod:`analysis.book.citations`: issuer, short title, date)."""
    from .citations import citations

    ids = sorted({r for r in report_ids if r})
    named = citations(ids)
    text = "; ".join(dict.fromkeys(named[i] for i in ids))
    if formats.language() == "vi":
        return "Nguồn: " + (text or "không có báo cáo") + " (xem chương Nguồn)."
    return "Source: " + (text or "no report") + " (see the Sources chapter)."


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
    lines = [*lead, source_note(report_ids), *notes]
    return chart.properties(
        title=alt.TitleParams(
            text=title_lines(title),
            subtitle=[w for line in lines for w in wrap(line, SUBTITLE_CHARS)],
            anchor="start",
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
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 10,
                "titleFontSize": 10,
                "labelLimit": 320,
                "orient": "bottom",
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11},
            "text": {"fontSize": 10},
            "range": {"category": OKABE_ITO},
            "view": {"stroke": None, "continuousWidth": 460, "continuousHeight": 260},
            # Axis ticks and tooltips in the edition's number format (1.234,5 in Vietnamese).
            "locale": {"number": formats.VEGA_LOCALES[formats.language()]},
        }
    }


#: Set (to ``book``) by the book's notebook runner; Quarto's kernels have QUARTO_DOCUMENT_PATH.
RENDERER_VAR = "ANALYSIS_CHART_RENDERER"


def book_renderer_wanted() -> bool:
    """True inside a book render: a Quarto kernel, or the project's notebook runner."""
    return bool(os.environ.get("QUARTO_DOCUMENT_PATH")) or os.environ.get(RENDERER_VAR) == "book"


def enable(lang: str | None = None, *, renderer: str | None = None) -> str:
    """Register and enable the book theme (idempotent); returns the Altair renderer in use.

    ``lang`` (``"en"``, ``"vi"``) is the edition the chapter belongs to: numbers, dates and
    the words of charts and prose follow it (:func:`analysis.formats.use`).

    The renderer: ``renderer="book"`` is the book's HTML + PNG renderer (an HTML chart that
    loads the Vega libraries the book ships, plus a PNG for the PDF); any other name is an
    Altair renderer (``"default"``, ``"png"``…). Left out, the book renderer is used only
    inside a book render (Quarto, ``analysis notebooks``); in Jupyter, VS Code or a script the
    charts keep Altair's own interactive renderer: enabling the style never turns them into
    pictures."""
    if lang:
        formats.use(lang)
    register_fonts()
    if hasattr(alt, "theme") and hasattr(alt.theme, "register"):
        alt.theme.register(THEME_NAME, enable=True)(lambda: alt.theme.ThemeConfig(**theme()))
    else:  # Altair < 5.5
        alt.themes.register(THEME_NAME, theme)
        alt.themes.enable(THEME_NAME)
    alt.renderers.register("book", html_png_renderer)
    name = renderer or ("book" if book_renderer_wanted() else None)
    if name:
        alt.renderers.enable(name)
    return str(alt.renderers.active)
