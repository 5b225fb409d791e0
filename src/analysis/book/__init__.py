"""Layer 7, the book: what the chapters show. Statistics for the prose, charts and their
style, escaped tables and prose, maps, chapter building blocks, headless notebook execution
and Quarto rendering. Reads only ``data/processed`` (through the public loaders) and, for
maps, the district boundaries."""

from ..extras import require

# Every chapter block draws with Altair: name the extra once, here, rather than fail on a
# bare ModuleNotFoundError deep inside a chart module.
require("altair", "vl_convert", purpose="the book layer (charts, maps, chapters)")
