"""The child protection page's sections beyond its indicator trends: the register,
concerns at registration and time on the register."""

from __future__ import annotations

import pandas as pd

from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw import charts
from outcomes.query import breakdowns, comparators
from outcomes.query.disclosure import safe_number
from outcomes.query.filters import Filters
from outcomes.words.labels import quarter_label


def on_register(f: Filters) -> None:
    """Children on the register each quarter, and per 1,000 children aged 0-15 (the
    Scottish Government's measure) on the council's published population."""
    ui.show(kept(_on_register, f), f, key="on_register")


def concerns(f: Filters) -> None:
    ui.show(kept(_concerns, f), f, key="concerns")


def time_on_register(f: Filters) -> None:
    ui.show(kept(_time_on_register, f), f, key="time_on")


def _on_register(f: Filters) -> ui.Block:
    p = cached(breakdowns.cp_on_register, f, ui.threshold())
    published = cached(comparators.register_rates, load_settings().council)
    latest = p.data.loc[p.data["period_end"] == f.end]
    table = ui.renamed(p.display(), {"period_end": "Quarter end",
                                     "on_register": "Children on the register"})
    if len(latest) and pd.isna(latest["on_register"].iloc[0]):
        summary = (f"The number on the register at the end of {quarter_label(f.end)} is "
                   "hidden to protect children's privacy.")
    elif len(latest):
        count = latest["on_register"].iloc[0]
        summary = (f"{safe_number(count, ui.threshold())} children were on the child "
                   f"protection register at the end of {quarter_label(f.end)}")
        if published and f.describe() == "all children":     # the population is everyone
            rate = 1000 * float(count) / published["population"]
            summary += (f": {rate:.1f} per 1,000 children aged 0-15 (of "
                        f"{published['population']:,.0f}, the council's {published['year']} "
                        f"mid-year estimate). Published for {published['period']}: "
                        f"{load_settings().council} {published['rate']:.1f} per 1,000 "
                        f"({published['registered']:,} children), Scotland "
                        f"{published['scotland']:.1f} (ScotPHO)")
            table["Per 1,000 aged 0-15"] = [
                "" if pd.isna(v) else round(1000 * float(v) / published["population"], 1)
                for v in p.data["on_register"]]
        summary += "."
    else:
        summary = f"No children on the register at the end of {quarter_label(f.end)} in this view."
    fig = charts.lines(p.data.assign(series="On the register"), x="period_end",
                        y="on_register", group="series", y_title="children", percent=False, hidden=True)
    return ui.Block("Children on the register", summary, fig,
                    "Line chart of children on the child protection register at each "
                    "quarter end. " + summary, table, "cp-on-register", p.note())


def _concerns(f: Filters) -> ui.Block:
    p = cached(breakdowns.cp_concerns, f, ui.threshold())
    data = p.data
    top = data.dropna(subset=["pct"]).head(2)
    summary = ("Concerns recorded at registration in the 12 months to " + quarter_label(f.end)
               + (": most often " + " and ".join(f"{c.lower()} ({v:.0f}%)" for c, v in
                                                 zip(top["concern"], top["pct"])) + "."
                  if len(top) else ".")
               + " A registration can have several concerns, so the shares add up to more "
               "than 100%.")
    fig = charts.bars(data, category="concern", value="pct", n="registrations",
                       x_title="% of registrations")
    table = ui.renamed(p.display(), {"concern": "Concern", "registrations": "Registrations",
                                 "pct": "% of registrations"})
    return ui.Block("Concerns at registration", summary, fig,
                    "Bar chart of concerns recorded at registration. " + summary, table,
                    "cp-concerns", p.note())


def _time_on_register(f: Filters) -> ui.Block:
    p = cached(breakdowns.cp_time_on_register, f, ui.threshold())
    data = p.data
    summary = (f"How long children had been on the register when de-registered in the 12 "
               f"months to {quarter_label(f.end)}.")
    fig = charts.bars(data, category="band", value="pct", n="deregistrations",
                       x_title="% of de-registrations")
    table = ui.renamed(p.display(), {"band": "Time on the register",
                                 "deregistrations": "De-registrations", "pct": "Per cent"})
    return ui.Block("Time on the register", summary, fig,
                    "Bar chart of time on the register at de-registration. " + summary, table,
                    "cp-time-on-register", p.note())
