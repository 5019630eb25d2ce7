"""Many linear models trained as one Keras model, on pictures named by number.

Softmax regression on a 10 x 10 grid is tiny: one 100 x 10 matrix product
per example. Training hundreds of copies of it one after another (one per
seed, training-set size or setting) would pay Keras's per-call cost
hundreds of times. Here every copy -- a *member* -- is one slice of a
stacked weight tensor, and one Keras model trains all members at once with
:func:`lcdnet.train`. Its loss is the *sum* of the members' own mean
cross-entropies, so each member's weights receive exactly the gradient of
its own loss: plain gradient descent and Adam, which update every weight on
its own, move each member as a separate run on the same batches would (up
to float rounding). The same trick trains the XNOR lottery
(:mod:`lcdnet.lab.lottery`).

Each member reads its own examples. On a 10 x 10 grid a 5 x 5 digit has
6 x 6 = 36 offsets, so there are only 360 different pictures; a picture is
named by its *id*, ``digit * 36 + row * 6 + column``, and a data set is an
array of ids. Row ``r`` of the model's input holds, for every member, the id
of that member's example ``r``; the layer looks the pictures up itself.

Used by :mod:`lcdnet.learning_curves` and :mod:`lcdnet.reproduction`.
"""

import math

import numpy as np

from lcdnet._backend import keras
from lcdnet.digits import NUM_CLASSES, place_digits

#: The grid and the digit of every picture here.
IMG_SIZE = 10
SHAPE_SIZE = 5
#: Offsets per axis of a 5x5 digit on the 10x10 grid (0..5).
SPAN = IMG_SIZE - SHAPE_SIZE + 1
#: Different pictures on the grid: 10 digits x 36 offsets.
NUM_PICTURES = NUM_CLASSES * SPAN * SPAN
#: Examples per optimiser step, as in the series.
BATCH_SIZE = 50


def every_picture():
    """Every picture of the grid, in id order: images (360, 10, 10) and labels (360,).

    Picture ``digit * 36 + row * 6 + column`` shows ``digit`` at offset
    ``(row, column)``.

    Examples
    --------
    >>> images, labels = every_picture()
    >>> images.shape, labels[[0, 35, 36, 359]].tolist()
    ((360, 10, 10), [0, 0, 1, 9])
    >>> bool((picture_ids(images) == np.arange(360)).all())
    True
    """
    labels = np.repeat(np.arange(NUM_CLASSES), SPAN * SPAN)
    offsets = np.tile(np.array([(row, column) for row in range(SPAN) for column in range(SPAN)]),
                      (NUM_CLASSES, 1))
    return place_digits(labels, offsets, IMG_SIZE, SHAPE_SIZE), labels


_TABLE = {}


def _picture_table():
    """The 360 pictures and their labels, and a lookup from a picture's bytes to its id."""
    if not _TABLE:
        images, labels = every_picture()
        _TABLE.update(images=images, labels=labels,
                      ids={image.tobytes(): index for index, image in enumerate(images)})
    return _TABLE


def picture_ids(images):
    """The id of each 10x10 picture: which of the 360 pictures it is.

    Raises ValueError if an image is not one 0/1 digit placed on the grid.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(3, img_size=10, seed=0)
    >>> ids = picture_ids(images)
    >>> bool((ids // 36 == labels).all())
    True
    """
    table = _picture_table()
    images = np.asarray(images, dtype=table["images"].dtype)
    try:
        return np.array([table["ids"][image.tobytes()] for image in images], dtype=np.int64)
    except KeyError:
        raise ValueError("images must be 5x5 LCD digits placed on a 10x10 grid, without "
                         "corruptions") from None


def tiled_rows(ids_per_member, rows=None):
    """Each member's ids repeated down ``rows`` rows: the input of a stacked model.

    Every member's examples appear equally often when ``rows`` is a
    multiple of every member's size, which is the default (the least common
    multiple of the sizes, if it is at most 20 times the largest size; else
    20 times the largest, and each example appears as often as any other to
    within one; at least one batch of 50 rows). Returns an int array (rows,
    members).

    Examples
    --------
    >>> tiled_rows([np.array([1, 2]), np.array([3, 4, 5, 6, 7])])[:6].T.tolist()
    [[1, 2, 1, 2, 1, 2], [3, 4, 5, 6, 7, 3]]
    >>> tiled_rows([np.array([1, 2]), np.array([3, 4, 5, 6, 7])]).shape
    (50, 2)
    """
    sizes = [len(ids) for ids in ids_per_member]
    if rows is None:
        rows = math.lcm(*sizes)
        rows = min(rows, 20 * max(sizes))
        rows *= -(-BATCH_SIZE // rows)  # at least one batch
    return np.stack([np.resize(ids, rows) for ids in ids_per_member], axis=1)


class StackedLinearModels(keras.layers.Layer):
    """``num_members`` softmax regressions on the 360 pictures, each with its own weights.

    Input: picture ids, shape (batch, members), one column per member.
    Output: class probabilities, shape (batch, members, 10). Member ``m``
    computes ``softmax(picture @ kernel[m] + bias[m])``: the linear model of
    :func:`lcdnet.make_linear_model`, whose weights also start at zero.
    """

    def __init__(self, num_members, **kwargs):
        super().__init__(**kwargs)
        self.num_members = num_members
        images, _ = every_picture()
        self.pictures = images.reshape(NUM_PICTURES, -1).astype("float32")

    def build(self, input_shape):
        pixels = self.pictures.shape[1]
        self.kernel = self.add_weight(shape=(self.num_members, pixels, NUM_CLASSES),
                                      initializer="zeros", name="kernel")
        self.bias = self.add_weight(shape=(self.num_members, NUM_CLASSES),
                                    initializer="zeros", name="bias")

    def call(self, ids):
        ops = keras.ops
        pictures = ops.take(ops.convert_to_tensor(self.pictures), ops.cast(ids, "int32"), axis=0)
        logits = ops.einsum("bmi,mic->bmc", pictures, self.kernel) + self.bias
        return ops.softmax(logits, axis=-1)


class SummedCrossEntropy(keras.losses.Loss):
    """Per row: the members' cross-entropies, each times its weight, added.

    Keras averages this over the batch, which gives the weighted sum of
    the members' own mean cross-entropies (computed by Keras's sparse
    categorical cross-entropy, as :func:`lcdnet.make_linear_model`'s loss
    is). A member's weight multiplies its gradient: with plain gradient
    descent at rate 1, a weight of 0.3 trains that member at rate 0.3.
    """

    def __init__(self, member_weights, **kwargs):
        super().__init__(**kwargs)
        self.member_weights = np.asarray(member_weights, dtype="float32")

    def call(self, y_true, y_pred):
        entropies = keras.losses.sparse_categorical_crossentropy(y_true, y_pred)
        return keras.ops.sum(entropies * self.member_weights, axis=-1)


def make_stacked_linear_model(num_members, optimizer, member_weights=None):
    """A compiled Keras model of ``num_members`` linear models on picture ids.

    ``member_weights`` (default: all 1) scale each member's loss; see
    :class:`SummedCrossEntropy`.
    """
    weights = np.ones(num_members) if member_weights is None else member_weights
    inputs = keras.Input(shape=(num_members,))
    model = keras.Model(inputs, StackedLinearModels(num_members)(inputs),
                        name="stacked_linear")
    model.compile(optimizer=optimizer, loss=SummedCrossEntropy(weights))
    return model


def predicted_pictures(model):
    """Each member's predicted digit for each of the 360 pictures: int array (360, members).

    Read from the stacked layer's weights (the most probable digit is the
    one of the largest logit): one matrix product per member, cheaper than a
    call of the Keras model, which matters when it is asked after every few
    steps.
    """
    layer = model.get_layer(index=-1)
    kernel = keras.ops.convert_to_numpy(layer.kernel)
    bias = keras.ops.convert_to_numpy(layer.bias)
    logits = np.matmul(layer.pictures, kernel) + bias[:, None, :]  # (members, 360, 10)
    return np.argmax(logits, axis=-1).T


def picture_labels():
    """The digit of each picture id: int array (360,)."""
    return _picture_table()["labels"]


def picture_images():
    """The 360 pictures, in id order: float32 array (360, 10, 10)."""
    return _picture_table()["images"]
