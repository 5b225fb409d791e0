# %% [markdown]
# # Kinh phí {#sec-funding}
#
# Lĩnh vực này gồm kinh phí bố trí cho ứng dụng công nghệ thông tin, chuyển đổi số và cải cách
# hành chính mà các báo cáo nêu, tính bằng tỷ đồng hoặc triệu đồng; số tiền lớn nhỏ phụ thuộc
# quy mô của tỉnh nên chỉ được đặt cạnh nhau, không xếp hạng.
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
chapter = theme.load_theme_chapter("finance")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-funding
#| tbl-cap: "Kinh phí: mọi giá trị các báo cáo nêu, theo tỉnh."
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
