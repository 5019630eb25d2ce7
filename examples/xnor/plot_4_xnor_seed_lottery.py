"""
XNOR's seed lottery
===================

The XNOR tutorials ended on a warning: trained from seed 1, the 2-2-1
network gets stuck and never computes XNOR, however long it trains. So how
often does that happen? One unlucky seed says little. This tutorial trains
the network from 100 seeds, counts the runs that learn XNOR, looks at the
ones that do not, and repeats the count with 3 and 4 hidden units. All 300
networks train at once, in about the time one network takes alone.
"""

# %%
# Three hundred networks in one model
# -----------------------------------
#
# Training one tiny network costs little arithmetic and a lot of overhead:
# every step calls into TensorFlow for a handful of multiplications. So
# :func:`lcdnet.lab.xnor_seed_lottery` puts many networks into one Keras
# model. One layer holds the weights of all of them, stacked: 300 hidden
# kernels of shape 2 x H, 300 output kernels, and so on. All the networks
# read the same four rows of the truth table, and the model outputs one
# column per network.
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

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lab
from lcdnet.plotting import lab as lab_plots
from lcdnet.report import format_table
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

result = lab.xnor_seed_lottery(num_seeds=100, steps=5000, hidden_units=(2, 3, 4))
print(f"trained {len(result.seeds) * len(result.hidden_units)} networks "
      f"in {result.train_seconds:.1f} s")

# %%
# Trust, but check: train the 2-2-1 network from seed 1 on its own, with
# :func:`lcdnet.make_xnor_model` and :func:`lcdnet.train`, and compare its
# outputs with those of network 1 in the batch. They agree up to float
# rounding, because the batch adds up its numbers in a different order.

alone = lcdnet.make_xnor_model(seed=1, hidden_units=2)
lcdnet.train(alone, XNOR_INPUTS, XNOR_TARGETS, steps=5000, log_every=500)
print("trained alone: ", lcdnet.predict(alone, XNOR_INPUTS).ravel().round(5))
print("in the batch:  ", result.outputs[2][1].round(5))

# %%
# The draw
# --------
#
# A run *learns XNOR* when its final loss is below 0.001. Each dot below is
# one seed's final loss: green below the threshold, red above it. The
# percentage is the share of the 100 seeds that learned XNOR.

ax = lab_plots.plot_lottery(result)

for width in result.hidden_units:
    print(f"2-{width}-1: {result.success_fraction(width):.0%} of seeds learn XNOR")

# %%
# There is nothing in between: a run either ends near zero loss or stalls
# at one of two values far above it. With two hidden units the outcome is
# close to a coin toss.
#
# Where the stuck runs stall
# --------------------------
#
# Put a good run (seed 0) and a stuck one (seed 1) side by side.
# :meth:`~lcdnet.lab.XnorLotteryResult.model_of` rebuilds any network of
# the batch as an ordinary XNOR model:

good, stuck = result.model_of(2, 0), result.model_of(2, 1)
figure = plt.figure(figsize=(11.0, 4.8), layout="constrained")
for index, (name, model, seed) in enumerate(
        (("learned XNOR", good, 0), ("stuck", stuck, 1)), start=1):
    ax = figure.add_subplot(1, 2, index, projection="3d")
    lcdnet.plot_xnor_surface(model, ax=ax)
    ax.set_title(f"2-2-1, seed {seed}: {name}, loss {result.final_loss[2][seed]:.2g}")
print(lcdnet.xnor_truth_table(stuck))

# %%
# The stuck network gets two corners right and answers 0.5 at the other
# two, where the targets are 1 and 0. Each hidden unit of a sigmoid
# network draws one straight line across the input square and is high on
# one side of it. XNOR needs lines that set (0, 0) and (1, 1) apart from
# the other two corners. Here are the stuck network's two hidden units at
# the four corners:

hidden = stuck.layers[0](XNOR_INPUTS).numpy()
for corner, activations in zip(XNOR_INPUTS.astype(int).tolist(), hidden):
    print(f"corner {tuple(corner)}: hidden units "
          + "  ".join(f"{activation:.2f}" for activation in activations))

# %%
# Each unit has cut off one corner, but the wrong pair: (0, 0) and (1, 0).
# At (0, 1) and (1, 1) both units are off, so those two corners look the
# same to the output unit. It can only give them one common answer, and
# the best common answer is the average of their targets, 0.5. That costs
# :math:`(0.5^2 + 0.5^2) / 4 = 1/8` of loss. A network whose units single
# out just one corner must average the other three (two 0s and a 1) at
# 1/3, which costs :math:`(2 (1/3)^2 + (2/3)^2) / 4 = 1/6`.
#
# Training does not get out again. Every direction that lowers the loss
# also needs the saturated sigmoid units to change their minds, and their
# gradients are vanishingly small. Such a trap is usually called a *local
# minimum*. Strictly, the 2-2-1 network has no true local minimum at any
# finite weights (L. G. C. Hamey, "XOR has no local minima", *Neural
# Networks*, 1998). The stuck run's weights keep growing, and its loss keeps
# creeping down towards 1/8 without ever getting below it. Training the
# stuck seed-1 network from above for 15,000 more steps shows this:

def loss_and_largest_weight(model):
    outputs = lcdnet.predict(model, XNOR_INPUTS)
    largest = max(float(np.abs(weights).max()) for weights in model.get_weights())
    return float(np.mean((outputs - XNOR_TARGETS) ** 2)), largest


for extra_steps in (0, 15000):
    if extra_steps:
        lcdnet.train(alone, XNOR_INPUTS, XNOR_TARGETS, steps=extra_steps, log_every=500)
    loss, largest = loss_and_largest_weight(alone)
    print(f"after {5000 + extra_steps:>6} steps: loss {loss:.7f} "
          f"(1/8 = 0.125), largest weight {largest:5.1f}")

# %%
# For gradient descent the effect is the same as a local minimum: a valley
# with no way down that it can find. The stuck losses of all runs show the
# two floors:

for width in result.hidden_units:
    stalled = result.final_loss[width][~result.learned(width)]
    at_one_eighth = int(np.sum(np.isclose(stalled, 1 / 8, atol=2e-3)))
    at_one_sixth = int(np.sum(np.isclose(stalled, 1 / 6, atol=2e-3)))
    print(f"2-{width}-1: {len(stalled):>2} stuck: {at_one_eighth:>2} at 1/8, "
          f"{at_one_sixth:>2} at 1/6, {len(stalled) - at_one_eighth - at_one_sixth} elsewhere")

# %%
# More hidden units, fewer blanks
# -------------------------------
#
# With a third or fourth hidden unit there are more lines to draw, and more
# ways to end up with the two that XNOR needs. Measured the same way, the
# share of good seeds rises with the width, and with four hidden units
# almost every seed learns XNOR. The extra units cost almost nothing:

for width in result.hidden_units:
    print(f"2-{width}-1: {result.model_of(width, 0).count_params()} weights, "
          f"{result.success_fraction(width):.0%} of seeds learn XNOR")

# %%
# The wider networks have more weights than XNOR strictly needs, and the
# spare ones are what make training reliable.
#
# The numbers
# -----------
#
# The series trained a single run, so it publishes no share of seeds.
# Everything below was measured in this run:

print(format_table(result.comparisons()))
plt.show()
