"""Helpers for the columns of the tables as written: text cells, codes, child ids."""

from __future__ import annotations

import numpy as np
import pandas as pd


def yes_no(mask, yes: str, no: str, missing=None) -> np.ndarray:
    """`yes` or `no` per row (in the spelling given); '' where `missing`."""
    out = np.where(np.asarray(mask, bool), yes, no).astype(object)
    if missing is not None:
        out[np.asarray(missing, bool)] = ""
    return out


def frame(columns: dict) -> pd.DataFrame:
    """A table to write: every column positional and held as Python objects (fast to CSV)."""
    return pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in columns.items()},
                        dtype=object)


def codes(names: tuple[str, ...], index) -> np.ndarray:
    """Contract codes for their positions in `names`."""
    return np.array(names, dtype=object)[np.asarray(index)]


def source_ids(ids: pd.Series, child) -> np.ndarray:
    """Source-system child ids for internal child numbers."""
    return ids.reindex(np.asarray(child)).to_numpy(dtype=object)
