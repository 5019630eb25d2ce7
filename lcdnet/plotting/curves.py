"""Figures of the learning curves and of the settings search: they read
results, never train.

Each helper draws on the Axes it is given (or on a new figure) and returns
it, with axis labels, units and a legend, so that each figure reads on its
own. Bands are drawn by seaborn's :func:`seaborn.lineplot` with
``errorbar=("pi", 100)``: they span the lowest to the highest value over the
seeds, and the line is their mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from lcdnet._checks import check_bool, check_choice, check_instance
from lcdnet.digits import CHANCE
from lcdnet.lab.learning_curves import CURVES, MIN_NEW_PICTURES, LearningCurves
from lcdnet.lessons.reproduction import (
    NOTEBOOK_VERSIONS,
    TARGETS,
    SettingsSearch,
)
from lcdnet.plotting._axes import FULL_WIDTH, check_ax, describe_new, new_ax
from lcdnet.report import PUBLISHED

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.typing import LineStyleType

__all__ = ["plot_learning_curves", "plot_settings_search"]

#: How each curve is drawn: colour by model, line style by budget (dashes,
#: or None for a solid line).
_CURVE_STYLES: dict[str, tuple[str, tuple[float, float] | None, str]] = {
    "linear_series": ("0.35", (1, 1.5), "X"),
    "linear_passes": ("tab:blue", (5, 2), "s"),
    "linear_converged": ("tab:blue", None, "o"),
    "cnn_passes": ("tab:orange", (5, 2), "s"),
    "cnn_converged": ("tab:orange", None, "o"),
}

_CURVE_AXES = {
    "train_accuracy": "accuracy on its own training pictures",
    "new_accuracy": "accuracy on new pictures",
}

_SEARCH_AXES = {
    "early_accuracy": "training accuracy after 5 steps",
    "train_accuracy": "training accuracy at the end",
    "test_accuracy": "accuracy on fresh digits",
}

#: Colours of the four data variants of the settings search.
_VARIANT_COLORS = {
    (36, "cyclic"): "tab:blue",
    (36, "random"): "tab:cyan",
    (25, "cyclic"): "tab:red",
    (25, "random"): "tab:pink",
}


def _linestyle(dashes: tuple[float, float] | None) -> LineStyleType:
    """A curve's line style: its dashes, or solid without them."""
    return (0, dashes) if dashes else "-"


def plot_learning_curves(
    result: LearningCurves,
    quantity: str = "train_accuracy",
    *,
    ax: Axes | None = None,
    legend: bool = True,
) -> Axes:
    """Draw accuracy against training-set size, one line (and band over seeds)
    per curve.

    Colour tells the model (grey: the series' settings, blue: linear model,
    orange: CNN), line style the budget (dotted: the series' 100 steps,
    dashed: a fixed number of passes, solid: trained to convergence). For
    ``"new_accuracy"`` a dotted line marks chance (0.1) and a grey area the
    sizes whose training sets leave fewer than 10 of the 360 pictures new,
    where no new-picture accuracy is reported.

    Parameters
    ----------
    result : lcdnet.lab.learning_curves.LearningCurves
    quantity : {"train_accuracy", "new_accuracy"}, default "train_accuracy"
    ax : matplotlib Axes, optional
    legend : bool, default True
        Whether to draw the legend (below the Axes).

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, LearningCurves)
    check_choice("quantity", quantity, list(_CURVE_AXES))
    legend = check_bool("legend", legend)
    created = ax is None
    ax = new_ax(check_ax(ax), (FULL_WIDTH, 5.8) if legend else (6.0, 4.2))
    frame = result.frame()
    curves = [curve for curve in CURVES if curve in set(frame["curve"])]
    labels = [result.label(curve) for curve in curves]
    frame = frame.dropna(subset=[quantity])
    # The CNN's curves first and wide, the linear ones on top and narrow: where
    # both sit at 1.0, the CNN's line shows as a rim around the linear one.
    for curve in sorted(curves, key=lambda curve: not curve.startswith("cnn")):
        color, dashes, marker = _CURVE_STYLES[curve]
        wide = curve.startswith("cnn")
        sns.lineplot(
            data=frame[frame["curve"] == curve],
            x="size",
            y=quantity,
            color=color,
            linestyle=_linestyle(dashes),
            marker=marker,
            linewidth=4.0 if wide else 1.6,
            markersize=9 if wide else 5,
            errorbar=("pi", 100),
            err_kws={"alpha": 0.15},
            ax=ax,
        )
    ax.set_xscale("log")
    ax.set_xticks(result.sizes)
    ax.set_xticklabels([f"{size:,}" for size in result.sizes])
    ax.minorticks_off()
    ax.set_ylim(0.0, 1.04)
    ax.set_xlabel("training-set size (examples, log scale)")
    ax.set_ylabel(_CURVE_AXES[quantity])
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=_CURVE_STYLES[curve][0],
            marker=_CURVE_STYLES[curve][2],
            linestyle=_linestyle(_CURVE_STYLES[curve][1]),
            linewidth=3.0 if curve.startswith("cnn") else 1.6,
            label=label,
        )
        for curve, label in zip(curves, labels, strict=True)
    ]
    handles.append(
        Patch(
            color="0.5",
            alpha=0.25,
            label=f"band: lowest to highest of the seeds ({len(result.seeds)} "
            f"linear, {len(result.cnn_seeds)} CNN)",
        )
    )
    if quantity == "new_accuracy":
        ax.axhline(CHANCE, color="black", linestyle=":", linewidth=1)
        handles.append(
            Line2D([], [], color="black", linestyle=":", label="chance (0.1)")
        )
        empty = [
            size
            for size in result.sizes
            if np.nanmean(result.values("linear_series", "num_new", size))
            < MIN_NEW_PICTURES
        ]
        if empty:
            position = result.sizes.index(empty[0])
            left = (
                np.sqrt(result.sizes[position - 1] * empty[0])
                if position
                else empty[0] / 1.5
            )
            ax.axvspan(
                left,
                result.sizes[-1] * 1.5,
                facecolor="0.9",
                edgecolor="0.6",
                hatch="//",
                linewidth=0,
                zorder=0,
            )
            handles.append(
                Patch(
                    facecolor="0.9",
                    edgecolor="0.6",
                    hatch="//",
                    label=f"fewer than {MIN_NEW_PICTURES} of the 360 "
                    "pictures\nare new: nothing to test",
                )
            )
        ax.set_xlim(result.sizes[0] / 1.3, result.sizes[-1] * 1.3)
        ax.set_title(
            "Does the model recognise pictures it has not seen?",
            fontsize="medium",
        )
    else:
        ax.set_title(
            "How well does the model fit its training pictures?",
            fontsize="medium",
        )
    if legend:
        ax.legend(
            handles=handles,
            fontsize="medium",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=2,
            frameon=False,
        )
    describe_new(
        created, ax, lambda: _describe_curves(result, quantity, curves)
    )
    return ax


def _describe_curves(
    result: LearningCurves, quantity: str, curves: list[str]
) -> str:
    """What :func:`plot_learning_curves` draws, in words."""
    lines = []
    for curve in curves:
        sizes = [
            size
            for size in result.curve_sizes(curve)
            if np.isfinite(result.mean(curve, quantity, size))
        ]
        if sizes:
            lines.append(
                f"{result.label(curve)} from "
                f"{result.mean(curve, quantity, sizes[0]):.2f} at "
                f"{sizes[0]:,} to "
                f"{result.mean(curve, quantity, sizes[-1]):.2f} at "
                f"{sizes[-1]:,}"
            )
    return (
        f"Line chart of the {_CURVE_AXES[quantity]} against the size of "
        f"the training set, {result.sizes[0]:,} to {result.sizes[-1]:,} "
        "examples on a logarithmic axis, one line per model and budget "
        "(the mean over the seeds) with a band from the lowest to the "
        "highest seed: " + "; ".join(lines) + "."
    )


def plot_settings_search(
    search: SettingsSearch,
    *,
    learning_rate: float,
    steps: int,
    quantity: str = "train_accuracy",
    ax: Axes | None = None,
    legend: bool | Figure = True,
) -> Axes:
    """Draw one learning rate and step count of the settings search against the
    number of examples.

    One line per data variant (25 or 36 offsets, cyclic or random labels),
    with a band from the lowest to the highest seed; black stars mark the
    published numbers of post B, and a ring the setting of a notebook
    version, where one lies in this panel.

    Parameters
    ----------
    search : lcdnet.lessons.reproduction.SettingsSearch
    learning_rate : float
        One of the search's learning rates.
    steps : int
        One of the search's step counts.
    quantity : {"early_accuracy", "train_accuracy", "test_accuracy"}, optional
        Default "train_accuracy".
    ax : matplotlib Axes, optional
    legend : bool or matplotlib Figure, default True
        Whether to draw the legend, below the Axes; a Figure draws it below
        all the Axes of that figure instead (for a grid of panels: give it
        to one panel).

    Returns
    -------
    matplotlib Axes
    """
    check_instance("search", search, SettingsSearch)
    check_choice(
        "learning_rate",
        learning_rate,
        sorted({setting.learning_rate for setting in search.settings}),
    )
    check_choice(
        "steps", steps, sorted({setting.steps for setting in search.settings})
    )
    check_choice("quantity", quantity, list(_SEARCH_AXES))
    if not isinstance(legend, Figure):
        legend = check_bool("legend", legend)
    created = ax is None
    ax = new_ax(
        check_ax(ax), (FULL_WIDTH, 5.0) if legend is True else (4.6, 3.8)
    )
    frame = search.frame()
    frame = frame[
        (frame["learning_rate"] == learning_rate) & (frame["steps"] == steps)
    ].copy()
    frame["variant"] = [
        f"{offsets} offsets, {labels} labels"
        for offsets, labels in zip(
            frame["offsets"], frame["labels"], strict=True
        )
    ]
    variants = {
        f"{offsets} offsets, {labels} labels": color
        for (offsets, labels), color in _VARIANT_COLORS.items()
        if ((frame["offsets"] == offsets) & (frame["labels"] == labels)).any()
    }
    sns.lineplot(
        data=frame,
        x="examples",
        y=quantity,
        hue="variant",
        hue_order=list(variants),
        palette=variants,
        errorbar=("pi", 100),
        err_kws={"alpha": 0.15},
        marker="o",
        markersize=5,
        ax=ax,
        legend=False,
    )
    handles: list[Artist] = [
        Line2D([], [], color=color, marker="o", label=variant)
        for variant, color in variants.items()
    ]
    targets = [
        (examples, PUBLISHED[key].value)
        for key, (name, examples) in TARGETS.items()
        if name == quantity
    ]
    if targets:
        target_examples, target_values = zip(*targets, strict=True)
        ax.scatter(
            target_examples,
            target_values,
            marker="*",
            s=180,
            color="black",
            zorder=5,
        )
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                marker="*",
                markersize=12,
                linestyle="",
                label="published (post B)",
            )
        )
    ringed = False
    for name, setting in NOTEBOOK_VERSIONS.items():
        if setting.learning_rate != learning_rate or setting.steps != steps:
            continue
        if setting not in search.values[quantity]:
            continue
        value = search.mean(quantity, setting)
        ax.scatter(
            [setting.examples],
            [value],
            s=160,
            facecolor="none",
            edgecolor="black",
            linewidth=1.5,
            zorder=6,
        )
        ax.annotate(
            f"notebook\n{name.split(' (')[0]}",
            (setting.examples, value),
            xytext=(8, -18),
            textcoords="offset points",
            fontsize="medium",
        )
        ringed = True
    if ringed:
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                marker="o",
                markerfacecolor="none",
                markersize=11,
                linestyle="",
                label="a notebook version's setting",
            )
        )
    counts = sorted({setting.examples for setting in search.settings})
    ax.set_xscale("log")
    ax.set_xticks(counts)
    ax.set_xticklabels([f"{count:,}" for count in counts])
    ax.minorticks_off()
    ax.set_ylim(0.0, 1.04)
    ax.set_xlabel("training examples (log scale)")
    ax.set_ylabel(_SEARCH_AXES[quantity])
    ax.set_title(
        f"learning rate {learning_rate:g}, {steps:,} steps", fontsize="medium"
    )
    handles.append(
        Patch(
            color="0.5",
            alpha=0.25,
            label=f"band: lowest to highest of {len(search.seeds)} seeds",
        )
    )
    if legend is True:
        ax.legend(
            handles=handles,
            fontsize="medium",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncol=2,
            frameon=False,
        )
    elif legend:
        legend.legend(
            handles=handles,
            fontsize="medium",
            loc="outside lower center",
            ncol=2,
            frameon=False,
        )
    describe_new(
        created,
        ax,
        lambda: _describe_search(
            search, frame, variants, learning_rate, steps, quantity, targets
        ),
    )
    return ax


def _describe_search(
    search: SettingsSearch,
    frame: pd.DataFrame,
    variants: dict[str, str],
    learning_rate: float,
    steps: int,
    quantity: str,
    targets: list[tuple[int, float | tuple[float, ...]]],
) -> str:
    """What :func:`plot_settings_search` draws, in words."""
    means = frame.groupby(["variant", "examples"])[quantity].mean()
    lines = [
        f"{variant} from {means[variant].iloc[0]:.2f} to "
        f"{means[variant].iloc[-1]:.2f}"
        for variant in variants
    ]
    stars = ", ".join(
        f"{value:.2f} at {examples:,}" for examples, value in targets
    )
    return (
        f"Line chart of the {_SEARCH_AXES[quantity]} against the number "
        f"of training examples on a logarithmic axis, learning rate "
        f"{learning_rate:g} and {steps:,} steps, one line per data "
        f"variant with a band over {len(search.seeds)} seeds: "
        + "; ".join(lines)
        + (f"; the published numbers, as stars: {stars}" if stars else "")
        + "."
    )
