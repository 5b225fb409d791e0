"""Quarto's post-render step, run with the interpreter Quarto uses for the chapters.

Removes the scripts Quarto's Jupyter engine adds from a CDN (require.js, jQuery: the book
uses neither), so every page reads offline (see :mod:`analysis.book.offline`).
"""

from analysis.book.offline import clean_pages, rendered_pages

clean_pages(rendered_pages())
