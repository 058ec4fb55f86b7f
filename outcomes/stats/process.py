"""When a process changed, as the partnership declares it: the only points at which a
chart's limits are recalculated (statistics.md: never rebase automatically).

Declared in the settings file (partnership.toml):

    [spc]
    baseline_quarters = 15        # each process's limits come from its first 15 quarters

    [[process_change]]
    date = 2020-04-01             # the new process runs from the quarter holding this day
    reason = "The improvement plan after the joint inspection began"
    indicators = ["voice_coverage_pct"]     # catalogue ids; leave out for every indicator
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.catalogue import BY_ID
from core.settings import Settings, SettingsError

DEFAULT_BASELINE_QUARTERS = 15      # Making Data Count: 15 points or more for useful limits


@dataclass(frozen=True)
class ProcessChange:
    date: dt.date
    reason: str
    indicators: tuple[str, ...] = ()       # empty: every indicator

    def applies_to(self, indicator_id: str) -> bool:
        return not self.indicators or indicator_id in self.indicators


@dataclass(frozen=True)
class SpcPlan:
    """How every chart's limits are set: from each process's first `baseline_quarters`
    quarters, a new process starting at each declared change."""
    baseline_quarters: int = DEFAULT_BASELINE_QUARTERS
    changes: tuple[ProcessChange, ...] = ()

    def changes_for(self, indicator_id: str) -> list[ProcessChange]:
        return [c for c in self.changes if c.applies_to(indicator_id)]

    def rebase_at(self, indicator_id: str, periods: list[dt.date]) -> list[int]:
        """The row of `periods` where each declared change starts a new process."""
        out = []
        for change in self.changes_for(indicator_id):
            start = next((i for i, p in enumerate(periods) if p >= change.date), None)
            if start is not None and 0 < start and start not in out:
                out.append(start)
        return sorted(out)


def spc_plan(settings: Settings) -> SpcPlan:
    """The [spc] section and the [[process_change]] declarations, checked."""
    raw = settings.raw
    try:
        quarters = int(raw.get("spc", {}).get("baseline_quarters", DEFAULT_BASELINE_QUARTERS))
        changes = []
        for item in raw.get("process_change", []):
            ids = tuple(item.get("indicators", ()))
            unknown = [i for i in ids if i not in BY_ID]
            if unknown:
                raise ValueError(f"indicators not in the catalogue: {', '.join(unknown)}")
            date = item["date"]
            if not isinstance(date, dt.date):
                raise ValueError(f"date {date!r} is not a TOML date (write 2020-04-01)")
            changes.append(ProcessChange(date, str(item.get("reason", "")).strip(), ids))
    except (KeyError, TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {settings.source}: [[process_change]] or [spc]: "
                            f"{exc}") from exc
    if quarters < 2:
        raise SettingsError(f"settings file {settings.source}: [spc] baseline_quarters must "
                            "be at least 2")
    return SpcPlan(quarters, tuple(sorted(changes, key=lambda c: c.date)))
