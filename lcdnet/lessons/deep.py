"""Lesson 3: a convolutional network next to the linear model, on the same
jittered digits."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from lcdnet._checks import Int, Seed, checked
from lcdnet._types import (
    ArrayLike,
    BoolArray,
    Float32Array,
    FloatArray,
    IntArray,
    KerasModel,
)
from lcdnet.digits import all_positions, generate_digits, place_digits
from lcdnet.lessons._common import BATCH_SIZE
from lcdnet.lessons.linear import score_seen_new
from lcdnet.metrics import SeenNewAccuracy
from lcdnet.models import (
    compile_digit_classifier,
    make_deep_model,
    make_linear_model,
)
from lcdnet.report import Comparison, measured_row, seen_new_rows
from lcdnet.training import accuracy, predict_classes, train

__all__ = [
    "deep_network",
    "DeepNetworkResult",
    "ModelCost",
    "DEEP_LESSON_MODELS",
    "cnn_activations",
    "pooled_position_shift",
    "PositionShift",
]


#: The models of lesson 3: the CNN and the linear model under the same
#: optimiser (the fair comparison), and the linear model under the series'
#: own settings.
DEEP_LESSON_MODELS = {
    "deep": "CNN, Adam 0.01",
    "linear": "linear, Adam 0.01",
    "linear_series": "linear, SGD 0.03 (series)",
}


@dataclass
class ModelCost:
    """Size, training time and accuracies of one model on the lesson-3 data.

    Attributes
    ----------
    name, label : str
        Key in :data:`DEEP_LESSON_MODELS` and its description.
    parameters : int
        Trainable weights.
    train_seconds : float
        Wall time of training (compilation included).
    train_accuracy : float
    test : lcdnet.metrics.SeenNewAccuracy
        On the fresh test digits: overall, on copies of training pictures,
        on new ones.
    """

    name: str
    label: str
    parameters: int
    train_seconds: float
    train_accuracy: float
    test: SeenNewAccuracy

    @property
    def test_accuracy(self) -> float:
        """Accuracy on all the test digits (seen and new alike)."""
        return self.test.overall


@dataclass
class DeepNetworkResult:
    """Lesson 3: the deep network next to the linear one on the same
    jittered data.

    Attributes
    ----------
    costs : dict of str to ModelCost
        One per model of :data:`DEEP_LESSON_MODELS`, in that order.
    models : dict of str to keras.Model
        The trained models, by the same names.
    images, labels : numpy.ndarray
        The training digits all three models saw, in the same batches.
    test_images, test_labels : numpy.ndarray
        The fresh test digits they were scored on.
    """

    costs: dict[str, ModelCost]
    models: dict[str, KerasModel]
    images: Float32Array
    labels: IntArray
    test_images: Float32Array
    test_labels: IntArray

    @property
    def deep(self) -> ModelCost:
        """The CNN's :class:`ModelCost`."""
        return self.costs["deep"]

    @property
    def linear(self) -> ModelCost:
        """The linear model's :class:`ModelCost`, under the CNN's optimiser."""
        return self.costs["linear"]

    def comparisons(self) -> list[Comparison]:
        lesson = "3 deep network"
        rows = []
        for cost in self.costs.values():
            rows += [
                measured_row(
                    lesson,
                    f"{cost.label}: training accuracy",
                    cost.train_accuracy,
                ),
                *seen_new_rows(
                    lesson, cost.label, cost.test, parts=("new", "copies")
                ),
            ]
        return rows + [
            measured_row(
                lesson,
                "parameters, deep / linear",
                self.deep.parameters / self.linear.parameters,
            ),
            measured_row(
                lesson,
                "training time, deep / linear (both Adam)",
                self.deep.train_seconds / self.linear.train_seconds,
            ),
        ]


@checked(
    seed=Seed(),
    train_size=Int(minimum=BATCH_SIZE),
    test_size=Int(minimum=1),
    steps=Int(minimum=1),
)
def deep_network(
    seed: int = 0,
    *,
    train_size: int = 100,
    test_size: int = 1000,
    steps: int = 300,
) -> DeepNetworkResult:
    """Lesson 3: a convolutional network copes with jitter, at a price.

    Three models see the same jittered 10x10 digits in the same batches of
    50 for the same number of steps: the deep model
    (:func:`lcdnet.make_deep_model`, Adam at 0.01), the linear model under the
    same optimiser (so that a difference comes from the architecture, not the
    optimiser) and the linear model under the series' settings (SGD at 0.03,
    as lesson 2). Each is scored on freshly generated digits, split into
    copies of training pictures and new pictures; the price (parameters,
    training time) is measured too.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data, the initial weights and the batch order.
    train_size, test_size : int, default 100 and 1000
        Training examples (at least 50) and fresh test examples (at least 1).
    steps : int, default 300
        Training steps of each model.

    Returns
    -------
    DeepNetworkResult
    """
    images, labels = generate_digits(train_size, img_size=10, seed=seed)
    test_images, test_labels = generate_digits(
        test_size, img_size=10, seed=seed + 1
    )
    deep = make_deep_model(img_size=10, seed=seed)
    linear = compile_digit_classifier(
        make_linear_model(img_size=10),
        deep.optimizer.__class__.from_config(deep.optimizer.get_config()),
    )
    models = {
        "deep": deep,
        "linear": linear,
        "linear_series": make_linear_model(img_size=10),
    }
    costs = {}
    for name, model in models.items():
        start = time.perf_counter()
        train(
            model,
            images,
            labels,
            steps=steps,
            batch_size=BATCH_SIZE,
            seed=seed,
        )
        seconds = time.perf_counter() - start
        costs[name] = ModelCost(
            name,
            DEEP_LESSON_MODELS[name],
            model.count_params(),
            seconds,
            accuracy(model, images, labels),
            score_seen_new(model, images, test_images, test_labels),
        )
    return DeepNetworkResult(
        costs, models, images, labels, test_images, test_labels
    )


# ------------------------------------------------------------ inside the CNN


def cnn_activations(
    model: KerasModel, images: ArrayLike
) -> dict[str, Float32Array]:
    """What each layer of a convolutional digit model computes for some images.

    Parameters
    ----------
    model : keras.Model
        A model like :func:`lcdnet.make_deep_model`'s: convolutional layers,
        then a global pooling layer.
    images : array_like, shape (n, img_size, img_size)

    Returns
    -------
    dict of str to numpy.ndarray
        ``"conv1"``, ``"conv2"``, ...: the feature maps of each convolutional
        layer, shape (n, img_size, img_size, filters), after its ReLU;
        ``"pooled"``: the pooled feature vector the classifier reads,
        shape (n, filters of the last convolution).

    Examples
    --------
    >>> import lcdnet
    >>> model = lcdnet.make_deep_model(img_size=10, seed=0)
    >>> images = lcdnet.place_digits([7], [(0, 0)])
    >>> {name: value.shape
    ...  for name, value in cnn_activations(model, images).items()}
    {'conv1': (1, 10, 10, 32), 'conv2': (1, 10, 10, 64), 'pooled': (1, 64)}
    """
    from lcdnet._backend import keras
    from lcdnet._training_data import check_inputs, check_model

    check_model(model)
    convolutions = [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]
    pooling = [
        layer
        for layer in model.layers
        if isinstance(
            layer,
            (
                keras.layers.GlobalMaxPooling2D,
                keras.layers.GlobalAveragePooling2D,
            ),
        )
    ]
    if not convolutions or len(pooling) != 1:
        raise ValueError(
            f"model must have convolutional layers and one global pooling "
            f"layer, such as lcdnet.make_deep_model(); model {model.name!r} "
            f"has {[type(layer).__name__ for layer in model.layers]}"
        )
    images = check_inputs(model, images, name="images")
    outputs = [layer.output for layer in convolutions] + [pooling[0].output]
    probe = keras.Model(inputs=model.inputs[0], outputs=outputs)
    values = [
        keras.ops.convert_to_numpy(value)
        for value in probe(images, training=False)
    ]
    names = [f"conv{index}" for index in range(1, len(convolutions) + 1)] + [
        "pooled"
    ]
    return dict(zip(names, values, strict=True))


@dataclass(frozen=True)
class PositionShift:
    """How far a CNN's pooled feature vector moves when a digit moves.

    For each digit, the pooled vector is computed at every offset of the
    grid; its *shift* at an offset is the distance to that digit's mean
    vector over all offsets, relative to the mean vector's length.

    Attributes
    ----------
    positions : numpy.ndarray of int, shape (k, 2)
        The offsets, row-major (:func:`lcdnet.all_positions`).
    shifts : numpy.ndarray of float, shape (10, k)
        Relative shift of each digit at each offset.
    right : numpy.ndarray of bool, shape (10, k)
        Whether the model names each digit right at each offset.
    touches_border : numpy.ndarray of bool, shape (k,)
        Whether a digit at that offset touches the edge of the image, where
        the convolutions' zero padding meets it.
    """

    positions: IntArray
    shifts: FloatArray
    right: BoolArray
    touches_border: BoolArray

    @property
    def largest(self) -> float:
        """The largest relative shift over every digit and offset."""
        return float(self.shifts.max())

    @property
    def median(self) -> float:
        """The median relative shift."""
        return float(np.median(self.shifts))

    def mean_shift(self, at_border: bool) -> float:
        """Mean relative shift at offsets touching the border (True) or not
        (False)."""
        return float(self.shifts[:, self.touches_border == at_border].mean())


def pooled_position_shift(
    model: KerasModel, img_size: int = 10, shape_size: int = 5
) -> PositionShift:
    """Measure how far the pooled feature vector moves as each digit moves
    over the grid.

    Global max pooling forgets *where* a filter responded, but "same" zero
    padding makes the filters respond differently at the border, so the
    pooled vector is not exactly independent of position: this measures by
    how much.

    Returns
    -------
    PositionShift

    Examples
    --------
    >>> import lcdnet
    >>> shift = pooled_position_shift(
    ...     lcdnet.make_deep_model(img_size=10, seed=0))
    >>> shift.shifts.shape, int(shift.touches_border.sum()), shift.largest > 0
    ((10, 36), 20, True)
    """
    positions = np.array(all_positions(img_size, shape_size))
    digits = np.repeat(np.arange(10), len(positions))
    images = place_digits(
        digits, np.tile(positions, (10, 1)), img_size, shape_size
    )
    pooled = cnn_activations(model, images)["pooled"].reshape(
        10, len(positions), -1
    )
    mean = pooled.mean(axis=1, keepdims=True)
    shifts = np.linalg.norm(pooled - mean, axis=-1) / np.linalg.norm(
        mean, axis=-1
    )
    right = (predict_classes(model, images) == digits).reshape(
        10, len(positions)
    )
    highest = img_size - shape_size
    touches_border = ((positions == 0) | (positions == highest)).any(axis=1)
    return PositionShift(positions, shifts, right, touches_border)
