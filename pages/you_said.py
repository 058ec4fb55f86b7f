"""You said, we did: what children raised most, and what was done about it."""

from outcomes.app import ui, you_said

filters = ui.page_header("You said, we did", "What did children raise most, what did we do "
                         "about it, and what is still open?")
if filters:
    you_said.year_block(filters)
    you_said.by_quarter(filters)
    you_said.examples(filters)
    you_said.plan_table(filters)
    you_said.children_pack_button(filters)
