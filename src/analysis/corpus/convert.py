"""Document conversion: the UTF-8 text the reader parses, from what a report arrives as.

``.txt``/``.md`` are kept as received after checking they decode (a ``.md`` pipe table becomes
tab-separated rows); ``.docx`` is converted by pandoc with the Lua filter shipped beside this
module (``tables.lua``: every table becomes tab-separated lines); a text ``.pdf`` gives its
text layer (pdfplumber, layout-aware: a ruled table becomes tab-separated rows). Problems
raise :class:`ConversionError` naming the file.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from importlib import resources
from pathlib import Path

from ..extras import require
from ..text import control_lines, strip_controls

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
TEXT_SUFFIXES = (".txt", ".md")


class ConversionError(ValueError):
    """A file that cannot be turned into report text; the message names the file."""


def convert(path: str | Path, data: bytes | None = None) -> bytes:
    """The UTF-8 text the reader will parse for ``path`` (``data``: its bytes, if already read).

    Raises :class:`ConversionError` for unsupported, undecodable or textless files.
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    suffix = check_suffix(path)
    if suffix in TEXT_SUFFIXES:
        out = _plain_text(path, suffix, data)
    elif suffix == ".docx":
        out = _tidy(path, _docx_text(path, data)).encode("utf-8")
    else:
        out = _tidy(path, _pdf_text(path, data)).encode("utf-8")
    if not any(ch.isalnum() for ch in out.decode("utf-8", errors="replace")):
        raise ConversionError(
            f"{path}: no text (no letter or digit: empty, or images only); "
            "ingest a version with a text layer, or the text itself"
        )
    return out


def _plain_text(path: Path, suffix: str, data: bytes) -> bytes:
    """A text file as received, unless it needs rewriting: ``.md`` pipe tables become tab
    rows, control characters are removed (with a warning naming the lines)."""
    if suffix == ".md":
        text = _decode(path, data).removeprefix("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data  # the reader refuses it, naming the line
    bad = control_lines(text)
    if bad:
        _warn_controls(path, bad)
        text = strip_controls(text)
    if suffix == ".md" and _PIPE_ROW.search(text):
        text = _pipe_tables_to_tabs(text)
    elif not bad:
        return data
    return text.encode("utf-8")


def _warn_controls(path: Path, bad: list[tuple[int, str]]) -> None:
    shown = ", ".join(f"line {n} (U+{ord(c):04X})" for n, c in bad[:10])
    more = f" and {len(bad) - 10} more line(s)" if len(bad) > 10 else ""
    log.warning(
        "%s: control characters removed from the text the reader parses: %s%s "
        "(the original is kept as received)",
        path,
        shown,
        more,
    )


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_PIPE_RULE = re.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConversionError(f"{path}: not UTF-8 text ({exc})") from exc


def _pipe_tables_to_tabs(text: str) -> str:
    """Markdown pipe tables (``| a | b |``) as the tab-separated rows the reader parses; the
    ``|---|`` rule lines go, every other line is kept as it is."""
    out = []
    for line in text.split("\n"):
        if _PIPE_RULE.match(line):
            continue
        if _PIPE_ROW.match(line):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(line)
    return "\n".join(out)


def check_suffix(path: Path) -> str:
    """The file's suffix, lower case; :class:`ConversionError` for an unsupported type."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ConversionError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; "
            f"ingest accepts {', '.join(SUPPORTED)}"
        )
    return suffix


def _tidy(path: Path, text: str) -> str:
    """NFC, ``\\n`` line ends, no control characters, no trailing spaces (tabs stay: empty
    cells), final newline."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    bad = control_lines(text)
    if bad:
        _warn_controls(path, bad)
        text = strip_controls(text)
    return "\n".join(line.rstrip(" ") for line in text.split("\n")).strip("\n") + "\n"


def _docx_text(path: Path, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            ok = "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        ok = False
    if not ok:
        raise ConversionError(f"{path}: not a readable .docx (corrupt, or not a Word 2007+ file)")
    require("pypandoc", purpose="reading .docx reports")
    import pypandoc

    with resources.as_file(resources.files(__package__) / "tables.lua") as lua:
        try:
            return pypandoc.convert_file(
                str(path), "plain", format="docx", extra_args=["--wrap=none", f"--lua-filter={lua}"]
            )
        except RuntimeError as exc:
            raise ConversionError(f"{path}: pandoc could not convert this .docx: {exc}") from exc


def _cell(text: str | None) -> str:
    """A table cell on one line: its wrapped lines joined by spaces (a tab would split it)."""
    return " ".join((text or "").split())


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return (
        obj["x0"] >= x0 - 1
        and obj["x1"] <= x1 + 1
        and obj["top"] >= top - 1
        and obj["bottom"] <= bottom + 1
    )


def _page_text(page) -> str:  # page: pdfplumber.page.Page
    """A page's text in reading order, each table (ruled cells, ``find_tables``) as
    tab-separated rows at its place among the lines, as the .docx and .md tables read."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]
    outside = page.filter(
        lambda o: o.get("object_type") != "char" or not any(_inside(o, b) for b in boxes)
    )
    blocks = [(float(line["top"]), line["text"]) for line in outside.extract_text_lines()]
    for t in tables:
        rows = ["\t".join(_cell(c) for c in row) for row in t.extract()]
        blocks.append((float(t.bbox[1]), "\n".join(r for r in rows if r.strip())))
    return "\n".join(text for _, text in sorted(blocks, key=lambda b: b[0]))


def _pdf_text(path: Path, data: bytes) -> str:
    require("pdfplumber", "cryptography", purpose="reading PDF reports")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        try:
            with pdfplumber.open(io.BytesIO(data), password="") as pdf:
                pages = [_page_text(page) for page in pdf.pages]
        except Exception as exc:  # pdfplumber wraps pdfminer's errors: unwrap them
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else None
            if type(exc).__name__ == "PdfminerException" and cause is not None:
                raise cause from exc
            raise
    except PDFPasswordIncorrect as exc:
        raise ConversionError(
            f"{path}: the PDF is password-protected; ask the issuer for an unprotected "
            "copy (or the .docx)"
        ) from exc
    except PDFEncryptionError as exc:  # an encryption pdfminer cannot undo
        raise ConversionError(f"{path}: cannot decrypt this PDF ({exc})") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConversionError(f"{path}: not a readable PDF ({exc})") from exc
    except Exception as exc:  # pdfplumber wraps some parser failures in its own errors
        if type(exc).__module__.startswith(("pdfplumber", "pdfminer")):
            raise ConversionError(f"{path}: not a readable PDF ({exc})") from exc
        raise
    if not any(ch.isalnum() for page in pages for ch in page):
        raise ConversionError(
            f"{path}: the PDF has no extractable text ({len(pages)} page(s), empty or "
            "image-only/scanned); run OCR and ingest the text, or ask for a text PDF or .docx"
        )
    blank = [i for i, page in enumerate(pages, start=1) if not page.strip()]
    if blank:
        log.warning(
            "%s: page(s) %s have no text layer (images only?)",
            path.name,
            ", ".join(map(str, blank)),
        )
    return "\n\n".join(pages)
