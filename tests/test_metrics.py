"""lcdnet.metrics: confusion matrices and seen/new accounting, NumPy only."""

import numpy as np
import pytest

from lcdnet.digits import generate_digits
from lcdnet.metrics import (
    SeenNewAccuracy,
    confusion_matrix,
    seen_in_training,
    seen_new_accuracy,
)


def test_confusion_matrix_small_example():
    matrix = confusion_matrix(
        [0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 0, 2], num_classes=3
    )
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 1, 1], [1, 0, 2]])
    assert np.issubdtype(matrix.dtype, np.integer)


def test_confusion_matrix_defaults_to_ten_classes():
    matrix = confusion_matrix([9], [0])
    assert matrix.shape == (10, 10)
    assert matrix[9, 0] == 1 and matrix.sum() == 1


@pytest.mark.parametrize(
    ("y_true", "y_pred", "argument"),
    [
        ([0, 1, 10], [0, 1, 2], "y_true"),
        ([0, -1, 2], [0, 1, 2], "y_true"),
        ([0, 1, 2], [0, 1, 10], "y_pred"),
        ([0, 1, 2], [-3, 1, 2], "y_pred"),
        ([0.0, 1.0], [0, 1], "y_true"),
        ([[0, 1]], [0, 1], "y_true"),
        (["a", "b"], [0, 1], "y_true"),
    ],
)
def test_confusion_matrix_rejects_bad_labels(y_true, y_pred, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        confusion_matrix(y_true, y_pred)


def test_confusion_matrix_checks_num_classes_and_lengths():
    with pytest.raises(ValueError, match="y_pred"):
        confusion_matrix([0, 1, 2], [0, 1, 3], num_classes=3)
    with pytest.raises(ValueError, match="y_true"):
        confusion_matrix([0, 1, 3], [0, 1, 2], num_classes=3)
    with pytest.raises(ValueError, match="same length"):
        confusion_matrix([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="num_classes"):
        confusion_matrix([0], [0], num_classes=0)


def brute_force_seen(test_images, train_images):
    """For each test image, compare it with every training image.

    The comparison goes one pair at a time.
    """
    return np.array(
        [
            any(np.array_equal(test, train) for train in train_images)
            for test in test_images
        ]
    )


@pytest.mark.parametrize(
    "train_size, test_size, seed",
    [(100, 500, 0), (20, 300, 1), (1000, 200, 2)],
)
def test_seen_in_training_agrees_with_a_brute_force_count(
    train_size, test_size, seed
):
    train, _ = generate_digits(train_size, img_size=10, seed=seed)
    test, _ = generate_digits(test_size, img_size=10, seed=seed + 100)
    seen = seen_in_training(test, train)
    np.testing.assert_array_equal(seen, brute_force_seen(test, train))
    assert (
        0 < seen.sum() < test_size
    )  # both groups occur, so the test can fail either way


def test_seen_in_training_on_noisy_images_finds_only_exact_copies():
    train, _ = generate_digits(50, img_size=10, seed=0, noise=0.1)
    test = np.concatenate([train[:5], train[5:10] + 1e-6])
    np.testing.assert_array_equal(
        seen_in_training(test, train), [True] * 5 + [False] * 5
    )


def test_seen_new_accuracy_against_a_hand_count():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 200)
    y_pred = np.where(rng.random(200) < 0.6, y_true, (y_true + 1) % 10)
    seen = rng.random(200) < 0.3
    result = seen_new_accuracy(y_true, y_pred, seen)
    right_seen = sum(
        t == p for t, p, s in zip(y_true, y_pred, seen, strict=True) if s
    )
    right_new = sum(
        t == p for t, p, s in zip(y_true, y_pred, seen, strict=True) if not s
    )
    assert result.num_seen == seen.sum() and result.num_new == (~seen).sum()
    assert result.seen == pytest.approx(right_seen / seen.sum())
    assert result.new == pytest.approx(right_new / (~seen).sum())
    assert result.overall == pytest.approx((right_seen + right_new) / 200)


def test_seen_new_accuracy_reports_none_for_an_empty_group():
    result = seen_new_accuracy([1, 2], [1, 0], [False, False])
    assert result.seen is None and result.new == 0.5 and result.num_seen == 0
    assert "- on copies" in str(result)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: seen_new_accuracy([1], [1], [1]),
            TypeError,
            "seen must be an array of bools",
        ),
        (
            lambda: seen_new_accuracy([1, 2], [1], [True]),
            ValueError,
            "one length",
        ),
        (
            lambda: seen_new_accuracy([], [], np.array([], bool)),
            ValueError,
            "non-empty",
        ),
        (lambda: seen_new_accuracy([0.5], [1], [True]), TypeError, "y_true"),
        (
            lambda: seen_in_training(np.zeros((2, 3, 3)), np.zeros((2, 4, 4))),
            ValueError,
            "test_images and train_images",
        ),
        (lambda: seen_in_training(["a"], ["b"]), TypeError, "test_images"),
    ],
)
def test_seen_new_functions_reject_bad_input_naming_it(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_seen_new_accuracy_is_a_frozen_record():
    result = SeenNewAccuracy(1.0, 1.0, None, 3, 0)
    with pytest.raises(AttributeError):
        result.overall = 0.0
    assert result.seen_share == 1.0
