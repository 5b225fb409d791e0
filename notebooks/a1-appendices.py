# %% [markdown]
# # Data tables {#sec-appendix-data}
#
# The full tables behind the book. The same data, with field descriptions, are in
# `data/processed` (CSV, Parquet and a Frictionless `datapackage.json`).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, downloads, style

style.enable()
catalog, facts, crosswalk, reports = analysis.load_tables(
    "catalog", "facts", "crosswalk", "reports"
)

# %% [markdown]
# ## Downloads {#sec-downloads}
#
# Each table of the data package as CSV, where the published book serves it (the HTML edition
# also offers each chart's and table's own data under it):

# %%
#| echo: false
downloads.data_listing()

# %% [markdown]
# ## Indicator catalog {#sec-catalog}

# %%
#| label: tbl-catalog
#| tbl-cap: "Indicators tracked, with their Vietnamese names, units and themes."
chapters.catalog_table(catalog)

# %% [markdown]
# ## Every classified figure with its source {#sec-facts}

# %%
#| label: tbl-facts
#| tbl-cap: "Facts with an indicator: value, scope, status, report line and exact quote."
chapters.facts_table(facts, catalog, reports)

# %% [markdown]
# ## The 2025 crosswalk {#sec-crosswalk}
#
# Pre-2025 districts and the communes and wards that replaced them on 1 July 2025
# (from the `vietnamadminunits` conversion data).

# %%
#| label: tbl-crosswalk
#| tbl-cap: "Old district → new province and communes."
chapters.crosswalk_table(crosswalk)
