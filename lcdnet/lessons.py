"""Each lesson of the series as one function returning a result record.

These functions are the single source of every number lcdnet shows: the
``lcdnet reproduce`` command, the tutorials and the tests all call them.
Each result has ``comparisons()``: the published numbers of the series next
to the ones measured in this run, with a reason wherever they differ
materially. Measured values are never adjusted.
"""

import pathlib
import time
from dataclasses import dataclass, field

import numpy as np

from lcdnet._checks import check_int, check_int_sequence, check_path, check_required_seed
from lcdnet.digits import generate_digits
from lcdnet.metrics import confusion_matrix
from lcdnet.models import make_deep_model, make_linear_model, make_xnor_model
from lcdnet.report import PUBLISHED, Comparison, compare
from lcdnet.runner import Step, run_steps
from lcdnet.training import (
    TrainingHistory,
    accuracy,
    load_model,
    predict,
    predict_classes,
    save_model,
    train,
)
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS, input_mesh

__all__ = [
    "lesson_steps",
    "run_lessons",
    "perfect_digits",
    "inexact_data",
    "deep_network",
    "xnor_known_weights",
    "xnor_training",
    "xnor_restored",
]

BATCH_SIZE = 50
EARLY_STEPS = 5
CHANCE = 0.1


def _shortened(steps, series_steps, reason):
    """``reason``, unless training ran fewer steps than the series, which then explains it."""
    if steps < series_steps:
        return f"{steps} steps instead of the series' {series_steps}"
    return reason


# ---------------------------------------------------------------- lesson 1


@dataclass
class LinearRun:
    """A linear model trained on one data set, with its accuracies.

    Attributes
    ----------
    model : keras.Model
        The trained linear model.
    images, labels : numpy.ndarray
        Its training data.
    early_accuracy : float
        Training-set accuracy after the first 5 steps.
    train_accuracy : float
        Training-set accuracy after all steps.
    test_accuracy : float or None
        Accuracy on freshly generated test digits, where there are any.
    steps : int
        Number of training steps.
    history : TrainingHistory
        Loss and batch accuracy of the steps after the first 5.
    """

    model: object
    images: np.ndarray
    labels: np.ndarray
    early_accuracy: float
    train_accuracy: float
    test_accuracy: float | None
    steps: int
    history: TrainingHistory

    def confusion(self):
        """Confusion matrix of the model on its training data."""
        return confusion_matrix(self.labels, predict_classes(self.model, self.images))


def _train_linear(images, labels, *, steps, seed, test=None):
    """Train the series' linear model, measuring accuracy after 5 steps and at the end."""
    model = make_linear_model(img_size=images.shape[-1])
    train(model, images, labels, steps=EARLY_STEPS, batch_size=BATCH_SIZE, seed=seed)
    early_accuracy = accuracy(model, images, labels)
    history = train(model, images, labels, steps=steps - EARLY_STEPS,
                    batch_size=BATCH_SIZE, seed=seed + 1)
    test_accuracy = None if test is None else accuracy(model, *test)
    return LinearRun(model, images, labels, early_accuracy, accuracy(model, images, labels),
                     test_accuracy, steps, history)


@dataclass
class PerfectDigitsResult:
    """Lesson 1: the linear model on perfect 5x5 digits."""

    run: LinearRun

    def comparisons(self):
        lesson = "1 perfect digits"
        run = self.run
        diagonal = np.trace(run.confusion()) / len(run.labels)
        shortfall = _shortened(run.steps, 100, "not learned in 100 steps")
        return [
            compare(lesson, "accuracy after 5 steps", "perfect.early_accuracy",
                    run.early_accuracy, tolerance=0.15, reason=_EARLY_REASON),
            compare(lesson, f"accuracy after {run.steps} steps", "perfect.final_accuracy",
                    run.train_accuracy, tolerance=0.0, reason=shortfall),
            compare(lesson, "confusion matrix: share on the diagonal",
                    "perfect.confusion_diagonal", diagonal, tolerance=0.0, reason=shortfall),
        ]


def perfect_digits(seed=0, *, steps=100):
    """Lesson 1: softmax regression recognises perfect 5x5 LCD digits.

    100 examples (10 of each digit) on a 5x5 grid, so every digit always sits
    in the same place; batches of 50, plain gradient descent at rate 0.03.

    Parameters
    ----------
    seed : int, default 0
        Seed of the batch order.
    steps : int, default 100
        Training steps; at least 6 (the first 5 are measured separately).

    Returns
    -------
    PerfectDigitsResult

    Examples
    --------
    >>> result = perfect_digits(seed=0)
    >>> result.run.train_accuracy
    1.0
    >>> int(result.run.confusion().trace())
    100
    """
    seed = check_required_seed(seed)
    steps = check_int("steps", steps, minimum=EARLY_STEPS + 1)
    images, labels = generate_digits(100, img_size=5, seed=seed)
    return PerfectDigitsResult(_train_linear(images, labels, steps=steps, seed=seed))


# ---------------------------------------------------------------- lesson 2

_SERIES_BUDGET_REASON = (
    "the series trained harder than 100 steps of SGD at 0.03 (a notebook version uses 0.3)"
)
_TEST_NOISE_REASON = "50 test images: chance is 0.10, one image is 0.02"
_EARLY_REASON = "depends on data and batch order, which the series does not give"


@dataclass
class InexactDataResult:
    """Lesson 2: the linear model on jittered digits (10x10 grid, 5x5 digits).

    Attributes
    ----------
    runs : dict of int to LinearRun
        One run per training-set size, each with the series' 100 steps.
    memorised : LinearRun
        The 100-example run trained ``memorise_steps`` steps instead, until it
        has memorised its training set.
    large_grid : LinearRun
        The companion notebook's variant: 20x20 grid, 5,000 examples, 1,000 steps.
    test_images, test_labels : numpy.ndarray
        The 50 freshly generated 10x10 test digits.
    """

    runs: dict
    memorised: LinearRun
    large_grid: LinearRun
    test_images: np.ndarray
    test_labels: np.ndarray

    def comparisons(self):
        lesson = "2 inexact data"
        rows = []
        for size, run in self.runs.items():
            if size == 100:
                rows.append(compare(lesson, "100 examples: accuracy after 5 steps",
                                    "inexact.early_accuracy_100", run.early_accuracy,
                                    tolerance=0.1, reason=_SERIES_BUDGET_REASON))
            published = f"inexact.train_accuracy_{size}"
            rows.append(compare(lesson, f"{size} examples: training accuracy",
                                published if published in PUBLISHED else None,
                                run.train_accuracy, tolerance=0.1,
                                reason=_shortened(run.steps, 100, _SERIES_BUDGET_REASON)))
        rows += [
            compare(lesson, "100 examples: accuracy on 50 fresh digits",
                    "inexact.test_accuracy_100", self.runs[100].test_accuracy, tolerance=0.1,
                    reason=_TEST_NOISE_REASON),
            compare(lesson, f"memorised ({self.memorised.steps} steps): training accuracy",
                    "inexact.memorised_train_accuracy", self.memorised.train_accuracy,
                    tolerance=0.0, reason="not memorised within the step budget"),
            compare(lesson, f"memorised ({self.memorised.steps} steps): on 50 fresh digits",
                    None, self.memorised.test_accuracy, tolerance=0.0, reason=""),
        ]
        grid = self.large_grid
        per_digit = np.diag(grid.confusion())
        rows += [
            compare(lesson, "20x20, 5000 examples: accuracy after 5 steps",
                    "grid20.early_accuracy", grid.early_accuracy, tolerance=0.05,
                    reason=_EARLY_REASON),
            compare(lesson, f"20x20, 5000 examples: accuracy after {grid.steps} steps",
                    "grid20.final_accuracy", grid.train_accuracy, tolerance=0.05,
                    reason=_shortened(grid.steps, 1000, _EARLY_REASON)),
            compare(lesson, "20x20: accuracy on 50 fresh digits", "grid20.test_accuracy",
                    grid.test_accuracy, tolerance=0.1,
                    reason=_shortened(grid.steps, 1000, _TEST_NOISE_REASON)),
            compare(lesson, "20x20: digit 1 right (of 500)", "grid20.digit_1_right",
                    per_digit[1], tolerance=50,
                    reason=_shortened(grid.steps, 1000, _EARLY_REASON)),
        ]
        return rows


def inexact_data(seed=0, *, steps=100, sizes=(100, 500, 5000), memorise_steps=10_000,
                 large_grid_steps=1000):
    """Lesson 2: once digits jitter, the linear model memorises instead of learning.

    Digits of 5x5 pixels sit at random offsets on a 10x10 grid. The linear
    model is trained on ``sizes`` examples with the series' 100 steps, then
    tested on 50 freshly generated digits; the 100-example run is repeated
    with ``memorise_steps`` steps to show memorisation; and the companion
    notebook's 20x20 variant is run with 5,000 examples.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data and the batch order.
    steps : int, default 100
        Training steps of each run in ``sizes``; at least 6.
    sizes : sequence of int, default (100, 500, 5000)
        Training-set sizes; each at least 50 (one batch), 100 must be among them.
    memorise_steps : int, default 10000
        Training steps of the memorisation run; at least 6.
    large_grid_steps : int, default 1000
        Training steps of the 20x20 run; at least 6.

    Returns
    -------
    InexactDataResult
    """
    seed = check_required_seed(seed)
    steps = check_int("steps", steps, minimum=EARLY_STEPS + 1)
    memorise_steps = check_int("memorise_steps", memorise_steps, minimum=EARLY_STEPS + 1)
    large_grid_steps = check_int("large_grid_steps", large_grid_steps, minimum=EARLY_STEPS + 1)
    sizes = _check_sizes(sizes)
    test = generate_digits(50, img_size=10, seed=seed + 1)
    runs = {}
    for size in sizes:
        images, labels = generate_digits(size, img_size=10, seed=seed)
        runs[size] = _train_linear(images, labels, steps=steps, seed=seed, test=test)
    small = runs[100]
    memorised = _train_linear(small.images, small.labels, steps=memorise_steps, seed=seed,
                              test=test)
    large_images, large_labels = generate_digits(5000, img_size=20, seed=seed)
    large_test = generate_digits(50, img_size=20, seed=seed + 1)
    large_grid = _train_linear(large_images, large_labels, steps=large_grid_steps, seed=seed,
                               test=large_test)
    return InexactDataResult(runs, memorised, large_grid, *test)


def _check_sizes(sizes):
    sizes = check_int_sequence("sizes", sizes, minimum=BATCH_SIZE)
    if 100 not in sizes:
        raise ValueError(f"sizes must include 100 (the series' first experiment), got {sizes}")
    return sorted(set(sizes))


# ---------------------------------------------------------------- lesson 3


@dataclass
class ModelCost:
    """Size, training time and accuracies of one model on the lesson-3 data."""

    name: str
    parameters: int
    train_seconds: float
    train_accuracy: float
    test_accuracy: float


@dataclass
class DeepNetworkResult:
    """Lesson 3: the deep network next to the linear one on the same jittered data.

    Attributes
    ----------
    deep, linear : ModelCost
    deep_model, linear_model : keras.Model
        The two trained models.
    test_images, test_labels : numpy.ndarray
        The fresh test digits both models were scored on.
    """

    deep: ModelCost
    linear: ModelCost
    deep_model: object
    linear_model: object
    test_images: np.ndarray
    test_labels: np.ndarray

    def comparisons(self):
        lesson = "3 deep network"
        return [
            Comparison(lesson, "deep: accuracy on fresh digits", None, self.deep.test_accuracy),
            Comparison(lesson, "linear: accuracy on fresh digits", None,
                       self.linear.test_accuracy),
            Comparison(lesson, "parameters, deep / linear", None,
                       self.deep.parameters / self.linear.parameters),
            Comparison(lesson, "training time, deep / linear", None,
                       self.deep.train_seconds / self.linear.train_seconds),
        ]


def deep_network(seed=0, *, train_size=100, test_size=1000, steps=300):
    """Lesson 3: a convolutional network copes with jitter, at a price.

    The deep model (:func:`lcdnet.make_deep_model`) and the linear model are
    trained on the same jittered 10x10 digits, for the same number of steps
    in batches of 50, and scored on freshly generated ones. Both the price
    (parameters, training time) and the gain (test accuracy) are measured.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data, the initial weights and the batch order.
    train_size, test_size : int, default 100 and 1000
        Training examples (at least 50) and fresh test examples (at least 1).
    steps : int, default 300
        Training steps of each model.

    Returns
    -------
    DeepNetworkResult
    """
    seed = check_required_seed(seed)
    train_size = check_int("train_size", train_size, minimum=BATCH_SIZE)
    test_size = check_int("test_size", test_size, minimum=1)
    steps = check_int("steps", steps, minimum=1)
    images, labels = generate_digits(train_size, img_size=10, seed=seed)
    test_images, test_labels = generate_digits(test_size, img_size=10, seed=seed + 1)
    models = {"deep": make_deep_model(img_size=10, seed=seed),
              "linear": make_linear_model(img_size=10)}
    costs = {}
    for name, model in models.items():
        start = time.perf_counter()
        train(model, images, labels, steps=steps, batch_size=BATCH_SIZE, seed=seed)
        seconds = time.perf_counter() - start
        costs[name] = ModelCost(name, model.count_params(), seconds,
                                accuracy(model, images, labels),
                                accuracy(model, test_images, test_labels))
    return DeepNetworkResult(costs["deep"], costs["linear"], models["deep"], models["linear"],
                             test_images, test_labels)


# ---------------------------------------------------------------- lessons 4-6


@dataclass
class XnorResult:
    """An XNOR network and its outputs at the four corners.

    Attributes
    ----------
    model : keras.Model
    corners : numpy.ndarray, shape (4,)
        Outputs at (0,0), (0,1), (1,0), (1,1).
    """

    model: object
    corners: np.ndarray

    def corner_comparisons(self, lesson, published, reason):
        names = ("(0,0)", "(0,1)", "(1,0)", "(1,1)")
        return [
            compare(lesson, f"output at {name}", published, measured, tolerance=0.01,
                    reason=reason, index=index)
            for index, (name, measured) in enumerate(zip(names, self.corners))
        ]


def _corners(model):
    return predict(model, XNOR_INPUTS).ravel()


@dataclass
class KnownWeightsResult(XnorResult):
    """Lesson 4: XNOR with Andrew Ng's hand-set weights.

    Attributes
    ----------
    vectorised_seconds : float
        Time to evaluate the network on a 100x100 mesh in one call.
    per_point_seconds : float
        Estimated time to evaluate the same mesh one point per call
        (measured on ``sampled_points`` points, scaled to 10,000).
    """

    vectorised_seconds: float = 0.0
    per_point_seconds: float = 0.0
    sampled_points: int = 0

    def comparisons(self):
        lesson = "4 XNOR by hand"
        speedup = self.per_point_seconds / self.vectorised_seconds
        return [
            *self.corner_comparisons(lesson, "xnor.known_corners", reason="wrong weights"),
            compare(lesson, "100x100 mesh: per-point / vectorised time",
                    "xnor.per_point_over_vectorised", speedup,
                    tolerance=PUBLISHED["xnor.per_point_over_vectorised"].value / 2,
                    reason="one vectorised call costs far less here than the 2017 TF1 "
                            "session did, so the ratio grows"),
        ]


def xnor_known_weights(*, sampled_points=200):
    """Lesson 4: a 2-2-1 sigmoid network computes XNOR with known weights.

    Hidden unit 0 is AND, hidden unit 1 is NOR, and the output is OR of the
    two. Also measures how much faster evaluating a 100x100 mesh is in one
    vectorised call than point by point.

    Parameters
    ----------
    sampled_points : int, default 200
        How many points the per-point timing evaluates (one call each) before
        scaling to the 10,000 of the mesh.

    Returns
    -------
    KnownWeightsResult

    Examples
    --------
    >>> result = xnor_known_weights(sampled_points=10)
    >>> result.corners.round(3).tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    sampled_points = check_int("sampled_points", sampled_points, minimum=1, maximum=10_000)
    model = make_xnor_model(weights="ng")
    mesh = input_mesh(100)[2]
    predict(model, mesh[:1])  # warm up, so neither timing pays for the first call
    start = time.perf_counter()
    predict(model, mesh)
    vectorised_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for point in mesh[:sampled_points]:
        predict(model, point[None, :])
    per_point_seconds = (time.perf_counter() - start) * len(mesh) / sampled_points
    return KnownWeightsResult(model, _corners(model), vectorised_seconds, per_point_seconds,
                              sampled_points)


_STUCK_REASON = "seed {seed} got stuck on a plateau of the loss (see the seed lottery)"


@dataclass
class XnorTrainingResult(XnorResult):
    """Lesson 5: the XNOR network trained with Adam.

    Attributes
    ----------
    history : TrainingHistory
        Loss every 10 steps.
    model_path, log_dir : pathlib.Path
        The saved ``.keras`` file and the TensorBoard event folder.
    seed : int
    """

    history: TrainingHistory = None
    model_path: pathlib.Path = None
    log_dir: pathlib.Path = None
    seed: int = 0

    @property
    def steps(self):
        return int(self.history.steps[-1])

    @property
    def final_loss(self):
        return self.history.final("loss")

    def comparisons(self):
        lesson = "5 XNOR training"
        return [
            compare(lesson, f"final loss after {self.steps} steps", "xnor.final_loss",
                    self.final_loss, tolerance=1e-3,
                    reason=_shortened(self.steps, 5000, _STUCK_REASON.format(seed=self.seed))),
        ]


def xnor_training(out_dir, seed=0, *, steps=5000):
    """Lesson 5: train the 2-2-1 network on the XNOR truth table.

    Adam at rate 0.03, mean squared error, full batch (the 4 rows) for
    ``steps`` steps, loss logged every 10 steps to TensorBoard event files in
    ``out_dir/tensorboard``; the trained model is saved as
    ``out_dir/xnor.keras``.

    Parameters
    ----------
    out_dir : str or os.PathLike
        An existing folder; nothing is written outside it.
    seed : int, default 0
        Seed of the initial weights. Some seeds get stuck (see the lab).
    steps : int, default 5000

    Returns
    -------
    XnorTrainingResult
    """
    out_dir = _check_out_dir(out_dir)
    seed = check_required_seed(seed)
    steps = check_int("steps", steps, minimum=1)
    model = make_xnor_model(seed=seed)
    log_dir = out_dir / "tensorboard"
    history = train(model, XNOR_INPUTS, XNOR_TARGETS, steps=steps, log_every=10,
                    log_dir=log_dir)
    model_path = save_model(model, out_dir / "xnor.keras")
    return XnorTrainingResult(model, _corners(model), history, model_path, log_dir, seed)


@dataclass
class XnorRestoredResult(XnorResult):
    """Lesson 6: the trained XNOR network loaded back from its file.

    Attributes
    ----------
    max_difference : float
        Largest absolute difference between the restored model's outputs and
        the trained model's over a 100x100 mesh (0.0 means identical).
    trained_corners : numpy.ndarray
    """

    max_difference: float = 0.0
    trained_corners: np.ndarray = field(default_factory=lambda: np.zeros(4))
    training_steps: int = 5000

    def comparisons(self):
        reason = _shortened(self.training_steps, 5000, "a different random start (see the lab)")
        return [
            *self.corner_comparisons("6 using the model", "xnor.trained_corners",
                                     reason=reason),
            compare("6 using the model", "restored vs trained: max difference",
                    "xnor.restored_difference", self.max_difference, tolerance=0.0,
                    reason="restored model differs"),
        ]


def xnor_restored(training):
    """Lesson 6: load the trained XNOR model from its file and use it.

    Parameters
    ----------
    training : XnorTrainingResult
        The result of :func:`xnor_training`; its ``model_path`` is loaded
        into a fresh model object.

    Returns
    -------
    XnorRestoredResult
    """
    if not isinstance(training, XnorTrainingResult):
        raise TypeError(
            f"training must be the XnorTrainingResult of xnor_training(), "
            f"got {type(training).__name__}"
        )
    restored = load_model(training.model_path)
    mesh = input_mesh(100)[2]
    difference = np.abs(predict(restored, mesh) - predict(training.model, mesh)).max()
    return XnorRestoredResult(restored, _corners(restored), float(difference), training.corners,
                              training.steps)


def _check_out_dir(out_dir):
    out_dir = check_path("out_dir", out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"out_dir {str(out_dir)!r} is not an existing folder")
    return out_dir


# ---------------------------------------------------------------- all six


def lesson_steps(out_dir, seed=0):
    """The six lessons as :class:`lcdnet.runner.Step` objects, in order.

    Each step's ``quick`` settings shrink step counts and data sizes to a
    smoke test: enough to exercise the lesson, not to reproduce it.
    """
    return [
        Step("perfect_digits", "1 perfect 5x5 digits, linear model",
             lambda results, **settings: perfect_digits(seed, **settings),
             quick={"steps": 20}),
        Step("inexact_data", "2 jittered 10x10 digits, linear model",
             lambda results, **settings: inexact_data(seed, **settings),
             quick={"steps": 20, "sizes": (100, 500), "memorise_steps": 200,
                    "large_grid_steps": 20}),
        Step("deep_network", "3 deep network on jittered digits",
             lambda results, **settings: deep_network(seed, **settings),
             quick={"steps": 30, "test_size": 200}),
        Step("xnor_known_weights", "4 XNOR with known weights",
             lambda results, **settings: xnor_known_weights(**settings),
             quick={"sampled_points": 20}),
        Step("xnor_training", "5 XNOR trained with Adam",
             lambda results, **settings: xnor_training(out_dir, seed, **settings),
             quick={"steps": 300}),
        Step("xnor_restored", "6 XNOR model restored from file",
             lambda results: xnor_restored(results["xnor_training"])),
    ]


def run_lessons(out_dir, seed=0, *, quick=False, progress=None):
    """Run the six lessons of the series in order.

    Parameters
    ----------
    out_dir : str or os.PathLike
        An existing folder for the XNOR model file and its TensorBoard logs;
        nothing is written outside it.
    seed : int, default 0
        Seed of the data, the initial weights and the batch order.
    quick : bool, default False
        Shrink every lesson to a smoke test whose numbers teach nothing.
    progress : callable or None
        Called as ``progress(step, seconds)`` after each lesson.

    Returns
    -------
    lcdnet.runner.RunRecord
        ``results`` by lesson name (``"perfect_digits"``, ``"inexact_data"``,
        ``"deep_network"``, ``"xnor_known_weights"``, ``"xnor_training"``,
        ``"xnor_restored"``), ``seconds`` of each, and ``comparisons()``.
    """
    out_dir = _check_out_dir(out_dir)
    seed = check_required_seed(seed)
    return run_steps(lesson_steps(out_dir, seed), quick=quick, progress=progress)
