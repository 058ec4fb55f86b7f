"""The indicator catalogue: the one registry of what the product measures.

Pages, exports, the definitions page, the ETL's checks on targets and on the
action plan's indicator lists, and the tests all read this. An indicator
that is shown must be here; an indicator here must be shown somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.frameworks import indicator_tags, tag_words

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


# Words England's yearly DfE measures share (their caveats).
_QUARTER = ("A quarter's figure is the same measure over the 12 months to that quarter's end; "
            "DfE's is the year to 31 March.")
_YEAR = ("DfE's figure is the SSDA903 year at 31 March (period 'ssda903_year'). " + _QUARTER)
_LEAVERS = (" OC3 records each young person once, around the birthday in the year. Young "
            "people who died since leaving care (IN_TOUCH DIED) or returned home for 6 months"
            " or more (RHOM) are left out, as DfE's published figures leave them out.")

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
        official_twin="LGBF CHN23 (year 1 August to 31 July)"),
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
        official_twin="Children's Social Work Statistics, aftercare at 31 July"),
    Indicator(
        id="care_leavers_pathway_plan_pct",
        title="Care leavers with a pathway plan",
        definition="Share of care leavers receiving aftercare who have a pathway plan.",
        numerator="Receiving aftercare with a pathway plan",
        denominator="Receiving aftercare",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leavers",)),
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
        sources=("care_leavers",)),
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
        official_twin="Children's Social Work Statistics (unknowns left out of the denominator)"),
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
        sources=("wellbeing_assessments", "looked_after_episodes")),
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
        sources=("wellbeing_assessments", "looked_after_episodes")),
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
    # England (SSDA903): DfE's own measures, computed as its local authority tables count
    # them. Shown only to English partnerships (countries), empty without a 903 return.
    Indicator(
        id="placements_three_plus_pct",
        title="Three or more placements in the year",
        definition=(
            "Share of children looked after at 31 March who had three or more placements "
            "during the year (1 April to 31 March). Placements counted: the one held at the "
            "start of the year (or the first begun in it), and each new placement with new "
            "carers begun in the year (SSDA903 reason for new episode P or B) or new period "
            "of care (S). Agreed series of short breaks (legal status V3, V4) are left out."
        ),
        numerator="Looked after at 31 March with three or more placements during the year",
        denominator="Children looked after at 31 March (not on short breaks)",
        unit="%",
        better="lower",
        point="corporate_parenting",
        sources=("looked_after_episodes", "new_episode_reasons", "children"),
        official_twin=("DfE, Stability measures for children looked after in England: CLA on "
                       "31 March with 3 or more placements during the year (formerly NI 62)"),
        caveats=(_YEAR + " A change of legal status only (RNE L), or of placement with the "
                 "same carers (T, U: for example placed for adoption with the current "
                 "foster carers), is not a new placement, as DfE counts. Temporary moves "
                 "(placement types T0-T4) are episodes with their own RNE and so count as "
                 "placements here; DfE's methodology was not found to say otherwise. The "
                 "return's episodes must reach back to the start of the year."),
        countries=("england",)),
    Indicator(
        id="long_term_stability_pct",
        title="Long-term placement stability",
        definition=(
            "Share of children under 16 at 31 March, looked after continuously for at least "
            "2.5 years, who had been living with the same carers for at least 2 years, or "
            "were placed for adoption and their adoptive placement together with the "
            "placement before it had lasted at least 2 years."
        ),
        numerator="With the same carers (or adoptive and previous placement) for 2+ years",
        denominator="Under 16 at 31 March and looked after continuously for 2.5+ years",
        unit="%",
        better="higher",
        point="corporate_parenting",
        sources=("looked_after_episodes", "new_episode_reasons", "children"),
        official_twin=("DfE, Stability measures for children looked after in England: "
                       "children looked after continuously for at least 2.5 years on 31 "
                       "March aged under 16, living with the same carer for at least 2 years "
                       "(formerly NI 63)"),
        caveats=(_YEAR + " Continuous care: episodes each starting on the day the one before "
                 "ended, from the last start to be looked after (RNE S); same carers: from "
                 "the last change of placement and carers (RNE P or B). Both are measured "
                 "from the earliest episode the return holds: where it does not reach back "
                 "to the start of the child's care, the durations are short and the "
                 "figure low. Short breaks (V3, V4) are left out."),
        countries=("england",)),
    Indicator(
        id="leavers_in_touch_17_18_pct",
        title="Care leavers aged 17-18 in touch with the council",
        definition=(
            "Share of care leavers whose 17th or 18th birthday"
            " fell in the year (SSDA903 OC3: now aged 17 to 18), with whom the local authority was in touch."
        ),
        numerator="In touch (OC3 IN_TOUCH YES)",
        denominator="Care leavers now aged 17 to 18 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 17 to 18 in touch with the local authority",
        caveats=(_YEAR + _LEAVERS + " Not in touch, refusing contact (REFU) and no longer requiring services (NREQ) count as not in touch."),
        countries=("england",)),
    Indicator(
        id="leavers_in_touch_19_21_pct",
        title="Care leavers aged 19-21 in touch with the council",
        definition=(
            "Share of care leavers whose 19th, 20th or 21st birthday"
            " fell in the year (SSDA903 OC3: now aged 19 to 21), with whom the local authority was in touch."
        ),
        numerator="In touch (OC3 IN_TOUCH YES)",
        denominator="Care leavers now aged 19 to 21 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 19 to 21 in touch with the local authority",
        caveats=(_YEAR + _LEAVERS + " Not in touch, refusing contact (REFU) and no longer requiring services (NREQ) count as not in touch."),
        countries=("england",)),
    Indicator(
        id="leavers_eet_17_18_pct",
        title="Care leavers aged 17-18 in education, employment or training",
        definition=(
            "Share of care leavers whose 17th or 18th birthday"
            " fell in the year (SSDA903 OC3: now aged 17 to 18), in education, employment or training."
        ),
        numerator="In education, training or employment (ACTIV F1-F5, P1-P5)",
        denominator="Care leavers now aged 17 to 18 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 17 to 18, total in education, employment or training",
        caveats=(_YEAR + _LEAVERS + " Activity not known (code 0) stays in the denominator, as DfE's total does."),
        countries=("england",)),
    Indicator(
        id="leavers_eet_19_21_pct",
        title="Care leavers aged 19-21 in education, employment or training",
        definition=(
            "Share of care leavers whose 19th, 20th or 21st birthday"
            " fell in the year (SSDA903 OC3: now aged 19 to 21), in education, employment or training."
        ),
        numerator="In education, training or employment (ACTIV F1-F5, P1-P5)",
        denominator="Care leavers now aged 19 to 21 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 19 to 21, total in education, employment or training",
        caveats=(_YEAR + _LEAVERS + " Activity not known (code 0) stays in the denominator, as DfE's total does."),
        countries=("england",)),
    Indicator(
        id="leavers_suitable_accommodation_17_18_pct",
        title="Care leavers aged 17-18 in suitable accommodation",
        definition=(
            "Share of care leavers whose 17th or 18th birthday"
            " fell in the year (SSDA903 OC3: now aged 17 to 18), in accommodation the council judged suitable."
        ),
        numerator="In accommodation judged suitable (ACCOM code ending 1)",
        denominator="Care leavers now aged 17 to 18 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 17 to 18, accommodation considered suitable",
        caveats=(_YEAR + _LEAVERS + " Accommodation not known (code 0) stays in the denominator, as DfE's suitability total does."),
        countries=("england",)),
    Indicator(
        id="leavers_suitable_accommodation_19_21_pct",
        title="Care leavers aged 19-21 in suitable accommodation",
        definition=(
            "Share of care leavers whose 19th, 20th or 21st birthday"
            " fell in the year (SSDA903 OC3: now aged 19 to 21), in accommodation the council judged suitable."
        ),
        numerator="In accommodation judged suitable (ACCOM code ending 1)",
        denominator="Care leavers now aged 19 to 21 (not died, not returned home)",
        unit="%",
        better="higher",
        point="care_leavers",
        sources=("care_leaver_outcomes", "children"),
        official_twin="DfE, Children looked after in England: care leavers now aged 19 to 21, accommodation considered suitable",
        caveats=(_YEAR + _LEAVERS + " Accommodation not known (code 0) stays in the denominator, as DfE's suitability total does."),
        countries=("england",)),
    Indicator(
        id="review_participation_pct",
        title="Children taking part in their reviews",
        definition=(
            "Share of looked-after reviews held in the 12 months, of children aged 4 or over,"
            " in which the child took part: attended and spoke, or conveyed their views "
            "through an advocate, symbolically or by a facilitative medium (SSDA903 method "
            "of participation PN1-PN6; PN7, neither attended nor had views conveyed, is not)."
        ),
        numerator="Reviews with participation code PN1-PN6",
        denominator="Reviews of children aged 4 or over (PN1-PN7; PN0, under 4, left out)",
        unit="%",
        better="higher",
        point="voice",
        sources=("review_participation", "children"),
        caveats=("Not a DfE statistic: DfE collects the code for every review but publishes "
                 "no local authority figure of it. It counts reviews, not children, so a "
                 "child with three reviews counts three times; the retired national "
                 "indicator (PAF C63) counted children who took part in every review of the "
                 "year, and this figure is not that one. " + _QUARTER),
        countries=("england",)),
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
    fields += tag_words(indicator_tags(ind.id))
    fields.append(("Indicator id", ind.id))
    return fields


def for_country(country: str = "scotland") -> list[Indicator]:
    """The indicators a partnership in `country` ("scotland" or "england") is shown."""
    return [i for i in INDICATORS if country in i.countries]


def for_point(point: str, country: str = "scotland") -> list[Indicator]:
    return [i for i in for_country(country) if i.point == point]
