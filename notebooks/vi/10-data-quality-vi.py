# %% [markdown]
# # Chất lượng số liệu {#sec-quality}
#
# Có khi chính báo cáo tự mâu thuẫn. Bước kiểm tra tính lại các tỷ lệ từ chính số lượng mà báo
# cáo nêu kèm, đối chiếu mọi giá trị mà một chỉ tiêu được ghi trong cùng một báo cáo, và cộng
# các phần, các dòng của bảng để so với số tổng đã nêu. Kiểm tra không bao giờ sửa giá trị: số
# liệu được công bố đúng như báo cáo ghi, và các phát hiện dưới đây được đặt bên cạnh.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable(lang="vi")
audit, reports = analysis.load_tables("audit", "reports")
counts = chapters.audit_counts(audit)

# %%
#| echo: false
chapters.audit_prose(counts)

# %%
#| label: tbl-audit
#| tbl-cap: "Lỗi và cảnh báo, mỗi trường hợp kèm cả hai trích dẫn (nguyên văn tiếng Việt)."
chapters.audit_table(audit, reports=reports)

# %% [markdown]
# ## Ghi chú
#
# Những điểm nhỏ hơn: tỷ lệ bị cắt bớt chữ số thay vì làm tròn, và những tên huyện mà bước đọc
# địa giới chưa gắn được với nội dung triển khai nào.

# %%
#| label: tbl-audit-notes
#| tbl-cap: "Ghi chú về số liệu và về tên huyện."
chapters.audit_table(audit, ("info",), reports=reports)

# %%
#| label: tbl-audit-geo
#| tbl-cap: "Kiểm tra tên huyện (cảnh báo và ghi chú)."
chapters.audit_table(audit, ("error", "warning", "info"), family="geography", reports=reports)

# %% [markdown]
# Người phân tích có thể chấp nhận, hiệu chỉnh hoặc loại bất kỳ số liệu nào trong tệp
# `data/raw/reference/reviews.csv`; mỗi quyết định đều kèm lý do và được thể hiện ở cột Rà soát
# của bảng số liệu (@sec-facts).
