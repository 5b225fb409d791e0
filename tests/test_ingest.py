"""Ingest: a quarterly drop arrives as .docx, text .pdf or .txt; bad input is refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import ingest as ingest_mod
from analysis.corpus.manifest import load_manifest
from analysis.ingest import IngestError, ingest, issuer_tag
from analysis.reading.reports import guess_title, read_report

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "raw" / "reports"
ISSUER = "Sở Thông tin và Truyền thông tỉnh An Giang"
SMARTPHONE_OLD = "+ Tỷ lệ dân số trưởng thành có điện thoại thông minh: 71,29%;"
SMARTPHONE_NEW = "+ Tỷ lệ dân số trưởng thành có điện thoại thông minh: 73,85%;"


def paragraphs(
    name: str, *, last_line: int = 120, edits: dict[str, str] | None = None
) -> list[str]:
    """Non-blank lines of a real report, with figures changed by ``edits``."""
    lines = (SOURCE / name).read_text(encoding="utf-8").splitlines()[:last_line]
    out = [ln.strip() for ln in lines if ln.strip()]
    for old, new in (edits or {}).items():
        assert any(old in p for p in out), old
        out = [p.replace(old, new) for p in out]
    return out


def table_rows() -> list[list[str]]:
    """A real tab-separated table (Bắc Giang report, lines 462-470)."""
    lines = (SOURCE / "bac-giang_2024-05_stttt.txt").read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t") for ln in lines[461:470]]
    width = max(map(len, rows))
    return [r + [""] * (width - len(r)) for r in rows]


def make_docx(path: Path, paras: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    doc = docx.Document()
    for p in paras:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
        doc.add_paragraph("Trên đây là báo cáo.")
    doc.save(path)
    return path


def _font() -> str:
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    fc = shutil.which("fc-match")
    if fc:
        out = subprocess.run(
            [fc, "-f", "%{file}", "DejaVu Sans:lang=vi"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        candidates.append(Path(out)) if out.endswith(".ttf") else None
    for c in candidates:
        if c.is_file():
            return str(c)
    pytest.skip("no TrueType font with Vietnamese glyphs found (install fonts-dejavu-core)")


def make_pdf(path: Path, paras: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("VN", _font()))
    style = ParagraphStyle("vn", fontName="VN", fontSize=10, leading=13)
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(p, style) for p in paras])
    return path


def make_blank_pdf(path: Path, *, rectangle: bool) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    if rectangle:  # a drawing, like a scanned page: no text layer
        c.rect(72, 72, 300, 400, fill=1)
    c.showPage()
    c.save()
    return path


def tree(root: Path) -> dict[str, str]:
    """Every file under data/raw (hidden temporaries too) -> sha256."""
    raw = root / "data" / "raw"
    return {
        str(p.relative_to(raw)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(raw.rglob("*"))
        if p.is_file()
    }


def reports(project: Path) -> Path:
    return project / "data" / "raw" / "reports"


def test_docx_is_stored_byte_for_byte_and_its_text_beside_it(project_copy, tmp_path):
    before = load_manifest()
    src = make_docx(
        tmp_path / "Báo cáo CQĐT tháng 02.docx",
        paragraphs(
            "an-giang_2025-01_stttt.txt",
            edits={SMARTPHONE_OLD: SMARTPHONE_NEW, "tháng 01 năm 2025": "tháng 02 năm 2025"},
        ),
        table_rows(),
    )
    row = ingest(src, province="tỉnh An Giang", period="2025-02", issuer=ISSUER)

    folder = reports(project_copy)
    assert row["original_file"] == "an-giang_2025-02_stttt.docx"
    assert row["file"] == "an-giang_2025-02_stttt.txt"
    assert (folder / row["original_file"]).read_bytes() == src.read_bytes()
    text = (folder / row["file"]).read_text(encoding="utf-8")
    assert SMARTPHONE_NEW in text.splitlines() and "71,29%" not in text
    assert (
        row["title"]
        == "Đánh giá mức độ hoàn thiện Chính quyền điện tử tỉnh An Giang tháng 02 năm 2025"
    )
    assert (row["report_id"], row["province"], row["period_start"], row["period_end"]) == (
        "an-giang-2025-02",
        "An Giang",
        "2025-02-01",
        "2025-02-28",
    )
    assert row["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert row["original_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert row["source_name"] == src.name

    # The Word table comes out as tab-separated lines the reader parses, merged header and all.
    table = read_report(folder / row["file"]).tables[0]
    assert table.column_numbers == [str(i) for i in range(1, 17)]
    assert list(table.frame.iloc[0])[:4] == ["1", "Báo chí", "21", "18"]

    after = load_manifest()  # validates every row, files and checksums
    assert len(after) == len(before) + 1
    old = after[after["report_id"].isin(before["report_id"])].reset_index(drop=True)
    assert old.equals(before)
    new = after.set_index("report_id").loc["an-giang-2025-02"]
    assert not new["post_merger"] and new["path"] == str(folder / row["file"])


def test_text_pdf_after_the_merger_is_filed_under_the_new_province(project_copy, tmp_path):
    src = make_pdf(
        tmp_path / "bao-cao-q4.pdf",
        paragraphs(
            "an-giang_2025-01_stttt.txt",
            last_line=60,
            edits={SMARTPHONE_OLD: SMARTPHONE_NEW, "tháng 01 năm 2025": "quý IV năm 2025"},
        ),
    )
    row = ingest(src, province="An Giang", period="2025-Q4", issuer=ISSUER)

    folder = reports(project_copy)
    assert (folder / row["original_file"]).read_bytes() == src.read_bytes()
    assert row["original_file"].endswith(".pdf") and row["file"].endswith(".txt")
    text = (folder / row["file"]).read_text(encoding="utf-8")
    assert "điện thoại thông minh: 73,85%;" in text  # diacritics survive the PDF text layer
    assert (
        row["title"]
        == "Đánh giá mức độ hoàn thiện Chính quyền điện tử tỉnh An Giang quý IV năm 2025"
    )
    rec = load_manifest().set_index("report_id").loc["an-giang-2025-q4"]
    assert rec["province"] == "An Giang" and rec["post_merger"]


def test_merged_province_is_refused_with_its_successor_and_the_new_name_accepted(
    project_copy, tmp_path
):
    src = tmp_path / "tra-vinh-q4.txt"
    src.write_text(
        "\n\n".join(
            paragraphs("tra-vinh_2023-q3_stttt.txt", edits={"quý III năm 2023": "quý IV năm 2025"})
        )
        + "\n",
        encoding="utf-8",
    )
    state = tree(project_copy)
    with pytest.raises(IngestError) as err:
        ingest(src, province="Trà Vinh", period="2025-Q4", issuer="Sở Khoa học và Công nghệ")
    msg = str(err.value)
    assert src.name in msg and "Trà Vinh merged into Vĩnh Long on 1 July 2025" in msg
    assert tree(project_copy) == state

    row = ingest(src, province="Vĩnh Long", period="2025-Q4", issuer="Sở Khoa học và Công nghệ")
    assert row["province"] == "Vĩnh Long" and row["file"] == "vinh-long_2025-q4_skhcn.txt"
    assert row["original_file"] == ""  # a .txt is its own original
    assert (reports(project_copy) / row["file"]).read_bytes() == src.read_bytes()
    assert row["title"] == "Công tác cải cách hành chính quý IV năm 2025"
    assert load_manifest().set_index("report_id").loc["vinh-long-2025-q4", "post_merger"]
    # Before the merger the same name is fine, and the new name of a merged province is not new.
    assert ingest_mod.resolve_province("Trà Vinh", ingest_mod.parse_period("2025-06")) == "Trà Vinh"


def _copy_existing(tmp_path: Path) -> Path:
    dst = tmp_path / "bao-cao-moi.txt"
    shutil.copy(SOURCE / "quang-ngai_2022_vpubnd.txt", dst)
    return dst


def _latin1(tmp_path: Path) -> Path:
    dst = tmp_path / "bao-cao-latin1.txt"
    dst.write_bytes("BÁO CÁO\nCÁC XÃ: 80%\n".encode("latin-1"))  # as saved by a legacy editor
    return dst


def _corrupt_docx(tmp_path: Path) -> Path:
    good = make_docx(tmp_path / "good.docx", ["Báo cáo"])
    dst = tmp_path / "bao-cao-hong.docx"
    dst.write_bytes(good.read_bytes()[:2000])
    return dst


def _plain(tmp_path: Path, name: str = "bao-cao.txt") -> Path:
    dst = tmp_path / name
    dst.write_text("BÁO CÁO\nKết quả tháng 02 năm 2025\n\n- Tỷ lệ đạt 80%.\n", encoding="utf-8")
    return dst


REFUSALS = {
    "duplicate sha256": (
        _copy_existing,
        {},
        "duplicate: the same file as report 'quang-ngai-2022'",
    ),
    "duplicate report_id": (
        _plain,
        {"report_id": "an-giang-2023-q1"},
        "report_id 'an-giang-2023-q1' is already in the corpus",
    ),
    "malformed report_id": (_plain, {"report_id": "An_Giang"}, "report_id must be lower-case"),
    "unknown province": (_plain, {"province": "Atlantis"}, "unknown province 'Atlantis'"),
    "bad period": (_plain, {"period": "Q2 2025"}, "period 'Q2 2025' does not parse"),
    "empty pdf": (
        lambda t: make_blank_pdf(t / "trong.pdf", rectangle=False),
        {},
        "no extractable text",
    ),
    "image-only pdf": (
        lambda t: make_blank_pdf(t / "scan.pdf", rectangle=True),
        {},
        "no extractable text",
    ),
    "latin-1 text": (_latin1, {}, "not valid UTF-8"),
    "corrupt docx": (_corrupt_docx, {}, "not a readable .docx"),
    "unsupported extension": (
        lambda t: _plain(t, "bao-cao.xlsx"),
        {},
        "unsupported file type '.xlsx'",
    ),
    "missing issuer": (_plain, {"issuer": None}, "--issuer is required"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_name_the_file_and_touch_nothing(project_copy, tmp_path, case):
    make, overrides, expected = REFUSALS[case]
    src = make(tmp_path)
    kw = {"province": "An Giang", "period": "2025-02", "issuer": ISSUER, **overrides}
    state = tree(project_copy)
    with pytest.raises(IngestError) as err:
        ingest(src, **kw)
    assert str(src) in str(err.value) and expected in str(err.value)
    assert tree(project_copy) == state


def test_interrupted_ingest_leaves_the_corpus_as_it_was(project_copy, tmp_path, monkeypatch):
    """Interrupt after the files and manifest are in place, during the final validation."""
    calls = []

    def interrupt_second_load(*a, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return load_manifest(*a, **kw)

    monkeypatch.setattr(ingest_mod, "load_manifest", interrupt_second_load)
    state = tree(project_copy)
    with pytest.raises(KeyboardInterrupt):
        ingest(_plain(tmp_path), province="An Giang", period="2025-02", issuer=ISSUER)
    assert len(calls) == 2
    assert tree(project_copy) == state


def test_sidecar_supplies_metadata_and_flags_win(project_copy, tmp_path):
    sidecar = tmp_path / "meta.yaml"
    sidecar.write_text(
        "province: Kiên Giang\nperiod: 2025-03\nissuer: Sở Nội vụ tỉnh Kiên Giang\n"
        "title: Báo cáo thử\ndoc_type: report\n",
        encoding="utf-8",
    )
    row = ingest(_plain(tmp_path), sidecar=sidecar, title="Tiêu đề từ cờ")
    assert (row["province"], row["period_label"], row["title"]) == (
        "Kiên Giang",
        "2025-03",
        "Tiêu đề từ cờ",
    )
    assert row["file"] == "kien-giang_2025-03_snv.txt"
    sidecar.write_text("province: An Giang\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(IngestError, match="unknown metadata field"):
        ingest(_plain(tmp_path, "b.txt"), sidecar=sidecar)


def test_titles_are_found_under_the_bao_cao_heading_of_every_real_report(manifest):
    for rec in manifest.to_dict("records"):
        assert guess_title(read_report(rec["path"])) == rec["title"], rec["report_id"]


def test_issuer_tags_match_the_corpus_names():
    assert issuer_tag("Sở Thông tin và Truyền thông tỉnh An Giang") == "stttt"
    assert issuer_tag("Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi") == "vpubnd"


def test_cli_ingest_and_refusal_exit_codes(project_copy, tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "analysis", "ingest", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    src = _plain(tmp_path)
    common = ["--province", "An Giang", "--period", "2025-02", "--issuer", ISSUER, "--no-build"]
    ok = run(str(src), *common)
    assert ok.returncode == 0, ok.stderr
    assert "ingested" in ok.stderr and "an-giang-2025-02" in ok.stderr
    state = tree(project_copy)
    again = run(str(src), *common)
    assert again.returncode == 2
    assert "ingest refused (nothing was changed)" in again.stderr and "duplicate" in again.stderr
    assert "Traceback" not in again.stderr
    assert tree(project_copy) == state


def test_markdown_pipe_tables_become_tables_and_are_audited(cached_copy, tmp_path):
    from analysis.pipeline import build
    from analysis.tables.published import load_audit

    md = tmp_path / "bao-cao.md"
    md.write_text(
        "# Báo cáo kết quả chuyển đổi số\n\n"
        "| Stt | Đơn vị | Số hồ sơ |\n|---|---|---:|\n"
        "| 1 | Sở A | 10 |\n| 2 | Sở B | 20 |\n| | Tổng số | 40 |\n",
        encoding="utf-8",
    )
    row = ingest(md, province="Quảng Ngãi", period="2024-Q2", issuer="Sở TT&TT tỉnh Quảng Ngãi")
    stored = cached_copy / "data/raw/reports" / row["file"]
    assert "1\tSở A\t10" in stored.read_text(encoding="utf-8")
    assert row["original_file"].endswith(".md")  # the original is kept as received
    build(progress=False)
    audit = load_audit()
    found = audit[(audit["report_id"] == row["report_id"]) & (audit["check"] == "table_total")]
    assert found["stated"].tolist() == [40.0] and found["expected"].tolist() == [30.0]


def test_a_quarterly_drop_of_docx_and_pdf_rebuilds_with_provenance(
    project_copy, tmp_path, n_reports
):
    """The full drop: a .docx and a text .pdf with changed figures, ingested and rebuilt."""
    import pandas as pd

    from analysis.pipeline import build

    first = build(progress=False)
    facts_before = pd.read_csv(project_copy / "data/processed/facts.csv")
    docx = make_docx(
        tmp_path / "bc-thang-02.docx",
        paragraphs(
            "an-giang_2025-01_stttt.txt",
            edits={SMARTPHONE_OLD: SMARTPHONE_NEW, "tháng 01 năm 2025": "tháng 02 năm 2025"},
        ),
        table_rows(),
    )
    d = ingest(docx, province="An Giang", period="2025-02", issuer=ISSUER)
    pdf = make_pdf(
        tmp_path / "bc-thang-03.pdf",
        paragraphs(
            "an-giang_2025-01_stttt.txt",
            edits={
                SMARTPHONE_OLD: SMARTPHONE_NEW.replace("73,85", "75,02"),
                "tháng 01 năm 2025": "tháng 03 năm 2025",
            },
        ),
    )
    p = ingest(pdf, province="An Giang", period="2025-03", issuer=ISSUER)
    second = build(progress=False)
    assert (first.extracted, second.extracted) == (n_reports, 2)

    changes = pd.read_csv(project_copy / "data/processed/changes.csv")
    changes = changes[changes["drop"] == changes["drop"].max()]  # this drop only
    assert sorted(changes.loc[changes["change"] == "new_report", "report_id"]) == [
        d["report_id"],
        p["report_id"],
    ]
    periods = changes[
        (changes["change"] == "new_period") & (changes["indicator"] == "adult_smartphone_rate")
    ]
    assert sorted(periods["new_value"]) == [73.85, 75.02]

    facts = pd.read_csv(project_copy / "data/processed/facts.csv")
    for row, value in ((d, 73.85), (p, 75.02)):
        hit = facts[
            (facts["report_id"] == row["report_id"])
            & (facts["indicator"] == "adult_smartphone_rate")
        ]
        assert hit["value"].tolist() == [value]
        lines = (project_copy / "data/raw/reports" / row["file"]).read_text("utf-8").split("\n")
        assert hit["quote"].iloc[0] in lines[int(hit["line"].iloc[0]) - 1]
        assert hit["report_sha256"].iloc[0] == row["sha256"]
    old = facts[facts["report_id"].isin(facts_before["report_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(old, facts_before)  # earlier facts untouched
    # the Word table kept its inconsistency, and the audit finds it in the new report
    new_findings = changes[changes["change"] == "new_finding"]
    assert (new_findings["report_id"] == d["report_id"]).any()


def make_table_pdf(path: Path, before: str, rows: list[list[str]], after: str) -> Path:
    """A text PDF: a paragraph, a ruled table (grid lines, as office reports print them), a
    paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("VN", _font()))
    style = ParagraphStyle("vn", fontName="VN", fontSize=10, leading=13)
    table = Table(rows)
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), "VN"), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    )
    story = [Paragraph(before, style), Spacer(1, 12), table, Spacer(1, 12), Paragraph(after, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_pdf_tables_become_tab_separated_rows_and_are_audited(cached_copy, tmp_path):
    """pdfplumber reads a PDF's ruled table as rows (cells joined by tabs, in place between
    the paragraphs), not one line per cell; the reader parses them like a .docx table."""
    from analysis.corpus.convert import convert
    from analysis.pipeline import build
    from analysis.tables.published import load_audit

    rows = [
        ["Stt", "Đơn vị", "Số hồ sơ"],
        ["1", "Sở A", "10"],
        ["2", "Sở B", "20"],
        ["", "Tổng số", "40"],
    ]
    pdf = make_table_pdf(
        tmp_path / "bao-cao-bang.pdf",
        "Báo cáo kết quả chuyển đổi số quý II năm 2024.",
        rows,
        "Các đơn vị tiếp tục triển khai trong quý III.",
    )
    lines = convert(pdf).decode("utf-8").splitlines()
    assert "Stt\tĐơn vị\tSố hồ sơ" in lines
    assert "1\tSở A\t10" in lines and "\tTổng số\t40" in lines
    assert "Sở A" not in lines  # not a line per cell
    order = [
        i for i, line in enumerate(lines) if "quý II" in line or "Stt" in line or "quý III" in line
    ]
    assert [lines[i][:3] for i in order] == ["Báo", "Stt", "Các"]  # the table stays in place
    row = ingest(pdf, province="Quảng Ngãi", period="2024-Q2", issuer="Sở TT&TT tỉnh Quảng Ngãi")
    stored = cached_copy / "data/raw/reports" / row["file"]
    assert "2\tSở B\t20" in stored.read_text(encoding="utf-8")
    build(progress=False)
    audit = load_audit()
    found = audit[(audit["report_id"] == row["report_id"]) & (audit["check"] == "table_total")]
    assert found["stated"].tolist() == [40.0] and found["expected"].tolist() == [30.0]
