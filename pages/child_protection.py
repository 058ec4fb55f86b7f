"""Child protection: a strength to sustain."""

from outcomes.app import child_protection, indicator_charts, ui

filters = ui.page_header("Child protection", "Is our child protection response still "
                         "strong: registrations, re-registrations and time on the register?")
if filters:
    indicator_charts.trend("cp_registrations", filters, key="registrations")
    indicator_charts.trend("cp_reregistration_pct", filters, key="reregistrations")
    child_protection.on_register(filters)
    child_protection.concerns(filters)
    child_protection.time_on_register(filters)
