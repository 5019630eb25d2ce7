"""Figures of the generalisation lab (:mod:`lcdnet.lab`): they read results,
never train.

Each helper draws on the Axes it is given (or on a new figure) and returns
it, with axis labels, units and, wherever it draws more than one line or
kind of mark, a legend: each figure should read on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.patches import Patch, Rectangle

from lcdnet._checks import check_bool, check_choice, check_instance
from lcdnet._grid import SHAPE_SIZE
from lcdnet.digits import CHANCE
from lcdnet.lab import (
    CorruptionSweepResult,
    HeldOutPositionsResult,
    ShortcutPhaseDiagram,
    TankStoryResult,
    XnorLotteryResult,
)
from lcdnet.lab._common import MODEL_LABELS
from lcdnet.plotting._axes import FULL_WIDTH, check_ax, describe_new, new_ax

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lcdnet.runner import RunRecord

__all__ = [
    "plot_position_accuracy",
    "plot_corruption_sweep",
    "plot_decision_weights",
    "plot_cue_tests",
    "plot_phase_diagram",
    "plot_lottery",
    "plot_init_scales",
    "lab_figures",
]

_CORRUPTION_AXES = {
    "noise": "pixel noise\n(standard deviation)",
    "cutoff": "cutoff (pixels a digit\nmay hang outside)",
    "shadow": "shadow strength\n(1: dark side black)",
}


def lab_figures(record: RunRecord) -> dict[str, Callable[[], Any]]:
    """The figures of the four labs, as ``{file name: draw()}`` for
    :func:`lcdnet.plotting.figures.save_figures`.

    Parameters
    ----------
    record : lcdnet.runner.RunRecord
        What :func:`lcdnet.lab.run_lab` returned.
    """
    results = record.results
    held_out: HeldOutPositionsResult = results["held_out_positions"]
    corruptions: CorruptionSweepResult = results["corruption_sweep"]
    tank: TankStoryResult = results["tank_story"]
    lottery: XnorLotteryResult = results["xnor_seed_lottery"]
    return {
        **{
            f"held-out-positions-{model}.png": functools.partial(
                plot_position_accuracy, held_out, model
            )
            for model in held_out.position_accuracy
        },
        **{
            f"corruption-{name}.png": functools.partial(
                plot_corruption_sweep, corruptions, name
            )
            for name in corruptions.strengths
        },
        **{
            f"tank-weights-{training}.png": functools.partial(
                plot_decision_weights, tank, training
            )
            for training in ("biased", "fair")
        },
        "tank-cue-tests.png": lambda: plot_cue_tests(tank),
        "tank-phase-diagram.png": lambda: plot_phase_diagram(tank.phase),
        "xnor-seed-lottery.png": lambda: plot_lottery(lottery),
        "xnor-initial-scale.png": lambda: plot_init_scales(lottery),
    }


def plot_position_accuracy(
    result: HeldOutPositionsResult,
    model: str,
    *,
    ax: Axes | None = None,
    colorbar: bool = True,
) -> Axes:
    """Draw one model's accuracy at each offset of the grid as a 6x6 heat map.

    Each cell is the share of the ten digits placed at that (row, column)
    offset that the model got right. The training columns are framed in red.

    Parameters
    ----------
    result : lcdnet.lab.HeldOutPositionsResult
    model : str
        ``"linear"``, ``"mlp"`` or ``"deep"``.
    ax : matplotlib Axes, optional
    colorbar : bool, default True
        Whether to add a colour bar beside the map.

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, HeldOutPositionsResult)
    check_choice("model", model, list(result.position_accuracy))
    colorbar = check_bool("colorbar", colorbar)
    created = ax is None
    ax = new_ax(check_ax(ax), (4.6, 4.2))
    grid = result.position_accuracy[model]
    image = ax.imshow(grid, cmap="viridis", vmin=0.0, vmax=1.0)
    for (row, column), value in np.ndenumerate(grid):
        ax.text(
            column,
            row,
            f"{value:.1f}",
            ha="center",
            va="center",
            fontsize="medium",
            color="black" if value > 0.5 else "white",
        )
    first, last = min(result.train_columns), max(result.train_columns)
    ax.add_patch(
        Rectangle(
            (first - 0.5, -0.5),
            last - first + 1,
            grid.shape[0],
            fill=False,
            edgecolor="tab:red",
            linewidth=2.5,
        )
    )
    ax.legend(
        handles=[
            Patch(
                fill=False,
                edgecolor="tab:red",
                linewidth=2.5,
                label="training columns",
            )
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        fontsize="medium",
        frameon=False,
    )
    if colorbar:
        ax.figure.colorbar(
            image, ax=ax, shrink=0.8, label="share of the 10 digits right"
        )
    ax.set_xticks(range(grid.shape[1]))
    ax.set_yticks(range(grid.shape[0]))
    ax.set_xlabel("column offset (pixels)")
    ax.set_ylabel("row offset (pixels)")
    ax.set_title(
        f"{MODEL_LABELS.get(model, model)}\nheld-out columns: "
        f"{result.held_out_accuracy(model):.2f} right",
        fontsize="medium",
    )
    describe_new(created, ax, _describe_position_accuracy(result, model))
    return ax


def _describe_position_accuracy(
    result: HeldOutPositionsResult, model: str
) -> str:
    """What :func:`plot_position_accuracy` draws for ``model``, in words."""
    grid = result.position_accuracy[model]
    first, last = min(result.train_columns), max(result.train_columns)
    return (
        f"Heat map of the {MODEL_LABELS.get(model, model)}'s accuracy at "
        f"each of the {grid.shape[0]} x {grid.shape[1]} offsets of a digit, "
        "row offset down, column offset across, with the training columns "
        f"{first} to {last} framed in red: "
        f"{result.seen_accuracy(model):.2f} right on average there, "
        f"{result.held_out_accuracy(model):.2f} in the other columns."
    )


def plot_corruption_sweep(
    result: CorruptionSweepResult,
    corruption: str,
    *,
    ax: Axes | None = None,
    legend: bool = True,
) -> Axes:
    """Draw each model's accuracy against the strength of one corruption.

    One line per model, a dashed line for the best accuracy any model
    could reach (``"noise"`` and ``"cutoff"`` only,
    :attr:`lcdnet.lab.CorruptionSweepResult.best_possible`) and a dotted
    line for chance (0.1).

    Parameters
    ----------
    result : lcdnet.lab.CorruptionSweepResult
    corruption : {"noise", "cutoff", "shadow"}
    ax : matplotlib Axes, optional
    legend : bool, default True
        Whether to draw the legend on this Axes.

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, CorruptionSweepResult)
    check_choice("corruption", corruption, list(result.strengths))
    legend = check_bool("legend", legend)
    created = ax is None
    ax = new_ax(check_ax(ax), (FULL_WIDTH, 3.8) if legend else (5.0, 3.8))
    strengths = result.strengths[corruption]
    markers = ("o", "s", "^", "D")
    for (name, values), marker in zip(
        result.accuracy[corruption].items(), markers, strict=False
    ):
        ax.plot(
            strengths,
            values,
            marker=marker,
            label=MODEL_LABELS.get(name, name),
        )
    if corruption in result.best_possible:
        ax.plot(
            strengths,
            result.best_possible[corruption],
            linestyle="--",
            color="black",
            label="best possible",
        )
    ax.axhline(CHANCE, linestyle=":", color="grey", label="chance (0.1)")
    ax.set_ylim(0.0, 1.05)
    ax.set_xticks(strengths)
    ax.set_xticklabels([f"{strength:g}" for strength in strengths])
    ax.set_xlabel(_CORRUPTION_AXES.get(corruption, corruption))
    ax.set_ylabel(f"accuracy on {result.test_size:,} test digits")
    ax.set_title(
        f"{corruption}: all models trained {result.steps} steps with Adam",
        fontsize="medium",
    )
    if legend:
        ax.legend(
            fontsize="medium", loc="center left", bbox_to_anchor=(1.02, 0.5)
        )
    describe_new(created, ax, _describe_corruption_sweep(result, corruption))
    return ax


def _describe_corruption_sweep(
    result: CorruptionSweepResult, corruption: str
) -> str:
    """What :func:`plot_corruption_sweep` draws, in words."""
    strengths = result.strengths[corruption]
    lines = [
        f"{MODEL_LABELS.get(name, name)} from {values[0]:.2f} to "
        f"{values[-1]:.2f}"
        for name, values in result.accuracy[corruption].items()
    ]
    if corruption in result.best_possible:
        best = result.best_possible[corruption]
        lines.append(f"the best possible from {best[0]:.2f} to {best[-1]:.2f}")
    return (
        f"Line chart of accuracy on {result.test_size:,} test digits "
        f"against the {corruption} strength, {strengths[0]:g} to "
        f"{strengths[-1]:g}: " + "; ".join(lines) + "; chance is 0.1."
    )


def plot_decision_weights(
    result: TankStoryResult, training: str, *, ax: Axes | None = None
) -> Axes:
    """Draw the tank-story linear model's evidence for "tank", pixel by pixel.

    Red pixels push towards "tank", blue ones towards "no tank", on a colour
    scale symmetric around 0 in the model's own weight units. The 5x5 box
    of the digit is framed: everything outside it is background.

    Parameters
    ----------
    result : lcdnet.lab.TankStoryResult
    training : {"biased", "fair"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, TankStoryResult)
    check_choice("training", training, ["biased", "fair"])
    created = ax is None
    ax = new_ax(check_ax(ax), (4.6, 4.4))
    weights = result.decision_weights(training)
    largest = float(np.abs(weights).max()) or 1.0
    image = ax.imshow(weights, cmap="RdBu_r", vmin=-largest, vmax=largest)
    middle = (weights.shape[0] - SHAPE_SIZE) // 2
    ax.add_patch(
        Rectangle(
            (middle - 0.5, middle - 0.5),
            SHAPE_SIZE,
            SHAPE_SIZE,
            fill=False,
            edgecolor="black",
            linewidth=1.5,
            linestyle="--",
        )
    )
    ax.legend(
        handles=[
            Patch(
                fill=False,
                edgecolor="black",
                linestyle="--",
                label="the digit's 5x5 box",
            )
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        fontsize="medium",
        frameon=False,
    )
    ax.figure.colorbar(
        image, ax=ax, shrink=0.8, label="tank minus no-tank weight"
    )
    ax.set_xticks([])
    ax.set_yticks([])
    summary = result.weight_summary(training)
    ax.set_title(
        f"linear model, {training} training\neach background pixel "
        f"{summary.background_mean:+.2f},\nlargest in the box "
        f"{summary.largest_in_digit:.2f}",
        fontsize="medium",
    )
    describe_new(created, ax, _describe_decision_weights(result, training))
    return ax


def _describe_decision_weights(result: TankStoryResult, training: str) -> str:
    """What :func:`plot_decision_weights` draws, in words."""
    summary = result.weight_summary(training)
    return (
        f"Picture of the linear model's evidence for tank at each pixel "
        f"after {training} training, red for tank and blue against, the "
        "digit's 5 x 5 box dashed in the middle: each background pixel "
        f"weighs {summary.background_mean:+.2f}, the largest weight in "
        f"the box is {summary.largest_in_digit:.2f}."
    )


def plot_cue_tests(result: TankStoryResult, *, ax: Axes | None = None) -> Axes:
    """Draw how each tank-story model does when its cue agrees with the label
    and when not.

    For each cue (weather, position) and model trained on the biased
    pictures, three bars: validation accuracy (biased pictures held back),
    fair accuracy on pictures whose cue agrees with the biased rule, and on
    pictures whose cue goes against it.

    Parameters
    ----------
    result : lcdnet.lab.TankStoryResult
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, TankStoryResult)
    created = ax is None
    ax = new_ax(check_ax(ax), (FULL_WIDTH, 4.4))
    groups = [
        (
            f"weather cue\n{MODEL_LABELS[name].split(' (')[0]}",
            result.runs[name, "biased"],
        )
        for name in ("linear", "deep")
    ]
    groups += [
        (
            f"position cue\n{MODEL_LABELS[name].split(' (')[0]}",
            result.position_runs[name],
        )
        for name in result.position_runs
    ]
    bars = (
        ("validation (biased pictures)", "validation_accuracy", "tab:grey"),
        ("fair, cue agrees with label", "cue_agrees_accuracy", "tab:blue"),
        ("fair, cue against label", "cue_disagrees_accuracy", "tab:red"),
    )
    width = 0.8 / len(bars)
    for offset, (label, attribute, color) in enumerate(bars):
        positions = np.arange(len(groups)) + (offset - 1) * width
        values = [getattr(run, attribute) for _, run in groups]
        ax.bar(positions, values, width=width, color=color, label=label)
        for position, value in zip(positions, values, strict=True):
            ax.text(
                position,
                value + 0.02,
                f"{value:.2f}",
                ha="center",
                fontsize="medium",
            )
    ax.axhline(0.5, linestyle=":", color="black", label="coin toss (0.5)")
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([name for name, _ in groups], fontsize="medium")
    ax.set_ylim(0.0, 1.1)
    ax.set_ylabel("accuracy (tank or not)")
    ax.set_title("models trained on biased pictures", fontsize="medium")
    ax.legend(
        fontsize="medium",
        loc="upper center",
        ncol=2,
        bbox_to_anchor=(0.5, -0.2),
        frameon=False,
    )
    describe_new(
        created,
        ax,
        lambda: (
            "Bar chart of the accuracy of the models trained on biased "
            "pictures, for each cue and model: on validation pictures, on "
            "fair pictures whose cue agrees with the label and on those whose "
            "cue goes against it: "
            + "; ".join(
                f"{name.replace(chr(10), ', ')} "
                f"{run.validation_accuracy:.2f}, "
                f"{run.cue_agrees_accuracy:.2f}, "
                f"{run.cue_disagrees_accuracy:.2f}"
                for name, run in groups
            )
            + "."
        ),
    )
    return ax


def plot_phase_diagram(
    phase: ShortcutPhaseDiagram, *, ax: Axes | None = None
) -> Axes:
    """Draw the fair-test accuracy of the linear model over cue agreement and
    strength.

    Parameters
    ----------
    phase : lcdnet.lab.ShortcutPhaseDiagram
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("phase", phase, ShortcutPhaseDiagram)
    created = ax is None
    ax = new_ax(check_ax(ax), (FULL_WIDTH, 4.0))
    grid = phase.fair_accuracy
    image = ax.imshow(
        grid, cmap="viridis", vmin=0.5, vmax=1.0, origin="lower", aspect="auto"
    )
    for (row, column), value in np.ndenumerate(grid):
        ax.text(
            column,
            row,
            f"{value:.2f}",
            ha="center",
            va="center",
            fontsize="medium",
            color="black" if value > 0.75 else "white",
        )
    ax.figure.colorbar(image, ax=ax, label="accuracy on fair pictures")
    ax.set_xticks(range(len(phase.agreements)))
    ax.set_xticklabels([f"{agreement:.0%}" for agreement in phase.agreements])
    ax.set_yticks(range(len(phase.strengths)))
    ax.set_yticklabels([f"{strength:g}" for strength in phase.strengths])
    ax.set_xlabel("collected pictures whose weather agrees with the label")
    ax.set_ylabel("cue strength\n(mean sunny brightness)")
    ax.set_title(
        f"linear model, {phase.train_size} pictures, {phase.steps} steps: "
        "where the weather wins",
        fontsize="medium",
    )
    strongest = grid[-1]
    describe_new(
        created,
        ax,
        (
            "Heat map of the linear model's accuracy on fair pictures for "
            f"{len(phase.strengths)} cue strengths, {phase.strengths[0]:g} to "
            f"{phase.strengths[-1]:g} upwards, by the share of collected "
            "pictures whose weather agrees with the label, "
            f"{phase.agreements[0]:.0%} to {phase.agreements[-1]:.0%} across: "
            f"from {grid.min():.2f} to {grid.max():.2f}; at the strongest cue "
            f"it falls from {strongest[0]:.2f} to {strongest[-1]:.2f}."
        ),
    )
    return ax


def plot_lottery(result: XnorLotteryResult, *, ax: Axes | None = None) -> Axes:
    """Draw every network's final loss, one column of dots per hidden-layer
    width.

    The loss axis is logarithmic; a dashed line marks the threshold, and
    each column is topped by the share of seeds below it.

    Parameters
    ----------
    result : lcdnet.lab.XnorLotteryResult
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, XnorLotteryResult)
    created = ax is None
    ax = new_ax(check_ax(ax), (5.6, 4.0))
    rng = np.random.default_rng(0)  # horizontal jitter of the dots only
    for position, width in enumerate(result.hidden_units):
        losses = result.final_loss[width]
        learned = result.learned(width)
        offsets = position + rng.uniform(-0.25, 0.25, size=len(losses))
        ax.scatter(
            offsets[learned],
            losses[learned],
            s=12,
            color="tab:green",
            alpha=0.7,
            label="learned XNOR" if position == 0 else None,
        )
        ax.scatter(
            offsets[~learned],
            losses[~learned],
            s=12,
            color="tab:red",
            alpha=0.7,
            label="stuck" if position == 0 else None,
        )
        ax.text(
            position,
            1.0,
            f"{result.success_fraction(width):.0%} learned",
            ha="center",
            va="bottom",
            transform=ax.get_xaxis_transform(),
            fontsize="medium",
        )
    ax.axhline(
        result.threshold,
        linestyle="--",
        color="grey",
        label=f"threshold ({result.threshold:g})",
    )
    ax.set_yscale("log")
    ax.set_xticks(range(len(result.hidden_units)))
    ax.set_xticklabels([f"2-{width}-1" for width in result.hidden_units])
    ax.set_xlabel(
        f"network (inputs-hidden-output), {len(result.seeds)} seeds each"
    )
    ax.set_ylabel(f"mean squared error after {result.steps:,} steps")
    ax.legend(loc="center right", fontsize="medium")
    describe_new(
        created,
        ax,
        lambda: (
            f"Dot chart of the final loss of {len(result.seeds)} networks of "
            "each width, one dot per seed on a logarithmic axis, green below "
            f"the threshold {result.threshold:g} (learned XNOR), red above "
            "(stuck): "
            + ", ".join(
                f"2-{width}-1 {result.success_fraction(width):.0%} learned"
                for width in result.hidden_units
            )
            + "."
        ),
    )
    return ax


def plot_init_scales(
    result: XnorLotteryResult, *, ax: Axes | None = None
) -> Axes:
    """Draw the share of stuck networks against the scale of the initial
    weights.

    For the narrowest width, one point per initial scale (a factor on the
    Glorot-uniform kernels), with its 95% Wilson interval, from the sweep's
    seeds (:attr:`lcdnet.lab.XnorLotteryResult.scale_runs`).

    Parameters
    ----------
    result : lcdnet.lab.XnorLotteryResult
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, XnorLotteryResult)
    created = ax is None
    ax = new_ax(check_ax(ax), (5.6, 3.8))
    width = min(result.hidden_units)
    intervals = [
        result.failure_interval(width, scale) for scale in result.init_scales
    ]
    estimates = np.array([interval.estimate for interval in intervals])
    errors = np.array(
        [
            [interval.estimate - interval.low for interval in intervals],
            [interval.high - interval.estimate for interval in intervals],
        ]
    )
    ax.errorbar(
        result.init_scales,
        estimates,
        yerr=errors,
        marker="o",
        capsize=4,
        linestyle="-",
        label="share stuck, with 95% Wilson interval",
    )
    ax.set_xscale("log", base=2)
    ax.set_xticks(result.init_scales)
    ax.set_xticklabels([f"{scale:g}" for scale in result.init_scales])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("initial weight scale (x Glorot uniform)")
    ax.set_ylabel(
        f"share of {len(result.scale_seeds)} seeds stuck\n"
        f"after {result.steps:,} steps"
    )
    ax.set_title(f"2-{width}-1 network", fontsize="medium")
    ax.legend(fontsize="medium", loc="upper right")
    describe_new(
        created,
        ax,
        (
            f"Line chart of the share of {len(result.scale_seeds)} "
            f"2-{width}-1 networks stuck after {result.steps:,} steps against "
            "the scale of their initial weights, with 95% intervals: "
            + ", ".join(
                f"scale {scale:g} {interval.estimate:.2f}"
                for scale, interval in zip(
                    result.init_scales, intervals, strict=True
                )
            )
            + "."
        ),
    )
    return ax
