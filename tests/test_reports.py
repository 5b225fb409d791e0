"""The report reader: numbered lines, raw quotes, headings, footnotes, tables."""

from __future__ import annotations

import pytest

from analysis.reading.reports import ReportError, normalise, parse_report_text, read_report


@pytest.fixture(scope="module")
def all_reports(manifest):
    return {
        rid: read_report(p) for rid, p in zip(manifest["report_id"], manifest["path"], strict=True)
    }


def test_line_numbers_match_the_file(all_reports, manifest):
    for rid, rep in all_reports.items():
        path = manifest.set_index("report_id").loc[rid, "path"]
        with open(path, encoding="utf-8") as fh:
            raw_lines = fh.read().split("\n")
        for ln in rep.lines:
            assert ln.raw == raw_lines[ln.number - 1].rstrip("\r")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("tỷ lệ:  $232/232 = 100\\%$ .", "tỷ lệ:  232/232 = 100% ."),
        ("giao 04 nhiệm vụ<sup>1</sup>. Với", "giao 04 nhiệm vụ. Với"),
        ("là 16/20¹¹ cơ quan", "là 16/20 cơ quan"),
        ("<b>Tổng số</b>\t<b>232</b>", "Tổng số\t232"),
        ("### **I. CÔNG TÁC CHỈ ĐẠO**", "I. CÔNG TÁC CHỈ ĐẠO"),
        ("huyện Son Ðộng", "huyện Son Động"),
        ("● Việc tuyên truyền", "- Việc tuyên truyền"),
    ],
)
def test_normalise_strips_markup_and_keeps_a_map_to_raw(raw, text):
    norm, offsets, _refs, _ends = normalise(raw)
    assert norm == text
    assert len(offsets) == len(norm) + 1
    for i, ch in enumerate(norm):
        src = raw[offsets[i]]
        assert src == ch or (ch == "Đ" and src == "Ð") or (ch == "-" and src == "●")


def test_quote_of_a_normalised_span_is_an_exact_raw_substring():
    rep = parse_report_text("- Tỷ lệ:  $260/260 = 100\\%$ , xong.\n".encode())
    ln = rep.line(1)
    start = ln.text.index("260/260")
    end = ln.text.index("%") + 1
    quote = ln.quote(start, end)
    assert quote == "260/260 = 100\\%"
    assert quote in ln.raw


def test_decomposed_unicode_is_composed_for_parsing_but_quoted_raw():
    raw = "Tỷ lệ đạt 71,29%".replace("ỷ", "y\u0309")  # y + combining hook above
    norm, _offsets, _, _ = normalise(raw)
    assert norm == "Tỷ lệ đạt 71,29%"
    rep = parse_report_text(raw.encode())
    ln = rep.line(1)
    s = ln.text.index("Tỷ")
    assert ln.quote(s, s + 2) == "Ty\u0309"


def test_footnote_marks_are_linked_to_their_definitions(all_reports):
    ag = all_reports["an-giang-2025-01"]
    fn = ag.footnote("8", near_line=125)
    assert fn is not None and fn.line == 143
    assert fn.text.startswith("188 cơ quan gồm")
    assert 125 in fn.ref_lines
    bg = all_reports["bac-giang-2024-05"]
    assert [f.number for f in bg.footnotes] == [str(i) for i in range(1, 20)]
    assert bg.footnote("17", near_line=95).text == "94/94 hệ thống thông tin đã phê duyệt cấp độ."


def test_headings_and_sections(all_reports):
    ag = all_reports["an-giang-2023-q1"]
    markers = [h.marker for h in ag.headings]
    assert markers[:4] == ["I", "1", "a", "b"]
    path = ag.section_path(151)
    assert [h.marker for h in path] == ["I", "3", "3.10"]
    assert path[-1].title.startswith("Nâng cao chất lượng, hiệu quả cung cấp dịch vụ công")
    tv = all_reports["tra-vinh-2023-q3"]
    assert [h.marker for h in tv.section_path(169)][:2] == ["II", "6"]


def test_bac_giang_appendix_tables(all_reports):
    bg = all_reports["bac-giang-2024-05"]
    assert len(bg.tables) == 2
    t1, t2 = bg.tables
    # Appendix I: 3 stacked header rows + a column-number row, 4 fields + a total row.
    assert t1.frame.shape == (5, 16)
    assert t1.column_numbers == [str(i) for i in range(1, 17)]
    assert t1.columns[3] == "Số hồ sơ nhận giải quyết / Trong đó / Số mới tiếp nhận trực tuyến"
    assert t1.columns[8] == "Kết quả giải quyết / Số hồ sơ đã giải quyết / Trả đúng thời hạn"
    assert list(t1.frame.iloc[:, 1]) == [
        "Báo chí",
        "Bưu chính",
        "Phát thanh truyền hình và thông tin điện tử",
        "Xuất bản in và phát hành",
        "Tổng số",
    ]
    assert t1.frame.iloc[4, 2] == "232" and t1.total_rows == [4]
    assert t1.row_lines == [466, 467, 468, 469, 470]
    # Appendix II: 12 digital-transformation targets with results (the last line has no \n).
    assert t2.columns == ["Stt", "Chỉ tiêu", "Cơ quan theo dõi, đơn đốc", "Kết quả"]
    assert t2.frame.shape == (12, 4)
    assert t2.frame.iloc[0, 3] == "96,97%" and t2.frame.iloc[10, 3] == "~70%"
    assert t2.frame.iloc[11, 3] == "82.5%"
    assert t2.row_lines[0] == 476


def test_quang_ngai_appendix_table(all_reports):
    t = all_reports["quang-ngai-2022"].tables[0]
    assert t.columns[0] == "TT" and t.frame.shape == (6, 6)
    assert list(t.frame["TT"]) == ["I", "II", "1", "2", "3", "4"]


def test_bad_input_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("dòng một\n".encode() + b"d\xf2ng hai\n")
    with pytest.raises(ReportError, match=r"bad.txt:2: not valid UTF-8"):
        read_report(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    with pytest.raises(ReportError, match="empty"):
        read_report(empty)
    with pytest.raises(ReportError, match="cannot read"):
        read_report(tmp_path / "missing.txt")
