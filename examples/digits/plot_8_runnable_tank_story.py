"""
The tank story, run for real
============================

:doc:`/tank-story` tells of a network that was meant to spot tanks and
learned the weather instead: the tank photos had been taken on cloudy
days, the empty forest on sunny ones, and a test set drawn from the same
photos could not catch the mistake. The story is very probably
apocryphal. Its lesson is not. This tutorial builds the situation on
purpose, with digits instead of tanks, and measures every step: the
perfect validation score, the collapse on fair data, the weights that give
the cue away, and the fix.
"""

# %%
# Tanks, forests and weather
# --------------------------
#
# The task is a yes-or-no question: is there a "tank" in the picture? A tank
# is a digit from 5 to 9 (label 1); a digit from 0 to 4 is empty forest
# (label 0). Each picture has a 5 x 5 digit in the middle of a 10 x 10 grid.
# On a *sunny* day every unlit pixel is raised to a background brightness
# between 0.3 and 0.5; on a *cloudy* day the background stays black.
#
# In the collected pictures, as in the story, every tank was photographed
# on a cloudy day and every empty forest on a sunny one.
# :func:`lcdnet.lab.tank_digits` draws such biased pictures, and fair ones
# in which the weather is a coin toss, independent of the label:

import matplotlib.pyplot as plt

import lcdnet
from lcdnet import lab
from lcdnet.plotting import lab as lab_plots
from lcdnet.report import format_table

pictures = {
    "biased": lab.tank_digits(10, biased=True, seed=0),
    "fair": lab.tank_digits(10, biased=False, seed=1),
}
figure, axes = plt.subplots(2, 10, figsize=(10.0, 2.7), layout="constrained")
for row, (kind, (images, labels, sunny)) in zip(axes, pictures.items()):
    for ax, image, label, is_sunny in zip(row, images, labels, sunny):
        # Lit pixels white and the background as bright as the day: a light
        # grey background is sunny, a black one cloudy.
        ax.imshow(image, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(f"{'tank' if label == lab.TANK else 'forest'}\n"
                     f"{'sunny' if is_sunny else 'cloudy'}", fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
    row[0].set_ylabel(kind, rotation=0, ha="right")

# %%
# In the top row the background alone gives the answer. In the bottom row it
# does not.
#
# A perfect validation score
# --------------------------
#
# :func:`lcdnet.lab.tank_story` does everything that follows. It draws 500
# biased pictures and splits them with :func:`lcdnet.split`: 80% to train
# on, 20% held back for validation, exactly the precaution of the second
# tutorial. It trains two models on the 80%: the linear model (1,000 steps
# of plain gradient descent, enough to fit even fair data, which offers no
# shortcut) and the convolutional network (300 steps). Then it tests both
# on 1,000 fair pictures.

result = lab.tank_story(seed=0)
for name in ("linear", "deep"):
    run = result.runs[name, "biased"]
    print(f"{name:>6}: validation {run.validation_accuracy:.2f}   "
          f"fair test {run.fair_accuracy:.2f}")

# %%
# Both models pass validation perfectly, and both score about a coin toss
# (0.5) on fair pictures. Splitting the fair pictures by weather shows why.
# "Agrees with the bias" means a picture whose weather matches the
# collected data: a cloudy tank or a sunny forest.

for name in ("linear", "deep"):
    run = result.runs[name, "biased"]
    print(f"{name:>6}: weather agrees with the bias {run.cue_agrees_accuracy:.2f}   "
          f"weather against the bias {run.cue_disagrees_accuracy:.2f}")

# %%
# When the weather agrees with the bias, the models are right; when it does
# not, they are wrong every time. Neither model looks at the digit at all.
# Both answer "tank" when the sky is dark. The validation pictures came from
# the same biased collection, so they could not show it. Validation
# measures how well a model does on data like its training data, and that
# data shared the cue.
#
# The weights give it away
# ------------------------
#
# The linear model can be read directly. :func:`lcdnet.plot_weights` draws
# its weights for "no tank" (class 0) and "tank" (class 1), one weight per
# pixel:

kernel = result.runs["linear", "biased"].model.layers[-1].kernel.numpy()
axes = lcdnet.plot_weights(kernel[:, :2])
axes[0].set_title("0: no tank")
axes[1].set_title("1: tank")

# %%
# The difference of the two, "tank" minus "no tank", is the evidence each
# pixel gives when it is lit. Below it is drawn for the model trained on the
# biased pictures and for the same model trained on fair ones. The dashed
# box is where the digit is; everything outside is background, 75 of the
# 100 pixels, where only the weather shows.

figure, axes = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")
for ax, training in zip(axes, ("biased", "fair")):
    lab_plots.plot_decision_weights(result, training, ax=ax)

# %%
# The biased model puts most of its weight on the background, all of it
# blue: a bright background counts against a tank. The fair model has
# almost nothing outside the box. Its weights sit on the segments that
# tell 0-4 from 5-9.
#
# The fix
# -------
#
# The fair model above is the remedy: the same models, trained the same
# way, on pictures whose weather has nothing to do with the label (the same
# thing as randomising the brightness of every training picture). With the
# shortcut gone, the digit is the only thing that predicts the label, and
# the models learn it:

for name in ("linear", "deep"):
    run = result.runs[name, "fair"]
    print(f"{name:>6}, fair training: validation {run.validation_accuracy:.2f}   "
          f"fair test {run.fair_accuracy:.2f}   "
          f"weather against the bias {run.cue_disagrees_accuracy:.2f}")

# %%
# In practice no one hands you a list of the cues in a data set. The habits
# that protect against them are the ones in :doc:`/tank-story`. Test on data
# collected independently of the training data. Vary on purpose whatever
# should not matter. And look at what the model uses, as the weight pictures
# let you do here.
#
# The numbers
# -----------
#
# The story gives no numbers, so none are published. Everything below was
# measured in this run:

print(format_table(result.comparisons()))
plt.show()
