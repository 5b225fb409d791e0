# %% [markdown]
# # Targets and pace {#sec-targets}
#
# Some reports state goals: Bắc Giang's appendix II lists its digital-transformation targets
# with results; An Giang's first report gives its training plan for the year and its second a
# goal for agencies at all levels. The book sets a goal beside a value only when both count the
# same thing over the same population (the measure, see @sec-methodology). It judges a goal by
# the value's own date: before the deadline a goal is never *not met* — a count over the year
# is *ahead of* or *behind* the pace the goal needs at that date, and a rate already at the goal
# is *at target early*; after the deadline it is *met* or *not met*. Where a deadline is not
# stated, the book assumes the end of the year the goal's report covers. A goal for a rank in
# a national index, which the reports seldom follow up, is judged on the province's published
# rank for the deadline's year (@sec-national).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import fair, goals, style

style.enable()
indicators, value_measures, measures, reports, national = analysis.load_tables(
    "indicators", "value_measures", "measures", "reports", "national_indices"
)
data = fair.with_measures(indicators, value_measures, measures, reports)
table = goals.with_published_ranks(goals.goal_table(data), national)

# %%
#| echo: false
goals.summary_prose(table)

# %%
#| label: tbl-targets
#| tbl-cap: "Each target beside the value of the same measure, judged at the value's own date."
goals.goals_table(table, reports)

# %% [markdown]
# The pace for a count over a year assumes a steady rate through the year (the goal times the
# share of the year elapsed at the value's date); it says nothing about whether the rest of the
# year will keep that rate. A rate has no reported baseline, so before its deadline the book
# says only whether it already reaches the goal.
