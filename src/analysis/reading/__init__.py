"""Layer 2, reading: a report as numbered lines, headings, footnotes and tables, and the
Vietnamese numbers in a line (with their traps). Imports the ground floor and the corpus."""
