"""SSDA903 header and episodes files into children and looked_after_episodes.

Codes are mapped through codes.toml; a code outside the specification's set, and each
episode rule the return breaks (a DEC without a REC, episodes of one child that
overlap, a date of birth after the episode's start, a DEC after the year the return
covers), quarantines the row with the rule in words. The contract's own rules (a child
missing from the header, an end before the start, duplicates) follow in validation.
"""

from __future__ import annotations

import pandas as pd

from etl.ssda903.codes import code_set
from etl.ssda903.rows import Problems, contract_frame, uk_date

OPEN_END = pd.Timestamp("2262-01-01")


def header(frame: pd.DataFrame, localities: tuple[str, ...]):
    """header -> children. 903 has no locality: every child is in the first configured."""
    found = Problems(frame)
    found.codes("SEX", blank_ok=False)
    found.codes("ETHNIC", blank_ok=False)
    out = contract_frame("children", {
        "child_id": frame["CHILD"], "date_of_birth": frame["DOB"],
        "sex": code_set("SEX").ours(frame["SEX"]),
        "ethnicity": code_set("ETHNIC").ours(frame["ETHNIC"]),
        "locality": pd.Series(localities[0] if localities else "", index=frame.index),
    }, frame.index)
    notes = []
    if len(localities) > 1:
        notes.append(f"the SSDA903 return has no locality: every child is placed in "
                     f"'{localities[0]}', the first of the partnership's "
                     f"{len(localities)} localities")
    return out, found, notes


def placement_types(frame: pd.DataFrame) -> pd.Series:
    """PLACE to our placement kinds; foster care and children's homes split by provider."""
    kind = code_set("PLACE").ours(frame["PLACE"])
    provider = code_set("PLACE_PROVIDER").ours(frame["PLACE_PROVIDER"])
    split = {("foster", "public"): "foster_la", ("foster", "purchased"): "foster_purchased",
             ("childrens_home", "public"): "residential_la",
             ("childrens_home", "purchased"): "residential_voluntary"}
    return pd.Series([split.get((k, p), "" if k in ("foster", "childrens_home") else k)
                      for k, p in zip(kind, provider)], index=frame.index)


def episodes(frame: pd.DataFrame, births: pd.Series, year_end: pd.Timestamp | None):
    """episodes -> looked_after_episodes. `births`: CHILD -> full date of birth from the
    header; `year_end`: the 31 March that ends the year the return covers."""
    found = Problems(frame)
    for col in ("RNE", "LS", "PLACE", "REC", "PLACE_PROVIDER"):
        found.codes(col)
    dec, rec = frame["DEC"].str.strip(), frame["REC"].str.strip()
    found.add((dec != "") & (rec == ""), "REC",
              "REC (reason episode ceased) is blank though DEC (date episode ceased) is "
              "given: both are coded or both left blank (validator rule 148)", ("DEC", "REC", "CHILD"))
    # the other way round (REC given, DEC blank) breaks rule 148 too, but an episode with
    # no end date has not ended: it is loaded as open and its REC is not used (said below)
    open_with_rec = (dec == "") & (rec != "")
    kind = code_set("PLACE").ours(frame["PLACE"])
    found.add(kind.isin(["foster", "childrens_home"]) & (frame["PLACE_PROVIDER"].str.strip() == ""),
              "PLACE_PROVIDER", lambda r: f"PLACE_PROVIDER is blank: placement type {r['PLACE']} "
              "is council or purchased care only by its provider (PR0-PR5)",
              ("PLACE", "PLACE_PROVIDER", "CHILD"))
    start, end = uk_date(frame["DECOM"]), uk_date(frame["DEC"])
    if year_end is not None:
        found.add(end > year_end, "DEC", f"DEC (date episode ceased) is after "
                  f"{year_end:%d/%m/%Y}, the end of the collection year this return covers "
                  "(validator rule 385)",
                  ("DECOM", "DEC", "CHILD"))
    dob = frame["CHILD"].map(births)
    found.add(dob > start, "DECOM", "DOB after episode start: the child's date of birth in "
              "the header is after DECOM (date episode commenced)", ("DECOM", "DOB", "CHILD"))
    found.add(_overlaps(frame["CHILD"], start, end), "DECOM",
              "episodes overlap: this episode starts (DECOM) before the child's previous "
              "episode ended (its DEC, or it is still open)", ("CHILD", "DECOM", "DEC"))
    out = contract_frame("looked_after_episodes", {
        "episode_id": frame["CHILD"] + "/" + frame["DECOM"].str.strip(),
        "child_id": frame["CHILD"], "start_date": frame["DECOM"], "end_date": frame["DEC"],
        "placement_type": placement_types(frame),
        "legal_reason": code_set("LS").ours(frame["LS"]),
        "reason_ended": code_set("REC").ours(frame["REC"]).where(~open_with_rec, ""),
    }, frame.index)
    reasons = contract_frame("new_episode_reasons", {
        "episode_id": out["episode_id"], "child_id": frame["CHILD"],
        "new_episode_reason": frame["RNE"].str.strip(),
    }, frame.index)
    notes, load_notes = [], []
    if n := int(open_with_rec.sum()):
        notes.append(f"{n} open episode(s) have REC (reason episode ceased) coded but no DEC "
                     "(date episode ceased), which DfE's validator rule 148 rejects: loaded "
                     "as open episodes (still looked after), their REC not used")
        load_notes.append(f"{n} SSDA903 episode(s) with REC but no DEC (validator rule 148) "
                          "were loaded as open episodes, still looked after; their REC was "
                          "not used. Correct them in the return before it goes to DfE.")
    tables = [(out, "looked_after_episodes"), (reasons, "new_episode_reasons")]
    return tables, found, notes, load_notes


def _overlaps(child: pd.Series, start: pd.Series, end: pd.Series) -> pd.Series:
    """Episodes that start before an earlier-starting episode of the same child ends
    (an episode ending on the day the next starts does not overlap: DfE's X1)."""
    df = pd.DataFrame({"child": child, "start": start, "end": end.fillna(OPEN_END)})
    df = df.loc[df["start"].notna()].sort_values(["child", "start"], kind="stable")
    ends = df["end"].astype("int64")
    before = ends.groupby(df["child"]).cummax().groupby(df["child"]).shift(1)
    hit = before.notna() & (df["start"].astype("int64") < before)
    return hit.reindex(child.index, fill_value=False)
