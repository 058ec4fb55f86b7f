"""Corporate parenting: improvement point 1. Is the partnership, as corporate parent,
overseeing how the children it looks after are doing?"""

from outcomes.app import indicator_charts, ui

filters = ui.page_header("Corporate parenting", "As corporate parent, do we know how the "
                         "children we look after are doing: where they live, and how settled?")
if filters:
    indicator_charts.trend("lac_count", filters, key="cp_lac")
    indicator_charts.trend("lac_community_pct", filters, key="cp_community")
    indicator_charts.breakdown("lac_community_pct", filters, "age_band", key="cp_comm_age")
    indicator_charts.trend("placement_moves_pct", filters, key="cp_moves")
    indicator_charts.breakdown("placement_moves_pct", filters, "age_band", key="cp_moves_age")
    indicator_charts.own_measures("corporate_parenting", filters)
