"""Care leavers: are young people supported in their transition to adulthood?"""

from core.settings import load_settings
from outcomes.app import care_leavers, indicator_charts, ui

filters = ui.page_header("Care leavers' transitions",
                         care_leavers.QUESTION[load_settings().country])
if filters:
    care_leavers.leavers_note(filters)
    indicator_charts.trend("aftercare_receiving_pct", filters, key="aftercare")
    care_leavers.leavers_by_age(filters)
    indicator_charts.trend("care_leavers_pathway_plan_pct", filters, key="pathway")
    indicator_charts.trend("care_leavers_homeless_pct", filters, key="homeless")
    indicator_charts.trend("care_leavers_eet_pct", filters, key="eet")
    care_leavers.leavers_mix(filters)
    indicator_charts.trend("continuing_care_pct", filters, key="continuing")
    care_leavers.leavers_by_last_placement(filters)
    indicator_charts.own_measures("care_leavers", filters)
