"""
A deep network that copes
=========================

The second tutorial ended with a promise the series made and never kept: a
deep network can recognise digits wherever they sit, though the model is far
bigger and slower to train. This tutorial keeps the promise. A small convolutional network is trained on the same 100 jittered
digits as the linear model, and both are scored on a thousand digits neither
has seen. Both the gain and the price are measured.
"""

# %%
# Why a linear model cannot cope
# ------------------------------
#
# The linear model gives every pixel its own weight for every digit. A 7
# drawn in the top-left corner and the same 7 moved two pixels to the right
# light entirely different pixels, so to the model they are two unrelated
# pictures. To recognise a 7 anywhere, it would have to learn all 36 places
# separately from examples, and with a single template per digit it cannot
# even store them.
#
# Convolution and pooling
# -----------------------
#
# A *convolutional* layer instead learns a few small *filters*, here 3 x 3
# pixels, and slides each one over the whole image, computing at every place
# how well the patch there matches the filter. A filter that responds to the
# end of a horizontal bar responds to it wherever the bar is: what it learned
# at one place it knows at all places. A second convolutional layer combines
# these responses into larger patterns, such as a corner joined to a bar.
# Each layer is followed by a *ReLU*, :math:`\max(0, z)`, which keeps positive
# responses and zeroes the rest; without such a bend between them, two layers
# would be no more powerful than one.
#
# *Global max pooling* then keeps, for each filter, only its strongest
# response anywhere in the image and forgets where it was. The final layer,
# a softmax over ten digits like the linear model's, therefore sees *which*
# patterns are present in the image, not *where*: moving the digit changes
# where the filters respond, but not how strongly. That is why the network
# tolerates translation by construction, instead of having to learn it.
#
# :func:`lcdnet.lessons.deep_network` builds this network with
# :func:`lcdnet.make_deep_model`, trains it and the linear model on the same
# 100 jittered 10 x 10 digits for the same 300 steps (batches of 50), and
# scores both on 1,000 fresh digits:

import matplotlib.pyplot as plt

import lcdnet
from lcdnet import lessons
from lcdnet.report import format_table

result = lessons.deep_network(seed=0)
result.deep_model.summary()

# %%
# The network's own weights are the *trainable* parameters. The total also
# counts the optimiser's state: Adam keeps two running averages for every
# weight, and they are saved with the model.

# %%
# The price and the gain
# ----------------------
#
# Both models saw exactly the same examples in the same order. Training times
# are wall-clock seconds on the machine that built this page, so only their
# ratio means much.

for cost in (result.linear, result.deep):
    print(f"{cost.name:>6}: {cost.parameters:>6,} parameters, "
          f"trained in {cost.train_seconds:5.2f} s, "
          f"training accuracy {cost.train_accuracy:.2f}, "
          f"on {len(result.test_labels):,} fresh digits {cost.test_accuracy:.3f}")

print()
print(format_table(result.comparisons()))

# %%
# The series published no numbers for this lesson (it never wrote it), so the
# "published" column is empty: the rows record the price, in parameters and
# in training time, and the gain, in accuracy on digits the models never saw.
#
# Mistakes side by side
# ---------------------
#
# The same twenty fresh test digits are read by each model of the lesson,
# both trained on the same 100 digits for the same number of steps. Wrong
# answers are red: the true digit, then the model's answer.

images, labels = result.test_images[:20], result.test_labels[:20]
figure, axes = plt.subplots(4, 10, figsize=(11.2, 5.8), layout="constrained")
models = {"linear": result.linear_model, "deep": result.deep_model}
for row, (name, model) in enumerate(models.items()):
    panels = axes[2 * row:2 * row + 2].ravel()
    predictions = lcdnet.predict_classes(model, images)
    lcdnet.plot_digits(images, labels, predictions=predictions, axes=panels)
    panels[0].set_ylabel(name, fontsize="large")
    panels[10].set_ylabel(name, fontsize="large")

for name, model in models.items():
    print(f"{name:>6} model on all {len(result.test_labels):,} fresh digits: accuracy "
          f"{lcdnet.accuracy(model, result.test_images, result.test_labels):.3f}")

# %%
# What to take away
# -----------------
#
# * Building knowledge about the task into the architecture (here: "a digit
#   is the same digit wherever it is") lets a network learn from far fewer
#   examples than it would need to discover that knowledge by itself.
# * It costs parameters and computing time; the printed ratios say how much
#   on this task.
# * A model that copes with the jitter of its test data is only tested
#   against *that* kind of variation. Digits drawn with thicker strokes, or
#   in another font, would be a new test.
#
# The remaining tutorials leave digits for the smallest problem a network
# with a hidden layer can solve: the XNOR function of two inputs.

plt.show()
