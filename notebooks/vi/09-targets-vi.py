# %% [markdown]
# # Mục tiêu và tiến độ {#sec-targets}
#
# Một số báo cáo có nêu mục tiêu: phụ lục II của báo cáo Bắc Giang liệt kê các chỉ tiêu chuyển
# đổi số kèm kết quả thực hiện; báo cáo thứ nhất của An Giang nêu kế hoạch tập huấn trong năm,
# báo cáo thứ hai nêu mục tiêu đối với cơ quan nhà nước các cấp. Sách chỉ đặt một mục tiêu cạnh
# một giá trị khi cả hai cùng đo một nội dung trên cùng một tổng thể (cùng cách tính, xem
# @sec-methodology). Mục tiêu được đánh giá theo thời điểm của chính số liệu: trước thời hạn,
# một mục tiêu không bao giờ bị coi là *không đạt* — với số lượng cộng dồn trong năm, giá trị
# được đánh giá là *vượt* hay *chậm* so với tiến độ cần có tại thời điểm đó, còn tỷ lệ đã chạm
# mục tiêu được ghi là *đạt trước hạn*; sau thời hạn thì mới đánh giá *đạt* hay *không đạt*. Khi
# báo cáo không nêu thời hạn, sách coi thời hạn là cuối năm mà báo cáo đề ra mục tiêu. Mục tiêu
# về thứ hạng trong một chỉ số quốc gia, điều mà báo cáo ít khi nêu lại kết quả, được đánh giá
# theo thứ hạng đã công bố của tỉnh trong năm đến hạn (@sec-national).

# %%
#| label: setup
#| include: false
import analysis
from analysis.book import fair, goals, style

style.enable(lang="vi")
indicators, value_measures, measures, reports, national = analysis.load_tables(
    "indicators", "value_measures", "measures", "reports", "national_indices"
)
data = fair.with_measures(indicators, value_measures, measures, reports)
table = goals.with_published_ranks(goals.goal_table(data), national)

# %%
#| echo: false
goals.summary_prose(table)

# %%
#| label: tbl-targets
#| tbl-cap: "Mỗi mục tiêu đặt cạnh giá trị cùng cách tính, đánh giá theo thời điểm của chính số liệu."
goals.goals_table(table, reports)

# %% [markdown]
# Tiến độ của một số lượng cộng dồn trong năm được tính với giả định thực hiện đều trong năm
# (mục tiêu nhân với phần thời gian của năm đã qua tại thời điểm của số liệu); cách tính này
# không cho biết phần còn lại của năm có giữ được nhịp độ đó hay không. Với tỷ lệ, báo cáo không
# nêu số liệu gốc, nên trước thời hạn sách chỉ cho biết tỷ lệ đã đạt mục tiêu hay chưa.
