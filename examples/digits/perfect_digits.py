"""
Recognising perfect digits
==========================

The first lesson of the series asks the simplest question there is: given a
picture of a digit, which digit is it? The pictures are as easy as they get:
5 x 5 pixels, drawn like the display of a pocket calculator, each digit always
in the same place. The simplest model of all, a *linear model*, is trained
on them for a hundred small steps, and its weights can be drawn as pictures
that show what it looks for.

.. admonition:: In this tutorial you will

   * generate LCD digits with :func:`lcdnet.generate_digits` and look at them;
   * build a linear (softmax) model and train it with gradient descent;
   * read its weights as pictures and its mistakes in a confusion matrix.

   **Prerequisites:** Python and NumPy; no machine learning. The
   :doc:`glossary </glossary>` explains every term in *italics*.
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
#
# .. admonition:: Predict, then run
#
#    Before you run the next cell: the model starts with every weight at
#    zero. What accuracy do you expect after 5 steps (10 examples a digit,
#    50 per step)? After 100? Write your guesses down.

result = lessons.perfect_digits(seed=0)
run = result.run
print(f"accuracy after 5 steps:   {run.early_accuracy:.2f}")
print(f"accuracy after {run.steps} steps: {run.train_accuracy:.2f}")

# sphinx_gallery_start_ignore
# The page says the lesson trains to a perfect score; check it, and that the
# untrained loss is log 10 as stated above.
assert run.train_accuracy == 1.0, run.train_accuracy
untrained = lcdnet.make_linear_model(img_size=5)
untrained_loss = untrained.compute_loss(x=images, y=labels, y_pred=untrained(images))
assert abs(float(untrained_loss) - np.log(10)) < 1e-5, untrained_loss
# sphinx_gallery_end_ignore

# %%
# After 100 steps every training example is right. Was your guess after 5
# steps close? Early accuracy depends on which examples the first batches
# held, so it varies with the seed.

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
# the bottom bar and the lower-left segment, 6 is a 5 without the top bar
# but with the lower-left segment. A lit pixel in such a place is evidence
# *against* the digit. The code below lists those differences from the
# bitmaps themselves:

from lcdnet.digits import DIGIT_SEGMENTS


def segment_difference(digit, neighbour):
    """Segments lit in ``neighbour`` but not in ``digit``, and the other way round."""
    return (sorted(set(DIGIT_SEGMENTS[neighbour]) - set(DIGIT_SEGMENTS[digit])),
            sorted(set(DIGIT_SEGMENTS[digit]) - set(DIGIT_SEGMENTS[neighbour])))


for digit, neighbour in ((0, 8), (9, 8), (6, 5)):
    missing, extra = segment_difference(digit, neighbour)
    print(f"{digit} = {neighbour} without {missing}" + (f", with {extra}" if extra else ""))

# sphinx_gallery_start_ignore
assert segment_difference(0, 8) == (["middle"], [])
assert segment_difference(9, 8) == (["bottom", "lower_left"], [])
assert segment_difference(6, 5) == (["top"], ["lower_left"])
# sphinx_gallery_end_ignore

# %%
# In the weight pictures, a blue pixel where a look-alike has a segment
# that the digit lacks is the model saying "that segment is lit, so it is
# not me".

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

# sphinx_gallery_start_ignore
assert on_diagonal == len(run.labels), on_diagonal
# sphinx_gallery_end_ignore

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
#
# .. admonition:: Takeaway
#
#    A linear model gives every pixel one weight per class and adds them up;
#    trained by gradient descent on cross-entropy, it fits these ten fixed
#    pictures exactly, and its weights show which pixels separate each
#    digit from its look-alikes. Scoring a model on its training pictures
#    proves something only when no other picture can ever occur.
#
# Exercises
# ---------
#
# 1. Train the same model with a learning rate ten times smaller
#    (``lcdnet.make_linear_model(img_size=5, learning_rate=0.003)``) for
#    100 steps of batch 50. Is its training accuracy still 1.0?
#
#    .. dropdown:: Solution
#
#       .. code-block:: python
#
#          images, labels = lcdnet.generate_digits(100, img_size=5, seed=0)
#          slow = lcdnet.make_linear_model(img_size=5, learning_rate=0.003)
#          lcdnet.train(slow, images, labels, steps=100, batch_size=50, seed=0)
#          print(lcdnet.accuracy(slow, images, labels))
#
#       The check below runs this code while the page is built and prints
#       its answer, so you can compare yours.
#
# 2. Which digit's weight picture has the fewest red pixels, and why?
#
#    .. dropdown:: Solution
#
#       Count them with ``(model.layers[-1].get_weights()[0] > 0).sum(axis=0)``
#       on ``run.model``. The digit 1 lights only the right-hand column, and
#       that column is lit in most other digits too, so few pixels are
#       evidence *for* a 1; its evidence is mostly blue: "no other segment
#       is lit".
#
# 3. Shuffle the labels (``np.random.default_rng(0).permutation(labels)``)
#    and train again. Can the model still fit the training set?

exercise_images, exercise_labels = lcdnet.generate_digits(100, img_size=5, seed=0)
slow = lcdnet.make_linear_model(img_size=5, learning_rate=0.003)
lcdnet.train(slow, exercise_images, exercise_labels, steps=100, batch_size=50, seed=0)
print(f"exercise 1, learning rate 0.003: training accuracy "
      f"{lcdnet.accuracy(slow, exercise_images, exercise_labels):.2f}")
red_pixels = (run.model.layers[-1].get_weights()[0] > 0).sum(axis=0)
print("exercise 2, red pixels per digit:", red_pixels.tolist())

# sphinx_gallery_start_ignore
assert red_pixels.argmin() == 1, red_pixels
# sphinx_gallery_end_ignore

# %%
# .. dropdown:: Solution to exercise 3
#
#    With shuffled labels the ten pictures no longer map to one digit each:
#    the ten copies of one picture carry different labels, and a model gives
#    one answer per picture. Its best possible training accuracy is the
#    share of examples whose label is the most common one among the copies
#    of their picture, which the cell below computes without any training.

shuffled = np.random.default_rng(0).permutation(exercise_labels)
best_possible = sum(np.bincount(shuffled[exercise_labels == digit]).max()
                    for digit in range(10)) / len(shuffled)
print(f"exercise 3, shuffled labels: best possible training accuracy {best_possible:.2f}")

plt.show()
