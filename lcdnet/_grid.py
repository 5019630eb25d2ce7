"""The 10 x 10 grid of the digit lessons and its 360 pictures, named once.

From lesson 2 on, every digit experiment draws a 5 x 5 digit at one of
the 6 x 6 = 36 offsets of a 10 x 10 grid: there are only 360 different
pictures. Each is named by its *id*, ``digit * 36 + row * 6 + column``
(the digit first, then the offset in the row-major order of
:func:`lcdnet.all_positions`), so that "every picture" means the same 360
pictures in the same order everywhere: in the lab's fair tests, the
learning curves, the settings search and the stacked models of
:mod:`lcdnet._stacked`, which read a data set as an array of ids.

NumPy only, like :mod:`lcdnet.digits`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lcdnet._types import ArrayLike, Float32Array, IntArray
from lcdnet.digits import NUM_CLASSES, all_positions, place_digits

#: Side of the grid and of the digit drawn on it.
IMG_SIZE = 10
SHAPE_SIZE = 5
#: Offsets per axis of a digit on the grid (0..5).
SPAN = IMG_SIZE - SHAPE_SIZE + 1
#: Every (row, column) offset of a digit on the grid, row-major: 36 of them.
OFFSETS = tuple(all_positions(IMG_SIZE, SHAPE_SIZE))
#: Different pictures on the grid: 10 digits x 36 offsets.
NUM_PICTURES = NUM_CLASSES * len(OFFSETS)

_TABLE: dict[str, Any] = {}


def every_picture() -> tuple[Float32Array, IntArray, IntArray]:
    """Every picture of the grid, in id order.

    Returns
    -------
    images : numpy.ndarray of float32, shape (360, 10, 10)
    labels : numpy.ndarray of int64, shape (360,)
        The digit of each picture: ``id // 36``.
    offsets : numpy.ndarray of int64, shape (360, 2)
        The (row, column) offset of each picture's digit.

    Examples
    --------
    >>> images, labels, offsets = every_picture()
    >>> images.shape, labels[[0, 35, 36, 359]].tolist(), offsets[37].tolist()
    ((360, 10, 10), [0, 0, 1, 9], [0, 1])
    >>> bool((picture_ids(images) == np.arange(360)).all())
    True
    """
    labels = np.repeat(np.arange(NUM_CLASSES), len(OFFSETS))
    offsets = np.tile(np.array(OFFSETS), (NUM_CLASSES, 1))
    images = place_digits(labels, offsets, IMG_SIZE, SHAPE_SIZE)
    return images, labels, offsets


def _table() -> dict[str, Any]:
    """The 360 pictures, their labels, and each picture's id by its bytes.

    Built once, on first use.
    """
    if not _TABLE:
        images, labels, _ = every_picture()
        _TABLE.update(
            images=images,
            labels=labels,
            ids={image.tobytes(): index for index, image in enumerate(images)},
        )
    return _TABLE


def picture_images() -> Float32Array:
    """The 360 pictures, in id order: float32 array (360, 10, 10)."""
    result: Float32Array = _table()["images"]
    return result


def picture_labels() -> IntArray:
    """The digit of each picture id: int array (360,)."""
    result: IntArray = _table()["labels"]
    return result


def picture_ids(images: ArrayLike) -> IntArray:
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
    table = _table()
    images = np.asarray(images, dtype=table["images"].dtype)
    try:
        return np.array(
            [table["ids"][image.tobytes()] for image in images], dtype=np.int64
        )
    except KeyError:
        raise ValueError(
            "images must be 5x5 LCD digits placed on a 10x10 "
            "grid, without corruptions"
        ) from None


def ids_at(offsets: ArrayLike) -> IntArray:
    """The ids of every digit at each of ``offsets``: int array, digit-major.

    Examples
    --------
    >>> ids_at([(0, 0), (5, 5)]).tolist()[:4]
    [0, 35, 36, 71]
    >>> len(ids_at(OFFSETS))
    360
    """
    rows, columns = np.asarray(offsets, dtype=np.int64).reshape(-1, 2).T
    per_digit = rows * SPAN + columns
    result: IntArray = (
        np.arange(NUM_CLASSES)[:, None] * len(OFFSETS) + per_digit
    ).ravel()
    return result
