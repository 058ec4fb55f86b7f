"""Loads and quarantine: the data analyst's view of each load and the rows it held back."""

from outcomes.app import data_quality, ui

filters = ui.page_header("Loads and quarantine", "Which files were loaded, and which rows were "
                         "held back from every figure, and why?")
if filters:
    data_quality.quarantine(rows=True)
    data_quality.loads()
