"""Tests of lab 1 (lcdnet.lab.positions): held-out positions, with margins,
and its figure.

The margins come from runs at the default seed and at seeds 1 and 2 (run
once by hand to judge the spread, never to pick a seed): they sit well
inside the gap between what a claim says and what would refute it. The
claims themselves are lcdnet.lab.CLAIMS, which the tutorial checks too.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lcdnet import lab, make_mlp_model
from lcdnet.lab import positions
from lcdnet.plotting import lab as lab_plots
from lcdnet.report import Comparison

CLAIMS = lab.CLAIMS


@pytest.fixture(scope="module")
def held_out():
    return lab.held_out_positions(seed=0)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def check_rows(rows):
    assert rows and all(isinstance(row, Comparison) for row in rows)
    assert all(row.published is None for row in rows)
    assert all(
        row.measured is None or type(row.measured) is float for row in rows
    )


def test_only_the_convolutional_network_recognises_digits_at_unseen_positions(
    held_out,
):
    # Measured at seeds 0, 1, 2: deep 1.00; linear 0.13; MLP 0.16
    # (chance 0.10).
    assert (
        held_out.held_out_accuracy("deep") >= CLAIMS["held_out_deep_at_least"]
    )
    assert held_out.position_accuracy["deep"][:, 3:].min() >= 0.8
    for name in ("linear", "mlp"):
        assert (
            held_out.held_out_accuracy(name)
            <= CLAIMS["held_out_dense_at_most"]
        ), name


def test_the_dense_network_fits_the_training_columns_it_fails_beyond(held_out):
    # Its failure is one of generalisation, not of fitting (seen 0.96).
    assert held_out.seen_accuracy("mlp") >= CLAIMS["seen_columns_mlp_at_least"]
    assert (
        held_out.seen_accuracy("mlp") - held_out.held_out_accuracy("mlp")
        >= 0.5
    )
    # The linear model, trained the same way, fits the training columns
    # worse (0.61).
    assert (
        held_out.seen_accuracy("linear") < held_out.seen_accuracy("mlp") - 0.2
    )


def test_every_held_out_picture_is_new_and_the_scores_add_up(held_out):
    for name, score in held_out.scores.items():
        assert score.num_total == 360
        # Only pictures in the training columns can copy a training picture.
        assert score.num_seen <= 180 and score.num_new >= 180
        seen_share = (
            score.seen * score.num_seen + score.new * score.num_new
        ) / 360
        assert seen_share == pytest.approx(score.overall), name
        assert score.overall == pytest.approx(
            held_out.position_accuracy[name].mean()
        ), name
    # The MLP knows the pictures it saw and not the others.
    assert (
        held_out.scores["mlp"].seen >= 0.95
        and held_out.scores["mlp"].new <= 0.3
    )


def test_held_out_result_layout(held_out):
    assert held_out.train_columns == (0, 1, 2) and held_out.test_columns == (
        3,
        4,
        5,
    )
    assert set(held_out.models) == {"linear", "mlp", "deep"}
    for grid in held_out.position_accuracy.values():
        assert grid.shape == (6, 6)
        np.testing.assert_allclose(grid * 10, np.round(grid * 10), atol=1e-9)
    # The training digits really sit only in the training columns.
    columns_lit = held_out.train_images.any(
        axis=1
    )  # (n, 10): columns with a lit pixel
    assert not columns_lit[:, 8:].any()  # offsets 0-2 reach column 7 at most
    check_rows(held_out.comparisons())


def test_the_compared_models_share_the_optimiser(held_out):
    for name, model in held_out.models.items():
        assert type(model.optimizer).__name__ == "Adam", name
        assert float(model.optimizer.learning_rate) == pytest.approx(0.01), (
            name
        )
        assert int(model.optimizer.iterations) == held_out.steps, name


@pytest.fixture
def no_heavy_work(monkeypatch):
    """Make every data generator and training call fail loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError(
            "heavy work started before the arguments were checked"
        )

    for name in ("generate_digits", "build_digit_model", "train_in_batches"):
        monkeypatch.setattr(positions, name, refuse)


def test_training_on_every_column_is_refused_before_heavy_work(no_heavy_work):
    # Single-argument rules: tested from the constraints (test_arguments.py).
    with pytest.raises(ValueError, match="train_columns must leave at least"):
        lab.held_out_positions(train_columns=range(6))


def test_make_mlp_model_is_seeded_and_checks_its_arguments():
    first = make_mlp_model(img_size=5, hidden_units=(8,), seed=3).get_weights()
    again = make_mlp_model(img_size=5, hidden_units=(8,), seed=3).get_weights()
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert [w.shape for w in first] == [(25, 8), (8,), (8, 10), (10,)]
    with pytest.raises(
        ValueError, match="hidden_units must be a non-empty sequence"
    ):
        make_mlp_model(hidden_units=(8, 0))
    with pytest.raises(TypeError, match="hidden_units must be"):
        make_mlp_model(hidden_units=8)
    with pytest.raises(ValueError, match="learning_rate"):
        make_mlp_model(learning_rate=0)


def test_plot_position_accuracy(held_out):
    ax = lab_plots.plot_position_accuracy(held_out, "mlp")
    np.testing.assert_array_equal(
        ax.images[0].get_array(), held_out.position_accuracy["mlp"]
    )
    assert len(ax.texts) == 36 and ax.get_xlabel() == "column offset (pixels)"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "training columns"
    ]
    _, given = plt.subplots()
    assert (
        lab_plots.plot_position_accuracy(
            held_out, "deep", ax=given, colorbar=False
        )
        is given
    )
    with pytest.raises(ValueError, match="model must be one of"):
        lab_plots.plot_position_accuracy(held_out, "cnn")
    with pytest.raises(
        TypeError, match="result must be a HeldOutPositionsResult"
    ):
        lab_plots.plot_position_accuracy(object(), "deep")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        lab_plots.plot_position_accuracy(held_out, "deep", ax="left")
