"""Tests of the stacked-training engine (lcdnet._stacked) and its grid.

Each kind of member, under each loss and optimiser the experiments use,
trains as the same model alone would on the same batches: the settings
search, the learning curves, the phase diagram and the lottery rely on it.
"""

import math

import numpy as np
import pytest

import lcdnet
from lcdnet import _grid, _stacked
from lcdnet._backend import keras
from lcdnet.lessons.reproduction import notebook_batches
from lcdnet.models import make_xnor_model
from lcdnet.training import train
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS


def kernel_of(model):
    return keras.ops.convert_to_numpy(model.get_layer(index=-1).kernel)


# ------------------------------------------------------- linear, by picture id


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_each_stacked_member_trains_as_a_lone_linear_model(optimizer):
    def make_optimizer():
        return (
            keras.optimizers.SGD(0.3)
            if optimizer == "sgd"
            else keras.optimizers.Adam(0.01)
        )

    images, _ = lcdnet.generate_digits(300, img_size=10, seed=0)
    ids = _grid.picture_ids(images)
    member_ids = [ids[:100], ids[100:300]]
    rows = _stacked.tiled_rows(member_ids)
    stacked = _stacked.make_stacked_linear_model(2, make_optimizer())
    pictures, digits = _grid.picture_images(), _grid.picture_labels()
    batches = np.random.default_rng(4).integers(0, len(rows), size=(6, 50))
    for batch in batches:
        train(stacked, rows[batch], digits[rows[batch]], steps=1)
    kernel = kernel_of(stacked)
    for member in range(2):
        alone = lcdnet.compile_digit_classifier(
            lcdnet.make_linear_model(10), make_optimizer()
        )
        for batch in batches:
            batch_ids = rows[batch, member]
            train(alone, pictures[batch_ids], digits[batch_ids], steps=1)
        expected = keras.ops.convert_to_numpy(alone.layers[-1].kernel)
        np.testing.assert_allclose(kernel[member], expected, atol=2e-6)


def test_a_member_trains_at_its_own_rate_as_a_lone_model_would():
    images, labels = lcdnet.generate_digits(100, img_size=10, seed=0)
    ids = _grid.picture_ids(images)
    rates = (0.03, 0.3)
    stacked = _stacked.make_stacked_linear_model(
        2, keras.optimizers.SGD(1.0), member_weights=rates
    )
    batches = notebook_batches(100, 6, seed=0)
    for batch in batches:
        both = np.stack([ids[batch]] * 2, axis=1)
        train(stacked, both, labels[batch][:, None].repeat(2, axis=1), steps=1)
    kernel = kernel_of(stacked)
    for member, rate in enumerate(rates):
        alone = lcdnet.make_linear_model(10, learning_rate=rate)
        for batch in batches:
            train(alone, images[batch], labels[batch], steps=1)
        np.testing.assert_allclose(
            kernel[member],
            keras.ops.convert_to_numpy(alone.layers[-1].kernel),
            atol=1e-6,
        )


def test_predicted_pictures_are_the_members_answers_on_the_grid():
    stacked = _stacked.make_stacked_linear_model(3, keras.optimizers.SGD(0.3))
    ids = np.random.default_rng(0).integers(
        0, _grid.NUM_PICTURES, size=(50, 3)
    )
    train(
        stacked,
        ids,
        _grid.picture_labels()[ids],
        steps=20,
        batch_size=50,
        seed=0,
    )
    every = np.tile(np.arange(_grid.NUM_PICTURES)[:, None], (1, 3))
    probabilities = stacked.predict(every, verbose=0)  # (360, 3, 10)
    np.testing.assert_array_equal(
        _stacked.predicted_pictures(stacked), probabilities.argmax(axis=-1)
    )


# ----------------------------------------------------- linear, by its pixels


def test_members_reading_their_own_pixels_train_as_lone_linear_models():
    rng = np.random.default_rng(1)
    pictures = rng.random((100, 2, 10, 10)).astype(
        "float32"
    )  # two members' own data
    labels = rng.integers(0, 2, size=(100, 2))
    stacked = _stacked.make_stacked_model(
        _stacked.StackedLinearModels(2, num_pixels=100),
        (2, 10, 10),
        optimizer=keras.optimizers.SGD(0.03),
        loss="cross_entropy",
    )
    train(stacked, pictures, labels, steps=40, batch_size=50, seed=3)
    for member in range(2):
        alone = lcdnet.make_linear_model(10)  # SGD at 0.03, cross-entropy
        train(
            alone,
            pictures[:, member],
            labels[:, member],
            steps=40,
            batch_size=50,
            seed=3,
        )
        np.testing.assert_allclose(
            kernel_of(stacked)[member],
            keras.ops.convert_to_numpy(alone.layers[-1].kernel),
            atol=1e-6,
        )


def test_a_linear_layer_reads_ids_or_pixels_not_both():
    with pytest.raises(ValueError, match="either pictures"):
        _stacked.StackedLinearModels(2)
    with pytest.raises(ValueError, match="either pictures"):
        _stacked.StackedLinearModels(
            2, pictures=np.zeros((3, 4)), num_pixels=4
        )


# ------------------------------------------------------ XNOR, squared error


def test_stacked_xnor_networks_train_as_lone_networks_with_squared_error():
    # Two widths in one model: the narrower member's padded units stay off.
    members = [(2, 0), (3, 1)]
    widest = 3
    initial, mask = [], []
    for width, seed in members:
        kernel, bias, out_kernel, out_bias = make_xnor_model(
            seed=seed, hidden_units=width
        ).get_weights()
        pad = widest - width
        initial.append(
            [
                np.pad(kernel, ((0, 0), (0, pad))),
                np.pad(bias, (0, pad)),
                np.pad(out_kernel, ((0, pad), (0, 0))),
                out_bias,
            ]
        )
        mask.append(np.arange(widest) < width)
    model = _stacked.make_stacked_model(
        _stacked.StackedXnorNetworks(len(members), widest, np.array(mask)),
        (2,),
        optimizer=keras.optimizers.Adam(0.03),
        loss="squared_error",
    )
    model.set_weights(
        [np.stack(arrays) for arrays in zip(*initial, strict=True)]
    )
    train(
        model, XNOR_INPUTS, np.tile(XNOR_TARGETS, (1, len(members))), steps=300
    )
    outputs = model.predict(XNOR_INPUTS, verbose=0)  # (4, members)
    for index, (width, seed) in enumerate(members):
        alone = make_xnor_model(seed=seed, hidden_units=width)
        train(alone, XNOR_INPUTS, XNOR_TARGETS, steps=300)
        np.testing.assert_allclose(
            outputs[:, index],
            alone.predict(XNOR_INPUTS, verbose=0)[:, 0],
            atol=1e-5,
        )
    padded = keras.ops.convert_to_numpy(
        model.get_layer(index=-1).hidden_kernel
    )[0, :, 2]
    np.testing.assert_array_equal(padded, 0.0)


# ------------------------------------------------------------------ the loss


def test_summed_loss_adds_each_members_weighted_mean_loss():
    y_true = np.array([[1.0, 0.0], [0.0, 0.0]])
    y_pred = np.array([[0.5, 0.5], [0.5, 1.0]])
    # Member 0: mean of 0.25, 0.25 = 0.25; member 1: mean of 0.25, 1 = 0.625.
    assert float(
        _stacked.SummedLoss("squared_error")(y_true, y_pred)
    ) == pytest.approx(0.875)
    weighted = _stacked.SummedLoss("squared_error", member_weights=[2.0, 0.0])
    assert float(weighted(y_true, y_pred)) == pytest.approx(0.5)
    probabilities = np.array(
        [[[0.25, 0.75], [0.5, 0.5]]]
    )  # one row, two members
    entropy = float(
        _stacked.SummedLoss("cross_entropy")(np.array([[1, 0]]), probabilities)
    )
    assert entropy == pytest.approx(-np.log(0.75) - np.log(0.5), rel=1e-6)
    with pytest.raises(ValueError, match="loss must be one of"):
        _stacked.SummedLoss("hinge")


# ------------------------------------------------------ data layout and grid


def test_tiled_rows_give_every_example_equal_weight():
    rows = _stacked.tiled_rows([np.arange(20), np.arange(50), np.arange(200)])
    assert len(rows) == math.lcm(20, 50, 200)
    for column, size in enumerate((20, 50, 200)):
        counts = np.bincount(rows[:, column])
        assert len(counts) == size and counts.min() == counts.max()
    assert len(_stacked.tiled_rows([np.arange(3)], min_rows=50)) == 51


def test_picture_ids_refuse_what_is_no_grid_picture():
    noisy, _ = lcdnet.generate_digits(3, img_size=10, seed=0, noise=0.1)
    with pytest.raises(ValueError, match="10x10 grid"):
        _grid.picture_ids(noisy)


def test_every_picture_draws_each_digit_at_each_offset_in_id_order():
    images, labels, offsets = _grid.every_picture()
    assert (
        images.shape == (360, 10, 10) and len(set(map(tuple, offsets))) == 36
    )
    for index in (0, 37, 359):
        row, column = offsets[index]
        assert index == labels[index] * 36 + row * 6 + column
        box = images[index][row : row + 5, column : column + 5]
        np.testing.assert_array_equal(box, lcdnet.digit_bitmap(labels[index]))
        assert images[index].sum() == box.sum()
    np.testing.assert_array_equal(_grid.ids_at(_grid.OFFSETS), np.arange(360))
    np.testing.assert_array_equal(
        offsets[_grid.ids_at([(2, 3)])], [[2, 3]] * 10
    )
