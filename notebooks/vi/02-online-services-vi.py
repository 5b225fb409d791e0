# %% [markdown]
# # Dịch vụ công trực tuyến {#sec-online-services}
#
# Lĩnh vực này gồm số thủ tục hành chính và dịch vụ công trực tuyến (một phần, toàn trình) của
# tỉnh, việc tích hợp lên Cổng Dịch vụ công quốc gia, tỷ lệ hồ sơ tiếp nhận và giải quyết trực
# tuyến, hồ sơ giải quyết đúng hạn, thanh toán trực tuyến và số hóa hồ sơ, kết quả giải quyết
# thủ tục hành chính.
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
chapter = theme.load_theme_chapter("online_services")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-online-services
#| tbl-cap: "Dịch vụ công trực tuyến: mọi giá trị các báo cáo nêu, theo tỉnh."
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
