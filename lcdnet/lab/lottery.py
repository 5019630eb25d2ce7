"""Lab 4: XNOR's seed lottery, and what the stuck runs do.

Hundreds of 2-H-1 sigmoid networks train at once, each exactly as it would
alone (one stacked model of :mod:`lcdnet._stacked`). The lottery counts how
many learn XNOR for each hidden-layer width and each scale of the initial
weights, with 95% Wilson intervals, and
measures each stuck run: its loss, how saturated its hidden units are, how
steep the loss still is, and whether ten times more training gets it out.
"""

from __future__ import annotations

import collections.abc
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import (
    Int,
    Optional,
    Real,
    Seed,
    Sequence,
    check_fits_in_memory,
    check_seed,
    checked,
)
from lcdnet._stacked import (
    FLOAT64_BYTES,
    FLOAT_BYTES,
    StackedXnorNetworks,
    make_stacked_model,
    member_bytes,
    xnor_batch_values,
    xnor_weights,
)
from lcdnet._types import (
    BoolArray,
    Float32Array,
    FloatArray,
    IntArray,
    KerasModel,
)
from lcdnet.lab._common import Interval, wilson_interval
from lcdnet.lessons import XNOR_LEARNED_LOSS
from lcdnet.models import make_xnor_model, seeded_initializers
from lcdnet.report import Comparison, measured_row
from lcdnet.training import predict, train
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

__all__ = [
    "xnor_seed_lottery",
    "XnorLotteryResult",
    "XnorRuns",
    "network_state",
    "INIT_SCALES",
    "SATURATION_MARGIN",
    "WRONG_CORNER_ERROR",
]

#: Default factors applied to the Glorot-uniform initial kernels of the
#: narrowest network (1 is the weights of :func:`lcdnet.make_xnor_model`).
INIT_SCALES = (0.25, 0.5, 1.0, 2.0, 4.0)
#: A hidden activation within this distance of 0 or 1 counts as saturated:
#: the sigmoid's slope there is below 0.01, so almost no gradient passes.
SATURATION_MARGIN = 0.01
#: A corner of the truth table counts as wrong when the network's output
#: there is further than this from the target.
WRONG_CORNER_ERROR = 0.25


def _xnor_initial_weights(seed: int, hidden_units: int) -> list[Float32Array]:
    """The initial weights of
    ``make_xnor_model(seed=seed, hidden_units=hidden_units)``.

    Drawn with the builder's own seeded initializers (zero biases, as
    Keras's Dense layers start), without the cost of building a model;
    the tests check that the two agree exactly.
    """
    hidden_init, output_init = seeded_initializers(seed, count=2)
    to_numpy = keras.ops.convert_to_numpy
    return [
        to_numpy(hidden_init((2, hidden_units))),
        np.zeros(hidden_units, "float32"),
        to_numpy(output_init((hidden_units, 1))),
        np.zeros(1, "float32"),
    ]


def network_state(
    weights: collections.abc.Sequence[np.ndarray],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Loss, hidden activations and loss gradient of stacked 2-H-1 networks, in
    NumPy.

    ``weights`` are stacked as ``model.set_weights`` orders them, with a
    leading network axis: (N, 2, H), (N, H), (N, H, 1), (N, 1). The
    gradient is that of each network's mean squared error on the truth
    table, by backpropagation written out (float64), so it needs no
    Keras backend.

    Returns
    -------
    loss : numpy.ndarray, shape (N,)
    output : numpy.ndarray, shape (N, 4)
        The outputs at the corners (0,0), (0,1), (1,0), (1,1).
    hidden : numpy.ndarray, shape (N, 4, H)
        Hidden activations at the corners (0,0), (0,1), (1,0), (1,1).
    gradient_norm : numpy.ndarray, shape (N,)
        Euclidean norm of the gradient over all of a network's weights.

    Examples
    --------
    Andrew Ng's hand-set network, as a stack of one:

    >>> from lcdnet.xnor import NG_XNOR_WEIGHTS
    >>> loss, output, hidden, gradient_norm = network_state(
    ...     [weights[None] for weights in NG_XNOR_WEIGHTS])
    >>> output.round(3).tolist(), hidden.shape
    ([[1.0, 0.0, 0.0, 1.0]], (1, 4, 2))
    >>> bool(loss[0] < 1e-8), bool(gradient_norm[0] < 1e-6)
    (True, True)
    """
    kernel, bias, out_kernel, out_bias = (
        np.asarray(array, dtype=np.float64) for array in weights
    )
    inputs = XNOR_INPUTS.astype(np.float64)
    targets = XNOR_TARGETS[:, 0].astype(np.float64)
    hidden = _sigmoid(
        np.einsum("ci,nih->nch", inputs, kernel) + bias[:, None, :]
    )
    output = _sigmoid(
        np.einsum("nch,nh->nc", hidden, out_kernel[:, :, 0]) + out_bias
    )
    loss = np.mean((output - targets) ** 2, axis=1)
    d_output = (
        2.0 * (output - targets) / len(targets) * output * (1.0 - output)
    )  # (N, 4)
    d_hidden = (
        d_output[:, :, None]
        * out_kernel[:, None, :, 0]
        * hidden
        * (1.0 - hidden)
    )
    squares = (np.einsum("nch,nc->nh", hidden, d_output) ** 2).sum(
        axis=1
    )  # output kernel
    squares += d_output.sum(axis=1) ** 2  # output bias
    squares += (np.einsum("ci,nch->nih", inputs, d_hidden) ** 2).sum(
        axis=(1, 2)
    )
    squares += (d_hidden.sum(axis=1) ** 2).sum(axis=1)
    return loss, output, hidden, np.sqrt(squares)


def _sigmoid(values: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-values))


@dataclass
class XnorRuns:
    """The networks of one width and one initial scale, one per seed, and what
    they did.

    Attributes
    ----------
    hidden_units : int
    init_scale : float
        Factor applied to the Glorot-uniform initial kernels.
    final_loss : numpy.ndarray, shape (num_seeds,)
        Each network's mean squared error on the truth table after ``steps``.
    outputs : numpy.ndarray, shape (num_seeds, 4)
        Each network's outputs at (0,0), (0,1), (1,0), (1,1) after ``steps``.
    weights : list of numpy.ndarray
        The trained weights stacked over networks, in ``model.set_weights``
        order: (N, 2, H), (N, H), (N, H, 1), (N, 1).
    saturation : numpy.ndarray, shape (num_seeds,)
        Share of each network's hidden activations at the four corners that
        lie within :data:`SATURATION_MARGIN` of 0 or 1.
    wrong_corner_saturation : numpy.ndarray, shape (num_seeds,)
        The same share, counted only at the corners the network gets wrong
        (output further than :data:`WRONG_CORNER_ERROR` from the target):
        where a gradient is needed. NaN for a network with no wrong corner.
    gradient_norm : numpy.ndarray, shape (num_seeds,)
        Norm of the loss gradient over all weights, after ``steps``.
    largest_weight : numpy.ndarray, shape (num_seeds,)
        Largest absolute weight after ``steps``.
    longer_loss, longer_largest_weight : numpy.ndarray, shape (num_seeds,)
        The loss and the largest weight after ``longer_steps``: the same
        training continued, optimiser state and all. NaN for networks that
        were not trained longer (the initial-scale sweep).
    threshold : float
        A network "learned XNOR" when its loss is below this.
    """

    hidden_units: int
    init_scale: float
    final_loss: FloatArray
    outputs: FloatArray
    weights: list[FloatArray]
    saturation: np.ndarray
    wrong_corner_saturation: np.ndarray
    gradient_norm: np.ndarray
    largest_weight: np.ndarray
    longer_loss: np.ndarray
    longer_largest_weight: np.ndarray
    threshold: float

    def learned(self) -> BoolArray:
        """Boolean array: which networks learned XNOR within ``steps``."""
        return self.final_loss < self.threshold

    def stuck(self) -> BoolArray:
        """Boolean array: which networks had not learned XNOR after
        ``steps``."""
        return ~self.learned()

    def escaped(self) -> BoolArray:
        """Boolean array: stuck after ``steps``, learned XNOR by
        ``longer_steps``."""
        return self.stuck() & (self.longer_loss < self.threshold)

    def failure_interval(self) -> Interval:
        """The share of stuck networks with its 95% Wilson interval."""
        return wilson_interval(int(self.stuck().sum()), len(self.final_loss))


@dataclass
class XnorLotteryResult:
    """Lab 4: XNOR networks trained from many seeds, and how many learned XNOR.

    Attributes
    ----------
    seeds : numpy.ndarray of int
        The seeds of the lottery, one network per seed and width.
    hidden_units : tuple of int
        The hidden-layer widths tried.
    runs : dict of int to XnorRuns
        The lottery, by width: networks started from the weights of
        :func:`lcdnet.make_xnor_model`, trained ``steps`` steps and then on
        to ``longer_steps``.
    init_scales : tuple of float
        The initial scales tried for the narrowest width (1 among them).
    scale_seeds : numpy.ndarray of int
        The seeds of the initial-scale sweep (more than the lottery's, so
        that its intervals are narrow enough to compare).
    scale_runs : dict of float to XnorRuns
        The sweep, by initial scale: the narrowest network with its
        Glorot-uniform initial kernels multiplied by the scale, trained
        ``steps`` steps (not longer).
    steps, longer_steps : int
        Training steps, and the total of the continued training.
    threshold : float
        A network "learned XNOR" when its final loss is below this.
    train_seconds, longer_seconds, scale_seconds : float
        Wall time of the lottery's first ``steps``, of the rest, and of the
        sweep.
    """

    seeds: IntArray
    hidden_units: tuple[int, ...]
    runs: dict[int, XnorRuns]
    init_scales: tuple[float, ...]
    scale_seeds: IntArray
    scale_runs: dict[float, XnorRuns]
    steps: int
    longer_steps: int
    threshold: float
    train_seconds: float
    longer_seconds: float
    scale_seconds: float

    def runs_of(
        self, hidden_units: int, init_scale: float | None = None
    ) -> XnorRuns:
        """The lottery's :class:`XnorRuns` of one width, or the sweep's of one
        initial scale.

        ``init_scale`` None means the lottery; a number means the sweep,
        which has only the narrowest width.
        """
        if init_scale is None:
            if hidden_units not in self.runs:
                raise ValueError(
                    f"hidden_units must be one of {list(self.hidden_units)}, "
                    f"got {hidden_units!r}"
                )
            return self.runs[hidden_units]
        narrowest = min(self.hidden_units)
        known = (
            isinstance(init_scale, (int, float))
            and float(init_scale) in self.scale_runs
        )
        if hidden_units != narrowest or not known:
            raise ValueError(
                f"init_scale must be one of {list(self.init_scales)} (for "
                f"hidden_units={narrowest} only), got hidden_units="
                f"{hidden_units!r} and init_scale={init_scale!r}"
            )
        return self.scale_runs[float(init_scale)]

    @property
    def final_loss(self) -> dict[int, FloatArray]:
        """Per width: each network's final loss."""
        return {width: runs.final_loss for width, runs in self.runs.items()}

    @property
    def outputs(self) -> dict[int, FloatArray]:
        """Per width: each network's outputs at the four corners."""
        return {width: runs.outputs for width, runs in self.runs.items()}

    @property
    def weights(self) -> dict[int, list[FloatArray]]:
        """Per width: the trained weights, stacked over networks."""
        return {width: runs.weights for width, runs in self.runs.items()}

    def learned(
        self, hidden_units: int, init_scale: float | None = None
    ) -> BoolArray:
        """Boolean array: which seeds' networks of this width learned XNOR."""
        return self.runs_of(hidden_units, init_scale).learned()

    def success_fraction(
        self, hidden_units: int, init_scale: float | None = None
    ) -> float:
        """Share of seeds whose network of this width learned XNOR."""
        return float(self.learned(hidden_units, init_scale).mean())

    def failure_interval(
        self, hidden_units: int, init_scale: float | None = None
    ) -> Interval:
        """Share of seeds whose network got stuck, with its 95% Wilson
        interval."""
        return self.runs_of(hidden_units, init_scale).failure_interval()

    def model_of(
        self, hidden_units: int, seed: int, init_scale: float | None = None
    ) -> KerasModel:
        """The trained network of this width and seed, as a
        :func:`lcdnet.make_xnor_model`."""
        runs = self.runs_of(hidden_units, init_scale)
        seeds = self.seeds if init_scale is None else self.scale_seeds
        matches: IntArray | list[int] = (
            np.flatnonzero(seeds == seed) if _is_seed(seed) else []
        )
        if len(matches) == 0:
            raise ValueError(
                f"seed must be one of the seeds run, {int(seeds[0])}.."
                f"{int(seeds[-1])}, got {seed!r}"
            )
        model = make_xnor_model(hidden_units=hidden_units)
        model.set_weights([array[matches[0]] for array in runs.weights])
        return model

    def comparisons(self) -> list[Comparison]:
        lesson = "lab 4 XNOR seed lottery"
        rows = []
        for width, runs in self.runs.items():
            rows.append(
                _share_row(
                    lesson,
                    f"2-{width}-1",
                    runs,
                    len(self.seeds),
                    self.steps,
                    self.threshold,
                )
            )
            stuck = runs.stuck()
            if not stuck.any():
                continue
            name = f"2-{width}-1"
            rows += [
                measured_row(
                    lesson,
                    f"{name}: median loss of the "
                    f"{int(stuck.sum())} stuck runs",
                    np.median(runs.final_loss[stuck]),
                ),
                measured_row(
                    lesson,
                    f"{name}: stuck, median share of saturated activations",
                    np.median(runs.saturation[stuck]),
                ),
                measured_row(
                    lesson,
                    f"{name}: stuck, same share at the corners they get wrong",
                    np.median(runs.wrong_corner_saturation[stuck]),
                ),
                measured_row(
                    lesson,
                    f"{name}: stuck, median gradient norm",
                    np.median(runs.gradient_norm[stuck]),
                ),
                measured_row(
                    lesson,
                    f"{name}: stuck runs that learned XNOR by "
                    f"step {self.longer_steps:,}",
                    int(runs.escaped().sum()),
                ),
            ]
        for scale, runs in self.scale_runs.items():
            rows.append(
                _share_row(
                    lesson,
                    f"2-{runs.hidden_units}-1 from scaled starts",
                    runs,
                    len(self.scale_seeds),
                    self.steps,
                    self.threshold,
                    what=f"initial scale {scale:g}",
                )
            )
        return rows


def _share_row(
    lesson: str,
    name: str,
    runs: XnorRuns,
    count: int,
    steps: int,
    threshold: float,
    what: str | None = None,
) -> Comparison:
    """The share of ``count`` seeds that learned XNOR, its interval as note.

    ``what`` None: the quantity is ``"{name}: share of ... seeds ..."``;
    else ``"{name}, share of ... seeds ...: {what}"`` (rows that differ in
    ``what`` only print under one heading).
    """
    failure = runs.failure_interval()
    share = f"share of {count} seeds learning XNOR in {steps:,} steps"
    quantity = (
        f"{name}: {share}" if what is None else f"{name}, {share}: {what}"
    )
    return measured_row(
        lesson,
        quantity,
        1.0 - failure.estimate,
        f"95% CI {1 - failure.high:.2f}-{1 - failure.low:.2f}; "
        f"learned: loss < {threshold:g}",
    )


def _is_seed(value: object) -> bool:
    """True for non-negative Python or NumPy integers (not bools)."""
    try:
        check_seed(value)
    except (TypeError, ValueError):
        return False
    return value is not None


@checked(
    num_seeds=Int(minimum=1),
    steps=Int(minimum=1),
    hidden_units=Sequence(Int(minimum=1, maximum=64), distinct=True),
    seed=Seed(),
    threshold=Real(low=0, closed="neither"),
    learning_rate=Real(low=0, closed="neither"),
    init_scales=Sequence(Real(low=0, high=100, closed="right"), distinct=True),
    scale_seeds=Int(minimum=1),
    longer_steps=Optional(Int(minimum="steps")),
)
def xnor_seed_lottery(
    num_seeds: int = 100,
    steps: int = 5000,
    hidden_units: collections.abc.Sequence[int] = (2, 3, 4),
    *,
    seed: int = 0,
    threshold: float = XNOR_LEARNED_LOSS,
    learning_rate: float = 0.03,
    init_scales: collections.abc.Sequence[float] = INIT_SCALES,
    scale_seeds: int = 300,
    longer_steps: int | None = None,
) -> XnorLotteryResult:
    """Lab 4: how often does XNOR training get stuck, what do stuck runs do,
    and what helps?

    For every width H in ``hidden_units`` and every seed ``s`` in
    ``seed .. seed + num_seeds - 1``, a 2-H-1 sigmoid network starts from
    exactly the weights of ``lcdnet.make_xnor_model(seed=s, hidden_units=H)``
    and trains as in the series: Adam (rate ``learning_rate``), mean squared
    error, ``steps`` full-batch steps on the four rows of the truth table.
    Then the same training continues, optimiser state and all, to
    ``longer_steps`` steps in total, to see whether the stuck runs get out.
    A second run, the initial-scale sweep, trains the narrowest network
    from ``scale_seeds`` seeds for ``steps`` steps, with its initial
    kernels multiplied by each factor in ``init_scales``.

    The networks of each run train at once, as one Keras model trained with
    :func:`lcdnet.train`: its loss is the *sum* of the networks' losses, so
    each network's weights receive exactly the gradient of its own loss,
    and Adam, which updates every weight on its own, moves each network
    exactly as a separate run would (up to float rounding: the sums are
    taken in another order).

    Parameters
    ----------
    num_seeds : int, default 100
        Networks per width, at least 1.
    steps : int, default 5000
        Full-batch Adam steps, at least 1.
    hidden_units : sequence of int, default (2, 3, 4)
        Hidden-layer widths, distinct, each from 1 to 64.
    seed : int, default 0
        The first seed, of the lottery and of the sweep.
    threshold : float, default :data:`lcdnet.lessons.XNOR_LEARNED_LOSS` (0.001)
        Final loss below which a network counts as having learned XNOR;
        by default the lessons' own, so that "learned XNOR" means the same
        in the lessons and the lab.
    learning_rate : float, default 0.03
    init_scales : sequence of float, default :data:`INIT_SCALES`
        Factors for the narrowest width's initial kernels, distinct, each
        in (0, 100]. 1 is always included.
    scale_seeds : int, default 300
        Networks per initial scale, at least 1.
    longer_steps : int or None, default None
        Total steps of the continued training, at least ``steps``; None
        means ten times ``steps``.

    Returns
    -------
    XnorLotteryResult

    Examples
    --------
    A tiny run, to show the record (the defaults teach the lesson):

    >>> result = xnor_seed_lottery(num_seeds=3, steps=10, hidden_units=(2,),
    ...                            init_scales=(1,), scale_seeds=3)
    >>> 0 <= result.success_fraction(2) <= 1, result.longer_steps
    (True, 100)
    """
    scales = tuple(sorted(set(init_scales) | {1.0}))
    longer_steps = 10 * steps if longer_steps is None else longer_steps
    # The lottery's results are kept while the sweep trains: both count.
    check_fits_in_memory(
        ("num_seeds", "hidden_units", "scale_seeds", "len(init_scales)"),
        (num_seeds, hidden_units, scale_seeds, len(init_scales)),
        len(hidden_units) * num_seeds * _network_bytes(max(hidden_units))
        + len(scales) * scale_seeds * _network_bytes(min(hidden_units)),
    )

    seeds = np.arange(seed, seed + num_seeds)
    lottery, train_seconds, longer_seconds = _train_stacked(
        [(width, 1.0) for width in hidden_units],
        seeds,
        steps,
        longer_steps,
        learning_rate,
        threshold,
    )
    sweep_seeds = np.arange(seed, seed + scale_seeds)
    sweep, scale_seconds, _ = _train_stacked(
        [(min(hidden_units), scale) for scale in scales],
        sweep_seeds,
        steps,
        steps,
        learning_rate,
        threshold,
    )
    return XnorLotteryResult(
        seeds,
        tuple(hidden_units),
        {width: runs for (width, _), runs in lottery.items()},
        scales,
        sweep_seeds,
        {scale: runs for (_, scale), runs in sweep.items()},
        steps,
        longer_steps,
        threshold,
        train_seconds,
        longer_seconds,
        scale_seconds,
    )


def _network_bytes(hidden_units: int) -> float:
    """Over-estimate the peak bytes of one network of the lottery or sweep.

    Its share of the stacked model (:func:`lcdnet._stacked.member_bytes`)
    and what :func:`_train_stacked` keeps of it: five float32 copies of
    its weights (drawn, padded, stacked, trained and trained longer), and
    twice (trained and longer) what :func:`network_state` computes in
    float64: its weights, four arrays of its hidden activations at the four
    corners, and its outputs, targets and errors there.
    """
    weights = xnor_weights(hidden_units)
    state = weights + 4 * 4 * hidden_units + 3 * 4
    return member_bytes(
        weights,
        xnor_batch_values(hidden_units),
        5 * weights * FLOAT_BYTES + 2 * state * FLOAT64_BYTES,
    )


def _train_stacked(
    settings: collections.abc.Sequence[tuple[int, float]],
    seeds: IntArray,
    steps: int,
    longer_steps: int,
    learning_rate: float,
    threshold: float,
) -> tuple[dict[Any, XnorRuns], float, float]:
    """Train one network per (width, scale) setting and seed, all in one model.

    Returns the :class:`XnorRuns` by setting, and the seconds of the first
    ``steps`` and of the continued training (none when ``longer_steps``
    equals ``steps``; the longer results are then NaN).
    """
    widest = max(width for width, _ in settings)
    initial, mask = [], []
    for width, scale in settings:
        for network_seed in seeds:
            kernel, bias, out_kernel, out_bias = _xnor_initial_weights(
                int(network_seed), width
            )
            pad = widest - width
            initial.append(
                [
                    np.pad(kernel * scale, ((0, 0), (0, pad))),
                    np.pad(bias, (0, pad)),
                    np.pad(out_kernel * scale, ((0, pad), (0, 0))),
                    out_bias,
                ]
            )
            mask.append(np.arange(widest) < width)
    stacked = [
        np.stack(arrays).astype("float32")
        for arrays in zip(*initial, strict=True)
    ]
    num_networks = len(initial)

    model = make_stacked_model(
        StackedXnorNetworks(num_networks, widest, np.array(mask)),
        (2,),
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="squared_error",
        name="xnor_lottery",
    )
    model.set_weights(stacked)
    targets = np.tile(XNOR_TARGETS, (1, num_networks))
    start = time.perf_counter()
    train(model, XNOR_INPUTS, targets, steps=steps, log_every=min(steps, 500))
    train_seconds = time.perf_counter() - start
    outputs = predict(model, XNOR_INPUTS).T  # (networks, 4)
    trained = [
        keras.ops.convert_to_numpy(variable)
        for variable in model.get_weights()
    ]
    start = time.perf_counter()
    longer = None
    if longer_steps > steps:
        train(
            model,
            XNOR_INPUTS,
            targets,
            steps=longer_steps - steps,
            log_every=min(longer_steps - steps, 1000),
        )
        longer = [
            keras.ops.convert_to_numpy(variable)
            for variable in model.get_weights()
        ]
    longer_seconds = time.perf_counter() - start

    runs = {}
    for index, (width, scale) in enumerate(settings):
        rows = slice(index * len(seeds), (index + 1) * len(seeds))
        weights = _unpadded(trained, rows, width)
        loss, output, hidden, gradient_norm = network_state(weights)
        if longer is None:
            longer_loss = longer_largest = np.full(len(seeds), np.nan)
        else:
            longer_weights = _unpadded(longer, rows, width)
            longer_loss, longer_largest = (
                network_state(longer_weights)[0],
                _largest(longer_weights),
            )
        saturated = np.minimum(hidden, 1.0 - hidden) < SATURATION_MARGIN
        wrong = (
            np.abs(output - XNOR_TARGETS[:, 0]) > WRONG_CORNER_ERROR
        )  # (N, 4)
        wrong_saturated = (saturated & wrong[:, :, None]).sum(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            wrong_share = wrong_saturated / (wrong.sum(axis=1) * width)
        runs[width, scale] = XnorRuns(
            width,
            scale,
            loss,
            outputs[rows],
            weights,
            saturated.mean(axis=(1, 2)),
            wrong_share,
            gradient_norm,
            _largest(weights),
            longer_loss,
            longer_largest,
            threshold,
        )
    return runs, train_seconds, longer_seconds


def _unpadded(
    arrays: collections.abc.Sequence[np.ndarray], rows: Any, width: int
) -> list[np.ndarray]:
    kernel, bias, out_kernel, out_bias = (array[rows] for array in arrays)
    return [
        kernel[:, :, :width],
        bias[:, :width],
        out_kernel[:, :width, :],
        out_bias,
    ]


def _largest(weights: collections.abc.Sequence[np.ndarray]) -> FloatArray:
    largest: FloatArray = np.max(
        [
            np.abs(array).reshape(len(array), -1).max(axis=1)
            for array in weights
        ],
        axis=0,
    )
    return largest
