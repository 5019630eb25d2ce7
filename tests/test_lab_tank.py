"""Tests of lab 3 (lcdnet.lab.tank, cues, shortcuts): the tank story, its
bridges and bounds.

Margins were judged from runs at seeds 0, 1 and 2; the claims the tutorial
states are lcdnet.lab.CLAIMS.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lcdnet import lab, split
from lcdnet.lab import shortcuts
from lcdnet.plotting import lab as lab_plots
from lcdnet.report import Comparison
from lcdnet.training import predict, train

CLAIMS = lab.CLAIMS


@pytest.fixture(scope="module")
def story():
    return lab.tank_story(seed=0)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ pictures


def test_tank_digits_biased_and_fair():
    images, labels, sunny = lab.tank_digits(4000, biased=True, seed=0)
    np.testing.assert_array_equal(
        labels, (np.arange(4000) % 10 >= 5).astype(int)
    )
    np.testing.assert_array_equal(sunny, labels == lab.NO_TANK)
    background = images[:, 0, 0]  # a corner: never part of the centred digit
    low, high = lab.SUNNY_BACKGROUND
    assert (background[sunny] >= low).all() and (
        background[sunny] <= high
    ).all()
    assert (background[~sunny] == 0).all()
    assert (
        images.max() == 1.0
        and (images[:, 2:7, 2:7] == 1).any(axis=(1, 2)).all()
    )

    images, labels, sunny = lab.tank_digits(4000, biased=False, seed=0)
    for label in (lab.TANK, lab.NO_TANK):  # the weather ignores the label
        assert sunny[labels == label].mean() == pytest.approx(0.5, abs=0.05)


def test_tank_digits_default_draws_are_unchanged():
    # The same seed gives the same pictures as before agreement= existed.
    first = lab.tank_digits(50, biased=True, seed=3)
    again = lab.tank_digits(50, biased=True, seed=3, agreement=1.0)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("agreement", [0.5, 0.8, 0.95])
def test_tank_digits_agreement_is_exact_and_brightness_is_respected(agreement):
    images, labels, sunny = lab.tank_digits(
        400, biased=True, seed=1, agreement=agreement, brightness=(0.1, 0.2)
    )
    follows = sunny == (labels == lab.NO_TANK)
    assert follows.sum() == round(agreement * 400)
    corner = images[:, 0, 0]
    assert (corner[sunny] >= 0.1).all() and (corner[sunny] <= 0.2).all()
    assert (corner[~sunny] == 0).all()


def test_swap_weather_changes_only_the_background():
    images, _, sunny = lab.tank_digits(100, biased=False, seed=0)
    swapped, now_sunny = lab.swap_weather(images, sunny, seed=1)
    np.testing.assert_array_equal(now_sunny, ~sunny)
    lit = images == 1.0
    np.testing.assert_array_equal(
        swapped == 1.0, lit
    )  # the digit, pixel for pixel
    assert (swapped[sunny][:, 0, 0] == 0).all()
    low, high = lab.SUNNY_BACKGROUND
    assert (
        (swapped[~sunny][:, 0, 0] >= low) & (swapped[~sunny][:, 0, 0] <= high)
    ).all()
    back, _ = lab.swap_weather(
        *lab.swap_weather(images[~sunny], sunny[~sunny], seed=0)
    )
    np.testing.assert_array_equal(
        back, images[~sunny]
    )  # cloudy -> sunny -> cloudy


def test_position_cue_digits_put_the_cue_where_the_rule_says():
    _, labels, positions = lab.position_cue_digits(600, biased=True, seed=0)
    np.testing.assert_array_equal(positions[:, 1] >= 3, labels == lab.TANK)
    assert set(positions[:, 0]) == set(range(6))
    _, labels, positions = lab.position_cue_digits(4000, biased=False, seed=0)
    for label in (lab.TANK, lab.NO_TANK):
        assert (positions[labels == label, 1] >= 3).mean() == pytest.approx(
            0.5, abs=0.05
        )
    assert set(positions[:, 1]) == set(range(6))


@pytest.mark.parametrize(
    "call, error, message",
    [
        # (Single-argument rules: tested from the constraints, test_arguments.)
        (
            lambda: lab.tank_digits(10, biased=True, seed=-1),
            ValueError,
            "seed",
        ),
        (
            lambda: lab.tank_digits(10, biased=False, agreement=0.9),
            ValueError,
            "agreement",
        ),
        (
            lambda: lab.swap_weather(np.zeros((2, 10, 10)), [True]),
            ValueError,
            "sunny",
        ),
        (
            lambda: lab.swap_weather(
                np.zeros((2, 10, 10)), [True, False], brightness=0.3
            ),
            TypeError,
            "brightness",
        ),
        (
            lambda: lab.swap_weather(
                np.zeros((2, 10, 10)), [True, False], brightness=(0.5, 0.3)
            ),
            ValueError,
            "brightness",
        ),
    ],
)
def test_picture_makers_check_their_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ----------------------------------------------------------- the weather story


def test_biased_validation_is_perfect_and_fair_data_exposes_the_cue(
    story,
):
    # Measured at seeds 0, 1, 2: validation 1.00, fair 0.49-0.50,
    # against the bias 0.00.
    for name in ("linear", "deep"):
        run = story.runs[name, "biased"]
        assert (
            run.validation_accuracy >= CLAIMS["biased_validation_at_least"]
        ), name
        assert run.fair_accuracy <= 0.65, name
        assert run.cue_agrees_accuracy >= 0.9, name  # it reads the weather...
        assert run.cue_disagrees_accuracy <= CLAIMS["cue_disagrees_at_most"], (
            name
        )  # ...only


def test_swapping_the_weather_flips_the_biased_answers_without_any_fair_data(
    story,
):
    # Measured: 1.00 of the biased models' validation answers flip,
    # 0.00 of the fair ones'.
    for name in ("linear", "deep"):
        assert (
            story.runs[name, "biased"].flip_rate
            >= CLAIMS["weather_flips_at_least"]
        ), name
        assert (
            story.runs[name, "fair"].flip_rate <= CLAIMS["fair_flips_at_most"]
        ), name


def test_fair_training_data_restores_fair_accuracy(story):
    # Measured at seeds 0, 1, 2: 1.00 for both models.
    for name in ("linear", "deep"):
        run = story.runs[name, "fair"]
        assert run.fair_accuracy >= CLAIMS["fair_training_at_least"], name
        assert run.cue_disagrees_accuracy >= 0.85, name


def test_fair_scores_split_copies_from_new_pictures(story):
    # Cloudy tank pictures are identical for one digit: the fair test set
    # copies some training pictures. The biased models get those right and
    # the new ones (a sunny tank, a cloudy forest) mostly wrong.
    run = story.runs["linear", "biased"]
    score = run.fair_score
    assert 0 < score.num_seen < score.num_total == len(story.fair_labels)
    assert score.overall == pytest.approx(run.fair_accuracy)
    assert score.seen >= 0.95 and score.new <= 0.5


def test_the_weights_are_measured_not_asserted(story):
    # Measured: the biased model's largest in-digit weight is 1.99 times a
    # background weight; all 75 background weights are alike (std ~1e-8);
    # a sunny day shifts the tank score by -10.4, while the ten digits span
    # only 2.9 on a cloudy day: the weather wins when the cues conflict.
    biased = story.weight_summary("biased")
    assert 1.5 <= biased.digit_to_background <= 3.0
    assert (
        biased.background_mean < 0
    )  # a bright background is evidence against a tank
    assert biased.background_std <= 1e-3 * abs(biased.background_mean)
    assert abs(biased.weather_shift) > biased.digit_spread
    fair = story.weight_summary("fair")
    assert fair.digit_to_background >= 20
    assert abs(fair.weather_shift) < 0.1 * fair.digit_spread
    weights = story.decision_weights("biased")
    box = story.digit_box()
    assert weights.shape == (10, 10) and box.sum() == 25
    assert (weights[~box] < 0).all()
    with pytest.raises(ValueError, match="training must be one of"):
        story.decision_weights("sunny")


def test_weight_summary_matches_the_weights(story):
    summary = story.weight_summary("biased")
    weights = story.decision_weights("biased")
    box = story.digit_box()
    assert summary.largest_in_digit == pytest.approx(
        np.abs(weights[box]).max()
    )
    # A sunny day's shift is the background weights times the brightness,
    # over every unlit pixel (the unlit pixels of the box included).
    sunny = story.fair_sunny
    unlit = story.fair_images[sunny] < 1.0
    brightness = story.fair_images[sunny][:, 0, 0]
    expected = np.mean((unlit * weights).sum(axis=(1, 2)) * brightness)
    assert summary.weather_shift == pytest.approx(expected, rel=1e-3)


# ------------------------------------------------------------ the position cue


def test_the_linear_model_keys_on_position_and_the_cnn_mostly_on_shape(story):
    # Measured at seed 0: linear fair 0.50, against the bias 0.00, flips 1.00;
    # CNN fair 0.85, against the bias 0.69, flips 0.35.
    linear, deep = story.position_runs["linear"], story.position_runs["deep"]
    for run in (linear, deep):
        assert run.validation_accuracy >= CLAIMS["biased_validation_at_least"]
    assert linear.cue_disagrees_accuracy <= CLAIMS["cue_disagrees_at_most"]
    assert linear.flip_rate >= CLAIMS["weather_flips_at_least"]
    assert (
        deep.cue_disagrees_accuracy
        >= CLAIMS["cnn_position_disagrees_at_least"]
    )
    assert deep.fair_accuracy > linear.fair_accuracy + 0.2
    assert deep.flip_rate < linear.flip_rate


def test_position_cue_fair_test_is_every_digit_at_every_offset(story):
    for run in story.position_runs.values():
        assert run.fair_score.num_total == 360
        assert (
            run.fair_score.num_seen <= 180
        )  # only cue-agreeing pictures were collected


# ----------------------------------------------------------- the phase diagram


def test_phase_diagram_shows_where_the_shortcut_wins(story):
    phase = story.phase
    assert phase.fair_accuracy.shape == (
        len(lab.CUE_STRENGTHS),
        len(lab.CUE_AGREEMENTS),
    )
    # A cue that says nothing costs nothing; the story's strong, perfect
    # cue wins.
    assert phase.fair_accuracy[:, 0].min() >= CLAIMS["phase_no_cue_at_least"]
    assert phase.at(1.0, 0.4) <= CLAIMS["phase_shortcut_at_most"]
    # More agreement never helps fair accuracy much, and a stronger cue
    # never helps at full agreement (margin: one test set's noise).
    assert (np.diff(phase.fair_accuracy, axis=1) <= 0.03).all()
    assert (np.diff(phase.fair_accuracy[:, -1]) <= 0.03).all()
    # The faintest cue loses to the digit even when it always agrees.
    assert phase.at(1.0, min(phase.strengths)) >= 0.9


def test_stacked_regressions_train_exactly_like_one_alone():
    agreements, strengths = (0.5, 0.9), (0.1, 0.4)
    phase = lab.shortcut_phase_diagram(
        seed=0,
        agreements=agreements,
        strengths=strengths,
        train_size=100,
        test_size=50,
        steps=60,
    )
    brightness = (0.4 * 0.75, 0.4 * 1.25)
    images, labels, _ = lab.tank_digits(
        100, biased=True, seed=0, agreement=0.9, brightness=brightness
    )
    alone = shortcuts.linear_tank_model()
    train(alone, images, labels, steps=60, batch_size=50, seed=0, log_every=60)
    fair_images, fair_labels, _ = lab.tank_digits(
        50, biased=False, seed=2, brightness=brightness
    )
    answers = predict(alone, fair_images).argmax(axis=1)
    assert phase.at(0.9, 0.4) == pytest.approx(np.mean(answers == fair_labels))


def test_story_layout(story):
    assert set(story.runs) == {
        (name, training)
        for name in ("linear", "deep")
        for training in ("biased", "fair")
    }
    assert set(story.position_runs) == {"linear", "deep"}
    rows = story.comparisons()
    assert rows and all(isinstance(row, Comparison) for row in rows)
    assert all(
        type(row.measured) is float and row.published is None for row in rows
    )
    assert {row.lesson for row in rows} == {"lab 3 tank story"}


def test_the_split_is_the_one_lcdnet_split_draws(story):
    (_, _), (_, valid_labels) = split(
        story.biased_images, story.biased_labels, seed=0
    )
    assert len(valid_labels) == round(0.2 * len(story.biased_labels))


# Single-argument rules are tested from the constraints (test_arguments.py).


# ------------------------------------------------------------------ figures


def test_plot_decision_weights(story):
    ax = lab_plots.plot_decision_weights(story, "biased")
    weights = story.decision_weights("biased")
    np.testing.assert_allclose(ax.images[0].get_array(), weights)
    assert ax.images[0].get_clim() == pytest.approx(
        (-np.abs(weights).max(), np.abs(weights).max())
    )
    assert "background pixel" in ax.get_title()
    with pytest.raises(ValueError, match="training must be one of"):
        lab_plots.plot_decision_weights(story, "sunny")


def test_plot_cue_tests(story):
    ax = lab_plots.plot_cue_tests(story)
    assert (
        len(ax.patches) == 3 * 4
    )  # three bars for each of four (cue, model) pairs
    heights = [patch.get_height() for patch in ax.patches]
    assert heights[4:8] == pytest.approx(
        [
            story.runs["linear", "biased"].cue_agrees_accuracy,
            story.runs["deep", "biased"].cue_agrees_accuracy,
            story.position_runs["linear"].cue_agrees_accuracy,
            story.position_runs["deep"].cue_agrees_accuracy,
        ]
    )
    assert len(ax.get_legend().get_texts()) == 4


def test_plot_phase_diagram(story):
    ax = lab_plots.plot_phase_diagram(story.phase)
    np.testing.assert_array_equal(
        ax.images[0].get_array(), story.phase.fair_accuracy
    )
    assert [label.get_text() for label in ax.get_xticklabels()][-1] == "100%"
    assert "agrees" in ax.get_xlabel() and "strength" in ax.get_ylabel()
    with pytest.raises(
        TypeError, match="phase must be a ShortcutPhaseDiagram"
    ):
        lab_plots.plot_phase_diagram(story)
