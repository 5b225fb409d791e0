# %% [markdown]
# # Summary {#sec-summary}
#
# Four provinces, five official reports, one question: how far has e-government gone, by the
# provinces' own account? The findings below are written from the tables: every number is read
# from a report line (see @sec-sources) and none is typed by hand. A value is compared with
# another province's only when both count the same thing over the same population (see the
# methodology in @sec-methodology). Every table and chart offers its data as CSV; the whole data
# package (every table, with field descriptions) is
# [datapackage.json](../data/processed/datapackage.json).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, fair, findings, style

style.enable()
indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
    "indicators", "value_measures", "measures", "reports", "audit", "catalog"
)
data = fair.with_measures(indicators, value_measures, measures, reports)
corpus = chapters.corpus_summary(reports)

# %% [markdown]
# ## Findings

# %%
#| echo: false
chapters.corpus_prose(corpus, audit)

# %%
#| echo: false
findings.province_findings(data, audit, catalog, reports)

# %% [markdown]
# ### Where the provinces can be compared
#
# On each headline indicator: the provinces that report the same measure, with their values
# and periods; those that report a different measure under the same name; those that give
# only the issuing office's own figure; and those that report nothing.

# %%
#| echo: false
findings.comparison_findings(data)

# %% [markdown]
# ## Scorecard

# %%
#| label: tbl-scorecard
#| tbl-cap: "Scorecard: the four provinces on the core indicators (value, own period, scope mark, reliability grade)."
findings.scorecard(data, audit, catalog)

# %%
#| echo: false
findings.scorecard_notes(data, audit, catalog)

# %% [markdown]
# Grades: **A** the report states the value with its counts (a numerator and a denominator)
# and nothing in the report contradicts it; **B** the report states the value; **C** the value
# is approximate or a bound, one department's own, or contradicted within its report. A grade
# describes how a
# figure is reported, not how good the province's performance is.

# %% [markdown]
# ## Headline: dossiers submitted online

# %%
#| echo: false
panel = fair.panels(data, "online_application_rate")[0]
fair.panel_prose(panel)

# %%
#| label: fig-headline
#| fig-alt: "Horizontal bar chart: one bar per province that counts online dossier submission the same way, each bar labelled with its value and the period it covers."
#| fig-cap: "Share of administrative dossiers submitted online, by province: only the provinces that count the same thing."
fair.panel_chart(data, panel)
