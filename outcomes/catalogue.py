"""The indicator catalogue: the one registry of what the product measures.

Pages, exports, the definitions page, the ETL's checks on targets and on the
action plan's indicator lists, and the tests all read this. An indicator
that is shown must be here; an indicator here must be shown somewhere.
"""

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


@dataclass(frozen=True)
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


def _i(*args, **kwargs) -> Indicator:
    return Indicator(*args, **kwargs)


INDICATORS: tuple[Indicator, ...] = (
    _i("lac_count", "Children looked after",
       "Children and young people looked after on the last day of the period.",
       "Children with a placement open on the day", "", "count", "neither",
       "corporate_parenting", ("looked_after_episodes", "children"),
       "Children's Social Work Statistics, looked after at 31 July"),
    _i("lac_community_pct", "Looked after in the community",
       "Share of looked-after children placed in the community (at home, kinship, "
       "foster, with prospective adopters, other community) rather than in residential care.",
       "Looked after in a community placement", "All looked after", "%", "higher",
       "corporate_parenting", ("looked_after_episodes",), "LGBF CHN9 (31 July snapshot)"),
    _i("placement_moves_pct", "More than one placement in the year",
       "Share of children looked after at any time in the 12 months who had more than "
       "one placement in those months.",
       "Children with two or more placements in the 12 months",
       "Children looked after at any time in the 12 months", "%", "lower",
       "corporate_parenting", ("looked_after_episodes",),
       "LGBF CHN23 (year 1 August to 31 July)"),
    _i("cp_registrations", "Child protection registrations",
       "New registrations on the child protection register in the period.",
       "Registrations with a registration date in the period", "", "count", "neither",
       "child_protection", ("child_protection_registrations",),
       "Children's Social Work Statistics, registrations in the year"),
    _i("cp_reregistration_pct", "Re-registrations within 18 months",
       "Share of registrations in the period for a child de-registered within the "
       "previous 18 months.",
       "Registrations within 18 months of the same child's previous de-registration",
       "Registrations in the period", "%", "lower", "child_protection",
       ("child_protection_registrations",), "LGBF CHN22"),
    _i("aftercare_receiving_pct", "Care leavers receiving aftercare",
       "Share of young people eligible for aftercare who are receiving it.",
       "Eligible and receiving aftercare", "Eligible for aftercare", "%", "higher",
       "care_leavers", ("care_leavers",),
       "Children's Social Work Statistics, aftercare at 31 July"),
    _i("care_leavers_pathway_plan_pct", "Care leavers with a pathway plan",
       "Share of care leavers receiving aftercare who have a pathway plan.",
       "Receiving aftercare with a pathway plan", "Receiving aftercare", "%", "higher",
       "care_leavers", ("care_leavers",)),
    _i("care_leavers_homeless_pct", "Care leavers homeless",
       "Share of care leavers receiving aftercare, with known accommodation, who are homeless.",
       "Homeless", "Receiving aftercare with known accommodation", "%", "lower",
       "care_leavers", ("care_leavers",)),
    _i("care_leavers_eet_pct", "Care leavers in education, training or employment",
       "Share of care leavers receiving aftercare, with known activity, in education, "
       "training or employment (volunteering counts as not).",
       "In education, training or employment", "Receiving aftercare with known activity",
       "%", "higher", "care_leavers", ("care_leavers",),
       "Children's Social Work Statistics (unknowns left out of the denominator)"),
    _i("continuing_care_pct", "Care leavers in continuing care",
       "Share of young people who ceased to be looked after at 16 or over in the 12 "
       "months from an eligible placement (kinship, foster or residential) who stayed "
       "on in it under continuing care.",
       "Ceased with reason continuing care",
       "Ceased at 16+ from kinship, foster or residential", "%", "higher",
       "care_leavers", ("looked_after_episodes", "children"),
       "Children's Social Work Statistics, continuing care"),
    _i("wellbeing_improved_pct", "Children whose wellbeing improved",
       "Share of children looked after at the end of the period, with two or more wellbeing "
       "assessments by then, whose average SHANARRI score (as a share of the scale) is "
       "higher at their latest assessment than at their first.",
       "Children whose latest average score is above their first",
       "Looked-after children with two or more assessments", "%", "higher", "childrens_houses",
       ("wellbeing_assessments", "looked_after_episodes")),
    _i("wellbeing_assessed_recent_pct", "Looked-after children with a recent wellbeing assessment",
       "Share of children looked after at the end of the period with a wellbeing "
       "assessment in the 12 months before it.",
       "Looked after with an assessment in the last 12 months", "Looked after", "%",
       "higher", "data_and_outcomes", ("wellbeing_assessments", "looked_after_episodes")),
    _i("voice_coverage_pct", "Children whose views were recorded",
       "Share of children looked after or on the child protection register at the end "
       "of the period whose views were recorded in the 12 months before it.",
       "With a view recorded in the last 12 months",
       "Looked after or on the register", "%", "higher", "voice",
       ("feedback", "looked_after_episodes", "child_protection_registrations")),
    _i("voice_acted_on_pct", "Views acted on",
       "Share of views received in the 12 months that have an action recorded.",
       "Views with an action", "Views received", "%", "higher", "voice", ("feedback",)),
    _i("voice_told_outcome_pct", "Children told what happened",
       "Share of views received in the 12 months where the child was told the outcome "
       "(\"you said, we did\").",
       "Views where the child was told the outcome", "Views received", "%", "higher",
       "voice", ("feedback",)),
    _i("voice_used_in_planning_pct", "Views used in planning",
       "Share of views received in the 12 months that informed service or children's "
       "services planning.",
       "Views used in planning", "Views received", "%", "higher", "voice", ("feedback",)),
    _i("data_completeness_pct", "Data completeness",
       "Share of expected cells (required and optional contract columns) that hold a "
       "value, across the partnership's loaded tables.",
       "Cells with a value", "Cells expected", "%", "higher", "data_and_outcomes",
       ("children", "looked_after_episodes", "child_protection_registrations",
        "wellbeing_assessments", "care_leavers", "feedback")),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
IDS: tuple[str, ...] = tuple(BY_ID)


BETTER_WORDS = {"higher": "higher is better", "lower": "lower is better",
                "neither": "neither higher nor lower is better"}


def definition_fields(ind: Indicator) -> list[tuple[str, str]]:
    """An indicator's definition as (label, text) pairs, for every place that prints one."""
    fields = [("Improvement point", POINTS.get(ind.point, ind.point)),
              ("Numerator", ind.numerator)]
    if ind.denominator:
        fields.append(("Denominator", ind.denominator))
    fields += [("Unit", f"{ind.unit}; {BETTER_WORDS[ind.better]}"),
               ("Source tables", ", ".join(ind.sources))]
    if ind.official_twin:
        fields.append(("Computed to match", ind.official_twin))
    if ind.caveats:
        fields.append(("Caveats", ind.caveats))
    fields.append(("Indicator id", ind.id))
    return fields


def for_point(point: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.point == point]
