"""How the book's charts leave the kernel: interactive HTML, static PNG and SVG (vl-convert).

The HTML book shows interactive charts; the PDF needs static images. :func:`html_png_renderer`
gives Jupyter and Quarto both (Quarto picks ``text/html`` for HTML and ``image/png`` for PDF);
:func:`to_svg` is the static SVG the tests and maps use. vl-convert is pinned to the Vega-Lite
version of Altair's schema (:func:`vl_version`) and finds the book's fonts.

The HTML needs no network: Vega, Vega-Lite and Vega-Embed come from vl-convert's own bundle,
written once into the book (:func:`write_vega_bundle`, copied to ``_book`` as a resource) and
loaded by a relative path, so the book reads from a file share or an intranet. Each chart gets
its own element id, and its spec (which carries report quotes) sits in a JSON ``<script>``
escaped for HTML (:func:`json_for_html`), so no quote can end the script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from functools import cache
from pathlib import Path

import altair as alt

from .. import paths

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def register_fonts() -> None:
    """Make the system's DejaVu fonts (full Vietnamese diacritics) known to vl-convert."""
    import vl_convert as vlc

    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)


#: Where the Vega libraries live in the project (generated, ignored by git; a Quarto resource).
BUNDLE = Path("book") / "vendor" / "vega-bundle.js"
#: Pixels per inch of one CSS pixel: the PDF then shows a chart at the size the HTML does.
CSS_PPI = 96.0
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_seen_ids: dict[str, int] = {}
#: The bundle's snippet: the three libraries as globals for the charts' loaders.
_GLOBALS = "window.vega = vega; window.vegaLite = vegaLite; window.vegaEmbed = vegaEmbed;"


def json_for_html(value: object) -> str:
    """JSON of ``value`` safe inside an HTML ``<script>``: ``<``, ``>``, ``&``, U+2028 and
    U+2029 become ``\\uXXXX`` escapes (the same JSON to a parser; no ``</script>`` possible)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def chart_id(spec: dict) -> str:
    """A deterministic element id for ``spec``, unique within the kernel (a repeat gets -2, -3)."""
    base = "vis-" + hashlib.sha256(json_for_html(spec).encode("utf-8")).hexdigest()[:12]
    _seen_ids[base] = _seen_ids.get(base, 0) + 1
    n = _seen_ids[base]
    return base if n == 1 else f"{base}-{n}"


def describe(spec: dict) -> str:
    """What a chart shows, in words, for screen readers: its description, or its title and
    subtitle lines (the element's ``role="img"`` already says it is a picture, so no "Chart:"
    prefix); a chart without either is named in the edition's words."""
    if spec.get("description"):
        return str(spec["description"]).strip()
    title = spec.get("title") or {}
    if not isinstance(title, dict):
        title = {"text": title}
    parts: list[object] = []
    for key in ("text", "subtitle"):
        value = title.get(key) or []
        parts += value if isinstance(value, list) else [value]
    text = " ".join(str(p).strip() for p in parts if str(p).strip())
    if text:
        return text
    from .words import t

    return t("charts.untitled")


def _bundle_header() -> str:
    import vl_convert as vlc

    return (
        f"/* Vega {vlc.get_vega_version()}, Vega-Lite {vl_version() or 'default'} and Vega-Embed "
        f"{vlc.get_vega_embed_version()} (each BSD-3-Clause, University of Washington Interactive "
        "Data Lab and contributors), bundled by the installed vl-convert-python; written by the "
        "book's build, never edited by hand. */\n"
    )


def write_vega_bundle(root: Path | None = None) -> Path:
    """Write the Vega libraries into the book (``book/vendor/vega-bundle.js``) unless the file
    already holds these versions (bundling takes vl-convert several seconds)."""
    import vl_convert as vlc

    target = (root or paths.project_root()) / BUNDLE
    header = _bundle_header()
    if target.is_file():
        with target.open(encoding="utf-8") as fh:
            if fh.readline() == header:
                return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(
        header + vlc.javascript_bundle(_GLOBALS, vl_version=vl_version()), encoding="utf-8"
    )
    os.replace(tmp, target)
    return target


def bundle_src(cwd: Path | None = None) -> str:
    """The bundle's URL relative to the page: pages mirror the sources' folders and the kernel
    runs in the chapter's folder, so the path from the working directory is the path from the
    page."""
    rel = os.path.relpath(paths.project_root() / BUNDLE, start=cwd or Path.cwd())
    return Path(rel).as_posix()


_LOADER = """<script>
(function () {{
  var id = "{id}";
  function draw() {{
    var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
    vegaEmbed("#" + id, spec, {{renderer: "svg", actions: false}}).catch(function (err) {{
      document.getElementById(id).textContent = {error} + err;
    }});
  }}
  if (window.vegaEmbed) {{ draw(); return; }}
  var queue = window.bookVegaQueue = window.bookVegaQueue || [];
  queue.push(draw);
  if (queue.length > 1) {{ return; }}
  var script = document.createElement("script");
  script.src = "{src}";
  script.onload = function () {{ while (queue.length) {{ queue.shift()(); }} }};
  document.head.appendChild(script);
}})();
</script>"""


def chart_html(spec: dict, *, src: str | None = None) -> str:
    """The HTML of one chart: its own element, its spec as escaped JSON, a loader that reads
    the Vega libraries from the book itself (no CDN)."""
    from .words import t

    vid = chart_id(spec)
    label = html.escape(describe(spec), quote=True)
    error = t("charts.draw_error")  # shown in the chart's place if Vega fails
    return (
        f'<div id="{vid}" class="book-chart" role="img" aria-label="{label}"></div>\n'
        f'<script type="application/json" id="{vid}-spec">{json_for_html(spec)}</script>\n'
        + _LOADER.format(
            id=vid, src=html.escape(src or bundle_src(), quote=True), error=json_for_html(error)
        )
    )


#: The chart's own lines (source, notes) under it in a book figure: the subtitle's look.
FIGURE_NOTE_STYLE = {
    "anchor": "start",
    "orient": "bottom",
    "fontSize": 10,
    "fontWeight": "normal",
    "color": "#555555",
    "lineHeight": 13,
    "offset": 12,
}


def as_figure(spec: dict) -> dict:
    """``spec`` as a numbered figure of the book draws it: the figure's caption ("Figure 3.1:
    …", Quarto's) names the chart, so the chart drops its own title (a Quarto book's figures
    carry none) and keeps its subtitle lines (the Vietnamese name, the source, notes) as a
    note under the plot. The title stays in the spec's ``description`` when it has none, for
    screen readers."""
    title = spec.get("title")
    if not title:
        return spec
    if not isinstance(title, dict):
        title = {"text": title}
    lines = title.get("subtitle") or []
    lines = [lines] if isinstance(lines, str) else list(lines)
    out = {k: v for k, v in spec.items() if k != "title"}
    out.setdefault("description", describe(spec))
    if lines:
        out["title"] = {"text": lines, **FIGURE_NOTE_STYLE}
    return out


def html_png_renderer(spec: dict, **meta: object) -> dict:
    """Altair renderer: interactive HTML for the web book plus a static PNG for the PDF.

    Quarto picks ``text/html`` for HTML output and ``image/png`` for LaTeX/PDF output. The PNG
    records its density (``CSS_PPI`` × scale), so LaTeX prints a chart at its design size.
    Every chart of the book is a captioned figure: it is drawn :func:`as_figure`.
    """
    import vl_convert as vlc

    scale = float(str(meta.get("scale_factor", 2)))
    spec = as_figure({**spec, "description": describe(spec)})
    # vl-convert draws ``scale × ppi / 72`` pixels per CSS pixel: ``scale`` device pixels per
    # CSS pixel, recorded as ``CSS_PPI × scale`` pixels an inch.
    ppi = CSS_PPI * scale
    png = vlc.vegalite_to_png(spec, vl_version=vl_version(), scale=scale * 72 / ppi, ppi=ppi)
    return {"text/html": chart_html(spec), "image/png": base64.b64encode(png).decode("ascii")}


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
