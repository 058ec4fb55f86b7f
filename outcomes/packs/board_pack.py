"""The board pack: one PDF for a partnership board, from the published warehouse.

Cover (partnership, period, as-at date), contents, a one-page summary of the
inspection's points for improvement (per point: a headline, each indicator at
the inspection baseline and now, the change, the SPC verdict, the action
plan's status), one section per point with its charts and their plain-English
summaries, the action plan's overdue and at-risk actions, a data quality
statement and the definition of every indicator used. A4, page numbers,
Helvetica (built into every PDF reader: nothing is downloaded), black on
white with greys, so it reads on a projector and printed in greyscale.

Every figure comes from the same query layer as the app, after the same
disclosure control (`outcomes.series.indicator_series` with the settings'
threshold, over the whole run of quarters to the chosen one, as the overview
does), so a cell hidden on screen ("c") is hidden here.

The PDF is written to a temporary file beside the target and moved into place
only when complete (`os.replace`): a failure leaves no half-written file.
Everything that can go wrong with the arguments raises `PackError` with a
one-line message. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Frame, Image, KeepTogether, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from core.settings import Settings, load_settings
from outcomes.query import comparators
from outcomes.draw import charts
from outcomes.query import action_plan
from outcomes.query import data_quality
from outcomes.query import warehouse_info
from outcomes.stats import scorecard
from outcomes.query import indicators
from core.catalogue import (BY_ID, IMPROVEMENT_POINTS, POINTS, STRENGTHS, Indicator,
                                definition_fields, for_point)
from outcomes.query.db import NoWarehouseYet, Warehouse
from outcomes.query.disclosure import Protected
from outcomes.query.filters import Filters, quarter_label
from outcomes.stats.scorecard import action_summary
from outcomes.words.labels import ASSURANCE_WORDS, DEMO_BANNER, STATUS_WORDS, TABLE_LABELS, VARIATION_LABEL

MARKING = "OFFICIAL-SENSITIVE"
CHART_HEIGHT = 400           # CSS pixels, 780 wide: the chart spans the text width
RECENT_QUARTERS = 8          # quarters printed under each chart (plus the baseline)
NOT_AVAILABLE = "–"          # printed for "no figure" (not hidden: there is none)



class PackError(Exception):
    """A board or evidence pack cannot be built: the message is one line for the user."""


# ---------------------------------------------------------------------------------------
# The figures: computed once, used by the PDF and by the evidence pack
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PackFigure:
    """One indicator as the pack shows it."""
    indicator: Indicator
    protected: Protected          # the protected series, first quarter to the period
    status: scorecard.Status      # as the overview computes it
    target: float | None
    table: pd.DataFrame           # the whole series as text-ready cells ("c" hidden): the CSV
    printed: pd.DataFrame         # the rows of `table` printed under the chart
    baseline: object              # the cell at the baseline quarter: number, "c" or ""
    latest: object                # the cell at the period: number, "c" or ""
    change: float | int | None    # latest - baseline when both are shown
    charted: bool                 # a chart was drawn (two or more visible quarters)

    @property
    def id(self) -> str:
        return self.indicator.id


@dataclass
class PackSummary:
    path: Path
    partnership: str
    period: dt.date
    as_at: dt.date | None
    baseline_quarter: dt.date
    pages: int
    seconds: float
    figures: list[PackFigure] = field(default_factory=list)
    actions: pd.DataFrame | None = None        # overdue and at-risk actions, as printed
    quality: dict[str, pd.DataFrame] = field(default_factory=dict)   # the data quality tables
    demo: bool = False
    comparison: pd.DataFrame | None = None     # published comparators, as printed

    @property
    def charts(self) -> int:
        return sum(f.charted for f in self.figures)


@dataclass
class _Data:
    wh: Warehouse
    settings: Settings
    status: warehouse_info.WarehouseStatus
    period: dt.date
    first: dt.date
    baseline_q: dt.date
    threshold: int
    figures: list[PackFigure]
    actions: pd.DataFrame
    quality: dict[str, pd.DataFrame]
    comparison: pd.DataFrame
    care_homes: str                           # the Care Inspectorate sentence, or ""
    grades: tuple[int, int]                   # homes with a grading history, weak at latest


def parse_period(text: str | dt.date | None) -> dt.date | None:
    """A quarter from the command line: a quarter end date (2026-09-30) or 2026Q3 / 2026 Q3."""
    if text is None or isinstance(text, dt.date):
        return text
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{4})\s*[-/ ]?\s*[Qq]([1-4])", cleaned)
    if match:
        year, q = int(match.group(1)), int(match.group(2))
        return (dt.date(year, 3 * q, 1) + dt.timedelta(days=32)).replace(day=1) \
            - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise PackError(f"not a quarter: {text!r} (give a quarter end such as 2026-09-30, "
                        "or 2026Q3)") from None


def long_date(d: dt.date | None) -> str:
    """30 September 2026 (no leading zero): how the pack writes dates."""
    return f"{d.day} {d:%B %Y}" if d else "unknown"


def open_warehouse(db: Path) -> Warehouse:
    db = Path(db)
    if not db.is_file():
        raise PackError(f"no warehouse at {db}" + (" (it is a folder)" if db.is_dir() else ""))
    wh = Warehouse(db)
    try:
        wh.df("SELECT 1 FROM data_as_at LIMIT 1")
    except NoWarehouseYet as exc:
        raise PackError(f"no warehouse at {db}") from exc
    except Exception as exc:  # noqa: BLE001 - duckdb raises many kinds
        wh.close()
        raise PackError(f"cannot read the warehouse {db}: {_one_line(exc)}") from exc
    return wh


def resolve_period(wh: Warehouse, period: dt.date | None) -> tuple[list[dt.date], dt.date]:
    """The warehouse's quarter ends and the chosen one (default: the latest)."""
    quarters = warehouse_info.quarter_ends(wh)
    if not quarters:
        raise PackError(f"the warehouse {wh.path} has no quarters yet (no records loaded)")
    if period is None:
        return quarters, quarters[-1]
    if period not in quarters:
        raise PackError(f"unknown period {period.isoformat()}: the warehouse has quarters ending "
                        f"{quarters[0].isoformat()} to {quarters[-1].isoformat()}")
    return quarters, period


def _one_line(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:300]


def _is_number(v) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool) and not (
        isinstance(v, float) and math.isnan(v))


def _plain(v, rate: bool = False):
    """A display cell as a plain Python value: "c", "" (no figure), an int for a count, or a
    float with one decimal for a rate (and for a count that is not whole)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, str):
        return v
    if _is_number(v):
        f = float(v)
        return int(f) if f.is_integer() and not rate else round(f, 1)
    return v


def figure_table(ind: Indicator, protected: Protected) -> pd.DataFrame:
    """The protected series with plain column names (as the app's tables): the CSV."""
    display = protected.display()
    out = pd.DataFrame({
        "Quarter": [quarter_label(d) for d in display["period_end"]],
        "Quarter end": [d.isoformat() for d in display["period_end"]],
    })
    if ind.unit == "%":
        out[ind.numerator] = [_plain(v) for v in display["numerator"]]
        out[ind.denominator] = [_plain(v) for v in display["denominator"]]
        out["Per cent"] = [_plain(v, rate=True) for v in display["value"]]
    else:
        out[ind.title] = [_plain(v) for v in display["value"]]
    return out


def value_column(ind: Indicator) -> str:
    return "Per cent" if ind.unit == "%" else ind.title


def _cell_at(table: pd.DataFrame, ind: Indicator, quarter: dt.date):
    rows = table.loc[table["Quarter end"] == quarter.isoformat(), value_column(ind)]
    return rows.iloc[0] if len(rows) else ""


def _figure(wh, ind: Indicator, filters: Filters, threshold: int, settings: Settings,
            targets: pd.DataFrame, period: dt.date, baseline_q: dt.date) -> PackFigure:
    protected = indicators.indicator_series(wh, ind.id, filters, threshold)
    target = scorecard.target_of(targets, ind.id)
    status = scorecard.status(ind.id, protected, settings.baseline_date, target)
    table = figure_table(ind, protected)
    base_cell, latest_cell = _cell_at(table, ind, baseline_q), _cell_at(table, ind, period)
    change = (latest_cell - base_cell
              if _is_number(latest_cell) and _is_number(base_cell) else None)
    ends = table["Quarter end"]
    recent = table.loc[ends <= period.isoformat()].tail(RECENT_QUARTERS)
    base_row = table.loc[(ends == baseline_q.isoformat()) & ~table.index.isin(recent.index)]
    printed = pd.concat([base_row, recent])
    visible = int(protected.data["value"].notna().sum())
    if isinstance(change, float):
        change = round(change, 1)
    return PackFigure(ind, protected, status, target, table, printed, base_cell, latest_cell,
                      change, charted=visible >= 2)


def _gather(db: Path, period: dt.date | None, settings: Settings | None) -> _Data:
    """Every figure, the action plan and the data quality tables (the caller closes data.wh)."""
    settings = settings or load_settings()
    wh = open_warehouse(db)
    try:
        status = warehouse_info.status(wh)
        if status.period_end is None:
            raise PackError(f"the warehouse {db} has no records loaded yet")
        quarters, period = resolve_period(wh, period)
        threshold = settings.disclosure_threshold
        baseline_q = scorecard.baseline_quarter(settings.baseline_date)
        filters = Filters(start=quarters[0], end=period)
        targets = action_plan.targets(wh)
        figs = [_figure(wh, ind, filters, threshold, settings, targets, period, baseline_q)
                for point in (*IMPROVEMENT_POINTS, *STRENGTHS) for ind in for_point(point)]
        actions = action_plan.actions(wh)
        quality = {
            "completeness": data_quality.completeness(wh),
            "timeliness": data_quality.timeliness(wh),
            "quarantine_by_rule": data_quality.quarantine_by_rule(wh),
            "load_history": data_quality.load_history(wh),
            "table_rows": data_quality.table_rows(wh),
        }
        council = settings.council
        comparison = comparators.summary_table(wh, council)
        care_homes = comparators.care_homes_summary(wh, council)
        grades = comparators.latest_grades(wh, council)
    except BaseException:
        wh.close()
        raise
    return _Data(wh, settings, status, period, quarters[0], baseline_q, threshold, figs,
                 actions, quality, comparison, care_homes, grades)


# ---------------------------------------------------------------------------------------
# Words shared by the PDF and the evidence pack
# ---------------------------------------------------------------------------------------

def fmt_cell(value, unit: str = "count") -> str:
    """A table cell as printed: "c" stays "c", no figure is "–", % with one decimal."""
    value = _plain(value)
    if value == "":
        return NOT_AVAILABLE
    if isinstance(value, str):
        return value
    if unit == "%":
        return f"{value:.1f}%"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}"


def fmt_change(change: float | None, unit: str) -> str:
    if change is None:
        return NOT_AVAILABLE
    if abs(change) < 0.05:
        return "no change"
    sign = "+" if change > 0 else "-"
    if unit == "%":
        return f"{sign}{abs(change):.1f} pts"
    return f"{sign}{abs(change):,.0f}" if float(change).is_integer() \
        else f"{sign}{abs(change):,.1f}"


def judged(fig: PackFigure) -> str:
    """'better', 'worse' or '' for the change shown in the summary."""
    if fig.change is None or abs(fig.change) < 0.05 or fig.indicator.better == "neither":
        return ""
    return "better" if (fig.change > 0) == (fig.indicator.better == "higher") else "worse"


def verdict(fig: PackFigure) -> str:
    s = fig.status
    if s.variation is None:
        words = ("Too few quarters to judge" if s.points else "No figure to judge")
    else:
        words = VARIATION_LABEL[s.variation]
    if s.assurance:
        words += f"; target {ASSURANCE_WORDS[s.assurance]}"
    return words




def headline(figs: list[PackFigure]) -> str:
    """One sentence per point: how many indicators are better, and how many really changed."""
    directed = [f for f in figs if f.indicator.better != "neither"]
    shown = [f for f in directed if f.change is not None]
    better = sum(judged(f) == "better" for f in shown)
    worse = sum(judged(f) == "worse" for f in shown)
    improving = sum(bool(f.status.variation and f.status.variation.startswith("improvement"))
                    for f in figs)
    concern = sum(bool(f.status.variation and f.status.variation.startswith("concern"))
                  for f in figs)
    n = len(directed)
    if not directed:
        text = "Since the inspection: no indicator here has a better direction."
    elif not shown:
        text = f"Since the inspection: none of the {n} indicators can be compared."
    else:
        text = f"Since the inspection: {better} of {n} better, {_count(worse, 'worse')}"
        if len(shown) < n:
            text += f" ({n - len(shown)} cannot be compared)"
        text += "."
    text += (f" Real change on the charts: {_count(improving, 'improving')}, "
             f"{_count(concern, 'a concern')}.")
    return text


def _count(n: int, what: str) -> str:
    return f"none {what}" if n == 0 else f"{n} {what}"


def overdue_and_at_risk(actions: pd.DataFrame) -> pd.DataFrame:
    keep = actions["overdue"].fillna(False).astype(bool) | actions["status"].isin(
        ["at_risk", "off_track"])
    shown = actions.loc[keep]
    return pd.DataFrame({
        "Action": shown["action"].astype(str),
        "Point": shown["improvement_point"].map(lambda p: POINTS.get(p, p)),
        "Owner": shown["owner"].astype(str),
        "Due": shown["due_date"].map(lambda d: pd.Timestamp(d).date().isoformat()
                                     if pd.notna(d) else ""),
        "Status": shown["status"].map(lambda s: STATUS_WORDS.get(s, s).capitalize()),
        "Overdue": shown["overdue"].map(lambda o: "Overdue" if o else ""),
    }).reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 20 * mm, 20 * mm
TEXT_W = PAGE_W - 2 * MARGIN_X
INK, GREY, LIGHT, RULE = (colors.black, colors.HexColor("#404040"), colors.HexColor("#ececec"),
                          colors.HexColor("#9a9a9a"))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=11.5, leading=15.5,
                          textColor=INK, spaceAfter=6)
    s = {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=10, leading=13, textColor=GREY),
        "cover_title": ParagraphStyle("cover_title", parent=body, fontName="Helvetica-Bold",
                                      fontSize=30, leading=36, spaceAfter=14),
        "cover_sub": ParagraphStyle("cover_sub", parent=body, fontSize=16, leading=22,
                                    spaceAfter=8),
        "banner": ParagraphStyle("banner", parent=body, fontName="Helvetica-Bold", fontSize=12,
                                 leading=16, borderColor=INK, borderWidth=1.2, borderPadding=8,
                                 leftIndent=8, rightIndent=8,
                                 spaceBefore=10, spaceAfter=16),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=20,
                             leading=25, spaceBefore=0, spaceAfter=10),
        "h1_plain": ParagraphStyle("h1_plain", parent=body, fontName="Helvetica-Bold",
                                   fontSize=20, leading=25, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=15,
                             leading=19, spaceBefore=10, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=body, fontName="Helvetica-Bold", fontSize=12.5,
                             leading=16, spaceBefore=8, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10.5, leading=13, spaceAfter=0),
        "cell_num": ParagraphStyle("cell_num", parent=body, fontSize=10.5, leading=13,
                                   spaceAfter=0, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName="Helvetica-Bold",
                                    fontSize=10.5, leading=13, spaceAfter=0,
                                    textColor=colors.white),
        "cell_head_num": ParagraphStyle("cell_head_num", parent=body, fontName="Helvetica-Bold",
                                        fontSize=10.5, leading=13, spaceAfter=0,
                                        textColor=colors.white, alignment=TA_RIGHT),
        "cell_point": ParagraphStyle("cell_point", parent=body, fontName="Helvetica-Bold",
                                     fontSize=12, leading=15, spaceAfter=0),
        "cell_note": ParagraphStyle("cell_note", parent=body, fontSize=10.5, leading=13.5,
                                    spaceAfter=0),
        "toc0": ParagraphStyle("toc0", parent=body, fontName="Helvetica-Bold", fontSize=12,
                               leading=16, leftIndent=0, firstLineIndent=0, spaceBefore=5),
        "toc1": ParagraphStyle("toc1", parent=body, fontSize=11, leading=14, leftIndent=16,
                               firstLineIndent=0, spaceBefore=0, spaceAfter=0),
    }
    return s


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


class _Doc(BaseDocTemplate):
    """A4 with one frame; headings feed the contents list and the PDF outline."""

    def __init__(self, filename, **kw):
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kw)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, TEXT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._heading = 0

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Paragraph):
            return
        level = {"h1": 0, "h2": 1}.get(flowable.style.name)
        if level is None:
            return
        text = flowable.getPlainText()
        self._heading += 1
        key = f"h{self._heading}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))

    def handle_documentBegin(self):
        self._heading = 0
        super().handle_documentBegin()


def _canvas_class(footer_left: str, marking: str | None, pages_out: list[int]):
    """A canvas that writes 'Page N of M' (it knows M only at the end) and the marking."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            pages_out[:] = [total]
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setFillColor(INK)
            if marking:
                self.setFont("Helvetica-Bold", 10)
                self.drawCentredString(PAGE_W / 2, PAGE_H - 11 * mm, marking)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(MARGIN_X, 14 * mm, PAGE_W - MARGIN_X, 14 * mm)
            self.setFont("Helvetica", 9.5)
            self.drawString(MARGIN_X, 9.5 * mm, footer_left)
            self.setFont("Helvetica-Bold", 10)
            self.drawRightString(PAGE_W - MARGIN_X, 9.5 * mm,
                                 f"Page {self._pageNumber} of {total}")
            if marking:
                self.setFont("Helvetica-Bold", 9)
                self.drawCentredString(PAGE_W / 2, 5 * mm, marking)
            self.restoreState()

    return NumberedCanvas


def _table_style(header_rows: int = 1, zebra: bool = True, n_rows: int = 0) -> list:
    cmds = [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if zebra:
        for r in range(header_rows, n_rows):
            if (r - header_rows) % 2 == 1:
                cmds.append(("BACKGROUND", (0, r), (-1, r), LIGHT))
    return cmds


def _simple_table(frame: pd.DataFrame, widths: list[float], st: dict, numeric: set[str],
                  units: dict[str, str] | None = None) -> Table:
    """A DataFrame as a table: a dark header row, light zebra rows, numbers to the right."""
    units = units or {}
    head = [_p(c, st["cell_head_num"] if c in numeric else st["cell_head"])
            for c in frame.columns]
    rows = [head]
    for rec in frame.itertuples(index=False):
        row = []
        for col, v in zip(frame.columns, rec):
            if col in numeric:
                row.append(_p(fmt_cell(v, units.get(col, "count")), st["cell_num"]))
            else:
                row.append(_p("" if v is None or (isinstance(v, float) and math.isnan(v))
                              else v, st["cell"]))
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(_table_style(n_rows=len(rows))))
    return table


def _spc_print(spec: dict, periods: list[dt.date]) -> dict:
    """Greyscale-safe special-cause markers (on the figure's dict): filled diamond = improving,
    open diamond = concern, square = a real change where neither direction is better."""
    for trace in spec.get("data", []):
        name = trace.get("name")
        if name == "Value":
            colours = list((trace.get("marker") or {}).get("color") or [])
            looks = {charts.IMPROVING: ("diamond", 15), charts.CONCERN: ("diamond-open", 16),
                     charts.COMMON: ("circle", 8)}
            shapes = [looks.get(c, ("square", 13)) for c in colours]
            trace["marker"] = {"symbol": [s for s, _ in shapes], "size": [z for _, z in shapes],
                               "color": ["#505050" if c == charts.COMMON else "#000000"
                                         for c in colours],
                               "line": {"width": 2.5, "color": "#000000"}}
            trace["line"] = {**(trace.get("line") or {}), "color": "#000000"}
        elif name in ("Upper process limit", "Lower process limit", "Mean"):
            trace["line"] = {**(trace.get("line") or {}), "color": "#6f6f6f",
                             "width": 2 if name == "Mean" else 1.8}
    layout = spec.setdefault("layout", {})
    for shape in layout.get("shapes") or ():
        line = shape.get("line") or {}
        if line.get("color") == "#CC79A7":            # the target
            shape["line"] = {**line, "color": "#000000", "width": 2}
    for ann in layout.get("annotations") or ():
        font = ann.get("font") or {}
        if font.get("color") in ("#8a3d6e", "#5f6368"):
            ann["font"] = {**font, "color": "#000000"}
    layout["margin"] = {"l": 10, "r": 140, "t": 20, "b": 10}
    if periods:   # the data's span: plotly would stretch it to fit the end labels
        xaxis = dict(layout.get("xaxis") or {})
        xaxis["range"] = [(min(periods) - dt.timedelta(days=50)).isoformat(),
                          (max(periods) + dt.timedelta(days=50)).isoformat()]
        layout["xaxis"] = xaxis
    return spec


CHART_KEY = ("How to read the charts: the black line is the value each quarter; the grey solid "
             "line is the mean and the grey dashed lines the process limits. A filled diamond "
             "marks a real improvement, an open diamond a real concern, a square a real change "
             "where neither direction is better; plain dots are ordinary variation. A dotted "
             "black line is the target. A gap is a quarter whose figure is hidden to protect "
             "children's privacy.")


def _charts(data: _Data) -> dict[str, bytes]:
    """PNG of each figure's SPC chart. Each is queued as soon as it is built, so the browser
    draws one while Python builds the next."""
    from outcomes.draw import images

    todo = [f for f in data.figures if f.charted]
    if not todo:
        return {}
    try:
        futures = []
        for f in todo:
            ind = f.indicator
            spc = scorecard.spc_for(f.protected)
            fig = charts.spc_chart(list(f.protected.data["period_end"]), spc, unit=ind.unit,
                                    better=ind.better, target=f.target,
                                    baseline=data.baseline_q)
            spec = _spc_print(images.for_print(fig), list(f.protected.data["period_end"]))
            futures.append(images.submit(spec, height=CHART_HEIGHT))
        pngs = images.collect(futures, grey=True)
    except images.ChartRenderError as exc:
        raise PackError(str(exc)) from exc
    return {f.id: png for f, png in zip(todo, pngs)}


def _cover(data: _Data, st, marking: str | None) -> list:
    s = data.status
    period = data.period
    story = [Spacer(1, 14 * mm),
             _p("Outcomes board pack", st["cover_title"]),
             _p(s.partnership or data.settings.name, st["cover_sub"]),
             Spacer(1, 6 * mm),
             _p(f"Period: {quarter_label(period)} (the quarter ending {long_date(period)})",
                st["cover_sub"]),
             _p(f"Data as at {long_date(s.data_as_at)}", st["cover_sub"]),
             _p(f"Compared with the inspection baseline, {quarter_label(data.baseline_q)} "
                f"(the quarter ending {long_date(data.baseline_q)}).", st["body"]),
             _p(f"Built from the warehouse published {s.published_at.replace('T', ' ')} "
                f"({s.loads} load{'s' if s.loads != 1 else ''}) on "
                f"{long_date(dt.date.today())}.", st["body"])]
    if s.demo:
        story.append(_p(DEMO_BANNER,
                        st["banner"]))
    story += [Spacer(1, 6 * mm)] + _how_to_read(data, st)
    if marking:
        story.append(_p(f"Handling: {marking}. For the partnership board; do not publish.",
                        st["body"]))
    story.append(PageBreak())
    return story


def _how_to_read(data: _Data, st) -> list:
    return [
        _p("How to read this pack", st["h3"]),
        _p(f"Each point for improvement from the inspection has a section: its indicators, "
           f"each with a one-sentence summary, a statistical process control (SPC) chart from "
           f"{quarter_label(data.first)} to {quarter_label(data.period)}, and its figures for "
           f"the inspection baseline and the last {RECENT_QUARTERS} quarters. Every quarter's "
           "figures are in the inspector evidence pack.", st["body"]),
        _p("A change counts as real only when the SPC chart says so: limits at the mean "
           "± 2.66 × the mean moving range (as NHS \"Making Data Count\"); a point beyond a "
           "limit, a run of 7 on one side of the mean, a trend of 7, or 2 of 3 near a limit "
           "is a special cause. Charts need 15 quarters for a verdict.", st["body"]),
        _p(f"Disclosure control, exactly as in the dashboard: \"c\" means hidden to protect "
           f"children's privacy (counts from 1 to {data.threshold - 1}, rates on fewer than "
           f"{data.threshold} children, and any figure that would reveal one); "
           f"\"{NOT_AVAILABLE}\" means there is no figure.", st["body"]),
    ]


def _summary(data: _Data, st) -> list:
    base, now = quarter_label(data.baseline_q), quarter_label(data.period)
    story = [_p("Summary of the points for improvement", st["h1"]),
             _p(f"Each indicator at the inspection baseline ({base}) and in {now}, the change "
                "(percentage points for percentages), and whether its SPC chart shows real "
                "change and, with a target, whether it will be met. \"c\": hidden to protect "
                f"children's privacy; \"{NOT_AVAILABLE}\": no figure. The strengths to sustain "
                "have their own sections.", st["body"])]
    widths = [0.33 * TEXT_W, 0.11 * TEXT_W, 0.11 * TEXT_W, 0.12 * TEXT_W, 0.33 * TEXT_W]
    rows = [[_p("Indicator", st["cell_head"]), _p(base, st["cell_head_num"]),
             _p(now, st["cell_head_num"]), _p("Change", st["cell_head_num"]),
             _p("Real change? (SPC)", st["cell_head"])]]
    cmds = _table_style(zebra=False)
    by_point = {p: [f for f in data.figures if f.indicator.point == p] for p in POINTS}
    for point in IMPROVEMENT_POINTS:
        figs = by_point[point]
        r = len(rows)
        rows.append([Paragraph(f"<b>{escape(POINTS[point])}</b><br/>"
                               f"{escape(headline(figs))} "
                               f"{escape(action_summary(data.actions, point))}",
                               st["cell_note"]), "", "", "", ""])
        cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), LIGHT),
                 ("LINEABOVE", (0, r), (-1, r), 1.2, INK)]
        for f in figs:
            unit = f.indicator.unit
            rows.append([_p(f.indicator.title, st["cell"]),
                         _p(fmt_cell(f.baseline, unit), st["cell_num"]),
                         _p(fmt_cell(f.latest, unit), st["cell_num"]),
                         _p(fmt_change(f.change, unit), st["cell_num"]),
                         _p(verdict(f), st["cell"])])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(cmds))
    story += [table, PageBreak()]
    return story


def _figure_block(f: PackFigure, png: bytes | None, st, baseline_q: dt.date) -> list:
    """One indicator: heading, its sentence, its chart, and its figures for the baseline
    and the last quarters (the same cells as its CSV in the evidence pack)."""
    ind = f.indicator
    block = [_p(ind.title, st["h2"]), _p(scorecard.sentence(f.status), st["body"])]
    if png is not None:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(png)) as im:
            w, h = im.size
        block += [Image(io.BytesIO(png), width=TEXT_W, height=TEXT_W * h / w),
                  Spacer(1, 2)]
    else:
        block.append(_p("No chart: fewer than two quarters have a figure that can be shown.",
                        st["small"]))
    shown = f.printed.drop(columns=["Quarter end"]).copy()
    shown["Quarter"] = [q + " (baseline)" if end == baseline_q.isoformat() else q
                        for q, end in zip(f.printed["Quarter"], f.printed["Quarter end"])]
    if ind.unit == "%":
        widths = [0.25 * TEXT_W, 0.3 * TEXT_W, 0.3 * TEXT_W, 0.15 * TEXT_W]
    else:
        widths = [0.25 * TEXT_W, 0.4 * TEXT_W]
    if len(shown):
        block += [Spacer(1, 4), _simple_table(shown, widths, st, set(shown.columns[1:]),
                                              {value_column(ind): ind.unit})]
    else:
        block.append(_p("No figures for these quarters.", st["body"]))
    if f.protected.note():
        block.append(_p(f.protected.note() + ".", st["small"]))
    return [KeepTogether(block)]


def _sections(data: _Data, charts: dict[str, bytes], st) -> list:
    story = []
    number = 2
    for point in (*IMPROVEMENT_POINTS, *STRENGTHS):
        figs = [f for f in data.figures if f.indicator.point == point]
        kind = "Strength to sustain" if point in STRENGTHS else "Point for improvement"
        story += [_p(f"{number}. {POINTS[point]}", st["h1"]),
                  _p(f"{kind}. {headline(figs)} {action_summary(data.actions, point)}",
                     st["body"])]
        if any(f.charted for f in figs):
            story.append(_p(CHART_KEY, st["small"]))
        for f in figs:
            story += _figure_block(f, charts.get(f.id), st, data.baseline_q)
        story.append(PageBreak())
        number += 1
    return story


def _comparison(data: _Data, st, number: int) -> list:
    """How we compare: the published comparators beside the council, and its care homes."""
    council = data.settings.council
    story = [_p(f"{number}. How we compare", st["h1"])]
    frame = data.comparison
    if frame.empty and not data.care_homes:
        story += [_p(f"No published comparators are loaded for {council}. Load the LGBF, "
                     "ScotPHO and Care Inspectorate files with `outcomes comparators load` to "
                     "add this page.", st["body"]), PageBreak()]
        return story
    story.append(_p(
        f"{council} beside its LGBF family group of similar councils and Scotland, from the "
        "latest published figures (these are the council's published statistics, not this "
        "warehouse's). On the funnel plot a council \"within\" the limits differs from "
        "Scotland by no more than chance would give; \"above\" or \"below 99.8%\" is very "
        "unlikely to be chance.", st["body"]))
    if len(frame):
        numeric = [council, "Family group", "Scotland"]
        printed = frame.assign(**{
            "Against Scotland (funnel)": frame["Against Scotland (funnel)"].map(
                lambda v: v if v == "–" else ("within the limits" if v == "within"
                                              else f"{v} limit")),
            "Year": frame["Year"].str.replace(" July snapshot", " (July)"),
            **{c: frame[c].map(lambda v: NOT_AVAILABLE if pd.isna(v) else f"{v:.1f}")
               for c in numeric}})
        story.append(_simple_table(
            printed, [0.24 * TEXT_W, 0.1 * TEXT_W, 0.16 * TEXT_W, 0.1 * TEXT_W,
                      0.12 * TEXT_W, 0.1 * TEXT_W, 0.18 * TEXT_W], st, numeric=set(numeric)))
    homes, weak = data.grades
    story.append(Spacer(1, 4 * mm))
    if data.care_homes:
        story.append(_p(data.care_homes.replace(" (see How we compare)", ""), st["body"]))
    if homes:
        story.append(_p(f"Grading history: of {homes} children's care homes with published "
                        f"grades, {weak} had a grade of 2 (weak) or 1 (unsatisfactory) at "
                        "their latest grading; the dashboard's How we compare page shows each "
                        "home year by year.", st["body"]))
    story += [_p("Sources: Local Government Benchmarking Framework (Improvement Service); "
                 "ScotPHO council profiles (Public Health Scotland); Care Inspectorate "
                 "datastore and grading history. Rank 1 is the best of Scotland's 32 councils.",
                 st["small"]), PageBreak()]
    return story


def _action_plan(data: _Data, st, number: int) -> list:
    table = overdue_and_at_risk(data.actions)
    story = [_p(f"{number}. Action plan: overdue and at-risk actions", st["h1"])]
    total = len(data.actions)
    if table.empty:
        story.append(_p(f"None of the {total} actions is overdue, at risk or off track.",
                        st["body"]))
    else:
        late = int((table["Overdue"] != "").sum())
        story.append(_p(f"{len(table)} of the {total} actions need attention: {late} overdue "
                        f"(past their due date and not complete), listed first, and "
                        f"{len(table) - late} more at risk or off track. Status as at "
                        f"{long_date(data.status.data_as_at)}.", st["body"]))
        frame = table.assign(Status=[(s + (", overdue" if o else ""))
                                     for s, o in zip(table["Status"], table["Overdue"])])
        frame = frame.drop(columns=["Overdue"])
        widths = [0.33 * TEXT_W, 0.19 * TEXT_W, 0.2 * TEXT_W, 0.14 * TEXT_W, 0.14 * TEXT_W]
        story.append(_simple_table(frame, widths, st, numeric=set()))
    story.append(PageBreak())
    return story


def _quality(data: _Data, st, number: int) -> list:
    q = data.quality
    story = [_p(f"{number}. Data quality statement", st["h1"])]
    hist = q["load_history"]
    if len(hist):
        last = hist.iloc[0]
        story.append(_p(
            f"The figures come from {data.status.loads} load{'s' if data.status.loads != 1 else ''}"
            f" of the partnership's files"
            f"{' and published comparators' if len(data.comparison) or data.care_homes else ''}"
            f"; the latest (load {int(last['load_id'])}, finished "
            f"{str(last['finished_at'])[:16]}) read {int(last['rows_read']):,} rows, loaded "
            f"{int(last['rows_loaded']):,} and quarantined {int(last['rows_quarantined']):,}. "
            "Quarantined rows are held back from every figure until they are corrected at source "
            "and loaded again.", st["body"]))
    comp = q["completeness"]
    optional = comp.loc[~comp["required"].astype(bool)]
    if len(optional):
        overall = 100 * optional["filled"].sum() / max(1, optional["rows"].sum())
        by_table = optional.groupby("table_name", sort=True)[["rows", "filled"]].sum()
        gaps = comp.loc[comp["pct_filled"] < 95]
        story.append(_p(
            f"Completeness: across all tables, {overall:.1f}% of optional cells hold a value. "
            + ("Columns less than 95% complete: " + "; ".join(
                f"{TABLE_LABELS.get(r.table_name, r.table_name).lower()} {r.column_name} "
                f"({r.pct_filled:.0f}%)" for r in gaps.itertuples()) + "."
               if len(gaps) else "Every column is at least 95% complete."), st["body"]))
        frame = pd.DataFrame({
            "Table": [TABLE_LABELS.get(t, t) for t in by_table.index],
            "Optional cells": by_table["rows"].astype(int).tolist(),
            "With a value": by_table["filled"].astype(int).tolist(),
            "% complete": (100 * by_table["filled"] / by_table["rows"].where(by_table["rows"] > 0))
            .round(1).tolist()})
        story += [_simple_table(frame, [0.4 * TEXT_W, 0.2 * TEXT_W, 0.2 * TEXT_W, 0.2 * TEXT_W],
                                st, {"Optional cells", "With a value", "% complete"},
                                {"% complete": "%"}), Spacer(1, 8)]
    tim = q["timeliness"]
    if len(tim):
        behind = tim.loc[tim["days_behind"] > 31]
        story.append(_p(
            "Timeliness: each table's latest record against the end of the last complete "
            "quarter. " + ("Behind by more than a month: " + ", ".join(
                f"{TABLE_LABELS.get(r.table_name, r.table_name).lower()} ({r.days_behind} days)"
                for r in behind.itertuples()) + "." if len(behind)
                else "Every table is up to date within a month."), st["body"]))
        frame = pd.DataFrame({
            "Table": [TABLE_LABELS.get(t, t) for t in tim["table_name"]],
            "Latest record": [str(pd.Timestamp(d).date()) if pd.notna(d) else ""
                              for d in tim["latest_date"]],
            "Days behind": [int(d) if pd.notna(d) else "" for d in tim["days_behind"]],
            "Last loaded": [str(d)[:16] if pd.notna(d) else "" for d in tim["last_loaded"]]})
        story += [_simple_table(frame, [0.36 * TEXT_W, 0.2 * TEXT_W, 0.16 * TEXT_W,
                                        0.28 * TEXT_W], st, {"Days behind"}), Spacer(1, 8)]
    rules = q["quarantine_by_rule"]
    if rules.empty:
        story.append(_p("Quarantine: no rows are in quarantine.", st["body"]))
    else:
        story.append(_p(
            f"Quarantine: {int(rules['rows_affected'].sum()):,} rows are held back, for "
            f"{int(rules['problems'].sum()):,} problems. The most common: "
            f"{rules['rule'].iloc[0]} ({TABLE_LABELS.get(rules['table_name'].iloc[0], '').lower()})"
            ".", st["body"]))
        frame = pd.DataFrame({
            "Table": [TABLE_LABELS.get(t, t) for t in rules["table_name"]],
            "Rule broken": rules["rule"].astype(str),
            "Problems": rules["problems"].astype(int), "Rows": rules["rows_affected"].astype(int)})
        story.append(_simple_table(frame.head(15), [0.26 * TEXT_W, 0.5 * TEXT_W, 0.12 * TEXT_W,
                                                    0.12 * TEXT_W], st, {"Problems", "Rows"}))
        if len(frame) > 15:
            story.append(_p(f"And {len(frame) - 15} more rules: see the dashboard's data "
                            "quality page.", st["small"]))
    story.append(PageBreak())
    return story


def _definitions(data: _Data, st, number: int) -> list:
    story = [_p(f"{number}. Definitions of the indicators", st["h1"]),
             _p("Every indicator in this pack, from the partnership's indicator catalogue.",
                st["body"])]
    seen = []
    for f in data.figures:
        if f.indicator.id not in seen:
            seen.append(f.indicator.id)
    for ind_id in seen:
        ind = BY_ID[ind_id]
        lines = [f"<b>{label}:</b> {escape(text)}" for label, text in definition_fields(ind)]
        story.append(KeepTogether([_p(ind.title, st["h3"]), _p(ind.definition, st["body"]),
                                   Paragraph("<br/>".join(lines), st["small"]),
                                   Spacer(1, 4)]))
    return story


def _write_pdf(data: _Data, charts: dict[str, bytes], path: Path, marking: str | None) -> int:
    st = _styles()
    story = _cover(data, st, marking)
    story += [_p("Contents", st["h1_plain"]),
              TableOfContents(levelStyles=[st["toc0"], st["toc1"]], dotsMinLevel=0),
              PageBreak()]
    summary = _summary(data, st)
    summary[0] = _p("1. Summary of the points for improvement", st["h1"])
    story += summary
    story += _sections(data, charts, st)
    number = 2 + len(IMPROVEMENT_POINTS) + len(STRENGTHS)
    story += _comparison(data, st, number)
    story += _action_plan(data, st, number + 1)
    story += _quality(data, st, number + 2)
    story += _definitions(data, st, number + 3)

    pages: list[int] = []
    footer = (f"Outcomes board pack {quarter_label(data.period)} · data as at "
              f"{long_date(data.status.data_as_at)}"
              + (" · synthetic demo data" if data.status.demo else ""))
    doc = _Doc(str(path), title=f"Outcomes board pack, {quarter_label(data.period)}",
               author=data.status.partnership or data.settings.name,
               subject=f"Data as at {long_date(data.status.data_as_at)}",
               creator="Outcomes Monitor", invariant=1)
    was = rl_config.useA85
    rl_config.useA85 = 0        # binary streams: smaller, and much faster than pure-Python A85
    try:
        doc.multiBuild(story, canvasmaker=_canvas_class(footer, marking, pages))
    finally:
        rl_config.useA85 = was
    return pages[0] if pages else 0


# ---------------------------------------------------------------------------------------
# Writing safely
# ---------------------------------------------------------------------------------------

def _start_browser() -> None:
    """Start Chromium in the background while the queries run (it takes a few seconds)."""
    from outcomes.draw import images

    try:
        images.start()
    except images.ChartRenderError as exc:
        raise PackError(str(exc)) from exc


def claim_output(out: Path, what: str = "file") -> Path:
    """A temporary file beside `out` (proves the folder is writable), or PackError."""
    out = Path(out)
    if out.is_dir():
        raise PackError(f"cannot write {out}: it is a folder; give a {what} name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.exists():
        raise PackError(f"cannot write {out}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise PackError(f"cannot write {out}: {parent} is not a folder")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as exc:
        raise PackError(f"cannot write {out}: {exc.strerror or _one_line(exc)}") from exc
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, out: Path) -> None:
    try:
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as exc:
        raise PackError(f"cannot write {out}: {exc.strerror or _one_line(exc)}") from exc


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
            _start_browser()
        data = _gather(Path(db), period, settings)
        try:
            charts = _charts(data)
            pages = _write_pdf(data, charts, tmp, marking)
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
    with tempfile.TemporaryDirectory(prefix="board-pack-") as tmp:
        summary = build_board_pack(db, period, Path(tmp) / "board-pack.pdf", settings=settings)
        return summary.path.read_bytes(), default_name("board-pack", summary.period, "pdf")


def default_name(kind: str, period: dt.date, ext: str) -> str:
    """board-pack_2026-q3.pdf, evidence-pack_2026-q3.zip."""
    return f"{kind}_{period.year}-q{(period.month - 1) // 3 + 1}.{ext}"


def period_and_output(db: Path, period: str | None, out: Path | None, kind: str,
                      ext: str) -> tuple[dt.date | None, Path]:
    """The command line's period and output file: without --out, the file is named after
    the quarter the pack will show (the latest unless --period says)."""
    when = parse_period(period)
    if out is None:
        wh = open_warehouse(Path(db))
        try:
            when = resolve_period(wh, when)[1]
        finally:
            wh.close()
        out = Path(default_name(kind, when, ext))
    return when, Path(out)


def pack_command(db: Path, period: str | None, out: Path | None, kind: str, ext: str,
                 build, describe) -> int:
    """A pack command: `build(period, out)` the pack, print `describe(summary)` or one
    error line, return the exit status (2 on error)."""
    try:
        when, out = period_and_output(db, period, out, kind, ext)
        summary = build(when, out)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(summary))
    return 0


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
