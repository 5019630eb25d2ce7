"""Overfitting as training goes on: the two accuracies of each model, drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lcdnet.plotting._axes import check_ax, describe_new, new_ax

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lcdnet.lessons.overfitting import OverfittingCurves

__all__ = ["plot_overfitting"]

_COLORS = {"linear": "tab:blue", "deep": "tab:orange"}
_CHANCE = 0.1


def plot_overfitting(
    curves: OverfittingCurves, *, ax: Axes | None = None
) -> Axes:
    """Draw accuracy on training pictures and on new pictures against the step.

    One colour per model; a solid line for its training pictures, a dashed
    line for the new pictures, the gap between them shaded. The regions the
    curves show are named on the figure: *underfitting* where both
    accuracies are still low, *overfitting* where a model is right on its
    training pictures and not on new ones.

    Parameters
    ----------
    curves : lcdnet.lessons.overfitting.OverfittingCurves
        What :func:`lcdnet.lessons.overfitting.overfitting_curves` returns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None creates a figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from lcdnet.lessons.overfitting import OverfittingCurves
    >>> curves = OverfittingCurves(
    ...     np.array([1, 10, 100]),
    ...     {"linear": np.array([0.3, 0.8, 1.0]),
    ...      "deep": np.array([0.2, 0.9, 1.0])},
    ...     {"linear": np.array([0.1, 0.1, 0.1]),
    ...      "deep": np.array([0.2, 0.9, 1.0])},
    ...     273, {})
    >>> ax = plot_overfitting(curves)
    >>> [line.get_label() for line in ax.lines][:2]
    ['linear model, training pictures', 'linear model, new pictures']
    >>> names = [text.get_text().split(":")[0] for text in ax.texts]
    >>> sorted(name for name in names if name)
    ['chance', 'overfitting', 'underfitting']
    >>> plt.close("all")
    """
    from lcdnet.lessons.overfitting import (
        OVERFITTING_MODELS,
        OverfittingCurves,
    )

    if not isinstance(curves, OverfittingCurves):
        raise TypeError(
            f"curves must be an OverfittingCurves, got {type(curves).__name__}"
        )
    check_ax(ax)
    created = ax is None
    ax = new_ax(ax, figsize=(7.5, 5.0))
    steps = curves.steps
    for name, label in OVERFITTING_MODELS.items():
        train, new = curves.train_accuracy[name], curves.new_accuracy[name]
        color = _COLORS[name]
        ax.plot(
            steps,
            train,
            color=color,
            marker="o",
            markersize=4,
            label=f"{label}, training pictures",
        )
        ax.plot(
            steps,
            new,
            color=color,
            linestyle="--",
            marker="s",
            markersize=4,
            label=f"{label}, new pictures",
        )
        ax.fill_between(
            steps, new, train, color=color, alpha=0.12, linewidth=0
        )
    ax.axhline(_CHANCE, color="tab:gray", linewidth=1, linestyle=":")
    ax.text(
        steps[-1],
        _CHANCE + 0.015,
        "chance",
        color="tab:gray",
        ha="right",
        va="bottom",
        fontsize="medium",
    )
    ax.set_xscale("log")
    ax.set_xlabel("training step (log scale)")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.annotate(
        "underfitting:\nlow on both",
        xy=(steps[min(1, len(steps) - 1)], 0.3),
        xytext=(steps[0], 0.62),
        fontsize="medium",
        ha="left",
        arrowprops={"arrowstyle": "->", "color": "black"},
    )
    end = steps[-1]
    low, high = (
        curves.new_accuracy["linear"][-1],
        curves.train_accuracy["linear"][-1],
    )
    ax.annotate(
        "",
        xy=(end, high),
        xytext=(end, low),
        arrowprops={"arrowstyle": "<->", "color": _COLORS["linear"]},
    )
    ax.text(
        end * 0.85,
        0.5 * (low + high),
        "overfitting: right on its\ntraining pictures,\nwrong on new ones",
        ha="right",
        va="center",
        fontsize="medium",
        color=_COLORS["linear"],
    )
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        fontsize="medium",
        ncol=2,
        frameon=False,
    )
    ax.set_title("Same 100 digits, same optimiser: which model overfits?")
    describe_new(
        created,
        ax,
        lambda: (
            "Accuracy against the training step, on a logarithmic scale, of "
            "each model on its training pictures (solid) and on new pictures "
            "(dashed): "
            + "; ".join(
                f"{label} from {curves.train_accuracy[name][0]:.2f} / "
                f"{curves.new_accuracy[name][0]:.2f} at step {steps[0]:,} to "
                f"{curves.train_accuracy[name][-1]:.2f} / "
                f"{curves.new_accuracy[name][-1]:.2f} at step {steps[-1]:,}"
                for name, label in OVERFITTING_MODELS.items()
            )
            + " (training / new); chance is 0.1."
        ),
    )
    return ax
