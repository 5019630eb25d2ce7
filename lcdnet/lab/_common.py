"""What the lab's experiments share: the grid, the models, training, scoring, claims.

Every digit experiment of the lab draws 5x5 digits on a 10x10 grid, trains
in batches of 50 with a fixed batch order, and builds its models here, so
that "the same model, trained the same way" means the same code.
"""

import math
from dataclasses import dataclass

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import (
    check_fits_in_memory,
    check_int,
    check_int_sequence,
    check_real,
    check_seed,
)
from lcdnet.digits import NUM_CLASSES, place_digits
from lcdnet.lessons import BATCH_SIZE
from lcdnet.metrics import seen_in_training, seen_new_accuracy
from lcdnet.models import (
    BYTES_PER_PARAMETER,
    compile_digit_classifier,
    make_deep_model,
    make_linear_model,
    seeded_initializers,
)
from lcdnet.report import Comparison
from lcdnet.training import predict_classes, train

IMG_SIZE = 10
SHAPE_SIZE = 5
#: Offsets per axis of a 5x5 digit on the 10x10 grid (0..5).
SPAN = IMG_SIZE - SHAPE_SIZE + 1
CHANCE = 1 / NUM_CLASSES
#: Steps per compiled chunk of :func:`lcdnet.train`; the lab needs no loss curves.
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

#: The thresholds behind every sentence the lab's tutorials state about a
#: measured result. The tests assert them and the tutorials check them when
#: the documentation is built, so prose and numbers cannot part ways.
CLAIMS = {
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


def train_in_batches(model, images, labels, *, steps, seed):
    """Train in batches of 50 (as the series does) with a fixed batch order."""
    train(model, images, labels, steps=steps, batch_size=min(BATCH_SIZE, len(images)),
          seed=seed, log_every=min(CHUNK, steps))
    return model


def make_mlp_model(img_size=10, hidden_units=(256, 256), *, seed=None, learning_rate=0.01):
    """A dense network ("multi-layer perceptron") for digits: deep, but not convolutional.

    The flattened pixels pass through fully connected ReLU layers of
    ``hidden_units`` units each, then a 10-way softmax. Every unit reads
    every pixel, so, like the linear model, the network has no notion that
    a stroke is the same stroke one column further right. Compiled like
    :func:`lcdnet.make_deep_model`: Adam with ``learning_rate``, sparse
    categorical cross-entropy, accuracy.

    Parameters
    ----------
    img_size : int, default 10
        Side of the square input images; at least 1.
    hidden_units : sequence of int, default (256, 256)
        Width of each hidden layer, at least one layer, each at least 1.
    seed : int or None, default None
        Seed of the initial weights (Glorot uniform); None draws fresh ones.
    learning_rate : float, default 0.01
        Adam's step size; positive.

    Returns
    -------
    keras.Sequential
        The compiled model, named ``"mlp"``.

    Examples
    --------
    >>> model = make_mlp_model(img_size=10, seed=0)
    >>> model.name, model.input_shape, model.output_shape
    ('mlp', (None, 10, 10), (None, 10))
    >>> model.count_params()  # (100 + 1) * 256 + (256 + 1) * 256 + (256 + 1) * 10
    94218
    >>> make_mlp_model(hidden_units=[])
    Traceback (most recent call last):
    ...
    ValueError: hidden_units must be a non-empty sequence of positive integers, got []
    """
    img_size = check_int("img_size", img_size, minimum=1)
    hidden_units = check_int_sequence("hidden_units", hidden_units, minimum=1)
    widths = [img_size**2, *hidden_units, NUM_CLASSES]
    parameters = sum((inputs + 1) * units
                     for inputs, units in zip(widths, widths[1:]))
    check_fits_in_memory(("img_size", "hidden_units"),
                         (img_size, hidden_units),
                         parameters * BYTES_PER_PARAMETER)
    seed = check_seed(seed)
    learning_rate = check_real("learning_rate", learning_rate, low=0, closed="neither")
    initializers = seeded_initializers(seed, count=len(hidden_units) + 1)
    layers = [keras.Input(shape=(img_size, img_size)), keras.layers.Flatten()]
    for units, initializer in zip(hidden_units, initializers):
        layers.append(keras.layers.Dense(units, activation="relu",
                                         kernel_initializer=initializer))
    layers.append(keras.layers.Dense(NUM_CLASSES, activation="softmax",
                                     kernel_initializer=initializers[-1]))
    model = keras.Sequential(layers, name="mlp")
    return compile_digit_classifier(model, keras.optimizers.Adam(learning_rate=learning_rate))


def build_digit_model(name, seed):
    """A fresh lab model: ``"linear"`` (zero weights, Adam), ``"mlp"`` or ``"deep"``.

    All three train with Adam at :data:`ADAM_RATE`, so that a comparison
    between them credits the architecture, not the optimiser. (The series'
    linear model used plain gradient descent; :func:`lcdnet.make_linear_model`
    keeps that setting for the lessons.)
    """
    if name == "linear":
        model = make_linear_model(img_size=IMG_SIZE)
        return compile_digit_classifier(model, keras.optimizers.Adam(learning_rate=ADAM_RATE))
    if name == "mlp":
        return make_mlp_model(img_size=IMG_SIZE, seed=seed, learning_rate=ADAM_RATE)
    return make_deep_model(img_size=IMG_SIZE, seed=seed, learning_rate=ADAM_RATE)


def score_seen_new(model, train_images, test_images, test_labels):
    """Accuracy on test pictures: overall, on copies of training pictures, on new ones."""
    seen = seen_in_training(test_images, train_images)
    return seen_new_accuracy(test_labels, predict_classes(model, test_images), seen)


def every_placement():
    """Each digit at each offset of the 10x10 grid, ordered by (row, column, digit).

    Returns images (360, 10, 10), labels (360,) and positions (360, 2).
    """
    positions = np.array([(row, column) for row in range(SPAN) for column in range(SPAN)])
    labels = np.tile(np.arange(NUM_CLASSES), len(positions))
    every_position = np.repeat(positions, NUM_CLASSES, axis=0)
    return place_digits(labels, every_position, IMG_SIZE, SHAPE_SIZE), labels, every_position


def row(lesson, quantity, measured, note=""):
    """A :class:`lcdnet.report.Comparison` with no published number.

    ``measured`` becomes a plain float (None stays None: nothing to measure).
    """
    return Comparison(lesson, quantity, None, None if measured is None else float(measured),
                      note)


def seen_new_rows(lesson, label, score):
    """Rows for a :class:`lcdnet.metrics.SeenNewAccuracy`: overall, copies, new, with counts."""
    return [
        row(lesson, f"{label}: all {score.num_total:,} test pictures", score.overall),
        row(lesson, f"{label}: copies of training pictures ({score.num_seen:,})", score.seen),
        row(lesson, f"{label}: new pictures ({score.num_new:,})", score.new),
    ]


def span_text(values):
    """``"0-2"`` for a run of consecutive values, else ``"0, 2, 5"``."""
    values = sorted(values)
    if values == list(range(values[0], values[-1] + 1)) and len(values) > 1:
        return f"{values[0]}-{values[-1]}"
    return ", ".join(map(str, values))


# ------------------------------------------------------------------ statistics

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
    def width(self):
        return self.high - self.low

    def __str__(self):
        return f"{self.estimate:.2f} (95% CI {self.low:.2f}-{self.high:.2f})"


def wilson_interval(successes, trials):
    """The Wilson score 95% confidence interval of a share ``successes / trials``.

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
        share * (1 - share) / trials + z2 / (4 * trials**2))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(share, low, high)
