"""The frameworks a partnership reports against, and what in the catalogue and the action
plan speaks to each: the joint inspection's five key questions (the 2018-2020 joint
inspections of services for children in need of care and protection) and The Promise
Scotland's Plan 24-30 foundations.

Each indicator is tagged here by its catalogue id (a test checks every indicator is);
an improvement action takes the tags of its improvement point and of the indicators it
names, so the action plan can be read against the same frameworks. The sidebar's
"Report against" narrows the overview, the action plan and the definitions to one
question or one foundation (outcomes/app/sidebar.py); the inspection's points stay the
default view.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_QUESTIONS = {
    "kq1": "Recognising and responding when children need protection",
    "kq2": "Helping children who experienced abuse and neglect stay safe, healthy and "
           "recover",
    "kq3": "Maximising the wellbeing of looked-after children",
    "kq4": "Enabling care-experienced young people to succeed in their transition to "
           "adulthood",
    "kq5": "Collaborative leadership",
}

# The Promise Scotland, Plan 24-30: the five foundations of the Independent Care Review
PROMISE = {
    "voice": "Voice: children are listened to and meaningfully and appropriately involved "
             "in decisions about their care",
    "family": "Family: children stay with their families where they are safe, and "
              "families get the support they need",
    "care": "Care: children who cannot stay with their families live in stable, loving "
            "homes and keep the relationships that matter",
    "people": "People: children are supported to keep the people who matter to them, and "
              "the workforce is supported to care",
    "scaffolding": "Scaffolding: children, families and the workforce are supported by a "
                   "system of help, support and accountability that is there when needed",
}


@dataclass(frozen=True)
class Tags:
    key_questions: tuple[str, ...]
    promise: tuple[str, ...]

    def has(self, choice: str) -> bool:
        """Whether these tags meet a "Report against" choice ("kq3", "promise:care")."""
        kind, _, key = choice.partition(":")
        return key in self.promise if kind == "promise" else choice in self.key_questions


def _t(kq: str, promise: str) -> Tags:
    return Tags(tuple(kq.split()), tuple(promise.split()))


INDICATOR_TAGS: dict[str, Tags] = {
    "lac_count": _t("kq3 kq5", "family care"),
    "lac_community_pct": _t("kq3", "family care"),
    "placement_moves_pct": _t("kq3", "care people"),
    "cp_registrations": _t("kq1", "family"),
    "cp_reregistration_pct": _t("kq1 kq2", "family"),
    "aftercare_receiving_pct": _t("kq4", "care scaffolding"),
    "care_leavers_pathway_plan_pct": _t("kq4", "care scaffolding"),
    "care_leavers_homeless_pct": _t("kq4", "care scaffolding"),
    "care_leavers_eet_pct": _t("kq4", "care"),
    "continuing_care_pct": _t("kq4", "care people"),
    "wellbeing_improved_pct": _t("kq2 kq3", "care"),
    "wellbeing_assessed_recent_pct": _t("kq3 kq5", "scaffolding"),
    "voice_coverage_pct": _t("kq3 kq5", "voice"),
    "voice_acted_on_pct": _t("kq5", "voice"),
    "voice_told_outcome_pct": _t("kq5", "voice"),
    "voice_used_in_planning_pct": _t("kq5", "voice scaffolding"),
    "data_completeness_pct": _t("kq5", "scaffolding"),
    # England's own (DfE's definitions, from the SSDA903 return)
    "placements_three_plus_pct": _t("kq3", "care people"),
    "long_term_stability_pct": _t("kq3", "care people"),
    "leavers_in_touch_17_18_pct": _t("kq4", "people scaffolding"),
    "leavers_in_touch_19_21_pct": _t("kq4", "people scaffolding"),
    "leavers_eet_17_18_pct": _t("kq4", "care"),
    "leavers_eet_19_21_pct": _t("kq4", "care"),
    "leavers_suitable_accommodation_17_18_pct": _t("kq4", "care scaffolding"),
    "leavers_suitable_accommodation_19_21_pct": _t("kq4", "care scaffolding"),
    "review_participation_pct": _t("kq3 kq5", "voice"),
}

# An action's own point says which question and foundation it serves, before the
# indicators it names add theirs.
POINT_TAGS: dict[str, Tags] = {
    "corporate_parenting": _t("kq3 kq5", "care scaffolding"),
    "care_leavers": _t("kq4", "care"),
    "data_and_outcomes": _t("kq5", "scaffolding"),
    "voice": _t("kq5", "voice"),
    "child_protection": _t("kq1 kq2", "family"),
    "childrens_houses": _t("kq3", "care people"),
}

DEFAULT = "points"                 # the inspection's points: every indicator and action


def choices(country: str = "scotland") -> dict[str, str]:
    """Every "Report against" choice and its label, the default first. The joint
    inspection's questions and The Promise are Scotland's: an English council has the
    points alone."""
    out = {DEFAULT: "The inspection's points (all)"}
    if country != "scotland":
        return out
    out |= {k: f"Inspection question {k[2]}: {v}" for k, v in KEY_QUESTIONS.items()}
    out |= {f"promise:{k}": f"The Promise, {v.split(':')[0]}" for k, v in PROMISE.items()}
    return out


def indicator_tags(indicator_id: str) -> Tags:
    return INDICATOR_TAGS.get(indicator_id, Tags((), ()))


def action_tags(point: str, indicators: tuple[str, ...] | list[str] = ()) -> Tags:
    """An action's tags: its point's and those of every indicator it names."""
    parts = [POINT_TAGS.get(point, Tags((), ()))] + [indicator_tags(i) for i in indicators]
    return Tags(tuple(dict.fromkeys(k for p in parts for k in p.key_questions)),
                tuple(dict.fromkeys(k for p in parts for k in p.promise)))


def meets(tags: Tags, choice: str) -> bool:
    """Whether something with these tags is shown under a "Report against" choice."""
    return choice == DEFAULT or tags.has(choice)


def tag_words(tags: Tags) -> list[tuple[str, str]]:
    """The tags as (label, text) pairs, for every place that prints a definition."""
    out = []
    if tags.key_questions:
        out.append(("Inspection questions", "; ".join(
            f"{k[2]}. {KEY_QUESTIONS[k]}" for k in tags.key_questions)))
    if tags.promise:
        out.append(("The Promise foundations", ", ".join(
            PROMISE[k].split(":")[0] for k in tags.promise)))
    return out
