"""
Using the trained model
=======================

A trained network is only useful if it can be kept and used later, in
another program, without training it again. This last tutorial of the
series' XNOR posts loads the network saved by the previous one from its
file, checks that nothing was lost on the way, and looks at what it
computes. It ends with a warning: train the same network from another
random start, and it may not learn XNOR at all.

.. admonition:: In this tutorial you will

   * load a saved ``.keras`` file and check that the loaded network is
     exactly the trained one;
   * read the four corners off an evaluation mesh the right way round;
   * train the network from another :term:`seed`, watch it get stuck, and
     look inside the stuck network: :term:`saturation` and a tiny gradient;
   * learn why "stuck in a local minimum" is the wrong description for this
     network, and what the sources say instead.

   **Prerequisites:** :doc:`training_xnor` (training, the
   :term:`plateau` at 1/6, the ``.keras`` file).
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
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.lab import CLAIMS as LAB_CLAIMS
from lcdnet.lab.lottery import SATURATION_MARGIN, network_state
from lcdnet.plotting import set_alt_text
from lcdnet.report import Answer, format_table

# A run counts as having learned XNOR when its loss ends below this (0.001),
# as everywhere in lcdnet; a gradient norm below TINY_GRADIENT counts as
# tiny.
LEARNED_LOSS = lessons.CLAIMS["xnor_learned_loss"]
TINY_GRADIENT = 1e-4
# The plateau levels, and how close a loss must be to count as on one: the
# thresholds of lcdnet's seed lottery.
PLATEAU_TOLERANCE = LAB_CLAIMS["plateau_tolerance"]
ONE_EIGHTH, ONE_SIXTH = sorted(LAB_CLAIMS["stuck_loss_plateaus"])


out_dir = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
training = lessons.xnor_training(out_dir, seed=0)
restored = lessons.xnor_restored(training)
print("loaded from:", training.model_path.name)
print("largest difference from the trained model:", restored.max_difference)

# sphinx_gallery_start_ignore
# As tests/test_lessons.py asserts: the file keeps every weight exactly.
assert restored.max_difference == 0.0, restored.max_difference
assert restored.model is not training.model
# sphinx_gallery_end_ignore

# %%
# In your own program, loading is one line: ``model =
# lcdnet.load_model("xnor.keras")``. The loaded model is an ordinary Keras
# model: ``lcdnet.predict(model, [[0, 1]])`` or ``model.predict(...)`` use it.
#
# .. admonition:: A file from a newer Keras
#
#    A ``.keras`` file written by a newer Keras may not load in an older
#    one. A file written by Keras 3.15 failed to load in Keras 3.12 and in
#    Keras 3.3: its configuration holds a setting, ``quantization_config``,
#    that those versions do not know. The file records the Keras version
#    that wrote it in its ``metadata.json`` (see :doc:`training_xnor`);
#    this one was written, and loaded, by the same Keras:

import json
import zipfile

import keras

with zipfile.ZipFile(training.model_path) as archive:
    saved_with = json.loads(archive.read("metadata.json"))["keras_version"]
print(f"written by Keras {saved_with}, loaded by Keras {keras.__version__}")

# sphinx_gallery_start_ignore
assert saved_with == keras.__version__, saved_with
# sphinx_gallery_end_ignore

# %%
#
# The surface
# -----------
#
# Evaluated over the unit square, the loaded network draws a surface like
# the hand-set one of :doc:`xnor_by_hand`: high at (0, 0) and
# (1, 1), low at (0, 1) and (1, 0).

table = lcdnet.xnor_truth_table(restored.model)
ax = lcdnet.plot_xnor_surface(restored.model)
ax.set_title("Trained XNOR network, loaded from its file")

# sphinx_gallery_start_ignore
# The tolerance of tests/test_lessons.py for the trained corners.
assert table.max_error < 0.05, table.max_error
# sphinx_gallery_end_ignore

# %%
# Between the corners the two networks need not agree: only the four
# corners were ever part of the task, and the walls lie wherever training
# happened to put them. Compared on the same mesh:

x1_mesh, x2_mesh, points = lcdnet.input_mesh(100)
trained_mesh = lcdnet.predict(restored.model, points).reshape(100, 100)
hand_set_mesh = lcdnet.predict(
    lcdnet.make_xnor_model(weights="ng"), points
).reshape(100, 100)
corner_index = ([0, -1, 0, -1], [0, 0, -1, -1])  # rows (x2), columns (x1)
gap_at_corners = np.abs(trained_mesh - hand_set_mesh)[corner_index].max()
gap_anywhere = np.abs(trained_mesh - hand_set_mesh).max()
print(f"largest gap at the four corners: {gap_at_corners:.3f}")
print(f"largest gap anywhere on the mesh: {gap_anywhere:.3f}")

# sphinx_gallery_start_ignore
assert gap_at_corners < 0.05, gap_at_corners
assert gap_anywhere > 0.5, gap_anywhere
# sphinx_gallery_end_ignore

# %%
# The corners
# -----------
#
# The series printed the outputs at the four corners of its trained network
# by reading them off its evaluation mesh: it printed the mesh entry in the
# first row and last column, ``z[0][-1]``, as the corner (0, 1).
# :func:`lcdnet.input_mesh` lays its mesh out as NumPy's ``meshgrid`` does
# by default, as the series' mesh was: ``x1`` grows along each row and
# ``x2`` down the columns.
#
# .. admonition:: Predict, then run
#
#    Which corner of the square is the mesh entry ``[0, -1]``, really?

print(
    f"mesh entry [0, -1]: x1 = {x1_mesh[0, -1]:.0f}, x2 = {x2_mesh[0, -1]:.0f}"
)
print(
    f"mesh entry [-1, 0]: x1 = {x1_mesh[-1, 0]:.0f}, x2 = {x2_mesh[-1, 0]:.0f}"
)

# sphinx_gallery_start_ignore
assert (x1_mesh[0, -1], x2_mesh[0, -1]) == (1, 0)
assert (x1_mesh[-1, 0], x2_mesh[-1, 0]) == (0, 1)
# sphinx_gallery_end_ignore

# %%
# Entry ``[0, -1]`` is the corner (1, 0), not (0, 1): the series' printout
# put the (0, 1) and (1, 0) values in each other's place. Since XNOR treats
# both inputs alike, the slip went unnoticed. :func:`lcdnet.xnor_truth_table`
# evaluates the corners themselves, so each row is labelled with its true
# inputs. The series printed 0.996, 0.005, 0.004 and 0.997 for what it
# called (0, 0), (0, 1), (1, 0) and (1, 1). Because of the swap, its value
# at the true corner (0, 1) is 0.004 and at (1, 0) 0.005: the comparison
# table below sets them under the true corners.

print(table)
print()
print(format_table(restored.comparisons()))

# %%
# Another seed, another network
# -----------------------------
#
# The initial weights are random, drawn from the seed. Training only ever
# follows the slope of the loss downhill from wherever it starts.
#
# .. admonition:: Predict, then run
#
#    Seed 0 learned XNOR. Will seed 1? Same network, same data, same 5,000
#    steps of Adam: only the starting weights differ.

out_dir_seed_1 = pathlib.Path(tempfile.mkdtemp(prefix="lcdnet-xnor-"))
training_seed_1 = lessons.xnor_training(out_dir_seed_1, seed=1)

runs = {"seed 0": training, "seed 1": training_seed_1}
for name, run in runs.items():
    run_table = lcdnet.xnor_truth_table(run.model)
    print(
        f"{name}: final loss {run.final_loss:.3g}, "
        f"learned XNOR (loss below {LEARNED_LOSS}): "
        f"{run.final_loss < LEARNED_LOSS}"
    )
    print(run_table)
    print()

stuck_table = lcdnet.xnor_truth_table(training_seed_1.model)

# sphinx_gallery_start_ignore
# As tests/test_lab_lottery.py asserts: seed 1 ends on the 1/8 plateau.
assert abs(training_seed_1.final_loss - ONE_EIGHTH) < PLATEAU_TOLERANCE, (
    training_seed_1.final_loss
)
stuck_outputs = stuck_table.outputs
assert np.all(np.abs(stuck_outputs[[1, 3]] - 0.5) < 0.01), stuck_outputs
assert np.all(
    np.abs(stuck_outputs[[0, 2]] - stuck_table.targets[[0, 2]]) < 0.05
), stuck_outputs
# sphinx_gallery_end_ignore

# %%
# Seed 1 did not learn XNOR. Its loss is about 1/8 = 0.125, it gets (0, 0)
# and (1, 0) right, and it answers 0.5 at (0, 1) and at (1, 1), where the
# targets are 0 and 1. Its surface is flat at 0.5 all along the side of the
# square from (0, 1) to (1, 1), where XNOR needs one end low and the other
# high:

figure = plt.figure(figsize=(7.7, 3.9), layout="constrained")
for index, (name, run) in enumerate(runs.items(), start=1):
    ax = figure.add_subplot(1, 2, index, projection="3d")
    lcdnet.plot_xnor_surface(run.model, ax=ax)
    ax.set_title(f"{name}: final loss {run.final_loss:.3g}")

# sphinx_gallery_start_ignore
set_alt_text(
    figure,
    (
        "Two 3-D surfaces of the network's output over the unit square of its "
        "inputs: seed 0, trained to XNOR, high at (0, 0) and (1, 1) and low "
        "at the other two corners; seed 1 flat at 0.5 along the whole side "
        "from (0, 1) to (1, 1)."
    ),
)
# sphinx_gallery_end_ignore

# sphinx_gallery_start_ignore
# The side x2 = 1 is the last row of the mesh.
stuck_side = lcdnet.predict(training_seed_1.model, points).reshape(100, 100)[
    -1
]
assert np.abs(stuck_side - 0.5).max() < 0.01, np.abs(stuck_side - 0.5).max()
# sphinx_gallery_end_ignore

# %%
# Inside the stuck network
# ------------------------
#
# Why 0.5, and why at those two corners? Look at the two hidden units at
# each corner, and at the slope of the loss: the norm of its gradient with
# respect to all nine parameters (:func:`lcdnet.lab.lottery.network_state`
# computes both).

stuck_weights = [
    weights[None] for weights in training_seed_1.model.get_weights()
]
_, _, stuck_hidden, stuck_gradient = network_state(stuck_weights)
stuck_hidden, stuck_gradient = stuck_hidden[0], float(stuck_gradient[0])
for corner, activations, output, target in zip(
    stuck_table.inputs.tolist(),
    stuck_hidden,
    stuck_table.outputs,
    stuck_table.targets,
    strict=True,
):
    flag = "   <- wrong" if abs(output - target) > 0.25 else ""
    print(
        f"corner {tuple(corner)}: hidden units "
        + "  ".join(f"{activation:.4f}" for activation in activations)
        + f"   output {output:.3f}{flag}"
    )
print(f"gradient norm: {stuck_gradient:.1e}")

# sphinx_gallery_start_ignore
# At both wrong corners every hidden unit is saturated, the gradient is tiny.
wrong = np.abs(stuck_table.outputs - stuck_table.targets) > 0.25
assert wrong.tolist() == [False, True, False, True], wrong
saturated = np.minimum(stuck_hidden, 1 - stuck_hidden) < SATURATION_MARGIN
assert saturated[wrong].all(), stuck_hidden
assert stuck_hidden[wrong].max() < SATURATION_MARGIN, stuck_hidden
assert stuck_gradient < TINY_GRADIENT, stuck_gradient
# sphinx_gallery_end_ignore

# %%
# At (0, 1) and (1, 1) both hidden units are off: each output is within
# 0.01 of 0, where the sigmoid is flat. This is :term:`saturation`. The
# output unit sees only the hidden units, so to it these two corners look
# the same, and it must give them one answer. The best single answer to
# the targets 0 and 1 is their average, 0.5, which costs
# :math:`(0.5^2 + 0.5^2) / 4 = 1/8`: the plateau this run sits on. To move
# either corner, a hidden unit would have to switch on there, but a
# saturated sigmoid passes almost no gradient back, and the slope of the
# whole loss is tiny.
#
# Does more training help? Continue the same run, optimiser state and all,
# to 10,000 and then 50,000 steps, and watch how far the loss stays above
# 1/8 and how large the largest weight grows:


def loss_above_one_eighth_and_largest_weight(model):
    weights = model.get_weights()
    loss = float(network_state([array[None] for array in weights])[0][0])
    return loss - ONE_EIGHTH, max(
        float(np.abs(array).max()) for array in weights
    )


longer = {
    5000: loss_above_one_eighth_and_largest_weight(training_seed_1.model)
}
for total_steps in (10_000, 50_000):
    lcdnet.train(
        training_seed_1.model,
        lcdnet.XNOR_INPUTS,
        lcdnet.XNOR_TARGETS,
        steps=total_steps - max(longer),
        log_every=1000,
    )
    longer[total_steps] = loss_above_one_eighth_and_largest_weight(
        training_seed_1.model
    )
print("   steps   loss - 1/8   largest weight")
for total_steps, (excess, largest) in longer.items():
    print(f"{total_steps:>8,}   {excess:10.1e}   {largest:14.1f}")
print()
print(lcdnet.xnor_truth_table(training_seed_1.model))

# sphinx_gallery_start_ignore
excesses = [excess for excess, _ in longer.values()]
largest_weights = [largest for _, largest in longer.values()]
assert all(abs(excess) < PLATEAU_TOLERANCE for excess in excesses), excesses
assert excesses[0] > excesses[1] > excesses[2], excesses
assert largest_weights[0] < largest_weights[1] < largest_weights[2], (
    largest_weights
)
still_stuck = lcdnet.xnor_truth_table(training_seed_1.model).outputs
assert np.all(np.abs(still_stuck[[1, 3]] - 0.5) < 0.01), still_stuck
# sphinx_gallery_end_ignore

# %%
# Ten times more training did not get this run out. Its loss keeps
# creeping towards 1/8, its weights keep growing, and it still answers 0.5
# at the same two corners.
#
# A plateau, not a local minimum
# ------------------------------
#
# A run like this is often said to be stuck in a *local minimum*: a pit in
# the loss whose floor is above zero, from which every small change of the
# weights leads uphill, so that training cannot leave however long it
# runs. For this network, that description is wrong, and the sources say
# so:
#
# * :ref:`Hamey (1998) <ref-hamey-1998>`, "XOR has no local minima: a case
#   study in neural network error surface analysis" (*Neural Networks*),
#   showed that the error surface of the XOR task with two hidden units has
#   no local minima. His earlier report (1995) had found that every point
#   with finite weights where the gradient vanishes has points of lower
#   error arbitrarily close to it.
# * :ref:`Sprinkhuizen-Kuyper and Boers (1999)
#   <ref-sprinkhuizen-kuyper-boers-1999>`, "The local minima of the error
#   surface of the 2-2-1 XOR network" (*Annals of Mathematics and Artificial
#   Intelligence*), describe flat regions where no small change lowers the
#   error. They arise when hidden units are saturated for at least two of
#   the four inputs, the boundaries of these regions are saddle points, and
#   from every point with finite weights a path leads, with the error
#   strictly decreasing all the way, to zero error.
#
# The stuck run above fits this picture: hidden units saturated at the two
# corners it gets wrong, a tiny gradient, and a loss that still creeps
# down while the weights grow. It is crossing a nearly flat :term:`plateau`
# (with :term:`saddle points <saddle point>` at its edges), not resting at
# the bottom of a pit. That a way down exists does not mean that Adam finds
# it in reasonable time: this run did not within 50,000 steps. Which runs
# get stuck depends sharply on the starting weights: :ref:`Kolen and Pollack
# (1990) <ref-kolen-pollack-1990>`, "Back propagation is sensitive to
# initial conditions", found this extreme sensitivity in small networks
# learning XOR.
#
# How often does it happen, and what helps? One unlucky seed says little.
# :doc:`xnor_seed_lottery` trains the network from a hundred seeds,
# measures every stuck run (its loss, how saturated its hidden units are,
# its gradient, whether ten times more training gets it out), and repeats
# the count with more hidden units.
#
# .. admonition:: Takeaway
#
#    A ``.keras`` file gives back exactly the trained network, ready to use
#    in another program. Read mesh corners by their coordinates, not by
#    their position in an array. The same network trained from another
#    seed can end on a plateau at loss 1/8, with saturated hidden units and
#    almost no gradient; for the 2-2-1 XOR network that is a plateau, not a
#    local minimum, but it can hold a run for a very long time. Always check
#    the trained model, here its truth table, rather than trusting that
#    training succeeded.
#
# Exercises
# ---------
#
# 1. Give seed 1 a third hidden unit:
#    ``lcdnet.make_xnor_model(seed=1, hidden_units=3)``, trained for 5,000
#    steps. Does it learn XNOR now?
#
#    .. dropdown:: Solution
#
#       For this seed, yes: the cell below trains it to a final loss below
#       0.001. One seed proves little, though; the seed-lottery tutorial
#       counts how often each width learns XNOR, over a hundred seeds.

wider = lcdnet.make_xnor_model(seed=1, hidden_units=3)
wider_history = lcdnet.train(
    wider, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, steps=5000, log_every=100
)
# sphinx_gallery_start_ignore
assert wider_history.final("loss") < LEARNED_LOSS, wider_history.final("loss")
# sphinx_gallery_end_ignore
Answer(
    1,
    "seed 1 with 3 hidden units: final loss "
    f"{wider_history.final('loss'):.3g}",
)

# %%
# 2. Evaluate the loaded network on ``lcdnet.input_mesh(100)``, reshape the
#    outputs to 100 x 100, and read the four corners off that array so that
#    they match :func:`lcdnet.xnor_truth_table`.
#
#    .. dropdown:: Solution
#
#       Row index is ``x2``, column index is ``x1``, so the corner
#       ``(x1, x2)`` is entry ``[x2 * 99, x1 * 99]``, as in the cell below,
#       whose answer holds the corners next to the truth table's.

x1, x2, points = lcdnet.input_mesh(100)
z = lcdnet.predict(restored.model, points).reshape(100, 100)
corners = [z[0, 0], z[-1, 0], z[0, -1], z[-1, -1]]  # (0,0) (0,1) (1,0) (1,1)
# sphinx_gallery_start_ignore
np.testing.assert_allclose(corners, table.outputs, atol=1e-6)
# sphinx_gallery_end_ignore
Answer(
    2,
    "corners read off the mesh: "
    + ", ".join(f"{value:.4f}" for value in corners)
    + "\nthe truth table's:        "
    + ", ".join(f"{value:.4f}" for value in table.outputs),
)

# %%
# 3. The loaded network's optimiser remembers its 5,000 steps. Train it
#    1,000 steps more (``lcdnet.train(restored.model, lcdnet.XNOR_INPUTS,
#    lcdnet.XNOR_TARGETS, steps=1000)``). Predict: does the loss go on
#    falling from where it stopped, or jump back up?
#
#    .. dropdown:: Solution
#
#       It goes on falling from where it stopped: the cell below computes
#       the loss before and after, and reads the optimiser's step counter,
#       which continues from 5,000. The file kept Adam's state, so training
#       resumes from that state instead of starting Adam afresh.


def mean_squared_error(model):
    outputs = lcdnet.predict(model, lcdnet.XNOR_INPUTS)
    return float(np.mean((outputs - lcdnet.XNOR_TARGETS) ** 2))


loss_before = mean_squared_error(restored.model)
lcdnet.train(
    restored.model, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, steps=1000
)
loss_after = mean_squared_error(restored.model)
# sphinx_gallery_start_ignore
assert loss_after < loss_before, (loss_before, loss_after)
assert int(restored.model.optimizer.iterations) == 6000
# sphinx_gallery_end_ignore
Answer(
    3,
    f"loss {loss_before:.3g} -> {loss_after:.3g}, optimiser steps "
    f"{int(restored.model.optimizer.iterations):,}",
)

# %%
# The temporary folders are removed at the end.

shutil.rmtree(out_dir)
shutil.rmtree(out_dir_seed_1)
plt.show()
