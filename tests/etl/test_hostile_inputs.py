"""Hostile and careless inputs: each refused or quarantined with its own plain message,
nothing loaded changed, nothing lost (issue 13's findings, one test each)."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest

from etl.privacy import strike_contacts
from tests.factories import rows, write_baseline, write_csv

HEADER = b"child_id,date_of_birth,sex,locality\n"


def _one(result, name):
    [f] = [f for f in result.files if f.file == name]
    return f


def _q(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _loaded(tmp_path, load, **tables):
    """The baseline with these tables' rows replaced, loaded: (result, warehouse)."""
    db = tmp_path / "w.duckdb"
    return load(write_baseline(tmp_path / "in", **tables), db=db), db


def _children_sheet(frame: pd.DataFrame) -> bytes:
    """A workbook whose one sheet, children, holds the frame."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as xl:
        frame.to_excel(xl, sheet_name="children", index=False)
    return buffer.getvalue()


def _with_children(tmp_path, content: bytes, name="children.csv"):
    folder = write_baseline(tmp_path / "in")
    (folder / "children.csv").unlink()
    (folder / name).write_bytes(content)
    return folder


# ---------------------------------------------------------------- text that is not what it says

def test_one_stray_windows_byte_in_a_utf8_file_refuses_it_naming_the_line(tmp_path, load):
    text = (HEADER + "C001,2008-05-14,F,Hamilton\nC002,2015-11-02,M,East Kilbride\n"
            "C003,2003-01-20,M,Clydesdale\n".encode()
            + "C004,2010-01-01,F,Hamilton Zoë said café\n".encode("utf-8")
            + "C005,2010-01-01,F,Hamilton caf".encode() + b"\xe9\n")
    result = load(_with_children(tmp_path, text))
    child = _one(result, "children.csv")
    assert child.status == "refused"
    assert "line 6" in child.message and "0xE9" in child.message and "line 5" in child.message
    assert "mixes two encodings" in child.message


def test_a_wholly_windows_1252_file_still_loads_its_accents(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    fb = rows("feedback")
    fb[0]["comment"] = "Zoë said the café was great – really"
    write_csv(folder / "feedback.csv", fb, encoding="cp1252")
    db = tmp_path / "w.duckdb"
    assert load(folder, db=db).exit_code == 0
    assert ("Zoë said the café was great – really",) in _q(db, "SELECT comment FROM feedback")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_named_as_such(tmp_path, load, encoding):
    text = (HEADER.decode() + "C001,2008-05-14,F,Hamilton\n").encode(encoding)
    child = _one(load(_with_children(tmp_path, text)), "children.csv")
    assert child.status == "refused" and "UTF-16" in child.message
    assert "CSV UTF-8" in child.message and "Expected" not in child.message


def test_a_png_named_csv_is_not_a_text_file(tmp_path, load):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    child = _one(load(_with_children(tmp_path, png)), "children.csv")
    assert child.status == "refused" and "not a text file" in child.message
    assert "PNG" in child.message and "column" not in child.message


def test_a_field_too_long_names_the_limit(tmp_path, load):
    long_row = b"C009,2010-01-01,F," + b"x" * (2 << 20) + b"\n"
    text = HEADER + b"C001,2008-05-14,F,Hamilton\n" + long_row
    child = _one(load(_with_children(tmp_path, text)), "children.csv")
    assert child.status == "refused"
    assert "longer than 1 MB at line 3" in child.message and "straddl" not in child.message


def test_duplicate_column_names_are_refused_naming_the_column(tmp_path, load):
    text = (b"child_id,date_of_birth,sex,locality,locality\n"
            b"C001,2008-05-14,F,Hamilton,Clydesdale\n")
    child = _one(load(_with_children(tmp_path, text)), "children.csv")
    assert child.status == "refused"
    assert "'locality' more than once" in child.message and "locality.1" not in child.message


def test_duplicate_column_names_in_a_workbook_are_refused(tmp_path, load):
    frame = pd.DataFrame([["C001", "2008-05-14", "F", "Hamilton", "Clydesdale"]],
                         columns=["child_id", "date_of_birth", "sex", "locality", "Locality"])
    result = load(_with_children(tmp_path, _children_sheet(frame), "kids.xlsx"))
    kids = _one(result, "kids.xlsx")
    assert kids.status == "refused" and "'locality' more than once" in kids.message


def test_a_line_of_spaces_is_a_blank_line(tmp_path, load):
    text = (HEADER + b"C001,2008-05-14,F,Hamilton\n   \n\t \r\nC002,2015-11-02,M,East Kilbride\n"
            b",,,\n\nC003,2003-01-20,M,Clydesdale\n")
    child = _one(load(_with_children(tmp_path, text)), "children.csv")
    assert child.status == "loaded" and child.rows_read == child.rows_loaded == 3


def test_a_password_protected_workbook_says_so(tmp_path, load):
    from msoffcrypto.format.ooxml import OOXMLFile
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(_children_sheet(pd.DataFrame(rows("children"))))).encrypt("secret",
                                                                                  locked)
    kids = _one(load(_with_children(tmp_path, locked.getvalue(), "kids.xlsx")), "kids.xlsx")
    assert kids.status == "refused" and "protected with a password" in kids.message


def test_an_old_xls_named_xlsx_says_what_it_is(tmp_path, load):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    kids = _one(load(_with_children(tmp_path, ole, "kids.xlsx")), "kids.xlsx")
    assert kids.status == "refused" and "Excel 97-2003 workbook (.xls)" in kids.message


def test_a_csv_named_xlsx_says_so(tmp_path, load):
    kids = _one(load(_with_children(tmp_path, HEADER, "kids.xlsx")), "kids.xlsx")
    assert kids.status == "refused" and "name it .csv" in kids.message


# ---------------------------------------------------------------- rows that are not plausible

def test_a_child_born_in_1901_is_quarantined(tmp_path, load):
    kids = rows("children")
    kids[2]["date_of_birth"] = "1901-01-01"
    result, db = _loaded(tmp_path, load, children=kids)
    assert _one(result, "children.csv").rows_quarantined == 1
    [(rule, values)] = _q(db, "SELECT rule, \"values\" FROM quarantine "
                              "WHERE table_name = 'children'")
    assert "more than 40 years before the load" in rule and "date_of_birth" in values


def test_an_excel_date_cell_with_a_time_loads_as_its_date(tmp_path, load):
    kids = pd.DataFrame(rows("children"))
    kids["date_of_birth"] = [pd.Timestamp("2015-03-04 13:05"), pd.Timestamp("2008-05-14"),
                             pd.Timestamp("2003-01-20 23:59:59")]
    db = tmp_path / "w.duckdb"
    kid = _one(load(_with_children(tmp_path, _children_sheet(kids), "kids.xlsx"), db=db),
               "kids.xlsx")
    assert kid.status == "loaded" and kid.rows_loaded == 3
    births = {d for (d,) in _q(db, "SELECT date_of_birth::VARCHAR FROM children")}
    assert births == {"2015-03-01", "2008-05-01", "2003-01-01"}       # kept to the month


def test_a_nul_byte_in_free_text_quarantines_the_row_not_the_file(tmp_path, load):
    fb = rows("feedback")
    fb[0]["comment"] = "I want to see my gran\x00 more"
    result, db = _loaded(tmp_path, load, feedback=fb)
    f = _one(result, "feedback.csv")
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (2, 1, 1)
    assert not _q(db, "SELECT 1 FROM feedback WHERE contains(comment, chr(0))")
    [(column, rule, values)] = _q(db, "SELECT column_name, rule, \"values\" FROM quarantine "
                                      "WHERE table_name = 'feedback'")
    assert column == "comment" and "control character" in rule
    assert json.loads(values)["comment"] == "I want to see my gran\x00 more"   # kept as written


def test_symlinks_and_subfolders_are_refused_by_name(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    (folder / "older").mkdir()
    write_csv(folder / "older" / "children_2018.csv", rows("children"))
    (folder / "children_link.csv").symlink_to(folder / "older" / "children_2018.csv")
    result = load(folder)
    assert "folder inside a folder" in _one(result, "older").message
    assert "symbolic link" in _one(result, "children_link.csv").message
    assert result.published and result.exit_code == 1


def test_a_killed_loads_staging_files_are_removed_and_named(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    load(folder, db=db)
    for leftover in ("w.duckdb.tmp-99999999", "w.duckdb.tmp-99999999.wal"):
        (tmp_path / leftover).write_bytes(b"half a warehouse")
    write_csv(folder / "targets.csv", [{**rows("targets")[0], "target": "61"}])
    result = load(folder, db=db)
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))
    assert result.notes == ["removed w.duckdb.tmp-99999999, left by a load that was killed",
                            "removed w.duckdb.tmp-99999999.wal, left by a load that was killed"]


# ---------------------------------------------------------------- phone numbers in children's words

PHONES = [
    "(01698) 123456", "+44 (0)7700 900123", "0044 7700 900123", "07700.900.123",
    "07700 900123", "07700900123", "+447700900123", "+44 7700 900 123", "07700-900-123",
    "0141 496 0000", "(0141) 496 0018", "020 7946 0000", "0800 123 4567", "01698 123 456",
    "0770 0900 123", "44 7700 900123", "+33 6 12 34 56 78",
]


@pytest.mark.parametrize("number", PHONES)
def test_uk_phone_numbers_are_struck_in_every_form(number):
    for said in (f"ring my mum on {number} please", f"call{number}now", f"({number})",
                 f"my number is {number}.", number):
        struck = strike_contacts(said)
        assert "[phone]" in struck, said
        assert not any(d in struck for d in ("900123", "123456", "4960000", "900 123")), struck


def test_a_number_broken_across_lines_is_struck():
    assert strike_contacts("her number is 07700\n900123 ok") == "her number is [phone] ok"
    assert strike_contacts("ring 0141 496\r\n0000") == "ring [phone]"


@pytest.mark.parametrize("said", [
    "I was born 2015-03-04 and I am 11", "I got 1234 points", "Room 12, 2019 to 2021",
    "From 2019-2020 to 2021-2022 I lived in 3 places", "£1,250 for my flat",
])
def test_dates_and_small_numbers_are_not_phone_numbers(said):
    assert strike_contacts(said) == said
