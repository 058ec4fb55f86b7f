"""Definitions: every indicator in the catalogue, with its source and caveats."""

from outcomes.app import definitions, sidebar, ui

if ui.page_header("Definitions", "How is each figure defined, and where does it come from?"):
    definitions.render(sidebar.framework())
