"""Layer 3, facts: the indicator catalog and its matching rules, the scope rules, every figure
of a report with line, quote, class and scope, the facts table, and the analysts' reviews.
Imports the ground floor, corpus and reading."""
