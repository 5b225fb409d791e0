"""Ingest attacks on report text: duplicates in disguise (D6), CR line ends (D9), control
characters (D11, D12)."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from input_helpers import META, REPORT, tree, write

from analysis.corpus.manifest import load_manifest
from analysis.ingest import IngestError, ingest
from analysis.reading.reports import ReportError, read_report

SEED = "quang-ngai_2022_vpubnd.txt"


def _seed_text(project) -> str:
    return (project / "data" / "raw" / "reports" / SEED).read_text(encoding="utf-8")


DISGUISES = {
    "BOM": lambda t: "\ufeff" + t,
    "CRLF": lambda t: t.replace("\n", "\r\n"),
    "NFD": lambda t: unicodedata.normalize("NFD", t),
    "whitespace": lambda t: "\n\n".join("  " + " ".join(ln.split()) + " " for ln in t.split("\n")),
}


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("report_id", [None, "quang-ngai-2022-ban-sao"])
def test_a_seed_report_in_disguise_is_refused_naming_the_report(
    project_copy, tmp_path, disguise, report_id
):
    """D6: the same text with a BOM, CRLF, NFD or other spacing is the same report, also
    under the other --report-id the refusal message used to suggest."""
    text = DISGUISES[disguise](_seed_text(project_copy))
    src = write(tmp_path / "ban-sao.txt", text)
    state = tree(project_copy)
    with pytest.raises(IngestError) as err:
        ingest(
            src,
            province="Quảng Ngãi",
            period="2022",
            issuer="Văn phòng UBND tỉnh Quảng Ngãi",
            report_id=report_id,
        )
    msg = str(err.value)
    assert "duplicate" in msg and "'quang-ngai-2022'" in msg and SEED in msg, msg
    assert tree(project_copy) == state


def test_a_report_ingested_once_is_refused_again_in_disguise(project_copy, tmp_path):
    """D6: a text already ingested, arriving again with NFD accents and CRLF under a new id."""
    first = ingest(write(tmp_path / "a.txt", REPORT), **META)
    again = write(tmp_path / "b.txt", unicodedata.normalize("NFD", REPORT).replace("\n", "\r\n"))
    with pytest.raises(IngestError, match=f"as report '{first['report_id']}'"):
        ingest(again, **META, report_id="an-giang-2025-02-khac")


def test_cr_only_line_ends_are_lines(project_copy, tmp_path):
    """D9: a file saved with CR alone between lines is read line by line."""
    src = write(tmp_path / "mac.txt", REPORT.replace("\n", "\r"))
    row = ingest(src, **META)
    assert row["title"] == "Kết quả chuyển đổi số tháng 02 năm 2025"
    report = read_report(load_manifest().set_index("report_id").loc[row["report_id"], "path"])
    assert [ln.number for ln in report if "80%" in ln.raw] == [5]
    assert len(report.lines) == REPORT.count("\n")


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x08", "\x0e", "\x1b", "\x1f", "\x7f", "\ufffe"])
def test_control_characters_are_removed_at_ingest_naming_the_line(
    project_copy, tmp_path, caplog, char
):
    """D11/D12: control characters never reach the stored text the reader parses; the
    original is kept byte-for-byte and the warning names the file and the line."""
    dirty = REPORT.replace("đạt 80%", f"đạt{char} 80%")
    src = write(tmp_path / "ban.txt", dirty)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        row = ingest(src, **META)
    assert f"line 5 (U+{ord(char):04X})" in caplog.text and str(src) in caplog.text
    reports = project_copy / "data" / "raw" / "reports"
    text = (reports / row["file"]).read_text(encoding="utf-8")
    assert char not in text and "đạt 80%" in text
    assert (reports / row["original_file"]).read_bytes() == dirty.encode("utf-8")


def test_the_reader_refuses_control_characters_naming_file_and_line(tmp_path):
    """D11: a file that bypassed ingest stops the build with file and line, not a chart error."""
    src = write(tmp_path / "tay.txt", REPORT.replace("1.250", "1.250\x7f"))
    with pytest.raises(ReportError, match=r"tay\.txt:6: control character U\+007F"):
        read_report(src)
