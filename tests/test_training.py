"""train(), its history and TensorBoard logs, evaluation, saving and loading.

The expensive trainings (XNOR for 5,000 steps, the deep model on 1,000
digits) run once per module in fixtures; tests that train on their own use
tiny models and a few steps.
"""

import math
import time
import zipfile

import numpy as np
import pytest

from lcdnet._backend import keras

import lcdnet  # noqa: E402
from lcdnet import training  # noqa: E402
from lcdnet.digits import all_positions, generate_digits  # noqa: E402
from lcdnet.metrics import confusion_matrix  # noqa: E402
from lcdnet.models import make_deep_model, make_linear_model, make_xnor_model  # noqa: E402
from lcdnet.training import (  # noqa: E402
    TrainingHistory,
    accuracy,
    load_model,
    predict,
    predict_classes,
    save_model,
    train,
)

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
XNOR = np.array([[1], [0], [0], [1]], dtype="float32")


def weights_equal(first, second):
    return len(first) == len(second) and all(
        np.array_equal(a, b) for a, b in zip(first, second)
    )


def weights_close(first, second, rtol=1e-5, atol=1e-7):
    return len(first) == len(second) and all(
        np.allclose(a, b, rtol=rtol, atol=atol) for a, b in zip(first, second)
    )


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def xnor_run(tmp_path_factory):
    """XNOR as in the series: seed 0, full batch, 5,000 Adam steps, logged to TensorBoard."""
    model = make_xnor_model(seed=0)
    compile_config = model.get_compile_config()
    log_dir = tmp_path_factory.mktemp("runs") / "xnor" / "seed0"  # does not exist yet
    record = train(model, CORNERS, XNOR, steps=5000, log_dir=log_dir)
    return model, record, compile_config, log_dir


@pytest.fixture(scope="module")
def digits_5x5():
    return generate_digits(100, seed=0)


@pytest.fixture(scope="module")
def linear_run(digits_5x5):
    """The idealised lesson: 100 perfect 5x5 digits, batch 50, 100 steps."""
    images, labels = digits_5x5
    model = make_linear_model()
    compile_config = model.get_compile_config()
    record = train(model, images, labels, steps=100, batch_size=50, seed=0)
    return model, record, compile_config


@pytest.fixture(scope="module")
def deep_run():
    """The deep model on 1,000 jittered 10x10 digits: 500 steps of batch 50."""
    images, labels = generate_digits(1000, img_size=10, seed=0)
    model = make_deep_model(seed=0)
    record = train(model, images, labels, steps=500, batch_size=50, seed=0)
    return model, record


@pytest.fixture
def no_heavy_work(monkeypatch):
    """Make any start of actual training fail loudly."""

    def forbidden(*args, **kwargs):
        raise AssertionError("training started before the arguments were checked")

    monkeypatch.setattr(training, "_build_training_state", forbidden)
    monkeypatch.setattr(training, "_compile_chunk_runner", forbidden)


# ------------------------------------------------------------------ what training reaches


def test_xnor_converges_from_seed_0(xnor_run):
    model, record, _, _ = xnor_run
    assert record.final("loss") < 1e-3
    corners = predict(model, CORNERS).ravel()
    assert corners.round().tolist() == [1, 0, 0, 1]
    # The series reports corners of about 0.996 / 0.005 / 0.004 / 0.997.
    np.testing.assert_allclose(corners, [1, 0, 0, 1], atol=0.05)


def test_xnor_loss_decreases(xnor_run):
    _, record, _, _ = xnor_run
    loss = record["loss"]
    assert np.all(np.isfinite(loss))
    assert loss[-1] < loss[len(loss) // 2] < loss[0]
    # After the start, the loss only goes down (full batch, small steps).
    tail = loss[len(loss) // 10 :]
    assert np.all(np.diff(tail) <= 1e-7)


def test_linear_model_memorises_perfect_digits(linear_run, digits_5x5):
    model, record, _ = linear_run
    images, labels = digits_5x5
    assert accuracy(model, images, labels) == 1.0
    assert record.final("accuracy") == 1.0
    np.testing.assert_array_equal(
        confusion_matrix(labels, predict_classes(model, images)), 10 * np.eye(10, dtype=int)
    )


def test_deep_model_recognises_fresh_jittered_digits(deep_run):
    model, _ = deep_run
    images, labels = generate_digits(1000, img_size=10, seed=12345)
    assert accuracy(model, images, labels) >= 0.99


def test_deep_model_recognises_digits_at_unseen_positions():
    # A fresh random test set mostly repeats training images (10 x 36 distinct
    # ones); held-out column offsets test translation for real.
    positions = all_positions(10)
    left = [p for p in positions if p[1] <= 2]
    right = [p for p in positions if p[1] >= 3]
    images, labels = generate_digits(1000, img_size=10, seed=0, positions=left)
    test_images, test_labels = generate_digits(1000, img_size=10, seed=1, positions=right)
    model = make_deep_model(seed=0)
    train(model, images, labels, steps=500, batch_size=50, seed=0)
    assert accuracy(model, test_images, test_labels) >= 0.95


# ------------------------------------------------------------------ the history


def test_xnor_history_layout(xnor_run):
    _, record, _, _ = xnor_run
    assert isinstance(record, TrainingHistory)
    np.testing.assert_array_equal(record.steps, np.arange(10, 5001, 10))
    assert set(record.history) == {"loss"}
    assert record["loss"].shape == record.steps.shape
    assert record.final("loss") == float(record["loss"][-1])


def test_classifier_history_has_accuracy(linear_run):
    _, record, _ = linear_run
    assert set(record.history) == {"loss", "accuracy"}
    for values in record.history.values():
        assert values.shape == record.steps.shape
    assert np.all((record["accuracy"] >= 0) & (record["accuracy"] <= 1))


@pytest.mark.parametrize(
    ("steps", "log_every", "expected"),
    [
        (25, 10, [10, 20, 25]),
        (30, 10, [10, 20, 30]),
        (5, 10, [5]),
        (1, 1, [1]),
        (4, 1, [1, 2, 3, 4]),
        (7, 3, [3, 6, 7]),
    ],
)
def test_logged_steps(steps, log_every, expected):
    model = make_xnor_model(weights="ng")
    record = train(model, CORNERS, XNOR, steps=steps, log_every=log_every)
    assert record.steps.tolist() == expected
    assert record["loss"].shape == (len(expected),)
    assert model.optimizer.iterations.numpy() == steps  # exactly `steps` updates


def test_first_logged_values_come_from_the_first_forward_pass(digits_5x5):
    # All-zero weights give uniform probabilities (loss ln 10) and predict
    # class 0, right for a tenth of the balanced full batch.
    images, labels = digits_5x5
    record = train(make_linear_model(), images, labels, steps=3, log_every=1)
    assert record["loss"][0] == pytest.approx(math.log(10), rel=1e-6)
    assert record["accuracy"][0] == pytest.approx(0.1)
    assert record["loss"][2] < record["loss"][0]


def test_logged_values_do_not_depend_on_log_every(digits_5x5):
    # Each logged value is that of its own step's batch, not a mean over the chunk.
    images, labels = digits_5x5
    every_step, chunked = make_linear_model(), make_linear_model()
    fine = train(every_step, images, labels, steps=20, batch_size=10, seed=3, log_every=1)
    coarse = train(chunked, images, labels, steps=20, batch_size=10, seed=3, log_every=7)
    assert coarse.steps.tolist() == [7, 14, 20]
    for name in ("loss", "accuracy"):
        np.testing.assert_allclose(coarse[name], fine[name][[6, 13, 19]], rtol=1e-6)
    assert weights_close(every_step.get_weights(), chunked.get_weights(), rtol=1e-6)


def test_training_history_from_values():
    record = TrainingHistory(np.array([10, 20]), {"loss": np.array([0.5, 0.25])})
    assert record["loss"].tolist() == [0.5, 0.25]
    assert record.final("loss") == 0.25
    with pytest.raises(KeyError):
        record["accuracy"]


# ------------------------------------------------------------------ reproducibility


def test_same_seed_gives_identical_weights():
    images, labels = generate_digits(200, img_size=10, seed=0)
    runs = []
    for batch_seed in (7, 7, 8):
        model = make_deep_model(seed=0)
        train(model, images, labels, steps=20, batch_size=20, seed=batch_seed)
        runs.append(model.get_weights())
    assert weights_equal(runs[0], runs[1])
    assert not weights_equal(runs[0], runs[2])


def test_same_seed_gives_identical_xnor_weights():
    runs = []
    for batch_seed in (0, 0, 1):
        model = make_xnor_model(seed=4)
        record = train(model, CORNERS, XNOR, steps=200, batch_size=2, seed=batch_seed)
        runs.append((model.get_weights(), record["loss"]))
    assert weights_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert not weights_equal(runs[0][0], runs[2][0])


def test_full_batch_ignores_the_seed_and_uses_every_example():
    images, labels = generate_digits(100, img_size=10, seed=0)

    def trained(batch_size, seed):
        model = make_linear_model(img_size=10)
        train(model, images, labels, steps=20, batch_size=batch_size, seed=seed)
        return model.get_weights()[0]

    full = trained(None, 0)
    np.testing.assert_array_equal(full, trained(None, 1))
    # The same as an explicit batch of every example (in another order,
    # hence the tolerance), and far from batches of half the examples.
    explicit_gap = np.abs(full - trained(len(images), 5)).max()
    half_gap = np.abs(full - trained(len(images) // 2, 5)).max()
    assert explicit_gap < 1e-7  # seen: 2e-9
    assert half_gap > 1e-6  # seen: 2e-5


def test_training_continues_where_it_stopped():
    once, twice = make_xnor_model(seed=2), make_xnor_model(seed=2)
    train(once, CORNERS, XNOR, steps=100)
    train(twice, CORNERS, XNOR, steps=50)
    train(twice, CORNERS, XNOR, steps=50)
    assert twice.optimizer.iterations.numpy() == 100
    assert weights_close(once.get_weights(), twice.get_weights(), rtol=1e-6, atol=1e-7)


def test_training_keeps_the_compile_config(xnor_run, linear_run):
    for model, compile_config in ((xnor_run[0], xnor_run[2]), (linear_run[0], linear_run[2])):
        assert model.get_compile_config() == compile_config
    assert float(xnor_run[0].optimizer.learning_rate) == pytest.approx(0.03)
    assert xnor_run[0].loss == "mean_squared_error"
    assert type(linear_run[0].optimizer) is keras.optimizers.SGD


def test_train_accepts_lists_and_integer_labels():
    model = make_linear_model(img_size=3)
    images = np.eye(3, dtype=int)[None].repeat(4, axis=0).tolist()
    record = train(model, images, [0, 1, 2, 3], steps=2)
    assert record.steps.tolist() == [2]


# ------------------------------------------------------------------ TensorBoard


def _read_scalars(log_dir):
    """{tag: (steps, values)} of every scalar in the event files of log_dir."""
    import tensorflow as tf
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(log_dir), size_guidance={"tensors": 0, "scalars": 0})
    accumulator.Reload()
    scalars = {}
    for tag in accumulator.Tags()["tensors"]:
        events = accumulator.Tensors(tag)
        scalars[tag] = (
            np.array([event.step for event in events]),
            np.array([tf.make_ndarray(event.tensor_proto) for event in events]),
        )
    for tag in accumulator.Tags()["scalars"]:  # summaries written the TF1 way
        events = accumulator.Scalars(tag)
        scalars[tag] = (
            np.array([event.step for event in events]),
            np.array([event.value for event in events]),
        )
    return scalars


def test_tensorboard_logs_the_recorded_loss(xnor_run):
    _, record, _, log_dir = xnor_run
    assert list(log_dir.glob("events.out.tfevents.*"))
    scalars = _read_scalars(log_dir)
    assert set(scalars) == {"loss"}
    steps, values = scalars["loss"]
    np.testing.assert_array_equal(steps, record.steps)
    np.testing.assert_array_equal(values.astype("float32"), record["loss"].astype("float32"))


def test_tensorboard_logs_every_metric(tmp_path, digits_5x5):
    images, labels = digits_5x5
    record = train(make_linear_model(), images, labels, steps=25, batch_size=50, seed=0,
                   log_dir=str(tmp_path))
    scalars = _read_scalars(tmp_path)
    assert set(scalars) == {"loss", "accuracy"}
    for name in ("loss", "accuracy"):
        steps, values = scalars[name]
        assert steps.tolist() == [10, 20, 25]
        np.testing.assert_array_equal(values.astype("float32"), record[name].astype("float32"))


def test_no_log_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train(make_xnor_model(weights="ng"), CORNERS, XNOR, steps=3)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ evaluation


def test_accuracy_counts_right_predictions():
    images, labels = generate_digits(20)
    model = make_linear_model()
    assert accuracy(model, images, labels) == 0.1  # all-zero weights always say "0"
    bias = np.zeros(10, dtype="float32")
    bias[3] = 1.0
    model.layers[-1].bias.assign(bias)  # now it always says "3"
    assert accuracy(model, images, labels) == 0.1
    assert accuracy(model, images, np.full(20, 3)) == 1.0
    assert accuracy(model, images[:3], [3, 3, 0]) == pytest.approx(2 / 3)
    assert predict_classes(model, images[:4]).tolist() == [3, 3, 3, 3]


def test_predict_returns_numpy(xnor_run):
    model, _, _, _ = xnor_run
    outputs = predict(model, CORNERS.tolist())
    assert isinstance(outputs, np.ndarray)
    assert outputs.shape == (4, 1)
    np.testing.assert_allclose(outputs, model(CORNERS).numpy())


@pytest.mark.parametrize(
    ("x", "y", "argument"),
    [
        (np.zeros((4, 5, 5)), np.zeros(3, dtype=int), "y"),
        (np.zeros((4, 10, 10)), np.zeros(4, dtype=int), "x"),
        (np.zeros((4, 25)), np.zeros(4, dtype=int), "x"),
    ],
)
def test_accuracy_checks_its_input(x, y, argument):
    with pytest.raises(ValueError, match=rf"\b{argument}\b"):
        accuracy(make_linear_model(), x, y)


def test_confusion_matrix_rows_sum_to_class_counts(deep_run):
    model, _ = deep_run
    images, labels = generate_digits(300, img_size=10, seed=3)
    labels = labels[: 300 - 7]  # unbalanced classes
    matrix = confusion_matrix(labels, predict_classes(model, images[: len(labels)]))
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(labels, minlength=10))
    assert matrix.sum() == len(labels)




# ------------------------------------------------------------------ saving and loading


def test_save_and_load_round_trip(tmp_path, digits_5x5):
    images, labels = digits_5x5
    model = make_linear_model()
    train(model, images, labels, steps=30, batch_size=50, seed=0)
    path = save_model(model, tmp_path / "linear.keras")
    assert path == tmp_path / "linear.keras" and path.is_file()
    loaded = load_model(str(path))
    assert loaded is not model
    assert loaded.name == "linear"
    assert np.array_equal(predict(loaded, images), predict(model, images))
    assert loaded.get_compile_config() == model.get_compile_config()
    # The loaded model trains on and reaches the lesson's result.
    train(loaded, images, labels, steps=70, batch_size=50, seed=1)
    assert accuracy(loaded, images, labels) == 1.0


def test_loaded_model_resumes_exactly(tmp_path):
    original = make_xnor_model(seed=2)
    train(original, CORNERS, XNOR, steps=100)
    loaded = load_model(save_model(original, tmp_path / "xnor.keras"))
    assert loaded.optimizer.iterations.numpy() == 100
    train(original, CORNERS, XNOR, steps=100)
    train(loaded, CORNERS, XNOR, steps=100)
    assert weights_close(original.get_weights(), loaded.get_weights(), rtol=1e-6, atol=1e-7)


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "model.keras"
    save_model(make_xnor_model(seed=0), path)
    save_model(make_xnor_model(weights="ng"), path)
    np.testing.assert_allclose(
        predict(load_model(path), CORNERS).ravel(), [1, 0, 0, 1], atol=1e-3
    )


def test_load_missing_file(tmp_path):
    path = tmp_path / "missing.keras"
    with pytest.raises(FileNotFoundError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("name", ["model.h5", "model.txt", "model", "model.keras.bak"])
def test_load_wrong_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"not a model")
    with pytest.raises(ValueError, match=r"\bpath\b"):
        load_model(path)


def test_load_garbage_file(tmp_path):
    path = tmp_path / "x.keras"
    path.write_bytes(b"\x00garbage\xff" * 50)
    with pytest.raises(ValueError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message and "not a valid Keras model file" in message
    assert "not found" not in message.lower()  # the file is there: say what is wrong


def test_load_zip_missing_members(tmp_path):
    empty = tmp_path / "empty.keras"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="not a valid Keras model file"):
        load_model(empty)
    # A real model file without its weights.
    saved = save_model(make_xnor_model(weights="ng"), tmp_path / "full.keras")
    no_weights = tmp_path / "no_weights.keras"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(no_weights, "w") as target:
        for member in source.namelist():
            if "weights" not in member:
                target.writestr(member, source.read(member))
    with pytest.raises(ValueError, match="not a valid Keras model file"):
        load_model(no_weights)


def test_save_errors(tmp_path):
    model = make_xnor_model(weights="ng")
    with pytest.raises(FileNotFoundError, match="path"):
        save_model(model, tmp_path / "no" / "such" / "folder" / "x.keras")
    with pytest.raises(ValueError, match=r"\bpath\b"):
        save_model(model, tmp_path / "x.h5")
    with pytest.raises(TypeError, match=r"\bpath\b"):
        save_model(model, 42)
    with pytest.raises(TypeError, match="model"):
        save_model("not a model", tmp_path / "x.keras")
    assert list(tmp_path.iterdir()) == []


def test_save_and_load_an_uncompiled_model(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    loaded = load_model(save_model(model, tmp_path / "plain.keras"))
    assert np.array_equal(predict(loaded, CORNERS), predict(model, CORNERS))


# ------------------------------------------------------------------ bad arguments to train


@pytest.fixture(scope="module")
def ng_model():
    return make_xnor_model(weights="ng")


def test_no_heavy_work_fixture_really_blocks_training(no_heavy_work, ng_model):
    # Guards the tests below: a valid call does reach the patched functions.
    with pytest.raises(AssertionError, match="training started"):
        train(ng_model, CORNERS, XNOR, steps=1)


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"steps": 0}, ValueError, "steps"),
        ({"steps": -5}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"steps": 10.0}, TypeError, "steps"),
        ({"steps": "10"}, TypeError, "steps"),
        ({"steps": True}, TypeError, "steps"),
        ({"steps": None}, TypeError, "steps"),
        ({"steps": 5, "batch_size": 0}, ValueError, "batch_size"),
        ({"steps": 5, "batch_size": 5}, ValueError, "batch_size"),
        ({"steps": 5, "batch_size": -1}, ValueError, "batch_size"),
        ({"steps": 5, "batch_size": 2.0}, TypeError, "batch_size"),
        ({"steps": 5, "log_every": 0}, ValueError, "log_every"),
        ({"steps": 5, "log_every": 1.5}, TypeError, "log_every"),
        ({"steps": 5, "seed": -1}, ValueError, "seed"),
        ({"steps": 5, "seed": 0.5}, TypeError, "seed"),
        ({"steps": 5, "log_dir": 3}, TypeError, "log_dir"),
        ({"steps": 5, "log_dir": ["runs"]}, TypeError, "log_dir"),
    ],
)
def test_train_rejects_bad_arguments(no_heavy_work, ng_model, kwargs, error, argument):
    start = time.perf_counter()
    with pytest.raises(error, match=rf"\b{argument}\b"):
        train(ng_model, CORNERS, XNOR, **kwargs)
    assert time.perf_counter() - start < 1.0


def test_steps_is_required(ng_model):
    with pytest.raises(TypeError, match="steps"):
        train(ng_model, CORNERS, XNOR)


@pytest.mark.parametrize(
    ("x", "y", "error", "argument"),
    [
        (CORNERS[:, :1], XNOR, ValueError, "x"),
        (CORNERS.ravel(), XNOR, ValueError, "x"),
        (CORNERS[None], XNOR, ValueError, "x"),
        (CORNERS[:0], XNOR[:0], ValueError, "x"),
        (CORNERS, XNOR[:3], ValueError, "y"),
        (CORNERS[:3], XNOR, ValueError, "y"),
        ([["a", "b"]] * 4, XNOR, TypeError, "x"),
        (np.array([["a", "b"]] * 4), XNOR, TypeError, "x"),
        (CORNERS, np.array(["1", "0", "0", "1"]), TypeError, "y"),
    ],
)
def test_train_rejects_bad_data(no_heavy_work, ng_model, x, y, error, argument):
    with pytest.raises(error, match=rf"\b{argument}\b"):
        train(ng_model, x, y, steps=5)


def test_train_rejects_images_of_the_wrong_size(no_heavy_work):
    images, labels = generate_digits(10, img_size=10)
    with pytest.raises(ValueError, match=r"\bx\b"):
        train(make_linear_model(img_size=5), images, labels, steps=5)


@pytest.mark.parametrize("bad_label", [10, -1])
def test_train_rejects_labels_outside_the_classes(no_heavy_work, bad_label):
    images, labels = generate_digits(10, img_size=5)
    labels[3] = bad_label
    with pytest.raises(ValueError, match=r"\by\b.*0 to 9"):
        train(make_linear_model(img_size=5), images, labels, steps=5)


@pytest.mark.parametrize("model", ["xnor", None, object(), keras.layers.Dense(1)])
def test_train_rejects_non_models(no_heavy_work, model):
    with pytest.raises(TypeError, match="model"):
        train(model, CORNERS, XNOR, steps=5)


def test_train_rejects_an_uncompiled_model(no_heavy_work):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile"):
        train(model, CORNERS, XNOR, steps=5)


def test_bad_call_leaves_the_model_untouched():
    model = make_xnor_model(seed=0)
    before = model.get_weights()
    with pytest.raises(ValueError):
        train(model, CORNERS, XNOR, steps=5, log_every=0)
    assert weights_equal(model.get_weights(), before)
    assert model.optimizer.iterations.numpy() == 0


def test_lazy_names_resolve_to_training_functions():
    assert lcdnet.train is train
    assert lcdnet.load_model is load_model
    assert lcdnet.TrainingHistory is TrainingHistory
