"""Static export of the book's charts: SVG and PNG through vl-convert (no browser, no network).

The HTML book shows interactive charts; the PDF needs static images. :func:`html_png_renderer`
gives Jupyter and Quarto both (Quarto picks ``text/html`` for HTML and ``image/png`` for PDF);
:func:`to_svg` is the static SVG the tests and maps use. vl-convert is pinned to the Vega-Lite
version of Altair's schema (:func:`vl_version`) and finds the book's fonts.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

import altair as alt

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def register_fonts() -> None:
    """Make the system's DejaVu fonts (full Vietnamese diacritics) known to vl-convert."""
    import vl_convert as vlc

    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)


def html_png_renderer(spec: dict, **meta: object) -> dict:
    """Altair renderer: interactive HTML for the web book plus a static PNG for the PDF.

    Quarto picks ``text/html`` for HTML output and ``image/png`` for LaTeX/PDF output.
    """
    import vl_convert as vlc
    from altair.utils.mimebundle import spec_to_mimebundle

    html = spec_to_mimebundle(
        spec,
        format="html",
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
    )["text/html"]
    png = vlc.vegalite_to_png(
        spec, vl_version=vl_version(), scale=float(str(meta.get("scale_factor", 2)))
    )
    return {"text/html": html, "image/png": base64.b64encode(png).decode("ascii")}


@cache
def vl_version() -> str | None:
    """The vl-convert Vega-Lite version matching Altair's schema (None: vl-convert default)."""
    import vl_convert as vlc

    want = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    have = {v.lstrip("v").replace("_", "."): v for v in vlc.get_vegalite_versions()}
    return have.get(want)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """Static SVG of ``chart`` (vl-convert; no browser, no network)."""
    import vl_convert as vlc

    register_fonts()
    return vlc.vegalite_to_svg(chart.to_dict(), vl_version=vl_version())
