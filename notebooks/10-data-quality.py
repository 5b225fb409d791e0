# %% [markdown]
# # Data quality {#sec-quality}
#
# The reports sometimes contradict themselves. The audit recomputes stated percentages from
# their own counts, compares every value an indicator is given within one report, and adds up
# breakdowns and table rows against their stated totals. It never changes a value: figures are
# published as stated, and the findings below sit beside them.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable()
audit, reports = analysis.load_tables("audit", "reports")
counts = chapters.audit_counts(audit)

# %%
#| echo: false
chapters.audit_prose(counts)

# %%
#| label: tbl-audit
#| tbl-cap: "Errors and warnings, each with both quotes (Vietnamese, as written)."
chapters.audit_table(audit, reports=reports)

# %% [markdown]
# ## Notes
#
# Smaller points: rates truncated rather than rounded, and district names the geography reader
# could not tie to a deployment.

# %%
#| label: tbl-audit-notes
#| tbl-cap: "Notes on figures and on district names."
chapters.audit_table(audit, ("info",), reports=reports)

# %%
#| label: tbl-audit-geo
#| tbl-cap: "District-name checks (warnings and notes)."
chapters.audit_table(audit, ("error", "warning", "info"), family="geography", reports=reports)

# %% [markdown]
# Analysts can accept, correct or reject any figure in `data/raw/reference/reviews.csv`; each
# decision carries its reason and shows in the Review column of the facts table (@sec-facts).
