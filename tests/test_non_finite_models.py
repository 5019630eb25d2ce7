"""A model with NaN or infinite weights gets no accuracy, truth table, surface.

Such a model (a diverged training, usually) used to get an accuracy of 0.1
(every prediction class 0), a truth table of NaN and a drawn surface,
without a word.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lcdnet
from lcdnet.xnor import XNOR_TARGETS

NOT_FINITE = (
    r"model '\w+' has weights that are not finite "
    r"\(NaN or infinity in '[\w/]+'\)"
)


def _with(model, value, index=0):
    weights = model.get_weights()
    weights[index] = np.full_like(weights[index], value)
    model.set_weights(weights)
    return model


def _diverged_digits_model(value=np.nan):
    return _with(lcdnet.make_linear_model(img_size=5), value)


def _diverged_xnor_model(value=np.nan):
    return _with(lcdnet.make_xnor_model(weights="ng"), value, index=1)


@pytest.fixture(scope="module")
def digits():
    return lcdnet.generate_digits(20, img_size=5, seed=0)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_accuracy_refuses_a_model_with_weights_that_are_not_finite(
    digits, value
):
    with pytest.raises(
        ValueError, match=rf"{NOT_FINITE}, so its accuracy would mean nothing"
    ):
        lcdnet.accuracy(_diverged_digits_model(value), *digits)


def test_predicted_classes_are_refused_too(digits):
    with pytest.raises(
        ValueError, match=rf"{NOT_FINITE}, so its predicted classes"
    ):
        lcdnet.predict_classes(_diverged_digits_model(), digits[0])


def test_the_truth_table_refuses_a_diverged_model():
    with pytest.raises(ValueError, match=rf"{NOT_FINITE}, so its truth table"):
        lcdnet.xnor_truth_table(_diverged_xnor_model())


def test_the_surface_refuses_a_diverged_model_and_draws_nothing():
    figures_before = plt.get_fignums()
    with pytest.raises(ValueError, match=rf"{NOT_FINITE}, so its surface"):
        lcdnet.plot_xnor_surface(_diverged_xnor_model(np.inf), resolution=5)
    assert plt.get_fignums() == figures_before


def test_finite_weights_with_outputs_that_are_not_finite_are_refused(digits):
    # Weights near float32's limit: finite, but two lit pixels overflow a
    # score to infinity, and the softmax turns it into NaN.
    model = lcdnet.make_linear_model(img_size=5)
    kernel = np.zeros((25, 10), "float32")
    kernel[:, 0] = 3e38
    model.set_weights([kernel, np.zeros(10, "float32")])
    assert np.isnan(
        lcdnet.predict(model, digits[0])
    ).any()  # predict shows it as it is
    with pytest.raises(
        ValueError,
        match="gives outputs that are not finite .* although its "
        "weights are finite",
    ):
        lcdnet.accuracy(model, *digits)


def test_finite_models_still_get_their_numbers(digits):
    model = lcdnet.make_linear_model(img_size=5)
    assert lcdnet.accuracy(model, *digits) == pytest.approx(0.1)
    table = lcdnet.xnor_truth_table(lcdnet.make_xnor_model(weights="ng"))
    assert table.max_error < 1e-3 and np.array_equal(
        table.targets, XNOR_TARGETS.ravel()
    )
