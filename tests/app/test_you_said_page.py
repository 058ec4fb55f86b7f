"""The 'You said, we did' page on the demo and the tiny warehouse: its sentence says the
first row of the table beside it, no count of 1-4 is shown or can be worked out from the
tables it shows, staff and children's words are plain text, and the report for children
has its button."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.apptools import shown
from tests.outcomes.test_you_said import problems

COLUMNS = {"Theme": "theme", "Quarter": "quarter", "Views raising it": "views",
           "Action recorded": "acted", "Child told the outcome": "told",
           "Still open (no action yet)": "open"}


def _tables(at) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The year's table (beside the chart) and the quarter-by-quarter one."""
    year = next(t.value for t in at.table if "Actions in the plan" in t.value.columns)
    quarters = next((t.value for t in at.table if "Quarter" in t.value.columns), None)
    return year, quarters


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    """A shown table as `problems` reads it: our column names, numbers as numbers."""
    out = frame.rename(columns=COLUMNS)[list(COLUMNS.values())].copy()
    for col in ("views", "acted", "told", "open"):
        out[col] = [v if v == "c" else int(str(v).replace(",", "")) for v in out[col]]
    return out


def test_the_page_pairs_themes_with_what_was_done(app, demo_db):
    at = app(demo_db, "you_said")
    text = shown(at)
    assert at.title[0].value == "You said, we did"
    assert "What children raised most, and what was done (2025 Q4 to 2026 Q3)" in text
    assert at.get("plotly_chart")
    year, quarters = _tables(at)
    assert year["Theme"].iloc[-1] == "All views in words" and len(year) == 9
    assert "IA-" in " ".join(year["Actions in the plan"])
    assert set(quarters["Quarter"]) == {"2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3", "Total"}
    assert "Report for children (PDF)" in str([b.proto.label for b in at.get("download_button")])
    assert "The plan's actions on these themes" in text
    assert "What was done: examples" in text and at.text      # staff words as plain text


def test_the_sentence_says_the_first_row_of_the_table_beside_it(app, demo_db):
    at = app(demo_db, "you_said")
    said = next(m.value for m in at.markdown if m.value.startswith("Children raised"))
    year, _ = _tables(at)
    first = year.iloc[0]
    numbers = re.findall(r"\((\S+) views this year\); actions were recorded for (\S+) of them "
                         r"and children were told the outcome of (\S+); (\S+) (?:is|are) "
                         r"still open", said)
    assert numbers, said
    assert list(numbers[0]) == [first["Views raising it"], first["Action recorded"],
                                first["Child told the outcome"],
                                first["Still open (no action yet)"]]
    assert first["Theme"].split(" (")[0][1:] in said


def test_the_sentence_check_can_fail(app, demo_db):
    at = app(demo_db, "you_said")
    year, _ = _tables(at)
    second = year.iloc[1]
    said = next(m.value for m in at.markdown if m.value.startswith("Children raised"))
    assert f"({second['Views raising it']} views this year)" not in said


@pytest.mark.parametrize("query", [{}, {"locality": "Clydesdale", "age": "0-4"},
                                   {"locality": "Hamilton", "disability": "Disabled"}])
def test_no_small_count_can_be_seen_or_worked_out_on_the_page(app, demo_db, query):
    at = app(demo_db, "you_said", query=query)
    _, quarters = _tables(at)
    if quarters is not None:
        assert problems(_counts(quarters)) == []


def test_everything_small_is_hidden_on_the_tiny_warehouse(app, tiny_db):
    at = app(tiny_db, "you_said")
    text = shown(at)
    assert at.title and not at.exception
    for table in at.table:
        frame = table.value
        for col in [c for c in frame.columns if c in COLUMNS and COLUMNS[c] in
                    ("views", "acted", "told", "open")]:
            assert not [v for v in frame[col].astype(str) if re.fullmatch(r"[1-4]", v)], col
    _, quarters = _tables(at) if any("Actions in the plan" in t.value.columns
                                     for t in at.table) else (None, None)
    if quarters is not None:
        assert problems(_counts(quarters)) == []
    said = [m.value for m in at.markdown if m.value.startswith("Children raised")]
    for sentence in said:
        assert not re.search(r"(?<![\d,])[1-4](?![\d,])", sentence), sentence
    assert "Synthetic demo data" in text or "No view given in words" in text or said
