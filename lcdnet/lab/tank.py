"""Lab 3: the tank story, run on digits, bridged to positions and bounded by
a phase diagram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import Int, Seed, check_choice, checked
from lcdnet._grid import SHAPE_SIZE
from lcdnet._types import (
    BoolArray,
    Float32Array,
    FloatArray,
    IntArray,
    KerasModel,
)
from lcdnet.digits import NUM_CLASSES, split
from lcdnet.lab._common import (
    TABLE_NAMES,
    build_digit_model,
    train_in_batches,
)
from lcdnet.lab.cues import (
    NO_TANK,
    TANK,
    TankRun,
    score_run,
    swap_weather,
    tank_digits,
)
from lcdnet.lab.shortcuts import (
    AGREEMENTS_GRID,
    CUE_AGREEMENTS,
    CUE_STRENGTHS,
    MIN_TRAIN_SIZE,
    STRENGTHS_GRID,
    ShortcutPhaseDiagram,
    check_phase_diagram_fits,
    linear_tank_model,
    position_cue,
    shortcut_phase_diagram,
)
from lcdnet.report import Comparison, measured_row, seen_new_rows

__all__ = ["tank_story", "TankStoryResult", "WeightSummary"]

TRAININGS = ("biased", "fair")


@dataclass(frozen=True)
class WeightSummary:
    """What the tank story's linear model weighs, measured on its decision
    weights.

    The decision weight of a pixel is the model's "tank" weight minus its
    "no tank" weight: how much a lit pixel pushes the answer towards
    "tank". The 5x5 box of the digit is in the middle; the other 75 pixels
    are background, where only the weather shows.

    Attributes
    ----------
    largest_in_digit : float
        The largest absolute decision weight inside the digit's box.
    background_mean, background_std : float
        Mean and standard deviation of the 75 background decision weights
        (the standard deviation is small when they are all alike).
    weather_shift : float
        Mean change of the "tank" score (tank minus no-tank logit) when a
        fair sunny picture is made cloudy, the digit kept: what the weather
        alone adds.
    digit_spread : float
        Range of the "tank" score over the ten digits on a cloudy day: how
        far the digit alone can move it.
    """

    largest_in_digit: float
    background_mean: float
    background_std: float
    weather_shift: float
    digit_spread: float

    @property
    def digit_to_background(self) -> float:
        """``largest_in_digit`` over the mean absolute background weight."""
        return self.largest_in_digit / abs(self.background_mean)


@dataclass
class TankStoryResult:
    """Lab 3: a spurious cue passes validation and fails fair data.

    Attributes
    ----------
    runs : dict of (str, str) to lcdnet.lab.TankRun
        The weather story, keyed by model (``"linear"``, ``"deep"``) and
        training data (``"biased"``, ``"fair"``).
    position_runs : dict of str to lcdnet.lab.TankRun
        The same two models trained on pictures whose *position* is the cue
        (:func:`lcdnet.lab.position_cue`).
    phase : lcdnet.lab.ShortcutPhaseDiagram
        Fair accuracy of the linear model over cue agreement and strength.
    biased_images, biased_labels, biased_sunny : numpy.ndarray
        The biased training pictures (before the validation split).
    fair_images, fair_labels, fair_sunny : numpy.ndarray
        The fair test pictures.
    steps, deep_steps, seed : int
    """

    runs: dict[tuple[str, str], TankRun]
    position_runs: dict[str, TankRun]
    phase: ShortcutPhaseDiagram
    biased_images: Float32Array
    biased_labels: IntArray
    biased_sunny: BoolArray
    fair_images: Float32Array
    fair_labels: IntArray
    fair_sunny: BoolArray
    steps: int
    deep_steps: int
    seed: int

    def decision_weights(self, training: str) -> Float32Array:
        """The linear model's evidence for "tank": its tank weights minus its
        no-tank weights.

        A pixel's value here, times its brightness, is how much it pushes
        the decision towards "tank"; returned as an image.
        """
        check_choice("training", training, TRAININGS)
        kernel = keras.ops.convert_to_numpy(
            self.runs["linear", training].model.layers[-1].kernel
        )
        size = self.fair_images.shape[-1]
        result: Float32Array = (kernel[:, TANK] - kernel[:, NO_TANK]).reshape(
            size, size
        )
        return result

    def digit_box(self) -> BoolArray:
        """Boolean image: True inside the 5x5 box where the digit is drawn."""
        size = self.fair_images.shape[-1]
        box = np.zeros((size, size), dtype=bool)
        middle = (size - SHAPE_SIZE) // 2
        box[middle : middle + SHAPE_SIZE, middle : middle + SHAPE_SIZE] = True
        return box

    def weight_summary(self, training: str) -> WeightSummary:
        """Measure what the linear model trained on ``training`` data weighs.

        Returns
        -------
        WeightSummary
        """
        weights = self.decision_weights(training)
        box = self.digit_box()
        model = self.runs["linear", training].model
        sunny = self.fair_sunny
        made_cloudy, _ = swap_weather(
            self.fair_images[sunny], sunny[sunny], seed=0
        )
        shift = _tank_scores(model, self.fair_images[sunny]) - _tank_scores(
            model, made_cloudy
        )
        digits = _tank_scores(model, _cloudy_digits(self.fair_images, sunny))
        return WeightSummary(
            float(np.abs(weights[box]).max()),
            float(weights[~box].mean()),
            float(weights[~box].std()),
            float(shift.mean()),
            float(digits.max() - digits.min()),
        )

    def comparisons(self) -> list[Comparison]:
        lesson = "lab 3 tank story"
        rows = []
        for (name, training), run in self.runs.items():
            prefix = f"{TABLE_NAMES[name]}, {training} training"
            rows += [
                measured_row(
                    lesson,
                    f"{prefix}: validation accuracy",
                    run.validation_accuracy,
                ),
                *seen_new_rows(lesson, f"{prefix}: fair test", run.fair_score),
                measured_row(
                    lesson,
                    f"{prefix}: fair, weather against the bias",
                    run.cue_disagrees_accuracy,
                ),
                measured_row(
                    lesson,
                    f"{prefix}: answers flipped by swapping the weather",
                    run.flip_rate,
                ),
            ]
        for training in TRAININGS:
            summary = self.weight_summary(training)
            rows += [
                measured_row(lesson, f"linear, {training}: {quantity}", value)
                for quantity, value in (
                    (
                        "largest in-digit weight / background weight",
                        summary.digit_to_background,
                    ),
                    ("score shift of a sunny day", summary.weather_shift),
                    ("score range over the ten digits", summary.digit_spread),
                )
            ]
        for name, run in self.position_runs.items():
            rows += [
                measured_row(
                    lesson,
                    f"{TABLE_NAMES[name]}, position cue: {quantity}",
                    value,
                )
                for quantity, value in (
                    ("validation accuracy", run.validation_accuracy),
                    ("fair accuracy", run.fair_accuracy),
                    (
                        "fair, position against the bias",
                        run.cue_disagrees_accuracy,
                    ),
                )
            ]
        phase = self.phase
        strongest = phase.strengths[-1]
        rows += [
            measured_row(
                lesson,
                f"phase diagram: fair accuracy, cue agreement "
                f"{agreement:.0%}, strength {strongest:g}",
                phase.at(agreement, strongest),
            )
            for agreement in phase.agreements
        ]
        return rows


def _tank_scores(model: KerasModel, images: np.ndarray) -> FloatArray:
    """The linear model's "tank" score of each picture: tank minus no-tank
    logit."""
    kernel, bias = (
        keras.ops.convert_to_numpy(weight)
        for weight in model.layers[-1].weights
    )
    pixels = images.reshape(len(images), -1).astype(np.float64)
    logits: FloatArray = pixels @ kernel + bias  # Keras's arrays: Any
    return logits[:, TANK] - logits[:, NO_TANK]


def _cloudy_digits(images: Float32Array, sunny: BoolArray) -> Float32Array:
    """The first ten pictures (digits 0-9, as drawn) with any sunny
    background made cloudy."""
    pictures, weather = images[:NUM_CLASSES], sunny[:NUM_CLASSES]
    cloudy = pictures.copy()
    cloudy[weather] = swap_weather(
        pictures[weather], weather[weather], seed=0
    )[0]
    result: Float32Array = cloudy
    return result


@checked(
    seed=Seed(),
    train_size=Int(minimum=MIN_TRAIN_SIZE),
    test_size=Int(minimum=NUM_CLASSES),
    steps=Int(minimum=1),
    deep_steps=Int(minimum=1),
    agreements=AGREEMENTS_GRID,
    strengths=STRENGTHS_GRID,
)
def tank_story(
    seed: int = 0,
    *,
    train_size: int = 500,
    test_size: int = 1000,
    steps: int = 1000,
    deep_steps: int = 300,
    agreements: Sequence[float] = CUE_AGREEMENTS,
    strengths: Sequence[float] = CUE_STRENGTHS,
) -> TankStoryResult:
    """Lab 3: the tank parable, run on digits.

    The task is binary: is there a "tank" (a digit 5-9) in the picture?
    In the collected (biased) pictures every tank was photographed on a
    cloudy day and every empty scene on a sunny one
    (:func:`lcdnet.lab.tank_digits`). The linear model and the
    convolutional network are trained on 80% of them and validated on the
    other 20% (:func:`lcdnet.split`), then tested on fair pictures whose
    weather is independent of the label. A counterfactual check swaps the
    weather of each validation picture (:func:`lcdnet.lab.swap_weather`)
    and counts the answers that change. Both models are then trained again
    on fair pictures, where only the digit tells the label. The linear
    model's weights are measured (:meth:`TankStoryResult.weight_summary`).

    Two more experiments bound the story: the same models with the digit's
    position as the cue (:func:`lcdnet.lab.position_cue`), and the linear
    model over a grid of cue agreement and strength
    (:func:`lcdnet.lab.shortcut_phase_diagram`).

    The linear model trains for ``steps`` steps of plain gradient descent
    (rate 0.03, batch 50): enough to fit the fair data, which has no
    shortcut; the convolutional network for ``deep_steps`` steps of Adam,
    the budget of lesson 3. Biased and fair runs of a model get the same
    steps, so the data is the only difference.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data, the split, the initial weights and the batch
        order.
    train_size : int, default 500
        Collected pictures, at least 63 (so that the 80% training part
        holds a batch of 50).
    test_size : int, default 1000
        Fair test pictures, at least 10.
    steps, deep_steps : int, default 1000 and 300
        Training steps of the linear and the convolutional model.
    agreements, strengths : sequence of float
        The grid of the phase diagram
        (:func:`lcdnet.lab.shortcut_phase_diagram`).

    Returns
    -------
    TankStoryResult
    """
    # The phase diagram runs last: refuse a grid it cannot fit up front.
    check_phase_diagram_fits(agreements, strengths, train_size, test_size)
    collected = tank_digits(train_size, biased=True, seed=seed)
    fair_training = tank_digits(train_size, biased=False, seed=seed + 1)
    fair_images, fair_labels, fair_sunny = tank_digits(
        test_size, biased=False, seed=seed + 2
    )
    fair = (fair_images, fair_labels, fair_sunny == (fair_labels == NO_TANK))
    runs = {}
    for training, (images, labels, sunny) in zip(
        TRAININGS, (collected, fair_training), strict=True
    ):
        (train_index, _), (valid_index, _) = split(
            np.arange(len(labels)), labels, seed=seed
        )
        training_data = (images[train_index], labels[train_index])
        validation = (images[valid_index], labels[valid_index])
        swapped, _ = swap_weather(
            images[valid_index], sunny[valid_index], seed=seed + 3
        )
        for name, model_steps in (("linear", steps), ("deep", deep_steps)):
            model = (
                linear_tank_model()
                if name == "linear"
                else build_digit_model(name, seed)
            )
            train_in_batches(
                model, *training_data, steps=model_steps, seed=seed
            )
            runs[name, training] = score_run(
                model, training_data, validation, fair, swapped
            )
    position_runs = position_cue(
        seed, train_size=train_size, steps=steps, deep_steps=deep_steps
    )
    phase = shortcut_phase_diagram(
        seed,
        agreements=agreements,
        strengths=strengths,
        train_size=train_size,
        test_size=test_size,
        steps=steps,
    )
    return TankStoryResult(
        runs,
        position_runs,
        phase,
        *collected,
        fair_images,
        fair_labels,
        fair_sunny,
        steps,
        deep_steps,
        seed,
    )
