"""Figures of the lessons: digits, weights, confusion matrices, curves, XNOR.

Every helper follows the matplotlib/seaborn convention: it takes ``ax=None``
(or ``axes=None`` when it draws several panels), draws there, creates a
figure only when it is given none, and returns what it drew on. No helper
calls ``plt.show()`` or changes :data:`matplotlib.rcParams`; styles are set
on the artists themselves. Arguments are checked before anything is drawn.

This module reads results, it never trains. Helpers that need a model
(:func:`plot_weights`, :func:`plot_xnor_surface`, :func:`xnor_truth_table`)
or the confusion matrix import Keras and TensorFlow on first use;
:func:`plot_digits` and :func:`plot_history` need only NumPy and matplotlib.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> import lcdnet
>>> images, labels = lcdnet.generate_digits(20, img_size=10, seed=0)
>>> axes = lcdnet.plot_digits(images, labels)
>>> len(axes), axes[3].get_title()
(20, '3')
>>> plt.close("all")
"""

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib import ticker
from matplotlib.axes import Axes

from lcdnet._checks import as_numeric_array, check_int

__all__ = [
    "plot_digits",
    "plot_weights",
    "plot_confusion_matrix",
    "plot_history",
    "plot_xnor_surface",
    "xnor_truth_table",
    "XnorTruthTable",
]

#: Colour of wrong predictions in :func:`plot_digits`.
WRONG_COLOR = "tab:red"
#: Diverging colour map of :func:`plot_weights`: blue negative, red positive.
WEIGHTS_CMAP = "RdBu_r"
#: Accepted values of ``normalize`` in :func:`plot_confusion_matrix`.
NORMALIZE_OPTIONS = (None, "true", "pred", "all")

#: The four corners of the unit square in truth-table order.
XNOR_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
#: XNOR of each row of :data:`XNOR_INPUTS`.
XNOR_TARGETS = np.array([1, 0, 0, 1])


# ------------------------------------------------------------------- digits


def plot_digits(images, labels=None, *, predictions=None, ncols=10, axes=None):
    """Draw images as a grid of panels, one digit per panel.

    Each panel shows the image's pixels (lit pixels dark) with thin lines
    at the pixel edges, so that where a digit sits on the grid is easy to
    read. With ``labels`` each panel is titled with its label; with
    ``predictions`` too, wrong predictions are titled ``"3 → 8"`` (label,
    then prediction) in red and framed in red.

    Parameters
    ----------
    images : array_like, shape (n, height, width)
        The images, n >= 1. All panels share one grey scale covering 0..1
        (and any pixel outside it, such as noise).
    labels : array_like of int, shape (n,), optional
        The true label of each image.
    predictions : array_like of int, shape (n,), optional
        A predicted label for each image; needs ``labels``.
    ncols : int, default 10
        Panels per row when a new figure is created; at least 1.
    axes : sequence or array of matplotlib Axes, optional
        Where to draw: at least n Axes (any shape, read in row-major
        order); image ``i`` goes to the ``i``-th. Extra Axes are left as
        they are. None creates a figure of ``ceil(n / ncols)`` rows and
        hides its unused cells.

    Returns
    -------
    numpy.ndarray of Axes, shape (n,)
        The Axes drawn on, one per image, in image order.

    Raises
    ------
    TypeError
        If an argument has the wrong type (for example ``ncols=2.5``, or
        ``axes`` holding something other than Axes).
    ValueError
        If ``images`` is not a non-empty 3-D array, ``labels`` or
        ``predictions`` do not hold one integer per image, ``predictions``
        comes without ``labels``, ``ncols < 1``, or ``axes`` holds fewer
        Axes than images.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(12, img_size=10, seed=0)
    >>> predictions = labels.copy()
    >>> predictions[3] = 8
    >>> axes = plot_digits(images, labels, predictions=predictions, ncols=6)
    >>> len(axes), len(axes[0].figure.axes)
    (12, 12)
    >>> axes[0].get_title(), axes[3].get_title()
    ('0', '3 → 8')
    >>> bool((axes[5].images[0].get_array() == images[5]).all())
    True
    >>> plt.close("all")
    """
    images = as_numeric_array("images", images)
    if images.ndim != 3 or 0 in images.shape:
        raise ValueError(
            "images must be an array of shape (n, height, width) with n, height and "
            f"width >= 1, got shape {images.shape}"
        )
    num_images = len(images)
    if labels is not None:
        labels = _check_label_array("labels", labels, num_images)
    if predictions is not None:
        if labels is None:
            raise ValueError(
                "predictions needs labels to compare with: pass labels=... too, "
                "or leave predictions=None"
            )
        predictions = _check_label_array("predictions", predictions, num_images)
    ncols = check_int("ncols", ncols, minimum=1)
    if axes is None:
        axes = _new_panel_grid(num_images, ncols, panel_width=1.1, panel_height=1.25)
    else:
        axes = _check_axes_sequence("axes", axes, num_images, what="image")[:num_images]

    finite = images[np.isfinite(images)]
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    vmax = max(1.0, float(finite.max())) if finite.size else 1.0
    for index, ax in enumerate(axes):
        image = images[index]
        ax.imshow(image, cmap="Greys", vmin=vmin, vmax=vmax, interpolation="nearest")
        _draw_pixel_grid(ax, image.shape)
        if labels is None:
            continue
        wrong = predictions is not None and predictions[index] != labels[index]
        if wrong:
            ax.set_title(f"{labels[index]} → {predictions[index]}", color=WRONG_COLOR,
                         fontsize="medium")
            for spine in ax.spines.values():
                spine.set_edgecolor(WRONG_COLOR)
                spine.set_linewidth(2.0)
        else:
            ax.set_title(f"{labels[index]}", fontsize="medium")
    return axes


def _draw_pixel_grid(ax, shape):
    """Thin lines at the pixel edges of an image drawn by ``imshow``; no ticks."""
    height, width = shape
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xticks(np.arange(-0.5, width, 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, height, 1.0), minor=True)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.grid(which="minor", color="0.7", linewidth=0.5)
    ax.set_axisbelow(False)


# ------------------------------------------------------------------ weights


def plot_weights(model_or_weights, *, img_size=None, axes=None):
    """Show a linear model's weights as one image per class.

    Column ``c`` of the weight matrix holds, for every pixel, how much a lit
    pixel there votes for class ``c``. Reshaped to the image grid, it shows
    what the model looks for, or, after training on jittered digits, that
    it learned *where* digits sat rather than what they look like. Each
    column is scaled to [-1, 1] by dividing by its largest absolute value
    (an all-zero column stays zero) and drawn with a diverging colour map
    centred on 0: red votes for the class, blue against it. One colour bar
    serves all panels.

    Parameters
    ----------
    model_or_weights : keras.Model or array_like, shape (img_size**2, num_classes)
        A model whose last Dense layer reads the flattened image (such as
        :func:`lcdnet.make_linear_model`; its kernel is used), or the weight
        matrix itself: one row per pixel, one column per class.
    img_size : int, optional
        Side of the square images. None infers it from the model's input
        shape, or as the square root of the number of rows.
    axes : sequence or array of matplotlib Axes, optional
        At least ``num_classes`` Axes; class ``c`` goes to the ``c``-th.
        The colour bar takes space from them. None creates a figure with
        up to five panels per row.

    Returns
    -------
    numpy.ndarray of Axes, shape (num_classes,)
        One Axes per class, in class order.

    Raises
    ------
    TypeError
        If ``model_or_weights`` is neither a Keras model nor a numeric
        array, or ``img_size`` or ``axes`` has the wrong type.
    ValueError
        If the weights are not a finite 2-D matrix, the model has no Dense
        layer reading its pixels, or the number of rows is not
        ``img_size**2`` (a perfect square when ``img_size`` is None).

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> weights = np.zeros((25, 10))
    >>> weights[:5, 1] = 2.0  # class 1 likes the top row
    >>> weights[:5, 2] = -4.0
    >>> axes = plot_weights(weights)
    >>> len(axes), axes[0].images[0].get_array().shape
    (10, (5, 5))
    >>> axes[1].images[0].get_array()[0].tolist(), float(axes[2].images[0].get_array().min())
    ([1.0, 1.0, 1.0, 1.0, 1.0], -1.0)
    >>> axes[0].images[0].colorbar is not None
    True
    >>> plt.close("all")
    """
    weights, model_img_size = _weights_from(model_or_weights)
    num_pixels, num_classes = weights.shape
    if img_size is None:
        img_size = model_img_size if model_img_size is not None else math.isqrt(num_pixels)
        if img_size * img_size != num_pixels:
            raise ValueError(
                f"model_or_weights has {num_pixels} rows (one per pixel), which is not a "
                "perfect square, so img_size cannot be inferred; plot_weights draws "
                "square images and needs weights of shape (img_size**2, num_classes)"
            )
    else:
        img_size = check_int("img_size", img_size, minimum=1)
        if img_size * img_size != num_pixels:
            raise ValueError(
                f"img_size must satisfy img_size**2 == {num_pixels} (the rows of "
                f"model_or_weights), got img_size={img_size}"
            )
    if axes is None:
        axes = _new_panel_grid(num_classes, 5, panel_width=1.6, panel_height=1.7,
                               extra_width=0.9)
    else:
        axes = _check_axes_sequence("axes", axes, num_classes, what="class")[:num_classes]

    largest = np.abs(weights).max(axis=0)
    scaled = np.divide(weights, largest, out=np.zeros_like(weights), where=largest > 0)
    images = []
    for class_index, ax in enumerate(axes):
        images.append(ax.imshow(scaled[:, class_index].reshape(img_size, img_size),
                                cmap=WEIGHTS_CMAP, vmin=-1.0, vmax=1.0,
                                interpolation="nearest"))
        ax.set_title(f"{class_index}", fontsize="medium")
        ax.set_xticks([])
        ax.set_yticks([])
    figure = axes[0].figure
    # All panels share one colour map and range, so one colour bar serves all.
    colorbar = figure.colorbar(images[0], ax=list(axes), shrink=0.9)
    colorbar.set_label("scaled weight")
    colorbar.set_ticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    return axes


def _weights_from(model_or_weights):
    """The (pixels, classes) weight matrix and the model's image side (or None)."""
    if isinstance(model_or_weights, (np.ndarray, list, tuple)):
        weights = as_numeric_array("model_or_weights", model_or_weights, dtype="float64")
        img_size = None
    elif hasattr(model_or_weights, "layers"):
        weights, img_size = _linear_kernel(model_or_weights)
    else:
        raise TypeError(
            "model_or_weights must be a Keras model or a weight matrix of shape "
            f"(img_size**2, num_classes), got {type(model_or_weights).__name__}"
        )
    if weights.ndim != 2 or 0 in weights.shape:
        raise ValueError(
            "model_or_weights must be a weight matrix of shape (img_size**2, num_classes), "
            f"got shape {weights.shape}"
        )
    if not np.isfinite(weights).all():
        raise ValueError("model_or_weights holds NaN or infinite weights; a diverged model?")
    return weights, img_size


def _linear_kernel(model):
    """The kernel of the last Dense layer of ``model`` and its square image side."""
    from lcdnet._backend import keras

    _check_keras_model("model_or_weights", model, keras)
    dense_layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not dense_layers:
        raise ValueError(
            f"model_or_weights: model {model.name!r} has no Dense layer; plot_weights needs "
            "a linear model such as lcdnet.make_linear_model"
        )
    kernel = keras.ops.convert_to_numpy(dense_layers[-1].kernel).astype("float64")
    input_shape = tuple(model.input_shape[1:]) if isinstance(model.input_shape, tuple) else ()
    num_pixels = math.prod(input_shape) if None not in input_shape else None
    if num_pixels is not None and kernel.shape[0] != num_pixels:
        raise ValueError(
            f"model_or_weights: the last Dense layer of model {model.name!r} reads "
            f"{kernel.shape[0]} features, not the {num_pixels} pixels of its input "
            f"{input_shape}; plot_weights shows the weights of a linear model such as "
            "lcdnet.make_linear_model"
        )
    square = len(input_shape) == 2 and input_shape[0] == input_shape[1]
    return kernel, (input_shape[0] if square else None)


# --------------------------------------------------------- confusion matrix


def plot_confusion_matrix(y_true, y_pred, *, num_classes=10, normalize=None, ax=None):
    """Draw the confusion matrix as an annotated heat map.

    Row ``i``, column ``j`` counts the examples of class ``i`` predicted as
    ``j`` (:func:`lcdnet.confusion_matrix`): a perfect classifier fills
    only the diagonal.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        Labels and predictions, each in ``0 .. num_classes - 1``.
    num_classes : int, default 10
        Number of classes (rows and columns); at least 1.
    normalize : {None, "true", "pred", "all"}, default None
        None annotates counts. ``"true"`` divides each row by its total
        (rows sum to 1: the share of each class predicted as each label),
        ``"pred"`` each column, ``"all"`` the whole matrix. Empty rows or
        columns stay 0.
    ax : matplotlib Axes, optional
        Where to draw; None creates a figure.

    Returns
    -------
    matplotlib.axes.Axes
        The heat map's Axes: x axis "predicted", y axis "true".

    Raises
    ------
    TypeError
        If the labels are not numeric or ``ax`` is not a 2-D Axes.
    ValueError
        If the labels are not 1-D integers in range, differ in length, or
        ``normalize`` is not one of the accepted values.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], num_classes=3)
    >>> [text.get_text() for text in ax.texts]
    ['1', '0', '0', '0', '1', '1', '0', '0', '1']
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('predicted', 'true')
    >>> ax = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], num_classes=3, normalize="true")
    >>> [text.get_text() for text in ax.texts][3:6]
    ['0.00', '0.50', '0.50']
    >>> plt.close("all")
    """
    if not (normalize is None or (isinstance(normalize, str) and normalize in NORMALIZE_OPTIONS)):
        raise ValueError(
            f"normalize must be one of {list(NORMALIZE_OPTIONS)}, got {normalize!r}"
        )
    from lcdnet.training import confusion_matrix

    counts = confusion_matrix(y_true, y_pred, num_classes=num_classes)
    ax = _check_ax(ax)
    num_classes = counts.shape[0]
    if normalize is None:
        values, fmt, vmax = counts, "d", None
    else:
        totals = {
            "true": counts.sum(axis=1, keepdims=True),
            "pred": counts.sum(axis=0, keepdims=True),
            "all": counts.sum(),
        }[normalize]
        totals = np.broadcast_to(totals, counts.shape)
        values = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
        fmt, vmax = ".2f", 1.0
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.5 * num_classes, 0.5 + 0.45 * num_classes),
                             layout="constrained")
    sns.heatmap(
        values,
        annot=True,
        fmt=fmt,
        cmap="Blues",
        vmin=0,
        vmax=vmax,
        square=True,
        linewidths=0.5,
        linecolor="white",
        xticklabels=range(num_classes),
        yticklabels=range(num_classes),
        annot_kws={"fontsize": "small"},
        cbar_kws={
            "label": _COLORBAR_LABELS[normalize],
            "ticks": ticker.MaxNLocator(integer=normalize is None),
        },
        ax=ax,
    )
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.tick_params(axis="y", labelrotation=0)
    return ax


_COLORBAR_LABELS = {
    None: "count",
    "true": "share of the true class",
    "pred": "share of the predicted class",
    "all": "share of all examples",
}


# ------------------------------------------------------------------ history


def plot_history(history, *, metrics=("loss",), smoothing=0.0, logy=False, ax=None):
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
    >>> ax = plot_history({"fast": {"loss": [1.0, 0.1]}, "slow": {"loss": [1.0, 0.8]}})
    >>> [line.get_label() for line in ax.lines]
    ['fast', 'slow']
    >>> ax = plot_history({"loss": [1.0, 0.0, 0.0]}, smoothing=0.5)
    >>> ax.lines[0].get_ydata().round(4).tolist()  # smoothed; raw line drawn behind
    [1.0, 0.3333, 0.1429]
    >>> plot_history({"loss": [1.0]}, metrics="acc")
    Traceback (most recent call last):
    ...
    ValueError: metrics: 'acc' was not logged in history; available: ['loss']
    >>> plt.close("all")
    """
    runs, x_label = _runs_from(history)
    metrics = _check_metrics(metrics, runs)
    if isinstance(smoothing, bool) or not isinstance(smoothing, numbers.Real):
        raise TypeError(f"smoothing must be a number in [0, 1), got {smoothing!r}")
    if not 0.0 <= smoothing < 1.0:
        raise ValueError(f"smoothing must be a number in [0, 1), got {smoothing!r}")
    if not isinstance(logy, (bool, np.bool_)):
        raise TypeError(f"logy must be True or False, got {logy!r}")
    ax = _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.0), layout="constrained")

    several_runs = len(runs) > 1 or next(iter(runs)) is not None
    for run_name, curves in runs.items():
        for metric in metrics:
            x, values = curves[metric]
            if not several_runs:
                label = metric
            elif len(metrics) == 1:
                label = run_name
            else:
                label = f"{run_name}: {metric}"
            line, = ax.plot(x, _smooth(values, smoothing), label=label)
            if smoothing > 0:
                ax.plot(x, values, color=line.get_color(), alpha=0.3, linewidth=1.0,
                        zorder=line.get_zorder() - 0.1, label=f"_{label} (raw)")
    ax.set_xlabel(x_label)
    ax.set_ylabel(metrics[0] if len(metrics) == 1 else "value")
    if logy:
        ax.set_yscale("log")
        # Within one decade only minor ticks get labels: show them as plain
        # numbers ("2.2") rather than the default "2.2 x 10^0".
        ax.yaxis.set_minor_formatter(ticker.LogFormatter(labelOnlyBase=False))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def _smooth(values, weight):
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


def _runs_from(history):
    """``({run name or None: {metric: (x, values)}}, x label)`` from any accepted kind."""
    if _is_history_like(history) and not _is_run_mapping(history):
        curves, x_label = _curves_from(history, "history")
        return {None: curves}, x_label
    if not isinstance(history, Mapping):
        raise TypeError(_history_kinds(history))
    if not history:
        raise ValueError("history is empty: it must hold at least one run or logged quantity")
    runs, x_labels = {}, set()
    for run_name, run in history.items():
        if not _is_history_like(run) or _is_run_mapping(run):
            raise TypeError(
                f"history[{run_name!r}] must be a TrainingHistory, a Keras History or a dict "
                f"of logged values, got {type(run).__name__}; "
                "do not mix runs and logged values in one dict"
            )
        runs[str(run_name)], x_label = _curves_from(run, f"history[{run_name!r}]")
        x_labels.add(x_label)
    return runs, x_labels.pop() if len(x_labels) == 1 else "step"


def _is_history_like(value):
    return isinstance(value, Mapping) or isinstance(getattr(value, "history", None), Mapping)


def _is_run_mapping(value):
    """True for a dict whose values are themselves histories (runs to compare)."""
    return isinstance(value, Mapping) and any(_is_history_like(v) for v in value.values())


def _history_kinds(history):
    return (
        "history must be an lcdnet TrainingHistory, a Keras History, a dict "
        f"{{name: values}} or a dict {{run_name: history}}, got {type(history).__name__}"
    )


def _curves_from(history, where):
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
        values = as_numeric_array(f"{where}[{name!r}]", values, dtype="float64")
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(
                f"{where}[{name!r}] must be a non-empty 1-D sequence of values, "
                f"got shape {values.shape}"
            )
        x = np.arange(1, len(values) + 1) if steps is None else steps
        if len(x) != len(values):
            raise ValueError(
                f"{where}[{name!r}] has {len(values)} values but {len(x)} steps were logged"
            )
        curves[str(name)] = (x, values)
    return curves, x_label


def _check_metrics(metrics, runs):
    if isinstance(metrics, str):
        metrics = (metrics,)
    try:
        metrics = tuple(metrics)
    except TypeError:
        raise TypeError(
            f"metrics must be a metric name or a sequence of names, got {metrics!r}"
        ) from None
    if not metrics or not all(isinstance(name, str) for name in metrics):
        raise TypeError(
            f"metrics must be a metric name or a non-empty sequence of names, got {metrics!r}"
        )
    for run_name, curves in runs.items():
        for name in metrics:
            if name not in curves:
                where = "history" if run_name is None else f"run {run_name!r} of history"
                raise ValueError(
                    f"metrics: {name!r} was not logged in {where}; "
                    f"available: {sorted(curves)}"
                )
    return metrics


# --------------------------------------------------------------------- XNOR


def plot_xnor_surface(model, *, resolution=100, ax=None, mark_corners=True):
    """Draw a two-input network's output over the unit square as a 3-D surface.

    The model is evaluated in one vectorised call on the ``resolution**2``
    points of a regular mesh over [0, 1] x [0, 1] (the series found this
    about 200 times faster than a loop over points). A network that learned
    XNOR shows two high corners, (0, 0) and (1, 1), and two low ones.

    Parameters
    ----------
    model : keras.Model
        A model with input shape (None, 2) and output shape (None, 1), such
        as :func:`lcdnet.make_xnor_model`.
    resolution : int, default 100
        Mesh points along each axis, at least 2; both 0 and 1 are included.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3-D Axes (``fig.add_subplot(projection="3d")``); None creates a
        figure with one.
    mark_corners : bool, default True
        Mark the four corners of the square with dots labelled with the
        model's output there (the truth table, see :func:`xnor_truth_table`).

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
        The Axes, with the surface as its first collection (faces coloured
        by height, 0 to 1), axes labelled x1, x2 and output, and z limits
        0 to 1.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model, or ``resolution``, ``ax`` or
        ``mark_corners`` has the wrong type.
    ValueError
        If the model does not map 2 inputs to 1 output, ``resolution < 2``,
        or ``ax`` is not a 3-D Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import lcdnet
    >>> ax = plot_xnor_surface(lcdnet.make_xnor_model(weights="ng"), resolution=20)
    >>> ax.name, [float(z) for z in ax.get_zlim()], ax.get_xlabel()
    ('3d', [0.0, 1.0], 'x1')
    >>> [text.get_text() for text in ax.texts]
    ['1.000', '0.000', '0.000', '1.000']
    >>> fig, flat_ax = plt.subplots()
    >>> plot_xnor_surface(lcdnet.make_xnor_model(weights="ng"), ax=flat_ax)
    Traceback (most recent call last):
    ...
    ValueError: ax must be a 3-D Axes (fig.add_subplot(projection="3d")), got a 'rectilinear' Axes
    >>> plt.close("all")
    """
    _check_xnor_model(model)
    resolution = check_int("resolution", resolution, minimum=2)
    if not isinstance(mark_corners, (bool, np.bool_)):
        raise TypeError(f"mark_corners must be True or False, got {mark_corners!r}")
    ax = _check_ax(ax, three_d=True)
    from lcdnet import training

    grid = np.linspace(0.0, 1.0, resolution)
    x1, x2 = np.meshgrid(grid, grid)  # x1 varies along columns, x2 along rows
    points = np.column_stack([x1.ravel(), x2.ravel()]).astype("float32")
    output = training.predict(model, points).reshape(resolution, resolution)

    if ax is None:
        figure = plt.figure(figsize=(6.0, 5.0), layout="constrained")
        ax = figure.add_subplot(projection="3d")
    ax.plot_surface(x1, x2, output, rcount=resolution, ccount=resolution, cmap="viridis",
                    vmin=0.0, vmax=1.0, linewidth=0, antialiased=False, alpha=0.9)
    if mark_corners:
        # Corner (x1, x2) sits at row x2, column x1 of the mesh.
        corners = XNOR_INPUTS * (resolution - 1)
        values = output[corners[:, 1], corners[:, 0]]
        ax.scatter(XNOR_INPUTS[:, 0], XNOR_INPUTS[:, 1], values, color=WRONG_COLOR,
                   s=25, depthshade=False)
        for (corner_x1, corner_x2), value in zip(XNOR_INPUTS, values):
            # Above the surface's depth-sorted polygons, so no corner label hides.
            ax.text(corner_x1, corner_x2, value + 0.06, f"{value:.3f}", ha="center",
                    fontsize="small", color=WRONG_COLOR, zorder=1e4)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_zlabel("output")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_zlim(0.0, 1.0)
    return ax


@dataclass(frozen=True, eq=False)
class XnorTruthTable:
    """A model's outputs at the four corners of the unit square, next to XNOR.

    Made by :func:`xnor_truth_table`. The arrays are read-only.

    Attributes
    ----------
    inputs : numpy.ndarray of int, shape (4, 2)
        The corners in truth-table order: (0, 0), (0, 1), (1, 0), (1, 1);
        columns x1 and x2.
    outputs : numpy.ndarray of float, shape (4,)
        The model's output for each row of ``inputs``.
    targets : numpy.ndarray of int, shape (4,)
        XNOR of each row: 1, 0, 0, 1.

    Examples
    --------
    >>> table = XnorTruthTable(XNOR_INPUTS, [0.996, 0.005, 0.004, 0.997], XNOR_TARGETS)
    >>> print(table)
    x1  x2  output  target
     0   0  0.9960       1
     0   1  0.0050       0
     1   0  0.0040       0
     1   1  0.9970       1
    >>> round(table.max_error, 3)
    0.005
    """

    inputs: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray

    def __post_init__(self):
        shapes = {"inputs": (4, 2), "outputs": (4,), "targets": (4,)}
        for name, shape in shapes.items():
            dtype = "float64" if name == "outputs" else None
            array = as_numeric_array(name, getattr(self, name), dtype=dtype)
            if array.shape != shape:
                raise ValueError(f"{name} must have shape {shape}, got {array.shape}")
            # A private copy: freezing it must not freeze the caller's array.
            array = array.astype(int) if name != "outputs" else array.copy()
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def max_error(self):
        """Largest absolute difference between an output and its target."""
        return float(np.max(np.abs(self.outputs - self.targets)))

    def __str__(self):
        lines = [f"{'x1':>2}  {'x2':>2}  {'output':>6}  {'target':>6}"]
        for (x1, x2), output, target in zip(self.inputs, self.outputs, self.targets):
            lines.append(f"{x1:>2d}  {x2:>2d}  {output:>6.4f}  {target:>6d}")
        return "\n".join(lines)


def xnor_truth_table(model):
    """Evaluate a two-input network at the corners of the unit square.

    The rows are indexed correctly: row (0, 1) holds the output for
    x1 = 0, x2 = 1. (The original series' printout read its mesh so that
    the (0, 1) and (1, 0) rows were swapped; for XNOR, which is symmetric,
    the slip was invisible.)

    Parameters
    ----------
    model : keras.Model
        A model with input shape (None, 2) and output shape (None, 1), such
        as :func:`lcdnet.make_xnor_model`.

    Returns
    -------
    XnorTruthTable
        Inputs, outputs and XNOR targets; ``print`` it for an aligned
        table, and read ``max_error`` for the worst corner.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    ValueError
        If the model does not map 2 inputs to 1 output.

    Examples
    --------
    >>> import lcdnet
    >>> table = xnor_truth_table(lcdnet.make_xnor_model(weights="ng"))
    >>> print(table)
    x1  x2  output  target
     0   0  1.0000       1
     0   1  0.0000       0
     1   0  0.0000       0
     1   1  1.0000       1
    >>> table.max_error < 1e-3
    True
    """
    _check_xnor_model(model)
    from lcdnet import training

    outputs = training.predict(model, XNOR_INPUTS.astype("float32")).reshape(4)
    return XnorTruthTable(XNOR_INPUTS, outputs.astype("float64"), XNOR_TARGETS)


def _check_xnor_model(model):
    from lcdnet._backend import keras

    _check_keras_model("model", model, keras)
    input_shape, output_shape = model.input_shape, model.output_shape
    if input_shape != (None, 2) or output_shape != (None, 1):
        raise ValueError(
            "model must map 2 inputs to 1 output (input shape (None, 2), output shape "
            f"(None, 1)), such as lcdnet.make_xnor_model(); model {model.name!r} has "
            f"input shape {input_shape} and output shape {output_shape}"
        )


# ------------------------------------------------------------ shared checks


def _check_keras_model(name, model, keras):
    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a keras.Model, got {type(model).__name__}")


def _check_label_array(name, values, num_images):
    values = as_numeric_array(name, values)
    if values.ndim != 1 or len(values) != num_images:
        raise ValueError(
            f"{name} must hold one label per image ({num_images}), got shape {values.shape}"
        )
    if not np.issubdtype(values.dtype, np.integer):
        raise ValueError(f"{name} must hold integer labels, got dtype {values.dtype}")
    return values


def _check_ax(ax, *, three_d=False):
    """Return ``ax`` (or None) after checking it is an Axes of the right kind."""
    if ax is None:
        return None
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if three_d and ax.name != "3d":
        raise ValueError(
            'ax must be a 3-D Axes (fig.add_subplot(projection="3d")), '
            f"got a {ax.name!r} Axes"
        )
    if not three_d and ax.name == "3d":
        raise ValueError("ax must be a 2-D Axes, got a '3d' Axes")
    return ax


def _check_axes_sequence(name, axes, count, *, what):
    """The Axes in ``axes`` as a flat object array, at least ``count`` of them."""
    if isinstance(axes, Axes):
        axes = [axes]
    if not isinstance(axes, (list, tuple, np.ndarray)):
        raise TypeError(
            f"{name} must be a sequence or array of matplotlib Axes, got {type(axes).__name__}"
        )
    items = list(_flatten(axes))
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    for item in flat:
        if not isinstance(item, Axes):
            raise TypeError(
                f"{name} must hold only matplotlib Axes, got a {type(item).__name__}"
            )
        if item.name == "3d":
            raise ValueError(f"{name} must hold 2-D Axes, got a '3d' Axes")
    if len(flat) < count:
        raise ValueError(
            f"{name} must hold at least {count} Axes (one per {what}), got {len(flat)}"
        )
    return flat


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple, np.ndarray)):
            yield from _flatten(item)
        else:
            yield item


def _new_panel_grid(count, max_columns, *, panel_width, panel_height, extra_width=0.0):
    """A new figure with ``count`` panels in rows of ``max_columns``; unused cells hidden."""
    ncols = min(max_columns, count)
    nrows = -(-count // ncols)
    _, grid = plt.subplots(
        nrows, ncols, squeeze=False, layout="constrained",
        figsize=(ncols * panel_width + extra_width + 0.2, nrows * panel_height + 0.2),
    )
    grid = grid.ravel()
    for hidden in grid[count:]:
        hidden.set_visible(False)
    return grid[:count]
