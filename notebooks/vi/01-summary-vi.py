# %% [markdown]
# # Tóm tắt {#sec-summary}
#
# Bốn tỉnh, năm báo cáo chính thức, một câu hỏi: theo chính báo cáo của các tỉnh, việc xây
# dựng chính quyền điện tử đã đi được đến đâu? Các nhận định dưới đây được viết từ bảng số
# liệu: mỗi con số đều đọc từ một dòng của báo cáo, không con số nào được gõ tay. Giá trị
# của hai tỉnh chỉ được đặt cạnh nhau khi cả hai cùng đo một nội dung trên cùng một phạm vi.
# Mỗi bảng và biểu đồ đều có dữ liệu CSV đi kèm; toàn bộ gói dữ liệu (mọi bảng, có mô tả
# từng trường) ở tệp [datapackage.json](../../data/processed/datapackage.json).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, fair, findings, style

style.enable(lang="vi")
indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
    "indicators", "value_measures", "measures", "reports", "audit", "catalog"
)
data = fair.with_measures(indicators, value_measures, measures, reports)
corpus = chapters.corpus_summary(reports)

# %% [markdown]
# ## Các nhận định chính

# %%
#| echo: false
chapters.corpus_prose(corpus, audit)

# %%
#| echo: false
findings.province_findings(data, audit, catalog, reports)

# %% [markdown]
# ### Những chỉ tiêu có thể so sánh giữa các tỉnh
#
# Với từng chỉ tiêu nổi bật: các tỉnh báo cáo cùng một cách tính, kèm giá trị và kỳ số liệu;
# các tỉnh báo cáo một cách tính khác dưới cùng tên gọi; các tỉnh chỉ nêu số liệu riêng của
# cơ quan ban hành báo cáo; và các tỉnh không báo cáo.

# %%
#| echo: false
findings.comparison_findings(data)

# %% [markdown]
# ## Bảng tổng hợp

# %%
#| label: tbl-scorecard
#| tbl-cap: "Bảng tổng hợp: bốn tỉnh theo các chỉ tiêu cốt lõi (giá trị, kỳ số liệu, dấu phạm vi, mức độ tin cậy)."
findings.scorecard(data, audit, catalog)

# %%
#| echo: false
findings.scorecard_notes(data, audit, catalog)

# %% [markdown]
# Mức độ tin cậy: **A** báo cáo nêu giá trị kèm số liệu tử số và mẫu số, và không có chỗ nào
# trong báo cáo mâu thuẫn; **B** báo cáo có nêu giá trị; **C** giá trị là số ước tính hoặc
# ngưỡng ("khoảng", "hơn"), là số liệu riêng của một cơ quan, hoặc bị chính báo cáo nêu khác.
# Mức độ tin cậy phản ánh cách số liệu được báo cáo, không đánh giá kết quả thực hiện của tỉnh.

# %% [markdown]
# ## Chỉ tiêu nổi bật: hồ sơ nộp trực tuyến

# %%
#| echo: false
panel = fair.panels(data, "online_application_rate")[0]
fair.panel_prose(panel)

# %%
#| label: fig-headline
#| fig-alt: "Biểu đồ thanh ngang: mỗi tỉnh tính tỷ lệ hồ sơ nộp trực tuyến theo cùng một cách có một thanh, ghi giá trị và kỳ số liệu."
#| fig-cap: "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến theo tỉnh: chỉ gồm các tỉnh tính theo cùng một cách."
fair.panel_chart(data, panel)
