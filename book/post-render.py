"""Quarto's post-render step, run with the interpreter Quarto uses for the chapters.

Removes the scripts Quarto's Jupyter engine adds from a CDN (require.js, jQuery: the book
uses neither) and loads Quarto's page script as a classic script, so every page reads offline
and from a folder (see :mod:`analysis.book.offline`); puts the edition's titles where Quarto's
navigation left a ``{{< meta … >}}`` shortcode (:mod:`analysis.book.pages`).
"""

from analysis.book.offline import clean_pages, rendered_pages
from analysis.book.pages import resolve_pages

pages = rendered_pages()
clean_pages(pages)
resolve_pages(pages)
