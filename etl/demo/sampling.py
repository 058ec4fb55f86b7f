"""Random draws shared by the tables."""

from __future__ import annotations

import numpy as np

from etl.demo.dates import DAYS_PER_YEAR


def pick(rng: np.random.Generator, probs: np.ndarray, u: np.ndarray | None = None) -> np.ndarray:
    """One category per row of `probs` (rows need not be normalised), or per draw of a 1-D p."""
    probs = np.atleast_2d(np.asarray(probs, dtype=float))
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    n = len(u) if u is not None else probs.shape[0]
    u = rng.random(n) if u is None else u
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def pick_n(rng, p, n) -> np.ndarray:
    """n draws from the one distribution p."""
    return pick(rng, np.broadcast_to(np.asarray(p, dtype=float), (n, len(p))))


def lognormal_days(rng, median_years: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Durations in whole days (at least one), lognormal around a median in years."""
    years = median_years * np.exp(sigma * rng.standard_normal(len(median_years)))
    return np.maximum(1, np.rint(years * DAYS_PER_YEAR)).astype(np.int64)


def sticky_u(rng, person: np.ndarray, n_people: int, wobble: float = 0.15) -> np.ndarray:
    """Uniforms that persist per person from row to row (so snapshots do not churn)."""
    base = rng.random(n_people)[person]
    return (base + wobble * rng.random(len(person))) % 1.0


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))
