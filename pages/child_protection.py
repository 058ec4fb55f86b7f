"""Child protection: a strength to sustain."""

from outcomes import panels, topics, ui

header = ui.page_header("Child protection", "Is our child protection response still "
                        "strong: registrations, re-registrations and time on the register?")
if header:
    wh, status, filters = header
    panels.trend("cp_registrations", filters, key="registrations")
    panels.trend("cp_reregistration_pct", filters, key="reregistrations")
    topics.on_register(wh, filters)
    topics.concerns(wh, filters)
    topics.time_on_register(wh, filters)
