"""Definitions: every indicator in the catalogue, with its source and caveats."""

from outcomes import definitions, ui

header = ui.page_header("Definitions", "How is each figure defined, and where does it "
                        "come from?")
if header:
    definitions.render()
