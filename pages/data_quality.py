"""Data quality: improvement point 2 itself. Is the data complete, current and clean?"""

from outcomes.app import data_quality, indicator_charts, ui

filters = ui.page_header("Data quality", "Can we trust the figures: is the data complete, "
                         "current and clean, and are outcomes being measured?")
if filters:
    data_quality.completeness()
    data_quality.timeliness()
    indicator_charts.trend("wellbeing_assessed_recent_pct", filters, key="dq_measured")
    indicator_charts.breakdown("wellbeing_assessed_recent_pct", filters, "locality",
                               key="dq_loc")
    data_quality.quarantine()
