# %% [markdown]
# # Nền tảng số, LGSP và dữ liệu mở {#sec-data-platforms}
#
# Lĩnh vực này gồm nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP), kết nối với Nền tảng tích
# hợp, chia sẻ dữ liệu quốc gia, các cơ sở dữ liệu chuyên ngành, dữ liệu mở được công khai, hệ
# thống thông tin báo cáo và trung tâm giám sát, điều hành thông minh (IOC).
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
chapter = theme.load_theme_chapter("data_platforms")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-data-platforms
#| tbl-cap: "Nền tảng số, LGSP và dữ liệu mở: mọi giá trị các báo cáo nêu, theo tỉnh."
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
