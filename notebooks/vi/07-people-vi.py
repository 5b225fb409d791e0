# %% [markdown]
# # Nhân lực và tổ công nghệ số cộng đồng {#sec-people}
#
# Lĩnh vực này gồm đội ngũ thực hiện chuyển đổi số: tổ công nghệ số cộng đồng ở thôn, ấp, khu
# phố, các lớp tập huấn, bồi dưỡng kỹ năng số cho cán bộ, công chức và người dân, cùng nhân lực
# chuyên trách công nghệ thông tin.
#
# Chương này trình bày bốn tỉnh qua chính báo cáo của các tỉnh. Mỗi giá trị đều kèm kỳ số liệu
# riêng của nó; dấu † đánh dấu số liệu riêng của một cơ quan, dấu ◇ đánh dấu giá trị đo một nội
# dung khác dưới cùng tên gọi. Các tỉnh chỉ được đặt cạnh nhau khi cùng một cách tính
# (@sec-methodology).

# %%
#| label: setup
#| include: false
from analysis.book import style, theme

style.enable(lang="vi")
chapter = theme.load_theme_chapter("people")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-people
#| tbl-cap: "Nhân lực và tổ công nghệ số cộng đồng: mọi giá trị các báo cáo nêu, theo tỉnh."
chapter.table()

# %% [markdown]
# ## So sánh trên cùng một cách tính

# %%
#| echo: false
chapter.show_comparisons()

# %% [markdown]
# ## Những chỉ tiêu không so sánh và lý do

# %%
#| echo: false
chapter.withheld()

# %% [markdown]
# ## Thay đổi theo thời gian

# %%
#| echo: false
chapter.changes()
