"""England's own indicators in the catalogue: DfE's measures from the SSDA903 return,
computed as its local authority tables count them. Shown only to English partnerships
(`countries`), empty without a 903 return; core/catalogue.py lists them after Scotland's."""

from __future__ import annotations

from core.indicator import Indicator

# Words England's yearly DfE measures share (their caveats).
_QUARTER = ("A quarter's figure is the same measure over the 12 months to that quarter's end; "
            "DfE's is the year to 31 March.")
_YEAR = ("DfE's figure is the SSDA903 year at 31 March (period 'ssda903_year'). " + _QUARTER)
_LEAVERS = (" OC3 records each young person once, around the birthday in the year. Young "
            "people who died since leaving care (IN_TOUCH DIED) or returned home for 6 months"
            " or more (RHOM) are left out, as DfE's published figures leave them out.")

ENGLAND: tuple[Indicator, ...] = (
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
