"""
XNOR by hand
============

The second half of the series turns to the smallest problem that needs a
network with a :term:`hidden layer`: XNOR, a function of two inputs that are
each 0 or 1. Before any training, this tutorial builds a network that
computes XNOR with weights chosen by hand, following an example from
:ref:`Andrew Ng's machine learning course <ref-ng-coursera>`, and looks at
what it computes between the four corners.

.. admonition:: In this tutorial you will

   * see why no single neuron can compute XNOR;
   * turn one :term:`sigmoid` neuron into an AND, a NOR and an OR gate by
     choosing its weights;
   * wire three such neurons into a 2-2-1 network, in NumPy and in Keras;
   * look at its output between the corners, and time one vectorised call
     against one call per point.

   **Prerequisites:** Python and a little NumPy; no machine learning and no
   earlier tutorial. The :doc:`glossary </glossary>` explains the terms
   that link to it.
"""

# %%
# The XNOR function
# -----------------
#
# XNOR ("not exclusive or") is 1 when its two inputs are equal and 0 when
# they differ:
#
# ====  ====  ========
# x1    x2    XNOR
# ====  ====  ========
# 0     0     1
# 0     1     0
# 1     0     0
# 1     1     1
# ====  ====  ========
#
# Draw the four inputs as the corners of a square: the two 1s sit on one
# diagonal and the two 0s on the other. No single straight line can put both
# 1s on one side and both 0s on the other, and a single neuron (like the
# linear model of the digit tutorials) can only draw one straight line. XNOR
# needs at least one layer of neurons in between, a *hidden layer*.
#
# One neuron
# ----------
#
# A neuron with inputs :math:`x_1, x_2` computes a weighted sum plus a bias
# and passes it through the *sigmoid* :math:`\sigma(z) = 1 / (1 + e^{-z})`,
# which is close to 0 for large negative :math:`z`, 1/2 at 0 and close to 1
# for large positive :math:`z`. With large weights the neuron acts like a
# switch, and well-chosen weights turn it into a logic gate:
#
# * AND :math:`= \sigma(-30 + 20 x_1 + 20 x_2)`: the sum is positive only
#   when both inputs are 1;
# * NOR :math:`= \sigma(10 - 20 x_1 - 20 x_2)`: positive only when both
#   inputs are 0;
# * OR :math:`= \sigma(-10 + 20 x_1 + 20 x_2)`: positive when at least one
#   input is 1.
#
# A few lines of NumPy check this on the four corners:

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.report import PUBLISHED, Answer, format_table


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


x1 = np.array([0.0, 0.0, 1.0, 1.0])
x2 = np.array([0.0, 1.0, 0.0, 1.0])
gate_and = sigmoid(-30 + 20 * x1 + 20 * x2)
gate_nor = sigmoid(10 - 20 * x1 - 20 * x2)
gate_or = sigmoid(-10 + 20 * x1 + 20 * x2)

print(" x1  x2    AND     NOR     OR")
for row in zip(x1, x2, gate_and, gate_nor, gate_or, strict=True):
    print("  {:.0f}   {:.0f}  {:.4f}  {:.4f}  {:.4f}".format(*row))

# sphinx_gallery_start_ignore The page says each neuron is that gate: rounded,
# its outputs are the gate's table.
assert gate_and.round().tolist() == [0, 0, 0, 1], gate_and
assert gate_nor.round().tolist() == [1, 0, 0, 0], gate_nor
assert gate_or.round().tolist() == [0, 1, 1, 1], gate_or
# sphinx_gallery_end_ignore

# %%
# Three neurons make XNOR
# -----------------------
#
# XNOR is true when both inputs are 1 (AND) *or* both are 0 (NOR). So a
# hidden layer of two neurons, AND and NOR, followed by an output neuron
# computing OR of their outputs, is an XNOR network:

xnor = sigmoid(-10 + 20 * gate_and + 20 * gate_nor)
print("XNOR at (0,0), (0,1), (1,0), (1,1):", xnor.round(4).tolist())

# sphinx_gallery_start_ignore
assert xnor.round().tolist() == [1, 0, 0, 1], xnor
# sphinx_gallery_end_ignore

# %%
# In matrix form this is a 2-2-1 network: two inputs, two hidden units, one
# output. :data:`lcdnet.NG_XNOR_WEIGHTS` holds its weights in the order
# Keras's ``set_weights`` expects: the hidden layer's weight matrix (one
# column per hidden unit: AND, then NOR) and biases, then the output layer's.

names = ("hidden weights", "hidden biases", "output weights", "output bias")
for name, array in zip(names, lcdnet.NG_XNOR_WEIGHTS, strict=True):
    print(f"{name}:\n{array}\n")

# %%
# The network in Keras
# --------------------
#
# In Keras the network is two ``Dense`` layers: a hidden layer of two
# sigmoid units and an output layer of one. ``Dense`` computes exactly the
# matrix form above, ``sigmoid(x @ weights + biases)``, for every row of
# ``x`` at once:

import keras

model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(2, activation="sigmoid"),
        keras.layers.Dense(1, activation="sigmoid"),
    ],
    name="xnor",
)
model.summary()

# %%
# Six parameters in the hidden layer (a 2 x 2 weight matrix and 2 biases)
# and three in the output layer, all drawn at random for now. Each layer's
# ``set_weights`` takes its weight matrix and its biases; the hand-set
# values replace the random ones:

hidden_layer, output_layer = model.layers
hidden_layer.set_weights(list(lcdnet.NG_XNOR_WEIGHTS[:2]))
output_layer.set_weights(list(lcdnet.NG_XNOR_WEIGHTS[2:]))
outputs = model.predict(lcdnet.XNOR_INPUTS, verbose=0)
print("XNOR at (0,0), (0,1), (1,0), (1,1):", outputs.ravel().round(4).tolist())

# sphinx_gallery_start_ignore
np.testing.assert_allclose(outputs.ravel(), xnor, rtol=1e-4, atol=1e-6)
# sphinx_gallery_end_ignore

# %%
# The same four numbers as the NumPy version. To score the network, Keras
# needs to know the loss: ``compile`` it with the mean squared error (the
# average, over the four corners, of the squared gap between output and
# target; the next tutorial trains with it), and ``evaluate`` computes it:

model.compile(loss=keras.losses.MeanSquaredError())
loss = model.evaluate(lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, verbose=0)
print(f"mean squared error over the four corners: {loss:.1e}")

# sphinx_gallery_start_ignore
assert loss < 1e-6, loss
# sphinx_gallery_end_ignore

# %%
# :func:`lcdnet.make_xnor_model` builds this network with
# ``weights="ng"``, and :func:`lcdnet.lessons.xnor_known_weights` runs this
# part of the lesson with it. The cell below checks that it is the same
# network, layer for layer, with the same weights; its truth table, from
# :func:`lcdnet.xnor_truth_table`, lists the output at each corner and the
# target, and ``max_error`` is the largest gap between the two:

result = lessons.xnor_known_weights()


def layer_settings(keras_model):
    """Each layer's kind, number of units and activation."""
    return [
        (type(layer).__name__, layer.units, layer.activation.__name__)
        for layer in keras_model.layers
    ]


same_layers = layer_settings(result.model) == layer_settings(model)
same_weights = all(
    np.array_equal(ours, theirs)
    for ours, theirs in zip(
        result.model.get_weights(), model.get_weights(), strict=True
    )
)
print("same layers:", same_layers, " same weights:", same_weights)
table = lcdnet.xnor_truth_table(result.model)
print(table)
print(f"largest error at a corner: {table.max_error:.1e}")

# sphinx_gallery_start_ignore
assert same_layers and same_weights
# The same tolerance as tests/test_lessons.py::test_known_weights_compute_xnor.
assert table.max_error < 1e-3, table.max_error
# sphinx_gallery_end_ignore

# %%
# Between the corners
# -------------------
#
# The network accepts any pair of numbers, not only 0s and 1s.
#
# .. admonition:: Predict, then run
#
#    The centre of the square, (0.5, 0.5), lies halfway between the two
#    corners where the output is 1 and the two where it is 0. What will the
#    network output there? Write your guess down before you run the cell.

centre = lcdnet.predict(result.model, [[0.5, 0.5]]).item()
print(f"output at (0.5, 0.5): {centre:.1e}")

# sphinx_gallery_start_ignore
assert centre < 0.01, centre
# sphinx_gallery_end_ignore

# %%
# Not the 0.5 an average of the corners would suggest, but almost 0. At the
# centre the weighted sum of the AND unit is :math:`-30 + 20 = -10` and that
# of the NOR unit :math:`10 - 20 = -10`: both are off, and so is the OR of
# them.
#
# The whole picture comes from evaluating the network on a 100 x 100 mesh
# over the unit square (:func:`lcdnet.input_mesh`). AND is on where
# :math:`x_1 + x_2 > 3/2`, NOR where :math:`x_1 + x_2 < 1/2`, so the output
# should be high only in two corner triangles, a quarter of the square in
# all. The cell below counts the mesh points where the output is above 0.5,
# and how many of them fall where the two triangles predict:

x1_mesh, x2_mesh, points = lcdnet.input_mesh(100)
outputs = lcdnet.predict(result.model, points).ravel()
high = outputs > 0.5
sums = points.sum(axis=1)
in_triangles = (sums < 0.5) | (sums > 1.5)
print(f"share of the square where the output is above 0.5: {high.mean():.1%}")
print(
    "mesh points where that agrees with the two triangles: "
    f"{np.mean(high == in_triangles):.1%}"
)

# sphinx_gallery_start_ignore
assert 0.2 < high.mean() < 0.3, high.mean()
assert np.mean(high == in_triangles) > 0.98, np.mean(high == in_triangles)
# sphinx_gallery_end_ignore

# %%
# :func:`lcdnet.plot_xnor_surface` draws the same mesh as a surface: two
# raised triangles at (0, 0) and (1, 1), a broad floor across the middle from
# (0, 1) to (1, 0), and steep walls where the sigmoids switch. The red dots
# mark the four corners of the truth table, labelled with the network's output
# there.

ax = lcdnet.plot_xnor_surface(result.model)
ax.set_title("XNOR with hand-set weights")

# %%
# One call for the whole mesh
# ---------------------------
#
# The series evaluated this mesh two ways: one point at a time, in a Python
# loop, and all 10,000 points in one vectorised call. It reported 3.07 s for
# the loop and 14.5 ms for the single call on a 2017 laptop, about 200 times
# faster. The lesson repeats the measurement (timing a sample of points one
# by one and scaling up to the whole mesh):

speedup = result.per_point_seconds / result.vectorised_seconds
print(f"one call for 10,000 points: {result.vectorised_seconds * 1e3:.2f} ms")
print(
    f"one call per point:         {result.per_point_seconds:.2f} s "
    f"(estimated from {result.sampled_points} points)"
)
print(f"speed-up: {speedup:,.0f} times")

# sphinx_gallery_start_ignore As tests/test_lessons.py asserts: one call for
# the mesh beats a call per point.
assert speedup > 1, speedup
# sphinx_gallery_end_ignore

# %%
# The measured speed-up depends on the library, its overhead per call and
# the computer, which have all changed since 2017, so it need not match the
# series' figure. The ratio moves with both of its times; here is each,
# next to the series' (for 10,000 points, and for one call):

per_point, vectorised = result.against_series()
for name, seconds, published, factor in (
    (
        "one call per point",
        result.per_point_seconds,
        PUBLISHED["xnor.per_point_seconds"].value,
        per_point,
    ),
    (
        "one vectorised call",
        result.vectorised_seconds,
        PUBLISHED["xnor.vectorised_seconds"].value,
        vectorised,
    ),
):
    calls = 10_000 if name == "one call per point" else 1
    print(
        f"{name:<20} {seconds * 1e3 / calls:7.2f} ms a call; 2017: "
        f"{published * 1e3 / calls:6.2f} ms; now / 2017: {factor:6.2f}"
    )

# sphinx_gallery_start_ignore
# The ratio is the product of the two changes (what the table's note says).
assert np.isclose(
    speedup,
    PUBLISHED["xnor.per_point_over_vectorised"].value * per_point / vectorised,
)
# sphinx_gallery_end_ignore

# %%
# Whichever time moved more, the lesson holds: every call into the
# framework has a fixed overhead, so feed it whole arrays, not single
# values. The lesson's table, with the series' numbers and, in its note,
# the two times:

print(format_table(result.comparisons()))

# %%
# Hand-set weights work because someone who already knew the answer chose
# them. The next tutorial, :doc:`training_xnor`, asks whether a
# network can find such weights by itself, from nothing but the four rows of
# the truth table.
#
# .. admonition:: Takeaway
#
#    A sigmoid neuron with large weights acts as a switch, and its weights
#    decide which logic gate it is. XNOR needs two switches in a hidden
#    layer (AND and NOR) and a third (OR) to combine them, because no single
#    straight line separates its 1s from its 0s. Between the corners the
#    network still answers, with values the truth table never asked for.
#
# Exercises
# ---------
#
# 1. Change only the output neuron so that the network computes XOR (1 when
#    the inputs differ) instead of XNOR.
#
#    .. dropdown:: Solution
#
#       XOR is NOT XNOR: the output must be on when *neither* AND nor NOR
#       is, which is a NOR of the two hidden units,
#       :math:`\sigma(10 - 20 a - 20 b)`:
#
#       .. code-block:: python
#
#          xor = sigmoid(10 - 20 * gate_and - 20 * gate_nor)
#
#       The cell below runs it: open its answer for the four outputs.

xor = sigmoid(10 - 20 * gate_and - 20 * gate_nor)
# sphinx_gallery_start_ignore
assert xor.round().tolist() == [0, 1, 1, 0], xor
# sphinx_gallery_end_ignore
Answer(1, f"XOR at (0,0), (0,1), (1,0), (1,1): {xor.round(4).tolist()}")

# %%
# 2. Divide every hand-set weight and bias by 10
#    (``[w / 10 for w in lcdnet.NG_XNOR_WEIGHTS]``) and load them into
#    ``lcdnet.make_xnor_model(weights="ng")`` with ``set_weights``. Before
#    you look: does the network still compute XNOR?
#
#    .. dropdown:: Solution
#
#       The cell below computes its truth table. The order of the corners
#       survives, but the outputs crowd around 0.5, and at (0, 1) and
#       (1, 0) the output is even above 0.5. With weights ten times smaller
#       the sums stay near 0, where the sigmoid is a gentle slope rather
#       than a switch. Large weights are what turn these neurons into logic
#       gates.

small = lcdnet.make_xnor_model(weights="ng")
small.set_weights([weights / 10 for weights in lcdnet.NG_XNOR_WEIGHTS])
small_table = lcdnet.xnor_truth_table(small)
# sphinx_gallery_start_ignore
small_outputs = small_table.outputs
assert (
    small_outputs[0] > small_outputs[1] and small_outputs[3] > small_outputs[2]
)
assert min(small_outputs[1], small_outputs[2]) > 0.5, small_outputs
assert np.all(np.abs(small_outputs - 0.5) < 0.25), small_outputs
# sphinx_gallery_end_ignore
Answer(2, f"every weight divided by 10:\n{small_table}")

# %%
# 3. The truth table shows an output of about 4.5e-05 at (0, 1), not
#    exactly 0. Where does that number come from?
#
#    .. dropdown:: Solution
#
#       At (0, 1) both hidden units receive a sum of -10, so each outputs
#       :math:`\sigma(-10) \approx 4.5 \times 10^{-5}`. The output unit then
#       computes :math:`\sigma(-10 + 40\,\sigma(-10)) \approx
#       \sigma(-9.998)`, which is again about :math:`4.5 \times 10^{-5}`. A
#       sigmoid never reaches 0 or 1 exactly. The cell below compares this
#       hand calculation with the network.

by_hand = sigmoid(-10 + 40 * sigmoid(-10))
network = table.outputs[1]
# sphinx_gallery_start_ignore
assert np.isclose(by_hand, network, rtol=1e-3), (by_hand, network)
# sphinx_gallery_end_ignore
Answer(3, f"at (0, 1): by hand {by_hand:.4e}, the network {network:.4e}")

# %%

plt.show()
