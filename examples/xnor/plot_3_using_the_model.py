"""
Using the trained model
=======================

A trained network is only useful if it can be kept and used later, in
another program, without training it again. This last tutorial loads the
XNOR network saved by the previous one from its file, checks that nothing
was lost on the way, and looks at what it computes. It ends with a warning:
train the same network from another random start, and it may learn
something else entirely.
"""

# %%
# Train, save, load
# -----------------
#
# Each tutorial runs on its own, so this one first repeats the training of
# the previous tutorial (seed 0, 5,000 steps, saved into a temporary folder).
# :func:`lcdnet.lessons.xnor_restored` then loads the saved ``.keras`` file
# into a new model object with :func:`lcdnet.load_model`, evaluates both the
# trained and the loaded model on a 100 x 100 mesh, and records the largest
# difference between their outputs. Zero means the file kept every weight
# exactly.

import pathlib
import shutil
import tempfile

import matplotlib.pyplot as plt

import lcdnet
from lcdnet import lessons
from lcdnet.report import format_table

out_dir = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
training = lessons.xnor_training(out_dir, seed=0)
restored = lessons.xnor_restored(training)
print("loaded from:", training.model_path.name)
print("largest difference from the trained model:", restored.max_difference)

# %%
# In your own program, loading is one line: ``model =
# lcdnet.load_model("xnor.keras")``. The loaded model is an ordinary Keras
# model: ``lcdnet.predict(model, [[0, 1]])`` or ``model.predict(...)`` use it.
#
# The surface
# -----------
#
# Evaluated over the unit square, a network that learned XNOR draws a
# surface like the hand-set one of the fourth tutorial: high at (0, 0) and
# (1, 1), low at (0, 1) and (1, 0). The walls between the corners lie
# wherever training happened to put them; only the four corners were ever
# part of the task.

ax = lcdnet.plot_xnor_surface(restored.model)
ax.set_title("Trained XNOR network, loaded from its file")

# %%
# The corners
# -----------
#
# The series printed the outputs at the four corners of its trained network:
# 0.996, 0.005, 0.004 and 0.997 for (0, 0), (0, 1), (1, 0) and (1, 1). Its
# printout read the mesh with rows and columns swapped, which put the (0, 1)
# and (1, 0) values in each other's place; since XNOR treats both inputs
# alike, the slip went unnoticed. :func:`lcdnet.xnor_truth_table` evaluates
# the corners themselves, so each row is labelled with its true inputs.

print(lcdnet.xnor_truth_table(restored.model))
print()
print(format_table(restored.comparisons()))

# %%
# Another seed, another network
# -----------------------------
#
# The initial weights are random, and training only ever walks downhill on
# the loss from wherever it starts. The loss of even this tiny network is a
# landscape with more than one valley. Most starts lead to a valley whose
# floor is (nearly) zero loss, where the network computes XNOR. Some lead
# into a *local minimum*: a valley whose floor is higher, where no small
# change of the weights lowers the loss any more, so training stays stuck
# however long it runs. A 2-2-1 sigmoid network is known to get stuck like
# this for a fraction of starting points.
#
# Training the same network from seed 1 shows what such a run looks like.
# Compare the final losses, the truth tables and the two surfaces:

out_dir_seed_1 = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
training_seed_1 = lessons.xnor_training(out_dir_seed_1, seed=1)

runs = {"seed 0": training, "seed 1": training_seed_1}
for name, run in runs.items():
    table = lcdnet.xnor_truth_table(run.model)
    print(f"{name}: final loss {run.final_loss:.3g}, "
          f"largest error at a corner {table.max_error:.3f}, "
          f"computes XNOR: {table.max_error < 0.1}")
    print(table)
    print()

# %%

figure = plt.figure(figsize=(11.0, 4.8), layout="constrained")
for index, (name, run) in enumerate(runs.items(), start=1):
    ax = figure.add_subplot(1, 2, index, projection="3d")
    lcdnet.plot_xnor_surface(run.model, ax=ax)
    ax.set_title(f"{name}: final loss {run.final_loss:.2g}")

# %%
# A stuck run can often be escaped by starting again from other random
# weights, by using more hidden units, or by changing the optimiser's
# settings. Whatever the remedy, the lesson is the habit: check the trained
# model, here its truth table, rather than trusting that training succeeded.
#
# The temporary folders are removed at the end.

shutil.rmtree(out_dir)
shutil.rmtree(out_dir_seed_1)
plt.show()
