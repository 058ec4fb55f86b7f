"""Dates as int64 day numbers (days since 1970-01-01), so that the national-size
run stays vectorised, and the date texts the files carry."""

from __future__ import annotations

import datetime as dt

import numpy as np

DAYS_PER_YEAR = 365.25
EPOCH = dt.date(1970, 1, 1)
NO_DATE = np.iinfo(np.int64).max   # an open date (no end yet), or none at all


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def date(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def last_complete_quarter_end(as_at: dt.date | None = None) -> dt.date:
    """The end of the last calendar quarter that is complete on `as_at` (today by default)."""
    as_at = as_at or dt.date.today()
    end = month_end(as_at.year, (as_at.month - 1) // 3 * 3 + 3)
    if end <= as_at:
        return end
    return dt.date(as_at.year, (as_at.month - 1) // 3 * 3 + 1, 1) - dt.timedelta(days=1)


def quarter_ends(qend: dt.date, n: int) -> list[dt.date]:
    """The n quarter ends up to and including qend, oldest first."""
    out, y, m = [], qend.year, qend.month
    for _ in range(n):
        out.append(month_end(y, m))
        y, m = (y, m - 3) if m > 3 else (y - 1, m + 9)
    return out[::-1]


def add_years(days: np.ndarray, years) -> np.ndarray:
    """Day numbers moved on by whole years (birthdays); no 29 February is ever generated."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    return (month + np.asarray(years) * 12).astype("datetime64[D]").astype(np.int64) + dom


def no_leap_day(days: np.ndarray) -> np.ndarray:
    """29 February moved back to the 28th (so that birthdays always exist)."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    leap = ((month.astype(np.int64) % 12) == 1) & ((d - month.astype("datetime64[D]"))
                                                    .astype(np.int64) == 28)
    return days - leap


def age(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Age in years (fractional, good enough for bands and probabilities)."""
    return (on - dob) / DAYS_PER_YEAR


def _date_text(days, fmt: str) -> np.ndarray:
    """Dates as text in `fmt`; open or missing dates (NO_DATE) as ''.

    Formatted once per distinct day: a few thousand, even at national size."""
    days = np.asarray(days, dtype=np.int64)
    uniq, inverse = np.unique(days, return_inverse=True)
    text = np.array(["" if d == NO_DATE else date(d).strftime(fmt) for d in uniq], dtype=object)
    return text[inverse]


def iso(days) -> np.ndarray:
    """Dates as 2024-03-31."""
    return _date_text(days, "%Y-%m-%d")


def uk(days) -> np.ndarray:
    """Dates as 31/03/2024 (day first)."""
    return _date_text(days, "%d/%m/%Y")
