"""Opening the CNN: activations, the pooled vector's shift with position,
and their figures.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lcdnet
from lcdnet import lessons
from lcdnet.plotting import (
    plot_feature_maps,
    plot_pooled_vectors,
    plot_position_shift,
)


@pytest.fixture(scope="module")
def trained_cnn():
    images, labels = lcdnet.generate_digits(100, img_size=10, seed=0)
    model = lcdnet.make_deep_model(img_size=10, seed=0)
    lcdnet.train(model, images, labels, steps=300, batch_size=50, seed=0)
    return model


@pytest.fixture(scope="module")
def shift(trained_cnn):
    return lessons.pooled_position_shift(trained_cnn)


def test_pooled_vector_is_the_spatial_maximum_of_the_last_feature_maps(
    trained_cnn,
):
    images = lcdnet.place_digits([3, 8], [(0, 0), (4, 5)])
    activations = lessons.cnn_activations(trained_cnn, images)
    np.testing.assert_allclose(
        activations["pooled"], activations["conv2"].max(axis=(1, 2)), rtol=1e-6
    )
    assert (activations["conv1"] >= 0).all()  # after the ReLU
    # The classifier reads exactly the pooled vector: its softmax reproduces
    # the model's output.
    dense = trained_cnn.layers[-1]
    kernel, bias = dense.get_weights()
    logits = activations["pooled"] @ kernel + bias
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        probabilities, lcdnet.predict(trained_cnn, images), atol=1e-5
    )


def test_position_shift_is_measured_against_each_digits_mean(
    trained_cnn, shift
):
    positions = lcdnet.all_positions(10)
    images = lcdnet.place_digits([4] * len(positions), positions)
    pooled = lessons.cnn_activations(trained_cnn, images)["pooled"]
    mean = pooled.mean(axis=0)
    expected = np.linalg.norm(pooled[7] - mean) / np.linalg.norm(mean)
    assert shift.shifts[4, 7] == pytest.approx(expected, rel=1e-5)
    assert shift.shifts.shape == (10, 36) and shift.touches_border.sum() == 20


def test_zero_padding_leaks_position_at_the_border(shift):
    # The lesson's claim: pooled vectors move more where the digit meets the
    # border.
    claims = lessons.CLAIMS
    assert shift.mean_shift(at_border=True) > shift.mean_shift(at_border=False)
    assert (
        shift.mean_shift(at_border=False)
        <= claims["cnn_interior_shift_at_most"]
    )
    assert shift.right.mean() >= claims["deep_on_new_at_least"]


def test_feature_map_panels_show_the_strongest_filters():
    maps = np.zeros((10, 10, 4))
    maps[..., 2] = 3.0
    maps[0, 0, 0] = 1.0
    axes = plot_feature_maps(maps, num_maps=2)
    assert [ax.get_title() for ax in axes] == ["filter 2", "filter 0"]
    np.testing.assert_array_equal(axes[0].images[0].get_array(), maps[..., 2])
    assert axes[1].images[0].get_clim() == (0.0, 3.0)
    plt.close("all")


def test_position_shift_heat_map_shows_the_mean_over_digits(shift):
    ax = plot_position_shift(shift)
    values = [float(text.get_text()) for text in ax.texts]
    np.testing.assert_allclose(values, shift.shifts.mean(axis=0), atol=0.006)
    assert ax.get_xlabel() == "column offset of the digit"
    assert "shift" in ax.figure.axes[-1].get_ylabel()
    plt.close("all")


def test_pooled_vector_lines_are_labelled():
    ax = plot_pooled_vectors(
        np.arange(6).reshape(2, 3), ["at (0, 0)", "at (5, 5)"]
    )
    assert [line.get_label() for line in ax.get_lines()] == [
        "at (0, 0)",
        "at (5, 5)",
    ]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [3, 4, 5])
    plt.close("all")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: plot_feature_maps(np.zeros((10, 10))),
            ValueError,
            "maps must have shape",
        ),
        (
            lambda: plot_feature_maps(np.zeros((10, 10, 4)), num_maps=5),
            ValueError,
            "num_maps",
        ),
        (
            lambda: plot_pooled_vectors([[1, 2]], ["a", "b"]),
            ValueError,
            "labels must hold",
        ),
        (
            lambda: plot_position_shift("shift"),
            TypeError,
            "shift must be a PositionShift",
        ),
        (
            lambda: lessons.cnn_activations("model", np.zeros((1, 10, 10))),
            TypeError,
            "model",
        ),
        (
            lambda: lessons.cnn_activations(
                lcdnet.make_linear_model(10), np.zeros((1, 10, 10))
            ),
            ValueError,
            "convolutional layers",
        ),
        (
            lambda: lessons.cnn_activations(
                lcdnet.make_deep_model(10, seed=0), np.zeros((1, 9, 9))
            ),
            ValueError,
            r"images must have shape \(n, 10, 10\)",
        ),
        (
            lambda: lessons.cnn_activations(
                lcdnet.make_deep_model(10, seed=0),
                np.full((1, 10, 10), np.nan),
            ),
            ValueError,
            "images",
        ),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
    plt.close("all")
