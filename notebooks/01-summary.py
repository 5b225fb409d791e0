# %% [markdown]
# # Summary {#sec-summary}
#
# Four provinces, their official reports, one question: how far has e-government gone, by the
# provinces' own account? Every number below is read from the facts table, each traceable to a
# report line (see @sec-sources); none is typed by hand.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, charts, present, style, targets

style.enable()
indicators = analysis.load_indicators()
reports = analysis.load_reports()
audit = analysis.load_audit()
corpus = chapters.corpus_summary(reports)
severity = chapters.audit_counts(audit)
goal_status = targets.target_table(indicators)["status"].value_counts()

# %% [markdown]
# ## Key findings

# %%
#| echo: false
chapters.key_findings(indicators)

# %%
#| echo: false
present.prose(
    "The corpus holds {n} reports from {p} provinces ({first} to {last}). The audit found "
    "{e} contradictions or totals that do not add up and {w} smaller discrepancies "
    "(@sec-quality). Goals the reports state: {t}; met by the latest value: {met}; not met: "
    "{notmet}; without a comparable value: {nodata} (@sec-targets).",
    n=corpus["n"],
    p=corpus["provinces"],
    first=corpus["first"],
    last=corpus["last"],
    e=severity["error"],
    w=severity["warning"],
    t=int(goal_status.sum()),
    met=int(goal_status.get("met", 0)),
    notmet=int(goal_status.get("not met", 0)),
    nodata=int(goal_status.get("no data", 0)),
)

# %% [markdown]
# ## Headline: dossiers submitted online

# %%
#| label: fig-headline
#| fig-cap: "Share of administrative dossiers submitted online, by province, as each report states it."
#| fig-alt: "Horizontal bar chart: one bar per province for the share of dossiers submitted online, each bar labelled with its value and period; provinces without a figure are listed as not reported."
charts.compare_bar(indicators, "online_application_rate")

# %%
#| echo: false
chapters.measure_notes("online_application_rate", indicators)

# %% [markdown]
# Reports cover different periods (a quarter, a month, a year, or more than a year), they
# measure slightly different things (dossiers *resolved* online, *received* online, *submitted*
# online: see the report's words above), and Trà Vinh's report gives different rates for the
# same counts (@sec-quality). The bars describe what was reported; they are not a ranking.
