# %% [markdown]
# # Sources and method {#sec-sources}
#
# The book reads only the tables that `python -m analysis build` publishes in `data/processed`;
# those tables are derived, line by line, from the official reports listed below, which are kept
# byte-for-byte in `data/raw/reports` with their SHA-256 checksums.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable()
reports, facts = analysis.load_tables("reports", "facts")

# %% [markdown]
# ## The corpus

# %%
#| label: tbl-corpus
#| tbl-cap: "Reports in the corpus: issuer, period covered, title and length in lines."
chapters.corpus_table(reports)

# %%
#| echo: false
chapters.corpus_period_prose(reports)

# %% [markdown]
# ## Periods and scope
#
# The reports do not cover the same time: a quarter, a single month, a calendar year, or (Bắc
# Giang) more than a year. Every value in the book carries its period, and no chapter ranks
# values from different periods as if they were comparable.
#
# Some reports mix two kinds of figure. A provincial Department of Information and
# Communications reports both the province's digital transformation and its *own*
# administrative reform (its procedures, staff and budget). The book keeps them apart: each
# figure has a scope, *province* or *agency* (the department's own), read from the report's
# sections (`data/raw/reference/scopes.yaml`) and from cues in the sentence ("của Sở",
# "toàn tỉnh"). Agency figures are marked † in tables and drawn lighter in charts.
#
# ## How figures are extracted
#
# Every number in the reports' prose, lists and tables is read with its line and the exact
# words around it; dates, document numbers ("Quyết định số 618/QĐ-UBND") and section numbers are
# not figures. Vietnamese number formats (thousands dots, decimal commas, "13 nghìn", "hơn 30%")
# are parsed with their qualifier (approximate, lower or upper bound). Figures are classified
# against an indicator catalog (@sec-catalog) whose matching rules are data, not code.

# %%
#| label: tbl-extraction
#| tbl-cap: "Figures read from each report, by scope and review."
chapters.extraction_table(facts)

# %% [markdown]
# ## Review and audit
#
# Analysts can accept, correct or reject any figure in `data/raw/reference/reviews.csv`, always
# with a reason; the build fails if a review no longer matches a figure, so no decision is lost
# silently. The audit (@sec-quality) then checks every report against itself.

# %%
#| echo: false
chapters.review_prose(facts)

# %% [markdown]
# ## Geography
#
# On 1 July 2025 Vietnam merged provinces and abolished the district level. The reports here
# predate the change and name pre-2025 districts; the crosswalk (@sec-crosswalk) says where each
# now lies. Reports issued after that date are filed under their merged province and never joined
# to a pre-merger series.
