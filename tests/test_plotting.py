"""Tests of lcdnet.plotting: what each helper draws, and what it refuses.

The figures are inspected through matplotlib's public API (images, lines,
texts, collections), using real lcdnet models trained for a few steps.
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import lcdnet
from lcdnet import training
from lcdnet._backend import keras
from lcdnet.plotting import (
    XnorTruthTable,
    plot_confusion_matrix,
    plot_digits,
    plot_history,
    plot_weights,
    plot_xnor_surface,
    xnor_truth_table,
)

CORNERS = lcdnet.XNOR_INPUTS


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def digits():
    return lcdnet.generate_digits(100, img_size=10, seed=0)


@pytest.fixture(scope="module")
def trained_linear(digits):
    """A linear model trained briefly on jittered digits, and its history."""
    images, labels = digits
    model = lcdnet.make_linear_model(img_size=10)
    record = lcdnet.train(
        model, images, labels, steps=60, batch_size=50, seed=0
    )
    return model, record


@pytest.fixture(scope="module")
def ng_model():
    return lcdnet.make_xnor_model(weights="ng")


@pytest.fixture(scope="module")
def random_xnor_model():
    """An untrained 2-2-1 network: its output is not symmetric in x1, x2."""
    return lcdnet.make_xnor_model(seed=3)


# ------------------------------------------------------------- plot_digits


def test_plot_digits_draws_each_image_in_its_own_titled_panel(digits):
    images, labels = digits[0][:12], digits[1][:12]
    axes = plot_digits(images, labels, ncols=5)
    assert isinstance(axes, np.ndarray) and axes.shape == (12,)
    figure = axes[0].figure
    assert len(figure.axes) == 15  # 3 rows of 5
    assert sum(ax.get_visible() for ax in figure.axes) == 12
    for ax, image, label in zip(axes, images, labels, strict=True):
        assert len(ax.images) == 1
        np.testing.assert_array_equal(ax.images[0].get_array(), image)
        assert ax.get_title() == str(label)


def test_plot_digits_shows_the_pixel_grid(digits):
    ax = plot_digits(digits[0][:1])[0]
    edges = np.arange(-0.5, 10, 1.0)
    np.testing.assert_array_equal(ax.xaxis.get_minorticklocs(), edges)
    np.testing.assert_array_equal(ax.yaxis.get_minorticklocs(), edges)
    assert all(
        tick.gridline.get_visible() for tick in ax.xaxis.get_minor_ticks()
    )
    assert ax.get_title() == ""  # no labels given: no titles


def test_plot_digits_marks_wrong_predictions_in_red(digits):
    images, labels = digits[0][:10], digits[1][:10]
    predictions = labels.copy()
    predictions[3] = 8
    axes = plot_digits(images, labels, predictions=predictions)
    red = matplotlib.colors.to_rgba("tab:red")
    assert axes[3].get_title() == "3 → 8"
    assert axes[3].title.get_color() == "tab:red"
    assert all(
        spine.get_edgecolor() == red for spine in axes[3].spines.values()
    )
    assert axes[4].get_title() == "4"
    assert matplotlib.colors.to_rgba(axes[4].title.get_color()) != red
    assert all(
        spine.get_edgecolor() != red for spine in axes[4].spines.values()
    )


def test_plot_digits_draws_on_given_axes(digits):
    figure, grid = plt.subplots(2, 4)
    axes = plot_digits(digits[0][:6], axes=grid)
    assert list(axes) == list(grid.ravel()[:6])
    assert [len(ax.images) for ax in grid.ravel()] == [1] * 6 + [0, 0]
    assert len(figure.axes) == 8


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"images": np.zeros((10, 10))}, ValueError, "images"),
        ({"images": np.zeros((0, 5, 5))}, ValueError, "images"),
        ({"images": [["a"]]}, TypeError, "images"),
        ({"labels": [0, 1]}, ValueError, "labels"),
        ({"labels": np.zeros(3)}, TypeError, "labels"),  # floats: wrong kind
        ({"predictions": [0, 1, 2]}, ValueError, "predictions"),
        (
            {"labels": [0, 1, 2], "predictions": [0, 1]},
            ValueError,
            "predictions",
        ),
        ({"ncols": 0}, ValueError, "ncols"),
        ({"ncols": 2.5}, TypeError, "ncols"),
        ({"axes": "axes"}, TypeError, "axes"),
        ({"axes": [1, 2, 3]}, TypeError, "axes"),
    ],
)
def test_plot_digits_rejects_bad_arguments(kwargs, error, name):
    arguments = {"images": np.zeros((3, 5, 5))} | kwargs
    with pytest.raises(error, match=name):
        plot_digits(**arguments)


def test_plot_digits_needs_one_axes_per_image():
    _, grid = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"axes must hold at least 3 Axes"):
        plot_digits(np.zeros((3, 5, 5)), axes=grid)
    assert not grid[0].images  # nothing drawn before the error


# ------------------------------------------------------------ plot_weights


def test_plot_weights_shows_each_class_column_scaled(trained_linear):
    model, _ = trained_linear
    kernel = keras.ops.convert_to_numpy(model.layers[-1].kernel)
    axes = plot_weights(model)
    assert axes.shape == (10,)
    for class_index, ax in enumerate(axes):
        image = ax.images[0]
        data = np.asarray(image.get_array())
        column = kernel[:, class_index]
        np.testing.assert_allclose(
            data, (column / np.abs(column).max()).reshape(10, 10), rtol=1e-6
        )
        assert data.min() >= -1 and data.max() <= 1
        assert np.isclose(np.abs(data).max(), 1.0)
        assert image.get_clim() == (-1.0, 1.0)
        assert image.get_cmap().name == "RdBu_r"
        assert ax.get_title() == str(class_index)
    figure = axes[0].figure
    assert [ax.get_label() for ax in figure.axes].count("<colorbar>") == 1


def test_plot_weights_from_an_array_keeps_zero_columns_zero():
    weights = np.zeros((25, 10))
    weights[:, 3] = np.linspace(-2, 1, 25)
    axes = plot_weights(weights)
    assert [ax.images[0].get_array().shape for ax in axes] == [(5, 5)] * 10
    np.testing.assert_array_equal(
        axes[0].images[0].get_array(), np.zeros((5, 5))
    )
    np.testing.assert_allclose(
        axes[3].images[0].get_array().ravel(), np.linspace(-2, 1, 25) / 2
    )


def test_plot_weights_on_given_axes_with_explicit_img_size():
    figure, grid = plt.subplots(1, 3)
    axes = plot_weights(np.ones((16, 3)), img_size=4, axes=grid)
    assert list(axes) == list(grid)
    assert axes[2].images[0].get_array().shape == (4, 4)
    assert [ax.get_label() for ax in figure.axes].count("<colorbar>") == 1


@pytest.mark.parametrize(
    ("model_or_weights", "kwargs", "error", "match"),
    [
        (
            np.zeros((30, 10)),
            {},
            ValueError,
            "model_or_weights.*perfect square",
        ),
        (np.zeros((25, 10)), {"img_size": 4}, ValueError, "img_size"),
        (np.zeros((25, 10)), {"img_size": "5"}, TypeError, "img_size"),
        (np.zeros(25), {}, ValueError, "model_or_weights"),
        (np.full((25, 10), np.nan), {}, ValueError, "model_or_weights"),
        ("weights", {}, TypeError, "model_or_weights"),
        (np.zeros((25, 10)), {"axes": [None]}, TypeError, "axes"),
    ],
)
def test_plot_weights_rejects_bad_arguments(
    model_or_weights, kwargs, error, match
):
    with pytest.raises(error, match=match):
        plot_weights(model_or_weights, **kwargs)


def test_plot_weights_refuses_a_model_whose_last_dense_does_not_read_pixels():
    with pytest.raises(ValueError, match="model_or_weights.*64 features"):
        plot_weights(lcdnet.make_deep_model(img_size=10, seed=0))


# --------------------------------------------------- plot_confusion_matrix


def test_plot_confusion_matrix_annotates_the_counts(digits, trained_linear):
    images, labels = digits
    model, _ = trained_linear
    predicted = lcdnet.predict_classes(model, images)
    ax = plot_confusion_matrix(labels, predicted)
    counts = [int(text.get_text()) for text in ax.texts]
    assert len(counts) == 100 and sum(counts) == len(labels)
    expected = lcdnet.confusion_matrix(labels, predicted)
    np.testing.assert_array_equal(np.reshape(counts, (10, 10)), expected)
    np.testing.assert_array_equal(
        ax.collections[0].get_array().reshape(10, 10), expected
    )
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted", "true")
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        str(i) for i in range(10)
    ]


@pytest.mark.parametrize(
    ("normalize", "axis"), [("true", 1), ("pred", 0), ("all", None)]
)
def test_plot_confusion_matrix_normalizes(normalize, axis):
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 2]
    ax = plot_confusion_matrix(
        y_true, y_pred, num_classes=3, normalize=normalize
    )
    values = ax.collections[0].get_array().reshape(3, 3)
    counts = lcdnet.confusion_matrix(y_true, y_pred, num_classes=3)
    totals = (
        counts.sum() if axis is None else counts.sum(axis=axis, keepdims=True)
    )
    np.testing.assert_allclose(values, counts / totals)
    annotated = np.array(
        [float(text.get_text()) for text in ax.texts]
    ).reshape(3, 3)
    np.testing.assert_allclose(annotated, counts / totals, atol=0.005)


def test_plot_confusion_matrix_keeps_empty_rows_at_zero():
    ax = plot_confusion_matrix([0, 0], [0, 1], num_classes=3, normalize="true")
    values = ax.collections[0].get_array().reshape(3, 3)
    np.testing.assert_array_equal(
        values, [[0.5, 0.5, 0], [0, 0, 0], [0, 0, 0]]
    )


def test_plot_confusion_matrix_draws_on_given_ax():
    figure, ax = plt.subplots()
    assert plot_confusion_matrix([1, 2], [1, 2], num_classes=3, ax=ax) is ax
    assert len(ax.texts) == 9


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"normalize": "rows"},
            ValueError,
            r"normalize must be one of \[None, 'true'",
        ),
        ({"normalize": True}, ValueError, "normalize"),
        ({"y_pred": [0, 1]}, ValueError, "y_true and y_pred"),
        ({"y_true": [0, 1, 10]}, ValueError, "y_true"),
        ({"num_classes": 0}, ValueError, "num_classes"),
        ({"ax": "left"}, TypeError, "ax"),
    ],
)
def test_plot_confusion_matrix_rejects_bad_arguments(kwargs, error, match):
    arguments = {"y_true": [0, 1, 2], "y_pred": [0, 1, 1]} | kwargs
    with pytest.raises(error, match=match):
        plot_confusion_matrix(**arguments)


# ------------------------------------------------------------ plot_history


def test_plot_history_draws_the_logged_points(trained_linear):
    _, record = trained_linear
    ax = plot_history(record)
    assert len(ax.lines) == 1
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), record.steps)
    np.testing.assert_array_equal(line.get_ydata(), record["loss"])
    assert line.get_label() == "loss"
    assert ax.get_xlabel() == "step"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "loss"
    ]


def test_plot_history_draws_several_metrics(trained_linear):
    _, record = trained_linear
    ax = plot_history(record, metrics=["loss", "accuracy"])
    assert [line.get_label() for line in ax.lines] == ["loss", "accuracy"]
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), record["accuracy"])


def test_plot_history_smoothing_matches_tensorboard(trained_linear):
    _, record = trained_linear
    ax = plot_history(record, smoothing=0.6)
    smoothed, raw = ax.lines
    np.testing.assert_array_equal(raw.get_ydata(), record["loss"])
    assert raw.get_alpha() < 1 and raw.get_zorder() < smoothed.get_zorder()
    assert len(smoothed.get_ydata()) == len(record["loss"])
    np.testing.assert_array_equal(smoothed.get_xdata(), record.steps)
    assert not np.allclose(smoothed.get_ydata(), record["loss"])
    # TensorBoard: last = 0.6 * last + 0.4 * value, shown as
    # last / (1 - 0.6**count).
    expected, last = [], 0.0
    for count, value in enumerate(record["loss"], start=1):
        last = 0.6 * last + 0.4 * value
        expected.append(last / (1 - 0.6**count))
    np.testing.assert_allclose(smoothed.get_ydata(), expected)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "loss"
    ]


def test_plot_history_log_scale(trained_linear):
    _, record = trained_linear
    assert plot_history(record, logy=True).get_yscale() == "log"
    assert plot_history(record).get_yscale() == "linear"


def test_plot_history_from_a_plain_dict():
    ax = plot_history(
        {"loss": [3.0, 2.0, 1.5], "accuracy": [0.1, 0.5, 0.9]},
        metrics="accuracy",
    )
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.1, 0.5, 0.9])
    assert ax.get_ylabel() == "accuracy"


def test_plot_history_from_a_keras_history():
    images, labels = lcdnet.generate_digits(20, seed=0)
    model = lcdnet.make_linear_model(img_size=5)
    history = model.fit(images, labels, epochs=3, batch_size=10, verbose=0)
    ax = plot_history(history)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(
        ax.lines[0].get_ydata(), history.history["loss"]
    )
    assert ax.get_xlabel() == "epoch"


def test_plot_history_compares_runs(trained_linear):
    _, record = trained_linear
    runs = {
        "batch 50": record,
        "toy": {"loss": [2.0, 1.0], "accuracy": [0.5, 0.7]},
    }
    ax = plot_history(runs)
    assert [line.get_label() for line in ax.lines] == ["batch 50", "toy"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), record.steps)
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [1, 2])
    ax = plot_history(runs, metrics=("loss", "accuracy"))
    assert [line.get_label() for line in ax.lines] == [
        "batch 50: loss",
        "batch 50: accuracy",
        "toy: loss",
        "toy: accuracy",
    ]


def test_plot_history_unknown_metric_lists_the_available_ones(trained_linear):
    _, record = trained_linear
    with pytest.raises(
        ValueError, match=r"metrics: 'acc' .* \['accuracy', 'loss'\]"
    ):
        plot_history(record, metrics="acc")
    with pytest.raises(
        ValueError, match=r"metrics: 'accuracy' .*run 'b'.* \['loss'\]"
    ):
        plot_history({"a": record, "b": {"loss": [1.0]}}, metrics="accuracy")


@pytest.mark.parametrize(
    ("history", "kwargs", "error", "match"),
    [
        (42, {}, TypeError, "history must be"),
        ({}, {}, ValueError, "history is empty"),
        ({"loss": [[1.0, 2.0]]}, {}, ValueError, "history\\['loss'\\]"),
        ({"loss": []}, {}, ValueError, "history\\['loss'\\]"),
        ({"loss": ["a"]}, {}, TypeError, "history\\['loss'\\]"),
        (
            {"a": {"loss": [1.0]}, "b": [1.0]},
            {},
            TypeError,
            "history\\['b'\\]",
        ),
        ({"loss": [1.0]}, {"metrics": []}, TypeError, "metrics"),
        ({"loss": [1.0]}, {"metrics": 3}, TypeError, "metrics"),
        (
            {"loss": [1.0]},
            {"smoothing": 1.0},
            ValueError,
            r"smoothing must be .*\[0, 1\)",
        ),
        ({"loss": [1.0]}, {"smoothing": -0.1}, ValueError, "smoothing"),
        ({"loss": [1.0]}, {"smoothing": "0.5"}, TypeError, "smoothing"),
        ({"loss": [1.0]}, {"logy": "yes"}, TypeError, "logy"),
        ({"loss": [1.0]}, {"ax": [1]}, TypeError, "ax"),
    ],
)
def test_plot_history_rejects_bad_arguments(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_history(history, **kwargs)


def test_plot_history_rejects_steps_that_do_not_match_values():
    record = lcdnet.TrainingHistory(
        np.array([10, 20, 30]), {"loss": np.array([1.0, 0.5])}
    )
    with pytest.raises(
        ValueError, match=r"history\['loss'\] has 2 values but 3 steps"
    ):
        plot_history(record)


# ------------------------------------------------------- plot_xnor_surface


def test_plot_xnor_surface_draws_the_model_over_the_mesh(random_xnor_model):
    resolution = 12
    ax = plot_xnor_surface(random_xnor_model, resolution=resolution)
    assert ax.name == "3d"
    surface = ax.collections[0]
    assert isinstance(surface, matplotlib.collections.PolyCollection)
    ax.figure.canvas.draw()
    assert (
        len(surface.get_paths()) == (resolution - 1) ** 2
    )  # a face per mesh cell

    # Each face is coloured by the mean height of its four mesh points.
    grid = np.linspace(0, 1, resolution)
    x1, x2 = np.meshgrid(grid, grid)
    z = lcdnet.predict(
        random_xnor_model, np.column_stack([x1.ravel(), x2.ravel()])
    )
    z = z.reshape(resolution, resolution)
    face_means = (z[:-1, :-1] + z[1:, :-1] + z[:-1, 1:] + z[1:, 1:]) / 4
    np.testing.assert_allclose(
        surface.get_array(), face_means.ravel(), rtol=1e-5
    )

    # The corner labels hold the model's outputs at (0,0), (0,1), (1,0), (1,1).
    at_corners = lcdnet.predict(random_xnor_model, CORNERS).ravel()
    assert [text.get_position_3d()[:2] for text in ax.texts] == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
    ]
    assert [text.get_text() for text in ax.texts] == [
        f"{v:.3f}" for v in at_corners
    ]
    assert tuple(ax.get_zlim()) == (0.0, 1.0)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == (
        "x1",
        "x2",
        "output",
    )


def test_plot_xnor_surface_calls_the_model_once(monkeypatch, ng_model):
    calls = []
    real_predict = training.predict

    def counting_predict(model, x):
        calls.append(np.shape(x))
        return real_predict(model, x)

    monkeypatch.setattr(training, "predict", counting_predict)
    plot_xnor_surface(ng_model, resolution=30, mark_corners=False)
    assert calls == [(900, 2)]


def test_plot_xnor_surface_draws_on_a_given_3d_ax(ng_model):
    figure = plt.figure()
    ax = figure.add_subplot(projection="3d")
    assert (
        plot_xnor_surface(ng_model, resolution=5, ax=ax, mark_corners=False)
        is ax
    )
    assert len(ax.collections) == 1 and not ax.texts


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"resolution": 1}, ValueError, "resolution must be an integer >= 2"),
        ({"resolution": 10.0}, TypeError, "resolution"),
        ({"mark_corners": "no"}, TypeError, "mark_corners"),
        ({"ax": "3d"}, TypeError, "ax"),
    ],
)
def test_plot_xnor_surface_rejects_bad_arguments(
    ng_model, kwargs, error, match
):
    with pytest.raises(error, match=match):
        plot_xnor_surface(ng_model, **kwargs)


def test_plot_xnor_surface_refuses_a_flat_ax(ng_model):
    _, ax = plt.subplots()
    with pytest.raises(
        ValueError, match=r"ax must be a 3-D Axes.*'rectilinear'"
    ):
        plot_xnor_surface(ng_model, ax=ax)
    assert not ax.collections


def test_xnor_helpers_refuse_models_that_are_not_two_to_one():
    linear = lcdnet.make_linear_model(img_size=5)
    for helper in (plot_xnor_surface, xnor_truth_table):
        with pytest.raises(
            ValueError, match=r"model must map 2 inputs to 1 output"
        ):
            helper(linear)
        with pytest.raises(TypeError, match="model must be a keras.Model"):
            helper(CORNERS)


# -------------------------------------------------------- xnor_truth_table


def test_xnor_truth_table_of_ng_weights(ng_model):
    table = xnor_truth_table(ng_model)
    assert isinstance(table, XnorTruthTable)
    np.testing.assert_array_equal(
        table.inputs, [[0, 0], [0, 1], [1, 0], [1, 1]]
    )
    np.testing.assert_array_equal(table.targets, [1, 0, 0, 1])
    np.testing.assert_allclose(table.outputs, [1, 0, 0, 1], atol=1e-3)
    assert table.max_error < 1e-3
    lines = str(table).splitlines()
    assert lines[0].split() == ["x1", "x2", "output", "target"]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["0", "0"],
        ["0", "1"],
        ["1", "0"],
        ["1", "1"],
    ]
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_xnor_truth_table_rows_match_their_inputs(random_xnor_model):
    # The untrained network is not symmetric, so a swap of (0,1) and (1,0)
    # shows.
    table = xnor_truth_table(random_xnor_model)
    expected = lcdnet.predict(random_xnor_model, CORNERS).ravel()
    assert not np.isclose(expected[1], expected[2])
    np.testing.assert_allclose(table.outputs, expected, rtol=1e-6)
    np.testing.assert_allclose(
        table.max_error, np.abs(expected - [1, 0, 0, 1]).max(), rtol=1e-6
    )


def test_xnor_truth_table_of_a_trained_network():
    model = lcdnet.make_xnor_model(seed=0, hidden_units=4, learning_rate=0.1)
    x = CORNERS
    y = np.array([[1], [0], [0], [1]], dtype="float32")
    lcdnet.train(model, x, y, steps=600, log_every=100, seed=0)
    table = xnor_truth_table(model)
    np.testing.assert_allclose(
        table.outputs, lcdnet.predict(model, x).ravel(), rtol=1e-6
    )
    assert table.max_error < 0.3


def test_xnor_truth_table_is_frozen(ng_model):
    table = xnor_truth_table(ng_model)
    with pytest.raises(AttributeError):
        table.outputs = np.zeros(4)
    with pytest.raises(ValueError):
        table.outputs[0] = 0.0


# ---------------------------------------------------------------- rcParams


def test_helpers_leave_rcparams_unchanged(digits, trained_linear, ng_model):
    images, labels = digits
    model, record = trained_linear
    before = dict(matplotlib.rcParams)
    plot_digits(images[:5], labels[:5], predictions=labels[:5][::-1])
    plot_weights(model)
    plot_confusion_matrix(
        labels, lcdnet.predict_classes(model, images), normalize="all"
    )
    plot_history({"run": record}, smoothing=0.5, logy=True)
    plot_xnor_surface(ng_model, resolution=5)
    xnor_truth_table(ng_model)
    assert dict(matplotlib.rcParams) == before
