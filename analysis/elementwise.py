"""Element-wise functions keep pandas labels: a Series in gives a Series out, on its index.

numpy turns a Series into a bare array as soon as a function calls ``np.asarray`` (to
validate a fraction, say) or ``np.where``. :func:`keeps_series` puts the index back, so a
chapter can pass a table's column and keep its row labels, as pvlib's functions do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _relabel(result: Any, series: pd.Series) -> Any:
    if isinstance(result, tuple):
        return tuple(_relabel(part, series) for part in result)
    if isinstance(result, pd.Series):
        return result
    values = np.asarray(result)
    if values.ndim > 1 or (values.ndim == 1 and len(values) != len(series)):
        return result  # not element-wise over this series: leave it as computed
    return pd.Series(np.broadcast_to(values, (len(series),)).copy(), index=series.index)


def keeps_series(function: Callable) -> Callable:
    """Decorate an element-wise function so that a Series argument gives a Series result.

    The result takes the index of the first Series among the arguments; scalar and array
    inputs give what the function returns unchanged.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        for value in (*args, *kwargs.values()):
            if isinstance(value, pd.Series):
                return _relabel(result, value)
        return result

    return wrapper
