"""Plain words for the codes the pages and packs show, in one place."""

import datetime as dt

from core.contract import PLACEMENT_TYPES
from core.rules import CHILD_AGE_BANDS, LEAVER_AGE_BANDS

PLACEMENT_LABELS = {
    "home_with_parents": "At home with parents", "kinship": "Kinship care",
    "foster_la": "Foster care (council)", "foster_purchased": "Foster care (purchased)",
    "prospective_adopters": "With prospective adopters", "other_community": "Other community",
    "residential_la": "Council children's house", "residential_voluntary": "Voluntary home",
    "residential_school": "Residential school", "secure": "Secure care",
    "crisis_care": "Crisis care", "other_residential": "Other residential",
    "on_register_only": "On the register, not looked after",
}


def quarter_label(d: dt.date) -> str:
    return f"{d.year} Q{(d.month - 1) // 3 + 1}"


def natural_order(values) -> list:
    """Categories in their natural order: age bands by age (children's, then care leavers'),
    placements as the contract lists them, the rest as given. Never alphabetical where the
    names are not the order ("Under 5" before "5-11")."""
    known = [label for _, label in CHILD_AGE_BANDS] + ["Anonymous"] + [
        label for _, label in LEAVER_AGE_BANDS] + list(PLACEMENT_TYPES) + [
        "on_register_only", "Disabled", "Not disabled", "Not known",
        "female", "male", "other", "unknown"]
    rank = {v: i for i, v in enumerate(dict.fromkeys(known))}
    values = list(dict.fromkeys(values))
    return sorted(values, key=lambda v: (rank.get(v, len(rank)), values.index(v)))


def plain(code) -> str:
    """A code as words ('not_in_education' -> 'Not in education'); placement codes by their
    label; names (anything not all lower case) stay as written."""
    text = str(code)
    if text in PLACEMENT_LABELS:
        return PLACEMENT_LABELS[text]
    return text.replace("_", " ").capitalize() if text == text.lower() else text


# An action's status as shown (outcomes.words.actions.shown_status), the most pressing
# first: "overdue" is judged from the due date; the rest are the partnership's own.
STATUS_WORDS = {"overdue": "overdue", "off_track": "off track", "at_risk": "at risk",
                "not_started": "not started", "on_track": "on track", "complete": "complete"}
VARIATION_LABEL = {"common_cause": "No significant change", "improvement_high": "Improving",
                   "improvement_low": "Improving", "concern_high": "Getting worse",
                   "concern_low": "Getting worse", "neither_high": "Significant rise",
                   "neither_low": "Significant fall"}
TABLE_LABELS = {"children": "Children", "looked_after_episodes": "Placements",
                "child_protection_registrations": "Child protection registrations",
                "wellbeing_assessments": "Wellbeing assessments", "care_leavers": "Care leavers",
                "feedback": "Feedback", "improvement_actions": "Action plan",
                "targets": "Targets",
                # published comparators (outcomes comparators load)
                "comparator_lgbf": "LGBF indicators",
                "comparator_lgbf_lac": "LGBF looked-after children",
                "comparator_scotpho": "ScotPHO profiles",
                "comparator_care_services": "Care Inspectorate register",
                "comparator_care_grades": "Care Inspectorate grading history",
                "comparator_dfe_neighbours": "DfE statistical neighbours",
                "comparator_dfe_cla": "DfE children looked after",
                "comparator_dfe_care_leavers": "DfE care leavers",
                "comparator_dfe_stability": "DfE placement stability",
                "comparator_dfe_cpp": "DfE child protection plans"}

# Said on every page, the board pack cover and the evidence pack when the data are the demo.
DEMO_BANNER = "Synthetic demo data: made up for demonstration, no real child is in it."

# Making Data Count's icons on screen: each verdict's colour and a shape of its own (an
# arrow's direction, a tick or a cross), so the meaning survives greyscale and colour
# blindness. Colours say good or bad only through the verdict, never a change's sign.
VARIATION_ICON = {
    "improvement_high": ("blue", ":material/trending_up:"),
    "improvement_low": ("blue", ":material/trending_down:"),
    "concern_high": ("orange", ":material/trending_up:"),
    "concern_low": ("orange", ":material/trending_down:"),
    "common_cause": ("gray", ":material/trending_flat:"),
    "neither_high": ("violet", ":material/trending_up:"),
    "neither_low": ("violet", ":material/trending_down:"),
}
ASSURANCE_ICON = {"pass": ("blue", ":material/check_circle:"),
                  "fail": ("orange", ":material/cancel:"),
                  "hit_and_miss": ("gray", ":material/help:"),
                  "not_judged": ("gray", ":material/pending:")}

# What the SPC assurance says of a target.
ASSURANCE_WORDS = {"pass": "will be met", "fail": "will be missed", "hit_and_miss": "hit and miss",
                   "not_judged": "not judged while the process is changing"}


_MARKDOWN_MARKS = set("\\`*_[]<>|~$:")


def escape_markdown(text: str) -> str:
    """Text shown as itself where Streamlit renders Markdown (a table cell): every mark
    that could start emphasis, code, a link or an image, HTML, a cell break, maths or an
    icon (":material/...:") is escaped; digits and full stops are left as they are."""
    return "".join("\\" + ch if ch in _MARKDOWN_MARKS else ch for ch in str(text))
