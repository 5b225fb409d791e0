"""The charts' HTML: its own element per chart, no network, specs that no quote can break."""

from __future__ import annotations

import json
import re

from analysis.book import export

EVIL = '</script><script>alert("x")</script><!-- \u2028\u2029 & <b>'


def _spec(quote: str = EVIL) -> dict:
    return {
        "title": {"text": "A chart", "subtitle": ["Source: r1."]},
        "data": {"values": [{"quote": quote, "v": 1}]},
        "mark": "bar",
        "encoding": {"x": {"field": "v", "type": "quantitative"}},
    }


def test_json_inside_html_cannot_end_the_script():
    """D2: ``<``, ``>``, ``&``, U+2028 and U+2029 are escaped; the JSON reads back the same."""
    page = export.chart_html(_spec(), src="vendor/vega.js")
    body = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert body is not None
    text = body.group(1)
    for ch in "<>&\u2028\u2029":
        assert ch not in text
    assert json.loads(text) == _spec()
    assert page.count("</script>") == 2  # the spec's own and the loader's, nothing more


def test_every_chart_gets_its_own_element():
    a, b, c = (export.chart_html(_spec(q), src="x.js") for q in ("one", "two", "one"))
    ids = [re.search(r'<div id="([^"]+)"', h).group(1) for h in (a, b, c)]
    assert len(set(ids)) == 3 and all(i.startswith("vis-") for i in ids)
    assert 'document.getElementById(id + "-spec")' in a and f'var id = "{ids[0]}"' in a


def test_libraries_come_from_the_book_not_a_cdn(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))
    page = export.chart_html(_spec(), src=export.bundle_src(tmp_path / "notebooks"))
    assert "../book/vendor/vega-bundle.js" in page
    assert not re.search(r"https?://", page.split('id="vis-')[0] + page.split("</script>")[-2])
    assert "cdn" not in page and "require" not in page


def test_charts_describe_themselves_for_screen_readers():
    page = export.chart_html(_spec("q"), src="x.js")
    assert 'role="img" aria-label="A chart Source: r1."' in page  # no "Chart:" prefix


def test_a_chart_that_fails_to_draw_says_so_in_the_editions_words():
    from analysis import formats

    with formats.using("vi"):
        page = export.chart_html(_spec("q"), src="x.js")
    assert '"Không vẽ được biểu đồ: " + err' in page and "could not be drawn" not in page
    with formats.using("en"):
        page = export.chart_html(_spec("q"), src="x.js")
    assert '"The chart could not be drawn: " + err' in page


def test_a_book_figure_leaves_its_title_to_the_caption():
    """A numbered figure's caption names the chart ("Figure 4.1: …"): the chart drops its own
    title instead of printing the same words twice, keeps its source line as a note under the
    plot, and screen readers still hear the title (the description)."""
    spec = export.as_figure(_spec("q"))
    assert spec["title"]["text"] == ["Source: r1."] and "subtitle" not in spec["title"]
    assert spec["title"]["orient"] == "bottom" and spec["title"]["fontWeight"] == "normal"
    assert "A chart" in spec["description"]
    bare = export.as_figure({**_spec("q"), "title": "Only a title"})
    assert "title" not in bare and bare["description"] == "Only a title"
    assert export.as_figure({"mark": "bar"}) == {"mark": "bar"}  # nothing to move
    # the renderer draws every chart so: its HTML spec carries no title of its own
    bundle = export.html_png_renderer(_spec("q"))
    body = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', bundle["text/html"])
    assert body is not None
    drawn = json.loads(body.group(1))
    assert drawn["title"]["text"] == ["Source: r1."] and "A chart" in drawn["description"]
