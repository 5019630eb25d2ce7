"""The Keras models of the lessons and the lab, compiled with their defaults.

The series' three (:func:`make_linear_model`, :func:`make_deep_model`,
:func:`make_xnor_model`) and the lab's dense network (:func:`make_mlp_model`).
Many copies of a small one trained as one model are in :mod:`lcdnet._stacked`.

Every builder returns a compiled :class:`keras.Sequential` that starts with
:class:`keras.Input`, carries a ``name``, and is ready for
:func:`lcdnet.train`. Builders that draw random initial weights take ``seed=``;
a seed gives the same initial weights on every Keras backend (see
:class:`SeededGlorotUniform`). The models use Keras layers only, so they run
on any backend lcdnet supports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import (
    check_fits_in_memory,
    check_int,
    check_int_sequence,
    check_real,
    check_seed,
)
from lcdnet._random import glorot_uniform
from lcdnet._types import KerasModel
from lcdnet.digits import NUM_CLASSES
from lcdnet.xnor import NG_XNOR_WEIGHTS

__all__ = [
    "make_linear_model",
    "make_deep_model",
    "make_mlp_model",
    "make_xnor_model",
    "compile_digit_classifier",
]

_XNOR_WEIGHT_NAMES = ("ng",)

#: Bytes per parameter at the peak of building and training a model, at
#: most: the float32 weights and their initial values (drawn in float64 by
#: :class:`SeededGlorotUniform`), the gradients and two optimiser slots
#: (Adam's).
BYTES_PER_PARAMETER = 32
#: Bytes per pixel of one image going through the deep model and back: the
#: input and the 32 + 64 feature maps (float32), forward and backward.
DEEP_BYTES_PER_PIXEL = (1 + 32 + 64) * 4 * 3


def make_linear_model(
    img_size: int = 5, *, learning_rate: float = 0.03
) -> KerasModel:
    """Softmax regression on flattened images: the series' linear model.

    One dense layer maps the ``img_size * img_size`` pixels to 10 class
    scores, followed by a softmax. Weights and bias start at zero, as in the
    series, so training is fully deterministic.

    Training defaults: plain gradient descent (SGD) with ``learning_rate``
    0.03, sparse categorical cross-entropy, accuracy metric.

    Parameters
    ----------
    img_size : int, default 5
        Side of the square input images; at least 1.
    learning_rate : float, default 0.03
        Step size of plain gradient descent; positive.

    Returns
    -------
    keras.Sequential
        The compiled model, named ``"linear"``; input shape
        ``(None, img_size, img_size)``, output ``(None, 10)`` probabilities.

    Examples
    --------
    >>> model = make_linear_model(img_size=10)
    >>> model.name, model.input_shape, model.output_shape
    ('linear', (None, 10, 10), (None, 10))
    >>> model.count_params()
    1010
    >>> float(abs(keras.ops.convert_to_numpy(model.layers[-1].kernel)).max())
    0.0
    """
    img_size = check_int("img_size", img_size, minimum=1)
    learning_rate = check_real(
        "learning_rate", learning_rate, low=0, closed="neither"
    )
    check_fits_in_memory(
        "img_size",
        img_size,
        (img_size**2 + 1) * NUM_CLASSES * BYTES_PER_PARAMETER,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(img_size, img_size)),
            keras.layers.Flatten(),
            keras.layers.Dense(
                NUM_CLASSES,
                activation="softmax",
                kernel_initializer="zeros",
                bias_initializer="zeros",
            ),
        ],
        name="linear",
    )
    return compile_digit_classifier(
        model, keras.optimizers.SGD(learning_rate=learning_rate)
    )


def make_deep_model(
    img_size: int = 10, *, seed: int | None = None, learning_rate: float = 0.01
) -> KerasModel:
    """A small convolutional network that recognises digits wherever they sit.

    Two 3x3 convolutions (32 and 64 filters, ReLU, "same" padding) find
    strokes and their combinations at every position; global max pooling
    keeps the strongest response of each filter wherever it occurred, so
    the classifier on top sees *what* was drawn, not *where*. This is the
    deep network the series promised for jittered digits.

    Training defaults: Adam with ``learning_rate`` 0.01, sparse categorical
    cross-entropy, accuracy metric.

    Parameters
    ----------
    img_size : int, default 10
        Side of the square input images; at least 3.
    seed : int or None, default None
        Seed of the initial weights; None draws fresh ones.
    learning_rate : float, default 0.01
        Adam's step size; positive.

    Returns
    -------
    keras.Sequential
        The compiled model, named ``"deep"``.

    Examples
    --------
    >>> model = make_deep_model(img_size=10, seed=0)
    >>> model.name, model.input_shape, model.output_shape
    ('deep', (None, 10, 10), (None, 10))
    >>> model.count_params()
    19466
    """
    img_size = check_int("img_size", img_size, minimum=3)
    check_fits_in_memory(
        "img_size", img_size, img_size**2 * DEEP_BYTES_PER_PIXEL
    )
    seed = check_seed(seed)
    learning_rate = check_real(
        "learning_rate", learning_rate, low=0, closed="neither"
    )
    initializers = seeded_initializers(seed, count=3)
    model = keras.Sequential(
        [
            keras.Input(shape=(img_size, img_size)),
            keras.layers.Reshape((img_size, img_size, 1)),
            keras.layers.Conv2D(
                32,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=initializers[0],
            ),
            keras.layers.Conv2D(
                64,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=initializers[1],
            ),
            keras.layers.GlobalMaxPooling2D(),
            keras.layers.Dense(
                NUM_CLASSES,
                activation="softmax",
                kernel_initializer=initializers[2],
            ),
        ],
        name="deep",
    )
    _name_keras_initializers(model)
    return compile_digit_classifier(
        model, keras.optimizers.Adam(learning_rate=learning_rate)
    )


def make_mlp_model(
    img_size: int = 10,
    hidden_units: Sequence[int] = (256, 256),
    *,
    seed: int | None = None,
    learning_rate: float = 0.01,
) -> KerasModel:
    """A dense network ("multi-layer perceptron") for digits: deep, but not
    convolutional.

    The flattened pixels pass through fully connected ReLU layers of
    ``hidden_units`` units each, then a 10-way softmax. Every unit reads
    every pixel, so, like the linear model, the network has no notion that
    a stroke is the same stroke one column further right. Compiled like
    :func:`lcdnet.make_deep_model`: Adam with ``learning_rate``, sparse
    categorical cross-entropy, accuracy.

    Parameters
    ----------
    img_size : int, default 10
        Side of the square input images; at least 1.
    hidden_units : sequence of int, default (256, 256)
        Width of each hidden layer, at least one layer, each at least 1.
    seed : int or None, default None
        Seed of the initial weights (Glorot uniform); None draws fresh ones.
    learning_rate : float, default 0.01
        Adam's step size; positive.

    Returns
    -------
    keras.Sequential
        The compiled model, named ``"mlp"``.

    Examples
    --------
    >>> model = make_mlp_model(img_size=10, seed=0)
    >>> model.name, model.input_shape, model.output_shape
    ('mlp', (None, 10, 10), (None, 10))
    >>> # (100 + 1) * 256 + (256 + 1) * 256 + (256 + 1) * 10
    >>> model.count_params()
    94218
    >>> make_mlp_model(hidden_units=[])
    Traceback (most recent call last):
    ...
    ValueError: hidden_units must be a non-empty sequence of positive \
integers, got []
    """
    img_size = check_int("img_size", img_size, minimum=1)
    hidden_units = check_int_sequence("hidden_units", hidden_units, minimum=1)
    widths = [img_size**2, *hidden_units, NUM_CLASSES]
    # Each width paired with the next one: zip stops, as meant, one short
    # of the last width, which has no next.
    parameters = sum(
        (inputs + 1) * units
        for inputs, units in zip(widths, widths[1:], strict=False)
    )
    check_fits_in_memory(
        ("img_size", "hidden_units"),
        (img_size, hidden_units),
        parameters * BYTES_PER_PARAMETER,
    )
    seed = check_seed(seed)
    learning_rate = check_real(
        "learning_rate", learning_rate, low=0, closed="neither"
    )
    initializers = seeded_initializers(seed, count=len(hidden_units) + 1)
    layers = [keras.Input(shape=(img_size, img_size)), keras.layers.Flatten()]
    for units, initializer in zip(hidden_units, initializers, strict=False):
        layers.append(
            keras.layers.Dense(
                units, activation="relu", kernel_initializer=initializer
            )
        )
    layers.append(
        keras.layers.Dense(
            NUM_CLASSES,
            activation="softmax",
            kernel_initializer=initializers[-1],
        )
    )
    model = keras.Sequential(layers, name="mlp")
    return compile_digit_classifier(
        model, keras.optimizers.Adam(learning_rate=learning_rate)
    )


def make_xnor_model(
    weights: str | None = None,
    *,
    hidden_units: int = 2,
    seed: int | None = None,
    learning_rate: float = 0.03,
) -> KerasModel:
    """The 2-2-1 sigmoid network of the XNOR posts.

    Two inputs, one hidden layer of ``hidden_units`` sigmoid units and one
    sigmoid output. Training defaults: Adam with ``learning_rate`` 0.03 and
    mean squared error, as in the series.

    Parameters
    ----------
    weights : {None, "ng"}, default None
        None starts from random weights (Glorot uniform, seeded by ``seed``);
        ``"ng"`` loads Andrew Ng's hand-set weights (:data:`NG_XNOR_WEIGHTS`),
        which compute XNOR without any training. ``"ng"`` needs
        ``hidden_units=2``.
    hidden_units : int, default 2
        Width of the hidden layer; at least 1.
    seed : int or None, default None
        Seed of the random initial weights; None draws fresh ones.
    learning_rate : float, default 0.03
        Adam's step size; positive.

    Returns
    -------
    keras.Sequential
        The compiled model, named ``"xnor"``; input ``(None, 2)``, output
        ``(None, 1)``; its layers are named ``"hidden"`` and ``"output"``
        (as TensorBoard's graph shows them).

    Examples
    --------
    >>> from lcdnet.xnor import XNOR_INPUTS
    >>> model = make_xnor_model(weights="ng")
    >>> model.predict(XNOR_INPUTS, verbose=0).round(3).ravel().tolist()
    [1.0, 0.0, 0.0, 1.0]
    >>> make_xnor_model(hidden_units=4, seed=0).count_params()
    17
    """
    if weights is not None and weights not in _XNOR_WEIGHT_NAMES:
        raise ValueError(
            f"weights must be None or one of {list(_XNOR_WEIGHT_NAMES)}, got "
            f"{weights!r}"
        )
    hidden_units = check_int("hidden_units", hidden_units, minimum=1)
    check_fits_in_memory(
        "hidden_units",
        hidden_units,
        (4 * hidden_units + 1) * BYTES_PER_PARAMETER,
    )
    if weights == "ng" and hidden_units != 2:
        raise ValueError(
            f"weights='ng' needs hidden_units=2, got "
            f"hidden_units={hidden_units}"
        )
    seed = check_seed(seed)
    learning_rate = check_real(
        "learning_rate", learning_rate, low=0, closed="neither"
    )
    initializers = seeded_initializers(seed, count=2)
    model = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(
                hidden_units,
                activation="sigmoid",
                kernel_initializer=initializers[0],
                name="hidden",
            ),
            keras.layers.Dense(
                1,
                activation="sigmoid",
                kernel_initializer=initializers[1],
                name="output",
            ),
        ],
        name="xnor",
    )
    _name_keras_initializers(model)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="mean_squared_error",
    )
    if weights == "ng":
        model.set_weights(NG_XNOR_WEIGHTS)
    return model


def compile_digit_classifier(model: KerasModel, optimizer: Any) -> KerasModel:
    """Compile a digit classifier the way all of lcdnet's are: labels 0-9,
    accuracy.

    The loss is sparse categorical cross-entropy on the softmax output, so
    targets are plain integer labels, as :func:`lcdnet.generate_digits`
    returns. Returns the model, compiled in place.

    Examples
    --------
    >>> from lcdnet._backend import keras
    >>> model = keras.Sequential([
    ...     keras.Input((10, 10)), keras.layers.Flatten(),
    ...     keras.layers.Dense(10, activation="softmax")])
    >>> model = compile_digit_classifier(model, keras.optimizers.SGD(0.1))
    >>> model.loss, type(model.optimizer).__name__
    ('sparse_categorical_crossentropy', 'SGD')
    """
    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def seeded_initializers(seed: int | None, count: int) -> list[Any]:
    """Glorot-uniform initializers, one per layer, with distinct derived seeds.

    With a ``seed``, each is a :class:`SeededGlorotUniform`, whose draw is
    the same on every backend; with None, Keras's own unseeded
    ``GlorotUniform``.

    Examples
    --------
    >>> first, second = seeded_initializers(0, count=2)
    >>> type(first).__name__, first.seed != second.seed
    ('SeededGlorotUniform', True)
    """
    if seed is None:
        return [keras.initializers.GlorotUniform() for _ in range(count)]
    layer_seeds = np.random.SeedSequence(seed).generate_state(count)
    return [SeededGlorotUniform(seed=int(s)) for s in layer_seeds]


# Keras ships no types: its base classes are Any to mypy.
class SeededGlorotUniform(keras.initializers.GlorotUniform):  # type: ignore[misc]
    """``keras.initializers.GlorotUniform(seed)`` with the same draw on every
    backend.

    Keras draws a seeded initializer with the backend's random generator, so
    the same seed starts a network from different weights on TensorFlow and
    on JAX. This one always draws what Keras's TensorFlow backend draws
    (computed in NumPy, by :func:`lcdnet._random.glorot_uniform`): the
    TensorFlow results are unchanged, and a seed that trains well there
    trains the same network elsewhere.

    Examples
    --------
    >>> values = keras.ops.convert_to_numpy(
    ...     SeededGlorotUniform(seed=3)((2, 2)))
    >>> values.astype(float).round(3).tolist()
    [[-0.745, 1.076], [0.079, 0.835]]
    """

    def __call__(self, shape: Sequence[int], dtype: Any = None) -> Any:
        values = glorot_uniform(tuple(shape), self.seed)
        return keras.ops.convert_to_tensor(values, dtype=dtype or "float32")


def _name_keras_initializers(model: KerasModel) -> None:
    """Let saved models name Keras's own GlorotUniform (same seed), not
    lcdnet's class.

    The weights are drawn already; only the layers' configs change, so that
    a ``.keras`` file loads with plain Keras, without lcdnet.
    """
    for layer in model.layers:
        initializer = getattr(layer, "kernel_initializer", None)
        if isinstance(initializer, SeededGlorotUniform):
            layer.kernel_initializer = keras.initializers.GlorotUniform(
                seed=initializer.seed
            )
