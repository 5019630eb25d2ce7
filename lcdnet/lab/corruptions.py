"""Lab 2: accuracy as the test digits get noisier, cut off and shadowed."""

from __future__ import annotations

import collections.abc
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lcdnet._checks import (
    Constraint,
    Int,
    Optional,
    Real,
    Seed,
    Sequence,
    check_int,
    checked,
)
from lcdnet._grid import IMG_SIZE, SHAPE_SIZE, every_picture
from lcdnet._types import Float32Array, FloatArray, IntArray, KerasModel
from lcdnet.digits import (
    MIN_SIZE,
    NOISE_MEANING,
    NUM_CLASSES,
    SHADOW_MEANING,
    generate_digits,
    place_digits,
)
from lcdnet.lab._common import (
    TABLE_NAMES,
    build_digit_model,
    train_in_batches,
)
from lcdnet.lessons import BATCH_SIZE, score_seen_new
from lcdnet.metrics import SeenNewAccuracy
from lcdnet.report import Comparison, measured_row, seen_new_rows

__all__ = [
    "corruption_sweep",
    "CorruptionSweepResult",
    "cutoff_ceiling",
    "CORRUPTION_STRENGTHS",
]

#: The corruptions of :func:`lcdnet.generate_digits` the sweep grows, and the
#: default strengths of each (the first is always "off").
CORRUPTION_STRENGTHS = {
    "noise": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    "cutoff": (0, 1, 2, 3, 4),
    "shadow": (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
}

#: The models lab 2 trains, in order: three on clean digits, one on
#: corrupted ones.
MODELS = ("linear", "mlp", "deep", "deep_augmented")

_BEST_POSSIBLE_NOTES = {
    "noise": (
        "ideal classifier that knows the generator, on the same test digits"
    ),
    "cutoff": "cropped digits can look alike; exact, see cutoff_ceiling",
}


@dataclass
class CorruptionSweepResult:
    """Lab 2: accuracy of each model as each corruption of the test digits
    grows.

    Attributes
    ----------
    strengths : dict of str to numpy.ndarray
        The strengths of ``"noise"``, ``"cutoff"`` and ``"shadow"`` tested.
    accuracy : dict of str to dict of str to numpy.ndarray
        ``accuracy[corruption][model]``: accuracy on ``test_size`` fresh
        digits at each strength. The test digits of one corruption share
        their offsets (the same seed) except under ``cutoff``, which
        changes the offsets themselves.
    scores : dict of str to dict of str to list of SeenNewAccuracy
        The same accuracies split into test pictures that copy one of the
        model's training pictures and new ones, with their counts
        (:class:`lcdnet.metrics.SeenNewAccuracy`). Clean test digits are
        nearly all copies (15,000 clean training digits show every one of
        the 360 possible pictures); noisy or shadowed ones are new.
    best_possible : dict of str to numpy.ndarray
        The best accuracy any model could reach, for ``"cutoff"`` (exact,
        :func:`cutoff_ceiling`: cropping can make two digits identical) and
        ``"noise"`` (the accuracy, on the same test digits, of the ideal
        classifier that knows the generator: it picks the digit whose 36
        placements best explain the noisy pixels). Shadows erase almost
        nothing, so no bound is given for them.
    models : dict of str to keras.Model
        ``"linear"``, ``"mlp"`` and ``"deep"`` were trained on clean
        jittered digits; ``"deep_augmented"`` on equally many digits of
        which all but a share are corrupted, every swept strength equally
        often. All four trained with Adam (rate 0.01) for the same steps.
    steps, train_size, test_size, seed : int
    """

    strengths: dict[str, FloatArray | IntArray]
    accuracy: dict[str, dict[str, FloatArray]]
    scores: dict[str, dict[str, list[SeenNewAccuracy]]]
    best_possible: dict[str, FloatArray]
    models: dict[str, KerasModel]
    steps: int
    train_size: int
    test_size: int
    seed: int

    def comparisons(self) -> list[Comparison]:
        lesson = "lab 2 corruptions"
        rows = []
        if self.strengths["noise"][0] == 0:
            for name in self.models:
                rows += _score_rows(
                    lesson,
                    f"clean digits: {TABLE_NAMES[name]}",
                    self.scores["noise"][name][0],
                )
        for corruption, strengths in self.strengths.items():
            strongest = f"{corruption}={strengths[-1]:g}"
            for name in self.models:
                rows += _score_rows(
                    lesson,
                    f"{strongest}: {TABLE_NAMES[name]}",
                    self.scores[corruption][name][-1],
                )
            if corruption in self.best_possible:
                rows.append(
                    measured_row(
                        lesson,
                        f"{strongest}: best possible",
                        self.best_possible[corruption][-1],
                        _BEST_POSSIBLE_NOTES[corruption],
                    )
                )
        return rows


def _score_rows(
    lesson: str, label: str, score: SeenNewAccuracy
) -> list[Comparison]:
    """One row when the test pictures are all copies or all new (counted),
    else three."""
    if score.num_new == 0:
        return [
            measured_row(
                lesson,
                f"{label}: all {score.num_total:,} test pictures (all copies)",
                score.overall,
            )
        ]
    if score.num_seen == 0:
        return [
            measured_row(
                lesson,
                f"{label}: all {score.num_total:,} test pictures (all new)",
                score.overall,
            )
        ]
    return seen_new_rows(lesson, label, score)


def _strengths(item: Constraint) -> Constraint:
    """Strengths of one corruption to sweep: None for the defaults."""
    return Optional(Sequence(item, order="increasing"))


@checked(
    seed=Seed(),
    train_size=Int(minimum=BATCH_SIZE),
    test_size=Int(minimum=NUM_CLASSES),
    steps=Int(minimum=1),
    noise=_strengths(Real(low=0, meaning=NOISE_MEANING)),
    cutoff=_strengths(Int(minimum=0, maximum=SHAPE_SIZE - 1)),
    shadow=_strengths(Real(low=0, high=1, meaning=SHADOW_MEANING)),
)
def corruption_sweep(
    seed: int = 0,
    *,
    train_size: int = 15_000,
    test_size: int = 1000,
    steps: int = 300,
    noise: collections.abc.Sequence[float] | None = None,
    cutoff: collections.abc.Sequence[int] | None = None,
    shadow: collections.abc.Sequence[float] | None = None,
) -> CorruptionSweepResult:
    """Lab 2: how each model copes as the test digits get messier.

    Three models are trained on *clean* jittered 10x10 digits, the same
    ``train_size`` digits for the same ``steps`` steps of batch 50 with the
    same optimiser (Adam, rate 0.01; the budget of lesson 3): the linear
    model, the dense network of :func:`lcdnet.make_mlp_model` and the
    convolutional network. A fourth, the convolutional network again
    (``"deep_augmented"``), trains on as many digits, corrupted: the
    training set is cut into equal parts, one clean and one for each
    non-zero strength swept below. All four are then scored on
    ``test_size`` fresh digits per strength of each corruption of
    :func:`lcdnet.generate_digits`: Gaussian pixel ``noise``, digits
    ``cutoff`` by the border, and ``shadow``.

    The default ``train_size`` is ``steps * 50``: every step sees digits
    no earlier step saw, as when corruptions are drawn afresh for every
    batch ("on-the-fly augmentation"). A small fixed set would show each
    noisy digit many times and teach the network those particular noise
    patterns rather than noise in general. Training costs the same either
    way; only generating the digits grows.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data, initial weights and batch order; the test digits
        use ``seed + 1``.
    train_size : int, default 15000
        Training digits of each model, at least 50.
    test_size : int, default 1000
        Test digits per strength, at least 10.
    steps : int, default 300
        Training steps of each model, at least 1.
    noise, cutoff, shadow : sequence or None
        Strengths to test, in increasing order, each valid for
        :func:`lcdnet.generate_digits` (``cutoff`` at most 4 for 5x5
        digits). None uses :data:`CORRUPTION_STRENGTHS`.

    Returns
    -------
    CorruptionSweepResult
    """
    given = {"noise": noise, "cutoff": cutoff, "shadow": shadow}
    strengths = {
        name: np.array(
            CORRUPTION_STRENGTHS[name] if values is None else values
        )
        for name, values in given.items()
    }

    clean_images, clean_labels = generate_digits(
        train_size, IMG_SIZE, SHAPE_SIZE, seed=seed
    )
    augmented_images, augmented_labels = _augmented_digits(
        train_size, strengths, seed
    )
    training = {name: (clean_images, clean_labels) for name in MODELS[:-1]}
    training["deep_augmented"] = (augmented_images, augmented_labels)
    models = {
        name: train_in_batches(
            build_digit_model(name.replace("_augmented", ""), seed),
            *training[name],
            steps=steps,
            seed=seed,
        )
        for name in MODELS
    }

    accuracy_of: dict[str, dict[str, FloatArray]] = {}
    scores: dict[str, dict[str, list[SeenNewAccuracy]]] = {}
    best_possible = {
        "noise": np.zeros(len(strengths["noise"])),
        "cutoff": np.array(
            [cutoff_ceiling(value) for value in strengths["cutoff"]]
        ),
    }
    for corruption, values in strengths.items():
        scores[corruption] = {name: [] for name in models}
        for index, value in enumerate(values):
            test_images, test_labels = generate_digits(
                test_size,
                IMG_SIZE,
                SHAPE_SIZE,
                seed=seed + 1,
                **{corruption: value},
            )
            for name, model in models.items():
                scores[corruption][name].append(
                    score_seen_new(
                        model, training[name][0], test_images, test_labels
                    )
                )
            if corruption == "noise":
                best_possible["noise"][index] = _ideal_noise_accuracy(
                    test_images, test_labels, value
                )
        accuracy_of[corruption] = {
            name: np.array([score.overall for score in model_scores])
            for name, model_scores in scores[corruption].items()
        }
    return CorruptionSweepResult(
        strengths,
        accuracy_of,
        scores,
        best_possible,
        models,
        steps,
        train_size,
        test_size,
        seed,
    )


def _ideal_noise_accuracy(
    images: np.ndarray, labels: np.ndarray, noise: float
) -> float:
    """Accuracy of the Bayes-optimal classifier on noisy jittered digits.

    It knows how the digits were made: each of the 360 clean placements
    (digit, offset) is equally likely, and each pixel got Gaussian noise of
    standard deviation ``noise`` and was clipped to [0, 1]. So a clipped
    pixel at 0 or 1 has the probability mass of the clipped tail, any other
    value the Gaussian density. It answers the digit with the largest total
    likelihood over its placements; no classifier can do better on average.
    """
    if noise == 0:
        return 1.0
    clean, clean_labels, _ = every_picture()
    clean = clean.reshape(len(clean), -1)
    pixels = images.reshape(len(images), -1).astype(np.float64)
    log_likelihood = np.zeros((len(pixels), len(clean)))
    for level in (0.0, 1.0):
        below = np.log(max(_normal_cdf((0.0 - level) / noise), 1e-300))
        above = np.log(max(1.0 - _normal_cdf((1.0 - level) / noise), 1e-300))
        density = -0.5 * ((pixels - level) / noise) ** 2
        per_pixel = np.where(
            pixels <= 0.0, below, np.where(pixels >= 1.0, above, density)
        )
        log_likelihood += per_pixel @ (clean == level).T.astype(np.float64)
    log_likelihood -= log_likelihood.max(axis=1, keepdims=True)
    likelihood = np.exp(log_likelihood)
    per_digit = np.stack(
        [
            likelihood[:, clean_labels == digit].sum(axis=1)
            for digit in range(NUM_CLASSES)
        ],
        axis=1,
    )
    return float(np.mean(per_digit.argmax(axis=1) == labels))


def _normal_cdf(value: float) -> float:
    return 0.5 * (1.0 + math.erf(value / math.sqrt(2.0)))


def _augmented_digits(
    size: int,
    strengths: Mapping[str, FloatArray | IntArray],
    seed: int,
) -> tuple[Float32Array, IntArray]:
    """``size`` digits: equal parts clean and at each non-zero swept
    strength."""
    # Keywords of generate_digits: a float or an int strength by corruption.
    settings: list[dict[str, Any]] = [{}] + [
        {corruption: value}
        for corruption, values in strengths.items()
        for value in values
        if value > 0
    ]
    parts = np.array_split(np.arange(size), len(settings))
    images, labels = zip(
        *(
            generate_digits(
                len(part),
                IMG_SIZE,
                SHAPE_SIZE,
                seed=seed + 2 + index,
                **setting,
            )
            for index, (part, setting) in enumerate(
                zip(parts, settings, strict=True)
            )
        ),
        strict=True,
    )
    return np.concatenate(images), np.concatenate(labels)


def cutoff_ceiling(
    cutoff: int, img_size: int = 10, shape_size: int = 5
) -> float:
    """The best accuracy any classifier can reach on digits cut off by the
    border.

    With ``cutoff`` > 0 a digit may hang over the border, and what remains
    can be exactly what another digit leaves at another offset (an 8 that
    lost its left column shows the same pixels as a 3). The best any
    classifier can do is to answer, for each image, the digit that most
    often produces it. This function enumerates every digit at every
    offset (each equally likely, as in :func:`lcdnet.generate_digits`)
    and returns the accuracy of that best answer.

    Parameters
    ----------
    cutoff : int
        From 0 to ``shape_size - 1``.
    img_size, shape_size : int, default 10 and 5
        Grid and digit sides; ``shape_size`` at least 3, ``img_size`` at
        least ``shape_size``.

    Returns
    -------
    float
        1.0 when every image identifies its digit.

    Examples
    --------
    >>> cutoff_ceiling(0)
    1.0
    >>> 0.5 < cutoff_ceiling(4) < 1.0
    True
    >>> cutoff_ceiling(5)
    Traceback (most recent call last):
    ...
    ValueError: cutoff must be an integer in 0..4, got 5
    """
    shape_size = check_int("shape_size", shape_size, minimum=MIN_SIZE)
    img_size = check_int(
        "img_size", img_size, minimum=shape_size, minimum_name="shape_size"
    )
    cutoff = check_int("cutoff", cutoff, minimum=0, maximum=shape_size - 1)
    # Draw on a canvas with a margin of ``cutoff`` on every side, then crop
    # the margin: offset 0 on the canvas is offset -cutoff on the image.
    canvas = img_size + 2 * cutoff
    span = np.arange(canvas - shape_size + 1)
    positions = np.array(
        [(row_offset, column) for row_offset in span for column in span]
    )
    labels = np.tile(np.arange(NUM_CLASSES), len(positions))
    drawn = place_digits(
        labels, np.repeat(positions, NUM_CLASSES, axis=0), canvas, shape_size
    )
    images = drawn[
        :, cutoff : cutoff + img_size, cutoff : cutoff + img_size
    ].astype(np.uint8)
    _, image_ids = np.unique(
        images.reshape(len(images), -1), axis=0, return_inverse=True
    )
    counts = np.bincount(
        image_ids.ravel() * NUM_CLASSES + labels,
        minlength=(image_ids.max() + 1) * NUM_CLASSES,
    )
    return float(
        counts.reshape(-1, NUM_CLASSES).max(axis=1).sum() / len(labels)
    )
