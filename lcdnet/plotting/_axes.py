"""What every figure helper shares: argument checks for Axes and models, and
new figures. Pure matplotlib and NumPy. (Labels are checked by
:func:`lcdnet._checks.check_labels`, as everywhere in lcdnet.)"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from lcdnet.plotting.accessibility import set_alt_text

#: Colour of wrong predictions and marked points.
WRONG_COLOR = "tab:red"
#: Inches of a figure as wide as the tutorials' column (776 px at 1280 px)
#: at the 100 dpi it is saved at: shown at its own size, never shrunk.
FULL_WIDTH = 7.7


def check_keras_model(name, model, keras):
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name} must be a keras.Model, got {type(model).__name__}"
        )


def check_ax(ax, *, three_d=False):
    """Return ``ax`` (or None) after checking it is an Axes of the right kind."""
    if ax is None:
        return None
    if not isinstance(ax, Axes):
        raise TypeError(
            f"ax must be a matplotlib Axes or None, got {type(ax).__name__}"
        )
    if three_d and ax.name != "3d":
        raise ValueError(
            'ax must be a 3-D Axes (fig.add_subplot(projection="3d")), '
            f"got a {ax.name!r} Axes"
        )
    if not three_d and ax.name == "3d":
        raise ValueError("ax must be a 2-D Axes, got a '3d' Axes")
    return ax


def check_axes_sequence(name, axes, count, *, what):
    """The Axes in ``axes`` as a flat object array, at least ``count`` of them."""
    if isinstance(axes, Axes):
        axes = [axes]
    if not isinstance(axes, (list, tuple, np.ndarray)):
        raise TypeError(
            f"{name} must be a sequence or array of matplotlib Axes, got {type(axes).__name__}"
        )
    items = list(flatten(axes))
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


def flatten(items):
    for item in items:
        if isinstance(item, (list, tuple, np.ndarray)):
            yield from flatten(item)
        else:
            yield item


def new_panel_grid(
    count, max_columns, *, panel_width, panel_height, extra_width=0.0
):
    """A new figure with ``count`` panels in rows of ``max_columns``; unused cells hidden."""
    ncols = min(max_columns, count)
    nrows = -(-count // ncols)
    _, grid = plt.subplots(
        nrows,
        ncols,
        squeeze=False,
        layout="constrained",
        figsize=(
            ncols * panel_width + extra_width + 0.2,
            nrows * panel_height + 0.2,
        ),
    )
    grid = grid.ravel()
    for hidden in grid[count:]:
        hidden.set_visible(False)
    return grid[:count]


def new_ax(ax, figsize):
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def describe_new(created, ax_or_axes, text):
    """Give a figure the helper created (``created``) its alternative text.

    A figure the caller made, and passed Axes of, is the caller's to
    describe (:func:`lcdnet.plotting.accessibility.set_alt_text`). ``text`` may
    be a callable, called only when needed.
    """
    if not created:
        return
    ax = ax_or_axes
    while not isinstance(ax, Axes):
        ax = ax[0]
    set_alt_text(ax, text() if callable(text) else text)


def count_words(count, noun):
    """``"1 digit"``, ``"2 digits"``: a count and its noun, for alt text.

    >>> count_words(1, "digit"), count_words(1200, "picture")
    ('1 digit', '1,200 pictures')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
