"""Care leavers: are young people supported in their transition to adulthood?"""

from outcomes import panels, topics, ui

header = ui.page_header("Care leavers' transitions", "Are care leavers supported into "
                        "adulthood: aftercare, a plan, a home, and something to do?")
if header:
    wh, status, filters = header
    topics.leavers_note(filters)
    panels.trend("aftercare_receiving_pct", filters, key="aftercare")
    topics.leavers_by_age(wh, filters)
    panels.trend("care_leavers_pathway_plan_pct", filters, key="pathway")
    panels.trend("care_leavers_homeless_pct", filters, key="homeless")
    panels.trend("care_leavers_eet_pct", filters, key="eet")
    topics.leavers_mix(wh, filters)
    panels.trend("continuing_care_pct", filters, key="continuing")
    topics.leaver_flow(wh, filters)
