"""Inside a convolutional network: feature maps, pooled vectors, and how
they move."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import seaborn as sns
from numpy.typing import ArrayLike

from lcdnet._checks import as_numeric_array, check_int
from lcdnet.plotting._axes import (
    AxesArray,
    SomeAxes,
    check_ax,
    check_axes_sequence,
    describe_new,
    new_ax,
    new_panel_grid,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lcdnet.lessons.deep import PositionShift

__all__ = ["plot_feature_maps", "plot_pooled_vectors", "plot_position_shift"]


def plot_feature_maps(
    maps: ArrayLike, *, num_maps: int = 8, axes: SomeAxes | None = None
) -> AxesArray:
    """Draw the strongest feature maps of one image, one panel per filter.

    Parameters
    ----------
    maps : array_like, shape (height, width, filters)
        One image's feature maps, as in
        ``lcdnet.lessons.cnn_activations(...)["conv1"][0]``.
    num_maps : int, default 8
        How many maps to draw: those of the filters with the largest
        response.
    axes : sequence of matplotlib Axes, optional
        At least ``num_maps`` 2-D Axes; None creates a figure.

    Returns
    -------
    numpy.ndarray of Axes
        One per map drawn, titled with its filter's index; every map shares
        one colour scale, from 0 to the largest response, shown by a colour
        bar.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> maps = np.zeros((10, 10, 32)); maps[2, 3, 5] = 2.0; maps[0, 0, 9] = 1.0
    >>> axes = plot_feature_maps(maps, num_maps=2)
    >>> [ax.get_title() for ax in axes]
    ['filter 5', 'filter 9']
    >>> plt.close("all")
    """
    maps = as_numeric_array("maps", maps, dtype="float64")
    if maps.ndim != 3:
        raise ValueError(
            f"maps must have shape (height, width, filters), got {maps.shape}"
        )
    num_maps = check_int(
        "num_maps", num_maps, minimum=1, maximum=maps.shape[-1]
    )
    created = axes is None
    axes = (
        new_panel_grid(
            num_maps, 8, panel_width=0.85, panel_height=1.05, extra_width=0.7
        )
        if created
        else check_axes_sequence("axes", axes, num_maps, what="feature map")
    )
    strongest = np.argsort(-maps.max(axis=(0, 1)), kind="stable")[:num_maps]
    top = maps.max() or 1.0
    # Given Axes may outnumber the maps: the extra ones are left as they are.
    for ax, channel in zip(axes, strongest, strict=False):
        image = ax.imshow(
            maps[:, :, channel], cmap="magma", vmin=0.0, vmax=top
        )
        ax.set_title(f"filter {channel}", fontsize="medium")
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0].figure.colorbar(
        image,
        ax=list(axes[:num_maps]),
        shrink=0.8,
        label="response\n(after ReLU)",
    )
    describe_new(
        created,
        axes,
        (
            f"{num_maps} feature maps of {maps.shape[0]} x {maps.shape[1]} "
            "responses, those of the filters that respond most strongly "
            "(filters "
            + ", ".join(str(channel) for channel in strongest)
            + "), bright where a filter matches the image, on one colour "
            "scale."
        ),
    )
    return axes[:num_maps]


def plot_pooled_vectors(
    vectors: ArrayLike,
    labels: Sequence[str],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Draw pooled feature vectors as lines over the filter index, one per
    label.

    Parameters
    ----------
    vectors : array_like, shape (k, filters)
    labels : sequence of str, length k
        Legend entries, e.g. where the digit sat.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_pooled_vectors([[0, 1, 2], [0, 1, 2.5]], ["left", "right"])
    >>> ([text.get_text() for text in ax.get_legend().get_texts()],
    ...  ax.get_xlabel())
    (['left', 'right'], 'filter of the last convolution')
    >>> plt.close("all")
    """
    vectors = as_numeric_array("vectors", vectors, dtype="float64")
    if vectors.ndim != 2:
        raise ValueError(
            f"vectors must have shape (k, filters), got {vectors.shape}"
        )
    if isinstance(labels, str) or len(labels) != len(vectors):
        raise ValueError(
            f"labels must hold one label per vector ({len(vectors)}), got "
            f"{labels!r}"
        )
    created = ax is None
    ax = new_ax(check_ax(ax), (7.7, 3.2))
    for vector, label in zip(vectors, labels, strict=True):
        ax.plot(
            np.arange(vectors.shape[1]),
            vector,
            marker="o",
            markersize=3,
            label=str(label),
        )
    ax.set_xlabel("filter of the last convolution")
    ax.set_ylabel("pooled response\n(max over the image)")
    ax.legend(fontsize="medium")
    describe_new(
        created,
        ax,
        lambda: (
            f"Line chart of {len(vectors)} pooled vectors of "
            f"{vectors.shape[1]} values, one value per filter, for "
            + ", ".join(str(label) for label in labels)
            + f"; the largest gap between them at one filter is "
            f"{np.ptp(vectors, axis=0).max():.2f}, the largest value "
            f"{vectors.max():.2f}."
        ),
    )
    return ax


def plot_position_shift(
    shift: PositionShift, *, ax: Axes | None = None
) -> Axes:
    """Draw how far the pooled vector moves at each offset, averaged over the
    digits.

    Parameters
    ----------
    shift : lcdnet.lessons.PositionShift
        What :func:`lcdnet.lessons.pooled_position_shift` measured.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        A heat map over (row offset, column offset), each cell annotated
        with the mean relative shift, with a labelled colour bar.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from lcdnet.lessons import PositionShift
    >>> positions = np.array([(r, c) for r in range(2) for c in range(2)])
    >>> shift = PositionShift(positions,
    ...                       np.tile([0.1, 0.2, 0.3, 0.4], (10, 1)),
    ...                       np.ones((10, 4), bool), np.array([True] * 4))
    >>> ax = plot_position_shift(shift)
    >>> [text.get_text() for text in ax.texts]
    ['0.10', '0.20', '0.30', '0.40']
    >>> plt.close("all")
    """
    for name in ("positions", "shifts", "touches_border"):
        if not hasattr(shift, name):
            raise TypeError(
                f"shift must be a PositionShift (lcdnet.lessons."
                f"pooled_position_shift), got {type(shift).__name__}"
            )
    created = ax is None
    ax = new_ax(check_ax(ax), (6.4, 5.0))
    rows, cols = shift.positions.T
    grid = np.full((rows.max() + 1, cols.max() + 1), np.nan)
    grid[rows, cols] = shift.shifts.mean(axis=0)
    sns.heatmap(
        grid,
        ax=ax,
        annot=True,
        fmt=".2f",
        cmap="viridis",
        vmin=0.0,
        square=True,
        cbar_kws={
            "label": "shift of the pooled vector,\nrelative to its mean"
        },
        annot_kws={"fontsize": "medium"},
    )
    ax.set_xlabel("column offset of the digit")
    ax.set_ylabel("row offset of the digit")
    describe_new(
        created,
        ax,
        lambda: (
            f"Heat map of {grid.shape[0]} row offsets by {grid.shape[1]} "
            "column offsets, each cell the mean shift of the pooled vector "
            f"when a digit sits there, from {np.nanmin(grid):.2f} to "
            f"{np.nanmax(grid):.2f}" + _border_means(shift) + "."
        ),
    )
    return ax


def _border_means(shift: PositionShift) -> str:
    """The mean shifts at and off the border, for the offsets there are."""
    means = [
        f"{shift.mean_shift(at_border=at_border):.2f} {where}"
        for at_border, where in (
            (True, "at the offsets touching the border"),
            (False, "inside"),
        )
        if (shift.touches_border == at_border).any()
    ]
    return "; mean " + ", ".join(means) if means else ""
