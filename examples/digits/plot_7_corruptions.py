"""
Noise, cut-off digits and shadows
=================================

The second post of the series was called "Dealing with inexact data", but
its data was never messy: every digit was perfectly drawn, only shifted.
Real pictures are worse. They are grainy, things stick out of the frame,
and the light is uneven. :func:`lcdnet.generate_digits` can add each of
these on request. This tutorial trains models on clean digits and measures
how their accuracy falls as the test digits get messier, how far it could
fall at best, and what training on messy digits changes.
"""

# %%
# Three kinds of mess
# -------------------
#
# Each corruption is a keyword argument of :func:`lcdnet.generate_digits`,
# off by default:
#
# * ``noise=s`` adds random Gaussian noise of standard deviation ``s`` to
#   every pixel, then clips the result to the range 0 to 1.
# * ``cutoff=k`` lets a digit stick out of the image by up to ``k`` pixels
#   on any side; the part outside is lost.
# * ``shadow=s`` darkens each image along a straight ramp in a random
#   direction, from full brightness on one side to ``1 - s`` on the other.
#
# The digits keep their places when noise or a shadow is added (the same
# seed draws the same offsets), so each row below shows the same ten digits,
# messier and messier:

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lab
from lcdnet.plotting import lab as lab_plots
from lcdnet.report import format_table

examples = {
    "noise": (0.0, 0.2, 0.5),
    "cutoff": (0, 2, 4),
    "shadow": (0.0, 0.6, 1.0),
}
figure, axes = plt.subplots(9, 10, figsize=(10.0, 9.6), layout="constrained")
for block, (corruption, strengths) in enumerate(examples.items()):
    for step, strength in enumerate(strengths):
        row = 3 * block + step
        images, labels = lcdnet.generate_digits(10, img_size=10, seed=0,
                                                **{corruption: strength})
        lcdnet.plot_digits(images, labels, axes=axes[row])
        axes[row, 0].set_ylabel(f"{corruption}={strength:g}", rotation=0, ha="right")

# %%
# The sweep
# ---------
#
# :func:`lcdnet.lab.corruption_sweep` trains four models, each for 300 steps
# of 50 digits:
#
# * the linear model, the dense network of the previous tutorial and the
#   convolutional network, all on *clean* jittered digits;
# * the convolutional network again, on digits that are mostly *corrupted*:
#   the training set is split into equal parts, one clean and one for each
#   strength tested below ("trained on corrupted" in the plots).
#
# Every step trains on digits no earlier step saw (15,000 in all), as when
# new corruptions are drawn for every batch. Each model is then scored on
# 1,000 new digits at each strength of each corruption.

result = lab.corruption_sweep(seed=0)

figure, axes = plt.subplots(1, 3, figsize=(13.0, 4.0), layout="constrained")
for ax, corruption in zip(axes, result.strengths):
    lab_plots.plot_corruption_sweep(result, corruption, ax=ax)
# One legend for all three panels, where the shadow panel has room.
handles, names = axes[1].get_legend_handles_labels()
axes[2].legend(handles, names, fontsize="small", loc="center left")

# %%
# The best possible
# -----------------
#
# Some of the lost accuracy is nobody's fault. An 8 that loses its left
# column shows exactly the pixels of a 3 that loses its left column:

# All ten digits at row offset 2 and column offset -1 (one column outside):
cropped, _ = lcdnet.generate_digits(10, img_size=10, cutoff=1, positions=[(2, -1)])
eight, three = cropped[8], cropped[3]
print("the cropped 8 and the cropped 3 are identical:", np.array_equal(eight, three))
axes = lcdnet.plot_digits(np.stack([eight, three]), [8, 3])

# %%
# No model can tell such pictures apart, so the best possible accuracy falls
# with the cutoff. :func:`lcdnet.lab.cutoff_ceiling` computes it exactly by
# listing every digit at every offset. For noise the best possible accuracy
# is that of an ideal classifier that knows exactly how the digits were
# made, and so knows for each noisy picture how likely each digit is to have
# produced it. The dashed grey lines in the plots show both. Shadows destroy
# almost nothing: every lit pixel stays lit, except where a full-strength
# shadow turns the very edge black.

for corruption in ("noise", "cutoff"):
    strengths = result.strengths[corruption]
    best = result.best_possible[corruption]
    deep = result.accuracy[corruption]["deep"]
    print(f"{corruption:>6}: " + "   ".join(
        f"{strength:g}: best {b:.2f}, deep {d:.2f}"
        for strength, b, d in zip(strengths, best, deep)))

# %%
# What the sweep shows
# --------------------
#
# * The linear model starts low, because it does not recognise jittered
#   digits in the first place, and the mess pushes it down towards chance.
#   The dense network recognises clean digits (it has seen every one of the
#   360), but noise knocks it down fast. Its weights match exact pixel
#   patterns, and noise changes every pixel.
# * The convolutional network trained on clean digits ignores light noise
#   and mild shadows. As each corruption grows, it falls further below the
#   best possible. Under strong noise it loses far more than the noise
#   destroys.
# * Trained on corrupted digits, the same network keeps clean digits right
#   and holds up better under every strong corruption. With cut-off digits
#   it gets closest to the best possible. Part of coping with inexact data
#   is simply showing the model inexact data.

for corruption, strengths in result.strengths.items():
    clean_trained = result.accuracy[corruption]["deep"][-1]
    corrupted_trained = result.accuracy[corruption]["deep_augmented"][-1]
    print(f"{corruption}={strengths[-1]:g}: trained on clean {clean_trained:.2f}, "
          f"trained on corrupted {corrupted_trained:.2f}")

# %%
# The numbers
# -----------
#
# The series gives no numbers for these experiments. The table lists each
# model's accuracy on clean digits and at the strongest setting of each
# corruption, all measured in this run:

print(format_table(result.comparisons()))
plt.show()
