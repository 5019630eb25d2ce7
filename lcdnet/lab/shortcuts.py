"""Lab 3, continued: a position cue, and where a cue starts to beat the digit.

:func:`position_cue` is the tank story with the digit's *place* as the cue
instead of the weather. :func:`shortcut_phase_diagram` trains the tank
story's linear model on many versions of the collected data at once, each
with its own cue (how often it agrees with the label, how bright it is),
and maps where the shortcut wins on fair pictures: one stacked model of
:mod:`lcdnet._stacked` whose members each read their own pictures.
"""

from __future__ import annotations

import collections.abc
import time
from dataclasses import dataclass

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import (
    Int,
    Real,
    Seed,
    Sequence,
    check_fits_in_memory,
    checked,
)
from lcdnet._grid import IMG_SIZE, SHAPE_SIZE, SPAN, every_picture
from lcdnet._stacked import (
    FLOAT_BYTES,
    INT_BYTES,
    LINEAR_WEIGHTS,
    StackedLinearModels,
    linear_batch_values,
    make_stacked_model,
    member_bytes,
)
from lcdnet._types import FloatArray, KerasModel
from lcdnet.digits import NUM_CLASSES, place_digits, split
from lcdnet.lab._common import build_digit_model, train_in_batches
from lcdnet.lab.cues import (
    NO_TANK,
    TANK,
    TankRun,
    position_cue_digits,
    score_run,
    tank_digits,
)
from lcdnet.lessons import BATCH_SIZE
from lcdnet.models import make_linear_model
from lcdnet.training import predict, train

__all__ = [
    "position_cue",
    "shortcut_phase_diagram",
    "ShortcutPhaseDiagram",
    "CUE_AGREEMENTS",
    "CUE_STRENGTHS",
]

#: Default shares of the collected pictures whose weather follows the biased
#: rule, from "says nothing" (0.5) to "always" (1.0).
CUE_AGREEMENTS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
#: Default mean brightness of a sunny background: how strong the weather cue
#: is. Each sunny picture's brightness is drawn within 25% of it; the tank
#: story's own range, (0.3, 0.5), is strength 0.4.
CUE_STRENGTHS = (0.05, 0.1, 0.2, 0.4)
#: Sunny brightness range of a strength ``s``: ``(s * low, s * high)``.
_STRENGTH_RANGE = (0.75, 1.25)


def linear_tank_model() -> KerasModel:
    """The tank story's linear model: the series' softmax regression, plain
    gradient descent."""
    return make_linear_model(img_size=IMG_SIZE)


#: The tank story's collected pictures: enough that the 80% training part
#: holds a batch of 50.
MIN_TRAIN_SIZE = 63


@checked(
    seed=Seed(),
    train_size=Int(minimum=MIN_TRAIN_SIZE),
    steps=Int(minimum=1),
    deep_steps=Int(minimum=1),
)
def position_cue(
    seed: int = 0,
    *,
    train_size: int = 500,
    steps: int = 1000,
    deep_steps: int = 300,
) -> dict[str, TankRun]:
    """The tank story with a position cue: empty forest on the left, tanks on
    the right.

    :func:`lcdnet.lab.position_cue_digits` draws ``train_size`` biased
    pictures; :func:`lcdnet.split` keeps 20% for validation. The tank
    story's two models train on the rest: the linear model (plain gradient
    descent, rate 0.03, ``steps`` steps) and the convolutional network
    (Adam, ``deep_steps`` steps). The fair test is every digit at every
    one of the 36 offsets; the counterfactual moves each validation digit
    to the mirrored column offset (``5 - column``) and counts the answers
    that change.

    Parameters
    ----------
    seed : int, default 0
        Seed of the pictures, the split, the initial weights and the batch
        order.
    train_size : int, default 500
        Biased pictures, at least 63 (the 80% training part holds a batch of
        50).
    steps, deep_steps : int, default 1000 and 300
        Training steps of the linear model and of the convolutional network.

    Returns
    -------
    dict of str to lcdnet.lab.TankRun
        Keyed by ``"linear"`` and ``"deep"``.
    """
    images, labels, positions = position_cue_digits(
        train_size, biased=True, seed=seed
    )
    digits = np.arange(train_size) % NUM_CLASSES
    (train_index, _), (valid_index, _) = split(
        np.arange(train_size), labels, seed=seed
    )
    training = (images[train_index], labels[train_index])
    validation = (images[valid_index], labels[valid_index])
    mirrored = positions[valid_index] * [1, -1] + [0, SPAN - 1]
    swapped = place_digits(digits[valid_index], mirrored, IMG_SIZE, SHAPE_SIZE)

    fair_images, fair_digits, fair_positions = every_picture()
    fair_labels = np.where(fair_digits >= 5, TANK, NO_TANK).astype(np.int64)
    agrees = (fair_labels == TANK) == (fair_positions[:, 1] >= SPAN // 2)
    runs = {}
    for name, model, model_steps in (
        ("linear", linear_tank_model(), steps),
        ("deep", build_digit_model("deep", seed), deep_steps),
    ):
        train_in_batches(model, *training, steps=model_steps, seed=seed)
        runs[name] = score_run(
            model,
            training,
            validation,
            (fair_images, fair_labels, agrees),
            swapped,
        )
    return runs


@dataclass
class ShortcutPhaseDiagram:
    """Where the weather beats the digit: fair accuracy over cue agreement and
    strength.

    Attributes
    ----------
    agreements : numpy.ndarray
        Share of the collected pictures whose weather follows the biased
        rule, one column per value.
    strengths : numpy.ndarray
        Mean sunny brightness, one row per value.
    fair_accuracy : numpy.ndarray, shape (strengths, agreements)
        Accuracy of the linear model trained on that collection, on fair
        pictures of the same brightness.
    cue_disagrees_accuracy : numpy.ndarray, shape (strengths, agreements)
        The same on the fair pictures whose weather goes against the rule.
    train_size, test_size, steps, seed : int
    train_seconds : float
        Wall time of the one training run of all the models.
    """

    agreements: FloatArray
    strengths: FloatArray
    fair_accuracy: FloatArray
    cue_disagrees_accuracy: FloatArray
    train_size: int
    test_size: int
    steps: int
    seed: int
    train_seconds: float

    def at(self, agreement: float, strength: float) -> float:
        """Fair accuracy of the cell with this agreement and strength."""
        column = int(np.flatnonzero(np.isclose(self.agreements, agreement))[0])
        row_index = int(
            np.flatnonzero(np.isclose(self.strengths, strength))[0]
        )
        return float(self.fair_accuracy[row_index, column])


def _grid_of(low: float, high: float, closed: str) -> Sequence:
    """What a grid of the phase diagram accepts: increasing values,
    low-high."""
    return Sequence(
        Real(low=low, high=high, closed=closed), order="increasing"
    )


#: The grids of the phase diagram: cue agreements and strengths (the tank
#: story passes its own on, checked the same way).
AGREEMENTS_GRID = _grid_of(0.5, 1.0, "both")
STRENGTHS_GRID = _grid_of(0.0, 0.8, "neither")


def _cell_bytes(train_size: int, test_size: int) -> float:
    """Over-estimate the peak bytes of one cell of the phase diagram.

    Its linear model's share of the stacked model
    (:func:`lcdnet._stacked.member_bytes`) and its pictures: the collected
    and the fair ones, float32, three times (drawn, stacked, and the copy
    training or prediction makes), its ten probabilities per fair picture,
    and an int64 per picture (targets, answers) and two bools per fair
    picture (right, against the rule).
    """
    pictures = train_size + test_size
    data = (
        3 * pictures * IMG_SIZE * IMG_SIZE * FLOAT_BYTES
        + test_size * NUM_CLASSES * FLOAT_BYTES
        + pictures * INT_BYTES
        + 2 * test_size
    )
    return member_bytes(LINEAR_WEIGHTS, linear_batch_values(BATCH_SIZE), data)


def check_phase_diagram_fits(
    agreements: collections.abc.Sequence[float],
    strengths: collections.abc.Sequence[float],
    train_size: int,
    test_size: int,
) -> None:
    """Raise ValueError if the phase diagram's cells cannot fit in memory.

    Examples
    --------
    >>> check_phase_diagram_fits(CUE_AGREEMENTS, CUE_STRENGTHS, 500, 1000)
    """
    check_fits_in_memory(
        ("len(agreements)", "len(strengths)", "train_size", "test_size"),
        (len(agreements), len(strengths), train_size, test_size),
        len(agreements) * len(strengths) * _cell_bytes(train_size, test_size),
    )


@checked(
    seed=Seed(),
    agreements=AGREEMENTS_GRID,
    strengths=STRENGTHS_GRID,
    train_size=Int(minimum=BATCH_SIZE),
    test_size=Int(minimum=NUM_CLASSES),
    steps=Int(minimum=1),
)
def shortcut_phase_diagram(
    seed: int = 0,
    *,
    agreements: collections.abc.Sequence[float] = CUE_AGREEMENTS,
    strengths: collections.abc.Sequence[float] = CUE_STRENGTHS,
    train_size: int = 500,
    test_size: int = 1000,
    steps: int = 1000,
) -> ShortcutPhaseDiagram:
    """Train the tank story's linear model on every mix of cue agreement and
    strength.

    For each strength ``s`` in ``strengths`` and agreement ``a`` in
    ``agreements``, :func:`lcdnet.lab.tank_digits` draws ``train_size``
    biased pictures in which a share ``a`` follow the weather rule and
    sunny backgrounds have brightness within 25% of ``s``; the same seed
    gives every cell the same digits. The tank story's linear model (zero
    weights, plain gradient descent at rate 0.03, batch 50) trains
    ``steps`` steps on each, all at once: one Keras model holds one
    regression per cell, and its loss is the sum of theirs
    (:mod:`lcdnet._stacked`), so each regression moves exactly as it
    would alone (up to float rounding).
    Each is then tested on ``test_size`` fair pictures of its brightness.

    Parameters
    ----------
    seed : int, default 0
        Seed of the pictures (the fair ones use ``seed + 2``) and the batch
        order.
    agreements : sequence of float, default :data:`CUE_AGREEMENTS`
        Increasing, each in [0.5, 1].
    strengths : sequence of float, default :data:`CUE_STRENGTHS`
        Increasing, each in (0, 0.8) (so that the brightest sunny pixel stays
        below 1).
    train_size : int, default 500
        Pictures per cell, at least 50.
    test_size : int, default 1000
        Fair pictures per strength, at least 10.
    steps : int, default 1000
        Training steps, at least 1.

    Returns
    -------
    ShortcutPhaseDiagram
    """
    check_phase_diagram_fits(agreements, strengths, train_size, test_size)
    agreement_grid, strength_grid = np.array(agreements), np.array(strengths)
    cells = [
        (strength, agreement)
        for strength in strength_grid
        for agreement in agreement_grid
    ]
    pictures, fair, fair_against = [], [], []
    low, high = _STRENGTH_RANGE
    for strength, agreement in cells:
        brightness = (strength * low, strength * high)
        images, labels, _ = tank_digits(
            train_size,
            biased=True,
            seed=seed,
            agreement=agreement,
            brightness=brightness,
        )
        pictures.append(images)
        test_images, test_labels, sunny = tank_digits(
            test_size, biased=False, seed=seed + 2, brightness=brightness
        )
        fair.append(test_images)
        fair_against.append(sunny != (test_labels == NO_TANK))
    model = make_stacked_model(
        StackedLinearModels(len(cells), num_pixels=IMG_SIZE * IMG_SIZE),
        (len(cells), IMG_SIZE, IMG_SIZE),
        optimizer=keras.optimizers.SGD(learning_rate=0.03),
        loss="cross_entropy",
        name="tank_phase_diagram",
    )
    targets = np.tile(labels[:, None], (1, len(cells)))
    start = time.perf_counter()
    train(
        model,
        np.stack(pictures, axis=1),
        targets,
        steps=steps,
        batch_size=BATCH_SIZE,
        seed=seed,
        log_every=min(steps, 500),
    )
    train_seconds = time.perf_counter() - start

    answers = predict(model, np.stack(fair, axis=1)).argmax(
        axis=-1
    )  # (test_size, cells)
    correct = answers == test_labels[:, None]
    shape = (len(strength_grid), len(agreement_grid))
    against = np.stack(fair_against, axis=1)
    disagrees = np.array(
        [correct[against[:, cell], cell].mean() for cell in range(len(cells))]
    )
    return ShortcutPhaseDiagram(
        agreement_grid,
        strength_grid,
        correct.mean(axis=0).reshape(shape),
        disagrees.reshape(shape),
        train_size,
        test_size,
        steps,
        seed,
        train_seconds,
    )
