"""The confusion matrix of a classifier, as a heat map."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib import ticker
from numpy.typing import ArrayLike

from lcdnet._checks import check_choice
from lcdnet._types import IntArray
from lcdnet.metrics import confusion_matrix
from lcdnet.plotting._axes import check_ax, describe_new

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_confusion_matrix"]

#: Accepted values of ``normalize`` in :func:`plot_confusion_matrix`.
NORMALIZE_OPTIONS = (None, "true", "pred", "all")


def plot_confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    num_classes: int = 10,
    normalize: str | None = None,
    ax: Axes | None = None,
) -> Axes:
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
    >>> ax = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], num_classes=3,
    ...                            normalize="true")
    >>> [text.get_text() for text in ax.texts][3:6]
    ['0.00', '0.50', '0.50']
    >>> plt.close("all")
    """
    check_choice("normalize", normalize, NORMALIZE_OPTIONS)

    counts = confusion_matrix(y_true, y_pred, num_classes=num_classes)
    ax = check_ax(ax)
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
        values = np.divide(
            counts, totals, out=np.zeros(counts.shape), where=totals > 0
        )
        fmt, vmax = ".2f", 1.0
    created = ax is None
    if ax is None:
        _, ax = plt.subplots(
            figsize=(1.4 + 0.52 * num_classes, 0.6 + 0.45 * num_classes),
            layout="constrained",
        )
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
        annot_kws={"fontsize": "medium"},
        cbar_kws={
            "label": _COLORBAR_LABELS[normalize],
            "ticks": ticker.MaxNLocator(integer=normalize is None),
        },
        ax=ax,
    )
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.tick_params(axis="y", labelrotation=0)
    describe_new(created, ax, lambda: _describe_confusion(counts))
    return ax


def _describe_confusion(counts: IntArray) -> str:
    """A confusion matrix of counts in words: its diagonal, its extremes.

    >>> print(_describe_confusion(np.array([[3, 1], [0, 4]])))
    Confusion matrix of 8 answers, the true class down the rows and the \
answer across: 7 (88%) on the diagonal, which counts the right answers; \
class 1 is answered most often (5 times), class 1 is recognised best (4 \
of its 4 right).
    """
    total = int(counts.sum())
    right = int(np.trace(counts))
    answers = counts.sum(axis=0)
    recall = np.divide(
        np.diag(counts),
        counts.sum(axis=1),
        out=np.zeros(len(counts)),
        where=counts.sum(axis=1) > 0,
    )
    best = int(recall.argmax())
    return (
        f"Confusion matrix of {total:,} answers, the true class down the "
        f"rows and the answer across: {right:,} ({right / max(total, 1):.0%}) "
        "on the diagonal, which counts the right answers; class "
        f"{int(answers.argmax())} is answered most often "
        f"({int(answers.max()):,} times), class {best} is recognised best "
        f"({int(counts[best, best]):,} of its {int(counts[best].sum()):,} "
        "right)."
    )


_COLORBAR_LABELS = {
    None: "count",
    "true": "share of the true class",
    "pred": "share of the predicted class",
    "all": "share of all examples",
}
