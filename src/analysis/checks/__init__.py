"""Layer 4, checks: one finding type for every audit row, the consistency checks on figures
and tables, and the Frictionless descriptor of the published package. Imports the ground
floor and the layers before it (corpus, reading, facts)."""
