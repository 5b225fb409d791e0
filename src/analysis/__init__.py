"""Provincial e-government in Vietnam: figures from official reports, with their sources.

Public API (each reads ``data/processed``; build it with ``python -m analysis build``):

- :func:`load_reports` – the corpus, one row per report
"""

from .data import MissingDataError, load_reports

__all__ = ["MissingDataError", "load_reports"]
__version__ = "0.1.0"
