"""Published Scottish comparators, read from the `comparator_*` tables.

The tables are loaded by `outcomes comparators load` (LGBF, ScotPHO, Care
Inspectorate). Functions here take a warehouse and return frames or
sentences; the "How we compare" page, the overview card and the packs draw
them. Published figures are about councils, not children; the partnership's
own figures come from the one indicator layer (`outcomes.query.indicators`)
and still pass disclosure control.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.catalogue import BY_ID
from outcomes.query import indicators
from outcomes.query.filters import Filters
from outcomes.stats.intervals import FunnelLimits, adjusted_funnel


@dataclass(frozen=True)
class LgbfIndicator:
    """An LGBF indicator the partnership also computes from its own records."""
    code: str                          # the LGBF's code, e.g. "CHN9"
    indicator_id: str                  # our catalogue indicator, computed the LGBF way
    words: str                         # what it measures, in words
    # its column in the LGBF looked-after children CSV, whose counts give a funnel plot
    # (None: the LGBF does not publish the denominator)
    funnel_column: str | None = None

    @property
    def label(self) -> str:
        return f"{self.code}: {self.words}"

    @property
    def better(self) -> str:
        """Which way is better: as the catalogue says of our own indicator (the LGBF's
        "One is high" column agrees)."""
        return BY_ID[self.indicator_id].better


LGBF = {i.code: i for i in (
    LgbfIndicator(code="CHN9", indicator_id="lac_community_pct",
                  words="% looked after in the community",
                  funnel_column="chn9_pct_lac_in_community"),
    LgbfIndicator(code="CHN22", indicator_id="cp_reregistration_pct",
                  words="% of registrations that are re-registrations within 18 months"),
    LgbfIndicator(code="CHN23", indicator_id="placement_moves_pct",
                  words="% looked after with more than one placement in the year",
                  funnel_column="chn23_pct_lac_more_than_one_placement"))}
KQ = {"kq_support_wellbeing": "Wellbeing", "kq_care_and_support_planning": "Care planning",
      "kq_setting": "Setting", "kq_staff_team": "Staff team", "kq_leadership": "Leadership",
      "kq_care_play_and_learning": "Care, play and learning"}

# The same council spelled differently by the LGBF and ScotPHO / Care Inspectorate.
ALIASES = {"eilean siar": "na h-eileanan siar", "edinburgh city": "city of edinburgh"}
RATE_INDICATOR = "Children looked after by local authority"
POPULATION_INDICATOR = "Mid-year population estimate - aged under 18 years"
POSITION_WORDS = {
    "within": "within the 95% limits: its difference from Scotland is what chance alone "
              "would often produce",
    "above 95%": "above the 95% limit: higher than Scotland by more than chance would "
                 "usually give",
    "below 95%": "below the 95% limit: lower than Scotland by more than chance would "
                 "usually give",
    "above 99.8%": "above the 99.8% limit: higher than Scotland, very unlikely to be chance",
    "below 99.8%": "below the 99.8% limit: lower than Scotland, very unlikely to be chance",
    "unknown": "not placed: its figure is not published"}
# The same places against limits widened for over-dispersion: "within" them is within the
# spread that councils usually show, not what chance alone gives.
ADJUSTED_POSITION_WORDS = {
    "within": "within the 95% limits allowing for over-dispersion: its difference from "
              "Scotland is within the spread councils usually show",
    "above 95%": "above the 95% limit allowing for over-dispersion: higher than Scotland by "
                 "more than councils usually differ",
    "below 95%": "below the 95% limit allowing for over-dispersion: lower than Scotland by "
                 "more than councils usually differ",
    "above 99.8%": "above the 99.8% limit allowing for over-dispersion: higher than Scotland "
                   "by far more than councils usually differ",
    "below 99.8%": "below the 99.8% limit allowing for over-dispersion: lower than Scotland "
                   "by far more than councils usually differ",
    "unknown": POSITION_WORDS["unknown"]}
# A funnel plot's two sets of limits: widened for over-dispersion when it is found (the
# additive random-effects method, Spiegelhalter 2005; drawn by default), and exact.
LIMITS = {"adjusted": "adjusted for over-dispersion", "exact": "exact (no adjustment)"}
ADJUSTMENT = "additive"


def council_key(name: str) -> str:
    """One spelling per council, whichever publisher wrote it."""
    key = " ".join(str(name).lower().replace("&", "and").split())
    return ALIASES.get(key, key)


def loaded_tables(wh) -> set[str]:
    """The comparator tables that hold rows (a load creates them all, some empty)."""
    names = wh.df("SELECT table_name FROM duckdb_tables() "
                  "WHERE starts_with(table_name, 'comparator_')")
    return {t for t in names["table_name"]
            if len(wh.df(f"SELECT 1 FROM {t} LIMIT 1"))}


def has_comparators(wh) -> bool:
    return bool(loaded_tables(wh) & {"comparator_lgbf", "comparator_scotpho",
                                     "comparator_care_services"})


def family_group(wh, council: str) -> set[str]:
    """The council's LGBF family group (children's services), as council keys."""
    if "comparator_lgbf" not in loaded_tables(wh):
        return set()
    frame = wh.df("""
        SELECT DISTINCT council FROM comparator_lgbf
        WHERE family_group = (SELECT any_value(family_group) FROM comparator_lgbf
                              WHERE council = ? AND family_group IS NOT NULL)
          AND council <> 'Scotland'""", [council])
    return {council_key(c) for c in frame["council"]}


def funnel_frame(points: pd.DataFrame, target: float, *, kind: str, scale: float
                 ) -> tuple[pd.DataFrame, dict[str, FunnelLimits]]:
    """Each council's position, and the limits across the councils' sizes: both sets
    (`LIMITS`: "adjusted" for over-dispersion when it is found, and "exact"), each with
    its curve, dispersion and words. The points get `position_adjusted`,
    `position_exact` and `position` (the adjusted one, drawn by default)."""
    top = float(points["n"].max()) * 1.05
    ns = np.unique(np.round(np.geomspace(max(float(points["n"].min()) * 0.6, 5), top, 80)))
    exact = points["exact"] if "exact" in points else points["value"]   # unrounded if known
    limits = {name: adjusted_funnel(exact, points["n"], target, kind=kind, scale=scale,
                                    method=ADJUSTMENT if name == "adjusted" else "exact",
                                    curve_n=ns)
              for name in LIMITS}
    points = points.assign(**{f"position_{name}": list(f.positions)
                              for name, f in limits.items()})
    return points.assign(position=points["position_adjusted"]), limits


def positioned(found: tuple[str, pd.DataFrame, float] | None, *, kind: str, scale: float
               ) -> tuple[str, pd.DataFrame, dict[str, FunnelLimits], float] | None:
    """(period, councils with their funnel positions, the limits by `LIMITS` name,
    Scotland's value) from (period, councils, Scotland's value), or None."""
    if found is None:
        return None
    period, points, target = found
    points = points.assign(key=points["name"].map(council_key))
    return (period, *funnel_frame(points, target, kind=kind, scale=scale), target)


def lgbf_funnel(wh, code: str
                ) -> tuple[str, pd.DataFrame, dict[str, FunnelLimits], float] | None:
    """The LGBF indicator's funnel plot: every council against Scotland (the exact limits
    take a few hundred milliseconds, so the app caches this)."""
    return positioned(lgbf_funnel_points(wh, code), kind="proportion", scale=100)


def rate_funnel(wh) -> tuple[str, pd.DataFrame, dict[str, FunnelLimits], float] | None:
    """ScotPHO's children looked after per 1,000 aged 0-17: every council against Scotland."""
    return positioned(rate_points(wh), kind="rate", scale=1000)


def lgbf_funnel_points(wh, code: str) -> tuple[str, pd.DataFrame, float] | None:
    """Latest LGBF year with counts: every council's value and looked-after count."""
    indicator = LGBF.get(code)
    if indicator is None or indicator.funnel_column is None \
            or "comparator_lgbf_lac" not in loaded_tables(wh):
        return None
    col = indicator.funnel_column
    frame = wh.df(f"""
        WITH latest AS (SELECT max(year) AS year FROM comparator_lgbf_lac
                        WHERE {col} IS NOT NULL AND n_lac_community IS NOT NULL)
        SELECT year, council AS name, n_lac_community + n_lac_residential AS n, {col} AS value
        FROM comparator_lgbf_lac WHERE year = (SELECT year FROM latest)
          AND n_lac_community IS NOT NULL AND {col} IS NOT NULL""")
    scotland = frame[frame["name"] == "Scotland"]
    if frame.empty or scotland.empty:
        return None
    return (str(frame["year"].iloc[0]), frame[frame["name"] != "Scotland"].drop(columns="year"),
            float(scotland["value"].iloc[0]))


def rate_points(wh) -> tuple[str, pd.DataFrame, float] | None:
    """ScotPHO: children looked after per 1,000 aged 0-17, with each council's population."""
    if "comparator_scotpho" not in loaded_tables(wh):
        return None
    frame = wh.df("""
        WITH rate AS (SELECT area_code, area_name, year, period, numerator, measure
                      FROM comparator_scotpho WHERE indicator = ? AND area_type = 'Council area'),
             pop AS (SELECT area_code, year, numerator AS population FROM comparator_scotpho
                     WHERE indicator = ? AND area_type = 'Council area')
        SELECT r.period, r.area_name AS name, r.numerator AS looked_after,
               coalesce(p.population, r.numerator * 1000 / nullif(r.measure, 0)) AS n,
               r.measure AS value
        FROM rate r LEFT JOIN pop p USING (area_code, year)
        WHERE r.year = (SELECT max(year) FROM rate)""", [RATE_INDICATOR, POPULATION_INDICATOR])
    frame = frame.dropna(subset=["n", "value"])
    if frame.empty:
        return None
    # the published rate is rounded; the position on the funnel uses the count itself
    frame["exact"] = (1000 * frame["looked_after"] / frame["n"]).fillna(frame["value"])
    target = 1000 * frame["looked_after"].sum() / frame["n"].sum()
    return str(frame["period"].iloc[0]), frame.drop(columns="period"), float(target)


REGISTER_INDICATOR = "Children on the child protection register"
CHILD_POPULATION_INDICATOR = "Mid-year population estimate - aged 0-15 years"


def register_rates(wh, council: str) -> dict | None:
    """ScotPHO's children on the child protection register per 1,000 aged 0-15 (the
    Scottish Government's measure): the council's latest published year, its count and
    population, and Scotland's rate from every council's counts and populations."""
    if "comparator_scotpho" not in loaded_tables(wh):
        return None
    frame = wh.df("""
        WITH reg AS (SELECT area_code, area_name, year, period, numerator AS registered,
                            measure FROM comparator_scotpho
                     WHERE indicator = ? AND area_type = 'Council area'),
             pop AS (SELECT area_code, year, numerator AS population FROM comparator_scotpho
                     WHERE indicator = ? AND area_type = 'Council area')
        SELECT r.year, r.period, r.area_name, r.registered, r.measure, p.population
        FROM reg r JOIN pop p USING (area_code, year)
        WHERE r.year = (SELECT max(year) FROM reg)""",
                  [REGISTER_INDICATOR, CHILD_POPULATION_INDICATOR]).dropna(
        subset=["registered", "population"])
    mine = frame[frame["area_name"].map(council_key) == council_key(council)]
    if mine.empty:
        return None
    row = mine.iloc[0]
    return {"year": int(row["year"]), "period": str(row["period"]),
            "registered": int(row["registered"]), "population": float(row["population"]),
            "rate": float(row["measure"]), "councils": len(frame),
            "scotland": float(1000 * frame["registered"].sum() / frame["population"].sum())}


def published(wh, council: str, code: str) -> pd.DataFrame:
    """Per LGBF year: the council, its family group's mean, Scotland, and its rank."""
    return wh.df("""
        WITH ind AS (
            SELECT council, year, value, family_group, one_is_high FROM comparator_lgbf
            WHERE indicator = ? AND source = 'LGBF long CSV'
        ),
        grp AS (SELECT any_value(family_group) AS fg FROM ind WHERE council = ?),
        ranked AS (
            SELECT year, council,
                   rank() OVER (PARTITION BY year ORDER BY CASE WHEN one_is_high = 'Yes'
                                THEN -value ELSE value END) AS rank,
                   count(*) OVER (PARTITION BY year) AS councils
            FROM ind WHERE council <> 'Scotland' AND value IS NOT NULL
        )
        SELECT i.year,
               max(i.value) FILTER (WHERE i.council = ?) AS partnership,
               avg(i.value) FILTER (WHERE i.family_group = (SELECT fg FROM grp)
                                    AND i.council NOT IN ('Scotland', ?)) AS family_group,
               max(i.value) FILTER (WHERE i.council = 'Scotland') AS scotland,
               max(r.rank) FILTER (WHERE r.council = ?) AS rank,
               max(r.councils) AS councils
        FROM ind i LEFT JOIN ranked r ON r.year = i.year AND r.council = i.council
        GROUP BY i.year ORDER BY i.year""", [code, council, council, council, council])


def own(wh, code: str, threshold: int) -> pd.DataFrame:
    """The partnership's own figure per 31 July year, computed the LGBF way: year,
    numerator, denominator, value (protected: small counts hidden)."""
    # the LGBF counts Scotland's year, to 31 July, whatever the partnership's country
    return indicators.whole_years(wh, LGBF[code].indicator_id, threshold,
                                  country="scotland").data


def care_homes(wh, council: str) -> pd.DataFrame:
    """The council's registered care homes for children, with their latest grades."""
    return wh.df(f"""
        SELECT service_name, service_type, last_inspection, {", ".join(KQ)}
        FROM comparator_care_services
        WHERE council = ? AND care_service = 'Care Home Service'
          AND subtype = 'Children & Young People'
        ORDER BY service_type, service_name""", [council])


def care_homes_summary(wh, council: str) -> str:
    """One sentence on the council's children's care homes' grades, or "" without data."""
    if "comparator_care_services" not in loaded_tables(wh):
        return ""
    row = wh.df(f"""
        SELECT count(*) AS homes,
               count(*) FILTER (WHERE least({", ".join(KQ)}) >= 4) AS good
        FROM comparator_care_services
        WHERE council = ? AND care_service = 'Care Home Service'
          AND subtype = 'Children & Young People'""", [council]).iloc[0]
    if not row["homes"]:
        return ""
    return (f"Care Inspectorate: {int(row['good'])} of {int(row['homes'])} registered care "
            "homes for children graded good (4) or better on every key question inspected "
            "(see How we compare).")


GRADE_COLUMNS = (*KQ, "kq_cyp_wellbeing", "quality_of_care_and_support",
                 "quality_of_environment", "quality_of_staffing", "quality_of_mgmt_and_lship",
                 "quality_of_information")


def grading_history(wh, council: str) -> pd.DataFrame:
    """Each children's care home's grade at its last grading of each year (the lowest
    key-question or quality-theme grade given at that grading; old and new frameworks
    both run 1 unsatisfactory to 6 excellent), with the date it was published. A regrading
    replaces the grade before it: a home graded 2 in January and 4 in April is 4 that
    year. A home is its Care Inspectorate number, named as at its latest grading."""
    if "comparator_care_grades" not in loaded_tables(wh):
        return pd.DataFrame(columns=["service_name", "year", "lowest", "published"])
    return wh.df(f"""
        WITH gradings AS (
            SELECT cs_number, published, year(published)::VARCHAR AS year,
                   least({", ".join(GRADE_COLUMNS)}) AS lowest,
                   arg_max(service_name, published) OVER (PARTITION BY cs_number) AS name
            FROM comparator_care_grades
            WHERE council = ? AND care_service = 'Care Home Service'
              AND subtype = 'Children & Young People' AND published IS NOT NULL
        ),
        graded AS (SELECT * FROM gradings WHERE lowest IS NOT NULL),
        last_of_year AS (
            SELECT cs_number, name, year, max(published) AS published FROM graded GROUP BY ALL
        ),
        at_last AS (
            SELECT l.cs_number, l.name, l.year, l.published, min(g.lowest) AS lowest
            FROM last_of_year l JOIN graded g USING (cs_number, year, published)
            GROUP BY ALL
        ),
        named AS (   -- two homes with one name keep apart by their number
            SELECT *, count(DISTINCT cs_number) OVER (PARTITION BY name) AS same_name
            FROM at_last
        )
        SELECT CASE WHEN same_name > 1 THEN name || ' (' || cs_number || ')' ELSE name END
                   AS service_name,
               year, lowest, published::DATE AS published
        FROM named ORDER BY 1, 2""", [council])


def latest_grades(wh, council: str) -> tuple[int, int]:
    """Children's care homes with a grading history, and how many were graded 2 (weak) or
    1 (unsatisfactory) on some question at their latest grading: the last cell of each
    home's row in the grading history, the same rows the grid draws."""
    frame = grading_history(wh, council)
    if frame.empty:
        return 0, 0
    latest = frame.sort_values("published").groupby("service_name").tail(1)
    return len(latest), int((latest["lowest"] <= 2).sum())


def looked_after_on(wh, year: int) -> int:
    """This warehouse's children looked after on 31 July `year` (0 without a snapshot)."""
    day = dt.date(year, 7, 31)
    frame = indicators.raw_series(wh, "lac_count", Filters(start=day, end=day),
                                  period_type="clas_year")
    return int(frame["numerator"].fillna(0).sum())


def summary_table(wh, council: str) -> pd.DataFrame:
    """One row per published comparator: the latest year, the council, its family group's
    mean, Scotland, its rank and where it sits on the funnel plot, against the limits the
    page draws by default (adjusted for over-dispersion where it is found)."""
    tables, group = loaded_tables(wh), family_group(wh, council)
    rows = []
    if "comparator_lgbf" in tables:
        for code, indicator in LGBF.items():
            pub = published(wh, council, code).dropna(subset=["partnership"])
            if pub.empty:
                continue
            last = pub.iloc[-1]
            found = lgbf_funnel(wh, code)
            position = "–"
            if found and found[0] == last["year"]:
                points = found[1][found[1]["key"] == council_key(council)]
                if len(points):
                    position = points["position"].iloc[0]
            rows.append({"Indicator": indicator.label, "Year": last["year"],
                         council: last["partnership"], "Family group": last["family_group"],
                         "Scotland": last["scotland"],
                         "Rank (1 best)": f"{int(last['rank'])} of {int(last['councils'])}",
                         "Against Scotland (funnel)": position})
    found = rate_funnel(wh)
    if found:
        period, points, _, target = found
        keys = points["key"]
        mine = points[keys == council_key(council)]
        if len(mine):
            rows.append({
                "Indicator": "Looked after per 1,000 aged 0-17 (ScotPHO)", "Year": period,
                council: mine["value"].iloc[0],
                "Family group": points[keys.isin(group - {council_key(council)})]["value"].mean()
                if group else np.nan,
                "Scotland": target, "Rank (1 best)": "–",
                "Against Scotland (funnel)": mine["position"].iloc[0]})
    frame = pd.DataFrame(rows, columns=["Indicator", "Year", council, "Family group",
                                        "Scotland", "Rank (1 best)",
                                        "Against Scotland (funnel)"])
    return frame.round({council: 1, "Family group": 1, "Scotland": 1})
