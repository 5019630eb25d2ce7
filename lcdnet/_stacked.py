"""Many small models trained as one Keras model: the stacked-training engine.

A softmax regression on a 10 x 10 grid, or a 2-2-1 XNOR network, is tiny.
Training hundreds of copies of one (one per seed, training-set size,
setting or cue) one after another would pay Keras's per-call cost
hundreds of times. Here every copy -- a *member* -- is one slice of
stacked weight tensors, and one Keras model trains all members at once
with :func:`lcdnet.train`. Its loss, :class:`SummedLoss`, is the *sum* of
the members' own mean losses, so each member's weights receive exactly
the gradient of its own loss: plain gradient descent and Adam, which
update every weight on its own, move each member as a separate run on the
same batches would (up to float rounding: the stacked model sums its
products in another order). A member's loss can carry a weight, which
scales its gradient: under plain gradient descent at rate 1, its own
learning rate.

Two kinds of member are stacked, each with the loss of the series:

* :class:`StackedLinearModels`, the linear model of
  :func:`lcdnet.make_linear_model` (zero initial weights), with
  cross-entropy. Each member reads its own picture: either its pixels, or
  the id of one of the grid's 360 pictures (:mod:`lcdnet._grid`), which
  the layer looks up, so that a data set of a member is an array of ids.
* :class:`StackedXnorNetworks`, the 2-H-1 sigmoid network of
  :func:`lcdnet.make_xnor_model`, with squared error, all members reading
  one input (the truth table).

:func:`member_bytes` over-estimates what one member costs in memory, so
that an experiment can refuse a member count that cannot fit
(:func:`lcdnet._checks.check_fits_in_memory`) before it builds anything.

Used by the settings search (:mod:`lcdnet.lessons.reproduction`), the
learning curves (:mod:`lcdnet.lab.learning_curves`), the tank story's
phase diagram (:mod:`lcdnet.lab.shortcuts`) and the XNOR seed lottery
(:mod:`lcdnet.lab.lottery`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import check_choice
from lcdnet._grid import IMG_SIZE, NUM_PICTURES, picture_images
from lcdnet._types import ArrayLike, IntArray, KerasModel
from lcdnet.digits import NUM_CLASSES

#: The losses a stacked model can sum: the digit models' and XNOR's.
LOSSES = ("cross_entropy", "squared_error")

#: Bytes of a float32 (weights, pictures), of an int64 (ids, labels,
#: answers) and of a float64 (NumPy's own results).
FLOAT_BYTES, INT_BYTES, FLOAT64_BYTES = 4, 8, 8
#: Weights of one linear member on the grid's pictures: kernel and bias.
LINEAR_WEIGHTS = (IMG_SIZE * IMG_SIZE + 1) * NUM_CLASSES
#: Python's own cost of a member: its tuples, dict entries, small arrays'
#: headers and result objects. A generous allowance.
MEMBER_OVERHEAD_BYTES = 4096


def linear_batch_values(batch_size: int) -> int:
    """Float32 values one linear member computes per batch: the pictures
    it reads, its logits, its probabilities and its losses."""
    return batch_size * (IMG_SIZE * IMG_SIZE + 3 * NUM_CLASSES)


def xnor_weights(hidden_units: int) -> int:
    """Weights of one 2-H-1 XNOR member: (2, H), (H,), (H, 1) and (1,)."""
    return 4 * hidden_units + 1


def xnor_batch_values(hidden_units: int) -> int:
    """Float32 values one XNOR member computes on the truth table's four
    rows: the products of the inputs and its kernel, hidden activations
    before and after the sigmoid and mask, and its output."""
    return 4 * (5 * hidden_units + 3)


def member_bytes(
    num_weights: int, batch_values: int, data_bytes: float = 0
) -> float:
    """Over-estimate the peak bytes one member of a stacked model costs.

    Counts its ``num_weights`` float32 weights four times (the weights,
    their gradients and Adam's two moment slots: plain gradient descent
    keeps no slot, so the count is generous there), the ``batch_values``
    float32 values it computes per batch twice (the forward pass and the
    backward pass), ``data_bytes`` of its own data and records that the
    experiment keeps, and :data:`MEMBER_OVERHEAD_BYTES`. An experiment
    multiplies it by its member count and asks
    :func:`lcdnet._checks.check_fits_in_memory`.

    Examples
    --------
    >>> member_bytes(LINEAR_WEIGHTS, linear_batch_values(50))
    72256
    """
    return (
        4 * num_weights * FLOAT_BYTES
        + 2 * batch_values * FLOAT_BYTES
        + data_bytes
        + MEMBER_OVERHEAD_BYTES
    )


class SummedLoss(keras.losses.Loss):  # type: ignore[misc]
    """Per row: every member's loss, each times its weight, added.

    Keras averages this over the batch, which gives the weighted sum of
    the members' own mean losses. ``loss`` is ``"cross_entropy"`` (Keras's
    sparse categorical cross-entropy on class probabilities, the loss of
    lcdnet's digit classifiers; targets are labels, one per member) or
    ``"squared_error"`` (the mean squared error of the XNOR network;
    targets are values, one per member). ``member_weights`` (default:
    none, every member counts once) multiply each member's gradient: with
    plain gradient descent at rate 1, a weight of 0.3 trains that member
    at rate 0.3.

    Examples
    --------
    >>> loss = SummedLoss("squared_error")
    >>> float(loss(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]])))
    0.5
    """

    def __init__(
        self, loss: str, member_weights: ArrayLike | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            name=f"summed_{check_choice('loss', loss, LOSSES)}", **kwargs
        )
        self.kind = loss
        self.member_weights = (
            None
            if member_weights is None
            else np.asarray(member_weights, "float32")
        )

    def call(self, y_true: Any, y_pred: Any) -> Any:
        if self.kind == "cross_entropy":
            losses = keras.losses.sparse_categorical_crossentropy(
                y_true, y_pred
            )
        else:
            losses = keras.ops.square(y_true - y_pred)
        if self.member_weights is not None:
            losses = losses * self.member_weights
        return keras.ops.sum(losses, axis=-1)


class StackedLinearModels(keras.layers.Layer):  # type: ignore[misc]
    """``num_members`` softmax regressions, each with its own weights.

    Member ``m`` computes ``softmax(picture @ kernel[m] + bias[m])``: the
    linear model of :func:`lcdnet.make_linear_model`, whose weights also
    start at zero. Output: class probabilities, shape (batch, members, 10).

    Give ``pictures`` (a table of pictures, such as the grid's 360) and
    the input holds ids into it, shape (batch, members): row ``r`` holds,
    for every member, the id of that member's example ``r``. Give
    ``num_pixels`` instead and the input holds the pictures themselves,
    shape (batch, members, height, width).
    """

    def __init__(
        self,
        num_members: int,
        *,
        pictures: ArrayLike | None = None,
        num_pixels: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if (pictures is None) == (num_pixels is None):
            raise ValueError(
                "give StackedLinearModels either pictures (the "
                "input holds ids) or num_pixels, not both"
            )
        self.num_members = num_members
        self.pictures = None
        self.num_pixels = num_pixels
        if pictures is not None:
            table = np.asarray(pictures, dtype="float32")
            self.pictures = table.reshape(len(table), -1)
            self.num_pixels = self.pictures.shape[1]

    def build(self, input_shape: Any) -> None:
        self.kernel = self.add_weight(
            shape=(self.num_members, self.num_pixels, NUM_CLASSES),
            initializer="zeros",
            name="kernel",
        )
        self.bias = self.add_weight(
            shape=(self.num_members, NUM_CLASSES),
            initializer="zeros",
            name="bias",
        )

    def call(self, inputs: Any) -> Any:
        ops = keras.ops
        if self.pictures is None:
            pictures = ops.reshape(
                inputs, (-1, self.num_members, self.num_pixels)
            )
        else:
            pictures = ops.take(
                ops.convert_to_tensor(self.pictures),
                ops.cast(inputs, "int32"),
                axis=0,
            )
        logits = ops.einsum("bmi,mic->bmc", pictures, self.kernel) + self.bias
        return ops.softmax(logits, axis=-1)


class StackedXnorNetworks(keras.layers.Layer):  # type: ignore[misc]
    """``num_members`` 2-H-1 sigmoid networks on one shared input.

    Member ``i`` has hidden kernel ``hidden_kernel[i]`` (2, H), hidden
    bias (H,), output kernel (H, 1) and output bias (1,), in the order of
    ``model.get_weights()`` of :func:`lcdnet.make_xnor_model`. Members
    narrower than the widest are padded with hidden units that ``mask``
    switches off: their output is multiplied by 0, so they receive zero
    gradients, Adam never moves them, and they add exact zeros to the
    output sum. Input (batch, 2); output (batch, members).
    """

    def __init__(
        self, num_members: int, max_hidden: int, mask: ArrayLike, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.num_members = num_members
        self.max_hidden = max_hidden
        self.mask = np.asarray(mask, dtype="float32")

    def build(self, input_shape: Any) -> None:
        shapes = {
            "hidden_kernel": (self.num_members, 2, self.max_hidden),
            "hidden_bias": (self.num_members, self.max_hidden),
            "output_kernel": (self.num_members, self.max_hidden, 1),
            "output_bias": (self.num_members, 1),
        }
        for name, shape in shapes.items():
            setattr(
                self,
                name,
                self.add_weight(shape=shape, initializer="zeros", name=name),
            )

    def call(self, inputs: Any) -> Any:
        ops = keras.ops
        # (batch, 1, 2, 1) * (1, members, 2, H), summed over the 2 inputs:
        # (batch, members, H)
        hidden = ops.sum(
            inputs[:, None, :, None] * self.hidden_kernel[None], axis=2
        )
        hidden = ops.sigmoid(hidden + self.hidden_bias) * self.mask
        output = ops.sum(hidden * self.output_kernel[None, :, :, 0], axis=-1)
        return ops.sigmoid(output + self.output_bias[:, 0])


def make_stacked_model(
    layer: Any,
    input_shape: Sequence[int],
    *,
    optimizer: Any,
    loss: str,
    member_weights: ArrayLike | None = None,
    name: str = "stacked",
) -> KerasModel:
    """A compiled Keras model of one stacked layer, with a :class:`SummedLoss`.

    Examples
    --------
    >>> model = make_stacked_model(StackedLinearModels(3, num_pixels=4),
    ...                            (3, 2, 2), optimizer="sgd",
    ...                            loss="cross_entropy")
    >>> model.output_shape, model.loss.name
    ((None, 3, 10), 'summed_cross_entropy')
    """
    inputs = keras.Input(shape=input_shape)
    model = keras.Model(inputs, layer(inputs), name=name)
    model.compile(optimizer=optimizer, loss=SummedLoss(loss, member_weights))
    return model


def make_stacked_linear_model(
    num_members: int,
    optimizer: Any,
    member_weights: ArrayLike | None = None,
) -> KerasModel:
    """``num_members`` linear models on the grid's pictures, read by id.

    ``member_weights`` (default: all 1) scale each member's loss; see
    :class:`SummedLoss`.
    """
    layer = StackedLinearModels(num_members, pictures=picture_images())
    return make_stacked_model(
        layer,
        (num_members,),
        optimizer=optimizer,
        loss="cross_entropy",
        member_weights=member_weights,
        name="stacked_linear",
    )


#: Bytes :func:`predicted_pictures` computes per member: its logits on the
#: grid's pictures (float32) and its answers (int64).
PREDICTED_PICTURES_BYTES = NUM_PICTURES * (
    NUM_CLASSES * FLOAT_BYTES + INT_BYTES
)


def predicted_pictures(model: KerasModel) -> IntArray:
    """Each member's answer on each grid picture: ints (360, members).

    Read from the stacked layer's weights (the most probable digit is the
    one of the largest logit): one matrix product per member, cheaper than a
    call of the Keras model, which matters when it is asked after every few
    steps.
    """
    layer = model.get_layer(index=-1)
    kernel = keras.ops.convert_to_numpy(layer.kernel)
    bias = keras.ops.convert_to_numpy(layer.bias)
    logits = (
        np.matmul(layer.pictures, kernel) + bias[:, None, :]
    )  # (m, 360, 10)
    result: IntArray = np.argmax(logits, axis=-1).T
    return result


def tiled_rows(
    ids_per_member: Sequence[np.ndarray],
    rows: int | None = None,
    *,
    min_rows: int = 1,
) -> np.ndarray:
    """Each member's ids repeated down ``rows`` rows: a stacked model's input.

    Every member's examples appear equally often when ``rows`` is a
    multiple of every member's size, which is the default (the least common
    multiple of the sizes, if it is at most 20 times the largest size; else
    20 times the largest, and each example appears as often as any other to
    within one), and at least ``min_rows`` (such as one batch). Returns an
    int array (rows, members).

    Examples
    --------
    >>> sets = [np.array([1, 2]), np.array([3, 4, 5, 6, 7])]
    >>> tiled_rows(sets)[:6].T.tolist()
    [[1, 2, 1, 2, 1, 2], [3, 4, 5, 6, 7, 3]]
    >>> tiled_rows(sets).shape, tiled_rows(sets, min_rows=50).shape
    ((10, 2), (50, 2))
    """
    sizes = [len(ids) for ids in ids_per_member]
    if rows is None:
        rows = min(math.lcm(*sizes), 20 * max(sizes))
        rows *= -(-min_rows // rows)
    return np.stack([np.resize(ids, rows) for ids in ids_per_member], axis=1)
