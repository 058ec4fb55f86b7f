"""What the board pack and the evidence pack share: errors, figures, words and the PDF layout.

- `PackError`, and the figure and summary records both packs read (`PackFigure`,
  `PackSummary`);
- how a cell, a change and a date are written (`fmt_cell`, `fmt_change`, `long_date`);
- the page: A4, Helvetica (built into every PDF reader: nothing is downloaded), black on
  white with greys, so it reads on a projector and printed in greyscale; the paragraph
  styles (`pack_styles`, always held in a variable called `styles`: `st` is Streamlit in
  this project), paragraphs, tables, the demo banner, and the handling marking and
  "Page N of M" on every page;
- `write_pdf`, which lays a story out into a PDF, and `claim_output` / `publish`, which
  write any pack to a temporary file beside the target and move it into place only when
  complete (`os.replace`): a failure leaves no half-written file.

No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
import tempfile
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
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from core.catalogue import Indicator
from outcomes.query.disclosure import Protected
from outcomes.stats import scorecard
from outcomes.words.labels import DEMO_BANNER

MARKING = "OFFICIAL-SENSITIVE"
NOT_AVAILABLE = "–"          # printed for "no figure" (not hidden: there is none)


class PackError(Exception):
    """A board or evidence pack cannot be built: the message is one line for the user."""


# ---------------------------------------------------------------------------------------
# The records both packs read
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
    """What `build_board_pack` wrote, and the figures and tables it printed."""
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


# ---------------------------------------------------------------------------------------
# Words: cells, changes, dates, errors
# ---------------------------------------------------------------------------------------

def long_date(d: dt.date | None) -> str:
    """30 September 2026 (no leading zero): how the pack writes dates."""
    return f"{d.day} {d:%B %Y}" if d else "unknown"


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (at most 300 characters)."""
    return (" ".join(str(exc).split()) or type(exc).__name__)[:300]


def is_number(v) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool) and not (
        isinstance(v, float) and math.isnan(v))


def plain_cell(v, rate: bool = False):
    """A display cell as a plain Python value: "c", "" (no figure), an int for a count, or a
    float with one decimal for a rate (and for a count that is not whole)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, str):
        return v
    if is_number(v):
        f = float(v)
        return int(f) if f.is_integer() and not rate else round(f, 1)
    return v


def fmt_cell(value, unit: str = "count") -> str:
    """A table cell as printed: "c" stays "c", no figure is "–", % with one decimal."""
    value = plain_cell(value)
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


# ---------------------------------------------------------------------------------------
# The page, the styles, paragraphs and tables
# ---------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 20 * mm, 20 * mm
TEXT_W = PAGE_W - 2 * MARGIN_X
INK, GREY, LIGHT, RULE = (colors.black, colors.HexColor("#404040"), colors.HexColor("#ececec"),
                          colors.HexColor("#9a9a9a"))


def pack_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name ("body", "h1", "cell_num"...): the pack's stylesheet."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=11.5, leading=15.5,
                          textColor=INK, spaceAfter=6)
    return {
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
                               leading=15, leftIndent=0, firstLineIndent=0, spaceBefore=2),
        "toc1": ParagraphStyle("toc1", parent=body, fontSize=11, leading=12.5, leftIndent=16,
                               firstLineIndent=0, spaceBefore=0, spaceAfter=0),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a paragraph (escaped: no markup)."""
    return Paragraph(escape(str(text)), style)


def demo_banner(styles: dict[str, ParagraphStyle]) -> Paragraph:
    """The boxed warning that the figures are synthetic demo data."""
    return para(DEMO_BANNER, styles["banner"])


def table_style_commands(header_rows: int = 1, zebra: bool = True, n_rows: int = 0,
                         compact: bool = False) -> list:
    """A dark header row, rules between rows, a box, and (with `zebra`) light odd rows;
    `compact` rows are closer together (a chart's figures, two charts to a page)."""
    top, bottom = (1.5, 2) if compact else (3, 4)
    cmds = [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if zebra:
        for r in range(header_rows, n_rows):
            if (r - header_rows) % 2 == 1:
                cmds.append(("BACKGROUND", (0, r), (-1, r), LIGHT))
    return cmds


def dataframe_table(frame: pd.DataFrame, widths: list[float],
                    styles: dict[str, ParagraphStyle], numeric: set[str],
                    units: dict[str, str] | None = None, compact: bool = False) -> Table:
    """A DataFrame as a table: a dark header row, light zebra rows, numbers to the right."""
    units = units or {}
    head = [para(c, styles["cell_head_num"] if c in numeric else styles["cell_head"])
            for c in frame.columns]
    rows = [head]
    for rec in frame.itertuples(index=False):
        row = []
        for col, v in zip(frame.columns, rec):
            if col in numeric:
                row.append(para(fmt_cell(v, units.get(col, "count")), styles["cell_num"]))
            else:
                row.append(para("" if v is None or (isinstance(v, float) and math.isnan(v))
                                else v, styles["cell"]))
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style_commands(n_rows=len(rows), compact=compact)))
    return table


class PackDocTemplate(BaseDocTemplate):
    """A4 with one frame; "h1" and "h2" headings feed the contents list and the PDF outline."""

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


def numbered_canvas_class(footer_left: str, marking: str | None, pages_out: list[int]):
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


# ---------------------------------------------------------------------------------------
# Writing the PDF, and writing any pack safely
# ---------------------------------------------------------------------------------------

def write_pdf(path: Path, story: list, *, title: str, author: str, subject: str,
              footer: str, marking: str | None) -> int:
    """Lay `story` out into the PDF at `path` (twice, for the contents' page numbers), with
    `footer` and the page number at the foot of every page and `marking` at its head and
    foot; the number of pages."""
    pages: list[int] = []
    doc = PackDocTemplate(str(path), title=title, author=author, subject=subject,
                          creator="Outcomes Monitor", invariant=1)
    was = rl_config.useA85
    rl_config.useA85 = 0        # binary streams: smaller, and much faster than pure-Python A85
    try:
        doc.multiBuild(story, canvasmaker=numbered_canvas_class(footer, marking, pages))
    finally:
        rl_config.useA85 = was
    return pages[0] if pages else 0


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
        raise PackError(f"cannot write {out}: {exc.strerror or one_line(exc)}") from exc
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, out: Path) -> None:
    """Move the finished temporary file `tmp` onto `out` in one step."""
    try:
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as exc:
        raise PackError(f"cannot write {out}: {exc.strerror or one_line(exc)}") from exc


# Making Data Count's icons in print: a circle per verdict, told apart by shape and letter as
# well as shade, so greyscale print keeps the meaning (filled: improving; open with a thick
# ring: getting worse; grey: no significant change; H/L: which side; P/F/?: the target).
_VARIATION_LOOK = {"improvement": ("filled", "#1f4e9c"), "concern": ("ring", "#b45309"),
                   "neither": ("filled", "#6b3fa0"), "common": ("thin", "#6f6f6f")}


def verdict_icons(variation: str | None, assurance: str | None, size: float = 11):
    """A small drawing of the variation and assurance icons, or None."""
    from reportlab.graphics.shapes import Circle, Drawing, String
    from reportlab.lib import colors
    icons = []
    if variation:
        kind = variation.split("_")[0]
        look, colour = _VARIATION_LOOK["common" if kind == "common" else kind]
        letter = "" if kind == "common" else variation.rsplit("_", 1)[1][0].upper()
        icons.append((look, colour, letter or "–"))
    if assurance in ("pass", "fail", "hit_and_miss"):
        icons.append(("thin", "#1f1f1f", {"pass": "P", "fail": "F", "hit_and_miss": "?"}[
            assurance]))
    if not icons:
        return None
    d = Drawing(size * len(icons) + 2 * (len(icons) - 1), size)
    for i, (look, colour, letter) in enumerate(icons):
        cx, r = i * (size + 2) + size / 2, size / 2 - 1
        fill = colors.HexColor(colour) if look == "filled" else colors.white
        d.add(Circle(cx, size / 2, r, fillColor=fill, strokeColor=colors.HexColor(colour),
                     strokeWidth=2.2 if look == "ring" else 0.8))
        d.add(String(cx, size / 2 - 3, letter, textAnchor="middle", fontName="Helvetica-Bold",
                     fontSize=7, fillColor=colors.white if look == "filled"
                     else colors.HexColor(colour)))
    return d
