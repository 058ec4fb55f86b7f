"""The indicator catalogue: the one registry of what the product measures.

Pages, exports, the definitions page, the ETL's checks on targets and on the
action plan's indicator lists, and the tests all read this. An indicator
that is shown must be here; an indicator here must be shown somewhere.
"""

from __future__ import annotations

from core.catalogue_england import ENGLAND
from core.frameworks import indicator_tags, tag_words
from core.indicator import (  # noqa: F401 (re-exported: the catalogue's vocabulary)
    IMPROVEMENT_POINTS, POINTS, STRENGTHS, Indicator)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="lac_count",
        title="Children looked after",
        definition="Children and young people looked after on the last day of the period.",
        numerator="Children with a placement open on the day",
        denominator="",
        unit="count",
        better="neither",
        point="corporate_parenting",
        sources=("looked_after_episodes", "children"),
        official_twin="Children's Social Work Statistics, looked after at 31 July"),
    Indicator(
        id="lac_community_pct",
        title="Looked after in the community",
        definition=(
            "Share of looked-after children placed in the community (at home, "
            "kinship, foster, with prospective adopters, other community) rather than"
            " in residential care."
        ),
        numerator="Looked after in a community placement",
        denominator="All looked after",
        unit="%",
        better="higher",
        point="corporate_parenting",
        sources=("looked_after_episodes",),
        official_twin="LGBF CHN9 (31 July snapshot)"),
    Indicator(
        id="placement_moves_pct",
        title="More than one placement in the year",
        definition=(
            "Share of children looked after at any time in the 12 months who had more"
            " than one placement in those months."
        ),
        numerator="Children with two or more placements in the 12 months",
        denominator="Children looked after at any time in the 12 months",
        unit="%",
        better="lower",
        point="corporate_parenting",
        sources=("looked_after_episodes",),
        official_twin="LGBF CHN23 (year 1 August to 31 July)",
        countries=("scotland",)),
    Indicator(
        id="cp_registrations",
        title="Child protection registrations",
        definition="New registrations on the child protection register in the period.",
        numerator="Registrations with a registration date in the period",
        denominator="",
        unit="count",
        better="neither",
        point="child_protection",
        sources=("child_protection_registrations",),
        official_twin="Children's Social Work Statistics, registrations in the year"),
    Indicator(
        id="cp_reregistration_pct",
        title="Re-registrations within 18 months",
        definition=(
            "Share of registrations in the period for a child de-registered within "
            "the previous 18 months."
        ),
        numerator=(
            "Registrations within 18 months of the same child's previous "
            "de-registration"
        ),
        denominator="Registrations in the period",
        unit="%",
        better="lower",
        point="child_protection",
        sources=("child_protection_registrations",),
        official_twin="LGBF CHN22"),
    Indicator(
        id="aftercare_receiving_pct",
        title="Care leavers receiving aftercare",
        definition="Share of young people eligible for aftercare who are receiving it.",
        numerator="Eligible and receiving aftercare",
        denominator="Eligible for aftercare",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leavers",),
        official_twin="Children's Social Work Statistics, aftercare at 31 July",
        countries=("scotland",)),
    Indicator(
        id="care_leavers_pathway_plan_pct",
        title="Care leavers with a pathway plan",
        definition="Share of care leavers receiving aftercare who have a pathway plan.",
        numerator="Receiving aftercare with a pathway plan",
        denominator="Receiving aftercare",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leavers",),
        countries=("scotland",)),
    Indicator(
        id="care_leavers_homeless_pct",
        title="Care leavers homeless",
        definition=(
            "Share of care leavers receiving aftercare, with known accommodation, who"
            " are homeless."
        ),
        numerator="Homeless",
        denominator="Receiving aftercare with known accommodation",
        unit="%",
        better="lower",
        point="care_leavers",
        sources=("care_leavers",),
        countries=("scotland",)),
    Indicator(
        id="care_leavers_eet_pct",
        title="Care leavers in education, training or employment",
        definition=(
            "Share of care leavers receiving aftercare, with known activity, in "
            "education, training or employment (volunteering counts as not)."
        ),
        numerator="In education, training or employment",
        denominator="Receiving aftercare with known activity",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leavers",),
        official_twin="Children's Social Work Statistics (unknowns left out of the denominator)",
        countries=("scotland",)),
    Indicator(
        id="continuing_care_pct",
        title="Care leavers in continuing care",
        definition=(
            "Share of young people who ceased to be looked after at 16 or over in the"
            " 12 months from an eligible placement (kinship, foster or residential "
            "care, not secure or crisis care) who stayed on in it under continuing care."
        ),
        numerator="Ceased with reason continuing care",
        denominator="Ceased at 16+ from kinship, foster or residential care",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("looked_after_episodes", "children"),
        official_twin="Children's Social Work Statistics, continuing care",
        caveats=("The eligible placements are those of s.26A of the Children (Scotland) Act "
                 "1995, listed once in core/rules.py: secure care is not one.")),
    Indicator(
        id="wellbeing_improved_pct",
        title="Children whose wellbeing improved",
        definition=(
            "Share of children looked after at the end of the period, with two or "
            "more wellbeing assessments by then, whose average SHANARRI score (as a "
            "share of the scale) is higher at their latest assessment than at their "
            "first."
        ),
        numerator="Children whose latest average score is above their first",
        denominator="Looked-after children with two or more assessments",
        unit="%",
        better="higher",
        point="childrens_houses",
        sources=("wellbeing_assessments", "looked_after_episodes"),
        countries=("scotland",)),
    Indicator(
        id="wellbeing_assessed_recent_pct",
        title="Looked-after children with a recent wellbeing assessment",
        definition=(
            "Share of children looked after at the end of the period with a wellbeing"
            " assessment in the 12 months before it."
        ),
        numerator="Looked after with an assessment in the last 12 months",
        denominator="Looked after",
        unit="%",
        better="higher",
        point="data_and_outcomes",
        sources=("wellbeing_assessments", "looked_after_episodes"),
        countries=("scotland",)),
    Indicator(
        id="voice_coverage_pct",
        title="Children whose views were recorded",
        definition=(
            "Share of children looked after or on the child protection register at "
            "the end of the period whose views were recorded in the 12 months before "
            "it."
        ),
        numerator="With a view recorded in the last 12 months",
        denominator="Looked after or on the register",
        unit="%",
        better="higher",
        point="voice",
        sources=("feedback", "looked_after_episodes", "child_protection_registrations")),
    Indicator(
        id="voice_acted_on_pct",
        title="Views acted on",
        definition="Share of views received in the 12 months that have an action recorded.",
        numerator="Views with an action",
        denominator="Views received",
        unit="%",
        better="higher",
        point="voice",
        sources=("feedback",)),
    Indicator(
        id="voice_told_outcome_pct",
        title="Children told what happened",
        definition=(
            "Share of views received in the 12 months where the child was told the "
            'outcome ("you said, we did").'
        ),
        numerator="Views where the child was told the outcome",
        denominator="Views received",
        unit="%",
        better="higher",
        point="voice",
        sources=("feedback",)),
    Indicator(
        id="voice_used_in_planning_pct",
        title="Views used in planning",
        definition=(
            "Share of views received in the 12 months that informed service or "
            "children's services planning."
        ),
        numerator="Views used in planning",
        denominator="Views received",
        unit="%",
        better="higher",
        point="voice",
        sources=("feedback",)),
    Indicator(
        id="data_completeness_pct",
        title="Data completeness",
        definition=(
            "Share of the cells in the contract's optional columns that hold a value, "
            "across every record the partnership's loaded tables hold (all years, not one "
            "quarter), as at the latest load. Required columns are always filled: a row "
            "without one is quarantined."
        ),
        numerator="Optional cells with a value",
        denominator="Optional cells in every loaded record",
        unit="%",
        better="higher",
        point="data_and_outcomes",
        sources=("children", "looked_after_episodes", "child_protection_registrations",
                 "wellbeing_assessments", "care_leavers", "feedback"),
        caveats=("Shown only at the data's as-at quarter: it describes the records as they "
                 "are now, not as they were in an earlier quarter.")),
    *ENGLAND,
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
IDS: tuple[str, ...] = tuple(BY_ID)


BETTER_WORDS = {"higher": "higher is better", "lower": "lower is better",
                "neither": "neither higher nor lower is better"}


def definition_fields(ind: Indicator, country: str = "scotland") -> list[tuple[str, str]]:
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
    if country == "scotland":          # the inspection's questions and The Promise are Scotland's
        fields += tag_words(indicator_tags(ind.id))
    fields.append(("Indicator id", ind.id))
    return fields


def for_country(country: str = "scotland") -> list[Indicator]:
    """The indicators a partnership in `country` ("scotland" or "england") is shown."""
    return [i for i in INDICATORS if country in i.countries]


def for_point(point: str, country: str = "scotland") -> list[Indicator]:
    return [i for i in for_country(country) if i.point == point]
