# %% [markdown]
# # Glossary, methodology and statements {#sec-glossary}
#
# The indicators in English and Vietnamese with what each counts; how the book chooses the value
# it shows and when it refuses to compare two values; and every district statement with its
# source.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import districts, glossary, style

style.enable()
catalog, measures, indicators, coverage, reports = analysis.load_tables(
    "catalog", "measures", "indicators", "coverage", "reports"
)

# %% [markdown]
# ## Glossary of indicators / Bảng thuật ngữ {#sec-glossary-table}

# %%
#| label: tbl-glossary
#| tbl-cap: "Every indicator the book shows: English and Vietnamese names, definition, measure."
glossary.glossary(catalog, measures, indicators)

# %% [markdown]
# ## Methodology {#sec-methodology}
#
# **Which value is shown.** A report may state one quantity several times. For a comparison the
# book shows one value per province and indicator: a province-wide figure before one
# department's own; a figure of the province as it was before the merger of 1 July 2025 before
# one of the merged province; then the latest period; then a figure an analyst reviewed before
# one only extracted. The other values stay in the tables and the appendix.
#
# **Which period.** A value carries its own period: the time expression of its own sentence
# ("năm 2022", "5 tháng đầu năm 2024", "ngày 24/3/2023") where there is one, else the period the
# report covers. A report issued in one quarter can therefore hold figures of an earlier year.
#
# **What is measured.** Each indicator states what it counts and over what population (the
# glossary above). Reports often publish a different quantity under the same name: certificates
# *issued* against certificates *in use*, dossiers *resolved* online against dossiers
# *submitted* online, members trained in two districts in one month against the whole province
# in a year. The book reads the measure of every value from its own words and marks a value
# whose measure differs (◇).
#
# **When two values are not compared.** The book sets two provinces side by side only when the
# values have the same measure and the same scope (province-wide), describe the provinces as
# they were before the merger, and — for counts over a period — periods of the same length.
# Counts that grow with a province's size (accounts, portals, bridge points) are listed, never
# ranked. A measure reported by one province only is said in a sentence, not drawn as a chart
# of one bar. A change "from one value to another" is stated only between values of the same
# measure, scope and definition over the same population; a catalogue that was redefined between
# two reports gives no change.
#
# **Targets.** A target is compared only with a value of the same measure. Before its deadline
# it is never *not met*: a count over the year is ahead of or behind the pace needed at the
# value's own date; a rate already at the target is *at target early*. After the deadline it is
# *met* or *not met*. A figure given as a result that repeats the value and words of a national
# target (“Resolution 17/NQ-CP”) is flagged by the audit and read as a restated goal.
#
# **Reliability grades.** A: the value is stated with its counts and nothing in its report
# contradicts it. B: the value is stated. C: the value is approximate or a bound, one
# department's own, or contradicted within its report.

# %% [markdown]
# ## District statements {#sec-coverage-statements}

# %%
#| label: tbl-coverage-statements
#| tbl-cap: "Every district coverage statement with its report line and quote."
districts.statements(coverage, reports)
