# %% [markdown]
# # Các bảng số liệu {#sec-appendix-data}
#
# Toàn bộ các bảng làm căn cứ cho cuốn sách. Cùng dữ liệu đó, kèm mô tả từng trường, có trong
# thư mục `data/processed` (dạng CSV, Parquet và tệp `datapackage.json` theo chuẩn
# Frictionless).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, downloads, style

style.enable(lang="vi")
catalog, facts, crosswalk, reports = analysis.load_tables(
    "catalog", "facts", "crosswalk", "reports"
)

# %% [markdown]
# ## Tải dữ liệu {#sec-downloads}
#
# Mỗi bảng của gói dữ liệu ở dạng CSV, theo địa chỉ mà bản sách công bố trực tuyến cung cấp (bản
# HTML còn có dữ liệu riêng của từng biểu đồ, từng bảng ngay bên dưới nó):

# %%
#| echo: false
downloads.data_listing()

# %% [markdown]
# ## Danh mục chỉ tiêu {#sec-catalog}

# %%
#| label: tbl-catalog
#| tbl-cap: "Các chỉ tiêu được theo dõi, kèm tên tiếng Việt, đơn vị và lĩnh vực."
chapters.catalog_table(catalog)

# %% [markdown]
# ## Mọi số liệu đã gắn chỉ tiêu, kèm nguồn {#sec-facts}

# %%
#| label: tbl-facts
#| tbl-cap: "Số liệu đã gắn chỉ tiêu: giá trị, phạm vi, tình trạng rà soát, dòng trong báo cáo và nguyên văn trích dẫn."
chapters.facts_table(facts, catalog, reports)

# %% [markdown]
# ## Bảng đối chiếu địa giới năm 2025 {#sec-crosswalk}
#
# Các huyện trước năm 2025 và các xã, phường thay thế từ ngày 1/7/2025 (theo dữ liệu chuyển đổi
# của thư viện `vietnamadminunits`).

# %%
#| label: tbl-crosswalk
#| tbl-cap: "Huyện cũ → tỉnh mới và các xã, phường."
chapters.crosswalk_table(crosswalk)
