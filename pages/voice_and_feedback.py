"""Voice: whose views are heard, and what happens to them?"""

from outcomes import panels, topics, ui

header = ui.page_header("Voice and feedback", "Are we hearing from all children, acting on "
                        "what they say, and telling them what happened?")
if header:
    wh, status, filters = header
    panels.trend("voice_coverage_pct", filters, key="coverage")
    topics.voice_heatmap(wh, filters)
    topics.voice_chain(filters)
    topics.views_by_service(wh, filters)
    topics.voice_themes(wh, filters)
