"""The overfitting picture: its curves, what they claim, and the figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lcdnet
from lcdnet.lessons.overfitting import (
    OVERFITTING_CLAIMS,
    log_steps,
    overfitting_curves,
)


@pytest.fixture(scope="module")
def curves():
    return overfitting_curves(seed=0)


def test_the_linear_model_overfits_and_the_cnn_does_not(curves):
    # The same thresholds as the tutorial A deep network that copes.
    limits = OVERFITTING_CLAIMS
    for name in ("linear", "deep"):
        assert curves.train_accuracy[name][0] <= limits["first_train_at_most"]
        assert curves.new_accuracy[name][0] <= limits["first_train_at_most"]
    assert (
        curves.train_accuracy["linear"][-1]
        >= limits["linear_final_train_at_least"]
    )
    assert curves.new_accuracy["linear"].max() <= limits["linear_new_at_most"]
    assert curves.new_accuracy["deep"][-1] >= limits["deep_final_new_at_least"]
    assert np.abs(curves.gap("deep")).max() <= limits["deep_gap_at_most"]


def test_curves_are_logged_at_the_steps_said(curves):
    assert curves.steps.tolist() == log_steps(300, 16).tolist()
    assert curves.steps[-1] == 300
    for values in (
        *curves.train_accuracy.values(),
        *curves.new_accuracy.values(),
    ):
        assert values.shape == curves.steps.shape
        assert ((0 <= values) & (values <= 1)).all()
    images, _ = lcdnet.generate_digits(100, img_size=10, seed=0)
    distinct = len(np.unique(images.reshape(100, -1), axis=0))
    assert curves.num_new == 360 - distinct


def test_the_same_seed_gives_the_same_curves():
    first = overfitting_curves(seed=3, steps=4, points=2)
    second = overfitting_curves(seed=3, steps=4, points=2)
    for name in ("linear", "deep"):
        np.testing.assert_array_equal(
            first.train_accuracy[name], second.train_accuracy[name]
        )
        np.testing.assert_array_equal(
            first.new_accuracy[name], second.new_accuracy[name]
        )


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"train_size": 49}, "train_size"),
        ({"steps": 0}, "steps"),
        ({"points": 0}, "points"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_are_refused_by_name(arguments, name):
    with pytest.raises(ValueError, match=name):
        overfitting_curves(**arguments)


def test_the_figure_draws_both_accuracies_and_names_the_two_regimes(curves):
    ax = lcdnet.plot_overfitting(curves)
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_array_equal(
        lines["linear model, training pictures"].get_ydata(),
        curves.train_accuracy["linear"],
    )
    np.testing.assert_array_equal(
        lines["CNN, new pictures"].get_ydata(), curves.new_accuracy["deep"]
    )
    names = " ".join(text.get_text() for text in ax.texts)
    assert "underfitting" in names and "overfitting" in names
    assert ax.get_xscale() == "log"
    plt.close("all")


def test_the_figure_refuses_other_data():
    with pytest.raises(TypeError, match="curves"):
        lcdnet.plot_overfitting({"linear": [1.0]})


def test_the_layer_stack_names_every_layer():
    model = lcdnet.make_deep_model(img_size=10, seed=0)
    ax = lcdnet.plot_layers(model)
    boxes = [text.get_text() for text in ax.texts if text.get_text()]
    assert len(boxes) == len(model.layers) + 1
    assert [box.split(":")[0].split("\n")[0] for box in boxes[1:]] == [
        type(layer).__name__ for layer in model.layers
    ]
    assert boxes[-1].endswith("passes on 10, 650 parameters")
    assert "19,466" in ax.get_title()
    plt.close("all")


def test_the_layer_stack_refuses_what_is_not_a_model():
    with pytest.raises(TypeError, match="model"):
        lcdnet.plot_layers("deep")
