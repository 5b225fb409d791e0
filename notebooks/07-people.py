# %% [markdown]
# # People and community digital teams {#sec-people}
#
# *Nhân lực và tổ công nghệ số cộng đồng.* The four provinces on what their own reports say. Every value carries its own
# period; † marks one department's own figure, ◇ a value that counts something else under the
# same name. Provinces are compared only on the same measure (@sec-methodology).

# %%
#| label: setup
#| include: false
from analysis.book import style, theme

style.enable()
chapter = theme.load_theme_chapter("people")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## What each province reports

# %%
#| label: tbl-people
#| tbl-cap: "People and community digital teams: every value the reports state, by province."
chapter.table()

# %% [markdown]
# ## Comparisons on the same measure

# %%
#| echo: false
chapter.show_comparisons()

# %% [markdown]
# ## Not compared, and why

# %%
#| echo: false
chapter.withheld()

# %% [markdown]
# ## Changes over time

# %%
#| echo: false
chapter.changes()
