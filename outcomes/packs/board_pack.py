"""The board pack: one PDF for a partnership board, from the published warehouse.

Cover (partnership, period, as-at date), contents, a one-page summary of the
inspection's points for improvement (per point: a headline, each indicator at
the inspection baseline and now, the change, the SPC verdict, the action
plan's status), one section per point with its charts and their plain-English
summaries, then the closing pages (`board_back_pages`): how we compare, the action
plan's overdue and at-risk actions, a data quality statement and the definition
of every indicator used. The page layout (A4, page numbers, Helvetica, black on
white with greys) is `layout`'s, shared with the evidence pack.

The figures are gathered once (`board_data.gather_pack_data`), from the same query
layer as the app after the same disclosure control, so a cell hidden on screen ("c")
is hidden here; the charts are drawn by `board_charts`.

The PDF is written to a temporary file beside the target and moved into place
only when complete (`os.replace`): a failure leaves no half-written file.
Everything that can go wrong with the arguments raises `PackError` with a
one-line message. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (Image, KeepTogether, PageBreak, Paragraph, Spacer, Table,
                                TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from core.catalogue import IMPROVEMENT_POINTS, POINTS, STRENGTHS
from core.settings import Settings, load_settings
from outcomes.packs.board_voice import (did_listening_change_anything, what_children_told_us,
                                        you_said_we_did)
from outcomes.packs.board_back_pages import (action_plan_page, comparison_page,
                                             data_quality_page, definitions_page)
from outcomes.packs.board_charts import CHART_KEY, render_chart_pngs, start_browser
from outcomes.packs.board_data import (RECENT_QUARTERS, PackData, gather_pack_data, headline,
                                       open_warehouse, overdue_and_at_risk, resolve_period,
                                       value_column)
from outcomes.packs.command import default_name, pack_command, parse_period, pack_bytes
from outcomes.packs.layout import (INK, LIGHT, MARKING, NOT_AVAILABLE, TEXT_W, PackError,
                                   PackFigure, PackSummary, claim_output, dataframe_table,
                                   demo_banner, fmt_cell, fmt_change, long_date, pack_styles,
                                   para, publish, table_style_commands, verdict_icons,
                                   write_pdf)
from outcomes.query import warehouse_info
from outcomes.query.filters import quarter_label
from outcomes.stats import scorecard
from outcomes.stats.scorecard import action_summary

__all__ = ["MARKING", "RECENT_QUARTERS", "PackError", "PackSummary", "board_pack_bytes",
           "build_board_pack", "default_name", "parse_period", "run_command"]


# ---------------------------------------------------------------------------------------
# The opening pages: cover, contents, summary
# ---------------------------------------------------------------------------------------

def _cover_page(data: PackData, styles, marking: str | None) -> list:
    s = data.status
    period = data.period
    story = [Spacer(1, 14 * mm),
             para("Outcomes board pack", styles["cover_title"]),
             para(s.partnership or data.settings.name, styles["cover_sub"]),
             Spacer(1, 6 * mm),
             para(f"Period: {quarter_label(period)} (the quarter ending {long_date(period)})",
                  styles["cover_sub"]),
             para(f"Data as at {long_date(s.data_as_at)}", styles["cover_sub"]),
             para(f"Compared with the inspection baseline, {quarter_label(data.baseline_q)} "
                  f"(the quarter ending {long_date(data.baseline_q)}).", styles["body"]),
             para(f"Built from the warehouse published {s.published_at.replace('T', ' ')} "
                  f"({s.loads} load{'s' if s.loads != 1 else ''}) on "
                  f"{long_date(dt.date.today())}.", styles["body"])]
    if s.demo:
        story.append(demo_banner(styles))
    story += [Spacer(1, 6 * mm)] + _how_to_read(data, styles)
    if marking:
        story.append(para(f"Handling: {marking}. For the partnership board; do not publish.",
                          styles["body"]))
    story.append(PageBreak())
    return story


def _how_to_read(data: PackData, styles) -> list:
    return [
        para("How to read this pack", styles["h3"]),
        para(f"Each point for improvement from the inspection has a section: its indicators, "
             f"each with a one-sentence summary, a statistical process control (SPC) chart from "
             f"{quarter_label(data.first)} to {quarter_label(data.period)}, and its figures for "
             f"the inspection baseline and the last {RECENT_QUARTERS} quarters. Every quarter's "
             "figures are in the inspector evidence pack. Quarters are calendar quarters; a "
             f"year is the {data.settings.year_words}.", styles["body"]),
        para("A change counts as real only when the SPC chart says so: limits at the mean "
             "± 2.66 × the mean moving range (as NHS \"Making Data Count\"); a point beyond a "
             "limit, a run of 7 on one side of the mean, a trend of 7, or 2 of 3 near a limit "
             "is a special cause. Charts need 15 quarters for a verdict.", styles["body"]),
        para(f"Disclosure control, exactly as in the dashboard: \"c\" means hidden to protect "
             f"children's privacy (counts from 1 to {data.threshold - 1}, rates on fewer than "
             f"{data.threshold} children, and any figure that would reveal one); "
             f"\"{NOT_AVAILABLE}\" means there is no figure.", styles["body"]),
    ]


def _contents_page(styles) -> list:
    """The contents list, filled in from the "h1" and "h2" headings as the PDF is laid out."""
    return [para("Contents", styles["h1_plain"]),
            TableOfContents(levelStyles=[styles["toc0"], styles["toc1"]], dotsMinLevel=0),
            PageBreak()]


def _summary_page(data: PackData, styles, number: int) -> list:
    base, now = quarter_label(data.baseline_q), quarter_label(data.period)
    story = [para(f"{number}. Summary of the points for improvement", styles["h1"]),
             para(f"Each indicator at the inspection baseline ({base}) and in {now}, the change "
                  "(percentage points for percentages), and whether its SPC chart shows real "
                  "change and, with a target, whether it will be met. \"c\": hidden to protect "
                  f"children's privacy; \"{NOT_AVAILABLE}\": no figure. The strengths to "
                  "sustain have their own sections.", styles["body"])]
    widths = [0.33 * TEXT_W, 0.11 * TEXT_W, 0.11 * TEXT_W, 0.12 * TEXT_W, 0.33 * TEXT_W]
    rows = [[para("Indicator", styles["cell_head"]), para(base, styles["cell_head_num"]),
             para(now, styles["cell_head_num"]), para("Change", styles["cell_head_num"]),
             para("Real change? (SPC)", styles["cell_head"])]]
    cmds = table_style_commands(zebra=False)
    by_point = {p: [f for f in data.figures if f.indicator.point == p] for p in POINTS}
    for point in IMPROVEMENT_POINTS:
        figs = by_point[point]
        r = len(rows)
        rows.append([Paragraph(f"<b>{escape(POINTS[point])}</b><br/>"
                               f"{escape(headline(figs))} "
                               f"{escape(action_summary(data.actions, point))}",
                               styles["cell_note"]), "", "", "", ""])
        cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), LIGHT),
                 ("LINEABOVE", (0, r), (-1, r), 1.2, INK)]
        for f in figs:
            unit = f.indicator.unit
            rows.append([para(f.indicator.title, styles["cell"]),
                         para(fmt_cell(f.baseline, unit), styles["cell_num"]),
                         para(fmt_cell(f.latest, unit), styles["cell_num"]),
                         para(fmt_change(f.change, unit), styles["cell_num"]),
                         _verdict_cell(f.status, styles)])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(cmds))
    story += [table, PageBreak()]
    return story


def _verdict_cell(status: scorecard.Status, styles):
    """The verdict in words beside its Making Data Count icons (as on screen)."""
    icons = verdict_icons(status.variation, status.assurance)
    words = para(scorecard.verdict(status), styles["cell"])
    if icons is None:
        return words
    cell = Table([[icons, words]], colWidths=[icons.width + 4, None], hAlign="LEFT")
    cell.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return cell


# ---------------------------------------------------------------------------------------
# A section per point: its indicators, charts and figures
# ---------------------------------------------------------------------------------------

def _figure_block(f: PackFigure, png: bytes | None, styles, baseline_q: dt.date) -> list:
    """One indicator: heading, its sentence, its chart, and its figures for the baseline
    and the last quarters (the same cells as its CSV in the evidence pack)."""
    ind = f.indicator
    block = [para(ind.title, styles["h2"]), para(scorecard.sentence(f.status), styles["body"])]
    if png is not None:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(png)) as im:
            w, h = im.size
        block += [Image(io.BytesIO(png), width=TEXT_W, height=TEXT_W * h / w),
                  Spacer(1, 2)]
    else:
        block.append(para("No chart: fewer than two quarters have a figure that can be shown.",
                          styles["small"]))
    shown = f.printed.drop(columns=["Quarter end"]).copy()
    shown["Quarter"] = [q + " (baseline)" if end == baseline_q.isoformat() else q
                        for q, end in zip(f.printed["Quarter"], f.printed["Quarter end"])]
    if ind.unit == "%":               # wide enough that a heading takes two lines, not three
        widths = [0.22 * TEXT_W, 0.34 * TEXT_W, 0.32 * TEXT_W, 0.12 * TEXT_W]
    else:
        widths = [0.3 * TEXT_W, 0.4 * TEXT_W]
    if len(shown):
        block += [Spacer(1, 4), dataframe_table(shown, widths, styles, set(shown.columns[1:]),
                                                {value_column(ind): ind.unit}, compact=True)]
    else:
        block.append(para("No figures for these quarters.", styles["body"]))
    if f.protected.note():
        block.append(para(f.protected.note() + ".", styles["small"]))
    return [KeepTogether(block)]


def _points(data: PackData) -> list[str]:
    """The points with an indicator for the partnership's country (England has no SHANARRI
    wellbeing: its children's houses point has none)."""
    return [p for p in (*IMPROVEMENT_POINTS, *STRENGTHS)
            if any(f.indicator.point == p for f in data.figures)]


def _point_sections(data: PackData, chart_pngs: dict[str, bytes], styles,
                    first_number: int) -> list:
    story = []
    number = first_number
    for point in _points(data):
        figs = [f for f in data.figures if f.indicator.point == point]
        kind = "Strength to sustain" if point in STRENGTHS else "Point for improvement"
        story += [para(f"{number}. {POINTS[point]}", styles["h1"]),
                  para(f"{kind}. {headline(figs)} {action_summary(data.actions, point)}",
                       styles["body"])]
        if any(f.charted for f in figs):
            story.append(para(CHART_KEY, styles["small"]))
        for f in figs:
            story += _figure_block(f, chart_pngs.get(f.id), styles, data.baseline_q)
        if point == "voice":
            story += (what_children_told_us(data, styles) + you_said_we_did(data, styles)
                      + did_listening_change_anything(data, styles))
        story.append(PageBreak())
        number += 1
    return story


# ---------------------------------------------------------------------------------------
# The whole PDF, and building it
# ---------------------------------------------------------------------------------------

def _write_pdf(data: PackData, chart_pngs: dict[str, bytes], path: Path,
               marking: str | None) -> int:
    """Lay the board pack out into the PDF at `path`; the number of pages."""
    styles = pack_styles()
    story = _cover_page(data, styles, marking)
    story += _contents_page(styles)
    story += _summary_page(data, styles, 1)
    story += _point_sections(data, chart_pngs, styles, 2)
    number = 2 + len(_points(data))
    story += comparison_page(data, styles, number)
    story += action_plan_page(data, styles, number + 1)
    story += data_quality_page(data, styles, number + 2)
    story += definitions_page(data, styles, number + 3)

    footer = (f"Outcomes board pack {quarter_label(data.period)} · data as at "
              f"{long_date(data.status.data_as_at)}"
              + (" · synthetic demo data" if data.status.demo else ""))
    return write_pdf(path, story, title=f"Outcomes board pack, {quarter_label(data.period)}",
                     author=data.status.partnership or data.settings.name,
                     subject=f"Data as at {long_date(data.status.data_as_at)}",
                     footer=footer, marking=marking)


def build_board_pack(db: Path, period: dt.date | None, out: Path, *,
                     settings: Settings | None = None,
                     marking: str | None = MARKING) -> PackSummary:
    """Write the board pack PDF for `period` (a quarter end; None: the latest) to `out`."""
    started = time.perf_counter()
    out = Path(out)
    period = parse_period(period)
    wh = open_warehouse(Path(db))            # before claiming the output: nothing to clean up
    try:
        _, chosen = resolve_period(wh, period)
        quarters_shown = len([q for q in warehouse_info.quarter_ends(wh) if q <= chosen])
    finally:
        wh.close()
    tmp = claim_output(out, "PDF file")
    try:
        if quarters_shown >= 2:           # charts are likely: start Chromium while we query
            start_browser()
        data = gather_pack_data(Path(db), period, settings)
        try:
            chart_pngs = render_chart_pngs(data)
            pages = _write_pdf(data, chart_pngs, tmp, marking)
        finally:
            data.wh.close()
        publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return PackSummary(path=out, partnership=data.status.partnership or data.settings.name,
                       period=data.period, as_at=data.status.data_as_at,
                       baseline_quarter=data.baseline_q, pages=pages,
                       seconds=time.perf_counter() - started, figures=data.figures,
                       actions=overdue_and_at_risk(data.actions), quality=data.quality,
                       demo=data.status.demo, comparison=data.comparison)


def board_pack_bytes(db: Path, period: dt.date | None = None, *,
                     settings: Settings | None = None) -> tuple[bytes, str]:
    """The PDF as bytes and a file name, for a download button."""
    return pack_bytes("board-pack", "pdf",
                      lambda out: build_board_pack(db, period, out, settings=settings))


def run_command(db: Path, period: str | None, out: Path | None, *,
                settings: Settings | None = None) -> int:
    """`outcomes board-pack`."""
    settings = settings or load_settings()
    return pack_command(
        db, period, out, "board-pack", "pdf",
        lambda when, out: build_board_pack(Path(db), when, out, settings=settings),
        lambda s: (f"Wrote {s.path} ({s.pages} pages, {s.charts} charts, "
                   f"{quarter_label(s.period)}, data as at {long_date(s.as_at)}) "
                   f"in {s.seconds:.1f} s."))
