"""Did listening change anything? Children's views linked to what happened next."""

from outcomes.app import listening, ui

filters = ui.page_header("Did listening change anything?", "Do children whose views were "
                         "acted on go on to different outcomes from those whose views were "
                         "not acted on or not recorded?")
if filters:
    listening.introduction(filters)
    listening.outcome_sections(filters)
    listening.mix_table(filters)
