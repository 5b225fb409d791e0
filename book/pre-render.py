"""Quarto's pre-render step, run with the interpreter Quarto uses for the chapters.

Builds ``data/processed`` (incremental) and writes the chart libraries into the book
(``book/vendor/``), so the HTML book needs no network.
"""

import sys

from analysis.book.export import write_vega_bundle
from analysis.cli import main

write_vega_bundle()
sys.exit(main(["-q", "build"]))
