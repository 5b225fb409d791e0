"""Numbered figures built in code (district maps): one number and caption each, both formats."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from analysis.book import districts, figures, present, style
from analysis.corpus.manifest import load_manifest
from analysis.geo import build_coverage


def _chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")


def test_a_figure_is_a_quarto_float_in_book_renders(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the kernel's working folder: the chapter's
    monkeypatch.setenv(style.RENDERER_VAR, "book")
    style.enable()
    fig = figures.figure(
        _chart(), "fig-coverage-an-giang-x", "An Giang: IOC (a *caption*)", "A map"
    )
    md = fig._repr_mimebundle_()["text/markdown"]
    assert md.startswith("::: {#fig-coverage-an-giang-x}\n") and md.rstrip().endswith(":::")
    assert re.search(r"```\{=html\}\n<div id=\"vis-[0-9a-f]{12}", md)  # the interactive chart
    assert "data:" not in md  # the PNG is a file, not a URI Pandoc parses twice
    link = re.search(r'::: \{\.content-visible when-format="pdf"\}\n!\[\]\(([^)]+)\)', md)
    assert link and link.group(1).startswith("_figures/fig-coverage-an-giang-x-")
    png = tmp_path / link.group(1)
    assert png.read_bytes().startswith(b"\x89PNG")  # relative to the chapter, and there
    # the Vega HTML only in the HTML: the PDF's Markdown never carries it
    html_part = md.split('::: {.content-visible when-format="html"}\n', 1)[1].split("\n:::\n")[0]
    assert '<div id="vis-' in html_part and md.count("{=html}") == 1
    assert md.index("{=html}") > md.index('when-format="html"')
    # the same chart again: the same file, nothing new written
    again = figures.figure(
        _chart(), "fig-coverage-an-giang-x", "An Giang: IOC (a *caption*)", "A map"
    )._repr_mimebundle_()["text/markdown"]
    assert link.group(1) in again and len(list((tmp_path / "_figures").iterdir())) == 1
    caption = md.rstrip().split("\n\n")[-2]  # the last paragraph: Quarto's caption
    assert caption == present.escape_md("An Giang: IOC (a *caption*)")
    assert 'aria-label="A map"' in md


def test_outside_a_book_render_the_chart_shows_as_altair_shows_it(monkeypatch):
    monkeypatch.delenv(style.RENDERER_VAR, raising=False)
    monkeypatch.delenv("QUARTO_DOCUMENT_PATH", raising=False)
    alt.renderers.enable("default")
    bundle = figures.figure(_chart(), "fig-x", "c", "a")._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "text/markdown" not in data


def test_labels_are_checked_and_slugs_are_ascii():
    with pytest.raises(ValueError):
        figures.figure(_chart(), "Hình 1", "c", "a")
    assert figures.slug("Bắc Giang", "district_ioc") == "bac-giang-district-ioc"
    assert figures._fence("a ```` b").count("`") == 5


def test_every_district_map_is_its_own_numbered_figure(monkeypatch):
    """The district chapter draws a map per varying item; each must be a figure with its own
    label (PDF and HTML number them; before, the maps had no number or caption at all)."""
    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    manifest = load_manifest()
    coverage = build_coverage(manifest)[0]
    reports = manifest[["report_id", "province", "period_label", "period_end", "issuer"]]
    districts.show_maps(coverage, reports)
    figs = [o for o in shown if isinstance(o, figures.Figure)]
    assert len(figs) == len(districts.varying_items(coverage, reports)) > 0
    labels = [f.label for f in figs]
    assert len(set(labels)) == len(labels)
    assert all(len(f.alt_text) > 40 and f.caption for f in figs)


def test_a_figure_caption_is_not_repeated_by_its_chart(monkeypatch, tmp_path):
    """The caption carries the chart's title; the chart keeps only its source line (issue 9:
    caption and chart title said the same words one above the other)."""
    import json

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(style.RENDERER_VAR, "book")
    style.enable()
    chart = style.titled(_chart(), "An Giang: IOC by district", ["no-such-report"])
    md = figures.figure(chart, "fig-x", "An Giang: IOC by district", "A map").markdown()
    spec = json.loads(
        re.search(r'<script type="application/json"[^>]*>(.*?)</script>', md).group(1)
    )
    shown = json.dumps(spec["title"], ensure_ascii=False)
    assert "IOC by district" not in shown and "Source:" in shown
    assert md.rstrip().split("\n\n")[-2] == present.escape_md("An Giang: IOC by district")
