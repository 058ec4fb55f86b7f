"""What an indicator is, and the inspection's points it is filed under: the shapes the
catalogue (core/catalogue.py) and England's measures (core/catalogue_england.py) share."""

from __future__ import annotations

from dataclasses import dataclass

POINTS = {
    "corporate_parenting": "Corporate parenting oversight",
    "care_leavers": "Care leavers' transitions to adulthood",
    "data_and_outcomes": "Data on outcomes",
    "voice": "Hearing and acting on children's voices",
    "child_protection": "Child protection (strength to sustain)",
    "childrens_houses": "Children's houses and wellbeing (strength to sustain)",
}
IMPROVEMENT_POINTS = ("corporate_parenting", "care_leavers", "data_and_outcomes", "voice")
STRENGTHS = ("child_protection", "childrens_houses")


@dataclass(frozen=True, kw_only=True)
class Indicator:
    id: str
    title: str
    definition: str
    numerator: str
    denominator: str
    unit: str                  # "%", "count", "score", "days", "rate per 1,000"
    better: str                # "higher", "lower" or "neither"
    point: str                 # a key of POINTS
    sources: tuple[str, ...]   # warehouse tables it is computed from
    official_twin: str = ""    # the published statistic it is computed to match
    caveats: str = ""
    # the partnerships it is shown to: England's DfE measures need an SSDA903 return
    countries: tuple[str, ...] = ("scotland", "england")
