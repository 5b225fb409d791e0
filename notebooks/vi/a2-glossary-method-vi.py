# %% [markdown]
# # Thuật ngữ, phương pháp và các nội dung theo huyện {#sec-glossary}
#
# Các chỉ tiêu bằng tiếng Việt và tiếng Anh; cách sách chọn giá trị để trình bày và khi nào sách
# không so sánh hai giá trị; và từng nội dung triển khai theo huyện kèm nguồn.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import districts, glossary, style

style.enable(lang="vi")
catalog, measures, indicators, coverage, reports = analysis.load_tables(
    "catalog", "measures", "indicators", "coverage", "reports"
)

# %% [markdown]
# ## Bảng thuật ngữ chỉ tiêu {#sec-glossary-table}

# %%
#| label: tbl-glossary
#| tbl-cap: "Mọi chỉ tiêu có trong sách: tên tiếng Việt và tiếng Anh, lĩnh vực, đơn vị, các cách tính khác."
glossary.glossary(catalog, measures, indicators)

# %% [markdown]
# ## Phương pháp {#sec-methodology}
#
# **Chọn giá trị nào để trình bày.** Một báo cáo có thể nêu cùng một đại lượng nhiều lần. Khi so
# sánh, sách chỉ trình bày một giá trị cho mỗi tỉnh và mỗi chỉ tiêu, theo thứ tự ưu tiên: số
# liệu toàn tỉnh trước số liệu riêng của một sở, ngành; số liệu của tỉnh trước đợt hợp nhất ngày
# 1/7/2025 trước số liệu của tỉnh sau hợp nhất; sau đó là kỳ số liệu gần nhất; cuối cùng, số
# liệu đã được người phân tích rà soát trước số liệu mới chỉ được trích tự động. Các giá trị còn
# lại vẫn có trong các bảng và phụ lục.
#
# **Kỳ của số liệu.** Mỗi giá trị mang kỳ số liệu của chính nó: mốc thời gian nêu trong câu chứa
# số liệu ("năm 2022", "5 tháng đầu năm 2024", "ngày 24/3/2023") nếu có, nếu không thì là kỳ của
# cả báo cáo. Vì vậy, một báo cáo ban hành trong một quý vẫn có thể chứa số liệu của một năm
# trước đó.
#
# **Đo cái gì.** Mỗi chỉ tiêu nêu rõ đếm cái gì và trên tổng thể nào (bảng thuật ngữ ở trên).
# Các báo cáo thường công bố một đại lượng khác dưới cùng một tên gọi: chứng thư số *đã cấp*
# khác với chứng thư số *đang sử dụng*, hồ sơ *giải quyết* trực tuyến khác với hồ sơ *nộp* trực
# tuyến, số thành viên được tập huấn ở hai huyện trong một tháng khác với số của toàn tỉnh trong
# cả năm. Sách xác định cách tính của từng giá trị theo chính câu chữ của nó và đánh dấu ◇ giá
# trị có cách tính khác.
#
# **Khi nào không so sánh hai giá trị.** Sách chỉ đặt hai tỉnh cạnh nhau khi các giá trị có cùng
# cách tính và cùng phạm vi (toàn tỉnh), cùng mô tả các tỉnh trước đợt hợp nhất, và — với số
# lượng cộng dồn trong kỳ — các kỳ có cùng độ dài. Các số lượng tăng theo quy mô của tỉnh (tài
# khoản, cổng thông tin, điểm cầu) chỉ được liệt kê, không xếp hạng. Cách tính chỉ một tỉnh báo
# cáo thì được nêu bằng một câu, không vẽ thành biểu đồ một thanh. Một thay đổi "từ giá trị này
# lên giá trị kia" chỉ được nêu giữa hai giá trị cùng cách tính, cùng phạm vi và cùng định nghĩa
# trên cùng một tổng thể; danh mục đã được xác định lại giữa hai báo cáo thì không tính thay
# đổi.
#
# **Mục tiêu.** Mục tiêu chỉ được so với giá trị cùng cách tính. Trước thời hạn, mục tiêu không
# bao giờ bị coi là *không đạt*: với số lượng cộng dồn trong năm, giá trị được đánh giá là vượt
# hay chậm so với tiến độ cần có tại thời điểm của số liệu; tỷ lệ đã chạm mục tiêu được ghi là
# *đạt trước hạn*. Sau thời hạn mới đánh giá *đạt* hay *không đạt*. Một số liệu được nêu như kết
# quả nhưng lặp lại giá trị và câu chữ của một chỉ tiêu quốc gia (“Nghị quyết 17/NQ-CP”) được
# bước kiểm tra đánh dấu và được hiểu là mục tiêu được nhắc lại.
#
# **Mức độ tin cậy.** A: giá trị được nêu kèm số lượng (tử số và mẫu số) và không có chỗ nào
# trong báo cáo mâu thuẫn. B: báo cáo có nêu giá trị. C: giá trị là số ước tính hoặc ngưỡng, là
# số liệu riêng của một cơ quan, hoặc bị chính báo cáo nêu khác.

# %% [markdown]
# ## Các nội dung triển khai theo huyện {#sec-coverage-statements}

# %%
#| label: tbl-coverage-statements
#| tbl-cap: "Mọi nội dung triển khai theo huyện, kèm dòng trong báo cáo và trích dẫn."
districts.statements(coverage, reports)
