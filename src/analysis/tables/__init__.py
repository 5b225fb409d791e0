"""Layer 5, tables: the published tables of ``data/processed`` — best values per indicator,
what a drop changed, the extraction cache, Quarto freeze thawing, and the public loaders
(``load_*``) every later layer and the book read them with."""
