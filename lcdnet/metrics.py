"""Measures of classifiers computed from NumPy labels: no Keras, no TensorFlow.

A test set drawn from lcdnet's generator can repeat training pictures: on a
10 x 10 grid there are only 360 distinct ones (10 digits x 36 offsets). An
accuracy on such a set blends two different questions -- did the model
*remember* the pictures it saw, and does it *recognise* new ones? -- so
:func:`seen_new_accuracy` reports both, with their counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lcdnet._checks import (
    as_numeric_array,
    check_fits_in_memory,
    check_int,
    check_labels,
)
from lcdnet._types import ArrayLike, BoolArray, IntArray

__all__ = [
    "confusion_matrix",
    "seen_in_training",
    "SeenNewAccuracy",
    "seen_new_accuracy",
]


def confusion_matrix(
    y_true: ArrayLike, y_pred: ArrayLike, num_classes: int = 10
) -> IntArray:
    """Count of each (true class, predicted class) pair.

    Parameters
    ----------
    y_true, y_pred : array_like of int
        Labels and predictions, same length, each in ``0 .. num_classes - 1``.
    num_classes : int, default 10

    Returns
    -------
    numpy.ndarray of int, shape (num_classes, num_classes)
        Row ``i``, column ``j``: how many examples of class ``i`` were
        predicted as ``j``. Rows sum to the class counts.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], num_classes=3)
    array([[1, 0, 0],
           [0, 1, 1],
           [0, 0, 1]])
    """
    num_classes = check_int("num_classes", num_classes, minimum=1)
    # The int64 table of counts, and the pair index of each example.
    check_fits_in_memory(
        "num_classes", num_classes, 8 * num_classes**2 + 16 * np.size(y_true)
    )
    y_true = check_labels("y_true", y_true, num_classes)
    y_pred = check_labels("y_pred", y_pred, num_classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same length, got {len(y_true)} "
            f"and {len(y_pred)}"
        )
    counts = np.bincount(
        y_true * num_classes + y_pred, minlength=num_classes**2
    )
    return counts.reshape(num_classes, num_classes)


def seen_in_training(
    test_images: ArrayLike, train_images: ArrayLike
) -> BoolArray:
    """Which test images are exact copies of a training image.

    Parameters
    ----------
    test_images : array_like, shape (n, ...)
    train_images : array_like, shape (m, ...)
        Images of the same shape; pixels are compared exactly.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True where the test image equals some training image pixel for pixel.

    Examples
    --------
    >>> import lcdnet
    >>> train, _ = lcdnet.generate_digits(100, img_size=10, seed=0)
    >>> test, _ = lcdnet.generate_digits(1000, img_size=10, seed=1)
    >>> seen = seen_in_training(test, train)
    >>> seen.dtype, seen.shape, bool(0 < seen.mean() < 1)
    (dtype('bool'), (1000,), True)
    >>> bool(seen_in_training(train[:3], train).all())
    True
    """
    test = as_numeric_array("test_images", test_images)
    train = as_numeric_array("train_images", train_images)
    if test.ndim < 2 or train.ndim < 2 or test.shape[1:] != train.shape[1:]:
        raise ValueError(
            "test_images and train_images must be stacks of images of one "
            f"shape, got {test.shape} and {train.shape}"
        )
    dtype = np.result_type(test.dtype, train.dtype)
    return np.isin(
        _row_keys(test.astype(dtype)), _row_keys(train.astype(dtype))
    )


def _row_keys(images: np.ndarray) -> np.ndarray:
    """One opaque, comparable value per image: its bytes (+0.0 and -0.0 made
    equal)."""
    flat = np.ascontiguousarray(images.reshape(len(images), -1) + 0)
    return flat.view(
        np.dtype((np.void, flat.dtype.itemsize * flat.shape[1]))
    ).ravel()


@dataclass(frozen=True)
class SeenNewAccuracy:
    """Accuracy overall, on test pictures seen in training, and on new ones.

    Attributes
    ----------
    overall : float
        Share of all test examples classified right.
    seen, new : float or None
        The same share among test examples that copy a training picture
        (``seen``) and among the others (``new``); None when there are none.
    num_seen, num_new : int
        How many test examples fall in each group.

    Examples
    --------
    >>> result = SeenNewAccuracy(0.5, 1.0, 0.0, 1, 1)
    >>> result.num_total, result.seen_share
    (2, 0.5)
    """

    overall: float
    seen: float | None
    new: float | None
    num_seen: int
    num_new: int

    @property
    def num_total(self) -> int:
        """All test examples: ``num_seen + num_new``."""
        return self.num_seen + self.num_new

    @property
    def seen_share(self) -> float:
        """Share of the test examples that copy a training picture."""
        return self.num_seen / self.num_total

    def __str__(self) -> str:
        def share(value: float | None) -> str:
            return "-" if value is None else f"{value:.3f}"

        return (
            f"{share(self.overall)} overall ({self.num_total}), "
            f"{share(self.seen)} on copies of training pictures "
            f"({self.num_seen}), {share(self.new)} on new pictures "
            f"({self.num_new})"
        )


def seen_new_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike, seen: ArrayLike
) -> SeenNewAccuracy:
    """Accuracy overall, on test examples seen in training, and on new ones.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        Labels and predicted classes of the test examples.
    seen : array_like of bool, shape (n,)
        Which test examples copy a training picture, as from
        :func:`seen_in_training`.

    Returns
    -------
    SeenNewAccuracy

    Examples
    --------
    >>> result = seen_new_accuracy([1, 2, 3, 4], [1, 2, 0, 4],
    ...                            [True, True, False, False])
    >>> (result.overall, result.seen, result.new, result.num_seen,
    ...  result.num_new)
    (0.75, 1.0, 0.5, 2, 2)
    >>> print(result)
    0.750 overall (4), 1.000 on copies of training pictures (2), 0.500 on new \
pictures (2)
    """
    y_true = check_labels("y_true", y_true)
    y_pred = check_labels("y_pred", y_pred)
    seen = as_numeric_array("seen", seen)
    if seen.dtype != bool:
        raise TypeError(
            f"seen must be an array of bools, got dtype {seen.dtype}"
        )
    if not (y_true.shape == y_pred.shape == seen.shape) or len(y_true) == 0:
        raise ValueError(
            "y_true, y_pred and seen must be 1-D, non-empty and of one "
            f"length, got shapes {y_true.shape}, {y_pred.shape} and "
            f"{seen.shape}"
        )
    right = y_true == y_pred

    def share(mask: BoolArray) -> float | None:
        return float(right[mask].mean()) if mask.any() else None

    return SeenNewAccuracy(
        float(right.mean()),
        share(seen),
        share(~seen),
        int(seen.sum()),
        int((~seen).sum()),
    )
