"""Action plan: what the partnership said it would do, and how it is going."""

from outcomes import actionplan, ui

header = ui.page_header("Action plan", "Are we doing what we said we would, and is it "
                        "making a difference?")
if header:
    wh, status, filters = header
    actionplan.render(wh, filters)
