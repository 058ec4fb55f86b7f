"""Accessibility statement: what is and is not yet accessible."""

import streamlit as st

st.title("Accessibility statement")
st.markdown("""
We want everyone who needs Outcomes Monitor, including board members and inspectors
who use assistive technology, to be able to use it. We aim to meet the Web Content
Accessibility Guidelines (WCAG) 2.2 at level AA.

**What we do**
- Every chart has a one-sentence summary above it in plain English, a text
  description for screen readers, and the same figures as a table you can read
  with a screen reader (open "the figures as a table" under each chart).
- Colours are chosen to be told apart with colour-vision deficiencies (the
  Okabe-Ito palette), lines are labelled at their ends and differ in dash and
  marker as well as colour, so charts also read in greyscale print.
- Every filter and control has a visible label and can be used with the keyboard.
- Pages are tested automatically with axe-core for WCAG 2.2 A and AA rules.
- Small numbers are hidden ("c") to protect children's privacy; this is said under
  every chart where it happens.

**What is not yet accessible**
- The interactive charts themselves (hover, zoom) are canvas drawings: a screen
  reader reads their description and table, not the chart.
- The flow diagram of care leavers' transitions is hard to follow without sight;
  its table gives the same figures.
- Tables of quarantined rows on the data quality page use an interactive grid
  (a canvas), which screen readers read less well than the other tables.

**Feedback and contact**
If you find a problem, tell the partnership's performance and intelligence team.
We will reply within 10 working days. This statement was prepared on 27 November 2026.
""")
