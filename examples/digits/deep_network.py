"""
A deep network that copes
=========================

:doc:`inexact_data` ended with a promise the series made and never kept:
a deep network can recognise digits wherever they sit, though the model is
far bigger and slower to train. This tutorial keeps the promise, and checks it
fairly: a small convolutional network and the linear model are trained on
the same 100 jittered digits, in the same batches, with the same optimiser,
and both are scored on test pictures neither has seen. Then we open the
network up to see *why* it copes, and where its tolerance of movement ends.

.. admonition:: In this tutorial you will

   * compare two architectures while keeping data, batches, step budget
     and optimiser the same, so that a difference can be credited to the
     architecture;
   * measure the price of the deeper model in parameters and training time;
   * look at its filters' responses (feature maps) and at the pooled
     vector its classifier reads, for one digit at two places.

   **Prerequisites:** :doc:`inexact_data` (seen and new test
   pictures, memorisation).
"""

# %%
# Why a linear model cannot cope
# ------------------------------
#
# The linear model gives every pixel its own weight for every digit. A 7
# drawn in the top-left corner and the same 7 moved two pixels to the right
# light different pixels, so to the model they are two unrelated pictures.
# To recognise a 7 anywhere, it would have to learn all 36 places from
# examples, and a single template per digit cannot hold them all.
#
# Convolution and pooling
# -----------------------
#
# A *convolutional* layer instead learns a few small *filters*, here 3 x 3
# pixels, and slides each one over the whole image, computing at every place
# how well the patch there matches the filter. A filter that responds to the
# end of a horizontal bar responds to it wherever the bar is: what it learned
# at one place it applies at all places. A second convolutional layer combines
# these responses into larger patterns, such as a corner joined to a bar. Each
# layer is followed by a :term:`ReLU`, :math:`\max(0, z)`, which keeps positive
# responses and zeroes the rest.
#
# *Global max pooling* then keeps, for each filter, only its strongest
# response anywhere in the image. The final layer, a softmax over ten digits
# like the linear model's, reads this *pooled vector*: which patterns are
# present, with little trace of where. How little is something to measure,
# not assume; we do so below.
#
# The network in Keras
# --------------------
#
# The same layers as they are written in Keras. ``Conv2D`` expects images
# with a channel axis (colour images have three), so ``Reshape`` first gives
# each 10 x 10 digit one channel. ``padding="same"`` pads the border with
# zeros so that every layer keeps the 10 x 10 grid:

import time

import keras
import matplotlib.pyplot as plt
import numpy as np

import lcdnet
from lcdnet import lessons
from lcdnet.plotting import set_alt_text
from lcdnet.report import Answer, format_table

cnn = keras.Sequential(
    [
        keras.Input(shape=(10, 10)),
        keras.layers.Reshape((10, 10, 1)),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="deep",
)
cnn.summary()

# %%
# :func:`lcdnet.plot_layers` draws the same stack, with what each layer
# passes on to the next. Almost all the weights sit in the second
# convolution: 64 filters, each 3 x 3 over all 32 maps of the first.

ax = lcdnet.plot_layers(cnn)

# %%
# Training it: ``compile`` with Adam at rate 0.01 and the cross-entropy of
# :doc:`perfect_digits`, then ``fit`` on 100 jittered digits, 300 steps of
# 50. As in that tutorial, the passes over the data are laid out one after
# another in a fresh order each and trained as one epoch, with all 300
# steps in one call (``steps_per_execution``), which spares Keras's fixed
# cost per epoch. The network starts from the random weights that
# :func:`lcdnet.make_deep_model` draws from seed 0, so that the lesson
# below, which trains that model on the same batches, can be compared with
# this run.
#
# .. admonition:: Predict, then run
#
#    The linear model of :doc:`inexact_data` learned its 100 jittered
#    training digits by heart and was no better than chance on new
#    pictures. Trained on the same 100 digits, how will this network do on
#    1,000 fresh ones: near chance (0.1), somewhere in between, or near 1?

cnn.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=["accuracy"],
    steps_per_execution=300,
)
cnn.set_weights(lcdnet.make_deep_model(img_size=10, seed=0).get_weights())

images, labels = lcdnet.generate_digits(100, img_size=10, seed=0)
test_images, test_labels = lcdnet.generate_digits(1000, img_size=10, seed=1)
steps, batch_size = 300, 50
rng = np.random.default_rng(0)
passes = steps * batch_size // len(images)
order = np.concatenate([rng.permutation(len(images)) for _ in range(passes)])
start = time.perf_counter()
cnn.fit(
    images[order],
    labels[order],
    batch_size=batch_size,
    epochs=1,
    shuffle=False,
    verbose=0,
)
fit_seconds = time.perf_counter() - start
for name, (x, y) in {
    "training digits": (images, labels),
    "fresh test digits": (test_images, test_labels),
}.items():
    loss, accuracy = cnn.evaluate(x, y, verbose=0)
    print(f"{name:>17}: loss {loss:.3f}, accuracy {accuracy:.3f}")

# %%
# The fresh test digits include copies of training pictures; the lesson
# below splits the score into copies and new pictures.
#
# A fair comparison
# -----------------
#
# :func:`lcdnet.lessons.deep_network` trains three models on the same 100
# jittered 10 x 10 digits, in the same batches of 50, for the same 300
# steps: the network of :func:`lcdnet.make_deep_model` with Adam at rate
# 0.01; the linear model with the *same* optimiser, so that the only
# difference is the architecture; and, for reference, the linear model with
# the series' settings (plain gradient descent at 0.03). All three are scored
# on 1,000 fresh digits, split into copies of training pictures and new ones.

result = lessons.deep_network(seed=0)
new, copies = (
    f"new ({result.deep.test.num_new})",
    (f"copies ({result.deep.test.num_seen})"),
)
print(
    f"{'model':<25}  {'params':>7}  {'seconds':>7}  {'training':>8}  "
    f"{new:>9}  {copies:>12}"
)
for cost in result.costs.values():
    print(
        f"{cost.label:<25}  {cost.parameters:>7,}  {cost.train_seconds:7.2f}  "
        f"{cost.train_accuracy:8.2f}  {cost.test.new:9.3f}  "
        f"{cost.test.seen:12.3f}"
    )

# sphinx_gallery_start_ignore
claims = lessons.CLAIMS
assert (
    result.deep.train_accuracy == 1.0 and result.linear.train_accuracy == 1.0
)
assert result.deep.test.new >= claims["deep_on_new_at_least"], (
    result.deep.test.new
)
for name in ("linear", "linear_series"):
    assert result.costs[name].test.new <= claims["linear_on_new_at_most"], name
assert 15 < result.deep.parameters / result.linear.parameters < 25
assert result.deep.train_seconds > result.linear.train_seconds
# sphinx_gallery_end_ignore

# %%
# The lesson's CNN is the network built in Keras above: the same layers
# with the same settings (only the seed of the random initial weights is
# named in lcdnet's), trained from the same start on the same batches, so
# it ends with the same weights. :func:`lcdnet.train` runs the 300 steps in
# one compiled loop:


def layer_settings(keras_model):
    """Each layer's kind and settings, without names and initializer seeds."""
    settings = []
    for layer in keras_model.layers:
        config = {
            key: value
            for key, value in layer.get_config().items()
            if key != "name"
        }
        if "kernel_initializer" in config:
            config["kernel_initializer"] = config["kernel_initializer"][
                "class_name"
            ]
        settings.append((type(layer).__name__, config))
    return settings


lesson_cnn = result.models["deep"]
difference = max(
    np.abs(ours - theirs).max()
    for ours, theirs in zip(
        lesson_cnn.get_weights(), cnn.get_weights(), strict=True
    )
)
print(
    "same layers and settings:",
    layer_settings(lesson_cnn) == layer_settings(cnn),
)
print(f"largest difference between the trained weights: {difference:.1e}")
print(
    f"time: fit {fit_seconds:.2f} s, lcdnet.train "
    f"{result.deep.train_seconds:.2f} s (both compile first)"
)
print(f"fit / lcdnet.train: {fit_seconds / result.deep.train_seconds:.1f}")

# sphinx_gallery_start_ignore
assert layer_settings(lesson_cnn) == layer_settings(cnn)
assert type(lesson_cnn.optimizer) is type(cnn.optimizer)
assert np.isclose(
    float(lesson_cnn.optimizer.learning_rate),
    float(cnn.optimizer.learning_rate),
)
assert difference < 1e-5, difference
# sphinx_gallery_end_ignore

# %%
# With the optimiser held the same, the linear model still fits every
# training digit and still fails on new pictures, while the convolutional
# network gets new pictures right: the gain belongs to the architecture, not
# to Adam. The price is in the first columns: parameters and wall-clock
# training time on the machine that built this page (only the ratio means
# much). The table of the lesson:

print(format_table(result.comparisons()))

# %%
# The series published no numbers for this lesson (it never wrote it), so the
# "published" column is empty.
#
# Overfitting, step by step
# -------------------------
#
# Final scores hide how each model got there. The picture below retrains
# both models under the same optimiser on the same 100 digits, and scores
# them again and again as training goes on (at 16 steps spaced evenly on a
# log scale, from the first to the 300th): on their training pictures
# (solid lines) and on the new pictures, the 273 pictures of the grid that
# no training digit shows (dashed).
#
# .. admonition:: Predict, then run
#
#    Sketch the four curves before you run the cell. Where do they start?
#    Which pairs stay together, and which part?

from lcdnet.lessons.overfitting import OVERFITTING_CLAIMS, overfitting_curves

curves = overfitting_curves(seed=0)
ax = lcdnet.plot_overfitting(curves)
first, last = curves.steps[0], curves.steps[-1]
print("accuracy on training pictures / on new pictures")
for name, label in (("linear", "linear model"), ("deep", "CNN")):
    train, new = curves.train_accuracy[name], curves.new_accuracy[name]
    print(
        f"  {label:<12}  after step {first}: {train[0]:.2f} / {new[0]:.2f}"
        f"   after step {last}: {train[-1]:.2f} / {new[-1]:.2f}"
    )

# sphinx_gallery_start_ignore
limits = OVERFITTING_CLAIMS
for name in ("linear", "deep"):
    assert curves.train_accuracy[name][0] <= limits["first_train_at_most"]
    assert curves.new_accuracy[name][0] <= limits["first_train_at_most"]
assert (
    curves.train_accuracy["linear"][-1]
    >= limits["linear_final_train_at_least"]
)
assert curves.new_accuracy["linear"].max() <= limits["linear_new_at_most"]
assert curves.new_accuracy["deep"][-1] >= limits["deep_final_new_at_least"]
assert np.abs(curves.gap("deep")).max() <= limits["deep_gap_at_most"]
# sphinx_gallery_end_ignore

# %%
# At the start both models are poor on every picture, training and new
# alike: they have not yet learned what the data holds. That is
# :term:`underfitting`, and more training cures it. The CNN's two curves
# then rise together: what it learns from its training pictures holds for
# new ones. The linear model's curves part. Its accuracy on the training
# pictures climbs to 1.0 while on new pictures it stays near chance: it
# fits the training pictures, and nothing else, which is
# :term:`overfitting`. Here more training does not help; a model that can
# use what it learned at one place at every other place does.
#
# The gap between the two curves is what a test set measures. Techniques
# that narrow it without changing the architecture (smaller models, weight
# penalties, dropout, stopping early) are called :term:`regularisation`; the
# chapter "Model Selection, Underfitting, and Overfitting" of :ref:`Dive
# into Deep Learning <ref-d2l-overfitting>` and TensorFlow's tutorial
# :ref:`Overfit and underfit <ref-tf-overfit>` show them on larger data.
#
# Mistakes side by side
# ---------------------
#
# The same twenty test digits read by the two models trained with Adam.
# Wrong answers are red: the true digit, then the model's answer.

# sphinx_gallery_thumbnail_number = 3
images, labels = result.test_images[:20], result.test_labels[:20]
answers = {
    name: lcdnet.predict_classes(result.models[name], images)
    for name in ("linear", "deep")
}
ax = lcdnet.plot_digit_mosaic(
    np.concatenate([images, images]).reshape(4, 10, 10, 10),
    np.tile(labels, 2).reshape(4, 10),
    predictions=np.concatenate(list(answers.values())).reshape(4, 10),
    row_labels=["linear", "(Adam)", "CNN", "(Adam)"],
)

# sphinx_gallery_start_ignore
wrong = {name: int((found != labels).sum()) for name, found in answers.items()}
set_alt_text(
    ax,
    (
        "The same 20 test digits shown twice, each titled with its digit: "
        "read by the linear model trained with Adam (top two rows, "
        f"{wrong['linear']} of 20 wrong, framed in red and titled true digit, "
        f"arrow, answer) and by the CNN (bottom two rows, {wrong['deep']} "
        "wrong)."
    ),
)
# sphinx_gallery_end_ignore

# %%
# Opening the network
# -------------------
#
# :func:`lcdnet.lessons.cnn_activations` returns what each layer computes.
# Here is a 4 at the top-left corner of the grid and the same 4 at the
# centre, with the responses of the first layer's strongest filters (each
# map is 10 x 10: one response per place):

deep = result.models["deep"]
places = [(0, 0), (2, 3)]
four = lcdnet.place_digits([4, 4], places)
activations = lessons.cnn_activations(deep, four)
figure, axes = plt.subplots(2, 7, figsize=(7.7, 2.9), layout="constrained")
for row, place in enumerate(places):
    lcdnet.plot_digits(four[row : row + 1], [4], axes=axes[row, :1])
    axes[row, 0].set_title(f"4 at {place}")
    lcdnet.plot_feature_maps(
        activations["conv1"][row], num_maps=6, axes=axes[row, 1:]
    )

# sphinx_gallery_start_ignore
set_alt_text(
    figure,
    (
        "Two rows: a 4 at the top-left corner of the 10 x 10 grid, then at "
        "offset (2, 3), each followed by the six feature maps of the first "
        "layer's strongest filters for it, bright where a filter responds; in "
        "the second row the bright patterns sit two rows lower and three "
        "columns further right."
    ),
)
# sphinx_gallery_end_ignore

# sphinx_gallery_start_ignore
# "The maps move with the digit": inside the digit's 5 x 5 box, away from any
# border, the responses at (0, 0) equal those at (2, 3) shifted by (2, 3).
np.testing.assert_allclose(
    activations["conv1"][0][1:4, 1:4],
    activations["conv1"][1][3:6, 4:7],
    atol=1e-5,
)
# sphinx_gallery_end_ignore

# %%
# The maps move with the digit: each filter responds at the same strokes,
# wherever they are. Global max pooling keeps only each filter's peak, so
# the two pooled vectors, which the classifier reads, lie close together:

ax = lcdnet.plot_pooled_vectors(
    activations["pooled"], [f"4 at {place}" for place in places]
)
ax.set_title(
    "The pooled vector of the last layer, for the same digit at two places"
)
distance = np.linalg.norm(
    activations["pooled"][0] - activations["pooled"][1]
) / np.linalg.norm(activations["pooled"].mean(axis=0))
print(
    "distance between the two pooled vectors, relative to their mean: "
    f"{distance:.3f}"
)

# %%
# Close, but not equal. :func:`lcdnet.lessons.pooled_position_shift` places
# every digit at all 36 offsets and measures how far each pooled vector lies
# from that digit's mean vector:

shift = lessons.pooled_position_shift(deep)
print(
    f"relative shift of the pooled vector: median {shift.median:.3f}, "
    f"largest {shift.largest:.3f}"
)
print(
    "mean shift at offsets touching the border: "
    f"{shift.mean_shift(at_border=True):.3f}, "
    f"inside: {shift.mean_shift(at_border=False):.3f}"
)
print(
    f"digit named right at {shift.right.mean():.0%} of the 360 (digit, "
    "offset) pairs"
)
ax = lcdnet.plot_position_shift(shift)
ax.set_title("How far the pooled vector moves, by offset")

# sphinx_gallery_start_ignore
assert shift.mean_shift(at_border=True) > shift.mean_shift(at_border=False)
assert (
    shift.mean_shift(at_border=False) <= claims["cnn_interior_shift_at_most"]
)
assert shift.right.mean() >= claims["deep_on_new_at_least"]
# sphinx_gallery_end_ignore

# %%
# The pooled vector moves more where the digit touches the border than
# inside, but not on every side alike: in the map the right column and the
# top and bottom rows stand out, and the left column differs little from
# the interior. The convolutions use "same" zero padding: near the edge a
# filter sees zeros beyond the border, so its response to a stroke on the
# edge differs from its response to the same stroke inside. That can only
# matter where a digit has a stroke on the edge. So count, for each side of
# the 5 x 5 box, the pixels the ten digits light there, next to the mean
# shift where that side of the box meets the border of the grid (corners
# left out, as they touch two sides):

digit_boxes = lcdnet.place_digits(range(10), [(0, 0)] * 10, 5, 5)
lit = {
    "left": digit_boxes[:, :, 0],
    "right": digit_boxes[:, :, -1],
    "top": digit_boxes[:, 0, :],
    "bottom": digit_boxes[:, -1, :],
}
rows, columns = shift.positions.T
highest = rows.max()
on_edge = {
    "left": columns == 0,
    "right": columns == highest,
    "top": rows == 0,
    "bottom": rows == highest,
}
corner = np.isin(rows, (0, highest)) & np.isin(columns, (0, highest))
side_shift = {  # per digit: the mean over that side's offsets
    side: shift.shifts[:, mask & ~corner].mean(axis=1)
    for side, mask in on_edge.items()
}
inside = shift.shifts[:, ~shift.touches_border].mean(axis=1)
print("side    lit pixels of the 10 digits  mean shift at that edge")
for side, pixels in lit.items():
    mean_shift = side_shift[side].mean()
    print(f"{side:<6}  {int(pixels.sum()):>27}  {mean_shift:23.3f}")
print(f"{'inside':<6}  {'-':>27}  {inside.mean():23.3f}")
print()
for digit in (1, 6):
    print(
        f"the {digit}: shift at the left edge "
        f"{side_shift['left'][digit]:.2f}, at the right edge "
        f"{side_shift['right'][digit]:.2f}, inside {inside[digit]:.2f}"
    )

# sphinx_gallery_start_ignore
# "The sides come out in the same order both ways."
by_pixels = sorted(lit, key=lambda side: lit[side].sum())
by_shift = sorted(lit, key=lambda side: side_shift[side].mean())
assert by_pixels == by_shift, (by_pixels, by_shift)
assert by_shift[0] == "left" and by_shift[-1] == "right", by_shift
# The 1: the most of all digits at the right edge, at the left no more than
# inside; the 6: more at the left edge than at the right.
assert side_shift["right"].argmax() == 1, side_shift["right"]
assert lit["left"][1].sum() == 0 and lit["right"][1].sum() == 5
assert side_shift["left"][1] <= inside[1] + 0.005, (side_shift, inside)
assert side_shift["left"][6] > side_shift["right"][6], side_shift
assert lit["left"][6].sum() > lit["right"][6].sum()
# sphinx_gallery_end_ignore

# %%
# The sides come out in the same order both ways: the more stroke pixels
# the ten digits put on a side of their box, the more the pooled vector
# moves when that side meets the border. Single digits show it too. The 1
# is nothing but its right-hand stroke: at the right edge it moves more
# than any other digit, and at the left edge, where it lights no pixel, no
# more than inside. The 6 lights its whole left column and only part of its
# right one, and moves more at the left edge than at the right.
#
# On a grid of 10 x 10 pixels, most offsets touch the border, so this leak
# of absolute position is not small (Kayhan and van Gemert, 2020, show that
# CNNs can exploit it). Here the shift stays small enough for the
# classifier to name the digit right at the share of offsets printed above.
#
# .. admonition:: Takeaway
#
#    Held to the same data, batches, steps and optimiser, the convolutional
#    network recognises new pictures and the linear model does not, at the
#    price of about twenty times the parameters and more training time (the
#    ratio is in the table). Its tolerance of movement comes from applying the
#    same filters everywhere and pooling their peaks, and it is measured, not
#    perfect: zero padding lets the position leak in at the border.
#
# The :doc:`/explorer` runs this CNN in your browser: move a digit with the
# arrow keys and watch its pooled vector barely change.
#
# Exercises
# ---------
#
# 1. Replace global max pooling with global *average* pooling: in the cell
#    that builds ``cnn`` in *The network in Keras*, write
#    ``keras.layers.GlobalAveragePooling2D()`` instead of
#    ``keras.layers.GlobalMaxPooling2D()``, compile and fit it as there, and
#    measure :func:`~lcdnet.lessons.pooled_position_shift` again. Does the
#    pooled vector move more or less?
#
#    .. dropdown:: Solution
#
#       An average over the map counts the border's zero padding at every
#       offset where the digit touches the edge, so expect the shift to
#       change; compare ``shift.mean_shift(True)`` and
#       ``shift.mean_shift(False)`` of the new network with those above.
#
# 2. Train the CNN on 50 examples instead of 100 (one batch), as the
#    lesson trains it: :func:`lcdnet.make_deep_model` and
#    :func:`lcdnet.train`, or ``cnn.fit`` as above. How does its score on
#    new pictures change?
#
#    .. dropdown:: Solution
#
#       The cell below trains it and scores it on the new pictures among
#       the same 1,000 test digits. With fewer examples each digit is seen
#       at fewer places. :doc:`/auto_examples/further/learning_curves` draws
#       the whole curve, over several seeds.

small_images, small_labels = lcdnet.generate_digits(50, img_size=10, seed=0)
small_cnn = lcdnet.make_deep_model(img_size=10, seed=0)
lcdnet.train(
    small_cnn, small_images, small_labels, steps=300, batch_size=50, seed=0
)
small = lessons.score_seen_new(
    small_cnn, small_images, test_images, test_labels
)
Answer(
    2,
    f"CNN trained on 50 examples: {small.new:.3f} on the "
    f"{small.num_new} new pictures\nof the {small.num_total:,} test "
    f"digits (trained on 100: {result.deep.test.new:.3f})",
)

# %%
# 3. Which is cheaper per step, and by how much: the CNN or the linear
#    model? Use the training times printed above.
#
#    .. dropdown:: Solution
#
#       Both trained for the same 300 steps, so the ratio of training times
#       is the ratio of cost per step (plus compiling once):
#       ``result.deep.train_seconds / result.linear.train_seconds``, printed
#       in the lesson's table as "training time, deep / linear (both Adam)".

plt.show()
