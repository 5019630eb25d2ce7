"""
Recognising perfect digits
==========================

The first lesson of the series asks the simplest question there is: given a
picture of a digit, which digit is it? The pictures are as easy as they get:
5 x 5 pixels, drawn like the display of a pocket calculator, each digit always
in the same place. The simplest model of all, a :term:`linear model`, is
trained on them for a hundred small steps, and its weights can be drawn as
pictures that show what it looks for.

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

import time

import keras
import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.report import Answer, format_table

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
# The model's answer is the digit with the highest probability.
#
# In Keras
# --------
#
# Keras builds a model as a stack of *layers*. ``keras.Input`` says what one
# example looks like (a 5 x 5 image), ``Flatten`` turns it into the vector
# of 25 pixels, and ``Dense`` computes the ten weighted sums and applies the
# softmax. Its weights and biases start at zero, as in the series:

model = keras.Sequential(
    [
        keras.Input(shape=(5, 5)),
        keras.layers.Flatten(),
        keras.layers.Dense(
            10,
            activation="softmax",
            kernel_initializer="zeros",
            bias_initializer="zeros",
        ),
    ],
    name="linear",
)
model.summary()

# %%
# The summary lists each layer, the shape of what it passes on (``None``
# stands for the number of examples, any number) and its parameters:
# 25 x 10 weights and 10 biases in the ``Dense`` layer.

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
# ``compile`` tells the model how it will be trained: the optimiser
# (``SGD``, stochastic gradient descent, is plain gradient descent on one
# batch at a time), the loss (cross-entropy; "sparse" means the labels are
# digits 0-9, not vectors of ten probabilities), and the accuracy to report
# beside it. ``steps_per_execution`` is explained below.

model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.03),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=["accuracy"],
    steps_per_execution=100,
)

# %%
# Training with ``fit``
# ---------------------
#
# The series trained on 100 examples (ten of each digit), 100 steps of 50.
# That is 50 passes over the data, each in a fresh random order. Keras's
# ``fit`` can do this as ``fit(images, labels, batch_size=50, epochs=50)``,
# but every *epoch* (one pass) costs it a fixed 30-60 ms of its own
# bookkeeping, which for a model this small is far more than the training.
# So the cell below lays the 50 passes out one after another, each in a
# fresh order drawn with NumPy, and trains one epoch of 100 steps over
# them, without shuffling. ``steps_per_execution=100`` lets Keras run all
# 100 steps in one call instead of returning to Python after each.
#
# .. admonition:: Predict, then run
#
#    Before you run the next cell: the model starts with every weight at
#    zero. What accuracy do you expect after 100 steps? And after only 5
#    (10 examples a digit, 50 per step)? Write your guesses down.

train_images, train_labels = lcdnet.generate_digits(100, img_size=5, seed=0)
steps, batch_size = 100, 50
rng = np.random.default_rng(0)
passes = steps * batch_size // len(train_images)
order = np.concatenate(
    [rng.permutation(len(train_images)) for _ in range(passes)]
)

start = time.perf_counter()
model.fit(
    train_images[order],
    train_labels[order],
    batch_size=batch_size,
    epochs=1,
    shuffle=False,
    verbose=0,
)
fit_seconds = time.perf_counter() - start
loss, train_accuracy = model.evaluate(train_images, train_labels, verbose=0)
print(
    f"after {steps} steps: loss {loss:.3f}, training accuracy "
    f"{train_accuracy:.2f}"
)

# sphinx_gallery_start_ignore
assert train_accuracy == 1.0, train_accuracy
# sphinx_gallery_end_ignore

# %%
# ``evaluate`` computes the loss and the accuracy over the examples it is
# given, here the training set.
#
# The same in lcdnet
# ------------------
#
# :func:`lcdnet.make_linear_model` builds and compiles this very model, and
# :func:`lcdnet.train` runs the steps, each pass in a fresh order drawn from
# ``seed`` exactly as above, in one compiled loop. The cell below checks
# both: the same layers with the same settings, and, trained on the same
# batches, the same weights.


def layer_settings(keras_model):
    """Each layer's kind and settings, without the names Keras numbers."""
    return [
        (
            type(layer).__name__,
            {
                key: value
                for key, value in layer.get_config().items()
                if key != "name"
            },
        )
        for layer in keras_model.layers
    ]


same_model = lcdnet.make_linear_model(img_size=5)
print(
    "same layers and settings:",
    layer_settings(same_model) == layer_settings(model),
)
print(
    "same optimiser and loss:",
    same_model.optimizer.get_config()["learning_rate"]
    == model.optimizer.get_config()["learning_rate"],
    type(same_model.optimizer) is type(model.optimizer),
)

start = time.perf_counter()
lcdnet.train(
    same_model,
    train_images,
    train_labels,
    steps=steps,
    batch_size=batch_size,
    seed=0,
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
assert layer_settings(same_model) == layer_settings(model)
assert same_model.loss == "sparse_categorical_crossentropy"
assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
assert difference < 1e-6, difference
# sphinx_gallery_end_ignore

# %%
# The weights agree to a millionth: the two run the same arithmetic in a
# slightly different order. The times above vary from run to run; on a
# run this short, compiling takes most of both. lcdnet's loop is made for
# long runs of small steps, where ``fit`` would return to Python after
# every few steps (the XNOR tutorials train 5,000).
#
# The lesson in one call
# ----------------------
#
# :func:`lcdnet.lessons.perfect_digits` runs the whole lesson with these
# two functions: the same 100 examples and batches, measuring the accuracy
# after the first 5 steps and at the end. Compare with your guesses:

result = lessons.perfect_digits(seed=0)
run = result.run
print(f"accuracy after 5 steps:   {run.early_accuracy:.2f}")
print(f"accuracy after {run.steps} steps: {run.train_accuracy:.2f}")

# sphinx_gallery_start_ignore
# The page says the lesson trains to a perfect score; check it, and that the
# untrained loss is log 10 as stated above.
assert run.train_accuracy == 1.0, run.train_accuracy
untrained = lcdnet.make_linear_model(img_size=5)
untrained_loss = untrained.compute_loss(
    x=images, y=labels, y_pred=untrained(images)
)
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
    """Segments in ``neighbour`` but not ``digit``, and the other way round."""
    return (
        sorted(set(DIGIT_SEGMENTS[neighbour]) - set(DIGIT_SEGMENTS[digit])),
        sorted(set(DIGIT_SEGMENTS[digit]) - set(DIGIT_SEGMENTS[neighbour])),
    )


for digit, neighbour in ((0, 8), (9, 8), (6, 5)):
    missing, extra = segment_difference(digit, neighbour)
    print(
        f"{digit} = {neighbour} without {missing}"
        + (f", with {extra}" if extra else "")
    )

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
# A :term:`confusion matrix` counts, for each true digit (a row), how often the
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
# ones measured in this run. Where the two differ by more than the row
# allows, a number in the last column points to a note below the table
# that says why. The accuracy after 5 steps depends on which examples fall
# into the first batches, which the series does not say, so it may differ
# from run to run; the final score should not.

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
# 1. Train the same model with a learning rate ten times smaller: build it
#    again as in *In Keras*, compile it as above with
#    ``keras.optimizers.SGD(learning_rate=0.003)``, and train it as in
#    *Training with fit*. Is its training accuracy still 1.0?
#
#    .. dropdown:: Solution
#
#       lcdnet's builder takes the learning rate too, so in short:
#
#       .. code-block:: python
#
#          slow = lcdnet.make_linear_model(img_size=5, learning_rate=0.003)
#          lcdnet.train(slow, train_images, train_labels, steps=100,
#                       batch_size=50, seed=0)
#          print(lcdnet.accuracy(slow, train_images, train_labels))
#
#       The cell below runs this code; open its answer to compare with
#       yours.

slow = lcdnet.make_linear_model(img_size=5, learning_rate=0.003)
lcdnet.train(
    slow, train_images, train_labels, steps=100, batch_size=50, seed=0
)
slow_accuracy = lcdnet.accuracy(slow, train_images, train_labels)
Answer(1, f"learning rate 0.003: training accuracy {slow_accuracy:.2f}")

# %%
# 2. Which digit's weight picture has the fewest red pixels, and why?
#
#    .. dropdown:: Solution
#
#       Count them with ``(model.layers[-1].get_weights()[0] > 0).sum(axis=0)``
#       on ``run.model``, as the cell below does. The digit 1 lights only
#       the right-hand column, and that column is lit in most other digits
#       too, so few pixels are evidence *for* a 1; its evidence is mostly
#       blue: "no other segment is lit".

red_pixels = (run.model.layers[-1].get_weights()[0] > 0).sum(axis=0)
# sphinx_gallery_start_ignore
assert red_pixels.argmin() == 1, red_pixels
# sphinx_gallery_end_ignore
Answer(2, f"red pixels per digit, 0 to 9: {red_pixels.tolist()}")

# %%
# 3. Shuffle the labels (``np.random.default_rng(0).permutation(labels)``)
#    and train again. Can the model still fit the training set?
#
#    .. dropdown:: Solution
#
#       With shuffled labels the ten pictures no longer map to one digit
#       each: the ten copies of one picture carry different labels, and a
#       model gives one answer per picture. Its best possible training
#       accuracy is the share of examples whose label is the most common
#       one among the copies of their picture, which the cell below
#       computes without any training.

shuffled = np.random.default_rng(0).permutation(train_labels)
best_possible = sum(
    np.bincount(shuffled[train_labels == digit]).max() for digit in range(10)
) / len(shuffled)
Answer(
    3, f"shuffled labels: best possible training accuracy {best_possible:.2f}"
)

# %%

plt.show()
