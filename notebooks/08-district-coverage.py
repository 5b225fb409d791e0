# %% [markdown]
# # District coverage {#sec-coverage}
#
# Which districts have which deployment — intelligent operations centres (IOC), community
# digital teams, trainings, pilot stations — as the reports name them. Districts are the
# pre-July-2025 units (the district level was abolished on 1 July 2025; see @sec-crosswalk for
# where each now lies). A district a report does not mention is *not reported*, not *absent*.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, maps, style

style.enable()
coverage = analysis.load_coverage()

# %%
#| echo: false
chapters.coverage_summary(coverage)

# %%
#| label: fig-coverage-ioc
#| fig-cap: "An Giang: district intelligent operations centres (IOC), as of the 2023-Q1 report."
#| fig-alt: "Map of An Giang's districts, each coloured by whether the report says it has an intelligent operations centre (present, planned, absent or not reported) and labelled with its name."
maps.coverage_map(coverage, "An Giang", "district_ioc")

# %%
#| label: fig-coverage-all
#| fig-cap: "The four provinces: districts named for each province's most reported item."
#| fig-alt: "Four maps, one per province, two by two: each district coloured by the status of the deployment its province reports most often, and labelled with its name."
maps.coverage_small_multiples(coverage, chapters.coverage_items(coverage))

# %%
#| echo: false
chapters.boundary_note()

# %% [markdown]
# ## Every statement with its source

# %%
#| label: tbl-coverage
#| tbl-cap: "District coverage statements, with the quote each comes from."
chapters.coverage_table(coverage)
