"""What the lessons share: the series' settings, their claims, how a
shortened run explains a gap, and a statistic over seeds that may lack a
value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lcdnet._types import FloatArray

#: Examples per step in the series' digit lessons, and in the lab's.
BATCH_SIZE = 50
#: The series measured its early accuracy after this many steps.
EARLY_STEPS = 5
#: An XNOR run has learned XNOR when its mean squared error ends below this.
XNOR_LEARNED_LOSS = 1e-3

#: The thresholds behind every sentence the lessons' tutorials state about a
#: measured result. The tests assert them and the tutorials check them at
#: build time, so prose and numbers cannot part ways.
CLAIMS: dict[str, float] = {
    # Lesson 2: the memorised linear model knows its pictures and nothing else:
    # perfect on copies of them, no better than chance (0.1) on new pictures.
    "memorised_on_copies_at_least": 1.0,
    "memorised_on_new_at_most": 0.12,
    # Lesson 3: the CNN recognises new pictures; the linear model does not,
    # under the CNN's optimiser or the series' settings.
    "deep_on_new_at_least": 0.95,
    "linear_on_new_at_most": 0.2,
    # Inside the CNN: away from the border, the pooled vector barely moves.
    "cnn_interior_shift_at_most": 0.15,
    # Lessons 5 and 6: the trained XNOR run has learned XNOR.
    "xnor_learned_loss": XNOR_LEARNED_LOSS,
}


def shortened(steps: int, series_steps: int, reason: str) -> str:
    """``reason``, unless training ran fewer steps than the series, which
    then explains it.

    Examples
    --------
    >>> shortened(20, 100, "a different batch order")
    "20 steps instead of the series' 100"
    >>> shortened(100, 100, "a different batch order")
    'a different batch order'
    """
    if steps < series_steps:
        return f"{steps} steps instead of the series' {series_steps}"
    return reason


def statistic_or_nan(
    statistic: Callable[[FloatArray], Any], values: FloatArray
) -> float:
    """``statistic(values)`` (say :func:`numpy.nanmean`) as a float, or NaN,
    without NumPy's warning, when no value is finite.

    Examples
    --------
    >>> import numpy as np
    >>> statistic_or_nan(np.nanmean, np.array([0.5, np.nan, 1.0]))
    0.75
    >>> statistic_or_nan(np.nanstd, np.array([np.nan, np.nan]))
    nan
    """
    return float(statistic(values)) if np.isfinite(values).any() else np.nan
