"""Wellbeing: are children's SHANARRI scores improving?"""

from outcomes.app import indicator_charts, ui, wellbeing

filters = ui.page_header("Wellbeing", "Is the wellbeing of the children we look after "
                         "improving, and who has not been asked recently?")
if filters:
    wellbeing.wellbeing_scores(filters)
    indicator_charts.trend("wellbeing_improved_pct", filters, key="improved")
    indicator_charts.breakdown("wellbeing_improved_pct", filters, "locality", key="improved_loc")
    indicator_charts.trend("wellbeing_assessed_recent_pct", filters, key="recent")
    indicator_charts.breakdown("wellbeing_assessed_recent_pct", filters, "age_band",
                               key="recent_age")
    wellbeing.without_recent_assessment(filters)
