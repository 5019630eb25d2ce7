"""
Training XNOR
=============

The previous tutorial set the weights of an XNOR network by hand. Here the
same 2-2-1 network starts from random weights and has to find good ones by
itself, from the four rows of the truth table. Along the way it writes logs
for TensorBoard, a tool to watch training, and saves the trained network to
a file, ready for the next tutorial.

.. admonition:: In this tutorial you will

   * train the 2-2-1 network with :term:`Adam` on the :term:`mean squared
     error`, as the series did;
   * read a :term:`learning curve` on a logarithmic axis, and meet a
     :term:`plateau`;
   * see that training found different hidden units from the hand-set
     ones, and still computes XNOR;
   * write TensorBoard logs and save the trained network as a ``.keras``
     file.

   **Prerequisites:** :doc:`xnor_by_hand` (the sigmoid, the 2-2-1
   network). The first digit tutorial,
   :doc:`/auto_examples/digits/perfect_digits`, introduces
   :term:`gradient descent`; this page recalls what it needs.
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
# * the optimiser is *Adam* with learning rate 0.03. Like plain gradient
#   descent, Adam moves every weight a small step downhill; unlike it, it
#   steers by a running average of the weight's recent gradients and scales
#   the step by their size, so every weight gets a step size of its own;
# * every step uses all four rows (full-batch training), for 5,000 steps,
#   and the loss is recorded every 10 steps.
#
# Before training, the weights are random. What does such a network compute?
#
# .. admonition:: Predict, then run
#
#    Guess the untrained network's outputs at the four corners, and its
#    loss, before you run the next cell. Hint: a network that gave all four
#    corners the same answer :math:`c` would pay
#    :math:`\bigl(2(1-c)^2 + 2c^2\bigr)/4`, which is smallest, 1/4, at
#    :math:`c = 1/2`.

import json
import pathlib
import shutil
import tempfile
import time
import zipfile

import keras
import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.lab import CLAIMS as LAB_CLAIMS
from lcdnet.report import Answer, format_table

# A run counts as having learned XNOR when its loss ends below this (0.001),
# as everywhere in lcdnet.
LEARNED_LOSS = lessons.CLAIMS["xnor_learned_loss"]
# The two plateau levels, and how close a loss must be to count as on one:
# the thresholds of lcdnet's seed lottery.
PLATEAU_TOLERANCE = LAB_CLAIMS["plateau_tolerance"]
ONE_EIGHTH, ONE_SIXTH = sorted(LAB_CLAIMS["stuck_loss_plateaus"])


untrained = lcdnet.make_xnor_model(seed=0)
untrained_table = lcdnet.xnor_truth_table(untrained)
untrained_loss = float(
    np.mean((untrained_table.outputs - untrained_table.targets) ** 2)
)
spread = float(np.ptp(untrained_table.outputs))
print(untrained_table)
print(f"largest minus smallest output: {spread:.3f}")
print(f"loss before training: {untrained_loss:.3f}")

# sphinx_gallery_start_ignore
assert spread < 0.15, spread
assert untrained_loss > 0.25, untrained_loss
# sphinx_gallery_end_ignore

# %%
# The four outputs lie close together: the untrained network barely tells
# the corners apart, and its loss is above the 1/4 of the best constant
# answer. Training has to pull the outputs at (0, 0) and (1, 1) up and the
# other two down.
#
# Training in Keras
# -----------------
#
# First the whole training in plain Keras: the network of the previous
# tutorial, ``compile`` with Adam at rate 0.03 and the mean squared error,
# and ``fit``. It starts from the random weights that
# :func:`lcdnet.make_xnor_model` drew from seed 0 (printed above), so that
# it can be compared with lcdnet's run below.
#
# Every step uses the four rows of the truth table. ``fit`` cuts its data
# into batches and pays a fixed 30-60 ms of bookkeeping per *epoch* (one
# pass over the data): ``fit(inputs, targets, epochs=5000)`` would spend
# minutes on that alone. So the table is repeated 500 times, one after
# another, and cut into batches of 4 without shuffling: every batch is the
# whole table, and one epoch is 500 steps. Ten epochs make the series'
# 5,000 steps, and ``steps_per_execution=500`` runs each epoch's steps in
# one call. Keras's ``TensorBoard`` callback writes the loss for
# TensorBoard once per epoch (the mean over the epoch's steps), and a
# temporary folder keeps every file this tutorial writes in one place.
#
# .. admonition:: Predict, then run
#
#    The loss starts at its untrained value, printed above. Will it fall
#    steadily, a little at every step, over the 5,000 steps? Sketch the
#    curve you expect before you run the cell; its first lines print the
#    mean loss of each 500 steps.

out_dir = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(2, activation="sigmoid"),
        keras.layers.Dense(1, activation="sigmoid"),
    ],
    name="xnor",
)
model.set_weights(untrained.get_weights())
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.03),
    loss=keras.losses.MeanSquaredError(),
    steps_per_execution=500,
)
repeats, epochs = 500, 10
inputs = np.tile(lcdnet.XNOR_INPUTS, (repeats, 1))
targets = np.tile(lcdnet.XNOR_TARGETS, (repeats, 1))
start = time.perf_counter()
fitted = model.fit(
    inputs,
    targets,
    batch_size=4,
    epochs=epochs,
    shuffle=False,
    verbose=0,
    callbacks=[keras.callbacks.TensorBoard(log_dir=out_dir / "keras-logs")],
)
fit_seconds = time.perf_counter() - start
print("mean loss of each epoch of 500 steps:")
print(" ".join(f"{loss:.2g}" for loss in fitted.history["loss"]))
final_loss = model.evaluate(lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, verbose=0)
print(f"loss after {repeats * epochs:,} steps: {final_loss:.3g}")

# sphinx_gallery_start_ignore
assert final_loss < LEARNED_LOSS, final_loss
# sphinx_gallery_end_ignore

# %%
# The same in lcdnet
# ------------------
#
# :func:`lcdnet.train` runs the same 5,000 steps of the same model in one
# compiled loop and records the loss every 10 steps, as the series did.
# Started from the same weights, it ends with the same network, to within
# the rounding of 32-bit arithmetic done in a slightly different order:

same_model = lcdnet.make_xnor_model(seed=0)
start = time.perf_counter()
lcdnet.train(
    same_model,
    lcdnet.XNOR_INPUTS,
    lcdnet.XNOR_TARGETS,
    steps=5000,
    log_every=10,
)
train_seconds = time.perf_counter() - start
difference = max(
    np.abs(ours - theirs).max()
    for ours, theirs in zip(
        same_model.get_weights(), model.get_weights(), strict=True
    )
)
print(f"largest difference between the trained weights: {difference:.1e}")
print(
    f"time: fit {fit_seconds:.2f} s, lcdnet.train {train_seconds:.2f} s "
    "(both compile first)"
)
print(f"fit / lcdnet.train: {fit_seconds / train_seconds:.1f}")

# sphinx_gallery_start_ignore
assert type(same_model.optimizer) is type(model.optimizer)
assert np.isclose(
    float(same_model.optimizer.learning_rate),
    float(model.optimizer.learning_rate),
)
assert [layer.get_config()["units"] for layer in same_model.layers] == [2, 1]
assert difference < 1e-4, difference
# sphinx_gallery_end_ignore

# %%
# The lesson
# ----------
#
# :func:`lcdnet.lessons.xnor_training` runs this training and writes two
# things into a folder you choose: TensorBoard logs in its ``tensorboard``
# sub-folder and the trained network as ``xnor.keras``.

training = lessons.xnor_training(out_dir, seed=0)
steps = training.steps
print(f"final loss after {steps:,} steps: {training.final_loss:.3g}")

# sphinx_gallery_start_ignore
# As tests/test_lessons.py asserts for seed 0.
assert steps == 5000, steps
assert training.final_loss < LEARNED_LOSS, training.final_loss
assert all(
    np.array_equal(ours, theirs)
    for ours, theirs in zip(
        training.model.get_weights(), same_model.get_weights(), strict=True
    )
)
# sphinx_gallery_end_ignore

# %%
# The loss curve
# --------------
#
# :func:`lcdnet.plot_history` draws the recorded loss against the step. A
# loss that shrinks by factors of ten is best read on a logarithmic y axis
# (``logy=True``), where each factor of ten takes the same height.
#
# Your sketch from before the Keras training, against the loss of every
# tenth step:

ax = lcdnet.plot_history(training.history, logy=True)
ax.axhline(
    ONE_SIXTH, color="tab:gray", linestyle="--", linewidth=1, label="1/6"
)
ax.set_ylabel("loss (mean squared error, log scale)")
ax.set_title("XNOR network, seed 0: loss during training")
ax.legend()

loss, logged_steps = training.history["loss"], training.history.steps
on_plateau = np.abs(loss - ONE_SIXTH) < PLATEAU_TOLERANCE
plateau_start = int(logged_steps[on_plateau][0])
plateau_end = int(logged_steps[on_plateau][-1])
learned_at = int(logged_steps[np.argmax(loss < LEARNED_LOSS)])
print(
    f"loss within {PLATEAU_TOLERANCE} of 1/6: from step {plateau_start:,} "
    f"to step {plateau_end:,}"
)
print(f"loss first below {LEARNED_LOSS}: step {learned_at:,}")

# sphinx_gallery_start_ignore
# One flat stretch near 1/6, over a thousand steps long, then a quick drop.
plateau_steps = logged_steps[on_plateau]
assert np.all(np.diff(plateau_steps) == 10), (
    "the plateau is one unbroken stretch"
)
assert plateau_start <= 500, plateau_start
assert plateau_end - plateau_start >= 1000, (plateau_start, plateau_end)
assert plateau_end < learned_at, (plateau_end, learned_at)
assert learned_at - plateau_end < (plateau_end - plateau_start) / 2, (
    plateau_end,
    learned_at,
)
# sphinx_gallery_end_ignore

# %%
# The loss did not fall steadily. After a short start it sat near
# 1/6 ≈ 0.167 for over a thousand steps (the steps printed above), then
# dropped below 0.001 in a fraction of that time. A long flat stretch
# like this is a :term:`plateau`: the weights drift through a region where
# the loss hardly changes, until they find the way down. So a flat stretch
# alone does not prove that training is stuck: this run got out. The
# next tutorial trains a seed whose run did not get out within 5,000
# steps, and :doc:`xnor_seed_lottery` explains where the values 1/6
# and 1/8 come from.
#
# The series stopped at 5,000 steps with a loss of about 5.1e-5 and noted
# that it was still dropping, slowly. So was this run:

loss_4000 = float(loss[logged_steps == 4000][0])
print(
    f"loss at step 4,000: {loss_4000:.3g}, at step 5,000: "
    f"{training.final_loss:.3g}"
)

# sphinx_gallery_start_ignore
assert training.final_loss < loss_4000, (loss_4000, training.final_loss)
# sphinx_gallery_end_ignore

# %%
# What the network learned
# ------------------------
#
# Its truth table, and its weights next to the hand-set ones of the
# previous tutorial:

print(lcdnet.xnor_truth_table(training.model))
print()
names = ("hidden weights", "hidden biases", "output weights", "output bias")
for name, learned in zip(names, training.model.get_weights(), strict=True):
    print(f"{name}:\n{learned.round(2)}\n")

# %%
# The weights look nothing like the hand-set ones. To see what each hidden
# unit does, round its output at the four corners to 0 or 1 and look the
# pattern up among the logic gates of two inputs. The output unit is a
# gate too, of the two hidden units: feed it the four on/off combinations.

GATES = {
    (0, 0, 0, 1): "AND",
    (0, 1, 1, 1): "OR",
    (1, 1, 1, 0): "NAND",
    (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR",
    (1, 0, 0, 1): "XNOR",
    (1, 0, 1, 1): "first OR NOT second",
    (1, 1, 0, 1): "NOT first OR second",
    (0, 0, 1, 0): "first AND NOT second",
    (0, 1, 0, 0): "NOT first AND second",
}


def gate_name(outputs):
    """The gate whose truth table the rounded outputs match.

    The outputs are those at (0,0), (0,1), (1,0), (1,1).
    """
    return GATES.get(
        tuple(int(value) for value in np.round(outputs)), "another function"
    )


hidden_layer, output_layer = training.model.layers
hidden = np.asarray(hidden_layer(lcdnet.XNOR_INPUTS))
roles = [gate_name(hidden[:, unit]) for unit in range(hidden.shape[1])]
output_role = gate_name(np.asarray(output_layer(lcdnet.XNOR_INPUTS)).ravel())
for unit, role in enumerate(roles):
    outputs = ", ".join(f"{value:.3f}" for value in hidden[:, unit])
    print(f"hidden unit {unit}: outputs {outputs} -> {role}")
print(f"output unit, of (unit 0, unit 1): {output_role}")

# sphinx_gallery_start_ignore
# The paragraph below describes exactly this pair of roles.
assert roles == ["NOR", "NAND"], roles
assert output_role == "first OR NOT second", output_role
assert 0.9 < hidden[1, 1] < 0.96, hidden[1, 1]
# sphinx_gallery_end_ignore

# %%
# Training found a different circuit from the hand-set one. Hidden unit 0
# is a NOR: on only at (0, 0). Hidden unit 1 is a NAND: on everywhere except
# at (1, 1). The output unit fires when the NOR unit is on or the NAND unit
# is off, that is at (0, 0) or at (1, 1): XNOR again. Nothing in the loss
# asks for particular hidden units, only for the right outputs, and many
# different weights give them. (The hidden outputs are not exactly 0 or 1:
# at (0, 1) the NAND unit gives only about 0.93, enough for the output unit.)
#
# Every lesson lists the series' numbers next to this run's:

print(format_table(training.comparisons()))

# %%
# Watching training with TensorBoard
# ----------------------------------
#
# TensorBoard is a set of web pages, installed with lcdnet, that plots the
# values logged during training, while it runs or afterwards. Keras's
# ``TensorBoard`` callback wrote the ten epoch losses of the ``fit`` above
# into ``keras-logs`` (its ``train`` sub-folder), and the lesson wrote the
# loss of every tenth step into ``tensorboard``, both as TensorBoard
# *event files*:

for log_dir in (out_dir / "keras-logs", training.log_dir):
    event_files = sorted(log_dir.rglob("events.out.tfevents.*"))
    folders = sorted(
        {str(path.parent.relative_to(out_dir)) for path in event_files}
    )
    print(f"{len(event_files)} event file(s) in {', '.join(folders)}")

# sphinx_gallery_start_ignore
assert list((out_dir / "keras-logs").rglob("events.out.tfevents.*"))
assert list(training.log_dir.rglob("events.out.tfevents.*"))
# The paragraph below: a graph with both layers on TensorFlow, none on JAX.
import re

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)

events = EventAccumulator(str(training.log_dir))
events.Reload()
if keras.backend.backend() == "tensorflow":
    assert events.Tags()["graph"], "no graph in the lesson's event files"
    # Keras numbers a name scope used before in the process: hidden_1.
    scopes = {
        re.sub(r"_\d+$", "", part)
        for node in events.Graph().node
        for part in node.name.split("/")[1:-1]
    }
    assert {"hidden", "output"} <= scopes, sorted(scopes)
else:
    assert not events.Tags()["graph"]
# sphinx_gallery_end_ignore

# %%
# To look at them, point TensorBoard at the folder and open the address it
# prints (usually http://localhost:6006) in a browser:
#
# .. code-block:: console
#
#    $ tensorboard --logdir DIR
#
# where ``DIR`` is the folder of the logs (``lcdnet-results/tensorboard``
# after ``lcdnet reproduce``). The scalars page shows the loss curve above.
# On TensorFlow the lesson's event files also hold the graph of one
# training step, as the series' first TensorBoard picture did: the Graphs
# tab shows the 2-2-1 network (double-click its box to see its two layers,
# ``hidden`` and ``output``; Keras adds a number, as in ``hidden_1``, to a
# name it has used before in the same session), the loss, the gradients
# and Adam's update. On JAX the tab stays empty, since JAX compiles a
# function rather than a TensorFlow graph; the loss curves are the same on
# both backends.
#
# To log your own runs, pass a ``keras.callbacks.TensorBoard`` to ``fit``
# as above, pass ``log_dir`` to :func:`lcdnet.train`, or write a recorded
# history with :func:`lcdnet.write_tensorboard`.
#
# Saving the model
# ----------------
#
# In Keras, ``model.save`` writes a trained model to a ``.keras`` file and
# ``keras.saving.load_model`` reads it back, as a new model object that
# computes exactly what the saved one did:

keras_path = out_dir / "keras-xnor.keras"
model.save(keras_path)
loaded = keras.saving.load_model(keras_path)
gap = np.abs(
    loaded.predict(lcdnet.XNOR_INPUTS, verbose=0)
    - model.predict(lcdnet.XNOR_INPUTS, verbose=0)
).max()
print(f"{keras_path.name}: largest gap between saved and loaded outputs {gap}")

# sphinx_gallery_start_ignore
assert gap == 0.0, gap
# sphinx_gallery_end_ignore

# %%
# The lesson saved its network the same way, with :func:`lcdnet.save_model`
# (``model.save`` after building the optimiser's state, so that the file holds
# all of it) as ``xnor.keras``. :ref:`Keras documents <ref-keras>` that file as
# a zip archive holding the model's configuration (its architecture), its
# weights and the state of its optimiser, so that a loaded model is in the
# exact state of the saved one. A look inside, and at the optimiser's step
# counter read back from the file:

print(training.model_path.name)
with zipfile.ZipFile(training.model_path) as archive:
    print(sorted(archive.namelist()))
    config = archive.read("config.json").decode()
    weights_file = archive.read("model.weights.h5")
    saved_with = json.loads(archive.read("metadata.json"))["keras_version"]
reloaded = lcdnet.load_model(training.model_path)
reloaded_steps = int(reloaded.optimizer.iterations)
print(f"optimiser steps stored in the file: {reloaded_steps:,}")
print(f"written by Keras {saved_with}")

# sphinx_gallery_start_ignore
import io

import h5py

assert '"compile_config"' in config, "the training settings are in config.json"
with h5py.File(io.BytesIO(weights_file), "r") as stored:
    assert "layers" in stored and "optimizer" in stored, list(stored)
assert reloaded_steps == steps, (reloaded_steps, steps)
assert saved_with == keras.__version__, saved_with
# The setting the older versions did not know, as Keras 3.15 writes it.
if tuple(int(part) for part in saved_with.split(".")[:2]) >= (3, 15):
    assert '"quantization_config"' in config
# sphinx_gallery_end_ignore

# %%
# ``config.json`` holds the architecture and the training settings
# (optimiser, loss), ``model.weights.h5`` the weights and the optimiser's
# state, and the counter shows that the saved state is the state after all
# 5,000 steps: training could resume where it stopped. ``metadata.json``
# records the version of Keras that wrote the file.
#
# .. admonition:: A file from a newer Keras
#
#    A ``.keras`` file written by a newer Keras may not load in an older
#    one. A file written by Keras 3.15 failed to load in Keras 3.12 and in
#    Keras 3.3: its configuration holds a setting, ``quantization_config``,
#    that those versions do not know. Load a file with the Keras version
#    that wrote it (recorded in ``metadata.json``, as above) where you can.
#
# The next tutorial, :doc:`using_the_model`, loads the file and uses the
# network.
#
# .. admonition:: Takeaway
#
#    From random weights, Adam on the mean squared error found a 2-2-1
#    network that computes XNOR, with hidden units of its own choosing. The
#    loss did not fall evenly: it sat on a plateau for over a thousand steps
#    before it dropped, so judge a run by where it ends, not by a flat
#    stretch on the way. A ``.keras`` file keeps the architecture, the
#    weights and the optimiser's state.
#
# Exercises
# ---------
#
# 1. Train seed 0 for only 1,000 steps, in the middle of its plateau
#    (``model = lcdnet.make_xnor_model(seed=0)``, then
#    ``lcdnet.train(model, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS,
#    steps=1000)``). Before you print its truth table: what does a network
#    whose loss is 1/6 answer at the four corners?
#
#    .. dropdown:: Solution
#
#       The cell below computes it: (0, 0) is right, and the other three
#       corners all get about 1/3. The network has singled out one corner
#       and cannot yet tell the other three apart, so its best common answer
#       for them is the average of their targets 0, 0 and 1, which is 1/3.
#       That costs :math:`\bigl(2 (1/3)^2 + (2/3)^2\bigr) / 4 = 1/6`.

plateau_model = lcdnet.make_xnor_model(seed=0)
lcdnet.train(
    plateau_model, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, steps=1000
)
plateau_table = lcdnet.xnor_truth_table(plateau_model)
# sphinx_gallery_start_ignore
plateau_outputs = plateau_table.outputs
assert plateau_outputs[0] > 0.9, plateau_outputs
assert np.all(np.abs(plateau_outputs[1:] - 1 / 3) < 0.02), plateau_outputs
# sphinx_gallery_end_ignore
Answer(1, f"after 1,000 steps:\n{plateau_table}")

# %%
# 2. Train seed 0 for 5,000 steps with learning rates 0.003 and 0.3
#    (``lcdnet.make_xnor_model(seed=0, learning_rate=...)``). Predict first:
#    which of the two gets its loss below 0.001?
#
#    .. dropdown:: Solution
#
#       For this seed, neither. With 0.003 the steps are ten times smaller
#       and the loss is still on its way down after 5,000 steps; with 0.3
#       the run ends on the 1/6 plateau. A larger learning rate is not
#       simply faster. The cell below trains both.

rate_losses = {}
for rate in (0.003, 0.3):
    rate_model = lcdnet.make_xnor_model(seed=0, learning_rate=rate)
    rate_history = lcdnet.train(
        rate_model,
        lcdnet.XNOR_INPUTS,
        lcdnet.XNOR_TARGETS,
        steps=5000,
        log_every=100,
    )
    rate_losses[rate] = rate_history.final("loss")
# sphinx_gallery_start_ignore
assert LEARNED_LOSS < rate_losses[0.003] < 0.01, rate_losses
assert abs(rate_losses[0.3] - ONE_SIXTH) < PLATEAU_TOLERANCE, rate_losses
# sphinx_gallery_end_ignore
Answer(
    2,
    "\n".join(
        f"learning rate {rate}: final loss {loss:.3g}"
        for rate, loss in rate_losses.items()
    ),
)

# %%
# 3. Log a run of your own: train ``lcdnet.make_xnor_model(seed=2)`` for
#    5,000 steps with ``log_dir`` set to a new folder, and open that folder
#    with TensorBoard.
#
#    .. dropdown:: Solution
#
#       .. code-block:: python
#
#          model = lcdnet.make_xnor_model(seed=2)
#          lcdnet.train(model, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS,
#                       steps=5000, log_dir="my-xnor-logs")
#
#       then ``tensorboard --logdir my-xnor-logs`` in a terminal. The cell
#       below runs the training into a temporary folder and counts the
#       event files it wrote. Is seed 2's curve like seed 0's? The next
#       tutorial meets a run like it.

own_log_dir = out_dir / "my-xnor-logs"
own_model = lcdnet.make_xnor_model(seed=2)
own_history = lcdnet.train(
    own_model,
    lcdnet.XNOR_INPUTS,
    lcdnet.XNOR_TARGETS,
    steps=5000,
    log_dir=own_log_dir,
)
own_files = list(own_log_dir.rglob("events.out.tfevents.*"))
# sphinx_gallery_start_ignore
assert len(own_files) >= 1, own_files
assert abs(own_history.final("loss") - ONE_EIGHTH) < PLATEAU_TOLERANCE, (
    own_history.final("loss")
)
# sphinx_gallery_end_ignore
Answer(
    3,
    f"{len(own_files)} event file(s); seed 2's final loss "
    f"{own_history.final('loss'):.3g}",
)

# %%
# The temporary folder is removed at the end; to keep the logs and open them
# with TensorBoard, leave out this last line when you run the script.

shutil.rmtree(out_dir)
plt.show()
