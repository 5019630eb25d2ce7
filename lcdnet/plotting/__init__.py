"""Figures of the lessons: digits, weights, confusion matrices, curves, XNOR,
the lab.

Every helper follows the matplotlib/seaborn convention: it takes ``ax=None``
(or ``axes=None`` when it draws several panels), draws there, creates a
figure only when it is given none, and returns what it drew on. No helper
calls ``plt.show()`` or changes :data:`matplotlib.rcParams`; styles are set
on the artists themselves. Arguments are checked before anything is drawn.

This package reads results, it never trains. Helpers that need a model
(:func:`plot_weights`, :func:`plot_xnor_surface`, :func:`xnor_truth_table`)
import Keras on first use; the others need only NumPy and matplotlib.

One module per subject: :mod:`~lcdnet.plotting.digits` (digits and weight
images), :mod:`~lcdnet.plotting.confusion`, :mod:`~lcdnet.plotting.history`,
:mod:`~lcdnet.plotting.xnor`, :mod:`~lcdnet.plotting.cnn` (inside a
convolutional network), :mod:`~lcdnet.plotting.layers` (a model's layer stack),
:mod:`~lcdnet.plotting.overfitting` (accuracies as training goes on),
:mod:`~lcdnet.plotting.figures` (every figure of a run, saved as PNG files),
and :mod:`~lcdnet.plotting.accessibility` (what each figure shows, in words:
its alternative text).

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

from lcdnet.plotting import (
    accessibility,
    cnn,
    confusion,
    digits,
    history,
    layers,
    overfitting,
    xnor,
)
from lcdnet.plotting.accessibility import *  # noqa: F403
from lcdnet.plotting.cnn import *  # noqa: F403
from lcdnet.plotting.confusion import *  # noqa: F403
from lcdnet.plotting.digits import *  # noqa: F403
from lcdnet.plotting.history import *  # noqa: F403
from lcdnet.plotting.layers import *  # noqa: F403
from lcdnet.plotting.overfitting import *  # noqa: F403
from lcdnet.plotting.xnor import *  # noqa: F403

__all__ = [
    *accessibility.__all__,
    *digits.__all__,
    *confusion.__all__,
    *history.__all__,
    *xnor.__all__,
    *cnn.__all__,
    *layers.__all__,
    *overfitting.__all__,
]
