"""Pictures with a spurious cue, for the tank story (lab 3), and how a model
is scored on them.

The task of the tank story is binary: is there a "tank" (a digit 5-9) in
the picture, or only empty forest (a digit 0-4)? Two cues can go with the
label in a biased collection of pictures: the *weather* (a bright
background behind every empty forest, :func:`tank_digits`) and the
*position* (empty forest always on the left of the grid, tanks on the
right, :func:`position_cue_digits`). A fair picture's cue says nothing
about its label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lcdnet._checks import (
    Bool,
    Int,
    Real,
    Sequence,
    as_numeric_array,
    checked,
    make_rng,
)
from lcdnet._grid import IMG_SIZE, SHAPE_SIZE, SPAN
from lcdnet._types import (
    ArrayLike,
    BoolArray,
    Float32Array,
    IntArray,
    KerasModel,
)
from lcdnet.digits import generate_digits, place_digits
from lcdnet.lessons import score_seen_new
from lcdnet.metrics import SeenNewAccuracy
from lcdnet.training import predict_classes

__all__ = [
    "tank_digits",
    "swap_weather",
    "position_cue_digits",
    "TankRun",
    "SUNNY_BACKGROUND",
    "TANK",
    "NO_TANK",
]

#: Background brightness of "sunny" tank digits: uniform in this range.
SUNNY_BACKGROUND = (0.3, 0.5)
#: Label of a "tank" (a digit 5-9) and of "no tank" (a digit 0-4).
TANK, NO_TANK = 1, 0

#: A range of background brightness: (low, high), with 0 < low <= high < 1.
_BRIGHTNESS = Sequence(
    Real(low=0, high=1, closed="neither"), length=2, order="non-decreasing"
)


@checked(
    n=Int(minimum=0),
    biased=Bool(),
    img_size=Int(minimum=SHAPE_SIZE),
    agreement=Real(low=0.5, high=1.0),
    brightness=_BRIGHTNESS,
)
def tank_digits(
    n: int,
    *,
    biased: bool,
    seed: int | np.random.Generator | None = None,
    img_size: int = 10,
    agreement: float = 1.0,
    brightness: tuple[float, float] = SUNNY_BACKGROUND,
) -> tuple[Float32Array, IntArray, BoolArray]:
    """Digits for the tank story: is the "tank" (a high digit) in the picture?

    Each image shows one 5x5 digit in the middle of an ``img_size`` grid.
    The label is :data:`TANK` (1) for digits 5-9 and :data:`NO_TANK` (0)
    for digits 0-4. Half the pictures are "sunny": every unlit pixel is
    raised to one background brightness drawn uniformly from
    ``brightness``; the others are "cloudy", with a black background. In
    *biased* data the weather goes with the label, like the tank photos of
    the story: a tank picture is cloudy and a picture without one is
    sunny -- in every picture by default, or in a share ``agreement`` of
    them (chosen at random; the others get the opposite weather). In
    *fair* data the weather is drawn independently of the label.

    Parameters
    ----------
    n : int
        Number of pictures, at least 0; digit ``i % 10`` in picture ``i``.
    biased : bool
        Whether the weather goes with the label.
    seed : None, int or numpy.random.Generator, optional
        Seed of the weather and the brightness.
    img_size : int, default 10
        Side of the square images, at least 5.
    agreement : float, default 1.0
        In biased data, the share of pictures whose weather follows the
        rule, from 0.5 (the weather says nothing) to 1 (always). Fair data
        take only the default.
    brightness : (float, float), default :data:`SUNNY_BACKGROUND`
        Range of the sunny background brightness, within (0, 1): how
        strong the weather cue is.

    Returns
    -------
    images : numpy.ndarray of float32, shape (n, img_size, img_size)
    labels : numpy.ndarray of int64, shape (n,)
        1 for a tank (digit 5-9), 0 otherwise.
    sunny : numpy.ndarray of bool, shape (n,)

    Examples
    --------
    >>> images, labels, sunny = tank_digits(10, biased=True, seed=0)
    >>> labels.tolist()
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    >>> sunny.tolist() == (labels == 0).tolist()
    True
    >>> # sunny, cloudy corner
    >>> bool(images[0, 0, 0] >= 0.3), float(images[5, 0, 0])
    (True, 0.0)
    >>> _, labels, sunny = tank_digits(10, biased=True, seed=0, agreement=0.8)
    >>> int((sunny == (labels == 0)).sum())  # exactly 8 of 10 follow the rule
    8
    """
    if not biased and agreement != 1.0:
        raise ValueError(
            f"agreement applies to biased data only (fair weather ignores the "
            f"label), got agreement={agreement!r} with biased=False"
        )
    low, high = brightness
    middle = (img_size - SHAPE_SIZE) // 2
    rng = make_rng(seed)
    images, digits = generate_digits(
        n, img_size, SHAPE_SIZE, seed=rng, positions=[(middle, middle)]
    )
    labels = np.where(digits >= 5, TANK, NO_TANK).astype(np.int64)
    sunny = labels == NO_TANK if biased else rng.random(n) < 0.5
    day_brightness = rng.uniform(low, high, size=n)
    if biased and agreement < 1.0:
        against = rng.permutation(n)[: round((1.0 - agreement) * n)]
        sunny[against] = ~sunny[against]
    level = np.where(sunny, day_brightness, 0.0).astype(np.float32)
    images += (1.0 - images) * level[:, None, None]
    return images, labels, sunny


def swap_weather(
    images: ArrayLike,
    sunny: ArrayLike,
    *,
    seed: int | np.random.Generator | None = None,
    brightness: tuple[float, float] = SUNNY_BACKGROUND,
) -> tuple[Float32Array, BoolArray]:
    """The same pictures under the other weather: sunny ones cloudy, cloudy
    ones sunny.

    A counterfactual test: change only what should not matter and see
    whether the answer changes. Lit pixels (value 1) stay; every other
    pixel of a sunny picture goes black, and every other pixel of a cloudy
    picture is raised to a brightness drawn uniformly from ``brightness``.
    No label is needed, so biased pictures can be checked too.

    Parameters
    ----------
    images : array_like, shape (n, height, width)
        Pictures from :func:`tank_digits`.
    sunny : array_like of bool, shape (n,)
        Their weather, as :func:`tank_digits` returned it.
    seed : None, int or numpy.random.Generator, optional
        Seed of the new sunny brightness.
    brightness : (float, float), default :data:`SUNNY_BACKGROUND`

    Returns
    -------
    images : numpy.ndarray of float32, shape (n, height, width)
    sunny : numpy.ndarray of bool, shape (n,)
        The new weather: ``~sunny``.

    Examples
    --------
    >>> images, labels, sunny = tank_digits(10, biased=True, seed=0)
    >>> swapped, now_sunny = swap_weather(images, sunny, seed=0)
    >>> (now_sunny[[0, 5]].tolist(), float(swapped[0, 0, 0]),
    ...  bool(swapped[5, 0, 0] >= 0.3))
    ([False, True], 0.0, True)
    >>> bool((swapped[images == 1] == 1).all())  # the digits themselves stay
    True
    """
    images = as_numeric_array("images", images, dtype=np.float32)
    sunny = as_numeric_array("sunny", sunny)
    if (
        images.ndim != 3
        or sunny.dtype != bool
        or sunny.shape != images.shape[:1]
    ):
        raise ValueError(
            "images must be a stack of pictures (n, height, width) and "
            f"sunny one bool per picture, got shapes {images.shape} and "
            f"{sunny.shape}"
        )
    low, high = _BRIGHTNESS.check("brightness", brightness, {})
    rng = make_rng(seed)
    lit = images == 1.0
    level = np.where(
        sunny, 0.0, rng.uniform(low, high, size=len(images))
    ).astype(np.float32)
    swapped = np.where(lit, np.float32(1.0), level[:, None, None]).astype(
        np.float32
    )
    return swapped, ~sunny


@checked(n=Int(minimum=0), biased=Bool())
def position_cue_digits(
    n: int,
    *,
    biased: bool,
    seed: int | np.random.Generator | None = None,
) -> tuple[Float32Array, IntArray, IntArray]:
    """Tank-story digits where the *position* is the cue: empty forest left,
    tanks right.

    Each picture shows one 5x5 digit on a black 10x10 grid, at a random row
    offset. Labels as in :func:`tank_digits`: :data:`TANK` (1) for digits
    5-9. In *biased* data every digit 0-4 sits at a column offset 0-2 (the
    left half of the offsets) and every digit 5-9 at 3-5 (the right half),
    like the stars and moons of Geirhos et al. (2020), which were shown
    only in certain quadrants. In *fair* data the column offset is drawn
    from 0-5 whatever the digit.

    Parameters
    ----------
    n : int
        Number of pictures, at least 0; digit ``i % 10`` in picture ``i``.
    biased : bool
    seed : None, int or numpy.random.Generator, optional
        Seed of the offsets.

    Returns
    -------
    images : numpy.ndarray of float32, shape (n, 10, 10)
    labels : numpy.ndarray of int64, shape (n,)
    positions : numpy.ndarray of int64, shape (n, 2)
        The (row, column) offset of each digit.

    Examples
    --------
    >>> images, labels, positions = position_cue_digits(
    ...     10, biased=True, seed=0
    ... )
    >>> labels.tolist()
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    >>> bool(((positions[:, 1] >= 3) == (labels == 1)).all())
    True
    """
    rng = make_rng(seed)
    digits = np.arange(n) % 10
    labels = np.where(digits >= 5, TANK, NO_TANK).astype(np.int64)
    rows = rng.integers(0, SPAN, size=n)
    half = SPAN // 2
    columns = rng.integers(0, half, size=n) + (
        half * labels if biased else rng.integers(0, 2, size=n) * half
    )
    positions = np.stack([rows, columns], axis=1).astype(np.int64)
    return (
        place_digits(digits, positions, IMG_SIZE, SHAPE_SIZE),
        labels,
        positions,
    )


@dataclass
class TankRun:
    """One model trained on one kind of tank data, and its scores.

    Attributes
    ----------
    model : keras.Model
    validation_accuracy : float
        Accuracy on a validation split (20%) of its own training data,
        drawn with :func:`lcdnet.split`.
    fair_accuracy : float
        Accuracy on fair pictures (cue independent of the label).
    cue_agrees_accuracy, cue_disagrees_accuracy : float
        Fair accuracy on the pictures whose cue agrees with the biased
        rule (a sunny or left-hand forest, a cloudy or right-hand tank),
        and on the others. A model that only reads the cue scores 1 and 0.
    flip_rate : float
        Share of the validation pictures whose answer changes when only the
        cue is swapped (the weather, or the digit moved to the mirrored
        column offset). It needs no fair test set.
    fair_score : lcdnet.metrics.SeenNewAccuracy
        The fair accuracy split into pictures that copy a training picture
        and new ones, with their counts.
    """

    model: KerasModel
    validation_accuracy: float
    fair_accuracy: float
    cue_agrees_accuracy: float
    cue_disagrees_accuracy: float
    flip_rate: float
    fair_score: SeenNewAccuracy


def score_run(
    model: KerasModel,
    training: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    fair: tuple[np.ndarray, np.ndarray, np.ndarray],
    swapped_validation: np.ndarray,
) -> TankRun:
    """A :class:`TankRun` from a trained model and its pictures.

    ``training`` and ``validation`` are (images, labels) pairs; ``fair`` is
    (images, labels, cue_agrees); ``swapped_validation`` the validation
    images with their cue swapped.
    """
    fair_images, fair_labels, agrees = fair
    answers = predict_classes(model, fair_images)
    correct = answers == fair_labels
    validation_answers = predict_classes(model, validation[0])
    flips = validation_answers != predict_classes(model, swapped_validation)
    score = score_seen_new(model, training[0], fair_images, fair_labels)
    return TankRun(
        model,
        float(np.mean(validation_answers == validation[1])),
        float(correct.mean()),
        float(correct[agrees].mean()),
        float(correct[~agrees].mean()),
        float(flips.mean()),
        score,
    )
