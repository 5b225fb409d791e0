"""Layer 1, the corpus: the manifest and its checks, period labels, province names, and adding
a report (ingest, with document conversion). Reads ``data/raw/reports``; imports only the
ground floor."""
