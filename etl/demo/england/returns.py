"""One collection year's SSDA903 return (1 April to 31 March), cut from the simulated
care histories (care.py): the files a council sends DfE, with DfE's column names, code
sets and dd/mm/yyyy dates.

- header: one row per child in the episodes file.
- episodes: every episode of each child looked after at any time in the year, back to
  their first; an episode still going on at 31 March has no DEC or REC. The episodes of
  the year's OC3 care leavers are there too (the loader takes the date a young person
  ceased to be looked after from them).
- oc3: care leavers whose 17th to 21st birthday falls in the year (validator rule 391)
  and who left care on or after their 16th birthday, after 13 weeks or more looked after
  since their 14th: in touch, activity, accommodation, with each person's circumstances
  carried from year to year.
- reviews: each child's reviews in the year (20 days after care starts, three months
  later, then every six months) with the method of participation (PN0 under 4).
- missing: periods missing (M) or away without authorisation (A), mostly teenagers.
- oc2, uasc, ad1, placed_for_adoption, previous_permanence: a few plausible rows each,
  which the loader recognises and reports as not used.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl.demo.columns import frame
from etl.demo.dates import DAYS_PER_YEAR, NO_DATE, add_years, day, uk

SEX_LETTERS_FROM = day(dt.date(2025, 3, 31))    # M/F/U from 2024-25 (validator rule 101)
SEX_CODES = {"M": ("1", "M"), "F": ("2", "F"), "U": ("1", "U")}
ETHNIC = {"WBRI": .84, "WOTH": .025, "WIRI": .003, "WROM": .006, "MWBC": .02, "MWBA": .007,
          "MWAS": .01, "MOTH": .02, "AIND": .003, "APKN": .005, "AOTH": .008, "BCRB": .003,
          "BAFR": .012, "BOTH": .004, "CHNE": .002, "OOTH": .015, "REFU": .003, "NOBT": .01}
UASC_ETHNIC = {"OOTH": .45, "BAFR": .3, "AOTH": .2, "BOTH": .05}

IN_TOUCH = {"17-18": (("YES", "NO", "REFU", "NREQ", "RHOM", "DIED"),
                      (.93, .02, .02, .015, .013, .002)),
            "19-21": (("YES", "NO", "REFU", "NREQ", "RHOM", "DIED"),
                      (.90, .03, .03, .02, .017, .003))}
ACTIV = {"17-18": (("F2", "P2", "F1", "F4", "F5", "P5", "G4", "G5", "G6"),
                   (.50, .04, .02, .07, .06, .03, .05, .18, .05)),
         "19-21": (("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6"),
                   (.08, .01, .12, .03, .06, .01, .25, .10, .09, .17, .06))}
ACCOM = {"17-18": (("Z1", "E1", "D1", "B1", "C1", "U1", "T1", "K1", "Y1",
                    "D2", "B2", "S2", "X2", "V2", "W2", "U2"),
                   (.22, .08, .25, .18, .05, .06, .05, .01, .02,
                    .015, .015, .008, .01, .005, .002, .005)),
         "19-21": (("U1", "B1", "Z1", "D1", "E1", "T1", "K1", "Y1", "C1", "G1",
                    "U2", "B2", "S2", "X2", "V2", "W2", "D2"),
                   (.40, .15, .06, .10, .03, .05, .04, .03, .02, .01,
                    .012, .008, .008, .01, .004, .002, .004))}
REVIEW_CODES = (("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"),
                (.46, .05, .04, .04, .03, .30, .08))


def _pick(u: np.ndarray, codes_p) -> np.ndarray:
    """A code per uniform draw in `u` (so a person's draw can be kept from year to year)."""
    codes, p = codes_p
    cum = np.cumsum(p) / np.sum(p)
    return np.array(codes, dtype=object)[np.minimum(np.searchsorted(cum, u, side="right"),
                                                    len(codes) - 1)]


def people(rng, kids: pd.DataFrame, ep: pd.DataFrame) -> pd.DataFrame:
    """Each child's case-system id, sex, ethnicity, UPN and lasting traits (whether an
    unaccompanied asylum seeker, their care leaver's circumstances)."""
    first = ep.groupby("child")["start"].min().reindex(kids["child"]).to_numpy()
    order = np.argsort(first, kind="stable")
    kids = kids.iloc[order].reset_index(drop=True)
    n = len(kids)
    ids = 100_000 + np.cumsum(rng.integers(1, 60, n))
    sex = np.array(["M", "F", "U"], dtype=object)[rng.choice(3, n, p=[.557, .441, .002])]
    age_in = (first[order] - kids["dob"].to_numpy()) / DAYS_PER_YEAR
    uasc = (age_in >= 14) & (sex == "M") & (rng.random(n) < 0.25)
    eth = np.array(list(ETHNIC), dtype=object)[rng.choice(len(ETHNIC), n,
                                                         p=np.array(list(ETHNIC.values()))
                                                         / sum(ETHNIC.values()))]
    eth[uasc] = np.array(list(UASC_ETHNIC), dtype=object)[
        rng.choice(len(UASC_ETHNIC), uasc.sum(), p=list(UASC_ETHNIC.values()))]
    upn = np.array([f"{chr(65 + a)}{b:012d}" for a, b in
                    zip(rng.integers(0, 26, n), rng.integers(10**11, 10**12, n))], dtype=object)
    upn[uasc] = "UN2"                                   # no UPN: never in an English school
    return kids.assign(CHILD=np.array([str(i) for i in ids], dtype=object), sex=sex,
                       ethnic=eth, upn=upn, uasc=uasc, mother=rng.random(n) < 0.02,
                       cin=rng.random(n), touch_u=rng.random(n), activ_u=rng.random(n),
                       accom_u=rng.random(n), review_u=rng.random(n))


def _dob_text(kids: pd.DataFrame, child) -> np.ndarray:
    return uk(kids.set_index("child")["dob"].reindex(np.asarray(child)).to_numpy())


def oc3_cohort(kids: pd.DataFrame, ep: pd.DataFrame, ys: int, ye: int) -> pd.DataFrame:
    """Care leavers DfE asks about in the year: 17 to 21 on a birthday in it, left care
    on or after their 16th birthday and by that birthday, after 13 weeks looked after
    since their 14th."""
    done = ep.loc[ep["end"] <= ye]
    still = set(ep.loc[ep["end"] > ye, "child"])
    last = done.groupby("child").agg(ceased=("end", "max"))
    last = last.loc[~last.index.isin(still)]
    dob = kids.set_index("child")["dob"].reindex(last.index).to_numpy()
    b14, b16 = add_years(dob, 14), add_years(dob, 16)
    since14 = done.assign(b14=pd.Series(add_years(done["dob"].to_numpy(), 14), index=done.index))
    since14 = (since14["end"] - np.maximum(since14["start"], since14["b14"])).clip(lower=0)
    weeks = since14.groupby(done["child"]).sum().reindex(last.index).to_numpy()
    record = np.full(len(last), NO_DATE)
    ages = np.zeros(len(last), dtype=np.int64)
    for age in (17, 18, 19, 20, 21):
        bday = add_years(dob, age)
        hit = (record == NO_DATE) & (bday >= ys) & (bday <= ye)
        record[hit], ages[hit] = bday[hit], age
    ceased = last["ceased"].to_numpy()
    ok = (record != NO_DATE) & (ceased >= b16) & (ceased <= record) & (weeks >= 91)
    del b14
    return pd.DataFrame({"child": last.index[ok], "age": ages[ok], "record": record[ok]})


def _oc3(rng, kids: pd.DataFrame, cohort: pd.DataFrame) -> pd.DataFrame:
    traits = kids.set_index("child").reindex(cohort["child"])
    band = np.where(cohort["age"].to_numpy() <= 18, "17-18", "19-21")
    n = len(cohort)
    wobble = lambda u, w: (u + w * rng.random(n)) % 1.0
    touch, activ, accom = (np.empty(n, dtype=object) for _ in range(3))
    for b in ("17-18", "19-21"):
        m = band == b
        touch[m] = _pick(wobble(traits["touch_u"].to_numpy(), 0.05)[m], IN_TOUCH[b])
        activ[m] = _pick(wobble(traits["activ_u"].to_numpy(), 0.15)[m], ACTIV[b])
        accom[m] = _pick(wobble(traits["accom_u"].to_numpy(), 0.1)[m], ACCOM[b])
    unknown = touch != "YES"
    activ[unknown], accom[unknown] = "0", "0"
    return frame({"CHILD": traits["CHILD"], "DOB": _dob_text(kids, cohort["child"]),
                  "IN_TOUCH": touch, "ACTIV": activ, "ACCOM": accom})


def _episodes(kids: pd.DataFrame, ep: pd.DataFrame, ye: int) -> pd.DataFrame:
    ids = kids.set_index("child")["CHILD"]
    ep = ep.assign(CHILD=ids.reindex(ep["child"]).to_numpy())
    ep = ep.sort_values(["CHILD", "start"], kind="stable").reset_index(drop=True)
    open_ = ep["end"].to_numpy() > ye
    rec, rpc = ep["rec"].to_numpy(dtype=object).copy(), ep["rpc"].to_numpy(dtype=object).copy()
    rec[open_], rpc[open_] = "", ""
    regulated = ep["place"].isin(["K1", "K2"]).to_numpy()
    urn = np.where(regulated, [f"SC{40_000 + (c * 7919) % 950_000:06d}" for c in ep["child"]],
                   "")
    return frame({"CHILD": ep["CHILD"], "DECOM": uk(ep["start"]), "RNE": ep["rne"],
                  "LS": ep["ls"], "CIN": ep["cin"], "PLACE": ep["place"],
                  "PLACE_PROVIDER": ep["provider"],
                  "DEC": uk(np.where(open_, NO_DATE, ep["end"])), "REC": rec,
                  "REASON_PLACE_CHANGE": rpc, "HOME_POST": "", "PL_POST": "", "URN": urn})


def _header(kids: pd.DataFrame, children: np.ndarray, ye: int) -> pd.DataFrame:
    h = kids.set_index("child").reindex(children).sort_values("CHILD", kind="stable")
    letters = ye >= SEX_LETTERS_FROM
    sex = np.array([SEX_CODES[s][int(letters)] for s in h["sex"]], dtype=object)
    age = (ye - h["dob"].to_numpy()) / DAYS_PER_YEAR
    female_12 = (h["sex"].to_numpy() == "F") & (age >= 12)
    mother = np.where(female_12, np.where(h["mother"].to_numpy(), "1", "0"), "").astype(object)
    mc_dob = np.where(mother == "1", uk(np.minimum(ye - 40, h["dob"].to_numpy()
                                                   + int(17 * DAYS_PER_YEAR))), "")
    return frame({"CHILD": h["CHILD"], "SEX": sex, "DOB": uk(h["dob"]), "ETHNIC": h["ethnic"],
                  "UPN": h["upn"], "MOTHER": mother, "MC_DOB": mc_dob})


def _reviews(rng, kids: pd.DataFrame, ep: pd.DataFrame, ys: int, ye: int) -> pd.DataFrame:
    spells = ep.groupby("spell").agg(child=("child", "first"), dob=("dob", "first"),
                                     start=("start", "min"), end=("end", "max"))
    spells = spells.loc[(spells["end"] >= ys) & (spells["start"] <= ye)]
    offsets = np.concatenate([[20, 111], 111 + 182 * np.arange(1, 40)])
    when = spells["start"].to_numpy()[:, None] + offsets[None, :]
    on = (when >= ys) & (when <= ye) & (when < spells["end"].to_numpy()[:, None])
    row, _ = np.nonzero(on)
    child, dob, review = spells["child"].to_numpy()[row], spells["dob"].to_numpy()[row], when[on]
    review = review + rng.integers(-7, 8, len(review))             # held a few days either way
    review = np.clip(review, ys, ye)
    traits = kids.set_index("child").reindex(child)
    u = (traits["review_u"].to_numpy() + 0.3 * rng.random(len(child))) % 1.0
    code = _pick(u, REVIEW_CODES)
    code[add_years(dob, 4) > review] = "PN0"
    df = pd.DataFrame({"CHILD": traits["CHILD"].to_numpy(), "DOB": uk(dob), "day": review,
                       "REVIEW_CODE": code}).drop_duplicates(["CHILD", "day"])
    df = df.sort_values(["CHILD", "day"], kind="stable")
    return frame({"CHILD": df["CHILD"], "DOB": df["DOB"], "REVIEW": uk(df["day"]),
                  "REVIEW_CODE": df["REVIEW_CODE"]})


def _missing(rng, kids: pd.DataFrame, ep: pd.DataFrame, ys: int, ye: int) -> pd.DataFrame:
    """Missing or away periods: about one looked-after teenager in five, a few times each."""
    year = ep.loc[(ep["end"] >= ys) & (ep["start"] <= ye)
                  & ((ep["end"] - ep["dob"]) / DAYS_PER_YEAR >= 11)]
    kids_in = year["child"].unique()
    goes = kids_in[rng.random(len(kids_in)) < 0.2]
    rows = []
    for child in goes:
        own = year.loc[year["child"] == child]
        lo, hi = max(ys, int(own["start"].min())), min(ye - 3, int(own["end"].max()) - 3)
        if hi <= lo:
            continue
        k = 1 + rng.poisson(3)
        starts = np.sort(rng.integers(lo, hi, k))
        ends = starts + np.minimum(rng.geometric(0.5, k) - 1, 2)
        last_end = -1
        for s, e in zip(starts, ends):
            if s <= last_end:
                continue
            rows.append((child, s, e, "M" if rng.random() < 0.75 else "A"))
            last_end = e
    df = pd.DataFrame(rows, columns=["child", "start", "end", "kind"])
    traits = kids.set_index("child").reindex(df["child"])
    df = df.assign(CHILD=traits["CHILD"].to_numpy()).sort_values(["CHILD", "start"])
    return frame({"CHILD": df["CHILD"], "DOB": _dob_text(kids, df["child"]),
                  "MISSING": df["kind"], "MIS_START": uk(df["start"]), "MIS_END": uk(df["end"])})


def _unused(rng, kids: pd.DataFrame, ep: pd.DataFrame, children: np.ndarray, ys: int,
            ye: int) -> dict[str, pd.DataFrame]:
    """The files the product does not use, with a few plausible rows each."""
    k = kids.set_index("child")
    # OC2: looked after for 12 months at 31 March
    current = ep.loc[(ep["start"] <= ye) & (ep["end"] > ye)]
    spell_start = ep.groupby("spell")["start"].min()
    long = current.loc[spell_start.reindex(current["spell"]).to_numpy() <= ye - 365, "child"]
    long = np.unique(long.to_numpy())
    n = len(long)
    age = (ye - k["dob"].reindex(long).to_numpy()) / DAYS_PER_YEAR
    sdq = (age >= 4) & (age < 17)
    yn = lambda p: np.where(rng.random(n) < p, "1", "0").astype(object)
    oc2 = frame({"CHILD": k["CHILD"].reindex(long), "DOB": _dob_text(kids, long),
                 "SDQ_SCORE": np.where(sdq, rng.integers(4, 30, n).astype(str), ""),
                 "SDQ_REASON": np.where(sdq, "", "SDQ1"),
                 "CONVICTED": np.where(age >= 10, yn(0.03), ""),
                 "HEALTH_CHECK": yn(0.9), "IMMUNISATIONS": yn(0.85), "TEETH_CHECK": yn(0.8),
                 "HEALTH_ASSESSMENT": yn(0.9), "SUBSTANCE_MISUSE": yn(0.03),
                 "INTERVENTION_RECEIVED": yn(0.02), "INTERVENTION_OFFERED": yn(0.02)})
    # UASC: unaccompanied asylum-seeking children in the year; status ends at 18
    u = [c for c in children if k.at[c, "uasc"]]
    uasc = frame({"CHILD": k["CHILD"].reindex(u),
                  "SEX": ["M" if ye >= SEX_LETTERS_FROM else "1"] * len(u),
                  "DOB": _dob_text(kids, u), "DUC": uk(add_years(k["dob"].reindex(u)
                                                                  .to_numpy(), 18))})
    # adoptions in the year, and the decisions that they should be placed
    adopted = ep.loc[ep["rec"].isin(["E11", "E12"]) & (ep["end"] >= ys) & (ep["end"] <= ye)]
    placed = ep.loc[(ep["rne"].isin(["P", "T"])) & ep["place"].isin(["A5", "A6"])
                    & (ep["start"] <= ye)].set_index("child")["start"]
    a = adopted["child"].to_numpy()
    m = len(a)
    p_at = placed.groupby(level=0).first().reindex(a).to_numpy()
    ad1 = frame({"CHILD": k["CHILD"].reindex(a), "DOB": _dob_text(kids, a),
                 "DATE_INT": uk(p_at - rng.integers(20, 90, m)), "DATE_MATCH": uk(p_at - 14),
                 "FOSTER_CARE": np.where(adopted["rne"].to_numpy() == "T", "1", "0"),
                 "NB_ADOPTR": np.where(rng.random(m) < 0.8, "2", "1"),
                 "SEX_ADOPTR": np.array(["MF", "MM", "FF"], dtype=object)[
                     rng.choice(3, m, p=[.85, .07, .08])],
                 "LS_ADOPTR": np.array(["L0", "L11", "L12", "L2"], dtype=object)[
                     rng.choice(4, m, p=[.8, .05, .05, .1])]})
    in_year = placed.loc[(placed >= ys - 365) & placed.index.isin(children)]
    pc = in_year.index.to_numpy()
    ended = (pd.Series(adopted["end"].to_numpy(), index=a).reindex(pc).fillna(-1)
             .to_numpy(dtype=np.int64))
    ongoing = ended < 0
    pfa = frame({"CHILD": k["CHILD"].reindex(pc), "DOB": _dob_text(kids, pc),
                 "DATE_PLACED": uk(in_year.to_numpy() - 60),
                 "DATE_PLACED_CEASED": uk(np.where(ongoing, NO_DATE, ended)),
                 "REASON_PLACED_CEASED": np.where(ongoing, "", "E11")})
    # previous permanence: asked of each child starting care in the year
    starters = np.unique(ep.loc[(ep["rne"] == "S") & (ep["start"] >= ys)
                                & (ep["start"] <= ye), "child"])
    s = len(starters)
    prev = np.where(rng.random(s) < 0.04, "P2", "Z1").astype(object)
    perm_day = ys - rng.integers(400, 2000, s)
    pp = frame({"CHILD": k["CHILD"].reindex(starters), "DOB": _dob_text(kids, starters),
                "PREV_PERM": prev, "LA_PERM": np.where(prev == "P2", "370", ""),
                "DATE_PERM": np.where(prev == "P2", uk(perm_day), "")})
    return {"oc2": oc2, "uasc": uasc, "ad1": ad1, "placed_for_adoption": pfa,
            "previous_permanence": pp}


def year_return(rng, kids: pd.DataFrame, ep: pd.DataFrame, ye: int) -> dict[str, pd.DataFrame]:
    """Every file of the return for the collection year ending on day `ye`."""
    ys = int(add_years(np.array([ye + 1]), -1)[0])
    in_year = ep.loc[(ep["start"] <= ye) & (ep["end"] >= ys), "child"].unique()
    cohort = oc3_cohort(kids, ep, ys, ye)
    children = np.union1d(in_year, cohort["child"].to_numpy())
    shown = ep.loc[ep["child"].isin(children) & (ep["start"] <= ye)]
    looked_after = ep.loc[ep["child"].isin(in_year) & (ep["start"] <= ye)]
    return {"header": _header(kids, children, ye), "episodes": _episodes(kids, shown, ye),
            "reviews": _reviews(rng, kids, looked_after, ys, ye),
            "missing": _missing(rng, kids, looked_after, ys, ye),
            "oc3": _oc3(rng, kids, cohort.sort_values("child")),
            **_unused(rng, kids, looked_after, in_year, ys, ye)}
