# %% [markdown]
# # Bối cảnh quốc gia {#sec-national}
#
# Báo cáo của các tỉnh cho biết mỗi tỉnh đã làm được gì; các chỉ số quốc gia cho biết mỗi tỉnh
# đứng ở đâu so với các tỉnh khác. Chương này đặt hai nguồn cạnh nhau: Chỉ số chuyển đổi số cấp
# tỉnh (DTI), Chỉ số cải cách hành chính (PAR Index), Chỉ số hài lòng của người dân, tổ chức đối
# với sự phục vụ của cơ quan hành chính nhà nước (SIPAS), Chỉ số hiệu quả quản trị và hành chính
# công cấp tỉnh (PAPI) và bộ chỉ số theo “Quyết định 766” tính trên Cổng Dịch vụ công quốc gia.
# Các kết quả này là một bảng tham chiếu tổng hợp từ các nguồn đã công bố, mỗi giá trị kèm một
# địa chỉ nguồn và cơ quan công bố (liệt kê ở cuối chương); chúng không được trích từ năm báo
# cáo của các tỉnh.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import national, style

style.enable(lang="vi")
nat, indicators, reports, value_measures, measures = analysis.load_tables(
    "national_indices", "indicators", "reports", "value_measures", "measures"
)

# %%
#| echo: false
national.counts_prose(nat)

# %% [markdown]
# ## Vị trí của từng tỉnh

# %%
#| label: tbl-national-positions
#| tbl-cap: "Vị trí đã công bố của bốn tỉnh trong các chỉ số, theo năm đánh giá."
national.positions_table(nat)

# %% [markdown]
# ## Thứ hạng qua các năm
#
# Thứ hạng của một tỉnh phụ thuộc cả vào kết quả của các tỉnh khác, và phương pháp của các chỉ
# số đã thay đổi qua các năm; thứ hạng lên xuống là một mô tả, không phải một mức cải thiện đo
# được. Với ba năm có xếp hạng, sách ước lượng một đường thẳng (bình phương nhỏ nhất thông
# thường, thư viện statsmodels) kèm khoảng tin cậy 95%, khoảng này rất rộng vì chỉ còn một bậc
# tự do; với hai năm, sách chỉ nêu mức thay đổi mỗi năm giữa hai năm đó.

# %%
#| echo: false
national.trends_prose(nat)

# %%
#| label: fig-national-dti
#| fig-alt: "Biểu đồ đường thể hiện thứ hạng Chỉ số chuyển đổi số cấp tỉnh của từng tỉnh qua các năm, hạng 1 ở trên cùng, trong số các tỉnh, thành phố được xếp hạng trước hợp nhất."
#| fig-cap: "Chỉ số chuyển đổi số cấp tỉnh (DTI): thứ hạng trong số các tỉnh, thành phố trước hợp nhất."
national.rank_chart(nat, "DTI")

# %%
#| label: fig-national-par
#| fig-alt: "Biểu đồ đường thể hiện thứ hạng Chỉ số cải cách hành chính của từng tỉnh qua các năm, hạng 1 ở trên cùng, trong số các tỉnh, thành phố được xếp hạng trước hợp nhất."
#| fig-cap: "Chỉ số cải cách hành chính (PAR Index): thứ hạng trong số các tỉnh, thành phố trước hợp nhất."
national.rank_chart(nat, "PAR Index")

# %% [markdown]
# ## Điểm gián đoạn ngày 1/7/2025

# %%
#| echo: false
national.merger_prose()

# %%
#| label: fig-national-766
#| fig-alt: "Biểu đồ thứ hạng của từng tỉnh theo bộ chỉ số Quyết định 766, có vạch dọc tại ngày 1/7/2025: thứ hạng trước và sau hợp nhất được vẽ thành hai chuỗi riêng."
#| fig-cap: "Bộ chỉ số theo Quyết định 766: thứ hạng trước và sau đợt hợp nhất năm 2025, không nối liền."
national.rank_chart(nat, "Index 766")

# %% [markdown]
# ## Báo cáo của tỉnh bên cạnh các chỉ số
#
# Những gì mỗi tỉnh tự báo cáo về ba số liệu thường được nêu đầu tiên trong các báo cáo tổng hợp
# — hồ sơ nộp trực tuyến, hồ sơ giải quyết đúng hạn, văn bản trao đổi dưới dạng điện tử — đặt
# cạnh vị trí gần nhất của tỉnh trong các chỉ số, tính đến năm của báo cáo đó. Tỉnh không báo
# cáo một số liệu ở phạm vi toàn tỉnh thì được nói rõ, không bị bỏ qua.

# %%
#| echo: false
national.beside_reports(nat, indicators, reports, value_measures, measures)

# %% [markdown]
# ## Nguồn

# %%
#| label: tbl-national-sources
#| tbl-cap: "Mọi giá trị chỉ số quốc gia dùng trong chương này, kèm cơ quan công bố và nguồn."
national.sources_table(nat)
