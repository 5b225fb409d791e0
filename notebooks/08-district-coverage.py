# %% [markdown]
# # District coverage {#sec-coverage}
#
# Which districts have which deployment — intelligent operations centres (IOC), community
# digital teams, trainings, pilot stations — as the reports name them. Districts are the units
# before the reorganisation of 1 July 2025 (when the district level was abolished; see
# @sec-crosswalk for where each now lies). A district a report does not mention is *not
# reported*, not *absent*. A deployment stated alike for every district is said in a sentence;
# a map is drawn only where districts differ. Every statement, with its line and quote, is in
# the appendix (@sec-coverage-statements), with its CSV.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, districts, style

style.enable()
coverage, reports = analysis.load_tables("coverage", "reports")

# %% [markdown]
# ## The same in every district

# %%
#| echo: false
districts.uniform_sentences(coverage, reports)

# %% [markdown]
# ## Where districts differ

# %%
#| echo: false
districts.show_maps(coverage, reports)

# %%
#| echo: false
districts.silent_provinces(coverage)

# %%
#| echo: false
chapters.boundary_note()
