"""A Keras model's layer stack, drawn: each layer and what it passes on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lcdnet._types import KerasModel
from lcdnet.plotting._axes import (
    check_ax,
    check_keras_model,
    describe_new,
    new_ax,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_layers"]


def _shape(shape: Iterable[int | None]) -> str:
    """``(None, 10, 10, 32)`` as ``10 x 10 x 32`` (one example's shape)."""
    return " x ".join(str(size) for size in tuple(shape)[1:])


def layer_rows(model: KerasModel) -> list[tuple[str, str, int]]:
    """One (kind, what it passes on, parameters) row per layer, input first.

    Examples
    --------
    >>> import lcdnet
    >>> layer_rows(lcdnet.make_linear_model(img_size=5))
    [('Input', '5 x 5', 0), ('Flatten', '25', 0), ('Dense', '10', 260)]
    """
    rows = [("Input", _shape(model.input_shape), 0)]
    for layer in model.layers:
        rows.append(
            (
                type(layer).__name__,
                _shape(layer.output.shape),
                layer.count_params(),
            )
        )
    return rows


def plot_layers(model: KerasModel, *, ax: Axes | None = None) -> Axes:
    """Draw a Keras model's layers as a stack of boxes, input at the top.

    Each box names the layer's kind, its main settings (units, filters and
    kernel size, activation), what it passes on to the next (the shape of
    one example) and the parameters it holds.

    Parameters
    ----------
    model : keras.Model
        A built model, such as :class:`keras.Sequential` with a
        :class:`keras.Input`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None creates a figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import lcdnet
    >>> ax = plot_layers(lcdnet.make_deep_model(img_size=10, seed=0))
    >>> boxes = [text.get_text() for text in ax.texts if text.get_text()]
    >>> for box in boxes[:3]:
    ...     print(box)
    Input
    passes on 10 x 10
    Reshape
    passes on 10 x 10 x 1
    Conv2D: 32 filters 3 x 3, same, relu
    passes on 10 x 10 x 32, 320 parameters
    >>> plt.close("all")
    """
    from lcdnet._backend import keras

    check_keras_model("model", model, keras)
    check_ax(ax)
    rows = layer_rows(model)
    created = ax is None
    ax = new_ax(ax, figsize=(5.2, 0.66 * len(rows) + 0.5))
    box = {
        "boxstyle": "round,pad=0.35",
        "facecolor": "#eef3fb",
        "edgecolor": "#4a6fa5",
    }
    layers = [None, *model.layers]
    for index, ((kind, shape, params), layer) in enumerate(
        zip(rows, layers, strict=True)
    ):
        y = -index
        ax.text(
            0.5,
            y,
            f"{kind}{_settings(layer)}\n"
            f"passes on {shape}{_parameters(params)}",
            ha="center",
            va="center",
            bbox=box,
            fontsize="medium",
        )
        if index:
            ax.annotate(
                "",
                xy=(0.5, y + 0.3),
                xytext=(0.5, y + 0.7),
                arrowprops={"arrowstyle": "->", "color": "#4a6fa5"},
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(-len(rows) + 0.5, 0.5)
    ax.set_axis_off()
    ax.set_title(
        f"{model.name}: {model.count_params():,} parameters", fontsize="medium"
    )
    describe_new(
        created,
        ax,
        lambda: (
            f"Diagram of the {len(rows)} layers of the model {model.name!r}, "
            f"{model.count_params():,} parameters, from its input at the top: "
            + "; ".join(
                f"{kind}, passing on {shape}{_parameters(params)}"
                for kind, shape, params in rows
            )
            + "."
        ),
    )
    return ax


def _settings(layer: Any) -> str:
    """A layer's main settings as ``": 32 filters 3 x 3, same, relu"``; the
    input (``layer`` None) has none. (A Keras layer is Any: Keras ships no
    types.)"""
    if layer is None:
        return ""
    config = layer.get_config()
    parts = []
    if "filters" in config:
        kernel = " x ".join(str(size) for size in config["kernel_size"])
        parts.append(
            f"{config['filters']} filters {kernel}, {config['padding']}"
        )
    elif "units" in config:
        parts.append(f"{config['units']} units")
    if config.get("activation") not in (None, "linear"):
        parts.append(config["activation"])
    return f": {', '.join(parts)}" if parts else ""


def _parameters(count: int) -> str:
    return f", {count:,} parameters" if count else ""
