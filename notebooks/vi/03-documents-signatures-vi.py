# %% [markdown]
# # Văn bản điện tử và chữ ký số {#sec-documents-signatures}
#
# Lĩnh vực này gồm việc gửi, nhận văn bản điện tử giữa các cơ quan nhà nước, văn bản được ký số,
# hệ thống quản lý văn bản và điều hành, cùng số chứng thư số chuyên dùng đã cấp và đang sử
# dụng.
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
chapter = theme.load_theme_chapter("documents_signatures")

# %%
#| echo: false
chapter.intro()

# %% [markdown]
# ## Mỗi tỉnh báo cáo những gì

# %%
#| label: tbl-documents-signatures
#| tbl-cap: "Văn bản điện tử và chữ ký số: mọi giá trị các báo cáo nêu, theo tỉnh."
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
