"""
Recognising perfect digits
==========================

The first lesson of the series asks the simplest question there is: given a
picture of a digit, which digit is it? The pictures are as easy as they get:
5 x 5 pixels, drawn like the display of a pocket calculator, each digit always
in the same place. The simplest model of all, a *linear model*, learns to tell
the ten digits apart in a hundred small steps, and its weights can be drawn
as pictures that show what it looks for.
"""

# %%
# The data
# --------
#
# A digit is a 5 x 5 grid of pixels, 1 where a segment of the display is lit
# and 0 elsewhere. :func:`lcdnet.generate_digits` returns ``n`` such images
# and their labels; example ``i`` shows digit ``i % 10``, so every digit is
# equally common. With an image as small as the digit itself there is only
# one place to put it, so the ten digits below are all the pictures this
# lesson will ever see.

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.report import format_table

images, labels = lcdnet.generate_digits(10, img_size=5)
print("images:", images.shape, images.dtype, " labels:", labels.tolist())
axes = lcdnet.plot_digits(images, labels)

# %%
# The linear model
# ----------------
#
# The model reads the 25 pixels as one long vector :math:`x` and computes one
# score per digit, a weighted sum of the pixels plus a constant:
#
# .. math::
#
#    z_c = \sum_{i=1}^{25} x_i \, W_{i c} + b_c, \qquad c = 0, \dots, 9.
#
# The weights :math:`W` (25 rows, one per pixel, and 10 columns, one per
# digit) and the biases :math:`b` are the model's *parameters*: 260 numbers
# in all, all starting at zero. A large weight :math:`W_{ic}` means "a lit
# pixel :math:`i` is evidence for digit :math:`c`", a negative one means it
# is evidence against.
#
# Scores can be any real numbers. The *softmax* turns them into
# probabilities, positive and summing to one, keeping their order:
#
# .. math::
#
#    p_c = \frac{e^{z_c}}{\sum_{k=0}^{9} e^{z_k}}.
#
# The model's answer is the digit with the highest probability. In Keras
# this is a ``Flatten`` layer followed by a ``Dense`` layer of 10 units with
# a softmax; :func:`lcdnet.make_linear_model` builds it:

model = lcdnet.make_linear_model(img_size=5)
model.summary()

# %%
# Learning from mistakes: cross-entropy and gradient descent
# ----------------------------------------------------------
#
# Training needs a number that says how wrong the model is. For an image of
# digit :math:`y`, the *cross-entropy* loss is
#
# .. math::
#
#    L = -\log p_y,
#
# which is 0 when the model gives the right digit probability 1, and grows
# without bound as that probability shrinks towards 0. Before any training,
# all scores are 0, every digit gets probability 1/10, and the loss is
# :math:`\log 10 \approx 2.3` for every image.
#
# *Gradient descent* lowers the loss a little at a time. It computes how the
# loss changes when each parameter changes (the *gradient*) and moves every
# parameter a small step the other way: :math:`W \leftarrow W - \eta\,
# \partial L / \partial W`, with the *learning rate* :math:`\eta = 0.03`.
# Each step uses a *batch* of 50 examples and their average loss.
#
# :func:`lcdnet.lessons.perfect_digits` runs the lesson as the series did:
# 100 examples (ten of each digit), batches of 50, 100 steps. It measures
# the accuracy, the share of examples whose most probable digit is the right
# one, after the first 5 steps and at the end.

result = lessons.perfect_digits(seed=0)
run = result.run
print(f"accuracy after 5 steps:   {run.early_accuracy:.2f}")
print(f"accuracy after {run.steps} steps: {run.train_accuracy:.2f}")

# %%
# What the model learned
# ----------------------
#
# Each column of :math:`W` holds one weight per pixel, so it can be drawn as
# a 5 x 5 picture: :func:`lcdnet.plot_weights` does that, red where a lit
# pixel votes *for* the digit, blue where it votes *against* (each picture
# is scaled so that its strongest weight is 1 or -1).
#
# A picture is not a copy of its digit. Training only needs the model to
# rank the right digit first, so what stands out are the pixels that tell a
# digit from its look-alikes. Look for the segments a digit lacks and a
# close neighbour has: 0 is an 8 without the middle bar, 9 is an 8 without
# the bottom bar, 6 is a 5 without the top bar but with the lower-left
# segment. A lit pixel in such a place is strong evidence *against* the
# digit, and its weight turns blue.

# sphinx_gallery_thumbnail_number = 2
axes = lcdnet.plot_weights(run.model)

# %%
# Where it goes wrong: the confusion matrix
# -----------------------------------------
#
# A *confusion matrix* counts, for each true digit (a row), how often the
# model answered each digit (a column). A perfect model puts every example
# on the diagonal; any number off the diagonal is a mix-up, and its row and
# column say which digit was taken for which.

predictions = lcdnet.predict_classes(run.model, run.images)
ax = lcdnet.plot_confusion_matrix(run.labels, predictions)
ax.set_title("Linear model, perfect 5 x 5 digits")
on_diagonal = int(np.trace(run.confusion()))
print(f"examples on the diagonal: {on_diagonal} of {len(run.labels)}")

# %%
# The series' numbers and ours
# ----------------------------
#
# Every lesson result lists the numbers the series published next to the
# ones measured in this run, with a note where they differ by more than
# chance would explain. The accuracy after 5 steps depends on which
# examples fall into the first batches, which the series does not say, so
# it may differ from run to run; the final score should not.

print(format_table(result.comparisons()))

# %%
# What this lesson does not show
# ------------------------------
#
# Here the model was scored on the very images it was trained on. That is
# harmless only because these ten pictures are *all* the pictures there can
# be: no new digit will ever look different. Real data is never like that.
# The next tutorial lets the digits move around the image, and the same
# model, with the same perfect training score, turns out to have learned
# something quite different.

plt.show()
