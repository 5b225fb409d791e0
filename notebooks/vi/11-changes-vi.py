# %% [markdown]
# # Những thay đổi trong đợt dữ liệu này {#sec-changes}
#
# Mỗi quý có thêm báo cáo mới; báo cáo được nạp vào (`python -m analysis ingest`) và dữ liệu
# được xây dựng lại. Chương này liệt kê những gì lần xây dựng gần nhất đã thay đổi so với các
# bảng mà nó thay thế: báo cáo và số liệu mới, giá trị thay đổi, chỉ tiêu có thêm kỳ số liệu,
# phát hiện kiểm tra mới. Phần diễn giải chi tiết của từng thay đổi có trong tệp changes.csv của
# gói dữ liệu.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable(lang="vi")
changes, catalog, reports = analysis.load_tables("changes", "catalog", "reports")

# %%
#| echo: false
chapters.changes_summary(changes)

# %%
#| label: tbl-changes
#| tbl-cap: "Những thay đổi do lần xây dựng dữ liệu gần nhất tạo ra."
chapters.changes_table(changes, catalog, reports)

# %% [markdown]
# Báo cáo ban hành sau ngày 1/7/2025 mô tả các tỉnh đã hợp nhất (chẳng hạn tỉnh An Giang mới gồm
# cả tỉnh Kiên Giang cũ, tỉnh Vĩnh Long gồm cả tỉnh Trà Vinh cũ). Số liệu của các báo cáo này
# vẫn được giữ, nhưng không bao giờ nối vào chuỗi số liệu trước hợp nhất: biểu đồ đánh dấu là
# *sau hợp nhất* và đường xu hướng dừng lại ở thời điểm gián đoạn.
