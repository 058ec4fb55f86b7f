"""Disclosure control: hide small numbers so no reader can work out a single child.

Every query that returns counts about children passes its frame through
`protect`. Cells are hidden DfE-style ("c"): primary suppression of counts
from 1 to threshold-1, secondary suppression so that a visible total and the
visible cells never reveal a hidden one (across rows with `across`, across
columns with `parts`), then rates whose numerator or denominator is hidden
or small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

HIDDEN = "c"
TOTAL_LABELS = frozenset({"total", "all"})
_NOTE = ("c: hidden to protect children's privacy (fewer than {n} children, "
         "or a figure that would reveal one)")


@dataclass(frozen=True)
class Protected:
    data: pd.DataFrame     # input columns/rows; hidden cells are NA
    hidden: pd.DataFrame   # bool, one column per protected column; True = hidden
    threshold: int

    def display(self) -> pd.DataFrame:
        """A copy for tables and exports: hidden cells "c", other missing values ""."""
        out = self.data.copy()
        for col in out.columns:
            missing = out[col].isna().to_numpy()
            if not missing.any():
                continue
            values = out[col].astype(object).to_numpy(copy=True)
            values[missing] = ""
            if col in self.hidden.columns:
                values[self.hidden[col].to_numpy()] = HIDDEN
            out[col] = pd.Series(values, index=out.index, dtype=object)
        return out

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden.to_numpy().any())

    def note(self) -> str:
        return _NOTE.format(n=self.threshold) if self.any_hidden else ""


def protect(frame: pd.DataFrame, *, counts: Sequence[str], threshold: int,
            rates: Mapping[str, tuple[str, str]] | None = None,
            across: str | None = None,
            parts: Mapping[str, Sequence[str]] | None = None) -> Protected:
    """Hide small counts and every figure that would reveal one; see module docstring."""
    rates = {r: tuple(pair) for r, pair in (rates or {}).items()}
    parts = {t: list(ps) for t, ps in (parts or {}).items()}
    # Parts and their totals are counts even if the caller forgot to list them.
    protected = list(dict.fromkeys([*counts, *parts, *(p for ps in parts.values() for p in ps)]))
    _check(frame, protected, threshold, rates, across)

    values = {c: _numeric(frame[c]) for c in protected}
    small = {c: _small(v, threshold) for c, v in values.items()}
    hidden = {c: s.copy() for c, s in small.items()}
    if across is not None:
        excluded = set(protected) | set(rates) | {c for pair in rates.values() for c in pair}
        gid, is_total = _groups(frame, across, excluded)
    changed = True
    while changed:  # hidden cells only ever grow, so this terminates
        changed = False
        if across is not None:
            for col in protected:
                changed |= _secondary_rows(values[col], hidden[col], gid, is_total,
                                            threshold)
        for total, ps in parts.items():
            changed |= _secondary_parts(values, hidden, small[total], total, ps, threshold)
    for rate, (num, den) in rates.items():
        hidden[rate] = _rate_hidden(frame, rate, num, den, hidden, threshold)
        if num in hidden:       # "0 of 7", or "96 of 98", says what the hidden rate would
            hidden[num] = hidden[num] | _attribute(frame, num, den, threshold) | _small(
                values[den] - values[num] if den in values else np.nan, threshold)

    data = frame.copy()
    for col, mask in hidden.items():
        data[col] = _masked(frame[col], mask)
    hidden_frame = pd.DataFrame(hidden, index=frame.index, columns=list(hidden)).astype(bool)
    return Protected(data=data, hidden=hidden_frame, threshold=threshold)


def safe_number(value, threshold: int) -> str:
    """A number for a sentence: "c" if small (1..threshold-1), else with thousands separators."""
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    number = float(value)
    if 0 < number < threshold:
        return HIDDEN
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.1f}"


def _check(frame, protected, threshold, rates, across) -> None:
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    if frame.columns.duplicated().any():
        raise ValueError("frame has duplicate column names")
    named = [*protected, *rates, *(c for pair in rates.values() for c in pair)]
    named += [across] if across is not None else []
    missing = [c for c in named if c not in frame.columns]
    if missing:
        raise ValueError(f"columns not in frame: {missing}")
    if set(rates) & set(protected):
        raise ValueError(f"columns both counts and rates: {sorted(set(rates) & set(protected))}")
    if across in protected or across in rates:
        raise ValueError(f"across column {across!r} cannot also be protected")


def _numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series).to_numpy(dtype="float64", na_value=np.nan)


def _small(values: np.ndarray, threshold: int) -> np.ndarray:
    """Primary suppression: more than 0 but fewer than threshold (NA is not hidden)."""
    return (values > 0) & (values < threshold)


def _groups(frame: pd.DataFrame, across: str, excluded: set) -> tuple[np.ndarray, np.ndarray]:
    """Group id per row (same values in every other unprotected column) and Total-row flags."""
    keys = [c for c in frame.columns if c != across and c not in excluded]
    if keys:
        gid = frame.groupby(keys, dropna=False, sort=False, observed=True).ngroup().to_numpy()
    else:
        gid = np.zeros(len(frame), dtype=np.int64)
    is_total = frame[across].map(
        lambda v: isinstance(v, str) and v.strip().casefold() in TOTAL_LABELS).to_numpy(dtype=bool)
    return gid, is_total


def _secondary_rows(values, hidden, gid, is_total, threshold) -> bool:
    """In each group whose visible cells and total give away the hidden ones (one hidden
    cell, or hidden cells that add up to fewer than threshold), hide one more."""
    if len(values) == 0:
        return False
    size = np.bincount(gid)
    n_hidden = np.bincount(gid, weights=hidden, minlength=len(size))
    parts_hidden = hidden & ~is_total
    total_hidden = np.bincount(gid, weights=hidden & is_total, minlength=len(size)) > 0
    hidden_sum = np.bincount(gid, weights=np.where(parts_hidden, np.nan_to_num(values), 0),
                             minlength=len(size))
    revealed = (n_hidden == 1) | (~total_hidden & (hidden_sum > 0) & (hidden_sum < threshold))
    needs = revealed & (size > 1)
    if not needs.any():
        return False
    candidates = needs[gid] & ~hidden & ~is_total & ~np.isnan(values)
    return _hide_smallest(values, hidden, gid, candidates, threshold - hidden_sum)


def _secondary_parts(values, hidden, total_small, total, parts, threshold) -> bool:
    """Per row: a small total hides all its parts; one hidden cell, or hidden parts that
    add up to fewer than threshold under a visible total, hide one more part."""
    if not parts or len(values[total]) == 0:
        return False
    v = np.column_stack([values[p] for p in parts])
    h = np.column_stack([hidden[p] for p in parts])
    before = h.copy()
    h |= total_small[:, None] & ~np.isnan(v)
    n_hidden = h.sum(axis=1) + hidden[total]
    hidden_sum = np.where(h, np.nan_to_num(v), 0).sum(axis=1)
    revealed = (n_hidden == 1) | (~hidden[total] & (hidden_sum > 0) & (hidden_sum < threshold))
    candidates = revealed[:, None] & ~h & ~np.isnan(v)
    row = np.repeat(np.arange(len(v)), len(parts))
    flat = h.ravel()  # row-major: ties go to the first part listed
    _hide_smallest(v.ravel(), flat, row, candidates.ravel(), threshold - hidden_sum)
    h = flat.reshape(h.shape)
    for j, p in enumerate(parts):
        hidden[p][:] = h[:, j]
    return bool((h != before).any())


def _hide_smallest(values, hidden, key, candidates, need) -> bool:
    """Per key, hide the smallest candidate that protects: one that brings the hidden
    cells' sum to at least `need[key]` more (statistics.md: the smallest complementary
    cell that protects the first, not a large one). If none does, the largest is hidden
    and the caller's next round hides another. A zero is hidden only when nothing else
    can be: it adds nothing to the sum, but leaves the one hidden cell unknown.
    """
    idx = np.flatnonzero(candidates)
    if idx.size == 0:
        return False
    v = values[idx]
    protects = v >= need[key[idx]]
    # Per key: protecting cells first (smallest first), then the rest largest first, zeros last.
    order = np.lexsort((idx, np.where(protects, v, -v), v == 0, ~protects, key[idx]))
    chosen = idx[order]
    keys = key[chosen]
    first = np.r_[True, keys[1:] != keys[:-1]]
    hidden[chosen[first]] = True
    return True


def _attribute(frame, num, den, threshold) -> np.ndarray:
    """Attribute disclosure: none or all of a small group (a base under twice the
    threshold) tells the reader something about every child in it."""
    num_v, den_v = _numeric(frame[num]), _numeric(frame[den])
    return ((num_v == 0) | (num_v == den_v)) & (den_v < 2 * threshold)


def _rate_hidden(frame, rate, num, den, hidden, threshold) -> np.ndarray:
    """A rate is hidden if its denominator is below threshold, either side is hidden or
    small, the rest of the group (denominator - numerator) is small, or it is 0% or 100%
    of a small group (attribute disclosure)."""
    num_v, den_v = _numeric(frame[num]), _numeric(frame[den])
    hide = (den_v < threshold) | _small(num_v, threshold) | _small(den_v, threshold)
    hide |= _small(den_v - num_v, threshold) | _attribute(frame, num, den, threshold)
    for col in (num, den):
        if col in hidden:
            hide |= hidden[col]
    return hide & ~frame[rate].isna().to_numpy()


def _masked(series: pd.Series, hide: np.ndarray) -> pd.Series:
    """The column with hidden cells as NA; integers become nullable Int64, numbers stay numbers."""
    if series.dtype == object:
        series = pd.to_numeric(series)
    if pd.api.types.is_integer_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("Int64")
    return series.mask(hide)
