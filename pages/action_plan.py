"""Action plan: what the partnership said it would do, and how it is going."""

from outcomes.app import action_plan, sidebar, ui

filters = ui.page_header("Action plan", "Are we doing what we said we would, and is it "
                         "making a difference?")
if filters:
    action_plan.render(filters, sidebar.framework())
