"""The three model builders: shapes, training defaults, seeds, known
weights, bad input.
"""

import math

import numpy as np
import pytest

from lcdnet import models
from lcdnet._backend import backend_name, keras
from lcdnet.models import make_deep_model, make_linear_model, make_xnor_model
from lcdnet.xnor import NG_XNOR_WEIGHTS
from lcdnet.xnor import XNOR_INPUTS as CORNERS

to_numpy = keras.ops.convert_to_numpy


def kernels(model):
    """Kernels of the layers that have one, in layer order, as NumPy arrays."""
    return [
        to_numpy(layer.kernel)
        for layer in model.layers
        if hasattr(layer, "kernel")
    ]


def weights_equal(first, second):
    return len(first) == len(second) and all(
        np.array_equal(a, b) for a, b in zip(first, second, strict=True)
    )


# ------------------------------------------------------------ shapes and names


@pytest.mark.parametrize(
    ("build", "name", "input_shape", "output_shape"),
    [
        (lambda: make_linear_model(), "linear", (None, 5, 5), (None, 10)),
        (
            lambda: make_linear_model(img_size=10),
            "linear",
            (None, 10, 10),
            (None, 10),
        ),
        (
            lambda: make_linear_model(img_size=1),
            "linear",
            (None, 1, 1),
            (None, 10),
        ),
        (lambda: make_deep_model(seed=0), "deep", (None, 10, 10), (None, 10)),
        (
            lambda: make_deep_model(img_size=3, seed=0),
            "deep",
            (None, 3, 3),
            (None, 10),
        ),
        (
            lambda: make_deep_model(img_size=20, seed=0),
            "deep",
            (None, 20, 20),
            (None, 10),
        ),
        (lambda: make_xnor_model(seed=0), "xnor", (None, 2), (None, 1)),
        (lambda: make_xnor_model(weights="ng"), "xnor", (None, 2), (None, 1)),
    ],
)
def test_name_and_shapes(build, name, input_shape, output_shape):
    model = build()
    assert isinstance(model, keras.Sequential)
    assert model.name == name
    assert model.input_shape == input_shape
    assert model.output_shape == output_shape
    # It really maps a batch of that shape to outputs of that shape.
    batch = np.zeros((3, *input_shape[1:]), dtype="float32")
    assert tuple(model(batch).shape) == (3, *output_shape[1:])


@pytest.mark.parametrize(
    "build",
    [
        make_linear_model,
        lambda: make_deep_model(seed=0),
        lambda: make_xnor_model(seed=0),
    ],
)
def test_model_starts_with_an_input(build):
    config = build().get_config()
    assert config["layers"][0]["class_name"] == "InputLayer"


@pytest.mark.parametrize("img_size", [5, 10])
def test_classifiers_output_probabilities(img_size):
    images = np.random.default_rng(0).random(
        (4, img_size, img_size), dtype="float32"
    )
    for model in (
        make_linear_model(img_size),
        make_deep_model(img_size, seed=0),
    ):
        probabilities = to_numpy(model(images))
        assert np.all(probabilities >= 0)
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_parameter_counts():
    assert make_linear_model(img_size=5).count_params() == 25 * 10 + 10
    assert make_linear_model(img_size=10).count_params() == 100 * 10 + 10
    # 3x3 conv 1->32, 3x3 conv 32->64, dense 64->10; the count does not
    # depend on img_size.
    expected_deep = (9 * 32 + 32) + (9 * 32 * 64 + 64) + (64 * 10 + 10)
    assert make_deep_model(img_size=10, seed=0).count_params() == expected_deep
    assert make_deep_model(img_size=20, seed=0).count_params() == expected_deep
    assert make_xnor_model(seed=0).count_params() == 2 * 2 + 2 + 2 + 1


@pytest.mark.parametrize("hidden_units", [1, 2, 3, 8])
def test_hidden_units_sets_the_hidden_layer_width(hidden_units):
    model = make_xnor_model(hidden_units=hidden_units, seed=0)
    assert model.layers[0].units == hidden_units
    assert (
        model.count_params()
        == 2 * hidden_units + hidden_units + hidden_units + 1
    )
    assert model.output_shape == (None, 1)


# ----------------------------------------------------------- training defaults


@pytest.mark.parametrize(
    ("build", "optimizer_class", "learning_rate", "loss", "metrics"),
    [
        (
            make_linear_model,
            keras.optimizers.SGD,
            0.03,
            "sparse_categorical_crossentropy",
            ["accuracy"],
        ),
        (
            lambda: make_deep_model(seed=0),
            keras.optimizers.Adam,
            0.01,
            "sparse_categorical_crossentropy",
            ["accuracy"],
        ),
        (
            lambda: make_xnor_model(seed=0),
            keras.optimizers.Adam,
            0.03,
            "mean_squared_error",
            None,
        ),
    ],
)
def test_compiled_with_documented_defaults(
    build, optimizer_class, learning_rate, loss, metrics
):
    model = build()
    assert type(model.optimizer) is optimizer_class
    assert float(model.optimizer.learning_rate) == pytest.approx(
        learning_rate, rel=1e-6
    )
    assert model.loss == loss
    assert model.get_compile_config()["metrics"] == metrics


def test_linear_model_uses_plain_gradient_descent():
    optimizer = make_linear_model().optimizer
    assert optimizer.momentum == 0
    assert not optimizer.nesterov


@pytest.mark.parametrize(
    "build",
    [
        lambda lr: make_linear_model(learning_rate=lr),
        lambda lr: make_deep_model(seed=0, learning_rate=lr),
        lambda lr: make_xnor_model(seed=0, learning_rate=lr),
    ],
)
def test_learning_rate_is_passed_to_the_optimizer(build):
    model = build(0.25)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.25)


# ------------------------------------------------------------ initial weights


@pytest.mark.parametrize("img_size", [1, 5, 10])
def test_linear_model_starts_at_zero(img_size):
    weights = make_linear_model(img_size).get_weights()
    assert [w.shape for w in weights] == [(img_size**2, 10), (10,)]
    assert all(not w.any() for w in weights)


def test_ng_weights_compute_xnor_without_training():
    model = make_xnor_model(weights="ng")
    corners = to_numpy(model(CORNERS)).ravel()
    np.testing.assert_allclose(corners, [1, 0, 0, 1], atol=1e-3)


def test_ng_weights_are_loaded_exactly():
    model = make_xnor_model(weights="ng")
    assert weights_equal(model.get_weights(), list(NG_XNOR_WEIGHTS))
    # The published values: AND and NOR hidden units, OR output.
    np.testing.assert_array_equal(NG_XNOR_WEIGHTS[0], [[20, -20], [20, -20]])
    np.testing.assert_array_equal(NG_XNOR_WEIGHTS[1], [-30, 10])
    np.testing.assert_array_equal(NG_XNOR_WEIGHTS[2], [[20], [20]])
    np.testing.assert_array_equal(NG_XNOR_WEIGHTS[3], [-10])


def test_ng_weights_are_not_shared_with_the_model():
    model = make_xnor_model(weights="ng")
    model.layers[0].kernel.assign(np.zeros((2, 2), dtype="float32"))
    assert NG_XNOR_WEIGHTS[0][0, 0] == 20
    assert make_xnor_model(weights="ng").get_weights()[0][0, 0] == 20


@pytest.mark.parametrize(
    "build",
    [
        lambda seed: make_deep_model(seed=seed),
        lambda seed: make_xnor_model(seed=seed),
        lambda seed: make_xnor_model(hidden_units=5, seed=seed),
    ],
)
def test_seed_fixes_the_initial_weights(build):
    first, again, other = build(0), build(0), build(1)
    assert weights_equal(first.get_weights(), again.get_weights())
    assert not weights_equal(first.get_weights(), other.get_weights())
    # The kernels are random draws, not constants.
    assert all(np.unique(kernel).size > 1 for kernel in kernels(first))


@pytest.mark.parametrize(
    "build", [lambda: make_deep_model(), lambda: make_xnor_model()]
)
def test_no_seed_draws_fresh_weights(build):
    assert not weights_equal(build().get_weights(), build().get_weights())


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_deep_model(seed=0),
        lambda: make_xnor_model(seed=0),
        lambda: make_xnor_model(hidden_units=4, seed=3),
        lambda: make_deep_model(),
    ],
)
def test_layers_do_not_share_initial_draws(build):
    # Glorot-uniform draws with the same seed differ between layers only by
    # the scale (and length): compare the scale-free prefixes of every pair.
    flat = [kernel.ravel() for kernel in kernels(build())]
    for i in range(len(flat)):
        for j in range(i + 1, len(flat)):
            length = min(flat[i].size, flat[j].size)
            first = flat[i][:length] / flat[i][0]
            second = flat[j][:length] / flat[j][0]
            assert not np.allclose(first, second, rtol=1e-4), (i, j)


@pytest.mark.parametrize("seed", [0, 1, 7, 2**31 - 3, 2**32 - 1])
@pytest.mark.parametrize(
    "shape", [(2, 2), (2, 1), (3, 3, 1, 32), (3, 3, 32, 64), (64, 10), (5,)]
)
def test_seeded_draw_is_the_one_keras_makes_on_tensorflow(seed, shape):
    # SeededGlorotUniform re-computes in NumPy what Keras's TensorFlow backend
    # draws, bit for bit. On TensorFlow this compares with Keras itself; on
    # other backends with the values TensorFlow gave (kept below).
    mine = to_numpy(models.SeededGlorotUniform(seed=seed)(shape))
    assert mine.dtype == np.float32 and mine.shape == shape
    if backend_name() == "tensorflow":
        theirs = to_numpy(keras.initializers.GlorotUniform(seed=seed)(shape))
        np.testing.assert_array_equal(mine, theirs)


def test_seeded_draw_matches_tensorflows_known_values():
    # Drawn by Keras 3.15 on TensorFlow 2.21: GlorotUniform(seed=3)((2, 2)).
    values = to_numpy(models.SeededGlorotUniform(seed=3)((2, 2)))
    np.testing.assert_allclose(
        values, [[-0.745, 1.076], [0.079, 0.835]], atol=5e-4
    )


def test_seeded_models_start_from_the_same_weights_on_every_backend():
    # The builders' kernels come from the backend-independent draw ...
    model = make_xnor_model(seed=0)
    hidden, output = models.seeded_initializers(0, count=2)
    np.testing.assert_array_equal(kernels(model)[0], to_numpy(hidden((2, 2))))
    np.testing.assert_array_equal(kernels(model)[1], to_numpy(output((2, 1))))
    # ... while the saved config names Keras's own initializer, loadable
    # anywhere.
    config = model.layers[0].get_config()["kernel_initializer"]
    assert (
        config["class_name"] == "GlorotUniform"
        and config["module"] == "keras.initializers"
    )


# ------------------------------------------------------------ bad arguments


def _raises_naming(error, argument, function, *args, **kwargs):
    with pytest.raises(error) as caught:
        function(*args, **kwargs)
    assert argument in str(caught.value)
    return caught.value


@pytest.mark.parametrize("weights", ["NG", "andrew", "", 1])
def test_unknown_weights_name(weights):
    message = str(
        _raises_naming(ValueError, "weights", make_xnor_model, weights)
    )
    assert "'ng'" in message  # the accepted values are listed


@pytest.mark.parametrize("hidden_units", [1, 3])
def test_ng_weights_need_two_hidden_units(hidden_units):
    _raises_naming(
        ValueError,
        "hidden_units",
        make_xnor_model,
        "ng",
        hidden_units=hidden_units,
    )


@pytest.mark.parametrize(
    ("build", "img_size", "error"),
    [
        (make_deep_model, 2, ValueError),
        (make_deep_model, 0, ValueError),
        (make_deep_model, -5, ValueError),
        (make_linear_model, 0, ValueError),
        (make_linear_model, -1, ValueError),
        (make_linear_model, 5.0, TypeError),
        (make_deep_model, 10.0, TypeError),
        (make_linear_model, "5", TypeError),
        (make_linear_model, True, TypeError),
        (make_deep_model, True, TypeError),
        (make_linear_model, None, TypeError),
    ],
)
def test_bad_img_size(build, img_size, error):
    _raises_naming(error, "img_size", build, img_size)


def test_numpy_integers_are_accepted():
    assert make_linear_model(np.int64(6)).input_shape == (None, 6, 6)
    assert (
        make_xnor_model(hidden_units=np.int32(3), seed=np.int64(0))
        .layers[0]
        .units
        == 3
    )


@pytest.mark.parametrize(
    ("hidden_units", "error"),
    [(0, ValueError), (-2, ValueError), (2.0, TypeError), (True, TypeError)],
)
def test_bad_hidden_units(hidden_units, error):
    _raises_naming(
        error, "hidden_units", make_xnor_model, hidden_units=hidden_units
    )


@pytest.mark.parametrize("build", [make_deep_model, make_xnor_model])
@pytest.mark.parametrize(
    ("seed", "error"),
    [(-1, ValueError), (1.5, TypeError), ("0", TypeError), (True, TypeError)],
)
def test_bad_seed(build, seed, error):
    _raises_naming(error, "seed", build, seed=seed)


@pytest.mark.parametrize(
    "build", [make_linear_model, make_deep_model, make_xnor_model]
)
@pytest.mark.parametrize(
    ("learning_rate", "error"),
    [
        (0, ValueError),
        (0.0, ValueError),
        (-0.01, ValueError),
        (math.nan, ValueError),
        (math.inf, ValueError),
        ("0.01", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_bad_learning_rate(build, learning_rate, error):
    _raises_naming(error, "learning_rate", build, learning_rate=learning_rate)


def test_public_names():
    assert {"make_linear_model", "make_deep_model", "make_xnor_model"} <= set(
        models.__all__
    )
    assert all(hasattr(models, name) for name in models.__all__)
