"""Figures of the generalisation lab (:mod:`lcdnet.lab`): they read results, never train."""

import numpy as np

from lcdnet._checks import check_choice, check_instance
from lcdnet.plotting._axes import check_ax, new_ax
from lcdnet.lab import (
    CHANCE,
    SHAPE_SIZE,
    MODEL_LABELS,
    CorruptionSweepResult,
    HeldOutPositionsResult,
    TankStoryResult,
    XnorLotteryResult,
)

__all__ = ["plot_position_accuracy", "plot_corruption_sweep", "plot_decision_weights",
           "plot_lottery", "lab_figures"]


def lab_figures(record):
    """The figures of the four labs, as ``{file name: draw()}`` for
    :func:`lcdnet.plotting.figures.save_figures`.

    Parameters
    ----------
    record : lcdnet.runner.RunRecord
        What :func:`lcdnet.lab.run_lab` returned.
    """
    results = record.results
    held_out, corruptions = results["held_out_positions"], results["corruption_sweep"]
    tank, lottery = results["tank_story"], results["xnor_seed_lottery"]
    return {
        **{f"held-out-positions-{model}.png":
           (lambda model=model: plot_position_accuracy(held_out, model))
           for model in ("linear", "mlp", "deep")},
        **{f"corruption-{name}.png": (lambda name=name: plot_corruption_sweep(corruptions, name))
           for name in ("noise", "cutoff", "shadow")},
        **{f"tank-weights-{training}.png":
           (lambda training=training: plot_decision_weights(tank, training))
           for training in ("biased", "fair")},
        "xnor-seed-lottery.png": lambda: plot_lottery(lottery),
    }



def plot_position_accuracy(result, model, *, ax=None):
    """Draw one model's accuracy at each offset of the grid as a 6x6 heat map.

    Each cell is the share of the ten digits placed at that (row, column)
    offset that the model got right. The training columns are framed.

    Parameters
    ----------
    result : HeldOutPositionsResult
    model : str
        ``"linear"``, ``"mlp"`` or ``"deep"``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, HeldOutPositionsResult)
    check_choice("model", model, list(result.position_accuracy))
    ax = new_ax(check_ax(ax), (3.6, 3.4))
    grid = result.position_accuracy[model]
    ax.imshow(grid, cmap="viridis", vmin=0.0, vmax=1.0)
    for (row, column), value in np.ndenumerate(grid):
        ax.text(column, row, f"{value:.1f}", ha="center", va="center", fontsize="small",
                color="black" if value > 0.5 else "white")
    first, last = min(result.train_columns), max(result.train_columns)
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((first - 0.5, -0.5), last - first + 1, grid.shape[0],
                           fill=False, edgecolor="tab:red", linewidth=2.0))
    ax.set_xticks(range(grid.shape[1]))
    ax.set_yticks(range(grid.shape[0]))
    ax.set_xlabel("column offset")
    ax.set_ylabel("row offset")
    held_out = result.held_out_accuracy(model)
    ax.set_title(f"{MODEL_LABELS.get(model, model)}\nheld-out {held_out:.2f}", fontsize="medium")
    return ax


def plot_corruption_sweep(result, corruption, *, ax=None):
    """Draw each model's accuracy against the strength of one corruption.

    A dotted line marks chance (0.1); for ``"noise"`` and ``"cutoff"`` a
    dashed line marks the best accuracy any model could reach
    (:attr:`CorruptionSweepResult.best_possible`).

    Parameters
    ----------
    result : CorruptionSweepResult
    corruption : {"noise", "cutoff", "shadow"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, CorruptionSweepResult)
    check_choice("corruption", corruption, list(result.strengths))
    ax = new_ax(check_ax(ax), (4.5, 3.4))
    strengths = result.strengths[corruption]
    for name, values in result.accuracy[corruption].items():
        ax.plot(strengths, values, marker="o", label=MODEL_LABELS.get(name, name))
    if corruption in result.best_possible:
        ax.plot(strengths, result.best_possible[corruption], linestyle="--", color="grey",
                label="best possible")
    ax.axhline(CHANCE, linestyle=":", color="grey", label="chance")
    ax.set_ylim(0.0, 1.05)
    ax.set_xlabel({"noise": "noise (standard deviation)", "cutoff": "cutoff (pixels)",
                   "shadow": "shadow strength"}[corruption])
    ax.set_ylabel("test accuracy")
    ax.set_title(corruption, fontsize="medium")
    return ax


def plot_decision_weights(result, training, *, ax=None):
    """Draw the tank-story linear model's evidence for "tank", pixel by pixel.

    Red pixels push towards "tank", blue ones towards "no tank"; the
    colours are scaled to the largest absolute weight. The box of the
    digit is framed: everything outside it is background.

    Parameters
    ----------
    result : TankStoryResult
    training : {"biased", "fair"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, TankStoryResult)
    check_choice("training", training, ["biased", "fair"])
    ax = new_ax(check_ax(ax), (3.6, 3.4))
    weights = result.decision_weights(training)
    largest = float(np.abs(weights).max()) or 1.0
    image = ax.imshow(weights / largest, cmap="RdBu_r", vmin=-1.0, vmax=1.0)
    middle = (weights.shape[0] - SHAPE_SIZE) // 2
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((middle - 0.5, middle - 0.5), SHAPE_SIZE, SHAPE_SIZE, fill=False,
                           edgecolor="black", linewidth=1.5, linestyle="--"))
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="tank minus no-tank weight (scaled)")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{training} training: {result.background_share(training):.0%} "
                 "of the weight\non the background", fontsize="medium")
    return ax


def plot_lottery(result, *, ax=None):
    """Draw every network's final loss, one column of dots per hidden-layer width.

    The loss axis is logarithmic; a dashed line marks the threshold, and
    each column is titled with the share of seeds below it.

    Parameters
    ----------
    result : XnorLotteryResult
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_instance("result", result, XnorLotteryResult)
    ax = new_ax(check_ax(ax), (4.8, 3.6))
    rng = np.random.default_rng(0)  # horizontal jitter of the dots only
    for position, width in enumerate(result.hidden_units):
        losses = result.final_loss[width]
        learned = result.learned(width)
        offsets = position + rng.uniform(-0.25, 0.25, size=len(losses))
        ax.scatter(offsets[learned], losses[learned], s=12, color="tab:green", alpha=0.7,
                   label="learned XNOR" if position == 0 else None)
        ax.scatter(offsets[~learned], losses[~learned], s=12, color="tab:red", alpha=0.7,
                   label="stuck" if position == 0 else None)
        ax.text(position, 1.0, f"{result.success_fraction(width):.0%}", ha="center",
                va="bottom", transform=ax.get_xaxis_transform())
    ax.axhline(result.threshold, linestyle="--", color="grey")
    ax.set_yscale("log")
    ax.set_xticks(range(len(result.hidden_units)))
    ax.set_xticklabels([f"2-{width}-1" for width in result.hidden_units])
    ax.set_ylabel(f"loss after {result.steps} steps")
    ax.legend(loc="center right", fontsize="small")
    return ax
