# %% [markdown]
# # How each province reports {#sec-reporting}
#
# The official indices score what provinces achieved; none says how they report it. This
# chapter does: for each report, how many of its figures come with their counts (so a reader
# can recompute them), how many carry their own date rather than the report's, how many
# describe only the issuing office's own work, how many are approximate, how many goals it
# states, what the audit found contradicting itself, and which "results" repeat a national
# target's words. These are properties of the documents, not of the provinces' performance.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import reporting, style

style.enable()
facts, audit, reports = analysis.load_tables("facts", "audit", "reports")

# %%
#| echo: false
reporting.profile_prose(facts, audit, reports)

# %%
#| label: tbl-reporting
#| tbl-cap: "How each report gives its figures (counts, with their share of the report's figures)."
reporting.profile_table(facts, audit, reports)

# %% [markdown]
# The contradictions and the restated targets are listed one by one, with both quotes, in
# @sec-quality.
