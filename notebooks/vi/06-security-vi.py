# %% [markdown]
# # An toàn thông tin {#sec-security}
#
# Lĩnh vực này gồm việc bảo đảm an toàn hệ thống thông tin theo cấp độ, giám sát an toàn thông
# tin, phòng chống mã độc trên máy trạm và xử lý sự cố, tấn công mạng mà các báo cáo ghi nhận.
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
chapter = theme.load_theme_chapter("security")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-security
#| tbl-cap: "An toàn thông tin: mọi giá trị các báo cáo nêu, theo tỉnh."
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
