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


# ---------------------------------------------------------------------------------------
# Linked tables: counts tied by sums a reader can do across several tables
# ---------------------------------------------------------------------------------------

def protect_linked(values: pd.Series, shown: pd.Series, sums: Sequence[tuple], *,
                   threshold: int, also: pd.Series | None = None) -> pd.Series:
    """Which shown counts to hide so that no count of 1 to threshold-1 can be worked out.

    `values`: every count (index: any hashable keys), the shown ones and those a reader
    can only reach by arithmetic (differences: the children without the outcome, a total
    less its parts, 12 months less 6); `shown`: True for the counts on the page; `sums`:
    (total, [parts]) meaning total = sum of parts, over keys of `values`; `also`: shown
    counts to hide first whatever their size (attribute disclosure).

    A count is revealed when the shown, unhidden counts and the sums determine it
    (linear algebra: its unit vector lies in the span of the sums and the known counts);
    a group of hidden counts is revealed when the sum of the unknown parts of one sum is
    determined. Either, at 1 to threshold-1, hides one more shown count of that sum: the
    smallest that is at least what is needed (statistics.md), else the largest. Returns
    hidden (bool, on `shown`'s index; False for counts not shown).
    """
    keys = list(values.index)
    pos = {k: i for i, k in enumerate(keys)}
    v = pd.to_numeric(values).to_numpy(dtype="float64")
    is_shown = shown.reindex(values.index).fillna(False).to_numpy(dtype=bool)
    rows = []
    for total, parts in sums:
        row = np.zeros(len(keys))
        row[pos[total]] = 1.0
        for p in parts:
            row[pos[p]] -= 1.0
        rows.append(row)
    a = np.array(rows).reshape(len(rows), len(keys))
    hidden = is_shown & _small(v, threshold)
    if also is not None:
        hidden |= is_shown & also.reindex(values.index).fillna(False).to_numpy(dtype=bool)
    members = [[pos[t], *(pos[p] for p in ps)] for t, ps in sums]
    for cells in _components(len(keys), members):      # tables not linked: apart
        sub = {c: j for j, c in enumerate(cells)}
        part = [[sub[i] for i in m] for m in members if m[0] in sub]
        h = hidden[cells]
        _protect_component(a[np.ix_([k for k, m in enumerate(members) if m[0] in sub],
                                     cells)], v[cells], is_shown[cells], h, part, threshold)
        hidden[cells] = h
    return pd.Series(hidden, index=values.index)


def _components(n: int, members) -> list[np.ndarray]:
    """The groups of counts linked by sums (each a list of indices)."""
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for cells in members:
        for c in cells[1:]:
            parent[root(c)] = root(cells[0])
    roots = np.array([root(i) for i in range(n)])
    return [np.flatnonzero(roots == r) for r in dict.fromkeys(roots)]


def _protect_component(a, v, is_shown, hidden, members, threshold) -> None:
    free = _null_space(a, len(v))          # every table the sums allow: x = free @ z
    while True:
        leak = _first_leak(free, v, is_shown & ~hidden, members, threshold)
        if leak is None or not _hide_one(free, leak, v, is_shown, hidden, members,
                                         threshold):
            return


def _null_space(m: np.ndarray, size: int) -> np.ndarray:
    if m.shape[0] == 0:
        return np.eye(size)
    _, s, vt = np.linalg.svd(m)
    rank = int((s > 1e-9 * max(1.0, s.max() if s.size else 1.0)).sum())
    return vt[rank:].T


def _determined(free, known) -> np.ndarray:
    """The directions in which the counts can still vary, given the sums (`free`: their
    null space) and the known counts: a combination c is determined when c is
    orthogonal to all of them."""
    if free.shape[1] == 0:
        return free
    inner = _null_space(free[known], free.shape[1])
    return free @ inner


def _revealed(basis, cells) -> bool:
    vec = np.zeros(basis.shape[0])
    vec[cells] = 1.0
    return not basis.size or np.abs(vec @ basis).max() < 1e-7


def _first_leak(free, v, known, members, threshold):
    """The cells of the first count, or group of counts (the parts of a sum that cannot be
    worked out one by one), that the known counts and the sums reveal at 1..threshold-1."""
    basis = _determined(free, known)
    fixed = (np.abs(basis).sum(axis=1) < 1e-7) if basis.size else np.ones(len(v), bool)
    for i in np.flatnonzero(~known & fixed & _small(v, threshold)):
        return [i]
    for total, *parts in members:
        unknown = [i for i in parts if not fixed[i]]
        if len(unknown) >= 2 and 0 < v[unknown].sum() < threshold and _revealed(
                basis, unknown):
            return unknown
    return None


def _hide_one(free, leak, v, is_shown, hidden, members, threshold) -> bool:
    """Hide one more shown count near the leak: the smallest that covers what is needed
    (else the largest) among those whose hiding keeps the leak unknown, else the first
    in that order; False if there is none."""
    need = threshold - v[leak].sum()
    near, frontier = set(leak), set(leak)
    for _ in range(3):                             # counts up to three sums away
        frontier = {i for cells in members if set(cells) & frontier for i in cells} - near
        near |= frontier
    candidates = [i for i in near if is_shown[i] and not hidden[i] and i not in leak]
    if not candidates:
        return False
    covering = sorted((i for i in candidates if v[i] >= need and v[i] > 0),
                      key=lambda i: (v[i], i))
    rest = sorted((i for i in candidates if i not in covering), key=lambda i: (-v[i], i))
    order = covering + rest
    for i in order[:12]:
        trial = is_shown & ~hidden
        trial[i] = False
        if not _revealed(_determined(free, trial), leak):
            hidden[i] = True
            return True
    hidden[order[0]] = True
    return True
