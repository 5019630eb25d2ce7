"""Tests of lcdnet.digits: bitmaps, placement, splits and argument checks."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lcdnet
from lcdnet import (
    all_positions,
    digit_bitmap,
    generate_digits,
    place_digits,
    split,
)

REPO_ROOT = Path(__file__).resolve().parents[1]

# The 5 x 5 table of the original series, rows top to bottom, written out
# literally.
TABLE = {
    0: "11111 10001 10001 10001 11111",
    1: "00001 00001 00001 00001 00001",
    2: "11111 00001 11111 10000 11111",
    3: "11111 00001 11111 00001 11111",
    4: "10001 10001 11111 00001 00001",
    5: "11111 10000 11111 00001 11111",
    6: "10000 10000 11111 10001 11111",
    7: "11111 00001 00001 00001 00001",
    8: "11111 10001 11111 10001 11111",
    9: "11111 10001 11111 00001 00001",
}


def table_bitmap(digit):
    """The literal table entry of ``digit`` as a 5 x 5 int array."""
    return np.array([[int(ch) for ch in row] for row in TABLE[digit].split()])


def stretched_table(digit, size):
    """The 5 x 5 table stretched to ``size``: interior rows/columns repeat.

    Row 0, the middle row and the last row map to table rows 0, 2, 4; rows
    between them to table rows 1 and 3. Border columns map to table columns
    0 and 4, interior columns to table column 2.
    """
    middle = size // 2

    def table_row(row):
        if row in (0, middle, size - 1):
            return {0: 0, middle: 2, size - 1: 4}[row]
        return 1 if row < middle else 3

    def table_col(col):
        return {0: 0, size - 1: 4}.get(col, 2)

    table = table_bitmap(digit)
    return np.array(
        [
            [table[table_row(r), table_col(c)] for c in range(size)]
            for r in range(size)
        ]
    )


def placed_templates(img_size, shape_size):
    """Every digit at every offset, drawn by slicing.

    Returns the positions and the templates, of shape
    (10, positions, img, img).
    """
    positions = all_positions(img_size, shape_size)
    templates = np.zeros(
        (10, len(positions), img_size, img_size), dtype=np.float32
    )
    for digit in range(10):
        for index, (row, col) in enumerate(positions):
            window = templates[
                digit, index, row : row + shape_size, col : col + shape_size
            ]
            window[...] = digit_bitmap(digit, shape_size)
    return positions, templates


def single_offsets(images, labels, shape_size=5):
    """The one offset of each image.

    Fails unless each image equals its label's bitmap at exactly one offset,
    with zeros everywhere else.
    """
    positions, templates = placed_templates(images.shape[-1], shape_size)
    matches = (images[:, None] == templates[labels]).all(axis=(2, 3))
    counts = matches.sum(axis=1)
    bad = np.flatnonzero(counts != 1)
    assert bad.size == 0, f"images {bad[:5]} match {counts[bad[:5]]} offsets"
    return [positions[index] for index in matches.argmax(axis=1)]


# ------------------------------------------------------------------- bitmaps


@pytest.mark.parametrize("digit", range(10))
def test_bitmap_matches_the_table_of_the_series(digit):
    bitmap = digit_bitmap(digit)
    assert bitmap.dtype == np.uint8
    np.testing.assert_array_equal(bitmap, table_bitmap(digit))


def test_bitmaps_of_the_ten_digits_are_distinct():
    flat = {digit_bitmap(digit).tobytes() for digit in range(10)}
    assert len(flat) == 10


@pytest.mark.parametrize("size", [3, 4, 7, 20])
@pytest.mark.parametrize("digit", range(10))
def test_bitmap_of_any_size_is_the_table_stretched(digit, size):
    bitmap = digit_bitmap(digit, size)
    assert bitmap.shape == (size, size)
    assert bitmap.dtype == np.uint8
    np.testing.assert_array_equal(bitmap, stretched_table(digit, size))


@pytest.mark.parametrize("size", [3, 7, 20])
def test_eight_lights_the_border_and_middle_row_only(size):
    expected = np.zeros((size, size), dtype=np.uint8)
    expected[[0, size // 2, size - 1], :] = 1
    expected[:, [0, size - 1]] = 1
    np.testing.assert_array_equal(digit_bitmap(8, size), expected)


@pytest.mark.parametrize("size", [3, 7, 20])
def test_one_lights_the_right_column_only(size):
    expected = np.zeros((size, size), dtype=np.uint8)
    expected[:, -1] = 1
    np.testing.assert_array_equal(digit_bitmap(1, size), expected)


# ----------------------------------------------------------------- positions


def test_all_positions_on_10x10_is_the_6x6_grid_in_row_major_order():
    positions = all_positions(10, 5)
    assert len(positions) == 36
    assert positions == [(row, col) for row in range(6) for col in range(6)]
    assert all(type(v) is int for pair in positions for v in pair)


def test_all_positions_when_digit_fills_the_grid():
    assert all_positions(7, 7) == [(0, 0)]


# ---------------------------------------------------------------- generation


@pytest.mark.parametrize(
    "n, img_size, shape_size", [(0, 5, 5), (7, 5, 5), (25, 12, 4)]
)
def test_generate_digits_dtypes_and_shapes(n, img_size, shape_size):
    images, labels = generate_digits(n, img_size, shape_size, seed=1)
    assert images.shape == (n, img_size, img_size)
    assert images.dtype == np.float32
    assert labels.shape == (n,)
    assert labels.dtype == np.int64
    assert set(np.unique(images)) <= {0.0, 1.0}


def test_labels_cycle_through_the_digits_and_are_balanced():
    _, labels = generate_digits(1000, img_size=10, seed=0)
    np.testing.assert_array_equal(labels, np.arange(1000) % 10)
    np.testing.assert_array_equal(np.bincount(labels), np.full(10, 100))


def test_idealised_images_are_exactly_the_bitmaps():
    images, labels = generate_digits(20)
    for image, label in zip(images, labels, strict=True):
        np.testing.assert_array_equal(image, digit_bitmap(label))


@pytest.mark.parametrize("img_size, shape_size", [(10, 5), (9, 3), (12, 7)])
def test_each_image_holds_its_bitmap_at_one_offset_and_zeros_elsewhere(
    img_size, shape_size
):
    images, labels = generate_digits(300, img_size, shape_size, seed=3)
    offsets = single_offsets(images, labels, shape_size)
    highest = img_size - shape_size
    assert all(
        0 <= row <= highest and 0 <= col <= highest for row, col in offsets
    )


@pytest.mark.parametrize("img_size, shape_size", [(10, 5), (8, 3)])
def test_every_position_is_reached(img_size, shape_size):
    # Many more examples than (digit, position) pairs: the table path runs.
    images, labels = generate_digits(5000, img_size, shape_size, seed=4)
    offsets = set(single_offsets(images, labels, shape_size))
    assert offsets == set(all_positions(img_size, shape_size))


def test_every_position_is_reached_when_examples_are_few():
    # Fewer examples than (digit, position) pairs takes the direct scatter
    # path.
    images, labels = generate_digits(200, img_size=10, seed=5)
    assert len(set(single_offsets(images, labels))) > 30


def test_positions_restrict_offsets_to_exactly_the_given_set():
    allowed = [(0, 0), (5, 5), (2, 3)]
    for n in (20, 2000):  # both placement paths
        images, labels = generate_digits(
            n, img_size=10, seed=6, positions=allowed
        )
        assert set(single_offsets(images, labels)) == set(allowed)


def test_positions_accepts_a_numpy_array():
    images, labels = generate_digits(
        30, img_size=10, seed=0, positions=np.array([[1, 4]])
    )
    assert set(single_offsets(images, labels)) == {(1, 4)}


def test_n_zero_gives_empty_arrays_of_the_right_shape():
    images, labels = generate_digits(0, img_size=10)
    assert images.shape == (0, 10, 10) and images.dtype == np.float32
    assert labels.shape == (0,) and labels.dtype == np.int64


def test_numpy_integers_are_accepted():
    images, labels = generate_digits(
        np.int64(12), np.int32(10), np.int16(5), seed=np.uint8(2)
    )
    assert images.shape == (12, 10, 10)


def test_same_seed_gives_identical_arrays():
    first = generate_digits(500, img_size=10, seed=42)
    second = generate_digits(500, img_size=10, seed=42)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_different_seeds_give_different_images():
    first, _ = generate_digits(500, img_size=10, seed=1)
    second, _ = generate_digits(500, img_size=10, seed=2)
    assert not np.array_equal(first, second)


def test_a_generator_seed_is_used_and_advanced():
    rng = np.random.default_rng(7)
    first, _ = generate_digits(100, img_size=10, seed=rng)
    second, _ = generate_digits(100, img_size=10, seed=rng)
    again, _ = generate_digits(100, img_size=10, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 300),
    shape_size=st.integers(3, 8),
    extra=st.integers(0, 6),
    seed=st.integers(0, 2**32),
)
def test_pixel_sum_is_the_sum_of_the_bitmaps(n, shape_size, extra, seed):
    img_size = shape_size + extra
    images, labels = generate_digits(n, img_size, shape_size, seed=seed)
    lit_per_digit = [int(digit_bitmap(d, shape_size).sum()) for d in range(10)]
    assert images.sum(dtype=np.int64) == sum(
        lit_per_digit[i % 10] for i in range(n)
    )
    per_image = images.sum(axis=(1, 2))
    np.testing.assert_array_equal(per_image, np.take(lit_per_digit, labels))


def test_generation_does_not_import_keras_tensorflow_or_matplotlib():
    code = (
        "import sys, lcdnet\n"
        "lcdnet.generate_digits(100, img_size=10, seed=0)\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0]"
        " in ('tensorflow', 'keras', 'matplotlib'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_lcdnet_exports_the_digit_functions():
    assert lcdnet.generate_digits is generate_digits
    assert lcdnet.split is split


# -------------------------------------------------------------------- splits


def numbered_examples(n):
    """Images that are unique by construction: image i is filled with i."""
    images = np.arange(n, dtype=np.float32)[:, None, None] * np.ones(
        (1, 3, 3), np.float32
    )
    labels = np.arange(n) + 1000
    return images, labels


@pytest.mark.parametrize(
    "n, fraction, num_test", [(100, 0.2, 20), (10, 0.5, 5), (7, 0.3, 2)]
)
def test_split_sizes(n, fraction, num_test):
    images, labels = numbered_examples(n)
    (x_train, y_train), (x_test, y_test) = split(
        images, labels, fraction, seed=0
    )
    assert len(x_test) == len(y_test) == num_test
    assert len(x_train) == len(y_train) == n - num_test
    assert x_train.shape[1:] == x_test.shape[1:] == (3, 3)


def test_split_is_a_disjoint_permutation_that_keeps_pairs_together():
    images, labels = numbered_examples(50)
    (x_train, y_train), (x_test, y_test) = split(images, labels, seed=3)
    ids = np.concatenate([x_train[:, 0, 0], x_test[:, 0, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(50))
    np.testing.assert_array_equal(
        np.concatenate([y_train, y_test]), ids + 1000
    )
    assert not np.array_equal(ids, np.arange(50)), "split must shuffle"


def test_split_of_generated_digits_keeps_each_image_with_its_label():
    images, labels = generate_digits(200, img_size=10, seed=0)
    (x_train, y_train), (x_test, y_test) = split(images, labels, seed=0)
    for x, y in ((x_train, y_train), (x_test, y_test)):
        single_offsets(x, y)  # each image still shows the digit of its label


def test_split_is_reproducible_and_depends_on_the_seed():
    images, labels = numbered_examples(100)
    first = split(images, labels, seed=9)
    again = split(images, labels, seed=9)
    other = split(images, labels, seed=10)
    for part_a, part_b in zip(first, again, strict=True):
        np.testing.assert_array_equal(part_a[0], part_b[0])
        np.testing.assert_array_equal(part_a[1], part_b[1])
    assert not np.array_equal(first[1][1], other[1][1])


# ----------------------------------------------------------- argument checks


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: digit_bitmap(10),
            ValueError,
            r"digit must be an integer in 0\.\.9, got 10",
        ),
        (lambda: digit_bitmap(-1), ValueError, r"digit .* got -1"),
        (lambda: digit_bitmap(2.0), TypeError, r"digit .* got 2\.0"),
        (lambda: digit_bitmap(True), TypeError, r"digit .* got True"),
        (lambda: digit_bitmap("3"), TypeError, r"digit .* got '3'"),
        (
            lambda: digit_bitmap(3, size=2),
            ValueError,
            r"size must be an integer >= 3, got 2",
        ),
        (lambda: digit_bitmap(3, size=5.0), TypeError, r"size .* got 5\.0"),
        (
            lambda: all_positions(4),
            ValueError,
            r"img_size must be .*shape_size \(5\), got 4",
        ),
        (
            lambda: all_positions(10, 2),
            ValueError,
            r"shape_size must be .*>= 3, got 2",
        ),
        (lambda: all_positions(None), TypeError, r"img_size .* got None"),
        (
            lambda: generate_digits(-1),
            ValueError,
            r"n must be a non-negative integer, got -1",
        ),
        (
            lambda: generate_digits(2.5),
            TypeError,
            r"n must be a non-negative integer, got 2\.5",
        ),
        (lambda: generate_digits(True), TypeError, r"n must be .*, got True"),
        (
            lambda: generate_digits(5, img_size=4),
            ValueError,
            r"img_size .* got 4",
        ),
        (
            lambda: generate_digits(5, 10, shape_size=1),
            ValueError,
            r"shape_size .* got 1",
        ),
        (
            lambda: generate_digits(5, 10, 10.0),
            TypeError,
            r"shape_size .* got 10\.0",
        ),
        (
            lambda: generate_digits(5, seed=-3),
            ValueError,
            r"seed must be .*, got -3",
        ),
        (
            lambda: generate_digits(5, seed=1.5),
            TypeError,
            r"seed must be .*, got 1\.5",
        ),
        (
            lambda: generate_digits(5, seed="a"),
            TypeError,
            r"seed must be .*, got 'a'",
        ),
    ],
)
def test_bad_arguments_raise_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "positions",
    [
        [],
        [(0, 6)],
        [(-1, 0)],
        [(0, 1, 2)],
        [0, 1],
        [(0, 1), (2,)],
    ],
)
def test_bad_positions_raise_value_error_naming_positions(positions):
    with pytest.raises(ValueError, match=r"positions must be .*0\.\.5"):
        generate_digits(5, img_size=10, positions=positions)


@pytest.mark.parametrize("positions", [[(0.5, 1)], "ab"])
def test_positions_of_the_wrong_kind_raise_type_error(positions):
    with pytest.raises(
        TypeError, match=r"positions must be .*integer pairs.*0\.\.5"
    ):
        generate_digits(5, img_size=10, positions=positions)


def test_a_size_beyond_memory_is_refused_before_allocating():
    with pytest.raises(
        ValueError,
        match=r"n=10000000000000, img_size=10 ask "
        r"for .* GiB.*memory",
    ):
        generate_digits(10**13, img_size=10)


def test_place_digits_draws_each_digit_where_it_is_told():
    labels = np.array([3, 8, 1])
    positions = np.array([(0, 0), (5, 5), (2, 3)])
    images = place_digits(labels, positions, img_size=10)
    for image, label, (row, col) in zip(
        images, labels, positions, strict=True
    ):
        assert np.array_equal(
            image[row : row + 5, col : col + 5], digit_bitmap(label)
        )
        assert (
            image.sum() == digit_bitmap(label).sum()
        )  # nothing outside the digit


def test_place_digits_agrees_with_generate_digits():
    images, labels = generate_digits(
        50, img_size=10, seed=3, positions=[(1, 4)]
    )
    assert np.array_equal(place_digits(labels, [(1, 4)] * 50), images)


@pytest.mark.parametrize(
    "labels, positions, error, message",
    [
        (
            [1],
            [(0, 0), (0, 1)],
            ValueError,
            r"one \(row, col\) pair per label \(1\), got 2",
        ),
        ([10], [(0, 0)], ValueError, r"labels must hold labels from 0 to 9"),
        ([1.5], [(0, 0)], TypeError, r"labels must be a 1-D array of integer"),
        (["a"], [(0, 0)], TypeError, r"labels must be a numeric array"),
        ([1], [(0, 6)], ValueError, r"positions must be .*0\.\.5"),
    ],
)
def test_place_digits_rejects_bad_input_naming_it(
    labels, positions, error, message
):
    with pytest.raises(error, match=message):
        place_digits(labels, positions, img_size=10)


def test_arguments_are_checked_before_any_heavy_work():
    # A huge n with a bad later argument must fail at once, not allocate first.
    with pytest.raises(ValueError, match="img_size"):
        generate_digits(10**12, img_size=2)
    with pytest.raises(ValueError, match="positions"):
        generate_digits(10**12, img_size=10, positions=[(9, 9)])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda x, y: split(x, y[:-1]),
            ValueError,
            r"same length.*\(10, 3, 3\).*\(9,\)",
        ),
        (
            lambda x, y: split(x, y, 0.0),
            ValueError,
            r"test_fraction must be .*, got 0\.0",
        ),
        (
            lambda x, y: split(x, y, 1),
            ValueError,
            r"test_fraction must be .*, got 1",
        ),
        (
            lambda x, y: split(x, y, -0.2),
            ValueError,
            r"test_fraction .* got -0\.2",
        ),
        (
            lambda x, y: split(x, y, "0.2"),
            TypeError,
            r"test_fraction .* got '0\.2'",
        ),
        (
            lambda x, y: split(x, y, True),
            TypeError,
            r"test_fraction .* got True",
        ),
        (
            lambda x, y: split(x, y, 0.01),
            ValueError,
            r"test_fraction=0\.01 of 10 .* 0 test",
        ),
        (
            lambda x, y: split(x, y, 0.99),
            ValueError,
            r"test_fraction=0\.99 .* 0 training",
        ),
        (lambda x, y: split(x[:1], y[:1]), ValueError, r"of 1 examples"),
        (lambda x, y: split(x, y, seed=-1), ValueError, r"seed .* got -1"),
    ],
)
def test_bad_split_arguments_raise_naming_the_argument(call, error, message):
    images, labels = numbered_examples(10)
    with pytest.raises(error, match=message):
        call(images, labels)
