# %% [markdown]
# # Targets and gaps {#sec-targets}
#
# Some reports state goals: Bắc Giang's appendix II lists its digital-transformation targets with
# results, and An Giang sets a goal for the share of state agencies *at all levels* that complete
# e-government. Each goal is set against the latest value of the same indicator, from the same
# province and era; a value that counts a different population (An Giang reports the share for
# provincial agencies only) is not a comparable value, so that goal shows *no data*. Where a deadline is not stated,
# the book assumes the end of the year the goal's report covers, and a goal measured before its
# deadline may still be met.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, charts, present, style, targets

style.enable()
indicators = analysis.load_indicators()
goals = targets.target_table(indicators)

# %%
#| echo: false
counts = goals["status"].value_counts()
present.prose(
    "The reports state {n} targets: {met} met, {notmet} not met, {nodata} without a "
    "comparable value.",
    n=len(goals),
    met=int(counts.get("met", 0)),
    notmet=int(counts.get("not met", 0)),
    nodata=int(counts.get("no data", 0)),
)

# %%
#| label: fig-targets
#| fig-cap: "Targets stated in the reports against the latest value: met, not met or no data."
#| fig-alt: "Grid of provinces (columns) by indicators with a target (rows): each cell coloured met, not met or no data, and giving the latest value with its period and the goal with its deadline."
charts.target_chart(goals)

# %%
#| label: tbl-targets
#| tbl-cap: "Each target, the latest value, the gap and the annual pace needed to close it."
chapters.targets_table(goals)

# %% [markdown]
# The pace needed is the gap divided by the years left to the deadline; it assumes a straight
# line and says nothing about whether the pace is feasible.
