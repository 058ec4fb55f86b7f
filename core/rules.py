"""Domain rules that the load, the indicator views and the demo generator share,
each stated once. The warehouse gets them as a table and macros (`rules_sql`),
so the SQL in etl/sql/ never lists them again."""

from __future__ import annotations

import pandas as pd

from core.contract import ALL_PLACEMENT_TYPES, PLACEMENT_TYPES

# Residential care in the national statistics (CHN9 counts the rest as "in the community").
RESIDENTIAL_PLACEMENTS = ("residential_la", "residential_voluntary", "residential_school",
                          "secure", "crisis_care", "other_residential")
COMMUNITY_PLACEMENTS = tuple(p for p in PLACEMENT_TYPES if p not in RESIDENTIAL_PLACEMENTS)

# Placements a young person of 16 or over may stay on in under continuing care (Children
# (Scotland) Act 1995 s.26A): kinship, foster and residential care, but not secure care,
# and not crisis care (a short emergency placement, not a home to stay on in).
CONTINUING_CARE_PLACEMENTS = ("kinship", "foster_la", "foster_purchased", "residential_la",
                              "residential_voluntary", "residential_school",
                              "other_residential")

# Age bands: (upper bound in whole years, exclusive; label). The last has no bound.
CHILD_AGE_BANDS = ((5, "Under 5"), (12, "5-11"), (16, "12-15"), (18, "16-17"),
                   (None, "18 and over"))
LEAVER_AGE_BANDS = ((18, "16-17"), (19, "18"), (22, "19-21"), (None, "22-26"))


def percent(numerator, denominator) -> pd.Series:
    """100 × numerator / denominator to one decimal place; missing where the
    denominator is zero or missing. The one percentage rule of every figure."""
    num = pd.Series(numerator, dtype="Float64")
    den = pd.Series(denominator, dtype="Float64")
    return (100 * num / den.where(den > 0)).round(1)


def _band_macro(name: str, bands) -> str:
    cases = " ".join(f"WHEN age < {upper} THEN '{label}'" for upper, label in bands[:-1])
    return f"CREATE OR REPLACE MACRO {name}(age) AS CASE {cases} ELSE '{bands[-1][1]}' END;"


def rules_sql() -> str:
    """The rules as warehouse objects: ref_placement_types and the age band macros."""
    rows = ", ".join(
        f"('{p}', '{'residential' if p in RESIDENTIAL_PLACEMENTS else 'community'}', "
        f"{str(p in CONTINUING_CARE_PLACEMENTS).upper()})" for p in ALL_PLACEMENT_TYPES)
    return "\n".join((
        "CREATE OR REPLACE TABLE ref_placement_types (placement_type VARCHAR PRIMARY KEY, "
        "setting VARCHAR, continuing_care_eligible BOOLEAN);",
        f"INSERT INTO ref_placement_types VALUES {rows};",
        _band_macro("child_age_band", CHILD_AGE_BANDS),
        _band_macro("leaver_age_band", LEAVER_AGE_BANDS)))
