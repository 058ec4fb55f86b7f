"""The board pack (PDF) and the inspector evidence pack (zip), read back as a reader would.

Both packs are built from the demo warehouse and from the tiny one; every check reads
the PDF's own text (pypdf) and the zip's own CSVs, so a number that differs between
them, a hidden cell that shows a count, or a definition that went missing fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pypdf = pytest.importorskip("pypdf")

from outcomes.packs import board_pack

from outcomes.packs import evidence_pack

from outcomes.draw import images  # noqa: E402
from outcomes.packs.board_pack import PackError, build_board_pack, parse_period  # noqa: E402
from core.catalogue import BY_ID, IMPROVEMENT_POINTS, POINTS, STRENGTHS, for_country  # noqa: E402
from outcomes.packs.evidence_pack import build_evidence_pack  # noqa: E402

CELL = r"(?:c|–|-?[\d,]+(?:\.\d+)?%?)(?=\s|$)(?! Q[1-4])"       # a printed cell: "c", "–", 1,234, 51.1%
ROW = re.compile(rf"(\d{{4}} Q[1-4])(?: \(baseline\))?((?: {CELL})+)")
SECTION_END = "Action plan: overdue and at-risk actions"


# --------------------------------------------------------------------------- helpers

def norm(text: str) -> str:
    """Whitespace collapsed; a line broken after a hyphen joined again."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


class Pack:
    """An evidence pack as read back: the PDF's text per page, and the zip's files."""

    def __init__(self, summary: evidence_pack.EvidenceSummary):
        self.summary = summary
        self.zip = zipfile.ZipFile(summary.path)
        self.names = set(self.zip.namelist())
        reader = pypdf.PdfReader(io.BytesIO(self.zip.read("board-pack.pdf")))
        self.pages = [norm(p.extract_text() or "") for p in reader.pages]
        self.text = " ".join(self.pages)

    def csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(self.zip.read(name)), dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")

    def segments(self) -> dict[str, str]:
        """Each figure's part of the PDF: from its summary sentence ("Title: ...") to the next."""
        ids = list(self.csv("since-the-inspection.csv")["indicator_id"])
        starts, pos = [], 0
        for ind_id in ids:
            at = self.text.find(f"{BY_ID[ind_id].title}: ", pos)
            assert at >= 0, f"no summary sentence for {ind_id} in the PDF"
            starts.append(at)
            pos = at + 1
        end = self.text.find(SECTION_END, pos)
        bounds = starts[1:] + [end if end > 0 else len(self.text)]
        return {i: self.text[s:e] for i, s, e in zip(ids, starts, bounds)}


def printed_rows(segment: str) -> dict[str, list[str]]:
    """The figure table rows printed in a segment: quarter -> its cells."""
    return {m.group(1): m.group(2).split() for m in ROW.finditer(segment)}


def same_cell(printed: str, csv_value: str) -> bool:
    if csv_value == "":
        return printed == "–"
    if csv_value == "c" or printed in ("c", "–"):
        return printed == csv_value
    return float(printed.rstrip("%").replace(",", "")) == pytest.approx(float(csv_value))


def disclosure_problems(printed: list[str], csv_row: pd.Series, columns: list[str],
                        threshold: int) -> list[str]:
    """Cells hidden in the CSV that the PDF shows, and small counts shown anywhere."""
    problems = []
    for col, cell in zip(columns, printed):
        if csv_row[col] == "c" and cell != "c":
            problems.append(f"{col}: hidden in the CSV but {cell!r} in the PDF")
        if col != "Per cent" and re.fullmatch(r"\d+", cell) and 0 < int(cell) < threshold:
            problems.append(f"{col}: a small count {cell} is printed")
    return problems


def value_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("Quarter", "Quarter end")]


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo_pack(demo_db, settings, tmp_path_factory) -> Pack:
    out = tmp_path_factory.mktemp("evidence-demo") / "evidence.zip"
    return Pack(build_evidence_pack(demo_db, out, settings=settings))


@pytest.fixture(scope="module")
def tiny_pack(tiny_db, settings, tmp_path_factory) -> Pack:
    out = tmp_path_factory.mktemp("evidence-tiny") / "evidence.zip"
    return Pack(build_evidence_pack(tiny_db, out, settings=settings))


@pytest.fixture(scope="module")
def demo_board(demo_db, settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("board-demo") / "board.pdf"
    return build_board_pack(demo_db, None, out, settings=settings)


# --------------------------------------------------------------------------- the board pack

def test_board_pack_is_a_pdf_with_a_page_per_section(demo_board):
    assert demo_board.path.read_bytes().startswith(b"%PDF-")
    reader = pypdf.PdfReader(str(demo_board.path))
    assert len(reader.pages) == demo_board.pages >= 10
    assert demo_board.period == dt.date(2026, 9, 30)
    assert demo_board.charts >= 10                        # the demo has long enough series
    assert not list(demo_board.path.parent.glob(".*.part"))
    text = norm(reader.pages[-1].extract_text())
    assert f"Page {demo_board.pages} of {demo_board.pages}" in text


def test_charts_sit_two_to_a_page(demo_board):
    """A pack a board reads before the meeting: no half-blank page under each chart."""
    reader = pypdf.PdfReader(str(demo_board.path))
    per_page = [len(page.images) for page in reader.pages if page.images]
    assert sum(per_page) == demo_board.charts and max(per_page) == 2
    # a section's first page also holds its heading and summary: one chart there
    assert len(per_page) <= demo_board.charts * 3 // 4, per_page     # was one a page
    assert demo_board.pages <= 28, demo_board.pages                  # was 35


def test_every_point_and_indicator_definition_is_in_the_pdf(demo_pack):
    for point in (*IMPROVEMENT_POINTS, *STRENGTHS):
        assert POINTS[point] in demo_pack.text, POINTS[point]
    shown = list(demo_pack.csv("since-the-inspection.csv")["indicator_id"])
    # a Scottish partnership's pack: every indicator shown in Scotland (England's DfE
    # measures are for English partnerships)
    assert sorted(shown) == sorted(i.id for i in for_country("scotland"))
    for ind_id in shown:
        definition = norm(BY_ID[ind_id].definition)
        assert definition in demo_pack.text, f"definition of {ind_id} missing"


def test_cover_says_partnership_period_and_as_at_date(demo_pack, tiny_pack, settings):
    cover = demo_pack.pages[0]
    assert settings.name in cover
    assert "Data as at 30 September 2026" in cover
    assert "2026 Q3" in cover
    assert "Data as at 30 June 2020" in tiny_pack.pages[0]
    assert "Synthetic demo data" in cover


def test_contents_list_points_to_the_right_pages(demo_pack):
    contents = demo_pack.pages[1]
    assert contents.startswith("Contents")
    headings = ["1. Summary of the points for improvement"] + [
        f"{n}. {POINTS[p]}" for n, p in enumerate((*IMPROVEMENT_POINTS, *STRENGTHS), start=2)]
    for heading in headings:
        match = re.search(rf"(\d+) {re.escape(heading)}", contents)
        assert match, f"{heading!r} not in the contents list"
        page = int(match.group(1))
        assert demo_pack.pages[page - 1].startswith(heading) or \
            heading in demo_pack.pages[page - 1], f"{heading!r} is not on page {page}"


def test_the_contents_fit_on_one_page(demo_pack):
    assert demo_pack.pages[1].startswith("Contents")
    assert demo_pack.pages[2].startswith("1. Summary of the points for improvement")


def _section(pack: Pack, start: str, end: str) -> str:
    first = next(i for i, p in enumerate(pack.pages) if p.startswith(start))
    last = next(i for i, p in enumerate(pack.pages) if p.startswith(end))
    return " ".join(pack.pages[first:last])


def test_the_data_quality_statement_says_what_was_wrong_in_plain_words(demo_pack, demo_db):
    from outcomes.query.db import Warehouse
    from outcomes.words import quality
    text = _section(demo_pack, "10. Data quality statement", "11. Definitions")
    rules = list(Warehouse(demo_db).df("SELECT DISTINCT rule FROM quarantine")["rule"])
    assert rules                                          # the demo has bad rows
    for rule in rules:                                    # never the rule as written
        assert norm(rule) not in text, rule
    assert "must be one of" not in text and "scale_max" not in text
    assert any(quality.reason(r) in text for r in rules)


def test_summary_page_matches_since_the_inspection_csv(demo_pack, tiny_pack):
    for pack in (demo_pack, tiny_pack):
        summary = " ".join(p for p in pack.pages if "Real change? (SPC)" in p)  # may run on
        since = pack.csv("since-the-inspection.csv")
        checked = 0
        for row in since.itertuples(index=False):
            if BY_ID[row.indicator_id].point not in IMPROVEMENT_POINTS:
                continue
            match = re.search(rf"{re.escape(row.indicator)} ({CELL}) ({CELL}) ", summary)
            assert match, f"{row.indicator} not in the summary table"
            assert same_cell(match.group(1), row.baseline), (row.indicator, match.group(1))
            assert same_cell(match.group(2), row.latest), (row.indicator, match.group(2))
            checked += 1
        assert checked == sum(BY_ID[i].point in IMPROVEMENT_POINTS for i in since["indicator_id"])


def test_figure_tables_in_the_pdf_equal_the_zip_csvs(demo_pack):
    segments = demo_pack.segments()
    period = demo_pack.summary.board.period.isoformat()
    base = demo_pack.summary.board.baseline_quarter.isoformat()
    for ind_id, segment in segments.items():
        frame = demo_pack.csv(f"figures/{ind_id}.csv")
        columns = value_columns(frame)
        rows = printed_rows(segment)
        upto = frame.loc[frame["Quarter end"] <= period]
        expected = set(upto["Quarter"].tail(board_pack.RECENT_QUARTERS)) | set(
            upto.loc[upto["Quarter end"] == base, "Quarter"])
        assert set(rows) == expected, ind_id
        for quarter, cells in rows.items():
            csv_row = frame.loc[frame["Quarter"] == quarter].iloc[0]
            assert len(cells) == len(columns), (ind_id, quarter, cells)
            for col, cell in zip(columns, cells):
                assert same_cell(cell, csv_row[col]), (ind_id, quarter, col, cell, csv_row[col])


def test_no_small_count_where_the_tiny_warehouse_hides_one(tiny_pack, settings):
    threshold = settings.disclosure_threshold
    hidden_checked = rows_checked = 0
    for ind_id, segment in tiny_pack.segments().items():
        frame = tiny_pack.csv(f"figures/{ind_id}.csv")
        columns = value_columns(frame)
        for quarter, cells in printed_rows(segment).items():
            csv_row = frame.loc[frame["Quarter"] == quarter].iloc[0]
            assert len(cells) == len(columns), (ind_id, quarter, cells)
            assert disclosure_problems(cells, csv_row, columns, threshold) == [], (ind_id, quarter)
            hidden_checked += sum(csv_row[c] == "c" for c in columns)
            rows_checked += 1
    assert rows_checked > 10 and hidden_checked > 10     # the tiny warehouse hides a lot
    # and nowhere in the zip's figure data is a count from 1 to threshold - 1
    for name in tiny_pack.names:
        if name.startswith("figures/"):
            frame = tiny_pack.csv(name)
            for col in value_columns(frame):
                if col != "Per cent":
                    small = frame[col].map(lambda v: v.isdigit() and 0 < int(v) < threshold)
                    assert not small.any(), (name, col)


def test_the_disclosure_check_can_fail():
    row = pd.Series({"Quarter": "2020 Q1", "Numerator": "c", "Denominator": "7",
                     "Per cent": "c"})
    cols = ["Numerator", "Denominator", "Per cent"]
    assert disclosure_problems(["c", "7", "c"], row, cols, 5) == []
    assert disclosure_problems(["3", "7", "c"], row, cols, 5)          # hidden cell shown
    assert disclosure_problems(["c", "4", "c"], row, cols, 5)          # small count shown
    assert printed_rows("2020 Q1 c 7 c 2020 Q2 3 9 33.3%") == {
        "2020 Q1": ["c", "7", "c"], "2020 Q2": ["3", "9", "33.3%"]}


# --------------------------------------------------------------------------- the evidence pack

def test_evidence_pack_holds_data_definition_and_provenance_per_figure(demo_pack, demo_db):
    ids = list(demo_pack.csv("since-the-inspection.csv")["indicator_id"])
    for ind_id in ids:
        assert f"figures/{ind_id}.csv" in demo_pack.names
        assert f"definitions/{ind_id}.txt" in demo_pack.names
        text = demo_pack.zip.read(f"definitions/{ind_id}.txt").decode()
        assert BY_ID[ind_id].definition in text
    for name in ("README.txt", "board-pack.pdf", "provenance.csv", "definitions.csv",
                 "since-the-inspection.csv", "tables/action-plan-overdue-and-at-risk.csv"):
        assert name in demo_pack.names
    readme = demo_pack.zip.read("README.txt").decode()
    assert "Disclosure control" in readme and '"c"' in readme

    prov = demo_pack.csv("provenance.csv")
    assert set(prov["indicator_id"]) == set(ids)
    for ind_id in ids:
        mine = prov.loc[prov["indicator_id"] == ind_id]
        assert set(mine["source_table"]) == set(BY_ID[ind_id].sources)
    assert (prov["sha256"].str.len() == 64).all() and (prov["loaded_at"] != "").all()
    from core.connection import connect      # same configuration as the app's connections
    con = connect(demo_db, read_only=True)
    audit = con.execute("SELECT file, table_name, load_id, rows_read, rows_quarantined "
                        "FROM file_audit").df()
    con.close()
    for r in prov.itertuples(index=False):
        a = audit.loc[(audit["file"] == r.file) & (audit["table_name"] == r.source_table)
                      & (audit["load_id"] == int(r.load_id))].iloc[0]
        assert int(r.rows_quarantined) == a["rows_quarantined"], r
        assert int(r.rows_in_warehouse) + int(r.rows_quarantined) <= a["rows_read"], r
    assert (prov["rows_quarantined"].astype(int) > 0).any()     # the demo has bad rows


def test_since_the_inspection_is_protected_on_the_tiny_warehouse(tiny_pack, settings):
    since = tiny_pack.csv("since-the-inspection.csv")
    for col in ("baseline", "latest"):
        for v in since[col]:
            assert v in ("", "c") or float(v) == 0 or float(v) >= settings.disclosure_threshold \
                or "." in v, (col, v)
    assert (since["latest"] == "c").sum() >= 5


def test_evidence_pack_pdf_is_the_board_pack(demo_pack, demo_board):
    assert demo_pack.summary.board.pages == demo_board.pages
    assert len(demo_pack.pages) == demo_board.pages


# --------------------------------------------------------------------------- bad arguments

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_unknown_period_is_one_line_and_writes_nothing(demo_db, tmp_path):
    out = tmp_path / "board.pdf"
    with pytest.raises(PackError) as err:
        build_board_pack(demo_db, dt.date(2026, 8, 31), out)
    assert "unknown period 2026-08-31" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(PackError):
        build_evidence_pack(demo_db, tmp_path / "e.zip", period=dt.date(2031, 3, 31))
    assert _leftovers(tmp_path) == []


def test_period_text_forms():
    assert parse_period("2026Q3") == parse_period("2026 Q3") == dt.date(2026, 9, 30)
    assert parse_period("2019-q4") == dt.date(2019, 12, 31)
    assert parse_period("2026-06-30") == dt.date(2026, 6, 30)
    assert parse_period(None) is None
    for bad in ("2026Q5", "last quarter", "30/09/2026"):
        with pytest.raises(PackError):
            parse_period(bad)


def test_missing_warehouse(tmp_path):
    with pytest.raises(PackError, match="no warehouse at"):
        build_board_pack(tmp_path / "nope.duckdb", None, tmp_path / "board.pdf")
    with pytest.raises(PackError, match="no warehouse at"):
        build_evidence_pack(tmp_path / "nope.duckdb", tmp_path / "e.zip")
    not_duckdb = tmp_path / "junk.duckdb"
    not_duckdb.write_text("not a database")
    with pytest.raises(PackError, match="cannot read the warehouse"):
        build_board_pack(not_duckdb, None, tmp_path / "board.pdf")
    assert _leftovers(tmp_path) == ["junk.duckdb"]


def test_unwritable_output(demo_db, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for out in (tmp_path / "no-such-folder" / "board.pdf", a_file / "board.pdf", tmp_path):
        with pytest.raises(PackError, match="cannot write") as err:
            build_board_pack(demo_db, None, out)
        assert "\n" not in str(err.value)
    with pytest.raises(PackError, match="cannot write"):
        build_evidence_pack(demo_db, tmp_path / "missing" / "e.zip")
    assert _leftovers(tmp_path) == ["a-file"]


def test_a_failure_half_way_leaves_no_file(tiny_db, tmp_path, monkeypatch):
    def broken(data, charts, path, marking):
        Path(path).write_bytes(b"%PDF-1.4 half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(board_pack, "_write_pdf", broken)
    with pytest.raises(RuntimeError):
        build_board_pack(tiny_db, None, tmp_path / "board.pdf")
    with pytest.raises(RuntimeError):
        build_evidence_pack(tiny_db, tmp_path / "e.zip")
    assert _leftovers(tmp_path) == []


def test_a_failed_rebuild_keeps_the_previous_pack(tiny_db, tmp_path, monkeypatch):
    out = tmp_path / "e.zip"
    build_evidence_pack(tiny_db, out)
    before = out.read_bytes()

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(evidence_pack, "provenance", broken)
    with pytest.raises(OSError):
        build_evidence_pack(tiny_db, out)
    assert out.read_bytes() == before and _leftovers(tmp_path) == ["e.zip"]


def test_commands_print_one_line_and_exit_non_zero(demo_db, tiny_db, tmp_path, capsys):
    assert board_pack.run_command(demo_db, "2026-08-31", tmp_path / "b.pdf") == 2
    assert evidence_pack.run_command(tmp_path / "none.duckdb", tmp_path / "e.zip") == 2
    assert board_pack.run_command(demo_db, "not a quarter", None) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err)
    assert board_pack.run_command(tiny_db, None, tmp_path / "b.pdf") == 0
    assert "Wrote" in capsys.readouterr().out and (tmp_path / "b.pdf").exists()


# --------------------------------------------------------------------------- offline charts

def test_chart_page_loads_nothing_from_the_network():
    html = images.page_generator().generate_index()
    assert "http://" not in html and "https://" not in html
    assert "mathjax" not in html.lower()
    assert images.PLOTLY_JS.is_file()


def test_a_missing_browser_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(images.ChartRenderError, match="BROWSER_PATH"):
        images.browser_path()


# --------------------------------------------------------------------------- comparison page

@pytest.fixture(scope="module")
def compare_pack(compare_db, settings, tmp_path_factory) -> Pack:
    out = tmp_path_factory.mktemp("evidence-compare") / "evidence.zip"
    return Pack(build_evidence_pack(compare_db, out, settings=settings))


def test_board_pack_compares_with_the_published_figures(compare_pack):
    page = next(p for p in compare_pack.pages
                if "How we compare" in p and "Family group" in p)
    # LGBF 2019-20 for South Lanarkshire, ScotPHO 2021: the published values
    assert "CHN9: % looked after in the community 2019-20 90.5" in page
    # CHN23: within the limits allowing for over-dispersion, as the page draws them by
    # default (exact limits would put it below 99.8%: tests/app/test_compare.py)
    assert "12.0 19.7 16.7 3 of 32 within the limits" in page
    assert "allow for over-dispersion" in page
    assert "aged 0-17 (ScotPHO) 2021 (July) 12.0" in page
    assert "registered care homes for children graded good (4) or better" in page
    assert "Grading history: of" in page
    table = compare_pack.csv("tables/how-we-compare.csv")
    chn23 = table[table["Indicator"].str.startswith("CHN23")].iloc[0]
    assert chn23["South Lanarkshire"] == "12.0" and chn23["Rank (1 best)"] == "3 of 32"
    assert chn23["Against Scotland (funnel)"] == "within"          # the adjusted limits, as on screen


def test_board_pack_without_comparators_says_how_to_add_them(demo_pack):
    assert "How we compare No published comparators are loaded for South Lanarkshire" in \
        demo_pack.text
    assert "tables/how-we-compare.csv" not in demo_pack.names


def test_each_points_headline_counts_the_verdicts_printed_for_it(demo_pack, tiny_pack):
    """The pack never says "better" where the chart says "no significant change": each
    point's headline counts its indicators' SPC verdicts, in the verdicts' own words."""
    for pack in (demo_pack, tiny_pack):
        since = pack.csv("since-the-inspection.csv")
        assert "better_or_worse" not in since.columns
        assert "Since the inspection:" not in pack.text
        summary = " ".join(p for p in pack.pages if "Real change? (SPC)" in p)  # may run on
        headings = re.findall(r"The charts: ([^.;]+)", summary)
        assert len(headings) == len(IMPROVEMENT_POINTS)
        for point, heading in zip(IMPROVEMENT_POINTS, headings):
            mine = since.loc[[BY_ID[i].point == point for i in since["indicator_id"]]]
            words = mine["spc_verdict"].str.split(";").str[0].str.lower().replace(
                {"too few quarters to judge": "not yet judged",
                 "no figure to judge": "not yet judged"})
            got = {w: int(n) for n, w in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", heading)}
            assert got == {w: int(n) for w, n in words.value_counts().items()}, (point, heading)


def test_the_evidence_pack_carries_the_limits_and_rules_behind_every_verdict(demo_pack):
    """An inspector can reproduce a verdict: each figure's process, mean, limits and rules
    fired, and the process changes the partnership declared, are in the zip."""
    since = demo_pack.csv("since-the-inspection.csv")
    changes = demo_pack.csv("process-changes.csv")
    assert "Improvement plan after the joint inspection began" in set(changes["reason"])
    for ind_id in since["indicator_id"]:
        spc = demo_pack.csv(f"spc/{ind_id}.csv")
        figure = demo_pack.csv(f"figures/{ind_id}.csv")
        assert list(spc["quarter_end"]) == list(figure["Quarter end"])
        assert {"mean", "lower_limit", "upper_limit", "rules", "process"} <= set(spc.columns)
    voice = demo_pack.csv("spc/voice_coverage_pct.csv")
    assert voice["process"].nunique() == 2                # the declared change, and only it
    first_new = voice.loc[voice["process"] == "1", "quarter_end"].iloc[0]
    assert first_new == "2020-06-30"
    homeless = demo_pack.csv("spc/care_leavers_homeless_pct.csv")
    assert homeless["process"].nunique() == 1            # nothing declared: never rebased


def test_the_summary_carries_the_verdict_icons():
    """Making Data Count's icons in print: a shape and a letter per verdict, as on screen."""
    from outcomes.packs.layout import verdict_icons
    assert verdict_icons(None, None) is None
    improving = verdict_icons("improvement_high", "pass")
    worse = verdict_icons("concern_low", None)
    letters = lambda d: [s.text for s in d.contents if hasattr(s, "text")]   # noqa: E731
    assert letters(improving) == ["H", "P"] and letters(worse) == ["L"]
    ring = [c for c in worse.contents if hasattr(c, "r")][0]
    dot = [c for c in improving.contents if hasattr(c, "r")][0]
    assert ring.strokeWidth > dot.strokeWidth                  # open ring against filled dot


def test_the_pack_says_what_children_told_us_with_consented_words_only(demo_pack, demo_db):
    from outcomes.query.db import Warehouse
    from outcomes.words import themes
    text = _section(demo_pack, "5. Hearing and acting on children's voices",
                    "6. Child protection")
    assert "What children told us" in text
    assert re.search(r"Where I live \(placements, moves and carers\) [\d,]+ \d+\.\d%", text)
    assert "What was done with what they said" in text
    said = list(Warehouse(demo_db).df("SELECT comment, can_quote FROM fact_feedback "
                                      "WHERE comment IS NOT NULL").itertuples(index=False))
    quoted = [c for c, ok in said if ok and norm(themes.safe_quote(c)) in text]
    assert quoted                                          # consented words are there
    never = {c for c, ok in said if not ok} - {c for c, ok in said if ok}
    assert not [c for c in never if norm(c) in text]       # the others never


def test_the_board_pack_says_you_said_we_did_as_the_page_does(demo_board, demo_db, settings):
    from outcomes.query.db import Warehouse
    from outcomes.query.filters import Filters
    from outcomes.query.you_said import sentence, you_said
    reader = pypdf.PdfReader(str(demo_board.path))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    wh = Warehouse(demo_db)
    try:
        d = you_said(wh, Filters(start=demo_board.period, end=demo_board.period),
                     settings.disclosure_threshold)
    finally:
        wh.close()
    assert "You said, we did" in text and sentence(d.year()) in text
    assert demo_board.pages <= 28


# --------------------------------------------------------------------------- did listening change anything?

LISTENING_END = "6. Child protection"
LISTENING_ROW = re.compile(r"(View acted on|View not acted on|No view recorded|All children) "
                           r"(c|–|[\d,]+) (c|–|[\d.]+) (c|–|[\d.]+ to [\d.]+) (c|–|[\d.]+) "
                           r"(c|–|[\d.]+ to [\d.]+)")


def _listening_section(text: str) -> str:
    start = text.find("Did listening change anything? Children looked after")
    assert start >= 0, "no 'Did listening change anything?' section in the pack"
    return text[start:text.find(LISTENING_END, start)]


def _small_counts(section: str, threshold: int) -> list[str]:
    """Whole numbers from 1 to threshold - 1 printed in the section (not a date, a
    quarter, a number of months, a percentage or a decimal)."""
    bare = re.sub(r"\d{1,2} [A-Z][a-z]+ \d{4}|\d{4} Q[1-4]|\d+ months", " ", section)
    return [n for n in re.findall(r"(?<![\d.,])\d+(?![\d.,%])", bare)
            if 0 < int(n) < threshold]


def test_the_board_pack_says_did_listening_change_anything_as_the_page_does(
        demo_board, demo_db, settings, monkeypatch):
    """The pack's part for its quarter holds the page's figures for the same 'To quarter'
    (AppTest of the page on the demo warehouse), its summary sentences and its words on
    association, and no count of 1-4."""
    from tests.apptools import app_factory
    from outcomes.words import listening as words
    at = app_factory(monkeypatch)(demo_db, "listening_outcomes")
    reader = pypdf.PdfReader(str(demo_board.path))
    section = _listening_section(norm(" ".join(p.extract_text() for p in reader.pages)))
    assert words.ASSOCIATION in section
    printed = {(m.group(1), m.group(2)): m.groups()[2:] for m in LISTENING_ROW.finditer(section)}
    titles = [s.value for s in at.subheader if s.value in words.OUTCOME_TITLES.values()]
    checked = 0
    for title, table in zip(titles, at.table):       # one table per outcome, in order
        frame = table.value.astype(str)
        assert title in section, title
        for row in frame.loc[frame["Months after"] == "12"].itertuples(index=False):
            r = dict(zip(frame.columns, row))
            children = r["Children"] if r["Children"] == "c" else f"{int(r['Children']):,}"
            assert (r["Group"], children) in printed, (title, r)
            assert printed[(r["Group"], children)] == (
                r["Per cent as recorded"] or "–", r["95% interval"] or "–",
                r["Per cent adjusted"] or "–", r["95% interval (adjusted)"] or "–"), (title, r)
            checked += 1
    assert checked == len(printed) >= 16                # every row printed is the page's
    summaries = [m.value for m in at.markdown if m.value.startswith("Within 12 months,")]
    assert len(summaries) == len(titles)
    for s in summaries:                     # the page's sentence; the pack says association once
        assert norm(s.removesuffix(" " + words.ASSOCIATION)) in section, s
    assert not _small_counts(section, settings.disclosure_threshold)
    assert demo_board.pages <= 28


def test_the_board_packs_listening_part_shows_no_small_count(tiny_pack, settings):
    section = _listening_section(tiny_pack.text)
    assert "c" in LISTENING_ROW.findall(section)[0]         # the tiny warehouse hides a lot
    assert not _small_counts(section, settings.disclosure_threshold)


def test_the_small_count_check_can_fail():
    assert _small_counts("1 October 2024 (2025 Q3) 12 months View acted on 3 c 95% 4.5", 5) == ["3"]
