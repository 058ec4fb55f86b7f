"""Files: bad files refused whole, every encoding and form the contract names, mappings."""


import duckdb
import pandas as pd
import pytest

from etl.readers import load_mapping, read_path
from tests.factories import rows, write_baseline, write_csv


def result_for(result, file):
    return [f for f in result.files if f.file == file]


@pytest.mark.parametrize("name,content,why", [
    ("placements.csv", b"child_id\nC1\n", "does not start with a table name"),
    ("children.csv", b"", "is empty"),
    ("children.csv", b"child_id,sex\nC1,F\n", "missing required column(s): date_of_birth, locality"),
    ("children.csv", b"child_id,date_of_birth,sex,locality\n", "no data rows"),
    ("children.txt", b"child_id\nC1\n", "not a CSV file or an .xlsx workbook"),
    ("children.pdf", b"%PDF-1.4", "not a CSV file"),
    ("children.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook"),
    ("children.csv", b"child_id,date_of_birth,sex,locality\nC\x81\x8d,2010-01-01,F,Hamilton\n",
     "cannot be read as UTF-8 or Windows-1252"),
    ("children.csv", b'child_id,date_of_birth,sex,locality\n"C1,2010-01-01,F,Hamilton\n',
     "not a well-formed CSV"),
    ("children.csv", b"Child_ID,child_id,date_of_birth,sex,locality\nC1,C1,2010-01-01,F,Hamilton\n",
     "has the column 'child_id' more than once"),
])
def test_bad_files_are_refused_whole_and_the_others_still_load(tmp_path, load, name, content, why):
    folder = write_baseline(tmp_path / "in")
    (folder / "children.csv").rename(folder / "children_good.csv")
    (folder / name).write_bytes(content)
    result = load(folder)
    [bad] = result_for(result, name)
    assert bad.status == "refused" and why in bad.message and name in bad.message
    assert result.published and result.exit_code == 1
    assert all(f.status == "loaded" for f in result.files if f.file != name)


def test_nothing_published_when_every_file_is_refused(tmp_path, load):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    db = tmp_path / "warehouse.duckdb"
    result = load(tmp_path / "x.csv", db=db)
    assert not result.published and result.exit_code == 2 and not db.exists()


def test_table_is_the_longest_table_name_the_file_name_starts_with(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    (folder / "wellbeing_assessments.csv").rename(folder / "wellbeing_assessments_2026Q3.csv")
    result = load(folder)
    [f] = result_for(result, "wellbeing_assessments_2026Q3.csv")
    assert f.table == "wellbeing_assessments" and f.status == "loaded"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_every_encoding_loads_with_its_characters(tmp_path, load, encoding):
    folder = write_baseline(tmp_path / "in")
    fb = rows("feedback")
    fb[0]["comment"] = "It cost £5 – the café’s great"
    write_csv(folder / "feedback.csv", fb, encoding=encoding)
    result = load(folder)
    assert result.exit_code == 0, [f.message for f in result.files]
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT comment FROM feedback WHERE comment LIKE 'It cost%'").fetchone()[0] == \
        "It cost £5 – the café’s great"


def test_uk_dates_and_every_yes_no_spelling(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    cl = rows("care_leavers")
    cl[0].update(record_date="31/03/2020", ceased_looked_after_date="01/02/2020",
                 eligible_for_aftercare="yes", receiving_aftercare="TRUE", pathway_plan="y",
                 pathway_coordinator="1", in_touch="Yes")
    write_csv(folder / "care_leavers.csv", cl)
    assert load(folder).exit_code == 0
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    got = con.execute("SELECT record_date::VARCHAR, receiving_aftercare, pathway_coordinator FROM "
                  "care_leavers ORDER BY record_date").fetchall()
    assert got[0] == ("2020-03-31", True, True)


def test_column_names_match_case_insensitively_ignoring_spaces(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    text = (folder / "children.csv").read_text().replace("child_id,date_of_birth",
                                                        " Child_ID , DATE_OF_BIRTH")
    (folder / "children.csv").write_text(text)
    assert load(folder).exit_code == 0


def test_unknown_columns_are_not_loaded_and_are_named(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    kids = [dict(r, first_name="Secret") for r in rows("children")]
    write_csv(folder / "children.csv", kids)
    result = load(folder)
    [f] = result_for(result, "children.csv")
    assert "ignored column(s) not in the contract: first_name" in f.message
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    assert "first_name" not in [r[0] for r in con.execute("DESCRIBE children").fetchall()]


def _workbook(path, sheets: dict[str, pd.DataFrame]):
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)


def test_workbook_with_one_sheet_per_table_and_real_excel_dates(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    (folder / "improvement_actions.csv").unlink()
    (folder / "targets.csv").unlink()
    actions = pd.DataFrame(rows("improvement_actions"))
    actions["due_date"] = pd.Timestamp("2021-03-31")          # a real Excel date cell
    targets = pd.DataFrame(rows("targets"))
    targets["target"] = 60.0                                    # a number cell
    _workbook(folder / "plan.xlsx", {"improvement_actions": actions, "Targets ": targets,
                                     "Notes": pd.DataFrame({"a": [1]})})
    result = load(folder)
    plan = result_for(result, "plan.xlsx")
    assert sorted((f.table or "", f.status) for f in plan) == [
        ("", "refused"), ("improvement_actions", "loaded"), ("targets", "loaded")]
    assert "sheet 'Notes'" in next(f.message for f in plan if f.status == "refused")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT due_date::VARCHAR FROM improvement_actions").fetchone()[0] == "2021-03-31"


def test_mapping_file_renames_local_columns(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    kids = [{"Client Ref": r["child_id"], "DOB": r["date_of_birth"], "Gender": r["sex"],
             "Area Team": r["locality"]} for r in rows("children")]
    write_csv(folder / "children.csv", kids)
    (folder / "mapping.yaml").write_text(
        "children:\n  Client Ref: child_id\n  DOB: date_of_birth\n  Gender: sex\n"
        "  Area Team: locality\n")
    result = load(folder)
    assert result.exit_code == 0, [f.message for f in result.files]


def test_flat_mapping_applies_to_every_table_and_can_be_named(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    text = (folder / "care_leavers.csv").read_text().replace("child_id", "PersonID", 1)
    (folder / "care_leavers.csv").write_text(text)
    mapping = tmp_path / "local.yml"
    mapping.write_text("PersonID: child_id\n")
    assert load(folder, mapping=mapping).exit_code == 0
    assert load_mapping(mapping) == {"*": {"personid": "child_id"}}


def test_a_mapping_that_is_not_a_mapping_is_an_error(tmp_path):
    bad = tmp_path / "mapping.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ValueError, match="must map local names"):
        load_mapping(bad)


def test_readers_number_data_rows_from_one(tmp_path):
    path = write_csv(tmp_path / "children.csv", rows("children"))
    [raw] = read_path(path, {})
    assert list(raw.frame.index) == [1, 2, 3]
