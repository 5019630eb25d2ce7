"""What the lab's experiments share: the models, how they train, the claims.

Every digit experiment of the lab draws 5x5 digits on the 10x10 grid of
:mod:`lcdnet._grid`, trains in batches of 50 (the series' batch size,
:data:`lcdnet.lessons.BATCH_SIZE`) with a fixed batch order, and builds
its models here, so that "the same model, trained the same way" means the
same code. The thresholds behind the lab tutorials' sentences
(:data:`CLAIMS`) and the statistics of a share (:func:`wilson_interval`)
live here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from lcdnet._backend import keras
from lcdnet._checks import check_int
from lcdnet._grid import IMG_SIZE
from lcdnet._types import Float32Array, IntArray, KerasModel
from lcdnet.lessons import BATCH_SIZE
from lcdnet.models import (
    compile_digit_classifier,
    make_deep_model,
    make_linear_model,
    make_mlp_model,
)
from lcdnet.training import train

#: Steps per compiled chunk of :func:`lcdnet.train`; the lab needs no loss
#: curves.
CHUNK = 100
#: Learning rate of Adam for every digit model the lab compares (that of
#: :func:`lcdnet.make_deep_model`): compared models share optimiser and budget.
ADAM_RATE = 0.01

#: Display names of the models of the lab.
MODEL_LABELS = {
    "linear": "linear (Adam)",
    "mlp": "dense 256-256 (MLP)",
    "deep": "convolutional (CNN)",
    "deep_augmented": "CNN trained on corrupted digits",
}

#: The same models as the lab's tables name them (rows fit 79 columns).
TABLE_NAMES = {
    "linear": "linear",
    "mlp": "MLP",
    "deep": "CNN",
    "deep_augmented": "CNN, corrupted",
}

#: The thresholds behind every sentence the lab's tutorials state about a
#: measured result. The tests assert them and the tutorials check them when
#: the documentation is built, so prose and numbers cannot part ways.
CLAIMS: dict[str, float | tuple[float, float]] = {
    # Lab 1: only the CNN recognises digits in columns no training digit used.
    "held_out_deep_at_least": 0.95,
    "held_out_dense_at_most": 0.3,
    "seen_columns_mlp_at_least": 0.85,
    # Lab 2: corruption costs the clean-trained CNN; training on corrupted
    # digits wins back at least this much at the strongest setting.
    "clean_deep_at_least": 0.95,
    "clean_linear_at_most": 0.6,
    "augmented_gain_at_least": 0.03,
    # Lab 3: a cue that always goes with the label passes validation and
    # fails fair pictures whose cue disagrees with the label.
    "biased_validation_at_least": 0.95,
    "cue_disagrees_at_most": 0.1,
    "weather_flips_at_least": 0.9,
    "fair_training_at_least": 0.9,
    "fair_flips_at_most": 0.1,
    # The CNN reads shape more than position, though not only shape.
    "cnn_position_disagrees_at_least": 0.5,
    # Phase diagram: fair accuracy at 50% agreement, and with the strongest
    # cue at 100% agreement.
    "phase_no_cue_at_least": 0.95,
    "phase_shortcut_at_most": 0.6,
    # Lab 4: the 2-2-1 lottery, and what stuck runs do.
    "lottery_two_units_between": (0.2, 0.8),
    "lottery_four_units_at_least": 0.9,
    "stuck_loss_plateaus": (1 / 8, 1 / 6),
    "plateau_tolerance": 2e-3,
    # Trained ten times longer, most stuck runs stay stuck.
    "escaped_share_at_most": 0.25,
    # Initial scales 0.25-4 move the 2-2-1 stuck rate by at most this much,
    # and Glorot's own scale is within this margin of the best of them.
    "scale_spread_at_most": 0.2,
    "glorot_scale_margin": 0.03,
}


def train_in_batches(
    model: KerasModel,
    images: Float32Array,
    labels: IntArray,
    *,
    steps: int,
    seed: int,
) -> KerasModel:
    """Train in batches of 50 (as the series does) with a fixed batch order."""
    train(
        model,
        images,
        labels,
        steps=steps,
        batch_size=min(BATCH_SIZE, len(images)),
        seed=seed,
        log_every=min(CHUNK, steps),
    )
    return model


def build_digit_model(name: str, seed: int | None) -> KerasModel:
    """A fresh lab model: ``"linear"`` (zero weights, Adam), ``"mlp"`` or
    ``"deep"``.

    All three train with Adam at :data:`ADAM_RATE`, so that a comparison
    between them credits the architecture, not the optimiser. (The series'
    linear model used plain gradient descent; :func:`lcdnet.make_linear_model`
    keeps that setting for the lessons.)
    """
    if name == "linear":
        model = make_linear_model(img_size=IMG_SIZE)
        return compile_digit_classifier(
            model, keras.optimizers.Adam(learning_rate=ADAM_RATE)
        )
    if name == "mlp":
        return make_mlp_model(
            img_size=IMG_SIZE, seed=seed, learning_rate=ADAM_RATE
        )
    return make_deep_model(
        img_size=IMG_SIZE, seed=seed, learning_rate=ADAM_RATE
    )


def span_text(values: Iterable[int]) -> str:
    """``"0-2"`` for a run of consecutive values, else ``"0, 2, 5"``."""
    ordered = sorted(values)
    consecutive = ordered == list(range(ordered[0], ordered[-1] + 1))
    if consecutive and len(ordered) > 1:
        return f"{ordered[0]}-{ordered[-1]}"
    return ", ".join(map(str, ordered))


#: The normal quantile of a two-sided 95% interval.
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A share with its 95% confidence interval.

    Examples
    --------
    >>> round(Interval(0.5, 0.2, 0.8).width, 3)
    0.6
    """

    estimate: float
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def __str__(self) -> str:
        return f"{self.estimate:.2f} (95% CI {self.low:.2f}-{self.high:.2f})"


def wilson_interval(successes: int, trials: int) -> Interval:
    """The Wilson score 95% confidence interval of a share
    ``successes / trials``.

    Unlike the textbook "estimate plus or minus 1.96 standard errors", the
    Wilson interval stays inside [0, 1] and is not empty when the share is
    0 or 1, which matters for the small counts of the lab (E. B. Wilson,
    "Probable inference, the law of succession, and statistical
    inference", Journal of the American Statistical Association, 1927).

    Parameters
    ----------
    successes : int
        How many of the trials succeeded, 0 to ``trials``.
    trials : int
        How many trials, at least 1.

    Returns
    -------
    Interval
        ``estimate`` (``successes / trials``), ``low`` and ``high``.

    Examples
    --------
    >>> interval = wilson_interval(0, 10)
    >>> interval.estimate, interval.low, round(interval.high, 4)
    (0.0, 0.0, 0.2775)
    >>> print(wilson_interval(5, 10))
    0.50 (95% CI 0.24-0.76)
    >>> wilson_interval(11, 10)
    Traceback (most recent call last):
    ...
    ValueError: successes must be an integer in 0..10, got 11
    """
    trials = check_int("trials", trials, minimum=1)
    successes = check_int("successes", successes, minimum=0, maximum=trials)
    share = successes / trials
    z2 = _Z95**2
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (_Z95 / (1 + z2 / trials)) * math.sqrt(
        share * (1 - share) / trials + z2 / (4 * trials**2)
    )
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(share, low, high)
