"""Loss and metric curves of one or several training runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard, Union

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from numpy.typing import ArrayLike, NDArray

from lcdnet._checks import as_numeric_array, check_bool, check_real
from lcdnet._types import FloatArray
from lcdnet.plotting._axes import check_ax, describe_new

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lcdnet.training import TrainingHistory

# A Keras ``History`` (Any to a type checker: Keras ships no types).
_KerasHistory: TypeAlias = Any
# One run's log: an lcdnet TrainingHistory, a Keras History or a dict
# ``{name: values}``.
_RunLog: TypeAlias = Union[
    "TrainingHistory", _KerasHistory, Mapping[str, ArrayLike]
]
# One run's curves: ``{metric: (x, values)}``.
_Curves: TypeAlias = dict[str, tuple[NDArray[Any], FloatArray]]
# The runs to draw, by name (None for a single run).
_Runs: TypeAlias = dict[Union[str, None], _Curves]

__all__ = ["plot_history"]


def plot_history(
    history: _RunLog | Mapping[str, _RunLog],
    *,
    metrics: str | Sequence[str] = ("loss",),
    smoothing: float = 0.0,
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Plot logged loss or metric curves against the training step.

    Parameters
    ----------
    history : TrainingHistory, keras.callbacks.History, dict, or dict of those
        What was logged:

        - an :class:`lcdnet.TrainingHistory` (from :func:`lcdnet.train`):
          x is its ``steps``;
        - a Keras ``History`` (from ``model.fit``): x is the epoch number,
          from 1, and the x axis is labelled "epoch";
        - a dict ``{name: values}``: x is 1 .. len(values);
        - a dict ``{run_name: history}`` of any of the above, to compare
          runs on one plot.
    metrics : str or sequence of str, default ("loss",)
        The logged quantities to draw; every run must have them.
    smoothing : float, default 0.0
        Weight of TensorBoard's smoothing slider, in [0, 1): an exponential
        moving average, debiased so the curve starts at the first value.
        0 draws the raw values. When smoothing, the raw curve is drawn
        faintly behind the smoothed one (and left out of the legend).
    logy : bool, default False
        Use a logarithmic y axis (handy for a loss decaying towards 0).
    ax : matplotlib Axes, optional
        Where to draw; None creates a figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with one labelled line per (run, metric) and a legend.
        Lines are labelled with the metric for a single run, with the run
        name when comparing runs on one metric, and ``"run: metric"``
        otherwise.

    Raises
    ------
    TypeError
        If ``history`` is none of the accepted kinds, or ``metrics``,
        ``smoothing``, ``logy`` or ``ax`` has the wrong type.
    ValueError
        If ``history`` is empty or its values do not match its steps, a
        metric was not logged (the message lists those that were), or
        ``smoothing`` is outside [0, 1).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_history({"loss": [1.0, 0.5, 0.25, 0.125]}, logy=True)
    >>> ax.lines[0].get_xdata().tolist(), ax.get_yscale()
    ([1, 2, 3, 4], 'log')
    >>> ax = plot_history({"fast": {"loss": [1.0, 0.1]},
    ...                    "slow": {"loss": [1.0, 0.8]}})
    >>> [line.get_label() for line in ax.lines]
    ['fast', 'slow']
    >>> ax = plot_history({"loss": [1.0, 0.0, 0.0]}, smoothing=0.5)
    >>> # smoothed; raw line drawn behind
    >>> ax.lines[0].get_ydata().round(4).tolist()
    [1.0, 0.3333, 0.1429]
    >>> plot_history({"loss": [1.0]}, metrics="acc")
    Traceback (most recent call last):
    ...
    ValueError: metrics: 'acc' was not logged in history; available: ['loss']
    >>> plt.close("all")
    """
    runs, x_label = _runs_from(history)
    metrics = _check_metrics(metrics, runs)
    smoothing = check_real(
        "smoothing", smoothing, low=0, high=1, closed="left"
    )
    logy = check_bool("logy", logy)
    ax = check_ax(ax)
    created = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.0), layout="constrained")

    several_runs = len(runs) > 1 or next(iter(runs)) is not None
    for run_name, curves in runs.items():
        for metric in metrics:
            x, values = curves[metric]
            if not several_runs:
                label: str | None = metric
            elif len(metrics) == 1:
                label = run_name
            else:
                label = f"{run_name}: {metric}"
            (line,) = ax.plot(x, _smooth(values, smoothing), label=label)
            if smoothing > 0:
                ax.plot(
                    x,
                    values,
                    color=line.get_color(),
                    alpha=0.3,
                    linewidth=1.0,
                    zorder=line.get_zorder() - 0.1,
                    label=f"_{label} (raw)",
                )
    ax.set_xlabel(x_label)
    ax.set_ylabel(metrics[0] if len(metrics) == 1 else "value")
    if logy:
        ax.set_yscale("log")
        # Within one decade only minor ticks get labels: show them as plain
        # numbers ("2.2") rather than the default "2.2 x 10^0".
        ax.yaxis.set_minor_formatter(ticker.LogFormatter(labelOnlyBase=False))
    ax.grid(True, alpha=0.3)
    ax.legend()
    describe_new(
        created, ax, lambda: _describe_history(runs, metrics, x_label, logy)
    )
    return ax


def _describe_history(
    runs: _Runs, metrics: Sequence[str], x_label: str, logy: bool
) -> str:
    """What :func:`plot_history` drew, in words: each curve's start and end.

    >>> runs = {None: {"loss": (np.array([10, 20]), np.array([0.5, 0.1]))}}
    >>> _describe_history(runs, ("loss",), "step", True)
    'Line chart of the loss against the step, on a logarithmic scale: from \
0.5 at step 10 to 0.1 at step 20.'
    """
    curves = []
    for run_name, run in runs.items():
        for metric in metrics:
            x, values = run[metric]
            name = metric if run_name is None else f"{run_name}, {metric}"
            curves.append(
                (
                    name,
                    f"from {values[0]:.3g} at {x_label} {x[0]:,} "
                    f"to {values[-1]:.3g} at {x_label} {x[-1]:,}",
                )
            )
    what = metrics[0] if len(metrics) == 1 else "logged values"
    scale = ", on a logarithmic scale" if logy else ""
    if len(curves) == 1:
        return (
            f"Line chart of the {what} against the {x_label}{scale}: "
            f"{curves[0][1]}."
        )
    described = "; ".join(f"{name} {change}" for name, change in curves)
    return (
        f"Line chart of the {what} against the {x_label}{scale}, "
        f"{len(curves)} curves: {described}."
    )


def _smooth(values: FloatArray, weight: float) -> FloatArray:
    """TensorBoard's smoothing: debiased exponential moving average.

    Non-finite values are kept as they are and do not enter the average.
    """
    if weight == 0:
        return values
    smoothed = np.empty_like(values)
    last, count = 0.0, 0
    for index, value in enumerate(values):
        if not np.isfinite(value):
            smoothed[index] = value
            continue
        last = last * weight + (1.0 - weight) * value
        count += 1
        smoothed[index] = last / (1.0 - weight**count)
    return smoothed


def _runs_from(history: object) -> tuple[_Runs, str]:
    """``({run name or None: {metric: (x, values)}}, x label)`` from any
    accepted kind."""
    if _is_history_like(history) and not _is_run_mapping(history):
        curves, x_label = _curves_from(history, "history")
        return {None: curves}, x_label
    if not isinstance(history, Mapping):
        raise TypeError(_history_kinds(history))
    if not history:
        raise ValueError(
            "history is empty: it must hold at least one run or logged "
            "quantity"
        )
    runs: _Runs = {}
    x_labels = set()
    for run_name, run in history.items():
        if not _is_history_like(run) or _is_run_mapping(run):
            raise TypeError(
                f"history[{run_name!r}] must be a TrainingHistory, a Keras "
                "History or a dict of logged values, got "
                f"{type(run).__name__}; do not mix runs and logged values in "
                "one dict"
            )
        runs[str(run_name)], x_label = _curves_from(
            run, f"history[{run_name!r}]"
        )
        x_labels.add(x_label)
    return runs, x_labels.pop() if len(x_labels) == 1 else "step"


def _is_history_like(value: object) -> TypeGuard[_RunLog]:
    return isinstance(value, Mapping) or isinstance(
        getattr(value, "history", None), Mapping
    )


def _is_run_mapping(value: object) -> bool:
    """True for a dict whose values are themselves histories (runs to
    compare)."""
    return isinstance(value, Mapping) and any(
        _is_history_like(v) for v in value.values()
    )


def _history_kinds(history: object) -> str:
    return (
        "history must be an lcdnet TrainingHistory, a Keras History, a dict "
        "{name: values} or a dict {run_name: history}, got "
        f"{type(history).__name__}"
    )


def _curves_from(history: _RunLog, where: str) -> tuple[_Curves, str]:
    """``({metric: (x, values)}, x label)`` of one run."""
    if isinstance(history, Mapping):
        logged, steps, x_label = history, None, "step"
    elif hasattr(history, "steps"):  # lcdnet.TrainingHistory
        logged, x_label = history.history, "step"
        steps = as_numeric_array(f"{where}.steps", history.steps)
    else:  # keras.callbacks.History: one value per epoch, numbered from 1
        logged, x_label = history.history, "epoch"
        epoch = getattr(history, "epoch", None)
        steps = None if epoch is None else np.asarray(epoch) + 1
    if not logged:
        raise ValueError(f"{where} is empty: nothing was logged")
    curves = {}
    for name, values in logged.items():
        values = as_numeric_array(
            f"{where}[{name!r}]", values, dtype="float64"
        )
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(
                f"{where}[{name!r}] must be a non-empty 1-D sequence of "
                f"values, got shape {values.shape}"
            )
        x = np.arange(1, len(values) + 1) if steps is None else steps
        if len(x) != len(values):
            raise ValueError(
                f"{where}[{name!r}] has {len(values)} values but {len(x)} "
                "steps were logged"
            )
        curves[str(name)] = (x, values)
    return curves, x_label


def _check_metrics(
    metrics: str | Sequence[str], runs: _Runs
) -> tuple[str, ...]:
    if isinstance(metrics, str):
        metrics = (metrics,)
    try:
        metrics = tuple(metrics)
    except TypeError:
        raise TypeError(
            "metrics must be a metric name or a sequence of names, got "
            f"{metrics!r}"
        ) from None
    if not metrics or not all(isinstance(name, str) for name in metrics):
        raise TypeError(
            "metrics must be a metric name or a non-empty sequence of names, "
            f"got {metrics!r}"
        )
    for run_name, curves in runs.items():
        for name in metrics:
            if name not in curves:
                where = (
                    "history"
                    if run_name is None
                    else f"run {run_name!r} of history"
                )
                raise ValueError(
                    f"metrics: {name!r} was not logged in {where}; "
                    f"available: {sorted(curves)}"
                )
    return metrics
