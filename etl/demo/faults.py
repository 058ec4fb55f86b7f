"""The deliberately bad rows (`bad_rows=True`): a few per file, each breaking one
contract rule, so that validation and quarantine have something to find.

Each breaker bends one copied row so that it breaks one contract rule. Copies get a
fresh identifier (so only the rule meant is broken) unless the rule is the duplicate id;
tables keyed by child and date have their rows bent in place instead."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _bad_count(n: int) -> int:
    return max(3, int(round(n * 0.002)))


def _set(col: str, value):
    def breaker(rng, bad, rows):
        bad.loc[rows, col] = value(rng, len(rows)) if callable(value) else value
    return breaker


def _both(*breakers):
    def breaker(rng, bad, rows):
        for b in breakers:
            b(rng, bad, rows)
    return breaker


def _ends_before_starts(start: str, end: str):
    def breaker(rng, bad, rows):
        began = pd.to_datetime(bad.loc[rows, start], format="%Y-%m-%d")
        ended = began - pd.to_timedelta(rng.integers(1, 90, len(rows)), unit="D")
        bad.loc[rows, end] = ended.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    return breaker


def _not_a_child(rng, k: int) -> list[str]:
    return [f"C{x:07d}" for x in rng.integers(1, 999_999, k)]   # real ids start at 1,000,001


DUPLICATE = "duplicate"
BREAKERS = {
    "children": [_set("locality", "Larkhall"), DUPLICATE, _set("date_of_birth", "2015-02-30"),
                 _set("sex", "boy")],
    "looked_after_episodes": [_ends_before_starts("start_date", "end_date"),
                              _set("child_id", _not_a_child), _set("placement_type", "foster"),
                              DUPLICATE],
    "child_protection_registrations": [
        _ends_before_starts("registration_date", "deregistration_date"),
        _set("concerns", "neglect;bullying"), _set("child_id", _not_a_child),
        _set("registration_date", "31/02/2024")],
    "wellbeing_assessments": [_both(_set("scale_max", 10), _set("score", 11)),
                              _set("indicator", "happy"), _set("assessment_date", "2023-13-01"),
                              _both(_set("scale_max", 5), _set("score", 6))],
    "care_leavers": [_both(_set("eligible_for_aftercare", "N"), _set("receiving_aftercare", "Y")),
                     _set("record_date", "31/02/2024"), _set("accommodation", "sofa_surfing"),
                     _set("child_id", _not_a_child)],
    "feedback": [_set("rating", 7), _set("channel", "phone"), _set("child_id", _not_a_child),
                 _set("action_date", "2019-01-01"), DUPLICATE],
}
ID_COLUMNS = {  # a copy's fresh identifier: never one of the real ones
    "children": ("child_id", "C9{:07d}"), "looked_after_episodes": ("episode_id", "LAC9{:07d}"),
    "child_protection_registrations": ("registration_id", "CPR-9{:05d}"),
    "feedback": ("feedback_id", "FB-9999-{:05d}")}


def with_bad_rows(rng, table: str, df: pd.DataFrame) -> pd.DataFrame:
    """A few rule-breaking rows (about 0.2%, at least 3), at random places in the file."""
    k, breakers = min(_bad_count(len(df)), len(df)), BREAKERS[table]
    src = np.sort(rng.choice(len(df), k, replace=False))
    bad = df.iloc[src].reset_index(drop=True).astype(object)
    id_col = ID_COLUMNS.get(table)
    for j, breaker in enumerate(breakers):
        rows = np.arange(j, k, len(breakers))
        if breaker is DUPLICATE or not len(rows):
            continue
        if id_col:
            bad.loc[rows, id_col[0]] = [id_col[1].format(i + 1) for i in rows]
        breaker(rng, bad, rows)
    out = df.astype(object)
    if id_col is None:                                   # keyed by child and date: bend in place
        out.iloc[src] = bad.to_numpy()
        return out
    where = np.concatenate([np.arange(len(df), dtype=float), rng.uniform(0, len(df), k)])
    out = pd.concat([out, bad], ignore_index=True)
    return out.iloc[np.argsort(where, kind="stable")].reset_index(drop=True)


def with_bad_plan_rows(actions: pd.DataFrame,
                       targets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The workbook's bad rows: an action with an unknown status, a target for an
    unknown indicator."""
    actions = pd.concat([actions, actions.iloc[[2]].assign(action_id="IA-99", status="done")],
                        ignore_index=True)
    targets = pd.concat([targets, targets.iloc[[0]].assign(indicator="happiness_pct")],
                        ignore_index=True)
    return actions, targets
