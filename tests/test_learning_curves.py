"""Tests of lcdnet.lab.learning_curves (memorisation as a learning curve) and
its figure.

The stacked models it trains are tested in test_stacked.py. The claims
are lcdnet.lab.learning_curves.CURVE_CLAIMS, which the tutorial
checks too. The fixture is a smaller run than the tutorial's (3 seeds,
four sizes, one CNN seed): the margins below come from it at seed 0 and
from the tutorial's run (10 seeds), each measured once to judge the spread,
never to pick a seed.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lcdnet
from lcdnet._backend import keras
from lcdnet.lab.learning_curves import (
    CURVE_CLAIMS,
    CURVES,
    MIN_NEW_PICTURES,
    LearningCurves,
    StoppingRule,
    learning_curves,
)
from lcdnet.plotting.curves import plot_learning_curves
from lcdnet.report import Comparison
from lcdnet.training import train

SIZES = (20, 100, 500, 5000)


@pytest.fixture(scope="module")
def curves():
    return learning_curves(
        seed=0, sizes=SIZES, num_seeds=3, cnn_sizes=(20, 100), cnn_seeds=1
    )


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ the lesson


def test_the_linear_model_never_recognises_new_pictures(curves):
    # Measured 0.03-0.09 at every size and budget (chance 0.1).
    for curve in ("linear_series", "linear_passes", "linear_converged"):
        for size in SIZES[:-1]:
            assert (
                curves.mean(curve, "new_accuracy", size)
                <= CURVE_CLAIMS["linear_new_at_most"]
            ), (curve, size)


def test_the_cnn_recognises_new_pictures_and_fits_its_training_set(curves):
    for size in curves.cnn_sizes:
        assert (
            curves.mean("cnn_converged", "train_accuracy", size)
            >= CURVE_CLAIMS["cnn_converged_train_at_least"]
        )
        if size >= CURVE_CLAIMS["cnn_new_from_size"]:
            assert (
                curves.mean("cnn_converged", "new_accuracy", size)
                >= CURVE_CLAIMS["cnn_new_at_least"]
            )  # measured 1.00


def test_the_series_budget_under_trains_the_linear_model_on_large_sets(curves):
    largest = max(SIZES)
    series = curves.mean(
        "linear_series", "train_accuracy", largest
    )  # measured 0.19
    trained = curves.mean(
        "linear_converged", "train_accuracy", largest
    )  # measured 0.60
    assert trained - series >= CURVE_CLAIMS["under_training_gap_at_least"]
    assert trained <= CURVE_CLAIMS["linear_converged_largest_at_most"]
    # ... while it fits the smallest set perfectly when trained long enough.
    assert curves.mean("linear_converged", "train_accuracy", min(SIZES)) == 1.0


def test_a_fixed_number_of_passes_starves_small_training_sets(curves):
    # 10 passes over 20 examples are 4 steps: the CNN is far from what it
    # reaches.
    assert (
        curves.mean("cnn_passes", "new_accuracy", 20)
        < curves.mean("cnn_converged", "new_accuracy", 20) - 0.2
    )


# ------------------------------------------------------------------ the record


def test_every_budget_trains_the_steps_it_promises(curves):
    for point in curves.points:
        if point.curve == "linear_series":
            assert (point.steps, point.stop) == (100, "budget")
        elif point.curve.endswith("passes"):
            assert point.steps == max(
                1, round(curves.passes * point.size / 50)
            )
            assert point.stop == "budget"
        else:
            assert point.steps <= curves.max_steps
            assert point.stop in ("perfect", "plateau", "cap")
            assert (point.stop == "perfect") == (point.train_accuracy == 1.0)
            assert point.stop != "cap" or point.steps == curves.max_steps


def test_each_curve_has_one_model_per_size_and_seed(curves):
    for curve in CURVES:
        seeds = curves.cnn_seeds if curve.startswith("cnn") else curves.seeds
        for size in curves.curve_sizes(curve):
            assert len(curves.values(curve, "train_accuracy", size)) == len(
                seeds
            )
    assert len(curves.frame()) == len(curves.points)
    assert list(curves.summary().index) == list(SIZES)


def test_new_pictures_are_those_missing_from_the_nested_training_sets(curves):
    images, _ = lcdnet.generate_digits(max(SIZES), img_size=10, seed=1)
    for size in SIZES:
        distinct = len(np.unique(images[:size].reshape(size, -1), axis=0))
        assert (
            curves.values("linear_series", "num_new", size)[1]
            == 360 - distinct
        )
    # At 5,000 examples every picture is in the training set: no new accuracy.
    assert np.isnan(
        curves.values("linear_converged", "new_accuracy", 5000)
    ).all()
    for point in curves.points:
        assert (point.new_accuracy is None) == (
            point.num_new < MIN_NEW_PICTURES
        )


def test_comparison_rows_carry_the_published_training_accuracies(curves):
    rows = curves.comparisons()
    assert rows and all(isinstance(row, Comparison) for row in rows)
    published = [row for row in rows if row.published is not None]
    assert [row.published for row in published] == [1.0, 0.54, 0.32]
    assert all(
        row.measured is None or type(row.measured) is float for row in rows
    )


def test_the_same_seed_gives_the_same_curves():
    # (The CNN's runs restart one model; test_a_restarted_model_... checks
    # that.)
    settings = dict(
        sizes=(20, 100),
        num_seeds=2,
        passes=1,
        max_steps=30,
        plateau_steps=10,
        cnn_sizes=(),
        cnn_seeds=0,
    )
    first, second = (
        learning_curves(seed=3, **settings),
        learning_curves(seed=3, **settings),
    )
    assert first.points == second.points


# ------------------------------------------------------------------ the engine


def test_the_stopping_rule():
    rule = StoppingRule(plateau_steps=100, plateau_gain=0.05, max_steps=300)
    assert not rule.update(50, 0.5) and not rule.update(100, 0.56)
    assert not rule.update(
        150, 0.6
    )  # +0.04 since step 100: no gain yet, 50 steps
    assert rule.update(200, 0.6) and rule.reason == "plateau"
    capped = StoppingRule(plateau_steps=1000, plateau_gain=0.01, max_steps=200)
    assert not capped.update(100, 0.3)
    assert capped.update(200, 0.5) and capped.reason == "cap"


def test_a_restarted_model_trains_like_a_fresh_one():
    from lcdnet.lab.learning_curves import _restart

    images, labels = lcdnet.generate_digits(100, img_size=10, seed=0)

    def fresh():
        return lcdnet.compile_digit_classifier(
            lcdnet.make_linear_model(10), keras.optimizers.Adam(0.01)
        )

    used = fresh()
    initial = used.get_weights()
    train(used, images, labels, steps=7, batch_size=50, seed=1)
    _restart(used, initial)
    assert int(keras.ops.convert_to_numpy(used.optimizer.iterations)) == 0
    train(used, images, labels, steps=7, batch_size=50, seed=2)
    new = fresh()
    train(new, images, labels, steps=7, batch_size=50, seed=2)
    for mine, theirs in zip(
        used.get_weights(), new.get_weights(), strict=True
    ):
        np.testing.assert_allclose(mine, theirs, atol=1e-7)


# ------------------------------------------------------------------ arguments


# Single-argument rules are tested from the constraints (test_arguments.py);
# these are the rules the body checks, before any heavy work too.
@pytest.mark.parametrize(
    "arguments, error, words",
    [
        ({"cnn_sizes": (30,)}, ValueError, "cnn_sizes must be among sizes"),
        ({"passes": 100}, ValueError, "must not exceed max_steps"),
    ],
)
def test_bad_arguments_are_refused_by_name(arguments, error, words):
    with pytest.raises(error, match=words):
        learning_curves(**arguments)


# ------------------------------------------------------------------ the figure


@pytest.mark.parametrize("quantity", ["train_accuracy", "new_accuracy"])
def test_the_figure_has_a_line_per_curve_a_legend_and_log_sizes(
    curves, quantity
):
    ax = plot_learning_curves(curves, quantity)
    assert ax.get_xscale() == "log"
    assert (
        "training-set size" in ax.get_xlabel()
        and "accuracy" in ax.get_ylabel()
    )
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert [curves.label(curve) for curve in CURVES] == legend[: len(CURVES)]
    assert any(text.startswith("chance") for text in legend) == (
        quantity == "new_accuracy"
    )


def test_the_figure_draws_on_the_axes_it_is_given_and_checks_its_arguments(
    curves,
):
    _, ax = plt.subplots()
    assert (
        plot_learning_curves(curves, "new_accuracy", ax=ax, legend=False) is ax
    )
    assert ax.get_legend() is None
    with pytest.raises(ValueError, match="quantity"):
        plot_learning_curves(curves, "steps")
    with pytest.raises(TypeError, match="result"):
        plot_learning_curves({"points": []})
    assert isinstance(curves, LearningCurves)
