"""The generalisation lab: four lessons beyond the series, each one measured.

The series stops where the interesting questions start. The lab asks four
of them, each as one function returning a result record whose
``comparisons()`` lists what was measured (as :class:`lcdnet.lessons.Comparison`
rows; the series gives no numbers for these, so ``published`` is None):

:func:`held_out_positions`
    Train on digits in the left half of the grid, test on the right half,
    which no training digit ever touched. The linear model and a dense
    network (:func:`make_mlp_model`) fall to chance; the convolutional
    network, which looks for the same strokes everywhere, does not.
:func:`corruption_sweep`
    Pixel noise, digits cut off by the border and shadows, each grown step
    by step (see :func:`lcdnet.generate_digits`): how fast does each
    model's accuracy fall, and how much does training on messy digits help?
:func:`tank_story`
    The tank parable, run for real: a cue that goes with the label in the
    collected data (a sunny background behind low digits) gives a perfect
    validation score and a coin toss on fair data. The linear model's
    weights show the cue; a training set without it fixes the model.
:func:`xnor_seed_lottery`
    How often does the 2-2-1 XNOR network get stuck? Hundreds of networks
    train at once, each exactly as it would alone, and the share that
    learns XNOR is counted for 2, 3 and 4 hidden units.

:func:`run_lab` runs all four. Every number comes from running the code
with a fixed seed; nothing is tuned to look right.

The figure helpers at the end (:func:`plot_position_accuracy`,
:func:`plot_corruption_sweep`, :func:`plot_decision_weights`,
:func:`plot_lottery`) follow :mod:`lcdnet.plotting`: they take ``ax=None``,
draw there (or on a new figure) and return the Axes; they never call
``plt.show()`` or change rcParams.
"""

import math
import time
from dataclasses import dataclass

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import (
    check_int,
    check_int_sequence,
    check_real,
    check_required_seed,
    check_seed,
    make_rng,
)
from lcdnet.digits import NOISE_MEANING, NUM_CLASSES, SHADOW_MEANING, generate_digits, split
from lcdnet.lessons import BATCH_SIZE
from lcdnet.report import Comparison
from lcdnet.runner import Step, run_steps
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS
from lcdnet.models import (
    compile_digit_classifier,
    make_deep_model,
    make_linear_model,
    make_xnor_model,
    seeded_initializers,
)
from lcdnet.training import accuracy, predict, predict_classes, train

__all__ = [
    "make_mlp_model",
    "held_out_positions",
    "HeldOutPositionsResult",
    "corruption_sweep",
    "CorruptionSweepResult",
    "cutoff_ceiling",
    "tank_digits",
    "tank_story",
    "TankRun",
    "TankStoryResult",
    "xnor_seed_lottery",
    "XnorLotteryResult",
    "lab_steps",
    "run_lab",
]

IMG_SIZE = 10
SHAPE_SIZE = 5
CHANCE = 1 / NUM_CLASSES
#: Steps per compiled chunk of :func:`lcdnet.train`; the lab needs no loss curves.
_CHUNK = 100

#: Display names of the models of the lab.
MODEL_LABELS = {
    "linear": "linear",
    "mlp": "dense 256-256 (MLP)",
    "deep": "convolutional (deep)",
    "deep_augmented": "convolutional, trained on corrupted digits",
}


def _train(model, images, labels, *, steps, seed):
    """Train in batches of 50 (as the series does) with a fixed batch order."""
    train(model, images, labels, steps=steps, batch_size=min(BATCH_SIZE, len(images)),
          seed=seed, log_every=min(_CHUNK, steps))
    return model


# ------------------------------------------------------------------ models


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


def _row(lesson, quantity, published, measured, note=""):
    """A :class:`lcdnet.lessons.Comparison` with ``measured`` as a plain float."""
    return Comparison(lesson, quantity, published, float(measured), note)


def _build_digit_model(name, seed):
    if name == "linear":
        return make_linear_model(img_size=IMG_SIZE)
    if name == "mlp":
        return make_mlp_model(img_size=IMG_SIZE, seed=seed)
    return make_deep_model(img_size=IMG_SIZE, seed=seed)


# ------------------------------------------------------ 1. held-out positions


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
    train_columns, test_columns : tuple of int
        The column offsets of the training digits, and the others.
    train_images, train_labels : numpy.ndarray
        The training data.
    steps, seed : int
    """

    models: dict
    position_accuracy: dict
    train_columns: tuple
    test_columns: tuple
    train_images: np.ndarray
    train_labels: np.ndarray
    steps: int
    seed: int

    def seen_accuracy(self, name):
        """Accuracy of model ``name`` over every digit at every training column offset."""
        return float(self.position_accuracy[name][:, list(self.train_columns)].mean())

    def held_out_accuracy(self, name):
        """Accuracy of model ``name`` over every digit at every held-out column offset."""
        return float(self.position_accuracy[name][:, list(self.test_columns)].mean())

    def comparisons(self):
        lesson = "lab 1 held-out positions"
        seen = f"columns {_span(self.train_columns)}"
        held = f"columns {_span(self.test_columns)}"
        rows = []
        for name in self.models:
            rows += [
                _row(lesson, f"{name}: accuracy on training {seen}", None,
                           self.seen_accuracy(name)),
                _row(lesson, f"{name}: accuracy on held-out {held}", None,
                           self.held_out_accuracy(name)),
            ]
        return rows


def held_out_positions(seed=0, *, train_size=500, steps=300, train_columns=(0, 1, 2)):
    """Lab 1: test on positions no training digit ever occupied.

    On a 10x10 grid a 5x5 digit has 36 offsets, but only 360 distinct
    images exist, so freshly drawn "test" digits mostly repeat training
    images. Holding out *positions* gives a real test: the training digits
    sit only at the column offsets ``train_columns`` (any row), and the
    models are scored on every digit at every offset -- the held-out
    columns included, which no training digit touched.

    The linear model, the dense network of :func:`make_mlp_model` and the
    convolutional network of :func:`lcdnet.make_deep_model` are trained on
    the same ``train_size`` digits for the same ``steps`` steps of batch 50
    (the budget of lesson 3, in which the convolutional network already
    reaches 100% on fresh jittered digits).

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
    >>> all(0 <= result.held_out_accuracy(name) <= 1 for name in ("linear", "mlp", "deep"))
    True
    """
    seed = check_required_seed(seed)
    train_size = check_int("train_size", train_size, minimum=BATCH_SIZE)
    steps = check_int("steps", steps, minimum=1)
    span = IMG_SIZE - SHAPE_SIZE + 1
    train_columns = check_int_sequence("train_columns", train_columns, minimum=0,
                                        maximum=span - 1)
    if len(set(train_columns)) != len(train_columns) or len(train_columns) == span:
        raise ValueError(
            f"train_columns must be distinct column offsets in 0..{span - 1} that leave at "
            f"least one column to test on, got {train_columns!r}"
        )
    train_columns = tuple(sorted(train_columns))
    test_columns = tuple(column for column in range(span) if column not in train_columns)

    positions = [(row, column) for row in range(span) for column in train_columns]
    images, labels = generate_digits(train_size, IMG_SIZE, SHAPE_SIZE, seed=seed,
                                     positions=positions)
    every_image, every_label, every_position = _every_placement()
    models, position_accuracy = {}, {}
    for name in ("linear", "mlp", "deep"):
        model = _train(_build_digit_model(name, seed), images, labels, steps=steps, seed=seed)
        correct = predict_classes(model, every_image) == every_label
        models[name] = model
        position_accuracy[name] = correct.reshape(span, span, NUM_CLASSES).mean(axis=-1)
    return HeldOutPositionsResult(models, position_accuracy, train_columns, test_columns,
                                  images, labels, steps, seed)


def _every_placement():
    """Each digit at each offset of the 10x10 grid, ordered by (row, column, digit)."""
    positions = [(row, column) for row in range(IMG_SIZE - SHAPE_SIZE + 1)
                 for column in range(IMG_SIZE - SHAPE_SIZE + 1)]
    images = np.concatenate([
        generate_digits(NUM_CLASSES, IMG_SIZE, SHAPE_SIZE, positions=[position])[0]
        for position in positions
    ])
    labels = np.tile(np.arange(NUM_CLASSES), len(positions))
    return images, labels, np.repeat(positions, NUM_CLASSES, axis=0)


def _span(values):
    values = sorted(values)
    if values == list(range(values[0], values[-1] + 1)) and len(values) > 1:
        return f"{values[0]}-{values[-1]}"
    return ", ".join(map(str, values))


# ------------------------------------------------------- 2. corruption sweep

#: The corruptions of :func:`lcdnet.generate_digits` the sweep grows, and the
#: default strengths of each (the first is always "off").
CORRUPTION_STRENGTHS = {
    "noise": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    "cutoff": (0, 1, 2, 3, 4),
    "shadow": (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
}


@dataclass
class CorruptionSweepResult:
    """Lab 2: accuracy of each model as each corruption of the test digits grows.

    Attributes
    ----------
    strengths : dict of str to numpy.ndarray
        The strengths of ``"noise"``, ``"cutoff"`` and ``"shadow"`` tested.
    accuracy : dict of str to dict of str to numpy.ndarray
        ``accuracy[corruption][model]``: accuracy on ``test_size`` fresh
        digits at each strength. The test digits of one corruption share
        their offsets (the same seed) except under ``cutoff``, which
        changes the offsets themselves.
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
        which all but a share are corrupted, every swept strength
        equally often.
    steps, train_size, test_size, seed : int
    """

    strengths: dict
    accuracy: dict
    best_possible: dict
    models: dict
    steps: int
    train_size: int
    test_size: int
    seed: int

    def comparisons(self):
        lesson = "lab 2 corruptions"
        rows = [_row(lesson, f"{name}: accuracy on clean digits", None,
                           self.accuracy["noise"][name][0])
                for name in self.models if self.strengths["noise"][0] == 0]
        for corruption, strengths in self.strengths.items():
            strongest = f"{corruption}={_strength_text(strengths[-1])}"
            for name in self.models:
                rows.append(_row(lesson, f"{name}: accuracy at {strongest}", None,
                                       self.accuracy[corruption][name][-1]))
            if corruption in self.best_possible:
                rows.append(_row(lesson, f"best possible accuracy at {strongest}", None,
                                       self.best_possible[corruption][-1],
                                       _BEST_POSSIBLE_NOTES[corruption]))
        return rows


def corruption_sweep(seed=0, *, train_size=15_000, test_size=1000, steps=300, noise=None,
                     cutoff=None, shadow=None):
    """Lab 2: how each model copes as the test digits get messier.

    Three models are trained on *clean* jittered 10x10 digits, the same
    ``train_size`` digits for the same ``steps`` steps of batch 50 (the
    budget of lesson 3): the linear model, the dense network of
    :func:`make_mlp_model` and the convolutional network. A fourth, the
    convolutional network again (``"deep_augmented"``), trains on as many
    digits, corrupted: the training set is cut into equal parts, one clean
    and one for each non-zero strength swept below. All four are then
    scored on ``test_size`` fresh digits per strength of each corruption
    of :func:`lcdnet.generate_digits`: Gaussian pixel ``noise``, digits
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
    seed = check_required_seed(seed)
    train_size = check_int("train_size", train_size, minimum=BATCH_SIZE)
    test_size = check_int("test_size", test_size, minimum=NUM_CLASSES)
    steps = check_int("steps", steps, minimum=1)
    strengths = {
        "noise": _check_strengths("noise", noise, lambda value: check_real("noise", value, low=0, meaning=NOISE_MEANING)),
        "cutoff": _check_strengths("cutoff", cutoff, lambda value: check_int(
            "cutoff", value, minimum=0, maximum=SHAPE_SIZE - 1)),
        "shadow": _check_strengths("shadow", shadow, lambda value: check_real("shadow", value, low=0, high=1, meaning=SHADOW_MEANING)),
    }

    clean_images, clean_labels = generate_digits(train_size, IMG_SIZE, SHAPE_SIZE, seed=seed)
    models = {name: _train(_build_digit_model(name, seed), clean_images, clean_labels,
                           steps=steps, seed=seed)
              for name in ("linear", "mlp", "deep")}
    augmented_images, augmented_labels = _augmented_digits(train_size, strengths, seed)
    models["deep_augmented"] = _train(_build_digit_model("deep", seed), augmented_images,
                                      augmented_labels, steps=steps, seed=seed)

    accuracy_of = {}
    best_possible = {"noise": np.zeros(len(strengths["noise"])),
                     "cutoff": np.array([cutoff_ceiling(value) for value in strengths["cutoff"]])}
    for corruption, values in strengths.items():
        accuracy_of[corruption] = {name: np.zeros(len(values)) for name in models}
        for index, value in enumerate(values):
            test_images, test_labels = generate_digits(test_size, IMG_SIZE, SHAPE_SIZE,
                                                       seed=seed + 1, **{corruption: value})
            for name, model in models.items():
                accuracy_of[corruption][name][index] = accuracy(model, test_images,
                                                                test_labels)
            if corruption == "noise":
                best_possible["noise"][index] = _ideal_noise_accuracy(test_images, test_labels,
                                                                      value)
    return CorruptionSweepResult(strengths, accuracy_of, best_possible, models, steps,
                                 train_size, test_size, seed)


_BEST_POSSIBLE_NOTES = {
    "noise": "ideal classifier that knows the generator, on the same test digits",
    "cutoff": "cropped digits can look alike; exact, see cutoff_ceiling",
}


def _ideal_noise_accuracy(images, labels, noise):
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
    clean, clean_labels, _ = _every_placement()
    clean = clean.reshape(len(clean), -1)
    pixels = images.reshape(len(images), -1).astype(np.float64)
    log_likelihood = np.zeros((len(pixels), len(clean)))
    for level in (0.0, 1.0):
        below = np.log(max(_normal_cdf((0.0 - level) / noise), 1e-300))
        above = np.log(max(1.0 - _normal_cdf((1.0 - level) / noise), 1e-300))
        density = -0.5 * ((pixels - level) / noise) ** 2
        per_pixel = np.where(pixels <= 0.0, below, np.where(pixels >= 1.0, above, density))
        log_likelihood += per_pixel @ (clean == level).T.astype(np.float64)
    log_likelihood -= log_likelihood.max(axis=1, keepdims=True)
    likelihood = np.exp(log_likelihood)
    per_digit = np.stack([likelihood[:, clean_labels == digit].sum(axis=1)
                          for digit in range(NUM_CLASSES)], axis=1)
    return float(np.mean(per_digit.argmax(axis=1) == labels))


def _normal_cdf(value):
    return 0.5 * (1.0 + math.erf(value / math.sqrt(2.0)))


def _augmented_digits(size, strengths, seed):
    """``size`` digits: equal parts clean and at each non-zero swept strength."""
    settings = [{}] + [{corruption: value} for corruption, values in strengths.items()
                       for value in values if value > 0]
    parts = np.array_split(np.arange(size), len(settings))
    images, labels = zip(*(
        generate_digits(len(part), IMG_SIZE, SHAPE_SIZE, seed=seed + 2 + index, **setting)
        for index, (part, setting) in enumerate(zip(parts, settings))
    ))
    return np.concatenate(images), np.concatenate(labels)


def cutoff_ceiling(cutoff, img_size=10, shape_size=5):
    """The best accuracy any classifier can reach on digits cut off by the border.

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
    """
    generate_digits(0, img_size, shape_size, cutoff=cutoff)  # checks the arguments
    span = np.arange(-cutoff, img_size - shape_size + cutoff + 1)
    positions = [(row, column) for row in span for column in span]
    images = np.concatenate([
        generate_digits(NUM_CLASSES, img_size, shape_size, cutoff=cutoff,
                        positions=[position])[0]
        for position in positions
    ]).astype(np.uint8)
    labels = np.tile(np.arange(NUM_CLASSES), len(positions))
    _, image_ids = np.unique(images.reshape(len(images), -1), axis=0, return_inverse=True)
    counts = np.bincount(image_ids.ravel() * NUM_CLASSES + labels,
                         minlength=(image_ids.max() + 1) * NUM_CLASSES)
    return float(counts.reshape(-1, NUM_CLASSES).max(axis=1).sum() / len(labels))


def _check_strengths(name, values, check_one):
    if values is None:
        return np.array(CORRUPTION_STRENGTHS[name])
    accepted = f"{name} must be a non-empty increasing sequence of strengths"
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
        raise TypeError(f"{accepted}, got {values!r}")
    checked = [check_one(value) for value in values]
    if any(later <= earlier for earlier, later in zip(checked, checked[1:])):
        raise ValueError(f"{accepted}, got {values!r}")
    return np.array(checked)


def _strength_text(value):
    return f"{value:g}"


# ---------------------------------------------------------- 3. tank story

#: Background brightness of "sunny" tank digits: uniform in this range.
SUNNY_BACKGROUND = (0.3, 0.5)
#: Label of a "tank" (a digit 5-9) and of "no tank" (a digit 0-4).
TANK, NO_TANK = 1, 0


def tank_digits(n, *, biased, seed=None, img_size=10):
    """Digits for the tank story: is the "tank" (a high digit) in the picture?

    Each image shows one 5x5 digit in the middle of an ``img_size`` grid.
    The label is :data:`TANK` (1) for digits 5-9 and :data:`NO_TANK` (0)
    for digits 0-4. Half the pictures are "sunny": every unlit pixel is
    raised to one background brightness drawn uniformly from
    :data:`SUNNY_BACKGROUND`; the others are "cloudy", with a black
    background. In *biased* data the weather goes with the label, like the
    tank photos of the story: every tank picture is cloudy and every
    picture without one is sunny. In *fair* data the weather is drawn
    independently of the label.

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
    >>> bool(images[0, 0, 0] >= 0.3), float(images[5, 0, 0])  # sunny, cloudy corner
    (True, 0.0)
    """
    if not isinstance(biased, (bool, np.bool_)):
        raise TypeError(f"biased must be True or False, got {biased!r}")
    img_size = check_int("img_size", img_size, minimum=SHAPE_SIZE)
    middle = (img_size - SHAPE_SIZE) // 2
    rng = make_rng(seed)
    images, digits = generate_digits(n, img_size, SHAPE_SIZE, seed=rng,
                                     positions=[(middle, middle)])
    labels = np.where(digits >= 5, TANK, NO_TANK).astype(np.int64)
    sunny = labels == NO_TANK if biased else rng.random(n) < 0.5
    brightness = np.where(sunny, rng.uniform(*SUNNY_BACKGROUND, size=n), 0.0)
    images += (1.0 - images) * brightness.astype(np.float32)[:, None, None]
    return images, labels, sunny


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
        Accuracy on fair pictures (weather independent of the label).
    cue_agrees_accuracy, cue_disagrees_accuracy : float
        Fair accuracy on the pictures whose weather agrees with the biased
        rule (sunny without a tank, cloudy with one), and on the others. A
        model that only reads the weather scores 1 and 0.
    """

    model: object
    validation_accuracy: float
    fair_accuracy: float
    cue_agrees_accuracy: float
    cue_disagrees_accuracy: float


@dataclass
class TankStoryResult:
    """Lab 3: a spurious cue passes validation and fails fair data.

    Attributes
    ----------
    runs : dict of (str, str) to TankRun
        Keyed by model (``"linear"``, ``"deep"``) and training data
        (``"biased"``, ``"fair"``).
    biased_images, biased_labels, biased_sunny : numpy.ndarray
        The biased training pictures (before the validation split).
    fair_images, fair_labels, fair_sunny : numpy.ndarray
        The fair test pictures.
    steps, deep_steps, seed : int
    """

    runs: dict
    biased_images: np.ndarray
    biased_labels: np.ndarray
    biased_sunny: np.ndarray
    fair_images: np.ndarray
    fair_labels: np.ndarray
    fair_sunny: np.ndarray
    steps: int
    deep_steps: int
    seed: int

    def decision_weights(self, training):
        """The linear model's evidence for "tank": its tank weights minus its no-tank weights.

        A pixel's value here, times its brightness, is how much it pushes
        the decision towards "tank"; returned as an image.
        """
        kernel = keras.ops.convert_to_numpy(self.runs["linear", training].model.layers[-1].kernel)
        size = self.fair_images.shape[-1]
        return (kernel[:, TANK] - kernel[:, NO_TANK]).reshape(size, size)

    def background_share(self, training):
        """Share of the linear model's decision weight (in absolute value) on background pixels.

        Background pixels lie outside the 5x5 box of the digit, so they say
        nothing about it: only the weather shows there. They are 75 of the
        100 pixels.
        """
        weights = np.abs(self.decision_weights(training))
        box = np.zeros(weights.shape, dtype=bool)
        middle = (weights.shape[0] - SHAPE_SIZE) // 2
        box[middle:middle + SHAPE_SIZE, middle:middle + SHAPE_SIZE] = True
        return float(weights[~box].sum() / weights.sum())

    def comparisons(self):
        lesson = "lab 3 tank story"
        rows = []
        for (name, training), run in self.runs.items():
            prefix = f"{name}, {training} training"
            rows += [
                _row(lesson, f"{prefix}: validation accuracy", None,
                           run.validation_accuracy),
                _row(lesson, f"{prefix}: fair test accuracy", None, run.fair_accuracy),
                _row(lesson, f"{prefix}: fair, weather against the bias", None,
                           run.cue_disagrees_accuracy),
            ]
        for training in ("biased", "fair"):
            rows.append(_row(lesson, f"linear, {training} training: weight on background",
                                   None, self.background_share(training)))
        return rows


def tank_story(seed=0, *, train_size=500, test_size=1000, steps=1000, deep_steps=300):
    """Lab 3: the tank parable, run on digits.

    The task is binary: is there a "tank" (a digit 5-9) in the picture?
    In the collected (biased) pictures every tank was photographed on a
    cloudy day and every empty scene on a sunny one (:func:`tank_digits`).
    The linear model and the convolutional network are trained on 80% of
    them and validated on the other 20% (:func:`lcdnet.split`), then tested
    on fair pictures whose weather is independent of the label. Both are
    then trained again on fair pictures, where only the digit tells the
    label. The linear model's weights show what it looks at
    (:meth:`TankStoryResult.decision_weights`).

    The linear model trains for ``steps`` steps of plain gradient descent
    (rate 0.03, batch 50): enough to fit the fair data, which has no
    shortcut; the convolutional network for ``deep_steps`` steps, the
    budget of lesson 3. Biased and fair runs of a model get the same steps,
    so the data is the only difference.

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

    Returns
    -------
    TankStoryResult
    """
    seed = check_required_seed(seed)
    train_size = check_int("train_size", train_size, minimum=63)
    test_size = check_int("test_size", test_size, minimum=NUM_CLASSES)
    steps = check_int("steps", steps, minimum=1)
    deep_steps = check_int("deep_steps", deep_steps, minimum=1)

    collected = tank_digits(train_size, biased=True, seed=seed)
    fair_training = tank_digits(train_size, biased=False, seed=seed + 1)
    fair_images, fair_labels, fair_sunny = tank_digits(test_size, biased=False, seed=seed + 2)
    agrees = fair_sunny == (fair_labels == NO_TANK)
    runs = {}
    for training, (images, labels, _) in (("biased", collected), ("fair", fair_training)):
        (x_train, y_train), (x_valid, y_valid) = split(images, labels, seed=seed)
        for name, model_steps in (("linear", steps), ("deep", deep_steps)):
            model = _train(_build_digit_model(name, seed), x_train, y_train,
                           steps=model_steps, seed=seed)
            correct = predict_classes(model, fair_images) == fair_labels
            runs[name, training] = TankRun(model, accuracy(model, x_valid, y_valid),
                                           float(correct.mean()), float(correct[agrees].mean()),
                                           float(correct[~agrees].mean()))
    return TankStoryResult(runs, *collected, fair_images, fair_labels, fair_sunny, steps,
                           deep_steps, seed)


# ------------------------------------------------------- 4. seed lottery


class _StackedXnorNetworks(keras.layers.Layer):
    """Many independent 2-H-1 sigmoid networks evaluated on one shared input.

    Network ``i`` has hidden kernel ``hidden_kernel[i]`` (2, H), hidden
    bias (H,), output kernel (H, 1) and output bias (1,). Networks narrower
    than the widest are padded with hidden units that ``mask`` switches
    off: their output is multiplied by 0, so they receive zero gradients,
    Adam never moves them, and they add exact zeros to the output sum.
    The output has shape (batch, networks).
    """

    def __init__(self, num_networks, max_hidden, mask, **kwargs):
        super().__init__(**kwargs)
        self.num_networks = num_networks
        self.max_hidden = max_hidden
        self.mask = np.asarray(mask, dtype="float32")

    def build(self, input_shape):
        shapes = {
            "hidden_kernel": (self.num_networks, 2, self.max_hidden),
            "hidden_bias": (self.num_networks, self.max_hidden),
            "output_kernel": (self.num_networks, self.max_hidden, 1),
            "output_bias": (self.num_networks, 1),
        }
        for name, shape in shapes.items():
            setattr(self, name, self.add_weight(shape=shape, initializer="zeros", name=name))

    def call(self, inputs):
        ops = keras.ops
        # (batch, 1, 2, 1) * (1, networks, 2, H) summed over the 2 inputs: (batch, networks, H)
        hidden = ops.sum(inputs[:, None, :, None] * self.hidden_kernel[None], axis=2)
        hidden = ops.sigmoid(hidden + self.hidden_bias) * self.mask
        output = ops.sum(hidden * self.output_kernel[None, :, :, 0], axis=-1)
        return ops.sigmoid(output + self.output_bias[:, 0])


def _summed_squared_error(y_true, y_pred):
    """Per row: the squared errors of all networks, added.

    Keras averages this over the 4 rows, which gives the sum over networks
    of each network's own mean squared error: network ``i``'s parameters
    get exactly the gradient of network ``i``'s loss.
    """
    return keras.ops.sum(keras.ops.square(y_true - y_pred), axis=-1)


def _xnor_initial_weights(seed, hidden_units):
    """The initial weights of ``make_xnor_model(seed=seed, hidden_units=hidden_units)``.

    Drawn with the builder's own seeded initializers (zero biases, as
    Keras's Dense layers start), without the cost of building a model;
    the tests check that the two agree exactly.
    """
    hidden_init, output_init = seeded_initializers(seed, count=2)
    to_numpy = keras.ops.convert_to_numpy
    return [to_numpy(hidden_init((2, hidden_units))), np.zeros(hidden_units, "float32"),
            to_numpy(output_init((hidden_units, 1))), np.zeros(1, "float32")]


@dataclass
class XnorLotteryResult:
    """Lab 4: XNOR networks trained from many seeds, and how many learned XNOR.

    Attributes
    ----------
    seeds : numpy.ndarray of int
        The seeds, one network per seed and hidden-layer width.
    hidden_units : tuple of int
        The hidden-layer widths tried.
    final_loss : dict of int to numpy.ndarray
        Per width, each network's mean squared error on the truth table
        after training.
    outputs : dict of int to numpy.ndarray, shape (num_seeds, 4)
        Per width, each network's outputs at (0,0), (0,1), (1,0), (1,1).
    weights : dict of int to list of numpy.ndarray
        Per width, the trained weights stacked over networks, in
        ``model.set_weights`` order: (N, 2, H), (N, H), (N, H, 1), (N, 1).
    steps : int
    threshold : float
        A network "learned XNOR" when its final loss is below this.
    train_seconds : float
        Wall time of the one training run of all networks.
    """

    seeds: np.ndarray
    hidden_units: tuple
    final_loss: dict
    outputs: dict
    weights: dict
    steps: int
    threshold: float
    train_seconds: float

    def learned(self, hidden_units):
        """Boolean array: which seeds' networks of this width learned XNOR."""
        return self.final_loss[hidden_units] < self.threshold

    def success_fraction(self, hidden_units):
        """Share of seeds whose network of this width learned XNOR."""
        return float(self.learned(hidden_units).mean())

    def model_of(self, hidden_units, seed):
        """The trained network of this width and seed, as a :func:`lcdnet.make_xnor_model`."""
        if hidden_units not in self.final_loss:
            raise ValueError(f"hidden_units must be one of {list(self.hidden_units)}, "
                             f"got {hidden_units!r}")
        matches = np.flatnonzero(self.seeds == seed) if _is_seed(seed) else []
        if len(matches) == 0:
            raise ValueError(f"seed must be one of the seeds run, {int(self.seeds[0])}.."
                             f"{int(self.seeds[-1])}, got {seed!r}")
        model = make_xnor_model(hidden_units=hidden_units)
        model.set_weights([array[matches[0]] for array in self.weights[hidden_units]])
        return model

    def comparisons(self):
        lesson = "lab 4 XNOR seed lottery"
        rows = []
        for width in self.hidden_units:
            losses = self.final_loss[width]
            stuck = losses[~self.learned(width)]
            rows.append(_row(
                lesson, f"2-{width}-1: share of {len(self.seeds)} seeds reaching loss "
                f"< {self.threshold:g} in {self.steps} steps", None,
                self.success_fraction(width)))
            if stuck.size:
                rows.append(_row(lesson, f"2-{width}-1: median loss of the stuck runs", None,
                                 np.median(stuck)))
        return rows


def _is_seed(value):
    """True for non-negative Python or NumPy integers (not bools)."""
    try:
        check_seed(value)
    except (TypeError, ValueError):
        return False
    return value is not None


def xnor_seed_lottery(num_seeds=100, steps=5000, hidden_units=(2, 3, 4), *, seed=0,
                      threshold=1e-3, learning_rate=0.03):
    """Lab 4: how often does XNOR training get stuck, and does width help?

    For every width H in ``hidden_units`` and every seed ``s`` in
    ``seed .. seed + num_seeds - 1``, a 2-H-1 sigmoid network starts from
    exactly the weights of ``lcdnet.make_xnor_model(seed=s, hidden_units=H)``
    and trains as in the series: Adam (rate ``learning_rate``), mean squared
    error, ``steps`` full-batch steps on the four rows of the truth table.

    All the networks train at once, as one Keras model trained once with
    :func:`lcdnet.train`: its loss is the *sum* of the networks' losses, so
    each network's weights receive exactly the gradient of its own loss,
    and Adam, which updates every weight on its own, moves each network
    exactly as a separate run would (up to float rounding: the sums are
    taken in another order). One run of 300 networks costs about what one
    network alone costs.

    Parameters
    ----------
    num_seeds : int, default 100
        Networks per width, at least 1.
    steps : int, default 5000
        Full-batch Adam steps, at least 1.
    hidden_units : sequence of int, default (2, 3, 4)
        Hidden-layer widths, distinct, each from 1 to 64.
    seed : int, default 0
        The first seed.
    threshold : float, default 1e-3
        Final loss below which a network counts as having learned XNOR.
    learning_rate : float, default 0.03

    Returns
    -------
    XnorLotteryResult

    Examples
    --------
    A tiny run, to show the record (the defaults teach the lesson):

    >>> result = xnor_seed_lottery(num_seeds=3, steps=10, hidden_units=(2,))
    >>> 0 <= result.success_fraction(2) <= 1
    True
    """
    num_seeds = check_int("num_seeds", num_seeds, minimum=1)
    steps = check_int("steps", steps, minimum=1)
    widths = check_int_sequence("hidden_units", hidden_units, minimum=1, maximum=64)
    if len(set(widths)) != len(widths):
        raise ValueError(f"hidden_units must be distinct widths, got {hidden_units!r}")
    seed = check_required_seed(seed)
    threshold = check_real("threshold", threshold, low=0, closed="neither")
    learning_rate = check_real("learning_rate", learning_rate, low=0, closed="neither")

    seeds = np.arange(seed, seed + num_seeds)
    widest = max(widths)
    initial, mask = [], []
    for width in widths:
        for network_seed in seeds:
            kernel, bias, out_kernel, out_bias = _xnor_initial_weights(int(network_seed), width)
            pad = widest - width
            initial.append([np.pad(kernel, ((0, 0), (0, pad))), np.pad(bias, (0, pad)),
                            np.pad(out_kernel, ((0, pad), (0, 0))), out_bias])
            mask.append(np.arange(widest) < width)
    stacked = [np.stack(arrays) for arrays in zip(*initial)]
    num_networks = len(initial)

    inputs = keras.Input(shape=(2,))
    layer = _StackedXnorNetworks(num_networks, widest, np.array(mask))
    model = keras.Model(inputs, layer(inputs), name="xnor_lottery")
    model.set_weights(stacked)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss=_summed_squared_error)
    targets = np.tile(XNOR_TARGETS, (1, num_networks))
    start = time.perf_counter()
    train(model, XNOR_INPUTS, targets, steps=steps, log_every=min(steps, 500))
    train_seconds = time.perf_counter() - start

    outputs = predict(model, XNOR_INPUTS).T  # (networks, 4)
    losses = ((outputs - XNOR_TARGETS.T) ** 2).mean(axis=1)
    trained = [keras.ops.convert_to_numpy(variable) for variable in model.get_weights()]
    final_loss, outputs_of, weights_of = {}, {}, {}
    for index, width in enumerate(widths):
        rows = slice(index * num_seeds, (index + 1) * num_seeds)
        final_loss[width] = losses[rows]
        outputs_of[width] = outputs[rows]
        kernel, bias, out_kernel, out_bias = (array[rows] for array in trained)
        weights_of[width] = [kernel[:, :, :width], bias[:, :width], out_kernel[:, :width, :],
                             out_bias]
    return XnorLotteryResult(seeds, tuple(widths), final_loss, outputs_of, weights_of, steps,
                             threshold, train_seconds)


# ------------------------------------------------------------------ run_lab

def lab_steps(seed=0):
    """The four labs as :class:`lcdnet.runner.Step` objects, in order.

    Each step's ``quick`` settings shrink data and steps to a smoke test.
    """
    return [
        Step("held_out_positions", "held-out positions",
             lambda results, **settings: held_out_positions(seed, **settings),
             quick={"train_size": 100, "steps": 30}),
        Step("corruption_sweep", "corruption sweep",
             lambda results, **settings: corruption_sweep(seed, **settings),
             quick={"train_size": 1500, "test_size": 100, "steps": 30,
                    "noise": (0.0, 0.5), "cutoff": (0, 4), "shadow": (0.0, 1.0)}),
        Step("tank_story", "tank story",
             lambda results, **settings: tank_story(seed, **settings),
             quick={"train_size": 100, "test_size": 100, "steps": 50, "deep_steps": 30}),
        Step("xnor_seed_lottery", "XNOR seed lottery",
             lambda results, **settings: xnor_seed_lottery(seed=seed, **settings),
             quick={"num_seeds": 10, "steps": 500}),
    ]


def run_lab(seed=0, *, quick=False, progress=None):
    """Run the four labs with one seed, the same way :func:`lcdnet.lessons.run_lessons` runs.

    Parameters
    ----------
    seed : int, default 0
        Seed of every lab (the lottery's first seed).
    quick : bool, default False
        Shrink data and steps to a smoke test whose numbers teach nothing.
    progress : callable or None
        Called as ``progress(step, seconds)`` after each lab.

    Returns
    -------
    lcdnet.runner.RunRecord
        ``results`` by lab name (``"held_out_positions"``, ``"corruption_sweep"``,
        ``"tank_story"``, ``"xnor_seed_lottery"``), ``seconds``, ``comparisons()``.
    """
    seed = check_required_seed(seed)
    return run_steps(lab_steps(seed), quick=quick, progress=progress)
