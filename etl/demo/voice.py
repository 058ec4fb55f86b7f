"""Children's views (the feedback table): who is heard, what they say, and how far
along the chain (acted on, told the outcome, used in planning) each view gets.

A made-up association between listening and what happened next, so that "Did listening
change anything?" has something to show (`_what_followed`, `LISTENING`). A view is
somewhat more likely to be recorded as acted on when, in the 12 months after it, the
child did not move placement (log-odds 0.6 higher than for a child who moved) and when
their next wellbeing score was higher than their last one (0.6 higher than lower); and,
a confounder the warehouse holds, when the child was in kinship care (0.5), more so at
12 or over (0.5 more): children in kinship care move less often anyway. At scale 1 (the
`make run` demo), averaged over the page's quarters from 2023 Q1 to 2026 Q3: within 12
months about 14% of the children whose view was acted on moved placement against about
23% of those whose view was not (adjusted for age and placement, 14% against 21%: the
confounder's share), and about 73% against 63% had a higher wellbeing score. On the
tests' demo (scale 0.5, as at 30 September 2026) the page's 2026 Q3 shows 73% of 158
against 51% of 45 for wellbeing; the moves of the smaller group are hidden there
("c"). Care leavers' outcomes are left alone. Whether a view was acted on is drawn after
the placements and the wellbeing scores, so acting on a view changes nothing in the
demo: the association is built in, made up, and says nothing about real children. Each
shift is centred on the views' average, so the share of views acted on moves by at most
about a point in any quarter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import contract as c
from core.settings import Settings
from etl.demo.children import LOCALITIES, locality_weights
from etl.demo.columns import frame, source_ids, yes_no
from etl.demo.dates import DAYS_PER_YEAR, NO_DATE, age, iso
from etl.demo.placements import PT, RESIDENTIAL, looked_after_on
from etl.demo.protection import on_register
from etl.demo.sampling import logistic, pick_n
from etl.demo.window import Window
from etl.demo.wording import read

# (topic, who can say it, rating it suggests, the child's own words)
COMMENTS = [(x["topic"], x["audience"], x["rating"], x["text"])
            for x in read("comments.yaml")]
FEEDBACK_ACTIONS: dict[str, list[str]] = read("feedback_actions.yaml")
SERVICES = read("services.yaml")
# The made-up association (see the module docstring): log-odds of a view being acted on,
# by what followed it in the next 12 months and who the child was.
LISTENING = {"not_moved": 0.6, "wellbeing_up": 0.6, "in_kinship": 0.5, "older_in_kinship": 0.5}


def _voice_population(ep, cp, leavers, kids, win) -> pd.DataFrame:
    """Child-quarters in which a view could be heard: looked after, registered, or a care leaver."""
    mid = win.quarter_starts + (win.quarter_ends - win.quarter_starts) // 2
    i, qi = np.nonzero(looked_after_on(ep, mid))
    ptype = ep["type"].to_numpy()[i]
    lac = pd.DataFrame({"child": ep["child"].to_numpy()[i], "q": qi,
                        "group": np.where(ptype == PT["home_with_parents"], "home",
                                          np.where(RESIDENTIAL[ptype], "residential",
                                                   "community"))})
    j, qj = np.nonzero(on_register(cp, mid))
    reg = pd.DataFrame({"child": cp["child"].to_numpy()[j], "q": qj, "group": "cp"})
    qk = np.searchsorted(win.quarter_ends, leavers["date"].to_numpy())
    lv = pd.DataFrame({"child": leavers["child"].to_numpy(), "q": qk, "group": "leaver"})
    pop = pd.concat([lac, reg, lv], ignore_index=True).drop_duplicates(["child", "q"])
    pop = pop.merge(kids[["child", "dob", "disability", "locality"]], on="child", how="left")
    pop["mid"] = mid[pop["q"].to_numpy()]
    return pop.sort_values(["q", "child"], kind="stable").reset_index(drop=True)


def _heard(rng, pop: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Whose views were heard: fewer for under-fives, disabled children, children at home."""
    age_at = age(pop["dob"].to_numpy(), pop["mid"].to_numpy())
    t = win.years_since_baseline(pop["mid"].to_numpy())
    logit = (-1.75 + 0.2 * t - 1.5 * (age_at < 5)
             - 0.9 * (pop["disability"].to_numpy() == "Yes")
             - 0.8 * (pop["group"].to_numpy() == "home") + 0.4 * (age_at >= 12)
             - 0.3 * (pop["group"].to_numpy() == "leaver"))
    p = logistic(logit)
    n = (rng.random(len(pop)) < p).astype(np.int64) + (rng.random(len(pop)) < p * 0.25)
    out = pop.loc[np.repeat(np.arange(len(pop)), n)].reset_index(drop=True)
    out["age"] = age(out["dob"].to_numpy(), out["mid"].to_numpy())
    return out


def _anonymous(rng, n: int, win: Window, settings: Settings) -> pd.DataFrame:
    """Anonymous views from surveys and participation groups."""
    q = rng.integers(0, len(win.quarter_ends), n)
    loc = np.array(settings.localities, dtype=object)[
        pick_n(rng, locality_weights(settings.localities), n)]
    return pd.DataFrame({"child": -1, "q": q, "group": "anonymous", "dob": NO_DATE,
                         "disability": "", "locality": loc, "mid": win.quarter_ends[q],
                         "age": rng.uniform(8, 20, n)})


def _house_town(locality: str) -> str:
    return LOCALITIES[locality]["childrens_house_town"] if locality in LOCALITIES else locality


def _services(rng, fb: pd.DataFrame) -> np.ndarray:
    """The service each view is about: social work, a partner, a children's house, throughcare."""
    n = len(fb)
    group, loc = fb["group"].to_numpy(), fb["locality"].to_numpy()
    social = np.array([SERVICES["social_work"].format(locality=x) for x in loc], dtype=object)
    house = np.array([SERVICES["childrens_house"].format(town=_house_town(x)) for x in loc],
                     dtype=object)
    partners = SERVICES["partners"]
    common = np.array(list(partners), dtype=object)[pick_n(rng, list(partners.values()), n)]
    u = rng.random(n)
    out = np.where(u < 0.5, social, common)
    out = np.where((group == "residential") & (u < 0.55), house, out)
    out = np.where((group == "leaver") & (u < 0.45), SERVICES["throughcare"], out)
    return out


def _channels(rng, fb: pd.DataFrame) -> np.ndarray:
    n = len(fb)
    ch = pick_n(rng, [.45, .12, .15, .08, .08, .05, .07], n)
    ch[fb["service"].to_numpy() == "Advocacy"] = c.CHANNELS.index("advocacy")
    anon = fb["group"].to_numpy() == "anonymous"
    ch[anon] = np.where(rng.random(anon.sum()) < 0.6, c.CHANNELS.index("survey"),
                        c.CHANNELS.index("participation_group"))
    return np.array(c.CHANNELS, dtype=object)[ch]


def _comments(rng, fb: pd.DataFrame) -> np.ndarray:
    """A comment each, from those that fit the child's age and situation."""
    audience = np.array([a for _, a, _, _ in COMMENTS])
    age_at, group = fb["age"].to_numpy(), fb["group"].to_numpy()
    kind = np.select([age_at < 5, group == "leaver", age_at >= 12, age_at >= 5],
                     [0, 1, 2, 3], 4)
    pools = [audience == "under5", np.isin(audience, ["any", "teen", "leaver"]),
             np.isin(audience, ["any", "teen", "school"]), np.isin(audience, ["any", "school"]),
             np.isin(audience, ["any"])]
    out = np.zeros(len(fb), dtype=np.int64)
    for k, pool in enumerate(pools):
        rows, ids = np.flatnonzero(kind == k), np.flatnonzero(pool)
        out[rows] = ids[rng.integers(0, len(ids), len(rows))]
    return out


def _ratings(rng, fb: pd.DataFrame, suggested: np.ndarray) -> None:
    """The comment's suggested rating, give or take one; some left blank."""
    n = len(fb)
    rating = np.clip(suggested + pick_n(rng, [.2, .6, .2], n) - 1, 1, 5)
    no_rating = (rng.random(n) < 0.12) | (fb["age"].to_numpy() < 5)   # observed, not rated
    fb["rating"] = pd.array(rating, dtype="Int64")
    fb.loc[no_rating, "rating"] = pd.NA


def feedback(rng, ep, cp, leavers, kids, win: Window, settings: Settings,
             wb: pd.DataFrame | None = None, ahead: pd.DataFrame | None = None
             ) -> pd.DataFrame:
    """Every view heard, named or anonymous, in the order received. `wb`: the wellbeing
    assessments, and `ahead`: every placement drawn, past the as-at date too (default:
    `ep`), for the made-up association between a view acted on and what followed it."""
    heard = _heard(rng, _voice_population(ep, cp, leavers, kids, win), win)
    fb = pd.concat([heard, _anonymous(rng, int(len(heard) * 0.15), win, settings)],
                   ignore_index=True)
    n = len(fb)
    qs, qe = win.quarter_starts[fb["q"].to_numpy()], win.quarter_ends[fb["q"].to_numpy()]
    fb["received"] = qs + (rng.random(n) * (qe - qs + 1)).astype(np.int64)
    fb["service"] = _services(rng, fb)
    fb["channel"] = _channels(rng, fb)
    which = _comments(rng, fb)
    fb["topic"] = np.array([x[0] for x in COMMENTS], dtype=object)[which]
    fb["comment"] = np.array([x[3] for x in COMMENTS], dtype=object)[which]
    _ratings(rng, fb, np.array([x[2] for x in COMMENTS])[which])
    _follow_up(rng, fb, win, _what_followed(fb, ep if ahead is None else ahead, wb))
    fb["can_quote"] = (rng.random(n) < np.where(fb["age"].to_numpy() < 8, 0.0, 0.42))
    return fb.sort_values(["received", "child"], kind="stable").reset_index(drop=True)


def _keys(child, day) -> np.ndarray:
    """(child, day) as one sortable number."""
    return np.asarray(child, dtype=np.int64) * 1_000_000 + np.asarray(day, dtype=np.int64)


def _what_followed(fb: pd.DataFrame, ep: pd.DataFrame, wb: pd.DataFrame | None) -> np.ndarray:
    """Each view's shift in the log-odds of being acted on (LISTENING): moved placement in
    the 12 months after it or not, and the next wellbeing score within them higher or lower
    than the last before it (for a child looked after then); 12 or over in kinship care.
    Each part centred on its mean over the views it applies to, so the share acted on
    stays as it was. 0 for anonymous views."""
    n = len(fb)
    child, day = fb["child"].to_numpy(), fb["received"].to_numpy()
    named = child >= 0
    key, year = _keys(np.maximum(child, 0), day), int(DAYS_PER_YEAR)
    rows = ep.sort_values(["child", "start"], kind="stable")
    starts = _keys(rows["child"], rows["start"])
    at = np.searchsorted(starts, key, side="right") - 1
    ok = named & (at >= 0)
    at = np.maximum(at, 0)
    placed = ok & (rows["child"].to_numpy()[at] == child) & (rows["end"].to_numpy()[at] >= day)
    kind = np.where(placed, rows["type"].to_numpy()[at], -1)
    by_spell = ep.sort_values(["spell", "start"], kind="stable")
    moved_in = by_spell["spell"].diff().fillna(1).to_numpy() == 0       # a later placement
    moves = np.sort(_keys(by_spell["child"].to_numpy()[moved_in],
                          by_spell["start"].to_numpy()[moved_in]))
    moved = (np.searchsorted(moves, key + year, side="right")
             > np.searchsorted(moves, key, side="right"))
    looked_after = placed & (fb["group"].to_numpy() != "leaver")
    shift = np.zeros(n)
    _centred(shift, looked_after, ~moved, LISTENING["not_moved"])
    kin = kind == PT["kinship"]
    _centred(shift, named, kin, LISTENING["in_kinship"])
    _centred(shift, named, kin & (fb["age"].to_numpy() >= 12), LISTENING["older_in_kinship"])
    if wb is not None and len(wb):
        a = wb.assign(pct=wb["score"] / wb["scale_max"]).groupby(
            ["child", "date"], sort=True)["pct"].mean().reset_index()
        akeys = _keys(a["child"], a["date"])
        pct, achild, adate = a["pct"].to_numpy(), a["child"].to_numpy(), a["date"].to_numpy()
        before = np.searchsorted(akeys, key, side="right") - 1
        after = np.searchsorted(akeys, key + year, side="right") - 1
        b, f = np.maximum(before, 0), np.maximum(after, 0)
        known = (looked_after & (before >= 0) & (achild[b] == child)
                 & (after > before) & (achild[f] == child) & (adate[f] > day))
        up, down = known & (pct[f] > pct[b]), known & (pct[f] < pct[b])
        _centred(shift, up | down, up, LISTENING["wellbeing_up"])
    return shift


def _centred(shift: np.ndarray, where: np.ndarray, yes: np.ndarray, size: float) -> None:
    """Add `size` × (yes - its share) to `shift` where `where` holds."""
    if where.any():
        shift[where] += size * (yes[where] - yes[where].mean())


def _follow_up(rng, fb: pd.DataFrame, win: Window, shift: np.ndarray | float = 0.0) -> None:
    """Heard -> acted on -> told the outcome -> used in planning: fewer at each step.
    `shift`: each view's shift in the log-odds of being acted on (_what_followed)."""
    n = len(fb)
    t = win.years_since_baseline(fb["received"].to_numpy())
    acted = rng.random(n) < logistic(0.35 + 0.18 * t + shift)
    told = acted & (rng.random(n) < logistic(0.0 + 0.15 * t))
    used = rng.random(n) < np.where(told, logistic(-0.5 + 0.12 * t),
                                    np.where(acted, 0.1, 0.02))
    choice = rng.integers(0, 3, n)
    fb["action_taken"] = [FEEDBACK_ACTIONS[tp][k % len(FEEDBACK_ACTIONS[tp])] if a else ""
                          for tp, k, a in zip(fb["topic"], choice, acted)]
    action_date = np.minimum(fb["received"].to_numpy() + rng.integers(0, 75, n), win.qend)
    fb["action_date"] = np.where(acted, action_date, NO_DATE)
    fb["told"], fb["used"] = told, used


def feedback_frame(fb: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """feedback as written: ids numbered within each year received."""
    known = fb["child"].to_numpy() >= 0
    child_id = np.where(known, source_ids(ids, fb["child"]), "")
    year = (fb["received"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]")
            .astype(np.int64) + 1970)
    seq = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    return frame({
        "feedback_id": [f"FB-{y}-{s:05d}" for y, s in zip(year, seq)], "child_id": child_id,
        "received_date": iso(fb["received"]), "service": fb["service"],
        "channel": fb["channel"], "topic": fb["topic"], "rating": fb["rating"],
        "comment": fb["comment"], "action_taken": fb["action_taken"],
        "action_date": iso(fb["action_date"]),
        "told_child_outcome": yes_no(fb["told"], "Yes", "No"),
        "used_in_planning": yes_no(fb["used"], "Yes", "No"),
        "can_quote": yes_no(fb["can_quote"], "TRUE", "FALSE")})
