"""Voice: whose views are heard, and what happens to them?"""

from outcomes.app import indicator_charts, ui, voice

filters = ui.page_header("Voice and feedback", "Are we hearing from all children, acting on "
                         "what they say, and telling them what happened?")
if filters:
    indicator_charts.trend("voice_coverage_pct", filters, key="coverage")
    voice.voice_heatmap(filters)
    voice.voice_chain(filters)
    voice.views_by_service(filters)
    voice.voice_themes(filters)
    indicator_charts.own_measures("voice", filters)
