"""Wellbeing: are children's SHANARRI scores improving?"""


from outcomes import panels, topics, ui

header = ui.page_header("Wellbeing", "Is the wellbeing of the children we look after "
                        "improving, and who has not been asked recently?")
if header:
    wh, status, filters = header
    topics.wellbeing_scores(wh, filters)
    panels.trend("wellbeing_improved_pct", filters, key="improved")
    panels.breakdown("wellbeing_improved_pct", filters, "locality", key="improved_loc")
    panels.trend("wellbeing_assessed_recent_pct", filters, key="recent")
    panels.breakdown("wellbeing_assessed_recent_pct", filters, "age_band", key="recent_age")
    topics.without_recent_assessment(wh, filters)
