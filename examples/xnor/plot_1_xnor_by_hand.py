"""
XNOR by hand
============

The second half of the series turns to the smallest problem that needs a
network with a hidden layer: XNOR, a function of two inputs that are each 0
or 1. Before any training, this tutorial builds a network that computes XNOR
with weights chosen by hand, following an example from Andrew Ng's machine
learning course, and looks at what it computes between the four corners.
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
# linear model of the first tutorials) can only draw one straight line. XNOR
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
from lcdnet.report import format_table


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


x1 = np.array([0.0, 0.0, 1.0, 1.0])
x2 = np.array([0.0, 1.0, 0.0, 1.0])
gate_and = sigmoid(-30 + 20 * x1 + 20 * x2)
gate_nor = sigmoid(10 - 20 * x1 - 20 * x2)
gate_or = sigmoid(-10 + 20 * x1 + 20 * x2)

print(" x1  x2    AND     NOR     OR")
for row in zip(x1, x2, gate_and, gate_nor, gate_or):
    print("  {:.0f}   {:.0f}  {:.4f}  {:.4f}  {:.4f}".format(*row))

# %%
# Three neurons make XNOR
# -----------------------
#
# XNOR is true when both inputs are 1 (AND) *or* both are 0 (NOR). So a
# hidden layer of two neurons, AND and NOR, followed by an output neuron
# computing OR of their outputs, is an XNOR network:

xnor = sigmoid(-10 + 20 * gate_and + 20 * gate_nor)
print("XNOR at (0,0), (0,1), (1,0), (1,1):", xnor.round(4).tolist())

# %%
# In matrix form this is a 2-2-1 network: two inputs, two hidden units, one
# output. :data:`lcdnet.NG_XNOR_WEIGHTS` holds its weights in the order
# Keras's ``set_weights`` expects: the hidden layer's weight matrix (one
# column per hidden unit: AND, then NOR) and biases, then the output layer's.

names = ("hidden weights", "hidden biases", "output weights", "output bias")
for name, array in zip(names, lcdnet.NG_XNOR_WEIGHTS):
    print(f"{name}:\n{array}\n")

# %%
# The network in Keras
# --------------------
#
# :func:`lcdnet.lessons.xnor_known_weights` loads these weights into the
# Keras model of :func:`lcdnet.make_xnor_model`. The truth table of the
# model, from :func:`lcdnet.xnor_truth_table`, matches XNOR to within
# rounding:

result = lessons.xnor_known_weights()
print(lcdnet.xnor_truth_table(result.model))

# %%
# Between the corners
# -------------------
#
# The network accepts any pair of numbers, not only 0s and 1s. Evaluated on a
# 100 x 100 mesh over the unit square, its output forms a surface: raised
# corners near 1 at (0, 0) and (1, 1), a broad floor near 0 across the
# middle, from (0, 1) to (1, 0), and steep walls where the sigmoids switch.
# The red dots mark the four corners of the truth table, labelled with the
# network's output there.

ax = lcdnet.plot_xnor_surface(result.model)
ax.set_title("XNOR with hand-set weights")

# %%
# One call for the whole mesh
# ---------------------------
#
# The series evaluated this mesh two ways: one point at a time, in a Python
# loop, and all 10,000 points in one vectorised call. The loop took 3.07 s
# and the single call 14.5 ms on a 2017 laptop, about 200 times faster. The
# lesson repeats the measurement (timing a sample of points one by one and
# scaling up to the whole mesh):

print(f"one call for 10,000 points: {result.vectorised_seconds * 1e3:.2f} ms")
print(f"one call per point:         {result.per_point_seconds:.2f} s "
      f"(estimated from {result.sampled_points} points)")
print(f"speed-up: {result.per_point_seconds / result.vectorised_seconds:,.0f} times")

# %%
# The measured speed-up can be far from the series' figure: the library, its
# overhead per call and the computer have all changed since 2017. The lesson
# holds either way. Every call into the
# framework has a fixed overhead, so feed it whole arrays, not single values.

print(format_table(result.comparisons()))

# %%
# Hand-set weights work because someone who already knew the answer chose
# them. The next tutorial asks whether a network can find such weights by
# itself, from nothing but the four rows of the truth table.

plt.show()
