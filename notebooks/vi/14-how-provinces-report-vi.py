# %% [markdown]
# # Cách mỗi tỉnh báo cáo {#sec-reporting}
#
# Các chỉ số chính thức chấm điểm kết quả các tỉnh đạt được; không chỉ số nào cho biết các tỉnh
# báo cáo kết quả đó như thế nào. Chương này làm việc đó: với mỗi báo cáo, bao nhiêu số liệu có
# nêu kèm số lượng (để người đọc tự tính lại), bao nhiêu số liệu có thời điểm riêng thay vì thời
# điểm của cả báo cáo, bao nhiêu số liệu chỉ phản ánh công việc của cơ quan ban hành, bao nhiêu
# số liệu là ước tính, báo cáo đề ra bao nhiêu mục tiêu, bước kiểm tra phát hiện những chỗ nào
# tự mâu thuẫn, và những "kết quả" nào lặp lại câu chữ của chỉ tiêu quốc gia. Đây là đặc điểm
# của văn bản báo cáo, không phải đánh giá kết quả thực hiện của tỉnh.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import reporting, style

style.enable(lang="vi")
facts, audit, reports = analysis.load_tables("facts", "audit", "reports")

# %%
#| echo: false
reporting.profile_prose(facts, audit, reports)

# %%
#| label: tbl-reporting
#| tbl-cap: "Cách mỗi báo cáo nêu số liệu (số lượng, kèm tỷ trọng trong tổng số liệu của báo cáo)."
reporting.profile_table(facts, audit, reports)

# %% [markdown]
# Từng trường hợp mâu thuẫn và từng chỉ tiêu được nhắc lại đều được liệt kê, kèm cả hai trích
# dẫn, tại @sec-quality.
