"""
XNOR's seed lottery
===================

The XNOR tutorials ended on a warning: trained from seed 1, the 2-2-1
network gets stuck and does not compute XNOR. So how often does that
happen, and what exactly is a stuck run doing? One unlucky seed says
little. This tutorial trains the network from 100 seeds, counts the runs
that learn XNOR (with a confidence interval), measures the ones that do
not, trains them ten times longer, and repeats the count with 3 and 4
hidden units and with smaller and larger starting weights. The networks
of each experiment train at once, as one Keras model.

.. admonition:: In this tutorial you will

   * train hundreds of small networks as one Keras model, each exactly as
     it would train alone;
   * count successes with a 95% confidence interval;
   * measure what a stuck run does: its loss, its hidden units, its
     gradient, and whether more training gets it out;
   * see what the width of the hidden layer and the scale of the starting
     weights change.

   **Prerequisites:** :doc:`training_xnor` and
   :doc:`using_the_model`.
"""

# %%
# Hundreds of networks in one model
# ---------------------------------
#
# Training one tiny network costs little arithmetic and a lot of overhead:
# every step calls into the backend for a handful of multiplications. So
# :func:`lcdnet.lab.xnor_seed_lottery` puts many networks into one Keras
# model. One layer holds the weights of all of them, stacked: a hidden
# kernel of shape 2 x H per network, an output kernel per network, and so
# on. All the networks read the same four rows of the truth table, and the
# model outputs one column per network.
#
# The trick is the loss: it is the **sum** of the networks' own mean squared
# errors. Network 7's weights appear only in network 7's term, so the
# gradient with respect to them is exactly the gradient of network 7's own
# loss. Adam then updates every weight using only that weight's own
# gradient history. Each network therefore follows exactly the path it
# would follow if trained alone. Networks with fewer hidden units are
# padded with switched-off units, which never receive a gradient and never
# move.
#
# Network ``i`` starts from the weights of
# ``lcdnet.make_xnor_model(seed=i, hidden_units=H)``, and all of them train
# as in the series: Adam with learning rate 0.03, 5,000 full-batch steps.
# Then the same training simply continues, to 50,000 steps. (A second
# batch, at the end, starts the 2-2-1 network from 300 seeds with its
# starting weights scaled.)

import time

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lab
from lcdnet.lab import network_state
from lcdnet.plotting import lab as lab_plots
from lcdnet.plotting import set_alt_text
from lcdnet.report import Answer, format_table
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

result = lab.xnor_seed_lottery(
    num_seeds=100, steps=5000, hidden_units=(2, 3, 4)
)
print(
    f"trained {len(result.seeds) * len(result.runs)} networks for "
    f"{result.steps:,} steps in {result.train_seconds:.1f} s,"
)
print(
    f"then on to {result.longer_steps:,} steps in "
    f"{result.longer_seconds:.1f} s more"
)

# %%
# Trust, but check: train the 2-2-1 network from seed 1 on its own, with
# :func:`lcdnet.make_xnor_model` and :func:`lcdnet.train`, and compare its
# outputs with those of network 1 in the batch. They agree up to float
# rounding, because the batch adds up its numbers in a different order.

alone = lcdnet.make_xnor_model(seed=1, hidden_units=2)
start = time.perf_counter()
lcdnet.train(alone, XNOR_INPUTS, XNOR_TARGETS, steps=5000, log_every=500)
alone_seconds = time.perf_counter() - start
print("trained alone: ", lcdnet.predict(alone, XNOR_INPUTS).ravel().round(5))
print("in the batch:  ", result.outputs[2][1].round(5))
print(
    f"5,000 steps: one network alone {alone_seconds:.1f} s, all "
    f"{len(result.seeds) * len(result.runs)} in the batch "
    f"{result.train_seconds:.1f} s"
)

# sphinx_gallery_start_ignore
np.testing.assert_allclose(
    lcdnet.predict(alone, XNOR_INPUTS).ravel(), result.outputs[2][1], atol=1e-4
)
# sphinx_gallery_end_ignore

# %%
# The draw
# --------
#
# A run *learns XNOR* when its final loss is below 0.001. Each dot below is
# one seed's final loss: green below the threshold, red above it.

ax = lab_plots.plot_lottery(result)

for width in result.hidden_units:
    print(
        f"2-{width}-1: {result.success_fraction(width):.0%} of seeds learn "
        "XNOR; "
        f"stuck: {result.failure_interval(width)}"
    )

claims = lab.CLAIMS

# sphinx_gallery_start_ignore
low, high = claims["lottery_two_units_between"]
assert low <= result.success_fraction(2) <= high
assert result.success_fraction(4) >= claims["lottery_four_units_at_least"]
# sphinx_gallery_end_ignore

# %%
# A hundred seeds give an estimate, not the truth: another hundred would
# give a somewhat different share. The interval after each share (a 95%
# *Wilson* interval, :func:`lcdnet.lab.wilson_interval`) is the range of
# stuck rates that are consistent with what was counted. With two hidden
# units the outcome is not far from a coin toss.
#
# There is nothing in between: a run either ends near zero loss or stalls at
# one of two values far above it. Count them:

tolerance = claims["plateau_tolerance"]
for width in result.hidden_units:
    stalled = result.final_loss[width][~result.learned(width)]
    at_one_eighth = int(np.sum(np.isclose(stalled, 1 / 8, atol=tolerance)))
    at_one_sixth = int(np.sum(np.isclose(stalled, 1 / 6, atol=tolerance)))
    print(
        f"2-{width}-1: {len(stalled):>2} stuck: {at_one_eighth:>2} at 1/8, "
        f"{at_one_sixth:>2} at 1/6, "
        f"{len(stalled) - at_one_eighth - at_one_sixth} elsewhere"
    )

# sphinx_gallery_start_ignore
for width in result.hidden_units:
    losses = result.final_loss[width]
    assert ((losses < 1e-4) | (losses > 0.1)).all(), width
    stalled = losses[losses > 0.1]
    on_plateau = np.zeros(len(stalled), dtype=bool)
    for level in claims["stuck_loss_plateaus"]:
        on_plateau |= np.isclose(stalled, level, atol=tolerance)
    assert on_plateau.all(), width
# sphinx_gallery_end_ignore

# %%
# Where the stuck runs stall
# --------------------------
#
# Put a good run (seed 0) and a stuck one (seed 1) side by side.
# :meth:`~lcdnet.lab.XnorLotteryResult.model_of` rebuilds any network of
# the batch as an ordinary XNOR model:

good, stuck = result.model_of(2, 0), result.model_of(2, 1)
figure = plt.figure(figsize=(7.7, 3.9), layout="constrained")
for index, (name, model, seed) in enumerate(
    (("learned XNOR", good, 0), ("stuck", stuck, 1)), start=1
):
    ax = figure.add_subplot(1, 2, index, projection="3d")
    lcdnet.plot_xnor_surface(model, ax=ax)
    ax.set_title(f"seed {seed}: {name}\nloss {result.final_loss[2][seed]:.2g}")
print(lcdnet.xnor_truth_table(stuck))

# sphinx_gallery_start_ignore
set_alt_text(
    figure,
    (
        "Two 3-D surfaces of a 2-2-1 network's output over the unit square of "
        "its inputs: seed 0, which learned XNOR, high at (0, 0) and (1, 1) "
        "and low at the other two corners; seed 1, stuck, at 0.5 along the "
        "side from (0, 1) to (1, 1)."
    ),
)
# sphinx_gallery_end_ignore

# %%
# The stuck network gets two corners right and answers 0.5 at the other
# two, where the targets are 1 and 0. Each hidden unit of a sigmoid
# network draws one straight line across the input square and is high on
# one side of it. XNOR needs lines that set (0, 0) and (1, 1) apart from
# the other two corners. Here are the stuck network's two hidden units at
# the four corners, computed by :func:`lcdnet.lab.network_state`:

seed_1 = [
    weights[[1]] for weights in result.weights[2]
]  # network 1, as a stack of one
_, _, hidden, _ = network_state(seed_1)
for corner, activations in zip(
    XNOR_INPUTS.astype(int).tolist(), hidden[0], strict=True
):
    print(
        f"corner {tuple(corner)}: hidden units "
        + "  ".join(f"{activation:.3f}" for activation in activations)
    )

# sphinx_gallery_start_ignore
assert hidden[0][[1, 3]].max() < 0.1
assert hidden[0][0].max() > 0.5 and hidden[0][2].max() > 0.5
np.testing.assert_allclose(result.outputs[2][1][[1, 3]], 0.5, atol=0.01)
# sphinx_gallery_end_ignore

# %%
# Each unit has cut off one corner, but the wrong pair: (0, 0) and (1, 0).
# At (0, 1) and (1, 1) both units are off, so those two corners look the
# same to the output unit. It can only give them one common answer, and
# the best common answer is the average of their targets, 0.5. That costs
# :math:`(0.5^2 + 0.5^2) / 4 = 1/8` of loss. A network whose units single
# out just one corner must average the other three (two 0s and a 1) at
# 1/3, which costs :math:`(2 (1/3)^2 + (2/3)^2) / 4 = 1/6`.
#
# What a stuck run is doing
# -------------------------
#
# Such a trap is often called a *local minimum*: a valley with no way down.
# For this network that is the wrong word. L. G. C. Hamey proved that the
# error surface of the 2-2-1 XOR network has no local minima ("XOR has no
# local minima: a case study in neural network error surface analysis",
# *Neural Networks*, 1998): wherever training comes to a standstill at
# finite weights, the loss is lower somewhere arbitrarily close by. XNOR is
# XOR with the output flipped, so the same holds here. Hamey's result is
# about two hidden units; for three, I. G. Sprinkhuizen-Kuyper and
# E. J. W. Boers found a region of local minima with non-zero error ("A
# local minimum for the 2-3-1 XOR network", *IEEE Transactions on Neural
# Networks*, 1999), so a wider network is not free of traps in general.
# Rather than name the trap, measure what the stuck runs do.
#
# .. admonition:: Predict, then run
#
#    The stuck runs sit at a loss of 1/8 or 1/6 after 5,000 steps. If
#    training simply continues, to 50,000 steps, how many of them will learn
#    XNOR?

for width in result.hidden_units:
    runs = result.runs_of(width)
    stalled = runs.stuck()
    if not stalled.any():
        continue
    still_falling = runs.longer_loss[stalled] < runs.final_loss[stalled]
    print(f"2-{width}-1, {int(stalled.sum())} stuck runs:")
    print(
        f"  hidden activations saturated (within {lab.SATURATION_MARGIN} of "
        f"0 or 1): {np.median(runs.saturation[stalled]):.0%} of all,"
    )
    print(
        f"    {np.min(runs.wrong_corner_saturation[stalled]):.0%} at the "
        "corners they get wrong"
    )
    print(
        "  gradient norm: median "
        f"{np.median(runs.gradient_norm[stalled]):.1e} "
        f"(runs that learned: {np.median(runs.gradient_norm[~stalled]):.1e})"
    )
    print(
        f"  after {result.longer_steps:,} steps: {int(runs.escaped().sum())} "
        f"of {int(stalled.sum())} learned XNOR, loss still falling in "
        f"{int(np.sum(still_falling))},"
    )
    print(
        "    largest weight grew from "
        f"{np.median(runs.largest_weight[stalled]):.1f} to "
        f"{np.median(runs.longer_largest_weight[stalled]):.1f} (median)"
    )

# sphinx_gallery_start_ignore
pooled_escaped = pooled_stuck = 0
for width in result.hidden_units:
    runs = result.runs_of(width)
    stalled = runs.stuck()
    if stalled.any():
        assert (runs.wrong_corner_saturation[stalled] == 1.0).all(), width
        assert np.median(runs.gradient_norm[stalled]) < 1e-4, width
        assert (runs.longer_loss[stalled] < runs.final_loss[stalled]).all(), (
            width
        )
        assert (
            runs.longer_largest_weight[stalled] > runs.largest_weight[stalled]
        ).all()
        assert np.median(runs.saturation[~stalled]) > 0.2, (
            width
        )  # learned runs saturate too
    pooled_escaped += int(runs.escaped().sum())
    pooled_stuck += int(stalled.sum())
two = result.runs_of(2)
assert (
    two.escaped().sum() <= claims["escaped_share_at_most"] * two.stuck().sum()
)
assert 1 <= pooled_escaped <= claims["escaped_share_at_most"] * pooled_stuck
# sphinx_gallery_end_ignore

# %%
# What the numbers say:
#
# * At every corner a stuck network gets wrong, *every* hidden unit is
#   saturated: it sits on the flat tail of its sigmoid, where the slope is
#   below 0.01, so almost no gradient reaches it from the error at that
#   corner. (Saturation alone is no sign of trouble: the networks that
#   learned XNOR saturate too, at corners they get right.)
# * The gradient is tiny although the loss is far from zero: the loss
#   surface is nearly flat there, a plateau.
# * Trained ten times longer, the loss of every stuck run still falls, by a
#   sliver, while its weights keep growing: the runs are still moving, not
#   resting at the bottom of a valley. A few of them get out (the counts
#   are printed above); most stay on the plateau for the whole extra budget.
#
# For gradient descent with a finite budget a plateau is as bad as a trap,
# but the cure differs: a wider layer or another start, rather than hoping
# that the run will settle.
#
# More hidden units, fewer blanks
# -------------------------------
#
# With a third or fourth hidden unit there are more lines to draw, and more
# ways to end up with the two that XNOR needs. Measured the same way, the
# share of good seeds rises with the width. The extra units cost almost
# nothing:

for width in result.hidden_units:
    interval = result.failure_interval(width)
    print(
        f"2-{width}-1: {result.model_of(width, 0).count_params()} weights, "
        f"{result.success_fraction(width):.0%} of seeds learn XNOR "
        f"(stuck 95% CI {interval.low:.2f}-{interval.high:.2f})"
    )

# sphinx_gallery_start_ignore
assert result.failure_interval(4).high < result.failure_interval(2).low
# sphinx_gallery_end_ignore

# %%
# The intervals of the 2-2-1 and the 2-4-1 networks do not overlap: the
# difference is not luck of the draw. The wider networks have more weights
# than XNOR strictly needs, and the spare ones make training more reliable.
#
# Smaller or larger starting weights
# ----------------------------------
#
# J. F. Kolen and J. B. Pollack found back-propagation to be extremely
# sensitive to its initial weights, and the overall size of those weights to
# be a very significant factor in how much the training time varies ("Back
# propagation is sensitive to initial conditions", NIPS 1990). Does the size
# of the starting weights change the stuck rate here? The lottery also
# trained the 2-2-1 network from 300 seeds with its Glorot-uniform starting
# kernels (the default of :func:`lcdnet.make_xnor_model`) multiplied by
# 0.25, 0.5, 1, 2 and 4, for 5,000 steps each. Three hundred seeds per scale
# narrow the intervals to about plus or minus 0.06, enough to compare.

ax = lab_plots.plot_init_scales(result)
shares = {
    scale: result.failure_interval(2, scale) for scale in result.init_scales
}
for scale, interval in shares.items():
    print(f"initial scale {scale:>4g}: stuck {interval}")
estimates = {scale: interval.estimate for scale, interval in shares.items()}
spread = max(estimates.values()) - min(estimates.values())
width_effect = (
    result.failure_interval(2).estimate - result.failure_interval(4).estimate
)
print(f"largest difference between scales: {spread:.2f}")
print(f"2-2-1 against 2-4-1 (from the lottery): {width_effect:.2f}")

# sphinx_gallery_start_ignore
assert spread <= claims["scale_spread_at_most"]
assert (
    estimates[1.0] <= min(estimates.values()) + claims["glorot_scale_margin"]
)
assert width_effect >= 2 * spread
assert not np.array_equal(
    result.runs_of(2, 0.25).stuck(), result.runs_of(2, 1.0).stuck()
)
# sphinx_gallery_end_ignore

# %%
# The scale of the start matters less than the width: over a 16-fold range
# of scales the stuck rate moves less than half as much as a wider hidden
# layer moves it, and Glorot's own scale (1) is among the best (within 0.03
# of the lowest stuck rate). Which seeds get stuck does change with the
# scale: each scale is another set of starting points.
#
# .. admonition:: Takeaway
#
#    A single training run of a small network is one draw of a lottery.
#    Count many draws, with an interval, before calling a result typical.
#    The 2-2-1 network's stuck runs are not in local minima: they sit on
#    plateaus, with every hidden unit saturated where the error is, the
#    loss still creeping down; more training rarely gets them out, a wider
#    hidden layer avoids most of them.
#
# The numbers
# -----------
#
# The series trained a single run, so it publishes no share of seeds.
# Everything below was measured in this run:

print(format_table(result.comparisons()))

# %%
# Exercises
# ---------
#
# 1. Of the 2-3-1 runs, how many got stuck, and what is the 95% interval of
#    the stuck rate? Compute it with :func:`lcdnet.lab.wilson_interval`
#    from the count, and compare it with ``result.failure_interval(3)``.
#
#    .. dropdown:: Solution
#
#       ``stuck = int((~result.learned(3)).sum())`` and
#       ``lab.wilson_interval(stuck, len(result.seeds))``, as in the cell
#       below; the two intervals agree.

stuck_count = int((~result.learned(3)).sum())
interval = lab.wilson_interval(stuck_count, len(result.seeds))
# sphinx_gallery_start_ignore
assert interval == result.failure_interval(3)
# sphinx_gallery_end_ignore
Answer(
    1,
    f"{stuck_count} stuck 2-3-1 runs: {interval}\n"
    f"result.failure_interval(3): {result.failure_interval(3)}",
)

# %%
# 2. Find a stuck 2-3-1 network and print its hidden units at the four
#    corners. Which corners does it fail, and are its units saturated there?
#
#    .. dropdown:: Solution
#
#       Take the first seed in ``result.seeds[~result.learned(3)]``, and
#       pass ``[weights[[index]] for weights in result.runs_of(3).weights]``
#       to :func:`lcdnet.lab.network_state`, as the cell below does; its
#       answer lists the outputs and the hidden activations.

stuck_seed = int(result.seeds[~result.learned(3)][0])
index = int(np.flatnonzero(result.seeds == stuck_seed)[0])
_, output, hidden, _ = network_state(
    [weights[[index]] for weights in result.runs_of(3).weights]
)
lines = [
    f"seed {stuck_seed}: outputs {output[0].round(2).tolist()}, targets "
    f"{XNOR_TARGETS.ravel().tolist()}"
]
for corner, activations in zip(
    XNOR_INPUTS.astype(int).tolist(), hidden[0], strict=True
):
    lines.append(
        f"corner {tuple(corner)}: hidden "
        + "  ".join(f"{activation:.3f}" for activation in activations)
    )
Answer(2, "\n".join(lines))

# %%
# 3. A stuck run has a tiny gradient. Why does Adam, which divides each step
#    by a running estimate of the gradient's size, not simply take larger
#    steps and escape?
#
#    .. dropdown:: Solution
#
#       Adam's step is roughly the learning rate times the *sign* of a
#       consistent gradient, so it does keep moving, and the weights keep
#       growing. But moving saturated units further along their flat tails
#       changes the loss very little; escaping needs a change of direction
#       that the gradient on the plateau barely points to.

plt.show()
