"""The lessons' claims, checked with honest margins on their default seeds."""

import numpy as np
import pytest

from lcdnet import lessons
from lcdnet.training import load_model, predict
from lcdnet.xnor import XNOR_INPUTS


@pytest.fixture(scope="module")
def xnor_trained(tmp_path_factory):
    return lessons.xnor_training(tmp_path_factory.mktemp("xnor"), seed=0)


def test_perfect_digits_are_learned_exactly():
    result = lessons.perfect_digits(seed=0)
    assert result.run.train_accuracy == 1.0
    assert np.array_equal(result.run.confusion(), np.diag(np.full(10, 10)))
    assert [row.note for row in result.comparisons()][1:] == ["", ""]


def test_linear_model_memorises_jitter_and_fails_fresh_digits():
    result = lessons.inexact_data(seed=0, sizes=(100,))
    memorised = result.memorised
    assert memorised.train_accuracy == 1.0
    # 50 fresh digits: chance is 0.1; memorising gives no real skill.
    assert memorised.test_accuracy <= 0.4
    assert result.runs[100].test_accuracy < result.runs[100].train_accuracy
    # The notebook's 20x20 variant: digit 1 (one column) is learned best.
    per_digit = np.diag(result.large_grid.confusion())
    assert per_digit.argmax() == 1


def test_deep_network_copes_with_jitter_at_a_price():
    result = lessons.deep_network(seed=0)
    assert result.deep.test_accuracy >= 0.99
    assert result.linear.test_accuracy <= 0.5
    assert result.deep.parameters > 10 * result.linear.parameters
    assert len(result.test_labels) == 1000


def test_known_weights_compute_xnor():
    result = lessons.xnor_known_weights(sampled_points=10)
    np.testing.assert_allclose(result.corners, [1, 0, 0, 1], atol=1e-3)
    assert result.per_point_seconds > result.vectorised_seconds > 0


def test_xnor_training_converges_logs_and_saves(xnor_trained):
    assert xnor_trained.final_loss < lessons.CLAIMS["xnor_learned_loss"]
    assert (
        xnor_trained.history.steps[0] == 10
        and xnor_trained.history.steps[-1] == 5000
    )
    assert (
        xnor_trained.model_path.name == "xnor.keras"
        and xnor_trained.model_path.is_file()
    )
    assert any(xnor_trained.log_dir.glob("events.out.tfevents.*"))
    np.testing.assert_allclose(xnor_trained.corners, [1, 0, 0, 1], atol=0.05)


def test_restored_xnor_model_reproduces_the_trained_one_exactly(xnor_trained):
    restored = lessons.xnor_restored(xnor_trained)
    assert restored.model is not xnor_trained.model
    assert restored.max_difference == 0.0
    assert np.array_equal(restored.corners, xnor_trained.corners)
    reloaded = load_model(xnor_trained.model_path)
    assert np.array_equal(
        predict(reloaded, XNOR_INPUTS).ravel(), restored.corners
    )


def test_every_comparison_row_is_complete(xnor_trained):
    rows = (
        lessons.xnor_restored(xnor_trained).comparisons()
        + xnor_trained.comparisons()
    )
    for row in rows:
        assert row.lesson and row.quantity
        assert np.isfinite(row.measured)


# Single-argument rules are tested from the constraints (test_arguments.py);
# these are the rules the body checks, before any heavy work too.
@pytest.mark.parametrize(
    "call, error, name",
    [
        (
            lambda: lessons.inexact_data(sizes=(500,)),
            ValueError,
            "sizes must include 100",
        ),
        (
            lambda: lessons.xnor_training("/nonexistent/lcdnet"),
            FileNotFoundError,
            "out_dir",
        ),
        (
            lambda: lessons.run_lessons("/nonexistent/lcdnet"),
            FileNotFoundError,
            "out_dir",
        ),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_lesson_two_rows_read_the_100_example_run_whatever_other_sizes_run():
    # A size below 100 once made the "100 examples" test row read the
    # smallest run.
    result = lessons.inexact_data(
        seed=0,
        steps=20,
        sizes=(50, 100),
        memorise_steps=20,
        large_grid_steps=20,
        test_size=300,
    )
    assert result.runs[50].test.overall != result.runs[100].test.overall
    rows = {row.quantity: row.measured for row in result.comparisons()}
    assert (
        rows["100 examples: accuracy on 300 fresh digits"]
        == result.runs[100].test.overall
    )
    assert (
        rows["100 examples: training accuracy"]
        == result.runs[100].train_accuracy
    )


def test_memorised_model_is_perfect_on_copies_near_chance_on_new():
    result = lessons.inexact_data(
        seed=0, sizes=(100,), steps=20, large_grid_steps=20
    )
    test = result.memorised.test
    assert test.num_seen + test.num_new == 1000 and test.num_seen > 100
    assert test.seen >= lessons.CLAIMS["memorised_on_copies_at_least"]
    assert test.new <= lessons.CLAIMS["memorised_on_new_at_most"]


def test_same_optimiser_comparison_credits_the_architecture():
    result = lessons.deep_network(seed=0)
    assert set(result.costs) == {"deep", "linear", "linear_series"}
    assert result.deep.test.new >= lessons.CLAIMS["deep_on_new_at_least"]
    for name in ("linear", "linear_series"):
        assert (
            result.costs[name].test.new
            <= lessons.CLAIMS["linear_on_new_at_most"]
        )
    # Same data, same batches: only the model (and for linear_series the
    # optimiser) differs.
    assert (
        result.linear.train_accuracy == 1.0
        and result.deep.train_accuracy == 1.0
    )
