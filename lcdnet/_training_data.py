"""Checks of what :mod:`lcdnet.training` is given: the model, the inputs,
the targets.

The rules: x must be finite real numbers of the model's input shape. y must
hold one target per row of x: integer class labels for a classifier (shape
``(n,)`` or ``(n, 1)``, values 0 to classes - 1), which a model compiled with
sparse categorical cross-entropy requires, or real values of the model's
output shape (``(n,)`` accepted for one output). A wrong kind raises
TypeError, a wrong value or shape ValueError, naming the argument.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import as_finite_real_array
from lcdnet._types import Float32Array, KerasModel

#: (shape, dtype) of a batch of data, the batch size None.
Spec = tuple[tuple[Any, ...], str]

__all__ = [
    "check_model",
    "check_finite_weights",
    "check_finite_outputs",
    "check_inputs",
    "check_data",
    "check_target_count",
    "check_targets",
    "check_labels",
    "output_shape",
    "data_specs",
]


def check_model(model: object, require_compiled: bool = False) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"model must be a keras.Model, got {type(model).__name__}"
        )
    if require_compiled and getattr(model, "optimizer", None) is None:
        raise ValueError(
            f"model must be compiled (model.compile(...)) before training; "
            f"model {model.name!r} has no optimizer"
        )


def check_finite_weights(model: KerasModel, purpose: str) -> None:
    """Raise ValueError if a weight of ``model`` is NaN or infinite.

    ``purpose`` says what would be meaningless with such weights (for
    example "accuracy"); the message names the first bad variable.
    """
    for variable in model.weights:
        if not np.isfinite(keras.ops.convert_to_numpy(variable)).all():
            raise ValueError(
                f"model {model.name!r} has weights that are not finite "
                f"(NaN or infinity in {variable.path!r}), so its {purpose} "
                f"would mean nothing; did its training diverge? Train it "
                f"again from fresh weights, with a smaller learning rate"
            )


def check_finite_outputs(
    model: KerasModel, outputs: Float32Array, purpose: str
) -> Float32Array:
    """Return ``outputs`` if they are all finite, else raise ValueError."""
    if not np.isfinite(outputs).all():
        raise ValueError(
            f"model {model.name!r} gives outputs that are not finite (NaN "
            f"or infinity) although its weights are finite, so its "
            f"{purpose} would mean nothing; are its weights too large?"
        )
    return outputs


def check_inputs(
    model: KerasModel, x: object, name: str = "x"
) -> Float32Array:
    """Return ``x`` as float32 after checking it holds n >= 1 finite inputs
    of the model's shape."""
    x = as_finite_real_array(name, x, dtype="float32")
    expected = tuple(model.input_shape[1:])
    matches = x.ndim == len(expected) + 1 and all(
        want is None or want == got
        for want, got in zip(expected, x.shape[1:], strict=True)
    )
    if not matches or len(x) == 0:
        raise ValueError(
            f"{name} must have shape (n, {', '.join(map(str, expected))}) "
            f"with n >= 1 for model {model.name!r}, got {x.shape}"
        )
    return x


def check_data(
    model: KerasModel,
    x: object,
    y: object,
) -> tuple[Float32Array, np.ndarray]:
    """Return x (float32) and y (int32 labels or float32 targets) after
    checking them."""
    inputs = check_inputs(model, x)
    targets = check_target_count(as_finite_real_array("y", y), inputs)
    return inputs, check_targets(model, targets)


def check_target_count(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    if y.ndim == 0 or len(y) != len(x):
        raise ValueError(
            f"y must have one target per row of x ({len(x)}), got "
            f"{'a scalar' if y.ndim == 0 else len(y)}"
        )
    return y


def output_shape(model: KerasModel) -> tuple[int, ...]:
    return tuple(model.output_shape[1:]) or (1,)


def data_specs(model: KerasModel) -> tuple[Spec, Spec]:
    """(shape, dtype) of a batch of x and of y as :func:`check_data` returns
    them for ``model``, the batch size None: float32 inputs; int32 class
    labels for a model whose loss reads them, float32 targets otherwise."""
    output = output_shape(model)
    x_spec = ((None, *model.input_shape[1:]), "float32")
    if output[-1] >= 2 and _reads_class_labels(model):
        return x_spec, ((None, *output[:-1]), "int32")
    return x_spec, ((None, *output), "float32")


def _label_shapes(model: KerasModel) -> tuple[tuple[int, ...], ...]:
    """Shapes of y (without n) that hold one class label per output: (n,)
    or (n, 1)."""
    output = output_shape(model)
    return (output[:-1], output[:-1] + (1,))


def _reads_class_labels(model: KerasModel) -> bool:
    """Whether the model's loss is sparse categorical cross-entropy, which
    reads labels."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, keras.losses.SparseCategoricalCrossentropy):
        return True
    name = loss if isinstance(loss, str) else getattr(loss, "__name__", None)
    return name in (
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
    )


def check_targets(model: KerasModel, y: np.ndarray) -> np.ndarray:
    """y as int32 class labels or float32 targets of the output's shape, or
    raise naming y."""
    output = output_shape(model)
    is_classifier = output[-1] >= 2
    reads_labels = is_classifier and _reads_class_labels(model)
    if (
        is_classifier
        and y.shape[1:] in _label_shapes(model)
        and (reads_labels or y.dtype.kind in "biu")
    ):
        return check_labels(
            model,
            y,
            reason="its loss, sparse categorical cross-entropy, "
            "reads class labels",
        )
    if reads_labels:
        raise ValueError(
            f"y must hold one integer class label per example, shape (n,), "
            f"for model {model.name!r}, whose loss (sparse categorical "
            f"cross-entropy) reads labels; got shape {y.shape}"
        )
    if y.shape[1:] == output:
        return y.astype("float32")
    if output == (1,) and y.ndim == 1:
        return y.astype("float32")[:, None]
    labels = (
        ""
        if not is_classifier
        else ", or integer class labels of shape "
        f"(n{''.join(f', {d}' for d in output[:-1])})"
    )
    raise ValueError(
        f"y must have shape (n, {', '.join(map(str, output))}) (one target "
        f"per output of model {model.name!r}){labels}; got {y.shape}"
    )


def check_labels(model: KerasModel, y: np.ndarray, reason: str) -> np.ndarray:
    """y as int32 class labels of the model's classes, or raise naming y."""
    num_classes = output_shape(model)[-1]
    if y.dtype.kind not in "biu":
        raise TypeError(
            f"y must hold integer class labels from 0 to {num_classes - 1} "
            f"for model {model.name!r} ({reason}), got dtype {y.dtype}"
        )
    if y.shape[1:] not in _label_shapes(model):
        raise ValueError(
            f"y must hold one class label per example, shape (n,), for model "
            f"{model.name!r}, got shape {y.shape}"
        )
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"y must hold class labels from 0 to {num_classes - 1} for model "
            f"{model.name!r}, got values from {y.min()} to {y.max()}"
        )
    return y.astype("int32")
