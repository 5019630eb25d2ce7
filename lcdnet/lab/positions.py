"""Lab 1: digits tested at positions no training digit ever occupied."""

from __future__ import annotations

import collections.abc
from dataclasses import dataclass

from lcdnet._checks import Int, Seed, Sequence, checked
from lcdnet._grid import IMG_SIZE, SHAPE_SIZE, SPAN, every_picture
from lcdnet._types import Float32Array, FloatArray, IntArray, KerasModel
from lcdnet.digits import NUM_CLASSES, generate_digits
from lcdnet.lab._common import (
    TABLE_NAMES,
    build_digit_model,
    span_text,
    train_in_batches,
)
from lcdnet.lessons import BATCH_SIZE, score_seen_new
from lcdnet.metrics import SeenNewAccuracy
from lcdnet.report import Comparison, measured_row, seen_new_rows
from lcdnet.training import predict_classes

__all__ = ["held_out_positions", "HeldOutPositionsResult"]

#: The models lab 1 compares, in order.
MODELS = ("linear", "mlp", "deep")


@dataclass
class HeldOutPositionsResult:
    """Lab 1: models trained on some column offsets, tested on all of them.

    Attributes
    ----------
    models : dict of str to keras.Model
        The trained ``"linear"``, ``"mlp"`` and ``"deep"`` models.
    position_accuracy : dict of str to numpy.ndarray, shape (6, 6)
        For each model, the accuracy over the ten digits placed at each
        offset: row ``r``, column ``c`` is the offset ``(r, c)``.
    scores : dict of str to lcdnet.metrics.SeenNewAccuracy
        For each model, its accuracy over all 360 pictures (every digit at
        every offset), split into copies of a training picture and new
        pictures. Every picture in a held-out column is new.
    train_columns, test_columns : tuple of int
        The column offsets of the training digits, and the others.
    train_images, train_labels : numpy.ndarray
        The training data.
    steps, seed : int
    """

    models: dict[str, KerasModel]
    position_accuracy: dict[str, FloatArray]
    scores: dict[str, SeenNewAccuracy]
    train_columns: tuple[int, ...]
    test_columns: tuple[int, ...]
    train_images: Float32Array
    train_labels: IntArray
    steps: int
    seed: int

    def seen_accuracy(self, name: str) -> float:
        """Accuracy of model ``name`` over every digit at every training
        column offset."""
        return float(
            self.position_accuracy[name][:, list(self.train_columns)].mean()
        )

    def held_out_accuracy(self, name: str) -> float:
        """Accuracy of model ``name`` over every digit at every held-out
        column offset."""
        return float(
            self.position_accuracy[name][:, list(self.test_columns)].mean()
        )

    def comparisons(self) -> list[Comparison]:
        lesson = "lab 1 held-out positions"
        seen = f"columns {span_text(self.train_columns)}"
        held = f"columns {span_text(self.test_columns)}"
        rows = []
        for name in self.models:
            label = TABLE_NAMES[name]
            rows += [
                measured_row(
                    lesson,
                    f"{label}: accuracy on training {seen}",
                    self.seen_accuracy(name),
                ),
                measured_row(
                    lesson,
                    f"{label}: accuracy on held-out {held}",
                    self.held_out_accuracy(name),
                ),
                *seen_new_rows(
                    lesson, label, self.scores[name], parts=("copies", "new")
                ),
            ]
        return rows


@checked(
    seed=Seed(),
    train_size=Int(minimum=BATCH_SIZE),
    steps=Int(minimum=1),
    train_columns=Sequence(
        Int(minimum=0, maximum=SPAN - 1), distinct=True, sort=True
    ),
)
def held_out_positions(
    seed: int = 0,
    *,
    train_size: int = 500,
    steps: int = 300,
    train_columns: collections.abc.Sequence[int] = (0, 1, 2),
) -> HeldOutPositionsResult:
    """Lab 1: test on positions no training digit ever occupied.

    On a 10x10 grid a 5x5 digit has 36 offsets, but only 360 distinct
    images exist, so freshly drawn "test" digits mostly repeat training
    images. Holding out *positions* gives a real test: the training digits
    sit only at the column offsets ``train_columns`` (any row), and the
    models are scored on every digit at every offset -- the held-out
    columns included, which no training digit touched.

    The linear model, the dense network of :func:`lcdnet.make_mlp_model` and
    the convolutional network of :func:`lcdnet.make_deep_model` are trained on
    the same ``train_size`` digits for the same ``steps`` steps of batch 50
    with the same optimiser (Adam, rate 0.01): the budget of lesson 3, in
    which the convolutional network already reaches 100% on fresh jittered
    digits. Only the architecture differs.

    Parameters
    ----------
    seed : int, default 0
        Seed of the training data, the initial weights and the batch order.
    train_size : int, default 500
        Training digits, at least 50.
    steps : int, default 300
        Training steps of each model, at least 1.
    train_columns : sequence of int, default (0, 1, 2)
        Column offsets of the training digits: distinct values in 0..5,
        at least one and at most five (some must be left to test on).

    Returns
    -------
    HeldOutPositionsResult

    Examples
    --------
    A tiny run, to show the record (the default sizes teach the lesson):

    >>> result = held_out_positions(seed=0, train_size=50, steps=5)
    >>> all(0 <= result.held_out_accuracy(name) <= 1
    ...     for name in ("linear", "mlp", "deep"))
    True
    """
    if len(train_columns) == SPAN:
        raise ValueError(
            f"train_columns must leave at least one of the column offsets "
            f"0..{SPAN - 1} to test on, got {train_columns!r}"
        )
    test_columns = tuple(
        column for column in range(SPAN) if column not in train_columns
    )

    positions = [
        (row_offset, column)
        for row_offset in range(SPAN)
        for column in train_columns
    ]
    images, labels = generate_digits(
        train_size, IMG_SIZE, SHAPE_SIZE, seed=seed, positions=positions
    )
    every_image, every_label, _ = every_picture()
    models, position_accuracy, scores = {}, {}, {}
    for name in MODELS:
        model = train_in_batches(
            build_digit_model(name, seed),
            images,
            labels,
            steps=steps,
            seed=seed,
        )
        correct = predict_classes(model, every_image) == every_label
        models[name] = model
        by_offset = correct.reshape(
            NUM_CLASSES, SPAN, SPAN
        )  # ids: digit first
        position_accuracy[name] = by_offset.mean(axis=0)
        scores[name] = score_seen_new(model, images, every_image, every_label)
    return HeldOutPositionsResult(
        models,
        position_accuracy,
        scores,
        tuple(train_columns),
        test_columns,
        images,
        labels,
        steps,
        seed,
    )
