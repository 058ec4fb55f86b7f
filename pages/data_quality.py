"""Data quality: improvement point 2 itself. Is the data complete, current and clean?"""

from outcomes import panels, quality, ui

header = ui.page_header("Data quality", "Can we trust the figures: is the data complete, "
                        "current and clean, and are outcomes being measured?")
if header:
    wh, status, filters = header
    quality.completeness(wh)
    quality.timeliness(wh)
    panels.trend("wellbeing_assessed_recent_pct", filters, key="dq_measured")
    panels.breakdown("wellbeing_assessed_recent_pct", filters, "locality", key="dq_loc")
    quality.quarantine(wh)
    quality.loads(wh)
