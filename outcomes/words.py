"""Plain words for the codes the pages and packs show, in one place."""


STATUS_WORDS = {"off_track": "off track", "at_risk": "at risk", "not_started": "not started",
                "on_track": "on track", "complete": "complete"}
VARIATION_LABEL = {"common_cause": "No significant change", "improvement_high": "Improving",
                   "improvement_low": "Improving", "concern_high": "Getting worse",
                   "concern_low": "Getting worse", "neither_high": "Significant rise",
                   "neither_low": "Significant fall"}
TABLE_LABELS = {"children": "Children", "looked_after_episodes": "Placements",
                "child_protection_registrations": "Child protection registrations",
                "wellbeing_assessments": "Wellbeing assessments", "care_leavers": "Care leavers",
                "feedback": "Feedback", "improvement_actions": "Action plan",
                "targets": "Targets",
                # published comparators (outcomes benchmarks load)
                "bench_lgbf": "LGBF indicators", "bench_lgbf_lac": "LGBF looked-after children",
                "bench_scotpho": "ScotPHO profiles",
                "bench_care_services": "Care Inspectorate register",
                "bench_care_grades": "Care Inspectorate grading history"}

# Said on every page, the board pack cover and the evidence pack when the data are the demo.
DEMO_BANNER = "Synthetic demo data: made up for demonstration, no real child is in it."

# What the SPC assurance says of a target.
ASSURANCE_WORDS = {"pass": "will be met", "fail": "will be missed", "hit_and_miss": "hit and miss"}
