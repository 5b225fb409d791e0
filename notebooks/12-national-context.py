# %% [markdown]
# # National context {#sec-national}
#
# The provinces' own reports say what each did; the national indices say where each stood
# against the other provinces. This chapter sets the two side by side: the Provincial Digital
# Transformation Index (DTI), the Public Administration Reform Index (PAR Index), the
# satisfaction index SIPAS, the governance index PAPI and the “Decision 766” index computed on the
# National Public Service Portal. The results are a reference table collected from published
# sources, one source address and publisher per value (listed at the end of the chapter); they
# are not read from the five reports.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import national, style

style.enable()
nat, indicators, reports, value_measures, measures = analysis.load_tables(
    "national_indices", "indicators", "reports", "value_measures", "measures"
)

# %%
#| echo: false
national.counts_prose(nat)

# %% [markdown]
# ## Where each province stood

# %%
#| label: tbl-national-positions
#| tbl-cap: "Published index positions of the four provinces, by year assessed."
national.positions_table(nat)

# %% [markdown]
# ## Ranks over the years
#
# A rank depends on how the other provinces did as well as on the province itself, and the
# indices changed their methods over the years; a moving rank is a description, not a measured
# improvement. With three ranked years the book fits a straight line (ordinary least squares,
# statsmodels) and gives its 95% interval, which with one residual degree of freedom is very
# wide; with two years it gives the change per year between them.

# %%
#| echo: false
national.trends_prose(nat)

# %%
#| label: fig-national-dti
#| fig-alt: "Line chart of each province's rank in the Provincial Digital Transformation Index by year, rank 1 at the top, among the provinces ranked before the merger."
#| fig-cap: "Provincial Digital Transformation Index (DTI): rank among the provinces before the merger."
national.rank_chart(nat, "DTI")

# %%
#| label: fig-national-par
#| fig-alt: "Line chart of each province's rank in the Public Administration Reform Index by year, rank 1 at the top, among the provinces ranked before the merger."
#| fig-cap: "Public Administration Reform Index (PAR Index): rank among the provinces before the merger."
national.rank_chart(nat, "PAR Index")

# %% [markdown]
# ## The series break of 1 July 2025

# %%
#| echo: false
national.merger_prose()

# %%
#| label: fig-national-766
#| fig-alt: "Chart of each province's rank in the Decision 766 index, with a vertical rule at 1 July 2025: ranks before the merger and after it are drawn as separate series."
#| fig-cap: "Decision 766 index: rank before and after the 2025 merger, never joined."
national.rank_chart(nat, "Index 766")

# %% [markdown]
# ## The reports beside the indices
#
# What each province says about itself on the three figures a briefing quotes first — dossiers
# submitted online, dossiers resolved on time, documents exchanged electronically — set beside
# its latest index positions up to the year of that report. Provinces that do not report a
# figure province-wide are said to, not left out.

# %%
#| echo: false
national.beside_reports(nat, indicators, reports, value_measures, measures)

# %% [markdown]
# ## Sources

# %%
#| label: tbl-national-sources
#| tbl-cap: "Every national index value used in this chapter, with its publisher and source."
national.sources_table(nat)
