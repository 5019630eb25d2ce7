"""Overfitting as training goes on: accuracy on training and on new pictures.

The picture every overfitting lesson is known by: two models train on the
same 100 jittered digits, and every few steps both are scored on their
training pictures and on the pictures of the grid they never saw. The
linear model's two curves part (it memorises: overfitting); the CNN's rise
together. Early on, both are low on both (underfitting).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lcdnet._checks import (
    check_fits_in_memory,
    check_int,
    check_required_seed,
)
from lcdnet._types import FloatArray, IntArray, KerasModel
from lcdnet.digits import all_positions, generate_digits, place_digits
from lcdnet.lessons._common import BATCH_SIZE
from lcdnet.metrics import seen_in_training

__all__ = [
    "overfitting_curves",
    "OverfittingCurves",
    "log_steps",
    "OVERFITTING_MODELS",
    "OVERFITTING_CLAIMS",
]

#: The two models, as in lesson 3: the CNN and the linear model under the
#: same optimiser (Adam, 0.01), so that their curves differ by architecture.
OVERFITTING_MODELS = {"linear": "linear model", "deep": "CNN"}

#: The thresholds behind what the tutorial says about the curves; the tests
#: assert the same.
OVERFITTING_CLAIMS = {
    # Underfitting at the start: after the first logged step neither model
    # is right on most of its training pictures, nor on most new ones.
    "first_train_at_most": 0.6,
    # Overfitting: the linear model ends perfect on its training pictures,
    # and is never better than chance (0.1) plus a little on new ones.
    "linear_final_train_at_least": 1.0,
    "linear_new_at_most": 0.15,
    # The CNN ends high on new pictures, and its two curves stay together.
    "deep_final_new_at_least": 0.95,
    "deep_gap_at_most": 0.05,
}


@dataclass(frozen=True)
class OverfittingCurves:
    """Accuracies logged while two models trained on the same digits.

    Attributes
    ----------
    steps : numpy.ndarray of int
        The optimiser steps after which both models were scored.
    train_accuracy, new_accuracy : dict of str to numpy.ndarray
        Per model (keys of :data:`OVERFITTING_MODELS`), the accuracy at each
        logged step on the training examples and on the pictures of the
        grid that no training example shows.
    num_new : int
        How many new pictures there are.
    models : dict of str to keras.Model
        The trained models.
    """

    steps: IntArray
    train_accuracy: dict[str, FloatArray]
    new_accuracy: dict[str, FloatArray]
    num_new: int
    models: dict[str, KerasModel]

    def gap(self, name: str) -> FloatArray:
        """Training minus new-picture accuracy of ``name``, at each step."""
        return self.train_accuracy[name] - self.new_accuracy[name]


def _grid_pictures(img_size: int) -> tuple[np.ndarray, IntArray]:
    """Every picture of the grid, once: each digit at each offset."""
    positions = np.asarray(all_positions(img_size))
    labels = np.repeat(np.arange(10), len(positions))
    return place_digits(labels, np.tile(positions, (10, 1)), img_size), labels


#: Bytes :func:`log_steps` needs per point, at most: six float64 or int64
#: arrays of ``points + 1`` values (the log-spaced ones and NumPy's
#: temporaries, the rounded, the ints, and the sorted copy of unique).
LOG_STEPS_BYTES_PER_POINT = 6 * 8


def log_steps(steps: int, points: int) -> IntArray:
    """About ``points`` steps from 1 to ``steps``, even on a log scale.

    Examples
    --------
    >>> log_steps(300, 12).tolist()
    [1, 2, 3, 4, 7, 11, 17, 28, 45, 72, 116, 187, 300]
    """
    return np.unique(
        np.geomspace(1, steps, num=points + 1).round().astype(int)
    )


def overfitting_curves(
    seed: int = 0, *, train_size: int = 100, steps: int = 300, points: int = 16
) -> OverfittingCurves:
    """Train the linear model and the CNN, scoring both as training goes on.

    Both models train on the same ``train_size`` jittered 10 x 10 digits
    with Adam at 0.01 (the CNN's optimiser in lesson 3), in batches of 50.
    After each of about ``points`` steps, spaced evenly on a log scale from
    the first step to the last (:func:`log_steps`), each model is scored on
    its training examples and on the new pictures: those of the grid's 360
    (each digit at each of its 36 offsets) that no training example shows.
    Training runs with :func:`lcdnet.train` in pieces between two scorings;
    each piece shuffles the examples afresh (seed ``seed`` plus the piece's
    number).

    Parameters
    ----------
    seed : int, default 0
        Seed of the data, the CNN's initial weights and the batch order.
    train_size : int, default 100
        Training examples; at least 50 (one batch).
    steps : int, default 300
        Training steps of each model; at least 1.
    points : int, default 16
        About how many times to score; at least 1.

    Returns
    -------
    OverfittingCurves

    Examples
    --------
    >>> curves = overfitting_curves(seed=0, steps=4, points=2)
    >>> curves.steps.tolist(), sorted(curves.train_accuracy)
    ([1, 2, 4], ['deep', 'linear'])
    >>> curves.num_new, len(curves.new_accuracy["deep"])
    (273, 3)
    """
    from lcdnet.models import (
        compile_digit_classifier,
        make_deep_model,
        make_linear_model,
    )
    from lcdnet.training import accuracy, predict_classes, train

    seed = check_required_seed(seed)
    train_size = check_int("train_size", train_size, minimum=BATCH_SIZE)
    steps = check_int("steps", steps, minimum=1)
    points = check_int("points", points, minimum=1)
    check_fits_in_memory(
        "points", points, LOG_STEPS_BYTES_PER_POINT * (points + 1)
    )
    images, labels = generate_digits(train_size, img_size=10, seed=seed)
    pictures, picture_labels = _grid_pictures(10)
    new = ~seen_in_training(pictures, images)
    deep = make_deep_model(img_size=10, seed=seed)
    models = {
        "linear": compile_digit_classifier(
            make_linear_model(img_size=10),
            deep.optimizer.__class__.from_config(deep.optimizer.get_config()),
        ),
        "deep": deep,
    }
    logged = log_steps(steps, points)
    train_accuracy: dict[str, list[float]] = {name: [] for name in models}
    new_accuracy: dict[str, list[float]] = {name: [] for name in models}
    for piece, piece_steps in enumerate(np.diff(logged, prepend=0)):
        for name, model in models.items():
            train(
                model,
                images,
                labels,
                steps=int(piece_steps),
                batch_size=BATCH_SIZE,
                seed=seed + piece,
                log_every=int(piece_steps),
            )
            train_accuracy[name].append(accuracy(model, images, labels))
            right = (
                predict_classes(model, pictures[new]) == picture_labels[new]
            )
            new_accuracy[name].append(float(right.mean()))
    return OverfittingCurves(
        logged,
        {name: np.array(values) for name, values in train_accuracy.items()},
        {name: np.array(values) for name, values in new_accuracy.items()},
        int(new.sum()),
        models,
    )
