"""Ingest attacks on files and the manifest: encrypted PDFs (D16), images-only Word files
(D21), folders and pipes (D22), an Excel-saved manifest (D20, D22) and manifest paths outside
the reports folder (D24)."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from input_helpers import META, REPORT, cli, tree, write

from analysis.corpus.manifest import ManifestError, load_manifest
from analysis.ingest import IngestError, ingest

PDF_LINES = ["BAO CAO", "Ket qua chuyen doi so thang 02 nam 2025", "- Ty le ho so dat 80%."]


def _pdf(path: Path, *, user_password: str | None = None) -> Path:
    """A text PDF (ASCII, standard font); AES-256 encrypted when ``user_password`` is given."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i, line in enumerate(PDF_LINES):
        c.drawString(72, 760 - 20 * i, line)
    c.save()
    if user_password is None:
        return write(path, buf.getvalue())
    pytest.importorskip("cryptography", reason="pypdf needs cryptography to write an AES PDF")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return write(path, out.getvalue())


def test_an_aes_pdf_that_needs_no_password_is_read(project_copy, tmp_path):
    """D16: AES encryption with an empty user password only restricts printing; read it."""
    row = ingest(_pdf(tmp_path / "aes.pdf", user_password=""), **META)
    text = (project_copy / "data" / "raw" / "reports" / row["file"]).read_text(encoding="utf-8")
    assert "Ty le ho so dat 80%." in text
    assert row["title"] == "Ket qua chuyen doi so thang 02 nam 2025"


def test_an_aes_pdf_with_a_password_is_refused_with_exit_2(project_copy, tmp_path):
    src = _pdf(tmp_path / "khoa.pdf", user_password="secret")
    state = tree(project_copy)
    res = cli("ingest", str(src), *_flags(), "--no-build")
    assert res.returncode == 2, res.stderr
    assert "khoa.pdf: the PDF is password-protected" in res.stderr
    assert "Traceback" not in res.stderr and tree(project_copy) == state


def test_reading_a_pdf_without_cryptography_names_the_extra(tmp_path, monkeypatch):
    """D16: without ``cryptography`` pdfminer cannot even be imported; the error says so and
    names the extra that brings it, instead of a bare ModuleNotFoundError from deep inside."""
    from analysis import extras
    from analysis.corpus import convert

    real = extras.find_spec
    monkeypatch.setattr(
        extras, "find_spec", lambda name: None if name == "cryptography" else real(name)
    )
    src = _pdf(tmp_path / "plain.pdf")
    with pytest.raises(extras.MissingExtraError, match=r"cryptography.*analysis\[ingest\]"):
        convert._pdf_text(src, src.read_bytes())


def _flags() -> list[str]:
    return [f"--{k}={v}" for k, v in META.items()]


def _png() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_an_images_only_docx_is_refused_as_no_text_even_with_a_title(project_copy, tmp_path):
    """D21: a scan pasted into Word has no text; --title does not make it a report."""
    import docx

    img = write(tmp_path / "scan.png", _png())
    doc = docx.Document()
    doc.add_picture(str(img))
    doc.add_picture(str(img))
    doc.save(tmp_path / "scan.docx")
    state = tree(project_copy)
    with pytest.raises(IngestError, match=r"scan\.docx: no text"):
        ingest(tmp_path / "scan.docx", **META, title="Báo cáo quét")
    assert tree(project_copy) == state


@pytest.mark.parametrize("content", ["[]", "   \n\t\n", "- . -\n"])
def test_a_text_file_without_letters_is_refused_as_no_text(project_copy, tmp_path, content):
    with pytest.raises(IngestError, match="no text"):
        ingest(write(tmp_path / "rong.txt", content), **META, title="Tiêu đề")


def test_a_folder_and_a_pipe_get_messages_saying_what_they_are(project_copy, tmp_path):
    """D22: not "file not found" for something that exists; the FIFO is never opened."""
    folder = tmp_path / "drop.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a folder; ingest takes one report file"):
        ingest(folder, **META)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="not a regular file"):
        ingest(fifo, **META)
    with pytest.raises(IngestError, match="file not found"):
        ingest(tmp_path / "absent.txt", **META)


def _manifest(project: Path) -> Path:
    return project / "data" / "raw" / "reports" / "manifest.csv"


def test_a_manifest_saved_by_excel_with_a_bom_is_accepted_by_ingest(project_copy, tmp_path):
    """D20: BOM and CRLF (Excel's "CSV UTF-8") are read by ingest as by the build."""
    path = _manifest(project_copy)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = load_manifest()
    row = ingest(write(tmp_path / "moi.txt", REPORT), **META)
    after = load_manifest()
    assert len(after) == len(before) + 1 and row["report_id"] in set(after["report_id"])
    assert set(before["report_id"]) < set(after["report_id"])


def test_a_semicolon_manifest_gets_a_hint(project_copy, tmp_path):
    """D22: a manifest re-saved with ';' separators says so instead of "missing column(s)"."""
    import pandas as pd

    path = _manifest(project_copy)
    df = pd.read_csv(path, dtype="string", keep_default_na=False)
    df.to_csv(path, sep=";", index=False)
    with pytest.raises(ManifestError, match=r"separated by ';'.*save it as comma-separated CSV"):
        load_manifest()
    with pytest.raises(IngestError, match="separated by ';'"):
        ingest(write(tmp_path / "moi.txt", REPORT), **META)


@pytest.mark.parametrize("where", ["parent", "absolute", "link"])
def test_manifest_files_outside_the_reports_folder_are_refused(project_copy, tmp_path, where):
    """D24: with a matching checksum, any file on the machine used to be read as a report."""
    outside = write(tmp_path / "secret.txt", REPORT)
    reports = project_copy / "data" / "raw" / "reports"
    name = {
        "parent": os.path.relpath(outside, reports),
        "absolute": str(outside),
        "link": "link.txt",
    }[where]
    if where == "link":
        (reports / "link.txt").symlink_to(outside)
    path = _manifest(project_copy)
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header = lines[0].split(",")
    row = dict(zip(header, [""] * len(header), strict=True))
    sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    row |= {"report_id": "an-giang-2025-02", "province": "An Giang", "period_label": "2025-02"}
    row |= {"period_start": "2025-02-01", "period_end": "2025-02-28", "issuer": "Sở"}
    row |= {"title": "T", "doc_type": "report", "file": name, "sha256": sha}
    lines.append(",".join(row[c] for c in header))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"row \d+ \(report_id=an-giang-2025-02\): file .*"):
        load_manifest()
    with pytest.raises(ManifestError, match="data/raw/reports"):
        load_manifest()
