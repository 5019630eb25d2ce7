"""
Dealing with inexact data
=========================

Real data is never as tidy as the perfect digits of the first tutorial. The
second lesson of the series makes the task a little harder: the image grows
to 10 x 10 pixels, and each 5 x 5 digit sits at a random place on it. The
same linear model can still learn its training examples by heart, and yet
learn almost nothing about digits. This tutorial shows how to catch that
with a test set, why a test set drawn from the same generator needs care on
a grid this small, and what the model learned instead.

.. admonition:: In this tutorial you will

   * train the linear model of :doc:`perfect_digits` on digits that
     move around the image;
   * score it on a test set, and split that score into test pictures the
     model has already seen and pictures that are new to it;
   * read its weight pictures to see *what* it learned.

   **Prerequisites:** :doc:`perfect_digits`.
"""

# %%
# Jittered digits
# ---------------
#
# Moving a picture around is called :term:`jitter`. A 5 x 5 digit fits on a 10
# x 10 grid at 6 row offsets times 6 column offsets, 36 places in all, and
# :func:`lcdnet.generate_digits` picks one at random for every example. Ten
# digits at 36 places make only 360 different pictures:

import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.report import Answer, format_table

places = len(lcdnet.all_positions(10))
print(
    f"places for a 5 x 5 digit on a 10 x 10 grid: {places}, "
    f"different pictures: {10 * places}"
)

# %%
# :func:`lcdnet.lessons.inexact_data` runs every experiment of this lesson
# at once: the linear model of the first tutorial (now with
# :math:`10 \times 10 = 100` weights per digit) trained on 100, 500 and 5,000
# jittered examples with the series' 100 steps of batch 50; the 100-example
# run again, trained for 10,000 steps; and a larger variant from the
# series' companion notebook. Every model is then scored on 1,000 digits
# drawn afresh from the same generator. Here are the first twenty of the 100
# training examples:

result = lessons.inexact_data(seed=0)
small = result.runs[100]
axes = lcdnet.plot_digits(small.images[:20], small.labels[:20])

# %%
# Learning the training set by heart
# ----------------------------------
#
# The series trained the model on these 100 examples and reported 73% accuracy
# after 5 steps and 100% at the end. With the settings it states (100 steps of
# plain gradient descent at rate 0.03) the model ends far short of that here;
# :doc:`/auto_examples/further/reproducing_the_series` searches for the
# settings that come closest. To see what a model that *has* fitted its
# training set learned, the lesson also trains a fresh linear model on the same
# 100 examples for 10,000 steps:

memorised = result.memorised
for name, linear_run in (
    ("series' budget", small),
    ("10,000 steps", memorised),
):
    print(
        f"{name:>14}: 100 examples, {linear_run.steps:>6,} steps, "
        f"training accuracy {linear_run.train_accuracy:.2f}"
    )

# sphinx_gallery_start_ignore
claims = lessons.CLAIMS
assert memorised.train_accuracy == 1.0, memorised.train_accuracy
assert small.train_accuracy < 1.0, small.train_accuracy
# sphinx_gallery_end_ignore

# %%
# A test set tells the truth
# --------------------------
#
# A perfect score on the training examples proves nothing. With 1,010
# parameters and only 100 examples, the model can simply *memorise* its
# examples, like a student who learns the answers to last year's exam by
# heart. What we care about is how it does on digits it has never seen. The
# series scored its model on 50 fresh digits and reported 8%. Guessing is
# right one time in ten, 10%; but a score on only 50 digits scatters by
# about 4 points either way from one test to the next, so 8% is no better
# than guessing, and no test this small could show it to be worse
# (:doc:`/auto_examples/further/reproducing_the_series` works this out).
#
# But on a 10 x 10 grid a "fresh" digit is often not new at all: with only
# 360 possible pictures, many test pictures are exact copies of a training
# picture. :func:`lcdnet.seen_in_training` finds them, and every score in
# this lesson is split into copies and new pictures.
#
# .. admonition:: Predict, then run
#
#    The memorised model is right on every one of its 100 training
#    examples. What will it score on test pictures that *copy* a training
#    picture? And on the new ones?

test = memorised.test
print(
    f"{test.num_seen} of {test.num_total:,} test digits copy a training "
    "picture "
    f"({test.seen_share:.0%})"
)
print(f"memorised model, all test digits:              {test.overall:.3f}")
print(f"                 copies of training pictures:  {test.seen:.3f}")
print(f"                 new pictures:                 {test.new:.3f}")
print("chance:                                        0.100")

# sphinx_gallery_start_ignore
# "scatters by about 4 points", "no test this small could show it": the
# binomial spread of a 50-digit test at 10%, as the reproduction page has it.
from lcdnet.lessons.reproduction import sampling_spread

assert round(sampling_spread(0.1, 50), 2) == 0.04
assert abs(0.08 - 0.10) < 2 * sampling_spread(0.1, 50)
assert test.seen >= claims["memorised_on_copies_at_least"], test.seen
assert test.new <= claims["memorised_on_new_at_most"], test.new
assert 0 < test.num_seen < test.num_total
# sphinx_gallery_end_ignore

# %%
# It is right on every copy of a picture it memorised and no better than
# chance on the new ones: the blended score in the first line mixes the two
# and hides both. Its answers for the first twenty test digits, with
# mistakes in red (true digit, then the model's answer):

test_images, test_labels = result.test_images[:20], result.test_labels[:20]
test_predictions = lcdnet.predict_classes(memorised.model, test_images)
axes = lcdnet.plot_digits(
    test_images, test_labels, predictions=test_predictions
)

# %%
# The rule this teaches is the most important one in machine learning:
# **always keep some data the model never trains on**, and judge the model
# on that data only. The series recommends setting aside 20% of the examples,
# which :func:`lcdnet.split` does:

(x_train, y_train), (x_test, y_test) = lcdnet.split(
    small.images, small.labels, test_fraction=0.2, seed=0
)
held_out_copies = lcdnet.seen_in_training(x_test, x_train)
print("training set:", x_train.shape, " test set:", x_test.shape)
print(
    f"test examples that copy a training picture: {held_out_copies.sum()} of "
    f"{len(x_test)}"
)

# %%
# Even a held-out split of *examples* can repeat *pictures* when the same
# picture occurs twice in the data. A test set only tests generalisation
# when its pictures are new to the model.
#
# .. _inexact-weights:
#
# What the model learned: places, not shapes
# ------------------------------------------
#
# The weight pictures of the memorising model, drawn as in the first
# tutorial, show what it learned. Instead of strokes shaped like a digit,
# each picture holds patches of red and blue scattered over the grid: they
# mark the places where that digit happened to sit among the 100 training
# examples. The model learned *where* each training digit was, which is
# enough to recognise those very pictures and no help with new ones.

# sphinx_gallery_thumbnail_number = 3
axes = lcdnet.plot_weights(memorised.model)

# %%
# More data
# ---------
#
# The series reported that with more examples *training* accuracy falls, to
# 54% with 500 examples and 32% with 5,000. Our runs, with the series' 100
# steps of batch 50 each:

print("examples  steps  passes  training  test   new pictures (of 1,000)")
for size, size_run in result.runs.items():
    size_test = size_run.test
    new = "-" if size_test.new is None else f"{size_test.new:.3f}"
    passes = size_run.steps * lessons.BATCH_SIZE / size
    print(
        f"{size:>8,}  {size_run.steps:>5}  {passes:6.1f}  "
        f"{size_run.train_accuracy:8.2f}  {size_test.overall:5.3f}  "
        f"{new:>5} ({size_test.num_new})"
    )

largest = result.runs[max(result.runs)]

# sphinx_gallery_start_ignore
assert largest.test.num_new == 0 and largest.test.new is None
# sphinx_gallery_end_ignore

# %%
# Two things blur this comparison. First, a fixed 100 steps of 50 examples is
# 50 passes over 100 examples but a single pass over 5,000: the larger sets are
# simply trained less, so their lower training accuracy is mostly
# under-training. Second, 5,000 examples contain every one of the 360 pictures,
# so the "fresh" test set holds no new picture at all (the count above is 0),
# and its score again measures memory. The learning curves of
# :doc:`/auto_examples/further/learning_curves` separate the two: same number
# of passes, scores on new pictures only, many seeds.
#
# The confusion matrix of the 5,000-example model shows which digits it can
# and cannot tell apart. Read it row by row: where do the examples of each
# digit end up? A dark column is a digit the model answers often, whatever
# it is shown.

predictions = lcdnet.predict_classes(largest.model, largest.images)
ax = lcdnet.plot_confusion_matrix(largest.labels, predictions)
ax.set_title(
    f"Linear model, {len(largest.labels):,} jittered 10 x 10 digits, "
    f"{largest.steps} steps"
)
confusion = lcdnet.confusion_matrix(largest.labels, predictions)
right, answered = np.diag(confusion), confusion.sum(axis=0)
print(f"ones named right: {right[1]} of 500")
print(
    f"digit named most often: {answered.argmax()}, {answered.max():,} times "
    f"of {len(predictions):,}"
)
print(f"digit named right most often: {right.argmax()}, {right.max()} of 500")

# sphinx_gallery_start_ignore
assert right[1] < 250, right  # "right less than half the time"
assert 0.4 < answered.max() / len(predictions) < 0.6, answered  # "about half"
assert answered.argmax() == right.argmax(), (answered, right)
assert right.argmax() != 1, right
# sphinx_gallery_end_ignore

# %%
# The series found that with 5,000 examples only the 1 was recognised well.
# This run does not: it names the 1 right less than half the time, and it
# answers one digit for about half of all examples, which makes that digit
# the one it gets right most often (a model that answers 8 to everything is
# right on every 8). The series' claim comes from its companion notebook,
# which used a larger grid, 20 x 20, trained for 1,000 steps: 450 of the 500
# ones right, but only 91 to 189 of each other digit. The lesson repeats that
# run:

grid = result.large_grid
per_digit = np.diag(grid.confusion())
print(
    f"20 x 20 grid, {grid.steps:,} steps: training accuracy "
    f"{grid.train_accuracy:.3f}, test {grid.test.overall:.3f}"
)
print(
    f"new pictures {grid.test.new:.3f} ({grid.test.num_new} of "
    f"{grid.test.num_total:,} test digits)"
)
print("named right, of 500 each:", per_digit.tolist())
print("digit named right most often:", int(per_digit.argmax()))

# sphinx_gallery_start_ignore
assert per_digit.argmax() == 1, per_digit
# sphinx_gallery_end_ignore

ax = lcdnet.plot_confusion_matrix(
    grid.labels, lcdnet.predict_classes(grid.model, grid.images)
)
ax.set_title(
    f"Linear model, {len(grid.labels):,} jittered 20 x 20 digits, "
    f"{grid.steps} steps"
)

# %%
# On the larger grid the 1 does stand out, as the notebook found; on the
# 10 x 10 grid above it does not. The series' sentence holds for one of its
# runs and not for the other: a finding about one model on one grid, not a
# fact about the digit 1.
#
# The series' numbers and ours
# ----------------------------
#
# Each row pairs a published number with the one measured here; where they
# differ by more than the row's tolerance, a note below the table says why.
# Rows without a published number split a test score into copies and new
# pictures.

print(format_table(result.comparisons()))

# %%
# .. admonition:: Takeaway
#
#    A score on the training data measures memory, not understanding: judge
#    a model on data it never trained on. And check that the test data is
#    really new: on a small grid, a test set drawn from the same generator
#    repeats training pictures, and the memorised model looks better than
#    chance only because of them. Its weights show why: it stored *where*
#    each training digit sat.
#
# Move a digit off its training places yourself and watch the memorised
# model fail: :doc:`/explorer`.
#
# A model that learns a cue other than the one you meant is the subject of a
# famous cautionary tale, :doc:`/tank-story`, which belongs here, before the
# next tutorial.
#
# Exercises
# ---------
#
# 1. How many of the 360 possible pictures does a training set of 100
#    examples contain? Count the distinct pictures in ``small.images``.
#
#    .. dropdown:: Solution
#
#       ``len(np.unique(small.images.reshape(100, -1), axis=0))``, as in the
#       cell below. Fewer than 100, because some examples repeat a picture.

distinct = len(np.unique(small.images.reshape(len(small.images), -1), axis=0))
# sphinx_gallery_start_ignore
assert distinct < 100, distinct
# sphinx_gallery_end_ignore
Answer(1, f"distinct pictures among the 100 training examples: {distinct}")

# %%
# 2. Score the memorised model on 1,000 test digits placed only at offsets
#    that no training digit of the same class used. What do you expect?
#
#    .. dropdown:: Solution
#
#       Every such picture is new, so expect the "new pictures" score above.
#       :doc:`/auto_examples/further/held_out_positions` does this
#       systematically, holding out whole columns of offsets.
#
# 3. Train a linear model on the 5,000 examples for 10,000 steps instead of
#    100 (``lcdnet.make_linear_model(img_size=10)``, then
#    ``lcdnet.train(model, largest.images, largest.labels, steps=10_000,
#    batch_size=50)``). Does its training accuracy still fall short of the
#    memorised model's, trained as long on 100 examples?
#
#    .. dropdown:: Solution
#
#       It does: the cell below trains it. The 5,000 examples hold all
#       360 pictures, and no linear model can name every one of them right:
#       a linear program, which finds weights that put each picture's own
#       digit first whenever such weights exist, finds none. Training
#       longer helps up to a point, never to 1.0.

longer = lcdnet.make_linear_model(img_size=10)
lcdnet.train(
    longer,
    largest.images,
    largest.labels,
    steps=10_000,
    batch_size=50,
    seed=0,
)
longer_accuracy = lcdnet.accuracy(longer, largest.images, largest.labels)

# sphinx_gallery_start_ignore
# "no linear model can name every one of them right": no weights put each
# of the 360 pictures' own digit first (docs/page_checks.py).
import os

try:
    from page_checks import separating_weights_exist
except ImportError:  # the file run on its own, not in the docs build
    assert "LCDNET_DOCS_BUILD" not in os.environ
    separating_weights_exist = None
every_offset = lcdnet.all_positions(10)
every_digit = np.repeat(np.arange(10), len(every_offset))
every_picture = lcdnet.place_digits(
    every_digit, np.tile(every_offset, (10, 1)), 10, 5
)
if separating_weights_exist:
    assert not separating_weights_exist(every_picture, every_digit)
shown = largest.images.reshape(len(largest.images), -1)
assert len(np.unique(shown, axis=0)) == 360
assert memorised.steps == 10_000
assert longer_accuracy < memorised.train_accuracy
# sphinx_gallery_end_ignore
Answer(
    3,
    f"10,000 steps: training accuracy {longer_accuracy:.2f} with 5,000 "
    f"examples, {memorised.train_accuracy:.2f} with 100",
)

# %%

plt.show()
