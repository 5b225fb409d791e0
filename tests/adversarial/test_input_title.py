"""Issue 10, item 10: ingest asks only for what it needs. A document without a ``BÁO CÁO``
heading (a portal notice, a plan) is accepted: its title comes from its heading line or its
file name, with a warning; a second report for one province and period takes its id from its
file name."""

from __future__ import annotations

import logging

import pytest
from input_helpers import META, REPORT, tree, write

from analysis.ingest import IngestError, ingest

NOTICE = (
    "Tình hình giải quyết thủ tục hành chính tháng 02 năm 2025\n"
    "\n"
    "Trong tháng, toàn tỉnh tiếp nhận 8.240 hồ sơ trực tuyến, đạt tỷ lệ 31,5%.\n"
)
FRONT_MATTER = (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n"
    "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\n"
    "Số: 12/TB-STTTT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "An Giang, ngày 05 tháng 3 năm 2025\n"
    "THÔNG BÁO\n"
    "Kết quả số hóa hồ sơ tháng 02 năm 2025\n"
    "Căn cứ Kế hoạch số 45/KH-UBND, Sở thông báo như sau:\n"
    "- Tỷ lệ số hóa hồ sơ đạt 64,2%.\n"
)
PARAGRAPH = (
    "Trong tháng 02 năm 2025, các cơ quan, đơn vị trên địa bàn tỉnh đã tiếp nhận và giải quyết "
    "hồ sơ thủ tục hành chính trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, "
    "trong đó tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn đạt 97,3%.\n"
)


@pytest.mark.parametrize(
    ("name", "text", "title", "source"),
    [
        ("thong-bao.txt", NOTICE, NOTICE.split("\n")[0], "line 1"),
        ("tb-12.txt", FRONT_MATTER, "Kết quả số hóa hồ sơ tháng 02 năm 2025", "line 7"),
        ("so-lieu_thang-02.txt", PARAGRAPH, "so lieu thang 02", "the file name"),
    ],
)
def test_a_document_without_bao_cao_takes_its_title_from_a_heading_or_the_file_name(
    project_copy, tmp_path, caplog, name, text, title, source
):
    src = write(tmp_path / name, text)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        row = ingest(src, **META)
    assert row["title"] == title
    assert f"no 'BÁO CÁO' heading; title taken from {source}" in caplog.text


def test_a_second_report_for_one_period_takes_its_id_from_its_file_name(
    project_copy, tmp_path, caplog
):
    first = ingest(write(tmp_path / "bao-cao.txt", REPORT), **META)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        second = ingest(write(tmp_path / "Thông báo số 12.txt", NOTICE), **META)
    assert first["report_id"] == "an-giang-2025-02"
    assert second["report_id"] == "an-giang-2025-02-thong-bao-so-12"
    assert "report 'an-giang-2025-02' already covers An Giang 2025-02" in caplog.text
    state = tree(project_copy)
    with pytest.raises(IngestError, match="already in the corpus"):  # an explicit id is kept
        ingest(write(tmp_path / "c.txt", PARAGRAPH), **META, report_id="an-giang-2025-02")
    assert tree(project_copy) == state
