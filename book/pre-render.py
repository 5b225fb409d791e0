"""Quarto's pre-render step, run with the interpreter Quarto uses for the chapters.

Builds ``data/processed`` (incremental) and writes the chart libraries into the book
(``book/vendor/``), so the HTML book needs no network.
"""

import shutil
import sys

from analysis import paths
from analysis.book.export import write_vega_bundle
from analysis.cli import main

# The Jupyter cache lets the PDF reuse the HTML's execution within this render; it keys on
# code only, so it starts empty (frozen chapters are not executed at all).
for cache in paths.jupyter_cache_dirs():
    shutil.rmtree(cache, ignore_errors=True)
write_vega_bundle()
sys.exit(main(["-q", "build"]))
