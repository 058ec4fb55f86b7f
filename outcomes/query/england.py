"""England: DfE's published local-authority figures for a council, beside its ten
statistical neighbours and England (the `comparator_dfe_*` tables, loaded by
`outcomes comparators load`).

As DfE's Local Authority Interactive Tool (LAIT) does, the neighbours' figure is the
**median** of the neighbours' published values that year; a neighbour whose figure is
suppressed (``c``), not available (``x``) or absent is left out, and the words say how
many of the ten were published. Missing stays missing: never zero, never an older year.
The council is named in settings (``council``) as DfE spells it (``la_name``), or by
its ``new_la_code``; neighbours are matched by DfE's three-digit ``old_la_code``, which
the groupings use (their names are spelled differently: "Bedford Borough").
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import pandas as pd

from outcomes.query.comparators import council_key, loaded_tables
from outcomes.words import england as words

YEAR = "CASE WHEN time_period > 9999 THEN time_period // 100 + 1 ELSE time_period END"
PLACE = "geographic_level AS level, old_la_code AS code, la_name AS name, new_la_code"


@dataclass(frozen=True)
class DfeMeasure:
    id: str
    title: str
    unit: str                   # "%" or "per 10,000"
    better: str                 # "higher", "lower" or "neither"
    table: str                  # the comparator table it needs
    sql: str                    # year, level, code, name, new_la_code, value, marker
    says: str                   # words.sentence's phrase: "{value} of {council}'s ..."
    definition: str
    source: str


def _care_leavers(age: str, breakdown: str) -> str:
    return (f"SELECT {YEAR} AS year, {PLACE}, care_leaver_percent AS value, "
            "care_leaver_percent_marker AS marker FROM comparator_dfe_care_leavers "
            f"WHERE care_leaver_age = '{age}' AND breakdown = '{breakdown}'")


def _stability(group: str, stability: str) -> str:
    return (f"SELECT {YEAR} AS year, {PLACE}, children_percent AS value, "
            "children_percent_marker AS marker FROM comparator_dfe_stability "
            f"WHERE cla_group = '{group}' AND placement_stability = '{stability}'")


AT_31_MARCH = "Children looked after on 31 March each year"
CPP_RATE = f"""
    WITH pop AS (
        SELECT {YEAR} AS year, geographic_level AS level,
               coalesce(old_la_code, region_code, 'England') AS place,
               population_estimate, population_estimate_marker
        FROM comparator_dfe_cla WHERE population_type = '{AT_31_MARCH}')
    SELECT c.*, round(10000.0 * c.cpp_at31 / p.population_estimate, 1) AS value,
           CASE WHEN c.cpp_at31 IS NULL THEN coalesce(c.cpp_at31_marker, 'x')
                WHEN p.population_estimate IS NULL
                THEN coalesce(p.population_estimate_marker, 'x') END AS marker
    FROM (SELECT {YEAR} AS year, {PLACE}, cpp_at31, cpp_at31_marker,
                 coalesce(old_la_code, region_code, 'England') AS place
          FROM comparator_dfe_cpp) c
    LEFT JOIN pop p USING (year, level, place)
    WHERE c.year >= (SELECT min(year) FROM pop)"""
CARE_LEAVERS = ("DfE, Children looked after in England including adoptions: care leavers "
                "now aged {age} (looked after for 13 weeks after their 14th birthday, "
                "including their 16th), contact around their birthday.")
MEASURES = {m.id: m for m in (
    DfeMeasure("cla_rate", "Children looked after at 31 March per 10,000 children",
               "per 10,000", "neither", "comparator_dfe_cla",
               f"SELECT {YEAR} AS year, {PLACE}, rate_per_10000 AS value, "
               "rate_per_10000_marker AS marker FROM comparator_dfe_cla "
               f"WHERE population_type = '{AT_31_MARCH}'",
               "{council} looked after {value} at 31 March",
               "Children looked after at 31 March per 10,000 children aged under 18 (ONS "
               "mid-year estimate).",
               "DfE, Children looked after in England including adoptions."),
    DfeMeasure("placements_3plus", "Looked-after children with 3 or more placements in "
               "the year", "%", "lower", "comparator_dfe_stability",
               _stability("CLA on 31 March", "With 3 or more placements during the year"),
               "{value} of {council}'s looked-after children had three or more placements",
               "Children looked after at 31 March with three or more placements during "
               "the year, as a percentage of all looked after at 31 March.",
               "DfE, Children looked after in England including adoptions (placement "
               "stability)."),
    DfeMeasure("long_term_stability", "Long-term placement stability (same carer for 2 "
               "years)", "%", "higher", "comparator_dfe_stability",
               _stability("Children looked after continuously for at least 2.5 years on "
                          "31 March aged under 16 years",
                          "Living with the same carer for at least 2 years"),
               "{value} of {council}'s children looked after for two and a half years or "
               "more (aged under 16) had lived with the same carer for at least two years",
               "Children aged under 16 at 31 March looked after continuously for at least "
               "2.5 years, who were living in the same placement (or placed for adoption "
               "with the same carer) for at least 2 years, as a percentage of them.",
               "DfE, Children looked after in England including adoptions (placement "
               "stability)."),
    *(DfeMeasure(f"care_leavers_eet_{a}", f"Care leavers aged {t} in education, "
                 "employment or training", "%", "higher", "comparator_dfe_care_leavers",
                 _care_leavers(f"{t.replace('-', ' to ')} years",
                               "Total in education, employment or training"),
                 f"{{value}} of {{council}}'s care leavers aged {t} were in education, "
                 "employment or training",
                 f"Care leavers aged {t} in education, employment or training, as a "
                 f"percentage of all care leavers aged {t} (information not known "
                 "included in the total).", CARE_LEAVERS.format(age=t))
      for a, t in (("17_18", "17-18"), ("19_21", "19-21"))),
    *(DfeMeasure(f"care_leavers_suitable_{a}", f"Care leavers aged {t} in suitable "
                 "accommodation", "%", "higher", "comparator_dfe_care_leavers",
                 _care_leavers(f"{t.replace('-', ' to ')} years",
                               "Accommodation considered suitable"),
                 f"{{value}} of {{council}}'s care leavers aged {t} were in accommodation "
                 "considered suitable",
                 f"Care leavers aged {t} in accommodation considered suitable, as a "
                 f"percentage of all care leavers aged {t}.", CARE_LEAVERS.format(age=t))
      for a, t in (("17_18", "17-18"), ("19_21", "19-21"))),
    DfeMeasure("cpp_rate", "Children on a child protection plan at 31 March per 10,000 "
               "children", "per 10,000", "neither", "comparator_dfe_cpp", CPP_RATE,
               "{council} had {value} on a child protection plan at 31 March",
               "Child protection plans at 31 March per 10,000 children aged under 18: "
               "computed here from DfE's count and the child population DfE gives for "
               "the same year in its looked-after children table (years it gives one).",
               "DfE, Characteristics of children in need (table D5), and DfE's "
               "looked-after children table for the population."),
    DfeMeasure("cpp_2_years", "Child protection plans lasting 2 years or more at 31 "
               "March", "%", "lower", "comparator_dfe_cpp",
               f"SELECT {YEAR} AS year, {PLACE}, years_2_or_more_percent AS value, "
               "years_2_or_more_percent_marker AS marker FROM comparator_dfe_cpp",
               "{value} of {council}'s child protection plans at 31 March had lasted two "
               "years or more",
               "Child protection plans open at 31 March that had lasted two years or more, "
               "as a percentage of all open at 31 March.",
               "DfE, Characteristics of children in need (table D5)."))}
DFE_TABLES = ("comparator_dfe_cla", "comparator_dfe_care_leavers",
              "comparator_dfe_stability", "comparator_dfe_cpp")


def has_dfe(wh) -> bool:
    """Whether DfE's neighbour groupings and at least one of its tables are loaded."""
    tables = loaded_tables(wh)
    return "comparator_dfe_neighbours" in tables and bool(tables & set(DFE_TABLES))


def places(wh) -> pd.DataFrame:
    """Every council DfE's loaded tables name: code, name (its latest spelling),
    new_la_code; the groupings' own names for councils only they hold."""
    tables = loaded_tables(wh)
    parts = [f"SELECT old_la_code AS code, la_name AS name, new_la_code, {YEAR} AS year "
             f"FROM {t} WHERE geographic_level = 'Local authority'"
             for t in DFE_TABLES if t in tables]
    if "comparator_dfe_neighbours" in tables:
        parts.append("SELECT la_number, la_name, NULL, 0 FROM comparator_dfe_neighbours")
    if not parts:
        return pd.DataFrame(columns=["code", "name", "new_la_code"])
    return wh.df(f"""
        SELECT code, arg_max(name, year) AS name, arg_max(new_la_code, year) AS new_la_code
        FROM ({" UNION ALL ".join(parts)}) GROUP BY code ORDER BY code""")


def council_code(wh, council: str) -> tuple[str, str] | None:
    """(old_la_code, DfE's name) of the council named by its la_name (any case, '&' for
    'and') or its new_la_code; None when DfE's tables do not name it."""
    frame = places(wh)
    key = council_key(council)
    hit = frame[(frame["name"].map(council_key) == key)
                | (frame["new_la_code"].fillna("").str.upper() == council.strip().upper())]
    return (str(hit["code"].iloc[0]), str(hit["name"].iloc[0])) if len(hit) else None


def neighbours(wh, code: str) -> pd.DataFrame:
    """The council's ten statistical neighbours, closest first: position, code, name,
    closeness (from the groupings' current section)."""
    if "comparator_dfe_neighbours" not in loaded_tables(wh):
        return pd.DataFrame(columns=["position", "code", "name", "closeness"])
    row = wh.df("SELECT * FROM comparator_dfe_neighbours WHERE la_number = ? "
                "ORDER BY section = 'current' DESC LIMIT 1", [code])
    if row.empty:
        return pd.DataFrame(columns=["position", "code", "name", "closeness"])
    names = places(wh).set_index("code")["name"]
    r = row.iloc[0]
    return pd.DataFrame([{"position": n, "code": r[f"sn{n}"],
                          "name": names.get(r[f"sn{n}"], r[f"sn{n}"]),
                          "closeness": r[f"snp{n}"]} for n in range(1, 11)])


def measure_rows(wh, measure_id: str) -> pd.DataFrame:
    """The measure for England and every council, every year DfE published it."""
    m = MEASURES[measure_id]
    if m.table not in loaded_tables(wh):
        return pd.DataFrame(columns=["year", "level", "code", "name", "value", "marker"])
    return wh.df(f"SELECT year, level, code, name, value, marker FROM ({m.sql}) "
                 "WHERE level IN ('National', 'Local authority')")


@dataclass(frozen=True)
class Comparison:
    measure: DfeMeasure
    council: str                # as DfE names it
    neighbours: pd.DataFrame    # position, code, name, closeness
    years: pd.DataFrame         # one row a year: the council, the median, England, rank
    latest: pd.DataFrame        # the latest year: the council and each neighbour
    england: float | None       # England in the latest year
    sentence: str               # the latest year in words, from `years`' last row


def _rank(values: pd.Series, better: str) -> pd.Series:
    """1 is best (for "neither": 1 is highest); missing values are not ranked."""
    return values.rank(ascending=better == "lower", method="min")


def _year_row(year: int, rows: pd.DataFrame, code: str, codes: list[str], better: str
              ) -> dict:
    here = rows[rows["level"] == "Local authority"].drop_duplicates("code").set_index("code")
    mine = here.loc[code] if code in here.index else None
    values = here.reindex(codes)["value"].dropna()
    england = rows[rows["level"] == "National"]
    group = here.reindex([code, *codes])["value"].dropna()
    ranks = _rank(group, better)
    return {"year": year, "period": words.period(year),
            "council": None if mine is None else mine["value"],
            "council_marker": "x" if mine is None else mine["marker"],
            "median": statistics.median(values) if len(values) else None,
            "published": len(values), "neighbours": len(codes),
            "england": england["value"].iloc[0] if len(england) else None,
            "england_marker": england["marker"].iloc[0] if len(england) else "x",
            "rank": int(ranks[code]) if code in ranks.index else None, "ranked": len(group)}


def comparison(wh, council: str, measure_id: str, years: int = 5) -> Comparison | None:
    """The measure's latest `years` years for the council, its neighbours' median and
    England, its rank, the latest year's values for each neighbour, and the sentence:
    all from the same rows. None when DfE's tables do not name the council."""
    found = council_code(wh, council)
    if found is None:
        return None
    code, name = found
    m = MEASURES[measure_id]
    near = neighbours(wh, code)
    codes = list(near["code"])
    rows = measure_rows(wh, measure_id)
    shown = sorted(rows["year"].unique())[-years:]
    table = pd.DataFrame([_year_row(int(y), rows[rows["year"] == y], code, codes, m.better)
                          for y in shown],
                         columns=["year", "period", "council", "council_marker", "median",
                                  "published", "neighbours", "england", "england_marker",
                                  "rank", "ranked"])
    latest = _latest(rows, shown[-1] if shown else None, code, name, near)
    last = table.iloc[-1] if len(table) else None
    return Comparison(m, name, near, table, latest,
                      None if last is None or pd.isna(last["england"]) else
                      float(last["england"]),
                      words.sentence(m, name, last) if last is not None else
                      words.nothing(m, name))


def _latest(rows: pd.DataFrame, year, code: str, name: str, near: pd.DataFrame
            ) -> pd.DataFrame:
    """The council and each neighbour in the latest year: name, value, marker, role."""
    here = rows[(rows["year"] == year) & (rows["level"] == "Local authority")]
    here = here.drop_duplicates("code").set_index("code")
    out = [{"name": name, "value": here["value"].get(code), "role": "council",
            "marker": here["marker"].get(code, "x"), "closeness": ""}]
    for r in near.itertuples():
        out.append({"name": r.name, "value": here["value"].get(r.code), "role": "neighbour",
                    "marker": here["marker"].get(r.code, "x"), "closeness": r.closeness})
    frame = pd.DataFrame(out)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    frame.loc[frame["value"].notna(), "marker"] = None
    return frame


def summary_table(wh, council: str) -> pd.DataFrame:
    """One row per measure: its latest year, the council, the neighbours' median (and how
    many of ten were published), England and the council's rank."""
    rows = []
    for m in MEASURES.values():
        c = comparison(wh, council, m.id, years=1)
        if c is None or c.years.empty:
            continue
        r = c.years.iloc[-1]
        rows.append({"Measure": m.title, "Year": r["period"],
                     c.council: words.shown(r["council"], r["council_marker"], m.unit),
                     "Neighbours' median": words.shown(r["median"], None, m.unit),
                     "Neighbours published": f"{r['published']} of {r['neighbours']}",
                     "England": words.shown(r["england"], r["england_marker"], m.unit),
                     "Rank": words.rank_text(r["rank"], r["ranked"], m.better)})
    return pd.DataFrame(rows)
