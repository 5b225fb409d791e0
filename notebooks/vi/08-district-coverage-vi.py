# %% [markdown]
# # Triển khai đến cấp huyện {#sec-coverage}
#
# Huyện nào đã có nội dung triển khai nào — trung tâm điều hành thông minh (IOC), tổ công nghệ
# số cộng đồng, lớp tập huấn, trạm quan trắc thí điểm — theo đúng tên gọi trong báo cáo. Huyện ở
# đây là đơn vị hành chính trước đợt sắp xếp ngày 1/7/2025 (khi cấp huyện không còn tổ chức; xem
# @sec-crosswalk để biết mỗi huyện nay thuộc đâu). Huyện mà báo cáo không nhắc đến được ghi là
# *không báo cáo*, không phải *chưa triển khai*. Nội dung được nêu như nhau cho mọi huyện thì
# chỉ nói bằng một câu; bản đồ chỉ được vẽ khi các huyện khác nhau. Từng nội dung, kèm dòng và
# trích dẫn trong báo cáo, có ở phụ lục (@sec-coverage-statements), cùng tệp CSV.

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import chapters, districts, style

style.enable(lang="vi")
coverage, reports = analysis.load_tables("coverage", "reports")

# %% [markdown]
# ## Như nhau ở mọi huyện

# %%
#| echo: false
districts.uniform_sentences(coverage, reports)

# %% [markdown]
# ## Khác nhau giữa các huyện

# %%
#| echo: false
districts.show_maps(coverage, reports)

# %%
#| echo: false
districts.silent_provinces(coverage)

# %%
#| echo: false
chapters.boundary_note()
