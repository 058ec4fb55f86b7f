import io

import pandas as pd

from outcomes.packs.exports import file_stem, neutralise, to_csv, to_xlsx


def test_cells_that_would_run_as_formulas_are_neutralised():
    frame = pd.DataFrame({"comment": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "fine"],
                          "n": [1, 2, 3, 4, 5]})
    out = neutralise(frame)
    assert list(out["comment"]) == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "fine"]
    assert list(out["n"]) == [1, 2, 3, 4, 5]
    assert frame["comment"].iloc[0].startswith("=")          # input untouched


def test_csv_has_a_bom_and_neutralised_text():
    data = to_csv(pd.DataFrame({"a": ["=1+1", "c"]}))
    assert data.startswith(b"\xef\xbb\xbf") and b"'=1+1" in data


def test_xlsx_keeps_formulas_as_text():
    data = to_xlsx(pd.DataFrame({"a": ["=1+1"]}), "sheet", ["c: hidden"])
    back = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    assert back["sheet"]["a"].iloc[0] == "'=1+1" and "notes" in back


def test_file_names_say_topic_period_and_area():
    assert file_stem("Care leavers homeless", "2019 Q1-to-2026 Q3", "South Lanarkshire") == \
        "care-leavers-homeless_2019-q1-to-2026-q3_south-lanarkshire"
