"""The two editions (issue 14 item 1): Vietnamese number, percent and date formats from the one
formatting module, valid profile files, every chapter in both editions (or openly pending),
Vietnamese chapters that reuse the English chapters' code and take their numbers from data."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from book_outputs import tooltip_fields  # tests/book_outputs.py

from analysis import formats, paths
from analysis.book_config import EDITIONS, book_config, chapter_files, read_notebook
from analysis.vocabulary import fmt_number

ROOT = paths.project_root()
#: English chapters whose Vietnamese text is not written yet (the vi edition leaves them out).
#: Remove a chapter from here when its notebooks/vi/*-vi.py is listed in _quarto-vi.yml.
PENDING_VI: set[str] = set()


# --- formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "en", "vi"),
    [
        (1234, None, "1,234", "1.234"),
        (2164505, None, "2,164,505", "2.164.505"),
        (1234.5, None, "1,234.5", "1.234,5"),
        (0.25, 2, "0.25", "0,25"),
        (1234567.891, 1, "1,234,567.9", "1.234.567,9"),
        (-1500, None, "-1,500", "-1.500"),
    ],
)
def test_numbers_in_both_editions(value, decimals, en, vi):
    assert formats.number(value, decimals, "en") == en
    assert formats.number(value, decimals, "vi") == vi


def _english_runs(texts: list[str]) -> set[str]:
    """Runs of three or more English words in texts, placeholders and digits left out."""
    out = set()
    for text in texts:
        for part in re.split(r"\{[^}]*\}|[^A-Za-z' ]+", text):
            part = " ".join(part.split())
            if len(part.split()) >= 3:
                out.add(part)
    return out


def test_percents_and_values_the_vietnamese_way():
    assert formats.percent(72.9, lang="vi") == "72,9%"
    assert formats.percent(72.9, lang="en") == "72.9%"
    assert formats.percent(100, lang="vi") == "100%"
    assert formats.value(71.0, "percent", lang="vi") == "71%"
    assert formats.value(71.25, "percent", lang="vi") == "71,2%"  # one decimal, as in English
    assert formats.value(44.778, "billion_vnd", lang="vi") == "44,78 tỷ đồng"
    assert formats.value(44.778, "billion_vnd", lang="en") == "44.78 bn VND"
    assert formats.stated(77.15, "percent", "vi") == "77,15%"
    assert formats.stated(44.778, "billion_vnd", "vi") == "44,778 tỷ đồng"
    assert formats.stated(44.778, "billion_vnd", "en") == "44.778 billion VND"
    assert formats.value(None, "count", lang="vi") == "không có"


def test_dates_and_periods_the_vietnamese_way():
    assert formats.day(date(2023, 5, 31), "vi") == "31/5/2023"
    assert formats.day("2023-05-31", "en") == "31 May 2023"
    assert formats.day(pd.Timestamp("2025-01-09"), "vi") == "9/1/2025"
    assert formats.quarter(2023, 3, "vi") == "quý III/2023"
    assert formats.half(2024, 1, "vi") == "6 tháng đầu năm 2024"
    assert formats.month(2025, 1, "vi") == "tháng 1/2025"
    assert formats.months(2024, 1, 5, "vi") == "tháng 1–5/2024"


def test_the_current_language_drives_the_shared_formatters():
    """One function for both editions: ``fmt_number`` (English tables, charts) and the book's
    value texts follow the language a chapter sets, and the English default comes back."""
    from analysis.book import fair

    assert fmt_number(2164505) == "2,164,505"
    with formats.using("vi"):
        assert fmt_number(2164505) == "2.164.505"
        assert fair.as_stated(77.15, "percent") == "77,15%"
        assert fair.readable_period("2023-Q1") == "quý I/2023"
        assert fair.span_text("2024-01-01", "2024-05-31") == "tháng 1–5/2024"
        assert fair.span_text("2023-05-31", "2023-05-31") == "31/5/2023"
    assert fmt_number(2164505) == "2,164,505"
    assert fair.readable_period("2023-Q1") == "Q1 2023"


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="the editions are en, vi"):
        formats.number(1, lang="fr")


def test_charts_in_the_vietnamese_edition_speak_vietnamese():
    from analysis.book import charts

    df = pd.DataFrame(
        {
            "province": ["An Giang", "Trà Vinh"],
            "indicator": ["x_rate", "x_rate"],
            "name_en": ["Share of X", "Share of X"],
            "name_vi": ["Tỷ lệ X", "Tỷ lệ X"],
            "unit": ["percent", "percent"],
            "value": [72.9, 39.18],
            "period_label": ["2023-Q1", "2023-Q3"],
            "period_start": ["2023-01-01", "2023-07-01"],
            "period_end": ["2023-03-31", "2023-09-30"],
            "scope": ["province", "province"],
            "qualifier": ["exact", "exact"],
            "report_id": ["a", "b"],
            "line": [1, 2],
            "quote": ["q", "q"],
            "status": ["accepted", "accepted"],
        }
    )
    with formats.using("vi"):
        spec = charts.compare_bar(df, "x_rate").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert spec["title"]["text"] == "Tỷ lệ X"
    assert "Nguồn: a; b" in text and "Source:" not in text  # ids no reports table knows
    assert "72,9% · quý I/2023" in text and "không báo cáo" in text  # Bắc Giang, Quảng Ngãi
    assert '"title": "Tỉnh"' in text
    en = json.dumps(charts.compare_bar(df, "x_rate").to_dict(), ensure_ascii=False)
    assert "72.9% · Q1 2023" in en and "Source: a; b" in en


# --- profiles -----------------------------------------------------------------------------


def test_profiles_are_valid_quarto_configuration():
    base = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert base["profile"]["default"] == EDITIONS[0]
    assert base["profile"]["group"] == [list(EDITIONS)]
    # Quarto concatenates lists of a profile with the base's: no chapter list in the base.
    assert "chapters" not in base["book"] and "appendices" not in base["book"]
    assert "output-dir" not in base["project"]
    for e in EDITIONS:
        prof = yaml.safe_load((ROOT / f"_quarto-{e}.yml").read_text(encoding="utf-8"))
        assert prof["lang"] == e
        assert prof["project"]["output-dir"] == f"_book/{e}"
        cfg = book_config(e)
        assert cfg["project"]["type"] == "book" and cfg["lang"] == e
        files = chapter_files(cfg)
        assert files[0] == "index.qmd"
        assert all((ROOT / f).is_file() for f in files), e
        other = "vi" if e == "en" else "en"
        tools = cfg["book"]["sidebar"]["tools"]
        assert any(t["href"] == f"../{other}/index.html" for t in tools), "no link to the other"
    assert book_config("vi")["book"]["title"] != book_config("en")["book"]["title"]
    root = base["book"]["site-url"]
    for e in EDITIONS:  # each edition is published in its folder of the site
        assert book_config(e)["book"]["site-url"] == f"{root}{e}/"
    assert "book/edition-link.html" in str(base["format"]["html"]["include-after-body"])


def _vi_counterpart(en_file: str) -> str:
    if not en_file.startswith("notebooks/"):
        return en_file  # index.qmd: one file, a block per edition
    name = en_file.removeprefix("notebooks/").removesuffix(".py")
    return f"notebooks/vi/{name}-vi.py"


def test_every_chapter_is_in_both_editions_or_openly_pending():
    en = chapter_files(book_config("en"))
    vi = chapter_files(book_config("vi"))
    have = {f for f in en if _vi_counterpart(f) in vi}
    assert set(en) - have == PENDING_VI, "update PENDING_VI with the chapters now translated"
    assert [f for f in vi if f not in {_vi_counterpart(x) for x in en}] == [], "vi-only chapter"
    # Same order as the English edition.
    assert vi == [_vi_counterpart(f) for f in en if f in have]


def test_each_edition_links_to_the_other_in_print_too():
    """The preface links the other edition by an absolute address (a PDF cannot follow
    ``../en/``): each profile's ``other-edition-url`` is the other edition's site-url."""
    text = (ROOT / "index.qmd").read_text(encoding="utf-8")
    assert text.count("{{< meta other-edition-url >}}") == 2  # one per edition's block
    assert "../en/index.html" not in text
    for e in EDITIONS:
        other = "vi" if e == "en" else "en"
        url = book_config(e)["other-edition-url"]
        assert url == book_config(other)["book"]["site-url"] and url.startswith("https://")
    assert "{{< meta assumptions-title >}}" in (ROOT / "book" / "assumptions.qmd").read_text(
        encoding="utf-8"
    )


def test_the_preface_has_a_block_per_edition():
    text = (ROOT / "index.qmd").read_text(encoding="utf-8")
    for e in EDITIONS:
        assert f'when-profile="{e}"' in text
    assert "{{< meta preface-title >}}" in text
    for e in EDITIONS:
        assert book_config(e)["preface-title"]


def test_vietnamese_chapters_are_the_english_code_with_vietnamese_prose():
    """Each chapter's code lives once: the Vietnamese chapter is exactly what
    ``analysis.book.editions`` builds from the English chapter's code cells and its own
    Vietnamese markdown and captions (so the same tables, labels and calls; only
    ``lang="vi"`` added). Its prose is Vietnamese."""
    from analysis.book import editions

    vi_files = [f for f in chapter_files(book_config("vi")) if f.endswith(".py")]
    assert vi_files
    for vi_file in vi_files:
        en_file = vi_file.replace("notebooks/vi/", "notebooks/").replace("-vi.py", ".py")
        vi_text = (ROOT / vi_file).read_text(encoding="utf-8")
        en_text = (ROOT / en_file).read_text(encoding="utf-8")
        assert editions.vi_notebook(en_text, vi_text, vi_file) == vi_text, (
            f"{vi_file}: code differs from {en_file}; run python -m analysis.book.editions"
        )
        vi_nb = read_notebook(ROOT / vi_file)
        assert 'style.enable(lang="vi")' in vi_nb.cells[1].source, vi_file
        md = "\n".join(c.source for c in vi_nb.cells if c.cell_type == "markdown")
        words = re.findall(r"[^\W\d_]+", re.sub(r"[{(]#?@?sec-[\w-]+[})]|`[^`]*`", "", md))
        viet = [w for w in words if re.search(VI_LETTERS, w.lower())]
        assert len(viet) >= 0.4 * len(words), f"{vi_file}: its prose is not Vietnamese"
        assert not ENGLISH_WORDS & {w.lower() for w in words}, vi_file


#: Letters only Vietnamese writes (tone marks, ă â đ ê ô ơ ư).
VI_LETTERS = "[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễèéẹẻẽìíịỉĩòóọỏõôốồộổỗơớờợởỡùúụủũưứừựửữỳýỵỷỹ]"
#: English words a Vietnamese chapter's prose never needs.
ENGLISH_WORDS = {"the", "and", "of", "which", "with", "province", "report", "reports", "not"}


def test_editing_an_english_chapter_s_code_is_caught_and_synced(tmp_path):
    """A changed English code cell makes the Vietnamese chapter stale (the check fails) and
    the sync carries the new code over, keeping the Vietnamese prose and captions."""
    from analysis.book import editions

    en = (
        "# %% [markdown]\n# # Title {#sec-x}\n\n# %%\n#| label: setup\nfrom analysis.book import"
        ' style\n\nstyle.enable()\n\n# %%\n#| label: tbl-x\n#| tbl-cap: "English caption."\n'
        "show(1)\n"
    )
    vi = editions.vi_notebook(
        en, en.replace("# # Title", "# # Tiêu đề").replace("English caption.", "Chú thích.")
    )
    assert 'style.enable(lang="vi")' in vi and "Chú thích." in vi and "Tiêu đề" in vi
    (tmp_path / "notebooks" / "vi").mkdir(parents=True)
    (tmp_path / "notebooks" / "x.py").write_text(en.replace("show(1)", "show(2)"))
    (tmp_path / "notebooks" / "vi" / "x-vi.py").write_text(vi)
    assert editions.sync(tmp_path, write=False) == [tmp_path / "notebooks" / "vi" / "x-vi.py"]
    editions.sync(tmp_path)
    synced = (tmp_path / "notebooks" / "vi" / "x-vi.py").read_text()
    assert "show(2)" in synced and "Chú thích." in synced and "English caption" not in synced
    with pytest.raises(editions.EditionError, match="cells"):
        editions.vi_notebook(en, en + "\n# %% [markdown]\n# thêm\n")


def test_both_words_files_have_the_same_keys():
    from analysis.book import words

    def keys(node, prefix=""):
        out = set()
        for k, v in node.items():
            if isinstance(v, dict) and "other" not in v:
                out |= keys(v, f"{prefix}{k}.")
            else:
                out.add(prefix + k)
        return out

    en = keys(words.table("en"))
    vi = keys({k: v for k, v in words.table("vi").items() if k != "labels"})
    assert en == vi, f"only en: {sorted(en - vi)}; only vi: {sorted(vi - en)}"
    for key in en:
        en_fields = set(re.findall(r"\{(\w+)", json.dumps(words.entry(key, "en"))))
        vi_fields = set(re.findall(r"\{(\w+)", json.dumps(words.entry(key, "vi"))))
        # a Vietnamese text uses the values the English one does, or the forms the code
        # passes for it (the period as a reader says it, a percent with a decimal comma)
        assert vi_fields <= en_fields | VI_ONLY_FIELDS, key


#: Values the code passes for the Vietnamese words only.
VI_ONLY_FIELDS = {"a_period", "b_period", "pct", "a", "b", "periods"}


def test_every_code_has_its_vietnamese_words():
    """The words of coded values: English from the project vocabulary, Vietnamese from
    ``labels`` of prose/vi.yaml, for exactly the same codes."""
    from analysis import vocabulary as v
    from analysis.book import goals, present, words
    from analysis.schemas import TABLES

    english = {
        "columns": present.COLUMN_LABELS,
        "item": v.COVERAGE_ITEMS,
        "check": v.CHECK_LABELS,
        "change": v.CHANGE_LABELS,
        "scope": v.SCOPE_LABELS,
        "qualifier": present.VALUE_LABELS["qualifier"],
        "severity": dict.fromkeys(v.SEVERITIES),
        "status": dict.fromkeys(v.STATUSES),
        "coverage_status": dict.fromkeys(v.COVERAGE_STATUSES),
        "tables": TABLES,
        "target_status": dict.fromkeys(goals.STATUS_ORDER),
    }
    vi = words.table("vi")["labels"]
    for kind, codes in english.items():
        assert set(vi[kind]) == set(codes), kind
    themes = set(pd.read_csv(ROOT / "data" / "processed" / "catalog.csv")["theme"])
    assert themes <= set(vi["theme"])


def english_fragments() -> set[str]:
    """Runs of three or more English words in the English words file: none may appear in a
    Vietnamese chapter's output."""
    from analysis.book import words

    texts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, str):
            texts.append(node)

    walk(words.table("en"))
    return _english_runs(texts)


def _visible_text(nb_path) -> str:
    """What a reader sees of an executed chapter: its Markdown and HTML outputs, tags, CSV
    payloads and chart specifications left out, Markdown escapes undone."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if (
                "application/vnd.vegalite.v5+json" in data
                or "application/vnd.vegalite.v6+json" in data
            ):
                continue
            text = "".join(data.get("text/markdown", "")) or "".join(data.get("text/html", ""))
            text = re.sub(r"<script.*?</script>|<[^>]+>|data:text/csv[^\"]*", " ", text, flags=re.S)
            parts.append(re.sub(r"\\(.)", r"\1", html.unescape(text)))
    return "\n".join(parts)


def test_no_english_sentence_leaks_into_a_vietnamese_chapter(executed_notebooks):
    """Every executed Vietnamese chapter: none of the English edition's stock phrases appears
    in what it shows (the library wrote its words in Vietnamese)."""
    fragments = english_fragments()
    assert len(fragments) > 50
    for stem, run in executed_notebooks.items():
        if not stem.endswith("-vi"):
            continue
        assert run.run.error is None, stem
        text = _visible_text(run.saved)
        leaks = sorted(f for f in fragments if f in text)
        assert not leaks, f"{stem}: English in the Vietnamese chapter: {leaks[:5]}"


# --- prose numbers from data ------------------------------------------------------------


def _outputs(nb_path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            parts.append("".join(data.get("text/markdown", "")))
            parts.append("".join(data.get("text/html", "")))
    return "\n".join(parts)


def test_vietnamese_summary_numbers_come_from_the_data(executed_notebooks, processed_only):
    """The executed Vietnamese summary states the corpus from the tables, in Vietnamese forms,
    and no English-formatted percent or period leaks into it."""
    run = executed_notebooks["01-summary-vi"]
    assert run.run.error is None
    out = _outputs(run.saved).replace("\\", "")
    reports = pd.read_csv(processed_only / "data" / "processed" / "reports.csv")
    first = formats.day(reports["period_start"].min(), "vi")
    last = formats.day(reports["period_end"].max(), "vi")
    assert f"Bộ tài liệu gồm {len(reports)} báo cáo của {reports['province'].nunique()} tỉnh" in out
    assert f"từ ngày {first} đến ngày {last}" in out
    assert not re.search(r"\d\.\d+%", out), "an English decimal point in a percent"
    assert not re.search(r"\bQ[1-4] 20\d\d\b", out), "an English quarter"
    indicators = pd.read_csv(processed_only / "data" / "processed" / "indicators.csv")
    row = indicators[
        (indicators["province"] == "Bắc Giang")
        & (indicators["indicator"] == "online_application_rate")
        & (indicators["scope"] == "province")
    ].iloc[0]
    assert formats.stated(float(row["value"]), "percent", "vi") in out


def _numbers(text: str, lang: str) -> list[float]:
    """Every number of a text, read the way its edition writes them (1.234,5 / 1,234.5);
    calendar days (1 July 2025, 1/7/2025) count as one "day" each."""
    dec, sep = (",", ".") if lang == "vi" else (".", ",")
    text = re.sub(r"\\(.)", r"\1", text)
    days = r"\b\d{1,2}/\d{1,2}/\d{4}\b" if lang == "vi" else r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b"
    text = re.sub(days, " DAY ", text)
    out = []
    for m in re.findall(r"\d[\d.,]*", text):
        m = m.rstrip(".,")
        out.append(float(m.replace(sep, "").replace(dec, ".")))
    return out


def test_both_editions_state_the_same_numbers():
    """Prose the library writes from the tables says the same numbers in both editions, each
    in its own form (only the words differ)."""
    import analysis
    from analysis.book import chapters, fair, goals, national, theme

    data = fair.with_measures(
        analysis.load_indicators(),
        analysis.load_value_measures(),
        analysis.load_measures(),
        analysis.load_reports(),
    )
    blocks = {
        "targets": lambda: goals.summary_prose(goals.goal_table(data)).text,
        "national": lambda: national.counts_prose(analysis.load_national_indices()).text,
        "audit": lambda: chapters.audit_prose(chapters.audit_counts(analysis.load_audit())).text,
        "review": lambda: chapters.review_prose(analysis.load_facts()).text,
        **{
            f"theme {th}": (lambda th=th: theme.load_theme_chapter(th).intro().text)
            for th in ("online_services", "infrastructure", "people", "finance")
        },
    }
    for name, block in blocks.items():
        said = {}
        for lang in EDITIONS:
            with formats.using(lang):
                said[lang] = _numbers(block(), lang)
        assert said["en"] == said["vi"] and said["en"], name
    with formats.using("vi"):
        assert _numbers("1.234,5 và 72,9%", "vi") == [1234.5, 72.9]


# --- build-time texts in Vietnamese (audit messages, changes, notes, definitions, measures) ---


def english_data_fragments(processed: Path) -> set[str]:
    """Runs of three or more English words the build writes into the tables the English
    edition prints: the audit and changes templates (messages.yaml), catalog definitions,
    measure descriptions and populations, national notes. None may appear in a Vietnamese
    chapter: the Vietnamese edition prints the ``_vi`` columns."""
    from analysis.checks.messages import templates

    texts: list[str] = []
    for section in ("audit", "coverage", "changes"):
        texts += [str(v["en"]) for v in templates()[section].values()]
    tables = processed / "data" / "processed"
    texts += list(pd.read_csv(tables / "catalog.csv")["definition"].dropna())
    m = pd.read_csv(tables / "measures.csv")
    texts += list(m["counts"].dropna()) + list(m["population"].dropna())
    texts += list(pd.read_csv(tables / "national_indices.csv")["note"].dropna())
    return _english_runs(texts)


def test_no_english_build_text_leaks_into_a_vietnamese_chapter(executed_notebooks, processed_only):
    fragments = english_data_fragments(processed_only)
    assert len(fragments) > 200
    # shown in English on purpose: a source's publisher, cited as published ("DTI portal
    # (Ministry of ...)"), and the catalog's English names beside the Vietnamese ones
    tables = processed_only / "data" / "processed"
    kept = [
        *pd.read_csv(tables / "national_indices.csv")["publisher"],
        *pd.read_csv(tables / "catalog.csv")["name_en"],
    ]
    fragments = {f for f in fragments if not any(f in k for k in kept)}
    for stem, run in executed_notebooks.items():
        if not stem.endswith("-vi"):
            continue
        text = _visible_text(run.saved)
        leaks = sorted(f for f in fragments if f in text)
        assert not leaks, f"{stem}: English build text in the Vietnamese chapter: {leaks[:5]}"


def test_vietnamese_chapters_show_the_vietnamese_build_texts(executed_notebooks, processed_only):
    """The Vietnamese tables print the build's Vietnamese columns (they used to leave the
    English ones out): audit messages, change details, national notes, definitions, measures."""
    tables = processed_only / "data" / "processed"
    audit = pd.read_csv(tables / "audit.csv")
    changes = pd.read_csv(tables / "changes.csv")
    national = pd.read_csv(tables / "national_indices.csv")
    catalog = pd.read_csv(tables / "catalog.csv").set_index("id")
    seen = {s: _visible_text(r.saved) for s, r in executed_notebooks.items() if s.endswith("-vi")}
    breakdown = audit[audit["check"] == "breakdown_sum"]["message_vi"].iloc[0]
    assert breakdown.startswith("cộng các thành phần") and breakdown in seen["10-data-quality-vi"]
    latest = changes[changes["drop"] == changes["drop"].max()]  # the chapter shows the last drop
    assert latest["detail_vi"].iloc[0] in seen["11-changes-vi"]
    assert "tính đến ngày 31/5/2023" in set(national["note_vi"])
    assert "tính đến ngày 31/5/2023" in seen["12-national-context-vi"]
    definition = catalog.loc["on_time_resolution_rate", "definition_vi"]
    assert definition.startswith("Tỷ lệ hồ sơ") and definition in seen["a2-glossary-method-vi"]
    # the main measure of a comparison is described, not named again by the indicator's name
    online = seen["02-online-services-vi"]
    assert "hồ sơ nộp (tiếp nhận) trực tuyến, tính trên toàn bộ hồ sơ tiếp nhận trong kỳ" in online


def test_build_sentences_state_the_same_numbers_in_both_languages(processed_only):
    """Every audit message and change detail: the Vietnamese sentence holds every number of the
    English one, each in its Vietnamese form (an indicator's Vietnamese name may add some)."""
    from collections import Counter

    tables = processed_only / "data" / "processed"
    audit = pd.read_csv(tables / "audit.csv", keep_default_na=False)
    changes = pd.read_csv(tables / "changes.csv", keep_default_na=False)
    pairs = [
        *zip(audit["message"], audit["message_vi"], strict=True),
        *zip(changes["detail"], changes["detail_vi"], strict=True),
    ]
    assert len(pairs) > 100
    for en, vi in pairs:
        assert vi, en
        missing = Counter(_numbers(en, "en")) - Counter(_numbers(vi, "vi"))
        assert not missing, (en, vi)


def test_message_templates_name_the_same_values_in_both_languages():
    import string

    from analysis.checks.messages import templates

    for section in ("audit", "coverage", "changes"):
        for key, entry in templates()[section].items():
            names = {
                lang: {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
                for lang in ("en", "vi")
            }
            assert names["en"] == names["vi"], f"{section}.{key}"
            words = re.sub(r"\{[^}]*\}", "", entry["vi"])
            if re.search("[A-Za-z]{3}", words):  # not only values ("{severity}: {message}")
                assert re.search("[À-ỹ]", words), f"{section}.{key} is not Vietnamese"


def test_every_national_note_and_measure_has_its_vietnamese_words(processed_only):
    tables = processed_only / "data" / "processed"
    nat = pd.read_csv(tables / "national_indices.csv", keep_default_na=False)
    assert ((nat["note"] == "") == (nat["note_vi"] == "")).all()
    m = pd.read_csv(tables / "measures.csv", keep_default_na=False)
    assert (m["counts_vi"] != "").all() and (m["population_vi"] != "").all()
    cat = pd.read_csv(tables / "catalog.csv", keep_default_na=False)
    assert (cat["definition_vi"] != "").all()


def test_country_name_in_the_titles_never_breaks_apart():
    """'Việt Nam' is one unit on the title page (issue 9: the vi PDF title left 'Nam' alone on
    its second line): the profile writes it with a no-break space."""
    for edition in EDITIONS:
        book = book_config(edition).get("book") or {}
        for key in ("title", "subtitle"):
            text = str(book.get(key) or "")
            assert "Việt Nam" not in text, f"{edition} {key}: 'Việt Nam' may break: {text!r}"
    assert "Việt\u00a0Nam" in str(book_config("vi")["book"]["title"])


def test_toc_page_numbers_have_room_for_three_digits():
    """The PDF table of contents sets its page numbers in a box wide enough for '101' (the
    KOMA default of 1.55em let them run 3 pt into the right margin; issue 9)."""
    preamble = (ROOT / "book" / "preamble.tex").read_text(encoding="utf-8")
    m = re.search(r"\\renewcommand\*?\{\\@pnumwidth\}\{([\d.]+)em\}", preamble)
    assert m and float(m.group(1)) >= 2.0, "no \\@pnumwidth of at least 2em in book/preamble.tex"
    assert "\\makeatletter" in preamble  # \@pnumwidth is an internal macro


def test_vietnamese_parts_are_named_in_vietnamese():
    """The vi PDF titled its parts "Part I", "Part II": without the vietnamese.ldf of
    texlive-lang-other babel loads no language at all. ``provide=*`` makes babel read its own
    Vietnamese locale file ("Phần", "Chương"); the English edition keeps babel's default."""
    vi = yaml.safe_load((ROOT / "_quarto-vi.yml").read_text(encoding="utf-8"))
    assert vi["format"]["pdf"]["babeloptions"] == "provide=*"
    en = yaml.safe_load((ROOT / "_quarto-en.yml").read_text(encoding="utf-8"))
    assert "babeloptions" not in ((en.get("format") or {}).get("pdf") or {})


def test_front_matter_is_numbered_apart_so_two_latex_passes_suffice():
    """The contents pages are numbered i, ii, ... and the book restarts at 1 after them: the
    contents' length cannot shift a chapter's page between passes, so two XeLaTeX passes give
    a right table of contents (a third cost 3.3 CPU-s an edition)."""
    preamble = (ROOT / "book" / "preamble.tex").read_text(encoding="utf-8")
    assert "\\pagenumbering{roman}" in preamble
    m = re.search(r"\\renewcommand\*?\{\\tableofcontents\}\{(.*)\}", preamble)
    assert m and "\\pagenumbering{arabic}" in m.group(1), "arabic numbers must start after the TOC"
    pdf = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["format"]["pdf"]
    assert pdf["latex-min-runs"] == 2


# --- names of publishers and reports in the Vietnamese edition (issue 14 item 1) -------------

_SPEC_ANYWHERE = re.compile(
    r'<script type="application/json" id="vis-[^"]+-spec">(.*?)</script>', re.S
)


def _every_string(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _every_string(v)]
    if isinstance(node, list):
        return [s for v in node for s in _every_string(v)]
    return [node] if isinstance(node, str) else []


def _chart_strings(nb_path) -> list[str]:
    """Every string of every chart spec a chapter shows (titles, tooltips' data, legends),
    from its HTML and its Markdown outputs (a figure's chart is in its Markdown)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            for mime in ("text/html", "text/markdown"):
                for spec in _SPEC_ANYWHERE.findall("".join(data.get(mime, ""))):
                    out += _every_string(json.loads(spec))
    return out


def test_the_vietnamese_national_chapter_names_publishers_in_vietnamese(
    executed_notebooks, processed_only
):
    """Chapter 12's sources table, chart subtitles and tooltips name each publisher by its
    ``publisher_vi`` (they printed "DTI portal (Ministry of Information and Communications)",
    "(English edition)", "(reposting …)"); the English chapter keeps the reference names."""
    nat = pd.read_csv(processed_only / "data" / "processed" / "national_indices.csv")
    english = {p for p, v in zip(nat["publisher"], nat["publisher_vi"], strict=True) if p not in v}
    assert "DTI portal (Ministry of Information and Communications)" in english
    vi = executed_notebooks["12-national-context-vi"].saved
    shown = _visible_text(vi) + "\n" + "\n".join(_chart_strings(vi))
    leaks = sorted(p for p in english if p in shown)
    assert not leaks, leaks
    for word in ("English edition", "reposting", "Ministry of", "(mirror)"):
        assert word not in shown, word
    assert "Cổng thông tin Chỉ số chuyển đổi số DTI (Bộ Thông tin và Truyền thông)" in shown
    en = executed_notebooks["12-national-context"].saved
    assert "DTI portal (Ministry of Information and Communications)" in _visible_text(en)


def test_map_tooltips_name_the_report_by_its_citation(executed_notebooks, processed_only):
    """A district map's tooltip names the report by its short citation, issuer, title and
    date in the edition's words ("Sở TT&TT An Giang, “Kết quả công tác cải cách…”,
    31/3/2023"), not by the report's id ("an-giang-2023-q1")."""
    reports = pd.read_csv(processed_only / "data" / "processed" / "reports.csv")
    ids = set(reports["report_id"])
    for stem, cited in (
        ("08-district-coverage-vi", "Sở TT&TT An Giang, “Kết quả công tác cải cách…”, 31/3/2023"),
        (
            "08-district-coverage",
            "An Giang Dept. of Information and Communications, “Kết quả công tác cải cách…”, "
            "31 March 2023",
        ),
    ):
        nb = json.loads(executed_notebooks[stem].saved.read_text(encoding="utf-8"))
        specs = [
            json.loads(s)
            for c in nb["cells"]
            for o in c.get("outputs", [])
            for s in _SPEC_ANYWHERE.findall("".join(o.get("data", {}).get("text/markdown", "")))
        ]
        assert specs, stem
        named = set()
        for spec in specs:
            assert "report" in tooltip_fields(spec) and "report_id" not in tooltip_fields(spec)
            named |= {r for r in _column(spec, "report") if r}
        assert named and not (named & ids), (stem, named & ids)
        assert cited in named, (stem, named)


def _column(spec: dict, name: str) -> list[str]:
    """Values of one field in a chart's embedded datasets (and GeoJSON properties)."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            if name in node and isinstance(node[name], str):
                out.append(node[name])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec.get("datasets", {}))
    return out


def test_each_editions_pdf_has_a_plain_file_name():
    """Quarto names a book's PDF after ``book: output-file`` or else its title (spaces become
    hyphens, nothing else changes): the download link of each edition must be a plain name."""
    for e in EDITIONS:
        book = book_config(e)["book"]
        stem = str(book.get("output-file") or book["title"]).replace(" ", "-")
        assert re.fullmatch(r"[A-Za-z0-9._-]+", stem), (e, stem)
