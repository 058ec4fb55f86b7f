"""One pandera DataFrameModel per contract table: the contract's rules, executable.

The frames validated here are already parsed into types (etl/parse.py). Two
context columns are added by etl/validate.py for the cross-table rules:
`_child_known` (the child is in `children`) and `_dob` (the child's date of
birth to the month: the warehouse keeps year and month only, so every
date-of-birth rule works at month precision, whichever load the child came in).
Each check's `error` is the rule in plain words, as the quarantine shows it;
RULE_COLUMNS names the columns a cross-column rule is about.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from core import contract as c

Date = Series["datetime64[us]"]
Bool = Series[pd.BooleanDtype]
Int = Series[pd.Int64Dtype]


def _today() -> pd.Timestamp:
    return pd.Timestamp.today().normalize()


def _years_after(dob: pd.Series, years: int) -> pd.Series:
    """Birth dates are kept to the month (the 1st), so whole months add exactly."""
    months = dob.to_numpy(dtype="datetime64[M]") + np.timedelta64(12 * years, "M")
    return pd.Series(months.astype("datetime64[us]"), index=dob.index)


OLDEST_YEARS = 40      # aftercare runs to 26; a long history adds years, not decades
OLDEST_WORDS = (f"date of birth is more than {OLDEST_YEARS} years before the load: not a "
                "child or young person these services work with")


def _oldest_birth() -> pd.Timestamp:
    return _today() - pd.DateOffset(years=OLDEST_YEARS)


def _ok(mask: pd.Series) -> pd.Series:
    """A rule passes where it holds or cannot be judged (a missing value)."""
    return mask.fillna(True).astype(bool)


def _on_or_after(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """later >= earlier, passing where either is missing (NaT compares False)."""
    return _ok(later.isna() | earlier.isna() | (later >= earlier))


def _child_exists(df: pd.DataFrame) -> pd.Series:
    return _ok(df["_child_known"] | df["child_id"].isna())


def _not_future(s: pd.Series) -> pd.Series:
    return _ok(s.isna() | (s <= _today()))


def _not_before_birth(df: pd.DataFrame, column: str) -> pd.Series:
    return _on_or_after(df[column], df["_dob"])


class _Base(pa.DataFrameModel):
    class Config:
        strict = False          # context columns ride along
        coerce = True


class Children(_Base):
    class Config:
        unique = ["child_id"]

    child_id: Series[str] = pa.Field(nullable=False)
    date_of_birth: Date = pa.Field(nullable=False)
    sex: Series[str] = pa.Field(isin=c.SEX, nullable=False)
    disability: Bool = pa.Field(nullable=True)
    ethnicity: Series[str] = pa.Field(nullable=True)
    locality: Series[str] = pa.Field(nullable=False)   # isin the configured localities

    @pa.dataframe_check(error="date of birth is in the future")
    def born(cls, df):
        return _not_future(df["date_of_birth"])

    @pa.dataframe_check(error=OLDEST_WORDS)
    def plausible_age(cls, df):
        return _ok(df["date_of_birth"].isna() | (df["date_of_birth"] >= _oldest_birth()))


class LookedAfterEpisodes(_Base):
    class Config:
        unique = ["episode_id"]

    episode_id: Series[str] = pa.Field(nullable=False)
    child_id: Series[str] = pa.Field(nullable=False)
    start_date: Date = pa.Field(nullable=False)
    end_date: Date = pa.Field(nullable=True)
    placement_type: Series[str] = pa.Field(isin=c.ALL_PLACEMENT_TYPES, nullable=False)
    legal_reason: Series[str] = pa.Field(isin=c.LEGAL_REASONS, nullable=True)
    reason_ended: Series[str] = pa.Field(isin=c.REASONS_ENDED, nullable=True)

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="end date is before start date")
    def ends_after_start(cls, df):
        return _on_or_after(df["end_date"], df["start_date"])

    @pa.dataframe_check(error="start date is before the child's date of birth")
    def starts_after_birth(cls, df):
        return _not_before_birth(df, "start_date")

    @pa.dataframe_check(error="start date is in the future")
    def starts_not_future(cls, df):
        return _not_future(df["start_date"])


class ChildProtectionRegistrations(_Base):
    class Config:
        unique = ["registration_id"]

    registration_id: Series[str] = pa.Field(nullable=False)
    child_id: Series[str] = pa.Field(nullable=False)
    registration_date: Date = pa.Field(nullable=False)
    deregistration_date: Date = pa.Field(nullable=True)
    concerns: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="deregistration date is before registration date")
    def deregistered_after(cls, df):
        return _on_or_after(df["deregistration_date"], df["registration_date"])

    @pa.dataframe_check(error="registration date is in the future")
    def registered_not_future(cls, df):
        return _not_future(df["registration_date"])

    @pa.dataframe_check(error="concerns must be ;-separated codes from: " + ", ".join(c.CONCERNS))
    def known_concerns(cls, df):
        known = set(c.CONCERNS)
        return df["concerns"].map(lambda v: not isinstance(v, str) or set(v.split(";")) <= known)


class WellbeingAssessments(_Base):
    child_id: Series[str] = pa.Field(nullable=False)
    assessment_date: Date = pa.Field(nullable=False)
    indicator: Series[str] = pa.Field(isin=c.SHANARRI, nullable=False)
    score: Int = pa.Field(nullable=False, ge=1)
    scale_max: Int = pa.Field(isin=[5, 10], nullable=True)
    completed_with: Series[str] = pa.Field(isin=c.COMPLETED_WITH, nullable=True)

    class Config:
        unique = ["child_id", "assessment_date", "indicator"]

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="score is above the scale's maximum (scale_max, 10 if empty)")
    def score_within_scale(cls, df):
        return _ok(df["score"] <= df["scale_max"].fillna(10))

    @pa.dataframe_check(error="assessment date is in the future")
    def assessed_not_future(cls, df):
        return _not_future(df["assessment_date"])

    @pa.dataframe_check(error="assessment date is before the child's date of birth")
    def assessed_after_birth(cls, df):
        return _not_before_birth(df, "assessment_date")


class CareLeavers(_Base):
    child_id: Series[str] = pa.Field(nullable=False)
    record_date: Date = pa.Field(nullable=False)
    ceased_looked_after_date: Date = pa.Field(nullable=False)
    eligible_for_aftercare: Bool = pa.Field(nullable=False)
    receiving_aftercare: Bool = pa.Field(nullable=False)
    pathway_plan: Bool = pa.Field(nullable=True)
    pathway_coordinator: Bool = pa.Field(nullable=True)
    in_touch: Bool = pa.Field(nullable=True)
    accommodation: Series[str] = pa.Field(isin=c.ACCOMMODATION, nullable=False)
    economic_activity: Series[str] = pa.Field(isin=c.ECONOMIC_ACTIVITY, nullable=False)

    class Config:
        unique = ["child_id", "record_date"]

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="young person is not aged 15 to 26 on the record date")
    def aged_15_to_26(cls, df):
        dob = df["_dob"]
        return _ok(dob.isna() | ((df["record_date"] >= _years_after(dob, 15))
                                 & (df["record_date"] < _years_after(dob, 27))))

    @pa.dataframe_check(error="left care before their 16th birthday, so is not a care leaver")
    def left_care_at_16_or_older(cls, df):
        return _on_or_after(df["ceased_looked_after_date"], _years_after(df["_dob"], 16))

    @pa.dataframe_check(error="ceased to be looked after after the record date")
    def ceased_before_record(cls, df):
        return _on_or_after(df["record_date"], df["ceased_looked_after_date"])

    @pa.dataframe_check(error="receiving aftercare but not eligible for it")
    def receiving_only_if_eligible(cls, df):
        return _ok(~df["receiving_aftercare"] | df["eligible_for_aftercare"])

    @pa.dataframe_check(error="record date is in the future")
    def recorded_not_future(cls, df):
        return _not_future(df["record_date"])


class Feedback(_Base):
    class Config:
        unique = ["feedback_id"]

    feedback_id: Series[str] = pa.Field(nullable=False)
    child_id: Series[str] = pa.Field(nullable=True)
    received_date: Date = pa.Field(nullable=False)
    service: Series[str] = pa.Field(nullable=False)
    channel: Series[str] = pa.Field(isin=c.CHANNELS, nullable=False)
    topic: Series[str] = pa.Field(nullable=True)
    rating: Int = pa.Field(nullable=True, ge=1, le=5)
    comment: Series[str] = pa.Field(nullable=True)
    action_taken: Series[str] = pa.Field(nullable=True)
    action_date: Date = pa.Field(nullable=True)
    told_child_outcome: Bool = pa.Field(nullable=True)
    used_in_planning: Bool = pa.Field(nullable=True)
    can_quote: Bool = pa.Field(nullable=True)

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="received date is in the future")
    def received_not_future(cls, df):
        return _not_future(df["received_date"])

    @pa.dataframe_check(error="action date is before the date the view was received")
    def acted_after_received(cls, df):
        return _on_or_after(df["action_date"], df["received_date"])


class ImprovementActions(_Base):
    class Config:
        unique = ["action_id"]

    action_id: Series[str] = pa.Field(nullable=False)
    improvement_point: Series[str] = pa.Field(isin=c.IMPROVEMENT_POINTS, nullable=False)
    action: Series[str] = pa.Field(nullable=False)
    owner: Series[str] = pa.Field(nullable=False)
    due_date: Date = pa.Field(nullable=False)
    status: Series[str] = pa.Field(isin=c.ACTION_STATUSES, nullable=False)
    status_date: Date = pa.Field(nullable=True)
    indicators: Series[str] = pa.Field(nullable=True)   # known ids: see etl/validate.py
    status_note: Series[str] = pa.Field(nullable=True)


class Targets(_Base):
    indicator: Series[str] = pa.Field(nullable=False)    # known ids: see etl/validate.py
    period_end: Date = pa.Field(nullable=False)
    target: Series[float] = pa.Field(nullable=False)

    class Config:
        unique = ["indicator", "period_end"]


class ReviewParticipation(_Base):
    """SSDA903 reviews (etl/ssda903): one row per child and review."""
    child_id: Series[str] = pa.Field(nullable=False)
    review_date: Date = pa.Field(nullable=False)
    participation_code: Series[str] = pa.Field(isin=c.PARTICIPATION_CODES, nullable=False)
    participated: Bool = pa.Field(nullable=True)

    class Config:
        unique = ["child_id", "review_date"]

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="review date is in the future")
    def reviewed_not_future(cls, df):
        return _not_future(df["review_date"])

    @pa.dataframe_check(error="review date is before the child's date of birth")
    def reviewed_after_birth(cls, df):
        return _not_before_birth(df, "review_date")


class MissingEpisodes(_Base):
    """SSDA903 missing: periods missing from care or away without authorisation."""
    child_id: Series[str] = pa.Field(nullable=False)
    kind: Series[str] = pa.Field(isin=c.MISSING_KINDS, nullable=False)
    start_date: Date = pa.Field(nullable=False)
    end_date: Date = pa.Field(nullable=True)

    class Config:
        unique = ["child_id", "kind", "start_date"]

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)

    @pa.dataframe_check(error="end date is before start date")
    def ends_after_start(cls, df):
        return _on_or_after(df["end_date"], df["start_date"])

    @pa.dataframe_check(error="start date is in the future")
    def starts_not_future(cls, df):
        return _not_future(df["start_date"])

    @pa.dataframe_check(error="start date is before the child's date of birth")
    def starts_after_birth(cls, df):
        return _not_before_birth(df, "start_date")


class CareLeaverOutcomes(_Base):
    """SSDA903 OC3 in DfE's own codes (checked against the code sets on reading)."""
    child_id: Series[str] = pa.Field(nullable=False)
    record_date: Date = pa.Field(nullable=False)
    in_touch_code: Series[str] = pa.Field(nullable=False)
    activity_code: Series[str] = pa.Field(nullable=False)
    accommodation_code: Series[str] = pa.Field(nullable=False)
    accommodation_suitable: Bool = pa.Field(nullable=True)

    class Config:
        unique = ["child_id", "record_date"]

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)


class NewEpisodeReasons(_Base):
    """SSDA903 episodes' reason for new episode (RNE), keyed as looked_after_episodes."""
    class Config:
        unique = ["episode_id"]

    episode_id: Series[str] = pa.Field(nullable=False)
    child_id: Series[str] = pa.Field(nullable=False)
    new_episode_reason: Series[str] = pa.Field(isin=c.NEW_EPISODE_REASONS, nullable=True)

    @pa.dataframe_check(error="child is not in the children table")
    def child_exists(cls, df):
        return _child_exists(df)


MODELS: dict[str, type[_Base]] = {
    "children": Children,
    "looked_after_episodes": LookedAfterEpisodes,
    "child_protection_registrations": ChildProtectionRegistrations,
    "wellbeing_assessments": WellbeingAssessments,
    "care_leavers": CareLeavers,
    "feedback": Feedback,
    "improvement_actions": ImprovementActions,
    "targets": Targets,
    "review_participation": ReviewParticipation,
    "missing_episodes": MissingEpisodes,
    "care_leaver_outcomes": CareLeaverOutcomes,
    "new_episode_reasons": NewEpisodeReasons,
}

# The columns each cross-column rule is about (for the quarantine's column and values).
RULE_COLUMNS: dict[str, tuple[str, ...]] = {
    "child is not in the children table": ("child_id",),
    "date of birth is in the future": ("date_of_birth",),
    OLDEST_WORDS: ("date_of_birth",),
    "end date is before start date": ("start_date", "end_date"),
    "start date is before the child's date of birth": ("start_date", "child_id"),
    "start date is in the future": ("start_date",),
    "deregistration date is before registration date": ("registration_date",
                                                        "deregistration_date"),
    "registration date is in the future": ("registration_date",),
    "score is above the scale's maximum (scale_max, 10 if empty)": ("score", "scale_max"),
    "assessment date is in the future": ("assessment_date",),
    "assessment date is before the child's date of birth": ("assessment_date", "child_id"),
    "young person is not aged 15 to 26 on the record date": ("record_date", "child_id"),
    "left care before their 16th birthday, so is not a care leaver": (
        "ceased_looked_after_date", "child_id"),
    "ceased to be looked after after the record date": ("ceased_looked_after_date",
                                                        "record_date"),
    "receiving aftercare but not eligible for it": ("eligible_for_aftercare",
                                                    "receiving_aftercare"),
    "record date is in the future": ("record_date",),
    "received date is in the future": ("received_date",),
    "action date is before the date the view was received": ("received_date", "action_date"),
    "review date is in the future": ("review_date",),
    "review date is before the child's date of birth": ("review_date", "child_id"),
    "concerns must be ;-separated codes from: " + ", ".join(c.CONCERNS): ("concerns",),
}
