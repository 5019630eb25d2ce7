"""The corruption options of lcdnet.generate_digits: noise, cutoff, shadow."""

import hashlib
import time

import numpy as np
import pytest

from lcdnet import digit_bitmap, generate_digits

LIT_PIXELS = np.array([int(digit_bitmap(digit).sum()) for digit in range(10)])


def fingerprint(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()[
        :16
    ]


# ------------------------------------------------------------ options off


# Fingerprints of the generator's output *before* the corruption options were
# added (computed from that version of lcdnet/digits.py): with the options
# off, the same seed must still give exactly these arrays.
BEFORE = [
    ((500, 10, 5), {"seed": 42}, "bc5622b57c334826", "d12d4af16b5d2888"),
    ((5000, 10, 5), {"seed": 4}, "f497a74e80a2a868", "48d82858561f3ebc"),
    ((300, 12, 7), {"seed": 3}, "91f160e58cfe4e11", "9480ba47a7076d94"),
    (
        (20, 10, 5),
        {"seed": 6, "positions": [(0, 0), (5, 5), (2, 3)]},
        "b0022f7c7e129e43",
        "2aaca1e2252f1fc4",
    ),
    ((123, 20, 5), {"seed": 9}, "b61cddd7f5ac4897", "05b7da080603608f"),
]


@pytest.mark.parametrize("args, kwargs, image_hash, label_hash", BEFORE)
def test_options_off_give_exactly_the_arrays_of_before(
    args, kwargs, image_hash, label_hash
):
    for off in (
        {},
        {"noise": 0.0, "cutoff": 0, "shadow": 0.0},
        {"noise": 0, "shadow": 0},
    ):
        images, labels = generate_digits(*args, **kwargs, **off)
        assert images.dtype == np.float32
        assert (fingerprint(images), fingerprint(labels)) == (
            image_hash,
            label_hash,
        )


def test_options_off_leave_a_generator_where_the_plain_generator_left_it():
    rng = np.random.default_rng(7)
    generate_digits(100, 10, seed=rng, noise=0.0, cutoff=0, shadow=0.0)
    # What the generator gave next before the options existed:
    assert rng.integers(2**32, size=3).tolist() == [
        2946438869,
        1551617318,
        2762721328,
    ]


def test_corruptions_never_move_a_digit():
    # The offsets are drawn first; noise and shadow use a child generator.
    clean, labels = generate_digits(400, 10, seed=11)
    shaded, shaded_labels = generate_digits(400, 10, seed=11, shadow=0.7)
    noisy, _ = generate_digits(400, 10, seed=11, noise=0.05)
    np.testing.assert_array_equal(labels, shaded_labels)
    np.testing.assert_array_equal(shaded > 0, clean > 0)
    np.testing.assert_array_equal(
        noisy > 0.5, clean > 0.5
    )  # 10 standard deviations


def test_noise_is_the_same_with_or_without_a_shadow():
    # Each corruption has its own child stream: adding a shadow leaves the
    # noise field alone. On background pixels (0 before noise) both images
    # hold exactly clip(noise).
    clean, _ = generate_digits(300, 10, seed=5)
    noise_only, _ = generate_digits(300, 10, seed=5, noise=0.2)
    noise_and_shadow, _ = generate_digits(
        300, 10, seed=5, noise=0.2, shadow=0.5
    )
    background = clean == 0
    np.testing.assert_array_equal(
        noise_only[background], noise_and_shadow[background]
    )


# ------------------------------------------------------------------ noise


def test_noise_stays_in_0_1_changes_pixels_and_has_the_asked_spread():
    noise = 0.2
    clean, _ = generate_digits(2000, 10, seed=1)
    noisy, labels = generate_digits(2000, 10, seed=1, noise=noise)
    assert noisy.dtype == np.float32 and noisy.shape == clean.shape
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0
    assert (
        np.mean(noisy != clean) > 0.45
    )  # about half; the other half is clipped back
    # Background: clip(N(0, s)) has mean s / sqrt(2 pi) and is 0 half the time.
    background = noisy[clean == 0]
    assert background.mean() == pytest.approx(
        noise / np.sqrt(2 * np.pi), rel=0.02
    )
    assert np.mean(background == 0) == pytest.approx(0.5, abs=0.01)
    # Lit pixels: clip(1 + N(0, s)) mirrors that from above.
    lit = noisy[clean == 1]
    assert (1 - lit).mean() == pytest.approx(
        noise / np.sqrt(2 * np.pi), rel=0.02
    )


def test_noise_is_seeded():
    first, _ = generate_digits(50, 10, seed=3, noise=0.1)
    again, _ = generate_digits(50, 10, seed=3, noise=0.1)
    other, _ = generate_digits(50, 10, seed=4, noise=0.1)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


# ----------------------------------------------------------------- cutoff


def cropped_placements(img_size, shape_size, cutoff):
    """Every digit at every offset, cropped by slicing.

    The offsets run over -cutoff..img_size-shape_size+cutoff.
    """
    span = range(-cutoff, img_size - shape_size + cutoff + 1)
    table = {}
    for digit in range(10):
        bitmap = digit_bitmap(digit, shape_size)
        for row in span:
            for col in span:
                canvas = np.zeros(
                    (img_size + 2 * shape_size,) * 2, dtype=np.float32
                )
                top, left = row + shape_size, col + shape_size
                canvas[top : top + shape_size, left : left + shape_size] = (
                    bitmap
                )
                image = canvas[shape_size:-shape_size, shape_size:-shape_size]
                table[digit, row, col] = image
    return table


@pytest.mark.parametrize("n", [100, 3000])  # both placement paths
def test_cutoff_crops_digits_at_the_border(n):
    cutoff = 2
    images, labels = generate_digits(n, 10, seed=8, cutoff=cutoff)
    assert images.shape == (n, 10, 10) and images.dtype == np.float32
    assert set(np.unique(images)) <= {0.0, 1.0}
    table = cropped_placements(10, 5, cutoff)
    offsets = []
    for image, label in zip(images, labels, strict=True):
        matches = [
            (row, col)
            for (digit, row, col), crop in table.items()
            if digit == label and np.array_equal(crop, image)
        ]
        assert matches, "each image is its digit at some offset, cropped"
        offsets.append(matches[0])
    sums = images.sum(axis=(1, 2))
    assert (sums <= LIT_PIXELS[labels]).all()
    assert (sums < LIT_PIXELS[labels]).mean() > 0.3  # many digits lost pixels
    rows, cols = np.array(offsets).T
    assert rows.min() == cols.min() == -cutoff
    assert rows.max() == cols.max() == 5 + cutoff


def test_cutoff_with_positions_accepts_offsets_past_the_border():
    images, labels = generate_digits(
        10, 10, seed=0, cutoff=3, positions=[(-3, 8)]
    )
    np.testing.assert_array_equal(images[8, :2, 8:], digit_bitmap(8)[3:, :2])
    assert images[8].sum() == digit_bitmap(8)[3:, :2].sum()


def test_positions_past_the_border_need_a_cutoff():
    with pytest.raises(ValueError, match=r"positions must be .*0\.\.5"):
        generate_digits(5, 10, positions=[(-1, 0)])
    with pytest.raises(ValueError, match=r"positions must be .*-1\.\.6"):
        generate_digits(5, 10, cutoff=1, positions=[(0, 7)])


# ----------------------------------------------------------------- shadow


def test_shadow_dims_lit_pixels_along_a_random_straight_ramp():
    strength = 0.8
    clean, _ = generate_digits(500, 10, seed=2)
    shaded, _ = generate_digits(500, 10, seed=2, shadow=strength)
    lit = clean > 0
    assert (shaded[~lit] == 0).all(), "the background stays black"
    factor = shaded[lit]
    assert factor.min() >= 1 - strength - 1e-6 and factor.max() <= 1 + 1e-6
    assert (factor < 0.95).mean() > 0.5, "shadows change intensities"
    # The factor is a plane a + b * row + c * col in each image, with random
    # directions: fit it on the lit pixels and look at the slopes.
    rows, cols = np.indices((10, 10))
    slopes = []
    for image, mask in zip(shaded, lit, strict=True):
        design = np.column_stack([np.ones(mask.sum()), rows[mask], cols[mask]])
        coefficients, *_ = np.linalg.lstsq(design, image[mask], rcond=None)
        np.testing.assert_allclose(
            design @ coefficients, image[mask], atol=1e-5
        )
        slopes.append(coefficients[1:])
    slopes = np.array(slopes)
    for axis in range(
        2
    ):  # darker downwards and upwards, leftwards and rightwards
        assert (slopes[:, axis] < -0.01).mean() > 0.2 and (
            slopes[:, axis] > 0.01
        ).mean() > 0.2
    # Over the whole image the ramp spans exactly 1 - strength .. 1, so across
    # many images some lit pixel comes close to each end.
    assert factor.min() < 1 - strength + 0.05 and factor.max() > 0.99


def test_full_shadow_and_noise_together_stay_in_range():
    images, _ = generate_digits(
        300, 10, seed=0, shadow=1.0, noise=0.5, cutoff=4
    )
    assert images.dtype == np.float32
    assert images.min() >= 0.0 and images.max() <= 1.0


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "options, error, message",
    [
        (
            {"noise": -0.1},
            ValueError,
            r"noise must be a real number >= 0 .*got -0\.1",
        ),
        ({"noise": float("nan")}, ValueError, r"noise must be .*got nan"),
        ({"noise": float("inf")}, ValueError, r"noise must be .*got inf"),
        ({"noise": "0.1"}, TypeError, r"noise must be .*got '0\.1'"),
        ({"noise": True}, TypeError, r"noise must be .*got True"),
        ({"noise": None}, TypeError, r"noise must be .*got None"),
        (
            {"cutoff": 5},
            ValueError,
            r"cutoff must be an integer in 0\.\.4, got 5",
        ),
        ({"cutoff": -1}, ValueError, r"cutoff must be .*got -1"),
        ({"cutoff": 1.0}, TypeError, r"cutoff must be .*got 1\.0"),
        (
            {"shadow": 1.5},
            ValueError,
            r"shadow must be a real number in \[0, 1\] .*got 1\.5",
        ),
        ({"shadow": -0.2}, ValueError, r"shadow must be .*got -0\.2"),
        ({"shadow": float("nan")}, ValueError, r"shadow must be .*got nan"),
        ({"shadow": "dark"}, TypeError, r"shadow must be .*got 'dark'"),
        ({"shadow": False}, TypeError, r"shadow must be .*got False"),
    ],
)
def test_bad_corruption_options_raise_naming_the_argument(
    options, error, message
):
    with pytest.raises(error, match=message):
        generate_digits(5, 10, **options)


def test_cutoff_range_follows_the_digit_size():
    generate_digits(5, 10, 3, cutoff=2)
    with pytest.raises(
        ValueError, match=r"cutoff must be an integer in 0\.\.2, got 3"
    ):
        generate_digits(5, 10, 3, cutoff=3)


def test_options_are_checked_before_any_heavy_work():
    start = time.perf_counter()
    for options in ({"noise": -1}, {"cutoff": 9}, {"shadow": 2}):
        with pytest.raises(ValueError):
            generate_digits(10**12, 10, **options)
    assert time.perf_counter() - start < 1.0


def test_numpy_scalars_are_accepted():
    images, _ = generate_digits(
        20,
        10,
        seed=0,
        noise=np.float32(0.1),
        cutoff=np.int64(1),
        shadow=np.float64(0.5),
    )
    assert images.shape == (20, 10, 10)
