# %% [markdown]
# # Nguồn tài liệu và phương pháp {#sec-sources}
#
# Sách chỉ đọc các bảng số liệu do lệnh `python -m analysis build` công bố trong thư mục
# `data/processed`; các bảng này được trích, từng dòng một, từ các báo cáo chính thức liệt kê
# dưới đây. Bản gốc của từng báo cáo được lưu nguyên vẹn trong `data/raw/reports`, kèm mã kiểm
# tra SHA-256.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, style

style.enable(lang="vi")
reports, facts = analysis.load_tables("reports", "facts")

# %% [markdown]
# ## Bộ tài liệu

# %%
#| label: tbl-corpus
#| tbl-cap: "Các báo cáo trong bộ tài liệu: cơ quan ban hành, kỳ báo cáo, trích yếu và số dòng."
chapters.corpus_table(reports)

# %%
#| echo: false
chapters.corpus_period_prose(reports)

# %% [markdown]
# ## Kỳ báo cáo và phạm vi số liệu
#
# Các báo cáo không cùng một khoảng thời gian: có báo cáo một quý, có báo cáo một tháng, có báo
# cáo cả năm, có báo cáo (của Bắc Giang) kéo dài hơn một năm. Mỗi giá trị trong sách đều ghi kỳ
# số liệu của nó, và không chương nào xếp hạng các giá trị thuộc những kỳ khác nhau như thể có
# thể so sánh được.
#
# Một số báo cáo gộp hai loại số liệu. Sở Thông tin và Truyền thông của tỉnh vừa báo cáo kết quả
# chuyển đổi số của toàn tỉnh, vừa báo cáo công tác cải cách hành chính *của chính Sở* (thủ tục,
# cán bộ, kinh phí của Sở). Sách tách riêng hai loại này: mỗi số liệu có một phạm vi,
# *toàn tỉnh* hoặc *riêng của cơ quan*, xác định theo các phần của báo cáo
# (`data/raw/reference/scopes.yaml`) và theo dấu hiệu trong câu ("của Sở", "toàn tỉnh"). Số liệu
# riêng của cơ quan được đánh dấu † trong bảng và vẽ nhạt màu hơn trong biểu đồ.
#
# ## Cách trích số liệu
#
# Mọi con số trong lời văn, danh sách và bảng của báo cáo đều được đọc kèm số dòng và nguyên văn
# câu chữ xung quanh; ngày tháng, số hiệu văn bản ("Quyết định số 618/QĐ-UBND") và số thứ tự mục
# không được coi là số liệu. Các cách viết số của tiếng Việt (dấu chấm phân cách hàng nghìn, dấu
# phẩy thập phân, "13 nghìn", "hơn 30%") được đọc cùng với từ chỉ mức độ (khoảng, ít nhất, nhiều
# nhất). Số liệu được gắn với danh mục chỉ tiêu (@sec-catalog); các quy tắc nhận diện chỉ tiêu
# là dữ liệu, không nằm trong mã chương trình.

# %%
#| label: tbl-extraction
#| tbl-cap: "Số liệu trích từ mỗi báo cáo, theo phạm vi và kết quả rà soát."
chapters.extraction_table(facts)

# %% [markdown]
# ## Rà soát và kiểm tra
#
# Người phân tích có thể chấp nhận, hiệu chỉnh hoặc loại bất kỳ số liệu nào trong tệp
# `data/raw/reference/reviews.csv`, luôn kèm lý do; quá trình xây dựng dữ liệu sẽ dừng nếu một
# quyết định rà soát không còn khớp với số liệu nào, nên không quyết định nào bị mất mà không ai
# hay. Sau đó, bước kiểm tra (@sec-quality) đối chiếu từng báo cáo với chính nó.

# %%
#| echo: false
chapters.review_prose(facts)

# %% [markdown]
# ## Địa giới hành chính
#
# Từ ngày 1/7/2025, nhiều tỉnh được hợp nhất và cấp huyện không còn tổ chức. Các báo cáo trong
# sách có trước thời điểm này và dùng tên huyện cũ; bảng đối chiếu (@sec-crosswalk) cho biết mỗi
# huyện cũ nay thuộc đơn vị nào. Báo cáo ban hành sau thời điểm đó được xếp vào tỉnh mới sau hợp
# nhất và không bao giờ được nối vào chuỗi số liệu trước hợp nhất.
