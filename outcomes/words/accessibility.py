"""The accessibility statement, following the UK public sector model statement (GOV.UK,
"Sample accessibility statement"): who runs the app and what a person can do with it,
what is not accessible and why, how to ask for another format or report a problem, the
enforcement procedure, the technical compliance status, what is being done, and when it
was prepared, tested and will be reviewed. Who to contact and the dates come from the
[accessibility] section of the settings file; the limitations are the app's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.settings import Settings, SettingsError

REGULATIONS = ("the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
               "Accessibility Regulations 2018")
REGULATORS = ("ehrc", "ecni")


@dataclass(frozen=True)
class Contact:
    """Who answers, how, and the statement's dates (the [accessibility] section)."""
    who: str
    email: str
    phone: str
    reply_working_days: int
    regulator: str
    prepared: dt.date
    last_reviewed: dt.date
    last_tested: dt.date
    next_review: dt.date


def contact(settings: Settings) -> Contact:
    """The [accessibility] section, checked: a statement with a wrong date or no way to
    reach anyone would mislead the person it is for."""
    raw = settings.raw.get("accessibility", {})
    try:
        found = Contact(
            who=str(raw.get("contact") or f"the {settings.name}"),
            email=str(raw.get("email", "")).strip(),
            phone=str(raw.get("phone", "")).strip(),
            reply_working_days=int(raw.get("reply_working_days", 10)),
            regulator=str(raw.get("regulator", "ehrc")).lower(),
            prepared=_date(raw, "prepared"), last_reviewed=_date(raw, "last_reviewed"),
            last_tested=_date(raw, "last_tested"), next_review=_date(raw, "next_review"))
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{settings.source}: [accessibility] {exc}") from exc
    if found.regulator not in REGULATORS:
        raise SettingsError(f"{settings.source}: [accessibility] regulator must be one of "
                            f"{', '.join(REGULATORS)}, not {found.regulator!r}")
    if not (found.email or found.phone):
        raise SettingsError(f"{settings.source}: [accessibility] needs an email or a phone "
                            "number for people to ask for another format")
    return found


def _date(raw: dict, key: str) -> dt.date:
    value = raw.get(key)
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise ValueError(f"{key} is missing (a TOML date, such as 2026-12-06)")
    return dt.date.fromisoformat(str(value))


def day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def statement(settings: Settings) -> list[tuple[str, str]]:
    """The statement as (heading, Markdown) sections, in the model's order."""
    c = contact(settings)
    idle = int(settings.raw.get("access", {}).get("idle_minutes", 30))
    return [
        ("", _intro(settings, c)),
        ("How accessible this app is", _limits_in_brief()),
        ("Feedback and contact information", _feedback(c)),
        ("Reporting accessibility problems with this app", _reporting(settings, c)),
        ("Enforcement procedure", _enforcement(c)),
        ("Technical information about this app's accessibility",
         f"The {settings.name} is committed to making Outcomes Monitor accessible, in "
         f"accordance with {REGULATIONS}."),
        ("Compliance status",
         "This app is **partially compliant** with the [Web Content Accessibility "
         "Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard, due to the "
         "non-compliances listed below."),
        ("Non-accessible content", _non_compliant(idle)),
        ("What we're doing to improve accessibility", _improving(c)),
        ("Preparation of this accessibility statement", _preparation(c)),
    ]


def _intro(settings: Settings, c: Contact) -> str:
    return (
        f"This accessibility statement applies to Outcomes Monitor, the {settings.name}'s "
        "dashboard of outcomes for the children and young people it looks after and "
        f"protects, and to the board pack it makes.\n\n"
        f"This app is run by {c.who}. We want as many people as possible to be able to use "
        "it. For example, that means you should be able to:\n\n"
        "- change colours, contrast levels and fonts using browser or device settings\n"
        "- zoom in up to 200% without the text spilling off the screen\n"
        "- use most of the app with a keyboard alone: the menu, every filter, the tables and "
        "the downloads\n"
        "- listen to every page with a screen reader, each chart through its summary "
        "sentence, its description and its figures as a table\n"
        "- use the app on a network without the internet: it asks for nothing from any "
        "other website\n\n"
        "We've also made the text as simple as possible to understand: every chart has a "
        "sentence above it saying what it shows, and every measure a plain definition on "
        "the Definitions page.\n\n"
        "[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device "
        "easier to use if you have a disability.")


def _limits_in_brief() -> str:
    return (
        "We know some parts of this app are not fully accessible:\n\n"
        "- the details that appear when you point at a chart cannot be reached with a "
        "keyboard (the same figures are in the table under each chart)\n"
        "- the board pack PDF is not tagged, so a screen reader cannot follow its headings "
        "and tables, and its charts have no text alternative inside the PDF\n"
        "- the table of quarantined rows on the Loads and quarantine page is an interactive grid "
        "that some screen readers read cell by cell with little context\n"
        "- the menu's sections are not marked up as a list of lists\n"
        "- a signed-in session ends after a set time without use, with no warning")


def _ways_to_reach(c: Contact) -> str:
    ways = []
    if c.email:
        ways.append(f"- email [{c.email}](mailto:{c.email})")
    if c.phone:
        ways.append(f"- call {c.phone}")
    return "\n".join(ways)


def _feedback(c: Contact) -> str:
    return (
        "If you need information in this app, or the board pack, in a different format "
        "such as an accessible PDF, large print, easy read, an audio recording or braille, "
        f"or its figures as a spreadsheet, contact {c.who}:\n\n{_ways_to_reach(c)}\n\n"
        "Say which page or pack you need, for which quarter, and the format. We'll "
        f"consider your request and get back to you in {c.reply_working_days} working days.")


def _reporting(settings: Settings, c: Contact) -> str:
    return (
        "We're always looking to improve the accessibility of this app. If you find any "
        "problems not listed on this page or think we're not meeting accessibility "
        f"requirements, contact {c.who}:\n\n{_ways_to_reach(c)}\n\n"
        "Tell us the page's address, what you were trying to do and, if you use one, the "
        "assistive technology you were using.")


def _enforcement(c: Contact) -> str:
    if c.regulator == "ecni":
        return (
            "The Equality Commission for Northern Ireland (ECNI) is responsible for "
            f"enforcing {REGULATIONS} (the 'accessibility regulations') in Northern "
            "Ireland. If you're not happy with how we respond to your complaint, [contact "
            "the Equality Commission for Northern Ireland](https://www.equalityni.org/Home).")
    return (
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
        f"{REGULATIONS} (the 'accessibility regulations'). If you're not happy with how we "
        "respond to your complaint, [contact the Equality Advisory and Support Service "
        "(EASS)](https://www.equalityadvisoryservice.com/).")


def _non_compliant(idle_minutes: int) -> str:
    return (
        "**Non-compliance with the accessibility regulations**\n\n"
        "1. The hover details of the interactive charts (each point's exact value and "
        "period) open only when a mouse points at them, not from the keyboard. This fails "
        "WCAG 2.2 success criterion 2.1.1 (Keyboard). Every chart has a summary sentence, a "
        "description for screen readers and its figures as a table you can reach with the "
        "keyboard (\"the figures as a table\" under each chart), with the same numbers.\n"
        "2. The board pack PDF has no tags: its headings, reading order and tables are not "
        "marked for a screen reader, and its chart images have no text alternative. This "
        "fails WCAG 2.2 success criteria 1.1.1 (Non-text content), 1.3.1 (Info and "
        "relationships) and 1.3.2 (Meaningful sequence). Each chart in the pack has its "
        "summary sentence beside it; every figure is in the app's tables and downloads "
        "(CSV and Excel), and the evidence pack holds every figure's data. Ask us for the "
        "pack in another format (see above).\n"
        "3. The table of quarantined rows on the Loads and quarantine page (for data "
        "analysts) is an interactive data grid drawn on a canvas: screen readers announce "
        "its cells with less context than an ordinary table. This may fail success "
        "criterion 1.3.1 (Info and relationships). The same rows are listed as plain text "
        "by the command `outcomes report` (or as data with `outcomes report --json`).\n"
        "4. The menu is drawn by the Streamlit framework the app is built on. Its sections "
        "are lists whose items are not directly inside them, so a screen reader may not "
        "announce how many pages a section holds. This fails success criterion 1.3.1 (Info "
        "and relationships). The pages are still links with their names.\n"
        f"5. Where a partnership account is used, the session ends after {idle_minutes} "
        "minutes without use, to protect children's information, with no warning and no "
        "way to extend it first. This fails success criterion 2.2.1 (Timing adjustable). "
        "Nothing is lost: the filters you chose are kept in the page's address, and you "
        "are returned to the same page after signing in again.\n\n"
        "**Disproportionate burden**\n\nWe are not claiming disproportionate burden for any "
        "part of this app.\n\n"
        "**Content that's not within the scope of the accessibility regulations**\n\n"
        "None: every page and pack the app makes is within scope.")


def _improving(c: Contact) -> str:
    return (
        f"By the next review of this statement ({day(c.next_review)}) we plan to:\n\n"
        "- make the board pack a tagged PDF with text alternatives for its charts\n"
        "- offer the quarantined rows as an ordinary table as well as the grid\n"
        "- warn before a signed-in session ends, with a way to continue\n"
        "- report the menu's list markup to the Streamlit project and adopt its fix\n"
        "- have the app tested by people who use screen readers and by zoom to 400% "
        "(success criterion 1.4.10, Reflow), which has not yet been checked by hand")


def _preparation(c: Contact) -> str:
    return (
        f"This statement was prepared on {day(c.prepared)}. It was last reviewed on "
        f"{day(c.last_reviewed)}.\n\n"
        f"This app was last tested on {day(c.last_tested)} against the WCAG 2.2 AA "
        "standard. The test was carried out by the app's developers. Every page, the "
        "Definitions and this statement included, is checked in a browser with axe-core "
        "(the WCAG 2.0, 2.1 and 2.2 A and AA rules) each time the app's code changes; at "
        "1024 by 768 pixels, a projector's size, for text cut off; and with every other "
        "website blocked. The board pack's pages were read as images. Automated tests find "
        "only some accessibility problems, so the non-compliances above also come from "
        "reading the pages ourselves.")
