"""Memorisation as a learning curve: accuracy on training pictures and on
new pictures against the size of the training set.

The series watched the linear model's *training* accuracy fall as its
training set grew (1.0 with 100 examples, 0.54 with 500, 0.32 with 5,000)
and read it as the model failing on more data. But the series trained every
size for the same 100 steps of 50 examples: 50 passes over 100 examples,
one pass over 5,000. Much of that fall is under-training. The question that
matters is another one: does a model recognise pictures it has *not* seen,
and does that improve as it sees more?

:func:`learning_curves` answers it for the linear model and the
convolutional network (CNN), trained with the same optimiser (Adam at the
CNN's rate, 0.01), in batches of 50, under two budgets:

* a fixed number of **passes** over the training set (``passes * size / 50``
  steps), and
* **converged**: until the training accuracy reaches 1.0 or stops improving
  (it has not gained ``plateau_gain`` in ``plateau_steps`` steps), checked
  every ``check_every`` steps, with a cap of ``max_steps`` steps;

and the series' own settings (linear model, plain gradient descent at 0.03,
100 steps) as a curve of their own. Each model is scored on all 360
pictures of the 10 x 10 grid (10 digits x 36 offsets): its training
accuracy, and its accuracy on the pictures that are *not* in its training
set, the new ones. Scoring every picture once is what an endless stream of
fresh test digits would measure, without the noise of a sample. Above about
2,000 examples a training set holds nearly every picture: then there is
nothing new left to test, and the new-picture accuracy is left out.

Every seed trains its own models on its own data; the training sets of one
seed are nested (the first 20 of its 5,000 digits, the first 50, ...). The
linear models of all sizes and seeds train at once, as one stacked Keras
model (see :mod:`lcdnet._stacked`), on the grid's picture ids
(:mod:`lcdnet._grid`). Each CNN trains on its own; :data:`CNN_SIZES` and
the default ``cnn_seeds`` keep its cost to seconds.

The curves go beyond the series, so they belong to the lab (they are no
step of :func:`lcdnet.lab.run_lab`: the tutorial runs them).

:data:`CURVE_CLAIMS` holds the thresholds behind every sentence the tutorial
states about the result; the tests and the tutorial both check them. The
figure is :func:`lcdnet.plotting.curves.plot_learning_curves`.
"""

from __future__ import annotations

import collections.abc
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

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
from lcdnet._grid import (
    IMG_SIZE,
    NUM_PICTURES,
    picture_ids,
    picture_images,
    picture_labels,
)
from lcdnet._stacked import (
    INT_BYTES,
    LINEAR_WEIGHTS,
    PREDICTED_PICTURES_BYTES,
    linear_batch_values,
    make_stacked_linear_model,
    member_bytes,
    predicted_pictures,
    tiled_rows,
)
from lcdnet._types import FloatArray, IntArray, KerasModel
from lcdnet.digits import generate_digits
from lcdnet.lab._common import ADAM_RATE
from lcdnet.lessons import BATCH_SIZE
from lcdnet.lessons._common import statistic_or_nan
from lcdnet.metrics import seen_new_accuracy
from lcdnet.models import make_deep_model
from lcdnet.report import PUBLISHED, Comparison, compare, measured_row
from lcdnet.training import predict_classes, train

__all__ = [
    "learning_curves",
    "LearningCurves",
    "CurvePoint",
    "StoppingRule",
    "CURVES",
    "CURVE_CLAIMS",
    "SIZES",
    "CNN_SIZES",
]

#: Training-set sizes of the linear curves.
SIZES = (20, 50, 100, 200, 500, 1000, 2000, 5000)
#: Training-set sizes of the CNN curves: from 100 examples on it is perfect
#: on new pictures already, and a larger size costs seconds more.
CNN_SIZES = (20, 50, 100, 200, 500)
#: The series' settings: plain gradient descent at 0.03 for 100 steps.
SERIES_RATE = 0.03
SERIES_STEPS = 100
#: A new-picture accuracy needs at least this many new pictures; with fewer
#: it is left out (None) rather than reported from a handful of pictures.
MIN_NEW_PICTURES = 10

#: The curves, by key: what was trained and how.
CURVES = {
    "linear_series": "linear, SGD 0.03, 100 steps (series)",
    "linear_passes": "linear, Adam 0.01, {passes} passes",
    "linear_converged": "linear, Adam 0.01, up to {max_steps:,} steps",
    "cnn_passes": "CNN, Adam 0.01, {passes} passes",
    "cnn_converged": "CNN, Adam 0.01, up to {max_steps:,} steps",
}

#: The thresholds behind every sentence the tutorial states about the
#: measured curves (means over seeds). The tests assert them and the
#: tutorial checks them at build time.
CURVE_CLAIMS = {
    # The linear model never recognises new pictures, at any size or budget:
    # chance is 0.1.
    "linear_new_at_most": 0.15,
    # The CNN recognises new pictures from this many examples on...
    "cnn_new_from_size": 100,
    # ... at least this well (converged).
    "cnn_new_at_least": 0.95,
    # Trained to convergence, the CNN fits every training set.
    "cnn_converged_train_at_least": 0.99,
    # The series' budget leaves the linear model far below what it can fit
    # on the largest training set: the converged model's training accuracy
    # is higher by at least this much.
    "under_training_gap_at_least": 0.3,
    # Even converged, the linear model cannot fit the largest training set.
    "linear_converged_largest_at_most": 0.9,
}


@dataclass(frozen=True)
class CurvePoint:
    """One trained model of one curve: its size, seed, budget used and scores.

    Attributes
    ----------
    curve : str
        Key of :data:`CURVES`.
    size : int
        Training examples.
    seed : int
        Seed of the data and the initial weights.
    steps : int
        Optimiser steps it trained.
    train_accuracy : float
        Accuracy on its training examples.
    new_accuracy : float or None
        Accuracy on the pictures of the grid that are not in its training
        set; None when there are fewer than :data:`MIN_NEW_PICTURES`.
    num_new : int
        How many of the 360 pictures are new to it.
    stop : str
        Why training stopped: ``"budget"`` (a fixed budget), ``"perfect"``
        (training accuracy 1.0), ``"plateau"`` or ``"cap"`` (``max_steps``).

    Examples
    --------
    >>> point = CurvePoint(
    ...     "cnn_converged", 20, 0, 20, 1.0, 0.92, 340, "perfect"
    ... )
    >>> point.train_accuracy - point.new_accuracy
    0.07999999999999996
    """

    curve: str
    size: int
    seed: int
    steps: int
    train_accuracy: float
    new_accuracy: float | None
    num_new: int
    stop: str


class StoppingRule:
    """When a run counts as trained to convergence.

    Fed the training accuracy at each check, it says stop when the
    accuracy is 1.0, when it has not gained ``plateau_gain`` within the last
    ``plateau_steps`` steps, or when ``max_steps`` steps are done.

    Examples
    --------
    >>> rule = StoppingRule(
    ...     plateau_steps=100, plateau_gain=0.01, max_steps=1000
    ... )
    >>> [rule.update(step, accuracy)
    ...  for step, accuracy in [(50, 0.5), (100, 0.6), (150, 0.605)]]
    [False, False, False]
    >>> rule.update(200, 0.609), rule.reason
    (True, 'plateau')
    >>> StoppingRule(100, 0.01, 1000).update(10, 1.0)
    True
    """

    def __init__(
        self, plateau_steps: int, plateau_gain: float, max_steps: int
    ) -> None:
        self.plateau_steps = plateau_steps
        self.plateau_gain = plateau_gain
        self.max_steps = max_steps
        self.reference = 0.0
        self.since = 0
        self.reason: str | None = None

    def update(self, step: int, accuracy: float) -> bool:
        """Record the training accuracy after ``step`` steps; return whether
        to stop."""
        if accuracy >= self.reference + self.plateau_gain:
            self.reference, self.since = accuracy, step
        if accuracy >= 1.0:
            self.reason = "perfect"
        elif step - self.since >= self.plateau_steps:
            self.reason = "plateau"
        elif step >= self.max_steps:
            self.reason = "cap"
        return self.reason is not None


@dataclass
class LearningCurves:
    """What :func:`learning_curves` measured: one :class:`CurvePoint` per
    model trained.

    Attributes
    ----------
    points : list of CurvePoint
    sizes, cnn_sizes : tuple of int
    seeds, cnn_seeds : tuple of int
    passes, max_steps, check_every, plateau_steps : int
    plateau_gain : float
    seconds : dict of str to float
        Wall time of the linear runs (``"linear"``), the series' runs
        (``"series"``) and the CNN runs (``"cnn"``), compilation included.

    Examples
    --------
    >>> points = [
    ...     CurvePoint("linear_series", 20, seed, 100, 0.9 + seed / 20,
    ...                0.1, 340, "budget")
    ...     for seed in (0, 1)
    ... ]
    >>> result = LearningCurves(
    ...     points, (20,), (), (0, 1), (), 10, 2000, 10, 1000, 0.01, {}
    ... )
    >>> (result.mean("linear_series", "train_accuracy", 20),
    ...  result.label("linear_passes"))
    (0.925, 'linear, Adam 0.01, 10 passes')
    """

    points: list[CurvePoint]
    sizes: tuple[int, ...]
    cnn_sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    cnn_seeds: tuple[int, ...]
    passes: int
    max_steps: int
    check_every: int
    plateau_steps: int
    plateau_gain: float
    seconds: dict[str, float]

    def label(self, curve: str) -> str:
        """The display name of a curve, such as
        ``"CNN, Adam 0.01, 10 passes"``."""
        return CURVES[curve].format(
            passes=self.passes, max_steps=self.max_steps
        )

    def values(self, curve: str, quantity: str, size: int) -> FloatArray:
        """``quantity`` (``"train_accuracy"``, ``"new_accuracy"``, ``"steps"``,
        ``"num_new"``) of each seed's model of one curve and size; NaN where
        None."""
        values = [
            getattr(point, quantity)
            for point in self.points
            if point.curve == curve and point.size == size
        ]
        if not values:
            raise ValueError(f"curve {curve!r} has no models of size {size}")
        return np.array(
            [np.nan if value is None else value for value in values],
            dtype=float,
        )

    def mean(self, curve: str, quantity: str, size: int) -> float:
        """Mean over seeds of :meth:`values`, ignoring the seeds without a
        value (NaN if none)."""
        return statistic_or_nan(np.nanmean, self.values(curve, quantity, size))

    def curve_sizes(self, curve: str) -> tuple[int, ...]:
        """The training-set sizes a curve was measured at."""
        return self.cnn_sizes if curve.startswith("cnn") else self.sizes

    def frame(self) -> Any:
        """The points as a :class:`pandas.DataFrame`, one row per model, with a
        ``label`` column (the curve's display name): the input of seaborn."""
        import pandas as pd

        frame = pd.DataFrame([vars(point) for point in self.points])
        frame["label"] = frame["curve"].map(self.label)
        frame["new_accuracy"] = frame["new_accuracy"].astype(float)
        return frame

    def summary(self, quantity: str = "train_accuracy") -> Any:
        """Mean over seeds of ``quantity``: one row per size, one column per
        curve."""
        frame = self.frame()
        table = frame.pivot_table(
            index="size", columns="curve", values=quantity, aggfunc="mean"
        )
        return table[[curve for curve in CURVES if curve in table.columns]]

    def comparisons(self) -> list[Comparison]:
        """Comparison rows: the series' training accuracies next to each
        curve's mean."""
        lesson = "learning curves"
        seeds = len(self.seeds)
        rows = []
        for size in (100, 500, 5000):
            if size not in self.sizes:
                continue
            key = f"inexact.train_accuracy_{size}"
            series = f"{size:,} examples, {self.label('linear_series')}"
            rows.append(
                compare(
                    lesson,
                    f"{series}: training accuracy, mean of {seeds} seeds",
                    key if key in PUBLISHED else None,
                    self.mean("linear_series", "train_accuracy", size),
                    tolerance=0.1,
                    reason="the series trained harder than its final "
                    "notebook: see the settings search (tutorial "
                    "'Reproducing the series')",
                )
            )
            for curve in CURVES:
                if size not in self.curve_sizes(curve):
                    continue
                count = len(
                    self.cnn_seeds if curve.startswith("cnn") else self.seeds
                )
                for quantity, words in (
                    ("train_accuracy", "training accuracy"),
                    ("new_accuracy", "new pictures"),
                ):
                    if (
                        curve == "linear_series"
                        and quantity == "train_accuracy"
                    ):
                        continue
                    value = self.mean(curve, quantity, size)
                    rows.append(
                        measured_row(
                            lesson,
                            f"{size:,} examples, {self.label(curve)}: "
                            f"{words}, mean of {count} seeds",
                            None if np.isnan(value) else value,
                        )
                    )
        return rows


class _Budget(TypedDict):
    """The budget settings every curve shares: keywords of _follow_budgets."""

    passes: int
    max_steps: int
    check_every: int
    plateau_steps: int
    plateau_gain: float


#: Training-set sizes the curves accept.
_SIZE = Int(minimum=10, maximum=20_000)


@checked(
    seed=Seed(),
    sizes=Sequence(_SIZE, distinct=True, sort=True),
    num_seeds=Int(minimum=1),
    passes=Int(minimum=1),
    max_steps=Int(minimum=1),
    check_every=Int(minimum=1, maximum="max_steps"),
    plateau_steps=Int(minimum=1),
    plateau_gain=Real(low=0, high=1, closed="right"),
    cnn_sizes=Sequence(_SIZE, distinct=True, sort=True, allow_empty=True),
    cnn_seeds=Int(minimum=0, maximum="num_seeds"),
)
def learning_curves(
    seed: int = 0,
    *,
    sizes: collections.abc.Sequence[int] = SIZES,
    num_seeds: int = 10,
    passes: int = 10,
    max_steps: int = 2000,
    check_every: int = 10,
    plateau_steps: int = 1000,
    plateau_gain: float = 0.01,
    cnn_sizes: collections.abc.Sequence[int] = CNN_SIZES,
    cnn_seeds: int = 3,
) -> LearningCurves:
    """Train the linear model and the CNN on training sets of growing size;
    score them.

    For every seed in ``seed .. seed + num_seeds - 1`` and every size, the
    linear model trains on the seed's first ``size`` digits (10 x 10 grid,
    label ``i % 10``) under three budgets -- the series' settings, a fixed
    number of passes and to convergence (see the module's text) -- and the
    CNN (:func:`lcdnet.make_deep_model`) under the last two, for the first
    ``cnn_seeds`` seeds and the sizes in ``cnn_sizes``. Batches hold 50
    examples drawn from the model's own training set (a set smaller than 50
    repeats examples within a batch).

    Parameters
    ----------
    seed : int, default 0
        The first seed.
    sizes : sequence of int, default :data:`SIZES`
        Training-set sizes of the linear curves, distinct, each from 10 to
        20,000.
    num_seeds : int, default 10
        Seeds of the linear curves, at least 1.
    passes : int, default 10
        Passes over the training set of the fixed budget, at least 1;
        ``passes * max(sizes) / 50`` must not exceed ``max_steps``.
    max_steps : int, default 2000
        Most steps of a converging run.
    check_every : int, default 10
        Steps between two checks of convergence.
    plateau_steps : int, default 1000
    plateau_gain : float, default 0.01
        A run has converged once its training accuracy has not risen by
        ``plateau_gain`` in ``plateau_steps`` steps (or is 1.0).
    cnn_sizes : sequence of int, default :data:`CNN_SIZES`
        Training-set sizes of the CNN curves, each one of ``sizes``; empty
        for no CNN curves.
    cnn_seeds : int, default 3
        Seeds of the CNN curves (the first ones), 0 to ``num_seeds``.

    Returns
    -------
    LearningCurves

    Examples
    --------
    A tiny run, to show the record (the defaults teach the lesson):

    >>> result = learning_curves(sizes=(20, 100), num_seeds=2, passes=1,
    ...                          max_steps=20, plateau_steps=10,
    ...                          cnn_sizes=(20,), cnn_seeds=1)
    >>> len(result.points), sorted({point.curve for point in result.points})
    (14, ['cnn_converged', 'cnn_passes', 'linear_converged', 'linear_passes', \
'linear_series'])
    >>> result.values("linear_passes", "steps", 100).tolist()
    [2.0, 2.0]
    >>> new = result.values("linear_series", "num_new", 20)
    >>> bool((new >= 340).all())  # 20 digits leave >= 340 new
    True
    """
    if not set(cnn_sizes) <= set(sizes):
        raise ValueError(
            f"cnn_sizes must be among sizes {list(sizes)}, "
            f"got {list(cnn_sizes)}"
        )
    if _passes_steps(passes, max(sizes)) > max_steps:
        raise ValueError(
            f"passes * max(sizes) / {BATCH_SIZE} must not exceed max_steps "
            f"({max_steps}), got {passes} passes over {max(sizes)} examples = "
            f"{_passes_steps(passes, max(sizes))} steps"
        )
    check_fits_in_memory(
        ("num_seeds", "len(sizes)", "max(sizes)"),
        (num_seeds, len(sizes), max(sizes)),
        num_seeds * len(sizes) * _linear_member_bytes(sizes),
    )

    seeds = tuple(range(seed, seed + num_seeds))
    data = {
        s: picture_ids(
            generate_digits(max(sizes), img_size=IMG_SIZE, seed=s)[0]
        )
        for s in seeds
    }
    members = [(size, s) for s in seeds for size in sizes]
    member_ids = [data[s][:size] for size, s in members]
    settings = _Budget(
        passes=passes,
        max_steps=max_steps,
        check_every=check_every,
        plateau_steps=plateau_steps,
        plateau_gain=plateau_gain,
    )
    seconds: dict[str, float] = {}

    start = time.perf_counter()
    points = _linear_series(members, member_ids, seed)
    seconds["series"] = time.perf_counter() - start

    start = time.perf_counter()
    model = make_stacked_linear_model(
        len(members), keras.optimizers.Adam(ADAM_RATE)
    )
    rows = tiled_rows(member_ids, min_rows=BATCH_SIZE)
    labels = picture_labels()[rows]

    def train_linear(steps: int, chunk: int) -> None:
        train(
            model,
            rows,
            labels,
            steps=steps,
            batch_size=BATCH_SIZE,
            seed=_chunk_seed(seed, chunk),
            log_every=steps,
        )

    points += _follow_budgets(
        "linear",
        members,
        member_ids,
        train_linear,
        lambda: predicted_pictures(model),
        **settings,
    )
    seconds["linear"] = time.perf_counter() - start

    start = time.perf_counter()
    points += _cnn_runs(seeds[:cnn_seeds], cnn_sizes, data, settings)
    seconds["cnn"] = time.perf_counter() - start
    return LearningCurves(
        points,
        tuple(sizes),
        tuple(cnn_sizes),
        seeds,
        seeds[:cnn_seeds],
        passes,
        max_steps,
        check_every,
        plateau_steps,
        plateau_gain,
        seconds,
    )


def _linear_member_bytes(sizes: collections.abc.Sequence[int]) -> float:
    """Over-estimate the peak bytes of one linear member of the curves.

    Its share of two stacked models, the series' and the converging one
    (:func:`lcdnet._stacked.member_bytes` of twice the weights), and what
    the curves keep of it, in int64: its seed's picture ids (counted at
    the largest size), its column of the tiled rows (:func:`tiled_rows`,
    five times: the column, the stack, the labels and the copies
    :func:`lcdnet.train` makes of both), and one call of
    :func:`lcdnet._stacked.predicted_pictures`.
    """
    rows = min(math.lcm(*sizes), 20 * max(sizes))
    rows *= -(-BATCH_SIZE // rows)
    kept = max(sizes) + 5 * rows
    return member_bytes(
        2 * LINEAR_WEIGHTS,
        linear_batch_values(BATCH_SIZE),
        kept * INT_BYTES + PREDICTED_PICTURES_BYTES,
    )


def _passes_steps(passes: int, size: int) -> int:
    """Steps of ``passes`` passes over ``size`` examples in batches of 50
    (at least 1)."""
    return max(1, round(passes * size / BATCH_SIZE))


def _chunk_seed(*numbers: int) -> int:
    """A batch-order seed derived from the run's seed and the chunk's
    number."""
    return int(np.random.SeedSequence(list(numbers)).generate_state(1)[0])


def _score(
    curve: str,
    size: int,
    seed: int,
    steps: int,
    predicted: IntArray,
    ids: IntArray,
    stop: str,
) -> CurvePoint:
    """A CurvePoint from one model's predictions on the 360 pictures."""
    labels = picture_labels()
    seen = np.zeros(NUM_PICTURES, dtype=bool)
    seen[ids] = True
    split = seen_new_accuracy(labels, predicted, seen)
    enough = split.num_new >= MIN_NEW_PICTURES
    return CurvePoint(
        curve,
        size,
        seed,
        steps,
        float(np.mean(predicted[ids] == labels[ids])),
        split.new if enough else None,
        split.num_new,
        stop,
    )


def _linear_series(
    members: collections.abc.Sequence[tuple[int, int]],
    member_ids: collections.abc.Sequence[IntArray],
    seed: int,
) -> list[CurvePoint]:
    """The series' settings, for every member at once: SGD at 0.03, 100
    steps of 50."""
    model = make_stacked_linear_model(
        len(members), keras.optimizers.SGD(SERIES_RATE)
    )
    rows = tiled_rows(member_ids, min_rows=BATCH_SIZE)
    train(
        model,
        rows,
        picture_labels()[rows],
        steps=SERIES_STEPS,
        batch_size=BATCH_SIZE,
        seed=_chunk_seed(seed, 0),
        log_every=SERIES_STEPS,
    )
    predicted = predicted_pictures(model)
    return [
        _score(
            "linear_series",
            size,
            s,
            SERIES_STEPS,
            predicted[:, index],
            member_ids[index],
            "budget",
        )
        for index, (size, s) in enumerate(members)
    ]


def _follow_budgets(
    model_name: str,
    members: collections.abc.Sequence[tuple[int, int]],
    member_ids: collections.abc.Sequence[IntArray],
    train_steps: Callable[[int, int], object],
    predict_all: Callable[[], IntArray],
    *,
    passes: int,
    max_steps: int,
    check_every: int,
    plateau_steps: int,
    plateau_gain: float,
) -> list[CurvePoint]:
    """Train in chunks; score each member at its fixed-passes step and when
    it converges.

    ``train_steps(steps, chunk)`` trains every member ``steps`` more steps;
    ``predict_all()`` returns every member's predictions on the 360
    pictures, shape (360, members).
    """
    passes_at = [_passes_steps(passes, size) for size, _ in members]
    rules = [
        StoppingRule(plateau_steps, plateau_gain, max_steps) for _ in members
    ]
    fixed: list[CurvePoint | None] = [None] * len(members)
    converged: list[CurvePoint | None] = [None] * len(members)
    done = chunk = 0
    while not (all(fixed) and all(converged)):
        # The next step anyone needs scored: a check of a run still converging,
        # or a fixed budget not yet reached.
        next_check = min(max_steps, (done // check_every + 1) * check_every)
        wanted = [next_check] if not all(converged) else []
        wanted += [
            step
            for step, point in zip(passes_at, fixed, strict=True)
            if point is None and step > done
        ]
        step = min(wanted)
        train_steps(step - done, chunk)
        done, chunk = step, chunk + 1
        predicted = predict_all()
        for index, (size, s) in enumerate(members):
            ids = member_ids[index]
            if passes_at[index] == step:
                fixed[index] = _score(
                    f"{model_name}_passes",
                    size,
                    s,
                    step,
                    predicted[:, index],
                    ids,
                    "budget",
                )
            if converged[index] is None and step == next_check:
                accuracy = float(
                    np.mean(predicted[ids, index] == picture_labels()[ids])
                )
                if rules[index].update(step, accuracy):
                    reason = rules[index].reason
                    # update() says stop only once it has set a reason.
                    assert reason is not None
                    converged[index] = _score(
                        f"{model_name}_converged",
                        size,
                        s,
                        step,
                        predicted[:, index],
                        ids,
                        reason,
                    )
    # The loop ends once every member has both its points.
    return [point for point in fixed + converged if point is not None]


def _cnn_runs(
    seeds: collections.abc.Sequence[int],
    sizes: collections.abc.Sequence[int],
    data: Mapping[int, IntArray],
    settings: _Budget,
) -> list[CurvePoint]:
    """The CNN's runs, one (seed, size) after another, in one reused model.

    Building and compiling a network costs about a second; a run of a small
    training set costs less. So one model is built, and before each run its
    weights are set to those ``make_deep_model(seed=s)`` starts from and its
    optimiser state is cleared: each run trains exactly as a fresh model
    would. Every run's data is tiled to the same number of rows, so that
    the compiled training loop is reused too.
    """
    if not seeds or not sizes:
        return []
    rows = len(
        tiled_rows([np.arange(size) for size in sizes], min_rows=BATCH_SIZE)
    )
    images, labels = picture_images(), picture_labels()
    model = make_deep_model(
        img_size=IMG_SIZE, seed=seeds[0], learning_rate=ADAM_RATE
    )
    points = []
    for s in seeds:
        initial = make_deep_model(img_size=IMG_SIZE, seed=s).get_weights()
        for size in sizes:
            ids = data[s][:size]
            tiled = tiled_rows([ids], rows)[:, 0]
            _restart(model, initial)

            def train_cnn(
                steps: int,
                chunk: int,
                tiled: IntArray = tiled,
                size: int = size,
                s: int = s,
            ) -> None:
                train(
                    model,
                    images[tiled],
                    labels[tiled],
                    steps=steps,
                    batch_size=BATCH_SIZE,
                    seed=_chunk_seed(s, size, chunk),
                    log_every=steps,
                )

            points += _follow_budgets(
                "cnn",
                [(size, s)],
                [ids],
                train_cnn,
                lambda: predict_classes(model, images)[:, None],
                **settings,
            )
    return points


def _restart(model: KerasModel, weights: list[Any]) -> None:
    """Set a compiled model's weights and clear its optimiser's state
    (steps, moments)."""
    model.set_weights(weights)
    optimizer = model.optimizer
    keep = {id(optimizer.learning_rate)}  # the rate is a variable too: keep it
    for variable in optimizer.variables:
        if id(variable) not in keep:
            variable.assign(
                keras.ops.zeros(variable.shape, dtype=variable.dtype)
            )
