"""The review page of one report: a self-contained offline HTML file (no CDN, no network).

The report's text, line by line, with every figure marked by its state — ``classified``
(an indicator id), ``candidate`` (unclassified, but on a line that looks like an indicator: an
``unclassified_candidate`` finding), ``unclassified``, ``rejected`` (an analyst's decision) —
and, for each figure, its id, value, unit, period, scope, status and the rule that matched.
The analyst picks accept / correct / reject with a reason for any figure and exports the
decisions as a CSV in the columns of ``reviews.csv``; ``python -m analysis review REPORT_ID
--import FILE`` checks each row against the facts and appends it (the build applies it).

All report text is escaped: HTML with :func:`html.escape`, and the figures' data travel as
JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
written as ``\\u`` escapes, so no report text can close the element or run as script.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from ..reading.reports import Report
from .extract import Extracted

STATES = ("classified", "candidate", "unclassified", "rejected")


@dataclass(frozen=True)
class PageFigure:
    """One figure as the page shows it."""

    line: int
    raw_start: int  # offsets of the figure in the raw line
    raw_end: int
    quote: str
    state: str
    fields: dict[str, object]  # indicator, value, unit, period, scope, status, rule, …


def script_json(data: object) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def page_figures(
    report: Report, rows: list[Extracted], facts: list[dict], candidates: set[tuple[int, str]]
) -> list[PageFigure]:
    """Join each extracted figure (its place in the line) to its published fact row."""
    by_key = {(int(f["line"]), str(f["quote"])): f for f in facts}
    out = []
    for r in rows:
        fact = by_key.get((r.line, r.quote))
        if fact is None:
            continue
        a, b = report.line(r.line).raw_span(r.start, r.end)
        indicator = fact.get("indicator")
        indicator = indicator if isinstance(indicator, str) and indicator else ""
        if fact.get("status") == "rejected":
            state = "rejected"
        elif indicator:
            state = "classified"
        else:
            state = "candidate" if (r.line, r.quote) in candidates else "unclassified"
        fields = {
            "indicator": indicator,
            "value": fact.get("value"),
            "unit": fact.get("unit"),
            "qualifier": fact.get("qualifier"),
            "period": f"{fact.get('period_start')} – {fact.get('period_end')}",
            "scope": fact.get("scope"),
            "status": fact.get("status"),
            "rule": _rule_text(r, indicator),
        }
        out.append(PageFigure(r.line, a, b, r.quote, state, fields))
    return out


_RULES = {
    "seed": "seed rule of {id} (indicators.yaml match/after/follows)",
    "target_cue": "share of a target reached (lexicon.yaml targets.achievement)",
    "facets": "facets {matched} (indicators.yaml {id} facets; cues in lexicon.yaml)",
}


def _rule_text(r: Extracted, indicator: str) -> str:
    """The rule that gave the figure its id: which rule, and the facets that matched."""
    rule = str(r.extra.get("rule") or "")
    if rule in _RULES and indicator:
        matched = str(r.extra.get("matched") or "-")
        return _RULES[rule].format(id=indicator, matched=matched)
    return rule or ("catalog: " + indicator if indicator else "")


def _line_html(raw: str, figs: list[PageFigure], index: dict[int, int]) -> str:
    """One raw line, escaped, with its figures marked (overlapping spans: the first wins)."""
    parts, pos = [], 0
    for f in sorted(figs, key=lambda f: (f.raw_start, f.raw_end)):
        if f.raw_start < pos:
            continue
        parts.append(html.escape(raw[pos : f.raw_start]))
        k = index[id(f)]
        parts.append(
            f'<mark class="{f.state}" data-k="{k}" tabindex="0">'
            f"{html.escape(raw[f.raw_start : f.raw_end])}</mark>"
        )
        pos = f.raw_end
    parts.append(html.escape(raw[pos:]))
    return "".join(parts)


def render_page(report_id: str, meta: dict, report: Report, figures: list[PageFigure]) -> str:
    """The review page (a complete HTML document) of report ``report_id``."""
    index = {id(f): k for k, f in enumerate(figures)}
    by_line: dict[int, list[PageFigure]] = {}
    for f in figures:
        by_line.setdefault(f.line, []).append(f)
    counts = {s: sum(f.state == s for f in figures) for s in STATES}
    lines = "\n".join(
        f'<div class="ln" id="L{ln.number}"><span class="no">{ln.number}</span>'
        f'<span class="tx">{_line_html(ln.raw, by_line.get(ln.number, []), index)}</span></div>'
        for ln in report.lines
    )
    data = [
        {"k": k, "report_id": report_id, "line": f.line, "quote": f.quote, "state": f.state}
        | f.fields
        for k, f in enumerate(figures)
    ]
    summary = " · ".join(f"{n} {s}" for s, n in counts.items())
    title = html.escape(str(meta.get("title") or ""))
    return _TEMPLATE.format(
        report_id=html.escape(report_id),
        title=title,
        period=html.escape(str(meta.get("period_label") or "")),
        province=html.escape(str(meta.get("province") or "")),
        issuer=html.escape(str(meta.get("issuer") or "")),
        summary=html.escape(summary),
        lines=lines,
        data=script_json(data),
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Review {report_id}</title>
<style>
body {{ font: 14px/1.5 system-ui, sans-serif; margin: 0; display: flex; height: 100vh; }}
#text {{ flex: 3; overflow: auto; padding: 1em; }}
#side {{ flex: 2; overflow: auto; padding: 1em; border-left: 1px solid #ccc; background: #fafafa; }}
.ln {{ display: flex; gap: .8em; white-space: pre-wrap; }}
.no {{ color: #999; min-width: 3em; text-align: right; user-select: none; }}
mark {{ cursor: pointer; border-radius: 3px; padding: 0 2px; }}
mark.classified {{ background: #b7e4c7; }} mark.candidate {{ background: #ffd6a5; }}
mark.unclassified {{ background: #e9ecef; }} mark.rejected {{ background: #ffadad;
 text-decoration: line-through; }}
mark.sel {{ outline: 2px solid #1d3557; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 2px 6px; text-align: left;
 vertical-align: top; border-bottom: 1px solid #eee; }}
label {{ display: block; margin-top: .4em; }} input, select {{ width: 100%; }}
</style></head><body>
<div id="text">
<h1>Review: {report_id}</h1>
<p>{title}<br>{province} · {period} · {issuer}</p>
<p>Figures: {summary}. Colours: <mark class="classified">classified</mark>
<mark class="candidate">candidate</mark> <mark class="unclassified">unclassified</mark>
<mark class="rejected">rejected</mark>. Click a figure to review it.</p>
{lines}
</div>
<div id="side">
<h2>Figure</h2>
<table id="detail"><tr><td>Click a figure in the text.</td></tr></table>
<h2>Decision</h2>
<label>Action <select id="action"><option value="">(none)</option>
<option>accept</option><option>correct</option><option>reject</option></select></label>
<label>Indicator (correct) <input id="indicator"></label>
<label>Value (correct) <input id="value"></label>
<label>Unit (correct) <input id="unit"></label>
<label>Scope (correct) <input id="scope"></label>
<label>Qualifier (correct) <input id="qualifier"></label>
<label>Reason (required) <input id="reason"></label>
<label>Reviewer <input id="reviewer"></label>
<p><button id="save">Record decision</button> <button id="export">Export reviews CSV</button></p>
<p id="count">0 decisions recorded.</p>
<p>Then: <code>python -m analysis review {report_id} --import reviews-{report_id}.csv</code></p>
</div>
<script type="application/json" id="figures">{data}</script>
<script>
(function () {{
  "use strict";
  var figs = JSON.parse(document.getElementById("figures").textContent);
  var decisions = {{}}, current = null;
  var show = ["indicator", "value", "unit", "qualifier", "period", "scope", "status", "rule",
              "line", "quote", "state"];
  function text(el, s) {{ el.textContent = s == null ? "" : String(s); return el; }}
  function select(k) {{
    current = figs[k];
    document.querySelectorAll("mark.sel").forEach(function (m) {{ m.classList.remove("sel"); }});
    document.querySelectorAll('mark[data-k="' + k + '"]').forEach(function (m) {{
      m.classList.add("sel"); }});
    var t = document.getElementById("detail");
    t.replaceChildren();
    show.forEach(function (f) {{
      var tr = t.insertRow(); text(tr.insertCell(), f); text(tr.insertCell(), current[f]);
    }});
  }}
  document.querySelectorAll("mark[data-k]").forEach(function (m) {{
    m.addEventListener("click", function () {{ select(+m.dataset.k); }});
  }});
  function v(id) {{ return document.getElementById(id).value.trim(); }}
  document.getElementById("save").addEventListener("click", function () {{
    if (!current || !v("action")) {{ alert("Pick a figure and an action."); return; }}
    if (!v("reason")) {{ alert("A decision needs a reason."); return; }}
    decisions[current.k] = {{
      report_id: current.report_id, line: current.line, quote: current.quote,
      action: v("action"), indicator: v("indicator"), value: v("value"), unit: v("unit"),
      scope: v("scope"), qualifier: v("qualifier"), reason: v("reason"),
      reviewer: v("reviewer"), reviewed_on: new Date().toISOString().slice(0, 10)
    }};
    text(document.getElementById("count"),
         Object.keys(decisions).length + " decisions recorded.");
  }});
  var cols = ["report_id", "line", "quote", "action", "indicator", "value", "unit", "scope",
              "qualifier", "reason", "reviewer", "reviewed_on"];
  function cell(s) {{
    s = String(s == null ? "" : s);
    return /[",\\n\\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }}
  document.getElementById("export").addEventListener("click", function () {{
    var rows = [cols.join(",")];
    Object.keys(decisions).forEach(function (k) {{
      rows.push(cols.map(function (c) {{ return cell(decisions[k][c]); }}).join(","));
    }});
    var blob = new Blob([rows.join("\\r\\n") + "\\r\\n"], {{type: "text/csv;charset=utf-8"}});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "reviews-" + (figs.length ? figs[0].report_id : "report") + ".csv";
    a.click();
  }});
}})();
</script>
</body></html>
"""
