# %% [markdown]
# # What changed in this drop {#sec-changes}
#
# Each quarter a new report arrives, is ingested (`python -m analysis ingest`) and the data are
# rebuilt. This chapter lists what the last build changed against the tables it replaced: new
# reports and figures, changed values, indicators that gained a period, new audit findings.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable()
changes, catalog, reports = analysis.load_tables("changes", "catalog", "reports")

# %%
#| echo: false
chapters.changes_summary(changes)

# %%
#| label: tbl-changes
#| tbl-cap: "Changes made by the last build."
chapters.changes_table(changes, catalog, reports)

# %% [markdown]
# Reports issued after 1 July 2025 describe the merged provinces (for example the new An Giang
# includes former Kiên Giang, and Vĩnh Long includes former Trà Vinh). Their figures are kept
# but never joined to a pre-merger series: charts mark them *post-merger* and trends stop at the
# break.
