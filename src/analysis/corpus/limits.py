"""Size limits on what enters the corpus (refused with a message naming the file and limit).

Two limits, configurable by environment variable (megabytes, decimals allowed):

- ``ANALYSIS_MAX_FILE_MB`` (default 50): a file given to ``ingest`` (.txt, .md, .docx, .pdf);
- ``ANALYSIS_MAX_TEXT_MB`` (default 10): the UTF-8 text of one report, as ingest stores it and
  as the build reads it (about 100 times the longest report of the corpus, 97 KB).

Larger inputs are refused before they are read: ``ingest`` exits 2, ``build`` stops with the
manifest row named.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_VAR, TEXT_VAR = "ANALYSIS_MAX_FILE_MB", "ANALYSIS_MAX_TEXT_MB"
DEFAULT_FILE_MB, DEFAULT_TEXT_MB = 50.0, 10.0
_MB = 1_000_000


class TooLargeError(ValueError):
    """An input over its size limit; the message names the file, its size and the limit."""


def _limit(var: str, default: float) -> int:
    raw = os.environ.get(var, "").strip()
    try:
        mb = float(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{var}={raw!r} is not a number of megabytes") from exc
    if mb <= 0:
        raise ValueError(f"{var}={raw!r} must be a positive number of megabytes")
    return int(mb * _MB)


def max_file_bytes() -> int:
    """Largest file ``ingest`` accepts (``ANALYSIS_MAX_FILE_MB``, default 50 MB)."""
    return _limit(FILE_VAR, DEFAULT_FILE_MB)


def max_text_bytes() -> int:
    """Largest report text stored or read (``ANALYSIS_MAX_TEXT_MB``, default 10 MB)."""
    return _limit(TEXT_VAR, DEFAULT_TEXT_MB)


def check_size(path: Path, size: int, limit: int, var: str, what: str = "file") -> None:
    """:class:`TooLargeError` when ``size`` bytes is over ``limit``."""
    if size > limit:
        raise TooLargeError(
            f"{path}: the {what} is {size / _MB:.1f} MB, over the limit of {limit / _MB:g} MB "
            f"({var}); split the report, or raise the limit if it really is one report"
        )
