# %% [markdown]
# # Electronic documents and signatures {#sec-documents-signatures}
#
# *Văn bản điện tử và chữ ký số.* This chapter sets the four provinces side by side on what their own reports say.
# Every value carries its period, because the reports cover different months and years, and a
# dagger (†) marks a figure that describes one department's own work rather than the province.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, charts, style

style.enable()
indicators = analysis.load_indicators()
THEME = "documents_signatures"

# %%
#| echo: false
chapters.reporting_sentence(THEME, indicators)

# %%
#| echo: false
chapters.theme_highlights(THEME, indicators)

# %% [markdown]
# ## What each province reports

# %%
#| label: tbl-documents-signatures
#| tbl-cap: "Electronic documents and signatures: every value the reports state, by province."
chapters.theme_table(THEME, indicators)

# %% [markdown]
# ## Comparisons
#
# Bars share one scale; a lighter, dashed bar is not province-wide, and a province without a
# figure is listed as *not reported* rather than dropped. The reports' own words behind each
# bar are listed under the chart: definitions differ between provinces more often than not.

# %%
#| label: fig-documents-signatures-1
#| fig-cap: "Share of inter-agency documents exchanged electronically, by province (period on each bar)."
#| fig-alt: "Horizontal bar chart: one bar per province for the share of documents exchanged electronically between agencies, each labelled with value and period."
charts.compare_bar(indicators, "e_document_exchange_rate")

# %%
#| echo: false
chapters.measure_notes("e_document_exchange_rate", indicators)

# %%
#| label: fig-documents-signatures-2
#| fig-cap: "Digital signature certificates in use, by province (period on each bar)."
#| fig-alt: "Horizontal bar chart: one bar per province for the number of digital signature certificates in use, each labelled with value and period."
charts.compare_bar(indicators, "digital_certificates")

# %%
#| echo: false
chapters.measure_notes("digital_certificates", indicators)

# %% [markdown]
# ## Changes over time
#
# Where a province reports an indicator for three or more periods, the book fits a linear trend
# (ordinary least squares on the period midpoints, with a 95% interval); with two periods it
# gives the change per year; with one it fits nothing. With few reports per province in
# this corpus, most series have one or two points: read the changes as descriptions of the
# reports, not as measured trends. No change is computed between values that count different
# populations.

# %%
#| echo: false
chapters.series_table(THEME, indicators)
