# %% [markdown]
# # Hạ tầng số và kết nối {#sec-infrastructure}
#
# Lĩnh vực này gồm hạ tầng kỹ thuật phục vụ chính quyền điện tử: mạng truyền số liệu chuyên
# dùng, hệ thống hội nghị truyền hình trực tuyến và các điểm cầu, trung tâm dữ liệu, cùng mức độ
# phổ cập điện thoại thông minh và cáp quang đến hộ gia đình.
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
chapter = theme.load_theme_chapter("infrastructure")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-infrastructure
#| tbl-cap: "Hạ tầng số và kết nối: mọi giá trị các báo cáo nêu, theo tỉnh."
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
