"""Alternative text for figures: what a figure shows, in words.

A reader who cannot see a figure (a screen reader reads the page aloud)
gets its alternative text instead. Every figure helper of
:mod:`lcdnet.plotting` that creates a figure describes what it drew, from
the data it drew: :func:`alt_text` reads that description back, and
:func:`set_alt_text` replaces it, or describes a figure put together from
several helpers. The documentation's pages use it as each figure's ``alt``
attribute.

The text is kept beside the figure, not in it: nothing is drawn, and a
figure that is closed and gone takes its text with it.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> figure, ax = plt.subplots()
>>> alt_text(figure) is None
True
>>> _ = ax.plot([0, 1], [1, 0])
>>> set_alt_text(ax, "A line falling from 1 to 0.")
>>> alt_text(figure)
'A line falling from 1 to 0.'
>>> plt.close(figure)
"""

from __future__ import annotations

import weakref

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

__all__ = ["set_alt_text", "alt_text"]

_TEXTS: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()


def _figure_of(figure: object) -> Figure:
    """The top-level Figure of a Figure, SubFigure or Axes, else TypeError."""
    if isinstance(figure, Axes):
        figure = figure.figure
    if isinstance(figure, SubFigure):
        figure = figure.figure  # a SubFigure's figure is the top-level one
    if not isinstance(figure, Figure):
        raise TypeError(
            "figure must be a matplotlib Figure or Axes, got "
            f"{type(figure).__name__}"
        )
    return figure


def set_alt_text(figure: Figure | SubFigure | Axes, text: str) -> None:
    """Describe ``figure`` in words: what it shows, and what it tells.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The figure, or any Axes of it.
    text : str
        One or more sentences, on one line, saying what the figure shows
        ("Ten digit pictures ...", not "Figure 1").

    Raises
    ------
    TypeError
        If ``figure`` is neither a Figure nor an Axes, or ``text`` is not
        a string.
    ValueError
        If ``text`` is empty or holds a line break.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> figure, axes = plt.subplots(1, 2)
    >>> set_alt_text(figure, "Two empty panels side by side.")
    >>> alt_text(axes[1])
    'Two empty panels side by side.'
    >>> set_alt_text(figure, "")
    Traceback (most recent call last):
    ...
    ValueError: text must be one non-empty line, got ''
    >>> plt.close(figure)
    """
    figure = _figure_of(figure)
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not text.strip() or "\n" in text:
        raise ValueError(f"text must be one non-empty line, got {text!r}")
    _TEXTS[figure] = text.strip()


def alt_text(figure: Figure | SubFigure | Axes) -> str | None:
    """The description of ``figure`` (Figure or Axes), or None if it has none.

    Raises
    ------
    TypeError
        If ``figure`` is neither a Figure nor an Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import lcdnet
    >>> axes = lcdnet.plot_digits(*lcdnet.generate_digits(10, img_size=5))
    >>> alt_text(axes[0])
    '10 pictures of 5 x 5 pixels, lit pixels dark, each titled with its \
digit (digits 0 to 9).'
    >>> alt_text("a figure")
    Traceback (most recent call last):
    ...
    TypeError: figure must be a matplotlib Figure or Axes, got str
    >>> plt.close("all")
    """
    return _TEXTS.get(_figure_of(figure))
