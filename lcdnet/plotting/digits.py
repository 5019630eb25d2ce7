"""Pictures of digits and of what a linear model's weights look for."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lcdnet._checks import as_numeric_array, check_int, check_labels
from lcdnet._types import FloatArray, IntArray, KerasModel
from lcdnet.plotting._axes import (
    FULL_WIDTH,
    WRONG_COLOR,
    AxesArray,
    SomeAxes,
    check_axes_sequence,
    check_keras_model,
    count_words,
    describe_new,
    new_panel_grid,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.image import AxesImage

__all__ = ["plot_digits", "plot_digit_mosaic", "plot_weights"]

#: Diverging colour map of :func:`plot_weights`: blue negative, red positive.
WEIGHTS_CMAP = "RdBu_r"

# ------------------------------------------------------------------- digits


def plot_digits(
    images: ArrayLike,
    labels: ArrayLike | None = None,
    *,
    predictions: ArrayLike | None = None,
    ncols: int = 10,
    axes: SomeAxes | None = None,
) -> AxesArray:
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
            "images must be an array of shape (n, height, width) with n, "
            f"height and width >= 1, got shape {images.shape}"
        )
    num_images = len(images)
    if labels is not None:
        labels = check_labels("labels", labels, length=num_images)
    if predictions is not None:
        if labels is None:
            raise ValueError(
                "predictions needs labels to compare with: pass labels=... "
                "too, or leave predictions=None"
            )
        predictions = check_labels(
            "predictions", predictions, length=num_images
        )
    ncols = check_int("ncols", ncols, minimum=1)
    created = axes is None
    if axes is None:
        axes = new_panel_grid(
            num_images, ncols, panel_width=0.75, panel_height=0.95
        )
    else:
        axes = check_axes_sequence("axes", axes, num_images, what="image")[
            :num_images
        ]

    finite = images[np.isfinite(images)]
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    vmax = max(1.0, float(finite.max())) if finite.size else 1.0
    for index, ax in enumerate(axes):
        image = images[index]
        ax.imshow(
            image, cmap="Greys", vmin=vmin, vmax=vmax, interpolation="nearest"
        )
        _draw_pixel_grid(ax, image.shape)
        if labels is None:
            continue
        title, wrong = _title(
            labels[index], None if predictions is None else predictions[index]
        )
        ax.set_title(
            title, color=WRONG_COLOR if wrong else "black", fontsize="medium"
        )
        if wrong:
            for spine in ax.spines.values():
                spine.set_edgecolor(WRONG_COLOR)
                spine.set_linewidth(2.0)
    describe_new(
        created, axes, lambda: _describe_digits(images, labels, predictions)
    )
    return axes


def _describe_digits(
    images: NDArray[Any],
    labels: IntArray | None,
    predictions: IntArray | None,
) -> str:
    """What :func:`plot_digits` drew, in words."""
    height, width = images.shape[1:]
    text = (
        f"{count_words(len(images), 'picture')} of {height} x {width} "
        "pixels, lit pixels dark"
    )
    if labels is None:
        return text + "."
    shown = sorted(set(labels.tolist()))
    text += (
        f", each titled with its digit (digits {shown[0]} to {shown[-1]})"
        if len(shown) > 1
        else f", each a {shown[0]}"
    )
    if predictions is None:
        return text + "."
    wrong = int((predictions != labels).sum())
    return (
        text + f"; the model's answer is wrong for {wrong} of them, "
        "framed in red and titled true digit, arrow, answer."
    )


def _title(label: object, prediction: object | None) -> tuple[str, bool]:
    """A picture's title and whether it marks a wrong answer: "3" or
    "3 → 8"."""
    if prediction is None or prediction == label:
        return f"{label}", False
    return f"{label} → {prediction}", True


def plot_digit_mosaic(
    images: ArrayLike,
    labels: ArrayLike | None = None,
    *,
    predictions: ArrayLike | None = None,
    titles: ArrayLike | None = None,
    row_labels: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw rows of digit pictures in one Axes: as :func:`plot_digits` draws
    them, far faster for dozens of pictures.

    Each picture shows its pixels (lit pixels dark) with thin lines at the
    pixel edges, a title above it (its label, or ``"3 → 8"`` in red, framed
    in red, where a prediction is wrong), and each row may carry a label on
    its left. All pictures share one grey scale covering 0..1 (and any
    pixel outside it, such as noise).

    Parameters
    ----------
    images : array_like, shape (rows, columns, height, width)
        The pictures, row by row.
    labels, predictions : array_like of int, shape (rows, columns), optional
        The true label of each picture, and a predicted one (which needs
        ``labels``), as in :func:`plot_digits`.
    titles : array_like of str, shape (rows, columns), optional
        Titles instead of labels (not with ``labels``).
    row_labels : sequence of str, optional
        One label per row, drawn left of it.
    ax : matplotlib Axes, optional
        Where to draw; None creates a figure as wide as the tutorials'
        column.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``images`` is not a non-empty 4-D array, the labels,
        predictions, titles or row labels do not match its rows and
        columns, ``predictions`` comes without ``labels``, or both
        ``labels`` and ``titles`` are given.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(20, img_size=10, seed=0)
    >>> predictions = labels.copy()
    >>> predictions[3] = 8
    >>> ax = plot_digit_mosaic(images.reshape(2, 10, 10, 10),
    ...                        labels.reshape(2, 10),
    ...                        predictions=predictions.reshape(2, 10),
    ...                        row_labels=["first", "second"])
    >>> [text.get_text() for text in ax.texts][:5]
    ['0', '1', '2', '3 → 8', '4']
    >>> ax.texts[3].get_color(), ax.texts[-1].get_text()
    ('tab:red', 'second')
    >>> len(ax.figure.axes), ax.images[0].get_array().shape
    (1, (27, 109))
    >>> plt.close("all")
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    images = as_numeric_array("images", images)
    if images.ndim != 4 or 0 in images.shape:
        raise ValueError(
            "images must be an array of shape (rows, columns, height, width), "
            f"all >= 1, got shape {images.shape}"
        )
    rows, columns, height, width = images.shape
    grid = (rows, columns)
    if labels is not None and titles is not None:
        raise ValueError("give labels or titles, not both")
    if predictions is not None and labels is None:
        raise ValueError(
            "predictions needs labels to compare with: pass labels=... too, "
            "or leave predictions=None"
        )
    marks = np.empty(grid, dtype=object)
    wrong = np.zeros(grid, dtype=bool)
    if labels is not None:
        labels = check_labels(
            "labels", np.ravel(labels), length=rows * columns
        )
        found = (
            None
            if predictions is None
            else check_labels(
                "predictions", np.ravel(predictions), length=rows * columns
            )
        )
        for index, label in enumerate(labels):
            marks.flat[index], wrong.flat[index] = _title(
                label, None if found is None else found[index]
            )
    elif titles is not None:
        titles = np.asarray(titles, dtype=object)
        if titles.shape != grid:
            raise ValueError(
                f"titles must have shape {grid}, got {titles.shape}"
            )
        marks[...] = titles
    if row_labels is not None and len(row_labels) != rows:
        raise ValueError(
            f"row_labels must hold {rows} labels, one per row, "
            f"got {len(row_labels)}"
        )
    # One image: the pictures with one blank pixel between them, and three
    # above each row for its titles.
    step_x, step_y = width + 1, height + 4
    created = ax is None
    if ax is None:
        ax = _mosaic_axes(rows * step_y - 1, columns * step_x - 1, row_labels)
    mosaic = np.full((rows * step_y - 1, columns * step_x - 1), np.nan)
    for row in range(rows):
        for column in range(columns):
            top, left = row * step_y + 3, column * step_x
            mosaic[top : top + height, left : left + width] = images[
                row, column
            ]
    finite = images[np.isfinite(images)]
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    vmax = max(1.0, float(finite.max())) if finite.size else 1.0
    ax.imshow(
        mosaic, cmap="Greys", vmin=vmin, vmax=vmax, interpolation="nearest"
    )
    edges: list[list[tuple[float, float]]] = []
    for row in range(rows):
        for column in range(columns):
            top, left = row * step_y + 3 - 0.5, column * step_x - 0.5
            edges += [
                [(left + x, top), (left + x, top + height)]
                for x in range(width + 1)
            ]
            edges += [
                [(left, top + y), (left + width, top + y)]
                for y in range(height + 1)
            ]
            if marks[row, column] is not None:
                ax.text(
                    left + width / 2,
                    top - 0.4,
                    marks[row, column],
                    ha="center",
                    va="bottom",
                    fontsize="medium",
                    color=WRONG_COLOR if wrong[row, column] else "black",
                )
            frame = WRONG_COLOR if wrong[row, column] else "black"
            ax.add_patch(
                Rectangle(
                    (left, top),
                    width,
                    height,
                    fill=False,
                    edgecolor=frame,
                    linewidth=2.0 if wrong[row, column] else 0.8,
                )
            )
    ax.add_collection(
        LineCollection(edges, colors="0.7", linewidths=0.5), autolim=False
    )
    ax.set_xlim(-0.5, mosaic.shape[1] - 0.5)
    ax.set_ylim(mosaic.shape[0] - 0.5, -0.5)
    if row_labels is not None:
        for row, text in enumerate(row_labels):
            ax.text(
                -1.0,
                row * step_y + 3 + height / 2,
                text,
                ha="right",
                va="center",
                fontsize="medium",
            )
    ax.set_axis_off()
    describe_new(
        created,
        ax,
        lambda: _describe_digits(
            images.reshape(-1, height, width),
            labels,
            None if predictions is None else np.ravel(predictions),
        ),
    )
    return ax


def _mosaic_axes(
    height: int,
    width: int,
    row_labels: Sequence[str] | None,
    margin: float = 0.05,
) -> Axes:
    """A new figure as wide as the column, holding an Axes of exactly
    ``width`` by ``height`` square data pixels, with room on its left for
    the row labels: every text inside the figure, whatever a layout
    engine would make of text outside an Axes."""
    import matplotlib.pyplot as plt

    longest = max((len(str(text)) for text in row_labels or ()), default=0)
    # About 0.09 inches a character at 10 points, and a gap.
    left = longest * 0.09 + 0.15 if longest else margin
    pixel = (FULL_WIDTH - left - margin) / width
    figure = plt.figure(figsize=(FULL_WIDTH, height * pixel + 2 * margin))
    size = figure.get_size_inches()
    return figure.add_axes(
        (
            left / size[0],
            margin / size[1],
            width * pixel / size[0],
            height * pixel / size[1],
        )
    )


def _draw_pixel_grid(ax: Axes, shape: tuple[int, ...]) -> None:
    """Thin lines at the pixel edges of an image drawn by ``imshow``; no
    ticks."""
    height, width = shape
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xticks(np.arange(-0.5, width, 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, height, 1.0), minor=True)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.grid(which="minor", color="0.7", linewidth=0.5)
    ax.set_axisbelow(False)


# ------------------------------------------------------------------ weights


def plot_weights(
    model_or_weights: KerasModel | ArrayLike,
    *,
    img_size: int | None = None,
    axes: SomeAxes | None = None,
) -> AxesArray:
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
    model_or_weights : keras.Model or array_like
        A model whose last Dense layer reads the flattened image (such as
        :func:`lcdnet.make_linear_model`; its kernel is used), or the weight
        matrix itself, of shape (img_size**2, num_classes): one row per
        pixel, one column per class.
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
    >>> (axes[1].images[0].get_array()[0].tolist(),
    ...  float(axes[2].images[0].get_array().min()))
    ([1.0, 1.0, 1.0, 1.0, 1.0], -1.0)
    >>> axes[0].images[0].colorbar is not None
    True
    >>> plt.close("all")
    """
    weights, model_img_size = _weights_from(model_or_weights)
    num_pixels, num_classes = weights.shape
    if img_size is None:
        img_size = (
            model_img_size
            if model_img_size is not None
            else math.isqrt(num_pixels)
        )
        if img_size * img_size != num_pixels:
            raise ValueError(
                f"model_or_weights has {num_pixels} rows (one per pixel), "
                "which is not a perfect square, so img_size cannot be "
                "inferred; plot_weights draws square images and needs weights "
                "of shape (img_size**2, num_classes)"
            )
    else:
        img_size = check_int("img_size", img_size, minimum=1)
        if img_size * img_size != num_pixels:
            raise ValueError(
                f"img_size must satisfy img_size**2 == {num_pixels} (the rows "
                f"of model_or_weights), got img_size={img_size}"
            )
    created = axes is None
    if axes is None:
        axes = new_panel_grid(
            num_classes, 5, panel_width=1.3, panel_height=1.45, extra_width=1.0
        )
    else:
        axes = check_axes_sequence("axes", axes, num_classes, what="class")[
            :num_classes
        ]

    largest = np.abs(weights).max(axis=0)
    scaled = np.divide(
        weights, largest, out=np.zeros_like(weights), where=largest > 0
    )
    images: list[AxesImage] = []
    for class_index, ax in enumerate(axes):
        images.append(
            ax.imshow(
                scaled[:, class_index].reshape(img_size, img_size),
                cmap=WEIGHTS_CMAP,
                vmin=-1.0,
                vmax=1.0,
                interpolation="nearest",
            )
        )
        ax.set_title(f"{class_index}", fontsize="medium")
        ax.set_xticks([])
        ax.set_yticks([])
    figure = axes[0].figure
    # All panels share one colour map and range, so one colour bar serves all.
    colorbar = figure.colorbar(images[0], ax=list(axes), shrink=0.9)
    colorbar.set_label("scaled weight")
    colorbar.set_ticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    describe_new(
        created,
        axes,
        (
            f"{count_words(num_classes, 'picture')} of a linear model's "
            f"weights, one per class 0 to {num_classes - 1}, on the "
            f"{img_size} x {img_size} grid of the image: red where a lit "
            "pixel votes for the class, blue where it votes against, each "
            "picture scaled to its strongest weight."
        ),
    )
    return axes


def _weights_from(model_or_weights: object) -> tuple[FloatArray, int | None]:
    """The (pixels, classes) weight matrix and the model's image side (or
    None)."""
    if isinstance(model_or_weights, (np.ndarray, list, tuple)):
        weights = as_numeric_array(
            "model_or_weights", model_or_weights, dtype="float64"
        )
        img_size = None
    elif hasattr(model_or_weights, "layers"):
        weights, img_size = _linear_kernel(model_or_weights)
    else:
        raise TypeError(
            "model_or_weights must be a Keras model or a weight matrix of "
            "shape (img_size**2, num_classes), got "
            f"{type(model_or_weights).__name__}"
        )
    if weights.ndim != 2 or 0 in weights.shape:
        raise ValueError(
            "model_or_weights must be a weight matrix of shape (img_size**2, "
            f"num_classes), got shape {weights.shape}"
        )
    if not np.isfinite(weights).all():
        raise ValueError(
            "model_or_weights holds NaN or infinite weights; a diverged model?"
        )
    return weights, img_size


def _linear_kernel(model: KerasModel) -> tuple[FloatArray, int | None]:
    """The kernel of the last Dense layer of ``model`` and its square image
    side."""
    from lcdnet._backend import keras

    check_keras_model("model_or_weights", model, keras)
    dense_layers = [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    ]
    if not dense_layers:
        raise ValueError(
            f"model_or_weights: model {model.name!r} has no Dense layer; "
            "plot_weights needs a linear model such as "
            "lcdnet.make_linear_model"
        )
    kernel = keras.ops.convert_to_numpy(dense_layers[-1].kernel).astype(
        "float64"
    )
    input_shape = (
        tuple(model.input_shape[1:])
        if isinstance(model.input_shape, tuple)
        else ()
    )
    num_pixels = math.prod(input_shape) if None not in input_shape else None
    if num_pixels is not None and kernel.shape[0] != num_pixels:
        raise ValueError(
            f"model_or_weights: the last Dense layer of model {model.name!r} "
            f"reads {kernel.shape[0]} features, not the {num_pixels} pixels "
            f"of its input {input_shape}; plot_weights shows the weights of a "
            "linear model such as lcdnet.make_linear_model"
        )
    square = len(input_shape) == 2 and input_shape[0] == input_shape[1]
    return kernel, (input_shape[0] if square else None)
