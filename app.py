"""Outcomes Monitor: routing and access only. Pages live in pages/, their sections in outcomes/app/.

Each run: who is using the app (outcomes/access/signin.py), the pages their role may see
(outcomes/access/roles.py: the others are hidden from the menu and refused at their
address), the shared filters, a line in the audit log, then the page.
"""

import streamlit as st

from outcomes.access import roles, signin
from outcomes.app import sidebar, ui

SIDEBAR_PX = 250      # narrow enough for a 1024-pixel projector; the reader can collapse it
# the icon is a file of ours: a ":material/...:" page icon is fetched from a public font host
st.set_page_config(page_title="Outcomes Monitor", page_icon=str(ui.FAVICON), layout="wide",
                   initial_sidebar_state=SIDEBAR_PX)

# section -> (script, title, icon, URL path); "" is the overview, the default page
PAGES = {
    "Progress": [
        ("pages/partnership_overview.py", "Overview", ":material/dashboard:", ""),
        ("pages/action_plan.py", "Action plan", ":material/checklist:", "action-plan"),
        ("pages/how_we_compare.py", "How we compare", ":material/compare_arrows:", "compare"),
    ],
    "Improvement points": [
        ("pages/corporate_parenting.py", "Corporate parenting", ":material/family_restroom:",
         "corporate-parenting"),
        ("pages/care_leavers.py", "Care leavers", ":material/hiking:", "care-leavers"),
        ("pages/voice_and_feedback.py", "Voice and feedback", ":material/forum:", "voice"),
        ("pages/you_said.py", "You said, we did", ":material/record_voice_over:",
         "you-said-we-did"),
        ("pages/listening_outcomes.py", "Did listening help?", ":material/hearing:",
         "listening"),
        ("pages/data_quality.py", "Data quality", ":material/fact_check:", "data-quality"),
    ],
    "Strengths to sustain": [
        ("pages/wellbeing_scores.py", "Wellbeing", ":material/favorite:", "wellbeing"),
        ("pages/child_protection.py", "Child protection", ":material/shield:",
         "child-protection"),
    ],
    "About": [
        ("pages/indicator_definitions.py", "Definitions", ":material/menu_book:",
         "definitions"),
        ("pages/accessibility_statement.py", "Accessibility", ":material/accessibility:",
         "accessibility"),
        ("pages/data_loads.py", "Loads and quarantine", ":material/inventory:", "data-loads"),
    ],
}


def _page(script: str, title: str, icon: str, path: str, role: str) -> st.Page:
    visible = "visible" if roles.page_allowed(role, path) else "hidden"
    # the default page still needs a URL path unlike its file name (AppTest would rerun a
    # page whose URL path equals its file name on its own, without this script)
    return st.Page(script, title=title, icon=icon, url_path=path or "home",
                   default=not path, visibility=visible)


def _alias(script: str, title: str, icon: str, path: str) -> st.Page:
    """The overview again at /overview, the address board papers link to: Streamlit serves
    the default page only at /, and greets any other address it does not know with
    "Page not found"."""
    return st.Page(script, title=title, icon=icon, url_path=ALIAS, visibility="hidden")


ALIAS = "overview"


wh = ui.warehouse()
demo = wh is None or ui.status().demo
user = signin.current_user(demo)
if user is None:
    signin.gate([path for pages in PAGES.values() for *_, path in pages])
    st.stop()
st.session_state["_user"] = user

menu = {section: [_page(*spec, user.role) for spec in specs] for section, specs in PAGES.items()}
menu["Progress"].append(_alias(*PAGES["Progress"][0]))
# every page listed: Streamlit would fold the last ones under "View more", and a board
# member would not find the strengths to sustain
page = st.navigation(menu, expanded=True)
path = "" if page.url_path == ALIAS else page.url_path
signin.sidebar(user)
if wh is not None and demo:
    ui.demo_banner()                     # on every page, the refusal included
# the filters are drawn even on a refused page, so that they keep their values
filters = sidebar.render(user) if wh is not None else None
if not roles.page_allowed(user.role, path):
    signin.refuse(user, f"/{path}")
signin.record_view(user, path, filters.to_query() if filters else {})
page.run()
