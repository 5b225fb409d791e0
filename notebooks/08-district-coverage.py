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
from analysis.book import chapters, maps, present, style

style.enable()
coverage = analysis.load_coverage()

# %%
#| echo: false
chapters.coverage_summary(coverage)

# %%
#| label: fig-coverage-ioc
#| fig-cap: "An Giang: district intelligent operations centres (IOC), as of the 2023-Q1 report."
maps.coverage_map(coverage, "An Giang", "district_ioc")

# %%
#| label: fig-coverage-all
#| fig-cap: "The four provinces: districts named for each province's most reported item."
maps.coverage_small_multiples(coverage, chapters.coverage_items(coverage))

# %%
#| echo: false
chapters.boundary_note()

# %% [markdown]
# ## Every statement with its source

# %%
#| label: tbl-coverage
#| tbl-cap: "District coverage statements, with the quote each comes from."
present.table(
    coverage[["province", "district_name", "item", "status", "report_id", "line", "quote"]]
)
