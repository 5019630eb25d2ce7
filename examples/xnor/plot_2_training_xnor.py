"""
Training XNOR
=============

The previous tutorial set the weights of an XNOR network by hand. Here the
same 2-2-1 network starts from random weights and has to find good ones by
itself, from the four rows of the truth table. Along the way it writes logs
for TensorBoard, a tool to watch training, and saves the trained network to
a file, ready for the next tutorial.
"""

# %%
# The training set-up
# -------------------
#
# :func:`lcdnet.lessons.xnor_training` follows the series:
#
# * the network of :func:`lcdnet.make_xnor_model`: two inputs, two sigmoid
#   hidden units, one sigmoid output, with random initial weights drawn from
#   ``seed``;
# * the loss is the *mean squared error*: the average, over the four rows,
#   of (output - target)\ :sup:`2`;
# * the optimiser is *Adam* with learning rate 0.03. Adam is a refinement of
#   gradient descent that adapts the step size of each weight to the size of
#   its recent gradients;
# * every step uses all four rows (full-batch training), for 5,000 steps,
#   and the loss is recorded every 10 steps.
#
# The lesson writes two things into a folder you choose: TensorBoard logs in
# its ``tensorboard`` sub-folder and the trained network as ``xnor.keras``.
# This tutorial gives it a fresh temporary folder, so nothing is written
# anywhere else.

import pathlib
import shutil
import tempfile
import zipfile

import matplotlib.pyplot as plt

import lcdnet
from lcdnet import lessons
from lcdnet.report import format_table

out_dir = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
training = lessons.xnor_training(out_dir, seed=0)
steps = int(training.history.steps[-1])
print(f"final loss after {steps:,} steps: {training.final_loss:.3g}")

# %%
# The loss curve
# --------------
#
# :func:`lcdnet.plot_history` draws the recorded loss against the step. A
# loss that shrinks by factors of ten is best read on a logarithmic y axis
# (``logy=True``), where each factor of ten takes the same height. The
# series stopped at 5,000 steps with a loss of about 5.1e-5, which was still
# creeping down.

ax = lcdnet.plot_history(training.history, logy=True)
ax.set_title("XNOR network, seed 0: mean squared error")

# %%
# Loss curves of small sigmoid networks need not fall smoothly. They often
# have long flat stretches, *plateaus*, where the weights drift through a
# region of almost constant loss before they find the way down, so a flat
# stretch alone does not prove that training is stuck. The next tutorial
# shows a run that really is.

# %%
# What the network learned
# ------------------------
#
# Its truth table, and its weights next to the hand-set ones of the previous
# tutorial. Training need not find the same weights, or even the same roles
# for the two hidden units: many different weights compute XNOR.

print(lcdnet.xnor_truth_table(training.model))
print()
names = ("hidden weights", "hidden biases", "output weights", "output bias")
for name, learned in zip(names, training.model.get_weights()):
    print(f"{name}:\n{learned.round(2)}\n")

print(format_table(training.comparisons()))

# %%
# Watching training with TensorBoard
# ----------------------------------
#
# TensorBoard is a small web application, installed along with TensorFlow,
# that plots the values logged during training while it runs or afterwards.
# lcdnet writes the recorded loss as TensorBoard *event files*:

event_files = sorted(training.log_dir.rglob("events.out.tfevents.*"))
print(f"{len(event_files)} event file(s) in {training.log_dir.relative_to(out_dir)}/")

# %%
# To look at them, point TensorBoard at the folder and open the address it
# prints (usually http://localhost:6006) in a browser:
#
# .. code-block:: console
#
#    $ tensorboard --logdir DIR/tensorboard
#
# where ``DIR`` is the folder given to :func:`~lcdnet.lessons.xnor_training`
# (``lcdnet-results`` after ``lcdnet reproduce``). The *Scalars* tab shows
# the loss curve above; its smoothing slider averages out the noise of
# curves less smooth than this one. To log your own runs, pass ``log_dir`` to
# :func:`lcdnet.train`, or write a recorded history with
# :func:`lcdnet.write_tensorboard`.
#
# Saving the model
# ----------------
#
# The trained network was saved with :func:`lcdnet.save_model` as a
# ``.keras`` file: a zip archive holding the network's architecture as JSON,
# its training settings, and the weights, including the optimiser's own
# state, so that training could resume where it stopped. The next tutorial
# loads it back.

print(training.model_path.name)
with zipfile.ZipFile(training.model_path) as archive:
    print(sorted(archive.namelist()))

# %%
# The temporary folder is removed at the end; to keep the logs and open them
# with TensorBoard, leave out this last line when you run the script.

shutil.rmtree(out_dir)
plt.show()
