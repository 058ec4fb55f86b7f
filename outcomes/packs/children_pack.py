"""The report children can read (`outcomes children-pack`): a short PDF in large type and
plain words, for a reading age of about 10, about the year to a quarter, for the whole
partnership.

What children told us (the themes they raised most, as "about 3 in every 10" with a row of
speech bubbles), what we did (with consented words and what was done, in plain words),
what we are still working on (the plan's open actions on those themes, in the plain words
of data/you_said.yaml), and how we keep their privacy. The UNCRC (Incorporation)
(Scotland) Act 2024 asks public bodies to report on children's rights in a version
children can understand: this is that version for 'you said, we did'.

The figures are the page's and the board pack's (`outcomes.query.you_said`), after the
same disclosure control: a hidden figure is never worked out, a small one is "a few",
and no statistics words are used (no per cent, no tables). Only words a child agreed may
be quoted are quoted, with names, phone numbers and emails taken out, and escaped.
Helvetica and shapes drawn here: nothing is fetched. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from core.settings import Settings, load_settings
from outcomes.packs.board_data import open_warehouse, resolve_period
from outcomes.packs.command import pack_command, parse_period, pack_bytes
from outcomes.packs.layout import PackError, claim_output, para, publish, write_pdf
from outcomes.query import warehouse_info
from outcomes.query.filters import Filters
from outcomes.query.you_said import ALL, TOTAL, YouSaid, you_said
from outcomes.words import actions as action_words
from outcomes.words import themes
from outcomes.words.you_said import Links, in_every_ten, load_links

THEMES = 5                 # what you told us: the five themes raised most
PAIRS = 4                  # you said, we did: four of them
INK, SOFT, BLUE = colors.HexColor("#1f1f1f"), colors.HexColor("#e8f0fa"), colors.HexColor(
    "#0b5cad")
# Children's rights in one sentence, for the partnership's country: Scotland's law makes the
# UNCRC part of its own law; in England the UNCRC is a promise the UK made, not a law of its own.
RIGHTS = {
    "scotland": ("In Scotland, a law says that children have rights. The law is called the "
                 "UNCRC (Incorporation) (Scotland) Act 2024. It says that the adults who help "
                 "you must listen to you, and tell you what they did."),
    "england": ("Children have rights. They are written down in a promise that the whole "
                "world made, called the UNCRC. It says that the adults who help you must "
                "listen to you, and tell you what they did."),
}
DEMO = ("Pretend numbers: this report was made with made-up children, to show how it "
        "works. No real child is in it.")


READING_GRADE = 5.0        # Flesch-Kincaid grade 5: a reading age of about 10 (US grade 5
#                            is ages 10-11)


@dataclass(frozen=True)
class ChildrenPackSummary:
    path: Path
    period: dt.date
    pages: int
    seconds: float
    text: str                 # every word the pack prints, in order (without page footers)
    grade: float              # its Flesch-Kincaid grade (textstat)


def plain_text(flowables: list) -> str:
    """The words of a story's paragraphs, one paragraph a line."""
    out = []
    for f in flowables:
        if isinstance(f, KeepTogether):
            out.append(plain_text(f._content))
        elif isinstance(f, Paragraph):
            out.append(f.getPlainText())
    return "\n".join(t for t in out if t)


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text` (textstat 0.7.4: syllables from pyphen's bundled
    hyphenation dictionaries, so nothing is fetched)."""
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def styles() -> dict[str, ParagraphStyle]:
    """Large type: body 17 pt on 25 pt lines (the brief's floor is 16 pt)."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=17, leading=25,
                          textColor=INK, spaceAfter=10)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=36,
                                leading=44, textColor=BLUE, spaceAfter=16),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=28,
                             leading=34, textColor=BLUE, spaceAfter=14),
        "sub": ParagraphStyle("sub", parent=body, fontName="Helvetica-Bold", fontSize=20,
                              leading=26, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=20,
                             leading=26, spaceBefore=8, spaceAfter=4),
        "quote": ParagraphStyle("quote", parent=body, fontName="Helvetica-Oblique",
                                leftIndent=14, borderPadding=(6, 8, 6, 8),
                                backColor=SOFT, spaceBefore=4, spaceAfter=12),
        "box": ParagraphStyle("box", parent=body, fontName="Helvetica-Bold",
                              borderColor=BLUE, borderWidth=2, borderPadding=10,
                              leftIndent=10, rightIndent=10, spaceBefore=10, spaceAfter=20),
    }


def bubbles(filled: int, of: int = 10, size: float = 26) -> Drawing:
    """A row of `of` speech bubbles, `filled` of them coloured in: "3 in every 10"."""
    gap = size * 0.35
    d = Drawing(of * (size + gap), size * 1.1)
    for i in range(of):
        x = i * (size + gap)
        fill = BLUE if i < filled else colors.white
        d.add(Rect(x, size * 0.3, size, size * 0.75, rx=size * 0.2, ry=size * 0.2,
                   fillColor=fill, strokeColor=BLUE, strokeWidth=1.5))
        d.add(Polygon([x + size * 0.25, size * 0.32, x + size * 0.5, size * 0.32,
                       x + size * 0.2, 0], fillColor=fill, strokeColor=BLUE,
                      strokeWidth=1.5))
    return d


def tenths(phrase: str | None) -> int | None:
    """The number of bubbles to fill for "about 3 in every 10" (None: draw none)."""
    if phrase and phrase.startswith("about "):
        return int(phrase.split()[1])
    return {"almost all": 10, "fewer than 1 in every 10": 0}.get(phrase or "")


def _month_span(start_quarter: dt.date, end: dt.date) -> str:
    first = dt.date(start_quarter.year, start_quarter.month - 2, 1)     # a quarter's first
    return f"{first:%B %Y} to {end:%B %Y}"


# ------------------------------------------------------------------------------- the pages
def _cover(d: YouSaid, name: str, demo: bool, s, country: str) -> list:
    story = [Spacer(1, 20 * mm), para("You said, we did", s["title"]),
             para(f"What children and young people told {name}, and what we did about it.",
                  s["sub"]),
             para(f"From {_month_span(d.start, d.end)}.", s["body"]), Spacer(1, 6 * mm),
             para("Lots of children and young people tell us what they think. This report "
                  "tells you what you said, what we did, and what we still need to do.",
                  s["body"]),
             para(RIGHTS[country], s["box"])]
    if demo:
        story.append(para(DEMO, s["body"]))
    return story + [PageBreak()]


def _told_us(d: YouSaid, all_row, s, threshold: int) -> list:
    total = all_row["views"]
    times = in_every_ten(total, total, threshold)
    story = [para("What you told us", s["h1"])]
    if isinstance(total, str) or times in (None, "a few", "some"):
        story.append(para("A few of you told us what you think this year. That is too few "
                           "to say more without someone working out who said what.",
                           s["body"]))
        return story + [PageBreak()]
    story.append(para(f"This year, you told us what you think {int(total):,} times, in your "
                      "own words. These are the things you talked about most.", s["body"]))
    year = d.year()
    for i, r in year.head(THEMES).iterrows():
        phrase = in_every_ten(r["views"], total, threshold)
        if phrase is None:
            continue
        block = [para(f"{i + 1}. {_upper(_words(d, r['theme']))}", s["h2"])]
        filled = tenths(phrase)
        if filled is not None:
            block += [bubbles(filled), Spacer(1, 4)]
        block.append(para(f"{_upper(phrase)} of the things you told us were about this.",
                          s["body"]))
        story.append(KeepTogether(block))
    return story + [PageBreak()]


def _we_did(d: YouSaid, all_row, links: Links, s, threshold: int) -> list:
    story = [para("What we did", s["h1"])]
    acted = in_every_ten(all_row["acted"], all_row["views"], threshold)
    told = in_every_ten(all_row["told"], all_row["views"], threshold)
    if acted:
        story.append(para(f"When you told us something, we did something about it "
                          f"{_times(acted)}.", s["body"]))
    if told:
        story.append(para(f"We told you what happened {_times(told)}.", s["body"]))
    if d.quotes.empty:
        story.append(para("We only print your words if you said we could.", s["body"]))
    for theme in d.top[:PAIRS]:
        done = [links.plain(a) for a in d.examples.get(theme, [])][:2]
        if not done:
            continue
        block = [para(f"You said: {_words(d, theme)}", s["h2"])]
        quote = _quote(d, theme)
        if quote:
            block.append(para(f"“{quote}”", s["quote"]))
        block += [para(f"We did: {_sentence(x)}", s["body"]) for x in done]
        story.append(KeepTogether(block))
    return story + [PageBreak()]


def _still_working(d: YouSaid, all_row, links: Links, s, threshold: int, on: dt.date) -> list:
    story = [para("What we are still working on", s["h1"])]
    waiting = in_every_ten(all_row["open"], all_row["views"], threshold)
    if waiting:
        story.append(para(f"Some of the things you told us are still waiting for an answer: "
                          f"{waiting} of them. We are working on them.", s["body"]))
    plan = action_words.judge(d.plan, on) if len(d.plan) else d.plan
    shown: set = set()
    for theme in d.top[:PAIRS]:
        open_ = plan.loc[(plan["theme"] == theme) & (plan["shown"] != "complete")] \
            if len(plan) else plan
        todo = [(a, t) for a, t in zip(open_.get("action_id", []), open_.get("action", []))
                if a not in shown][:3]
        shown |= {a for a, _ in todo}
        todo = [links.plain_action(a, t) for a, t in todo]
        if todo:
            story.append(KeepTogether([para(f"About {_words(d, theme)}", s["h2"])] +
                                      [para(f"• {_sentence(t)}", s["body"]) for t in todo]))
    if not shown:
        story.append(para("Our plan has no work on these things that is not finished.",
                          s["body"]))
    return story + [PageBreak()]


def _privacy(s, threshold: int) -> list:
    return [para("How we made this report", s["h1"]),
            para("We read what you told us and put it into groups, like school or feeling "
                 "safe.", s["body"]),
            para(f"We never print a number smaller than {threshold}. So nobody can work out "
                 "who said what. When only a few children said something, we say \"a few\".",
                 s["body"]),
            para("We only print your own words if you said we could. We take out names and "
                 "phone numbers.", s["body"]),
            para("Tell us what you think", s["h2"]),
            para("You can tell your worker, your carer or your teacher what you think. You "
                 "can ask for a helper who speaks up for you. We want to hear from you.",
                 s["body"])]


def _words(d: YouSaid, theme: str) -> str:
    return load_links().children_words(d.ids.get(theme, ""), theme)


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _times(phrase: str) -> str:
    """'about 8 in every 10' -> 'about 8 times in every 10'."""
    if phrase.startswith("about ") or phrase.startswith("fewer than"):
        return phrase.replace(" in every 10", " times in every 10")
    return {"almost all": "almost every time", "a few": "a few times",
            "some": "some of the time"}.get(phrase, phrase)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _quote(d: YouSaid, theme: str) -> str | None:
    theme_id = d.ids.get(theme)
    for comment, ids in zip(d.quotes["comment"], d.quotes["themes"]):
        words = themes.safe_quote(comment, max_chars=140)
        if theme_id in ids and "[" not in words and len(words.split()) <= 20:
            return words
    return None


# ------------------------------------------------------------------------------- building
def story(d: YouSaid, name: str, demo: bool, threshold: int, on: dt.date,
          country: str = "scotland") -> list:
    s, links = styles(), load_links()
    everything = d.table.display()
    row = everything.loc[(everything["theme"] == ALL) & (everything["quarter"] == TOTAL)]
    if row.empty:
        raise PackError("no views in words in this year: nothing to report to children")
    all_row = row.iloc[0]
    return (_cover(d, name, demo, s, country) + _told_us(d, all_row, s, threshold)
            + _we_did(d, all_row, links, s, threshold)
            + _still_working(d, all_row, links, s, threshold, on) + _privacy(s, threshold))


def build_children_pack(db: Path, period: dt.date | None, out: Path, *,
                        settings: Settings | None = None) -> ChildrenPackSummary:
    """Write the report for children for the year to `period` (None: the latest) to `out`."""
    started = time.perf_counter()
    settings = settings or load_settings()
    out, period = Path(out), parse_period(period)
    wh = open_warehouse(Path(db))
    try:
        quarters, chosen = resolve_period(wh, period)
        info = warehouse_info.status(wh)
        d = you_said(wh, Filters(start=quarters[0], end=chosen),
                     settings.disclosure_threshold)
    finally:
        wh.close()
    name = info.partnership or settings.name
    content = story(d, name, info.demo, settings.disclosure_threshold, dt.date.today(),
                    settings.country)
    tmp = claim_output(out, "PDF file")
    try:
        pages = write_pdf(tmp, content, title="You said, we did: a report for children",
                          author=name, subject=f"{_month_span(d.start, d.end)}",
                          footer=f"You said, we did · {name}", marking=None)
        publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    text = plain_text(content)
    return ChildrenPackSummary(out, chosen, pages, time.perf_counter() - started, text,
                               reading_grade(text))


def children_pack_bytes(db: Path, period: dt.date | None = None, *,
                        settings: Settings | None = None) -> tuple[bytes, str]:
    """The PDF as bytes and a file name, for a download button."""
    return pack_bytes("children-pack", "pdf",
                      lambda out: build_children_pack(db, period, out, settings=settings))


def run_command(db: Path, period: str | None, out: Path | None, *,
                settings: Settings | None = None) -> int:
    """`outcomes children-pack`."""
    settings = settings or load_settings()
    return pack_command(
        db, period, out, "children-pack", "pdf",
        lambda when, out: build_children_pack(Path(db), when, out, settings=settings),
        lambda s: f"Wrote {s.path} ({s.pages} pages, the year to {s.period:%B %Y}; reading "
                  f"grade {s.grade:.1f}) in {s.seconds:.1f} s." + (
                      "" if s.grade <= READING_GRADE else
                      f" Its words are harder than grade {READING_GRADE:g} (a reading age "
                      "of about 10): give plain words for the plan's actions and what was "
                      "done in data/you_said.yaml."))
