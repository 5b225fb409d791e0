"""Checks on what a chapter shows, read from an executed notebook's outputs (no Quarto)."""

from __future__ import annotations

import base64
import html
import json
import re
import struct

from analysis.book.style import MAX_WIDTH
from analysis.vocabulary import CHECKS, COVERAGE_ITEMS

#: The themes of the seven theme chapters (notebooks 02-08), in book order.
THEMES = (
    "online_services",
    "documents_signatures",
    "infrastructure",
    "data_platforms",
    "security",
    "people",
    "finance",
)
_SPEC = re.compile(r'<script type="application/json" id="(vis-[^"]+)-spec">(.*?)</script>', re.S)
_FONT_KEYS = {"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"}
#: Column names of the published tables that must never reach a reader as headers.
RAW_COLUMNS = [
    "report_id",
    "period_label",
    "period_start",
    "period_end",
    "district_name",
    "district_code",
    "old_value",
    "new_value",
    "name_en",
    "name_vi",
    "theme_en",
    "other_quote",
    "other_line",
    "new_ward_name",
    "old_district_name",
]


def outputs(nb: dict) -> list[dict]:
    return [o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])]


def chart_specs(nb: dict) -> list[tuple[str, dict]]:
    return [
        (vid, json.loads(text))
        for data in outputs(nb)
        for vid, text in _SPEC.findall("".join(data.get("text/html", "")))
    ]


def png_widths(nb: dict) -> list[int]:
    """CSS width of each chart's PNG (drawn at two device pixels per CSS pixel)."""
    out = []
    for data in outputs(nb):
        if "image/png" in data:
            png = base64.b64decode("".join(data["image/png"]))
            out.append(struct.unpack(">I", png[16:20])[0] // 2)
    return out


def font_sizes(spec: object) -> list[float]:
    if isinstance(spec, dict):
        found = [v for k, v in spec.items() if k in _FONT_KEYS and isinstance(v, int | float)]
        return found + [f for v in spec.values() for f in font_sizes(v)]
    if isinstance(spec, list):
        return [f for v in spec for f in font_sizes(v)]
    return []


#: How a LaTeX cell writes each special character (read back by :func:`printed`).
_LATEX_READS = {
    r"\textbackslash{}": "\\",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textquotesingle{}": "'",
    r"\textasciigrave{}": "`",
    r"\textquotedbl{}": '"',
    "{[}": "[",
    "{]}": "]",
    "-{}": "-",
    ",{}": ",",
    **{"\\" + c: c for c in "{}$&#_%"},
}


def printed(latex: str) -> str:
    """What XeLaTeX prints for escaped cell text (the escapes the book's cells use)."""
    pattern = "|".join(re.escape(k) for k in sorted(_LATEX_READS, key=len, reverse=True))
    return re.sub(pattern, lambda m: _LATEX_READS[m.group(0)], latex)


def latex_cells(md: str) -> list[str]:
    """The header and body cells of the raw LaTeX tables in a cell's Markdown (the PDF's
    tables) as printed, identifiers (``\\texttt``) and addresses (``\\url``) left out."""
    cells: list[str] = []
    for latex in re.findall(r"```+\{=latex\}\n(.*?)\n```+", md, re.S):
        cells += re.findall(r"\\raggedright\n(.*?)\n\\end\{minipage\}", latex)
        body = latex.split("\\endlastfoot\n", 1)[-1].rsplit("\n\\end{longtable}", 1)[0]
        cells += [c for row in body.splitlines() for c in row.removesuffix(" \\\\").split(" & ")]
    code = re.compile(r"\\texttt\{(?:[^{}]|\{\})*\}|\\url\{[^{}]*\}")
    return [printed(code.sub(" ", c)) for c in cells]


def visible_text(nb: dict) -> str:
    """What a reader reads: HTML without scripts, tags and code; Markdown without code spans
    and escapes; the PDF's LaTeX tables as printed; chart titles and subtitles."""
    parts = []
    for data in outputs(nb):
        page = "".join(data.get("text/html", ""))
        page = re.sub(r"<script.*?</script>|<code>.*?</code>", " ", page, flags=re.S)
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", page)))
        md = "".join(data.get("text/markdown", ""))
        parts.append("\n".join(latex_cells(md)))
        md = re.sub(r"```+\{=latex\}\n.*?\n```+", " ", md, flags=re.S)
        md = re.sub(r"`[^`]*`", " ", md)
        parts.append(re.sub(r"\\(.)", r"\1", md))
    for _, spec in chart_specs(nb):
        parts.append(json.dumps(_titles(spec), ensure_ascii=False))
    return "\n".join(parts)


def _titles(spec: object) -> list[object]:
    if isinstance(spec, dict):
        own = [spec[k] for k in ("title",) if k in spec]
        return own + [
            t for k, v in spec.items() if k not in ("data", "datasets") for t in _titles(v)
        ]
    if isinstance(spec, list):
        return [t for v in spec for t in _titles(v)]
    return []


def raw_codes(text: str, indicator_ids: set[str]) -> set[str]:
    """Internal codes (snake_case ids of checks, coverage items, indicators, columns) in text."""
    codes = {c for c in {*CHECKS, *COVERAGE_ITEMS, *indicator_ids, *RAW_COLUMNS} if "_" in c}
    words = set(re.findall(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+", text))
    return words & codes


def problems(nb: dict, indicator_ids: set[str]) -> list[str]:
    """Every way the outputs fail the book's rules, in words."""
    found = []
    page = "\n".join("".join(d.get("text/html", "")) for d in outputs(nb))
    ids = re.findall(r'<div id="([^"]+)" class="book-chart"', page)
    if len(ids) != len(set(ids)) or 'id="vis"' in page:
        found.append(f"chart element ids repeat: {ids}")
    if re.search(r"<script[^>]*\bsrc=[\"']?(?:https?:)?//", page):
        found.append("a script is loaded from the network")
    found += [f"chart {w} px wide" for w in png_widths(nb) if w > MAX_WIDTH]
    for vid, spec in chart_specs(nb):
        title = spec.get("title")
        if title and not (
            isinstance(title, dict) and "subtitle" not in title and title.get("orient") == "bottom"
        ):  # every chart of the book is a figure: its caption is its title (export.as_figure)
            found.append(f"{vid}: the chart has a title of its own beside its caption")
        small = [f for f in font_sizes(spec) if f < 10]
        if small:
            found.append(f"{vid}: font sizes {small} below 10 px")
    text = visible_text(nb)
    codes = raw_codes(text, indicator_ids)
    if codes:
        found.append(f"raw codes shown: {sorted(codes)}")
    for remnant in ("<sup", "\\%"):
        if remnant in text:
            found.append(f"markup remnant {remnant!r} shown")
    return found


def tooltip_fields(node) -> set[str]:
    """The fields every tooltip of a Vega-Lite spec (a dict from ``to_dict()``) shows."""
    if isinstance(node, dict):
        tips = node.get("tooltip") if isinstance(node.get("tooltip"), list) else []
        own = {t["field"] for t in tips if isinstance(t, dict) and "field" in t}
        return own.union(*(tooltip_fields(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(tooltip_fields(v) for v in node))
    return set()
