"""What every figure helper shares: argument checks for Axes and models, and
new figures. Pure matplotlib and NumPy. (Labels are checked by
:func:`lcdnet._checks.check_labels`, as everywhere in lcdnet.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeAlias, Union, overload

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from lcdnet.plotting.accessibility import set_alt_text

if TYPE_CHECKING:
    # Any to a type checker: matplotlib's 3-D toolkit ships no types.
    from mpl_toolkits.mplot3d.axes3d import Axes3D

#: Axes as the panel helpers return them: a flat NumPy array of objects.
AxesArray: TypeAlias = NDArray[np.object_]
#: What an ``axes`` argument accepts: one Axes, or Axes in a (nested)
#: sequence or array, such as ``plt.subplots(2, 3)[1]``.
SomeAxes: TypeAlias = Union[Axes, Sequence["SomeAxes"], AxesArray]

#: Colour of wrong predictions and marked points.
WRONG_COLOR = "tab:red"
#: Inches of a figure as wide as the tutorials' column (776 px at 1280 px)
#: at the 100 dpi it is saved at: shown at its own size, never shrunk.
FULL_WIDTH = 7.7


def check_keras_model(name: str, model: object, keras: ModuleType) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name} must be a keras.Model, got {type(model).__name__}"
        )


@overload
def check_ax(
    ax: object, *, three_d: Literal[False] = False
) -> Axes | None: ...
@overload
def check_ax(ax: object, *, three_d: Literal[True]) -> Axes3D | None: ...
def check_ax(ax: object, *, three_d: bool = False) -> Axes | None:
    """Return ``ax`` (or None) after checking it is an Axes of the right
    kind."""
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


def check_axes_sequence(
    name: str, axes: object, count: int, *, what: str
) -> AxesArray:
    """The Axes in ``axes`` as a flat object array, at least ``count`` of
    them."""
    if isinstance(axes, Axes):
        axes = [axes]
    if not isinstance(axes, (list, tuple, np.ndarray)):
        raise TypeError(
            f"{name} must be a sequence or array of matplotlib Axes, got "
            f"{type(axes).__name__}"
        )
    items = list(flatten(axes))
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    for item in flat:
        if not isinstance(item, Axes):
            raise TypeError(
                f"{name} must hold only matplotlib Axes, got a "
                f"{type(item).__name__}"
            )
        if item.name == "3d":
            raise ValueError(f"{name} must hold 2-D Axes, got a '3d' Axes")
    if len(flat) < count:
        raise ValueError(
            f"{name} must hold at least {count} Axes (one per {what}), got "
            f"{len(flat)}"
        )
    return flat


def flatten(items: Iterable[object]) -> Iterator[object]:
    for item in items:
        if isinstance(item, (list, tuple, np.ndarray)):
            yield from flatten(item)
        else:
            yield item


def new_panel_grid(
    count: int,
    max_columns: int,
    *,
    panel_width: float,
    panel_height: float,
    extra_width: float = 0.0,
) -> AxesArray:
    """A new figure with ``count`` panels in rows of ``max_columns``; unused
    cells hidden."""
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


def new_ax(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches when
    it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def describe_new(
    created: bool,
    ax_or_axes: SomeAxes,
    text: str | Callable[[], str],
) -> None:
    """Give a figure the helper created (``created``) its alternative text.

    A figure the caller made, and passed Axes of, is the caller's to
    describe (:func:`lcdnet.set_alt_text`). ``text``
    may be a callable, called only when needed.
    """
    if not created:
        return
    ax = ax_or_axes
    while not isinstance(ax, Axes):
        ax = ax[0]
    set_alt_text(ax, text() if callable(text) else text)


def count_words(count: int, noun: str) -> str:
    """``"1 digit"``, ``"2 digits"``: a count and its noun, for alt text.

    >>> count_words(1, "digit"), count_words(1200, "picture")
    ('1 digit', '1,200 pictures')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
