"""LCD digits: bitmaps of any size, random placement on a grid,
corruptions, splits.

This module is pure NumPy: it never imports Keras, TensorFlow or matplotlib,
so generating data stays fast and light.

A digit is drawn like a seven-segment LCD display. Each segment is a full
line of pixels on the border rows and columns or on the middle row
(``size // 2``):

==============  =====================================================
segment         pixels
==============  =====================================================
``top``         row 0
``upper_left``  column 0, rows 0 .. middle
``upper_right`` last column, rows 0 .. middle
``middle``      row ``size // 2``
``lower_left``  column 0, rows middle .. last
``lower_right`` last column, rows middle .. last
``bottom``      last row
==============  =====================================================

:data:`DIGIT_SEGMENTS` lists which segments each digit lights; at size 5
this gives exactly the bitmaps of the original series (1 is the right
column only, 6 has no top bar, 9 has no bottom bar).

Randomness: every function that draws takes ``seed=``, which may be None
(fresh entropy), a non-negative integer, or a :class:`numpy.random.Generator`
(used as is, and advanced). The same integer seed gives the same arrays.

Inexact data: :func:`generate_digits` can make the clean 0/1 images messier
in three ways, each off by default -- Gaussian pixel ``noise``, a ``cutoff``
that lets digits hang over the border of the image, and a ``shadow`` that
darkens each image towards one side. Their randomness comes from a child
generator seeded *after* the offsets are drawn, so switching a corruption
on never moves a digit, and with all three off the output and the random
stream are exactly those of the plain generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lcdnet._checks import (
    check_fits_in_memory,
    check_int,
    check_labels,
    check_real,
    make_rng,
)
from lcdnet._types import ArrayLike, Float32Array, IntArray, UInt8Array

__all__ = [
    "all_positions",
    "digit_bitmap",
    "generate_digits",
    "place_digits",
    "split",
]

NUM_CLASSES = 10
#: Accuracy of guessing among the ten digits, which lcdnet draws equally often.
CHANCE = 1 / NUM_CLASSES
MIN_SIZE = 3
NOISE_MEANING = "the standard deviation of the pixel noise"
SHADOW_MEANING = "0: no shadow, 1: the dark side goes black"

SEGMENTS = (
    "top",
    "upper_left",
    "upper_right",
    "middle",
    "lower_left",
    "lower_right",
    "bottom",
)

DIGIT_SEGMENTS = {
    0: (
        "top",
        "upper_left",
        "upper_right",
        "lower_left",
        "lower_right",
        "bottom",
    ),
    1: ("upper_right", "lower_right"),
    2: ("top", "upper_right", "middle", "lower_left", "bottom"),
    3: ("top", "upper_right", "middle", "lower_right", "bottom"),
    4: ("upper_left", "upper_right", "middle", "lower_right"),
    5: ("top", "upper_left", "middle", "lower_right", "bottom"),
    6: ("upper_left", "middle", "lower_left", "lower_right", "bottom"),
    7: ("top", "upper_right", "lower_right"),
    8: SEGMENTS,
    9: ("top", "upper_left", "upper_right", "middle", "lower_right"),
}


# ---------------------------------------------------------------- validation


def _check_sizes(img_size: int, shape_size: int) -> tuple[int, int]:
    """Validate a digit size and the grid size that must hold it."""
    shape_size = check_int("shape_size", shape_size, minimum=MIN_SIZE)
    img_size = check_int(
        "img_size", img_size, minimum=shape_size, minimum_name="shape_size"
    )
    return img_size, shape_size


def _check_positions(
    positions: ArrayLike, img_size: int, shape_size: int, cutoff: int = 0
) -> IntArray:
    """Return ``positions`` as an int64 array of shape (k, 2), k >= 1, in
    range."""
    lowest, highest = -cutoff, img_size - shape_size + cutoff
    limits = "img_size - shape_size"
    if cutoff:
        limits = f"-cutoff .. {limits} + cutoff"
    accepted = (
        f"a non-empty sequence of (row, col) integer pairs, each in "
        f"{lowest}..{highest} ({limits})"
    )
    try:
        array = np.asarray(positions)
    except ValueError:  # ragged input, e.g. [(0, 1), (2,)]
        array = np.empty(0)
    if array.size and array.dtype.kind not in "iu":
        raise TypeError(f"positions must be {accepted}, got {positions!r}")
    if not (array.ndim == 2 and array.shape[1] == 2 and array.shape[0] > 0):
        raise ValueError(f"positions must be {accepted}, got {positions!r}")
    if array.min() < lowest or array.max() > highest:
        raise ValueError(f"positions must be {accepted}, got {positions!r}")
    return array.astype(np.int64)


# ------------------------------------------------------------------- bitmaps


def _segment_mask(segment: str, size: int) -> np.ndarray:
    """Boolean (size, size) mask of the pixels of one segment."""
    middle = size // 2
    pixels: dict[str, tuple[int | slice, int | slice]] = {
        "top": (0, slice(None)),
        "upper_left": (slice(0, middle + 1), 0),
        "upper_right": (slice(0, middle + 1), -1),
        "middle": (middle, slice(None)),
        "lower_left": (slice(middle, None), 0),
        "lower_right": (slice(middle, None), -1),
        "bottom": (-1, slice(None)),
    }
    mask = np.zeros((size, size), dtype=bool)
    mask[pixels[segment]] = True
    return mask


def digit_bitmap(digit: int, size: int = 5) -> UInt8Array:
    """Return the seven-segment LCD bitmap of one digit.

    Parameters
    ----------
    digit : int
        The digit to draw, 0 to 9.
    size : int, default 5
        Height and width of the bitmap in pixels, at least 3. Segments lie on
        the border rows and columns and on the middle row ``size // 2``.

    Returns
    -------
    numpy.ndarray of uint8, shape (size, size)
        1 where a segment is lit, 0 elsewhere.

    Raises
    ------
    TypeError
        If ``digit`` or ``size`` is not an integer.
    ValueError
        If ``digit`` is outside 0..9 or ``size`` is below 3.

    Examples
    --------
    >>> from lcdnet import digit_bitmap
    >>> digit_bitmap(2)
    array([[1, 1, 1, 1, 1],
           [0, 0, 0, 0, 1],
           [1, 1, 1, 1, 1],
           [1, 0, 0, 0, 0],
           [1, 1, 1, 1, 1]], dtype=uint8)
    >>> digit_bitmap(1, size=3)
    array([[0, 0, 1],
           [0, 0, 1],
           [0, 0, 1]], dtype=uint8)
    """
    digit = check_int("digit", digit, minimum=0, maximum=NUM_CLASSES - 1)
    size = check_int("size", size, minimum=MIN_SIZE)
    check_fits_in_memory("size", size, _BITMAP_BYTES_PER_PIXEL * size**2)
    mask = np.zeros((size, size), dtype=bool)
    for segment in DIGIT_SEGMENTS[digit]:
        mask |= _segment_mask(segment, size)
    return mask.astype(np.uint8)


#: Bytes per pixel at the peak of drawing one bitmap: its mask, a segment's
#: mask and the uint8 result.
_BITMAP_BYTES_PER_PIXEL = 3
#: Bytes per pixel at the peak of drawing all ten: their uint8 bitmaps, the
#: stacked copy and the float32 stack, plus one bitmap being drawn.
_STACK_BYTES_PER_PIXEL = NUM_CLASSES * (1 + 1 + 4) + _BITMAP_BYTES_PER_PIXEL


def _bitmap_stack(size: int) -> Float32Array:
    """The bitmaps of all ten digits as a (10, size, size) float32 array."""
    return np.stack(
        [digit_bitmap(digit, size) for digit in range(NUM_CLASSES)]
    ).astype(np.float32)


# ----------------------------------------------------------------- placement


def all_positions(img_size: int, shape_size: int = 5) -> list[tuple[int, int]]:
    """List every offset at which a digit fits on the grid.

    Parameters
    ----------
    img_size : int
        Height and width of the grid, at least ``shape_size``.
    shape_size : int, default 5
        Height and width of the digit, at least 3.

    Returns
    -------
    list of tuple of (int, int)
        Every ``(row, col)`` offset with row and col in
        ``0 .. img_size - shape_size``, in row-major order.

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If ``shape_size`` is below 3 or ``img_size`` is below ``shape_size``.

    Examples
    --------
    >>> from lcdnet import all_positions
    >>> positions = all_positions(10)
    >>> len(positions), positions[:3], positions[-1]
    (36, [(0, 0), (0, 1), (0, 2)], (5, 5))
    >>> all_positions(5)
    [(0, 0)]
    """
    img_size, shape_size = _check_sizes(img_size, shape_size)
    span = range(img_size - shape_size + 1)
    check_fits_in_memory(
        "img_size", img_size, len(span) ** 2 * _BYTES_PER_LISTED_POSITION
    )
    return [(row, col) for row in span for col in span]


#: Bytes of one (row, col) tuple in a list: the list's pointer, the tuple and
#: two ints (Python caches only the small ones).
_BYTES_PER_LISTED_POSITION = 8 + 56 + 2 * 32


def _paste(
    bitmaps: np.ndarray,
    labels: IntArray,
    rows: IntArray,
    cols: IntArray,
    img_size: int,
) -> Float32Array:
    """Paste ``bitmaps[labels[i]]`` at ``(rows[i], cols[i])`` on zeroed grids.

    One scatter through flat indices, no loop over examples.
    """
    shape_size = bitmaps.shape[-1]
    images = np.zeros((len(labels), img_size, img_size), dtype=np.float32)
    within = np.arange(shape_size)
    patch = (within[:, None] * img_size + within[None, :]).ravel()
    corner = np.arange(len(labels)) * img_size**2 + rows * img_size + cols
    images.reshape(-1)[corner[:, None] + patch] = bitmaps.reshape(
        NUM_CLASSES, -1
    )[labels]
    return images


class _Offsets:
    """Numbered (row, col) offsets: ``at(indices)`` gives some, ``count`` all.

    :meth:`grid` numbers every offset of a grid row-major, as
    :func:`all_positions` lists them, without listing them: a large grid
    costs nothing.
    """

    def __init__(self, count: int, at: Callable[[IntArray], IntArray]) -> None:
        self.count, self.at = count, at

    @classmethod
    def listed(cls, positions: IntArray) -> _Offsets:
        return cls(len(positions), positions.__getitem__)

    @classmethod
    def grid(cls, low: int, high: int) -> _Offsets:
        """Every (row, col) with both in ``low .. high``."""
        span = high - low + 1

        def at(index: IntArray) -> IntArray:
            rows, cols = np.divmod(index, span)
            return np.column_stack([rows, cols]) + low

        return cls(span**2, at)

    def shifted(self, by: int) -> _Offsets:
        return _Offsets(self.count, lambda index: self.at(index) + by)


def _place(
    bitmaps: np.ndarray,
    labels: IntArray,
    position_index: IntArray,
    offsets: _Offsets,
    img_size: int,
) -> Float32Array:
    """Draw digit ``labels[i]`` at ``offsets.at(position_index)[i]``.

    When there are fewer (digit, position) pairs than examples, every pair is
    drawn once and the examples are gathered from that table, which is a
    plain row copy and several times faster than scattering each example.
    """
    num_pairs = NUM_CLASSES * offsets.count
    if num_pairs > len(labels):
        rows, cols = offsets.at(position_index).T
        return _paste(bitmaps, labels, rows, cols, img_size)
    pair_digits = np.repeat(np.arange(NUM_CLASSES), offsets.count)
    every_offset = offsets.at(np.arange(offsets.count))
    pair_rows, pair_cols = np.tile(every_offset, (NUM_CLASSES, 1)).T
    table = _paste(bitmaps, pair_digits, pair_rows, pair_cols, img_size)
    result: Float32Array = table[labels * offsets.count + position_index]
    return result


def _generation_peak_bytes(
    n: int,
    img_size: int,
    shape_size: int,
    cutoff: int,
    corrupted: bool,
    num_positions: int,
) -> int:
    """Bytes :func:`generate_digits` holds at its peak: images and makings.

    Per example: its picture (on a canvas ``cutoff`` wider all round), the
    int64 label, position index and scatter indices of its digit's pixels
    with their float32 values; with the table of every (digit, position)
    pair, that table instead of the per-example pixels; then the cropped
    copy and the corruption's noise or shading, both the images' size.
    """
    picture = 4 * (img_size + 2 * cutoff) ** 2
    digit_pixels = 12 * shape_size**2
    num_pairs = NUM_CLASSES * num_positions
    if num_pairs > n:
        peak = n * (picture + digit_pixels + 64)
    else:
        peak = n * (picture + 64) + num_pairs * (picture + digit_pixels + 64)
    images = 4 * img_size**2 * n
    peak += images * (bool(cutoff) + corrupted)
    return peak + _STACK_BYTES_PER_PIXEL * shape_size**2


def place_digits(
    labels: ArrayLike,
    positions: ArrayLike,
    img_size: int = 10,
    shape_size: int = 5,
) -> Float32Array:
    """Draw given digits at given offsets: digit ``labels[i]`` at
    ``positions[i]``.

    The deterministic core of :func:`generate_digits`, for experiments that
    choose where each digit sits (every offset of one digit, a column of
    offsets held out, a digit walking across the grid).

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        The digit of each image, each in 0..9.
    positions : array_like of int, shape (n, 2)
        The (row, column) offset of each digit's top-left corner, each in
        ``0 .. img_size - shape_size``.
    img_size : int, default 10
        Height and width of each image, at least ``shape_size``.
    shape_size : int, default 5
        Height and width of each digit, at least 3.

    Returns
    -------
    images : numpy.ndarray of float32, shape (n, img_size, img_size)
        0 everywhere but the digit's lit pixels, which are 1.

    Raises
    ------
    TypeError
        If ``labels`` or ``positions`` do not hold integers.
    ValueError
        If their shapes do not match or a value is out of range.

    Examples
    --------
    >>> images = place_digits([1, 1], [(0, 0), (0, 5)], img_size=10)
    >>> images.shape, images[0, 0].astype(int).tolist()
    ((2, 10, 10), [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    >>> images[1, 0].astype(int).tolist()  # the same 1, five columns right
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    """
    img_size, shape_size = _check_sizes(img_size, shape_size)
    labels = check_labels("labels", labels, NUM_CLASSES)
    positions = _check_positions(positions, img_size, shape_size)
    if len(positions) != len(labels):
        raise ValueError(
            f"positions must hold one (row, col) pair per label "
            f"({len(labels)}), got {len(positions)}"
        )
    peak = _generation_peak_bytes(
        len(labels), img_size, shape_size, 0, False, num_positions=len(labels)
    )
    check_fits_in_memory(
        ("len(labels)", "img_size"), (len(labels), img_size), peak
    )
    rows, cols = positions.T
    return _paste(_bitmap_stack(shape_size), labels, rows, cols, img_size)


def generate_digits(
    n: int,
    img_size: int = 5,
    shape_size: int = 5,
    *,
    seed: int | np.random.Generator | None = None,
    positions: ArrayLike | None = None,
    noise: float = 0.0,
    cutoff: int = 0,
    shadow: float = 0.0,
) -> tuple[Float32Array, IntArray]:
    """Generate LCD digits placed at random offsets on a square grid.

    Example ``i`` shows digit ``i % 10``, so the classes are balanced. Its
    offset is drawn uniformly from ``positions``; by default that is
    :func:`all_positions`, i.e. row and column offsets each uniform over
    ``0 .. img_size - shape_size``. Every other pixel is 0.

    Three corruptions make the data inexact; each is off by default, and
    with all of them off the images are exactly 0/1 and the same seed gives
    the same arrays as without them. They are applied in this order:

    1. ``cutoff``: offsets range over ``-cutoff .. img_size - shape_size +
       cutoff`` instead, and whatever falls outside the image is cropped.
    2. ``shadow``: each image is multiplied by a linear brightness ramp that
       falls from 1 on one side to ``1 - shadow`` on the opposite side (or
       corner), in a direction drawn uniformly at random for each image.
       Only lit pixels change; the background stays 0.
    3. ``noise``: Gaussian noise of standard deviation ``noise`` is added to
       every pixel independently, and the result is clipped to [0, 1].

    Parameters
    ----------
    n : int
        Number of examples, at least 0.
    img_size : int, default 5
        Height and width of each image, at least ``shape_size``.
    shape_size : int, default 5
        Height and width of each digit, at least 3.
    seed : None, int or numpy.random.Generator, optional
        Seed of the offsets and corruptions. The same integer gives the
        same arrays; None draws fresh entropy; a Generator is used (and
        advanced) as is. The offsets are drawn first; the corruptions draw
        from a child generator seeded afterwards (only when one is on), so
        adding ``noise`` or ``shadow`` never moves a digit.
    positions : sequence of (int, int), optional
        The allowed ``(row, col)`` offsets, each in
        ``-cutoff .. img_size - shape_size + cutoff``. Each example takes one
        uniformly from the sequence, so a repeated pair is drawn more often.
    noise : float, default 0.0
        Standard deviation of the Gaussian noise added to each pixel; >= 0.
    cutoff : int, default 0
        How many pixels a digit may extend past each border of the image,
        from 0 to ``shape_size - 1``. At the extremes only the digit's last
        row or column shows, which for some digits is blank.
    shadow : float, default 0.0
        Strength of the shading, from 0 (none) to 1 (the dark side of the
        image goes black).

    Returns
    -------
    images : numpy.ndarray of float32, shape (n, img_size, img_size)
        0/1 pixels without corruptions; values in [0, 1] with them.
    labels : numpy.ndarray of int64, shape (n,)
        The digit in each image.

    Raises
    ------
    TypeError
        If ``n``, a size, ``seed``, ``noise``, ``cutoff`` or ``shadow`` has
        the wrong type.
    ValueError
        If ``n`` is negative, a size is out of range, ``positions`` is
        empty, not made of pairs, or out of range, ``noise`` is negative,
        ``cutoff`` is outside ``0 .. shape_size - 1`` or ``shadow`` outside
        [0, 1].

    See Also
    --------
    all_positions : every offset a digit can take.
    split : shuffle and split the examples into training and test sets.

    Examples
    --------
    >>> from lcdnet import generate_digits
    >>> images, labels = generate_digits(3)
    >>> images.shape, images.dtype, labels.tolist()
    ((3, 5, 5), dtype('float32'), [0, 1, 2])
    >>> images[1].astype(int)
    array([[0, 0, 0, 0, 1],
           [0, 0, 0, 0, 1],
           [0, 0, 0, 0, 1],
           [0, 0, 0, 0, 1],
           [0, 0, 0, 0, 1]])
    >>> images, labels = generate_digits(1000, img_size=10, seed=0)
    >>> images.shape, labels.dtype, int(images.sum(axis=(1, 2)).min())
    ((1000, 10, 10), dtype('int64'), 5)
    >>> moved, _ = generate_digits(2, img_size=10, seed=0, positions=[(5, 5)])
    >>> moved[1, 5:, 9].tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]

    Corruptions keep the offsets of the same seed, and values in [0, 1]:

    >>> noisy, _ = generate_digits(1000, img_size=10, seed=0, noise=0.2)
    >>> bool(((noisy > 0.5) == (images > 0.5)).mean() > 0.9)
    True
    >>> float(noisy.min()), float(noisy.max())
    (0.0, 1.0)
    >>> shaded, _ = generate_digits(1000, img_size=10, seed=0, shadow=0.5)
    >>> (bool(((shaded > 0) == (images > 0)).all()),
    ...  bool(shaded.max() <= 1 and shaded.min() >= 0))
    (True, True)

    With ``cutoff`` a digit may hang over the border and lose pixels:

    >>> cropped, _ = generate_digits(1, img_size=10, seed=0, cutoff=2,
    ...                              positions=[(-2, 0)])
    >>> cropped[0, :3, :5].astype(int)  # digit 0 lost its top two rows
    array([[1, 0, 0, 0, 1],
           [1, 0, 0, 0, 1],
           [1, 1, 1, 1, 1]])
    """
    n = check_int("n", n, minimum=0)
    img_size, shape_size = _check_sizes(img_size, shape_size)
    rng = make_rng(seed)
    noise = check_real("noise", noise, low=0, meaning=NOISE_MEANING)
    cutoff = check_int("cutoff", cutoff, minimum=0, maximum=shape_size - 1)
    shadow = check_real(
        "shadow", shadow, low=0, high=1, meaning=SHADOW_MEANING
    )
    if positions is None:
        offsets = _Offsets.grid(-cutoff, img_size - shape_size + cutoff)
    else:
        offsets = _Offsets.listed(
            _check_positions(positions, img_size, shape_size, cutoff)
        )
    peak = _generation_peak_bytes(
        n, img_size, shape_size, cutoff, noise > 0 or shadow > 0, offsets.count
    )
    check_fits_in_memory(("n", "img_size"), (n, img_size), peak)
    labels = np.arange(n, dtype=np.int64) % NUM_CLASSES
    position_index = rng.integers(0, offsets.count, size=n)
    bitmaps = _bitmap_stack(shape_size)
    if cutoff == 0:
        images = _place(bitmaps, labels, position_index, offsets, img_size)
    else:
        # Paste on a canvas with a margin of ``cutoff`` all round, then crop
        # it off.
        canvas = _place(
            bitmaps,
            labels,
            position_index,
            offsets.shifted(cutoff),
            img_size + 2 * cutoff,
        )
        images = np.ascontiguousarray(
            canvas[:, cutoff:-cutoff, cutoff:-cutoff]
        )
    if noise > 0 or shadow > 0:
        noise_rng, shadow_rng = (
            np.random.default_rng(child)
            for child in np.random.SeedSequence(
                int(rng.integers(2**63))
            ).spawn(2)
        )
        if shadow > 0:
            images *= _shadow_ramps(n, img_size, shadow, shadow_rng)
        if noise > 0:
            pixel_noise = noise_rng.standard_normal(
                images.shape, dtype=np.float32
            )
            pixel_noise *= noise
            images += pixel_noise
            np.clip(images, 0.0, 1.0, out=images)
    return images, labels


def _shadow_ramps(
    n: int, img_size: int, strength: float, rng: np.random.Generator
) -> Float32Array:
    """Brightness factors, shape (n, img_size, img_size): 1 on one side,
    1 - strength opposite.

    Each image's ramp runs along a random direction ``angle``: the pixel
    coordinates (scaled to [0, 1]) are projected on it and the projection is
    rescaled to span exactly [0, 1] over the image's corners. The ramp is
    linear, so it is the sum of a column term and a row term, and only the
    final sum has the size of the images.
    """
    angle = rng.uniform(0.0, 2.0 * np.pi, size=(n, 1, 1))
    cos, sin = np.cos(angle), np.sin(angle)
    span = np.abs(cos) + np.abs(sin)
    lowest = np.minimum(cos, 0.0) + np.minimum(sin, 0.0)
    coordinate = np.linspace(0.0, 1.0, img_size)
    # darkness = (cos * col + sin * row - lowest) / span, in [0, 1]
    col_term = (-strength * cos / span * coordinate[None, None, :]).astype(
        np.float32
    )
    row_term = (
        1.0 + strength * (lowest - sin * coordinate[None, :, None]) / span
    ).astype(np.float32)
    result: Float32Array = col_term + row_term
    return result


# -------------------------------------------------------------------- splits


def split(
    images: ArrayLike,
    labels: ArrayLike,
    test_fraction: float = 0.2,
    *,
    seed: int | np.random.Generator | None = None,
) -> tuple[
    tuple[NDArray[Any], NDArray[Any]], tuple[NDArray[Any], NDArray[Any]]
]:
    """Shuffle examples and split them into a training set and a test set.

    Parameters
    ----------
    images : array_like, shape (n, ...)
        The examples.
    labels : array_like, shape (n,)
        Their labels, in the same order.
    test_fraction : float, default 0.2
        Share of the examples held out for testing, strictly between 0 and 1.
        The test set has ``round(n * test_fraction)`` examples (Python's
        ``round``); both sets must come out non-empty.
    seed : None, int or numpy.random.Generator, optional
        Seed of the shuffle; the same integer gives the same split.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuple of numpy.ndarray
        Shuffled copies; together they hold every example exactly once.

    Raises
    ------
    TypeError
        If ``test_fraction`` is not a number or ``seed`` has the wrong type.
    ValueError
        If ``images`` and ``labels`` differ in length, ``test_fraction`` is
        not strictly between 0 and 1, or either set would be empty.

    Examples
    --------
    >>> from lcdnet import generate_digits, split
    >>> images, labels = generate_digits(100, img_size=10, seed=0)
    >>> (x_train, y_train), (x_test, y_test) = split(images, labels, seed=0)
    >>> x_train.shape, y_train.shape, x_test.shape, y_test.shape
    ((80, 10, 10), (80,), (20, 10, 10), (20,))
    """
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim == 0 or labels.ndim == 0 or len(images) != len(labels):
        raise ValueError(
            "images and labels must be arrays of the same length, got shapes "
            f"{images.shape} and {labels.shape}"
        )
    test_fraction = check_real(
        "test_fraction", test_fraction, low=0, high=1, closed="neither"
    )
    rng = make_rng(seed)
    num_examples = len(images)
    num_test = round(num_examples * test_fraction)
    if not 0 < num_test < num_examples:
        raise ValueError(
            f"test_fraction={test_fraction} of {num_examples} examples gives "
            f"{num_test} test and {num_examples - num_test} training "
            "examples; both must be at least 1 (pass more examples or another "
            "test_fraction)"
        )
    order = rng.permutation(num_examples)
    test, train = order[:num_test], order[num_test:]
    return (images[train], labels[train]), (images[test], labels[test])
