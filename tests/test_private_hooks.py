"""The private Keras, TensorFlow and TensorBoard names the training relies on.

lcdnet.training and its backend loops (lcdnet._train_tensorflow,
lcdnet._train_jax) reach a few names that are no public API. An upgrade
may remove or change any of them without notice; each test here fails
with a message naming the hook and its users, so the upgrade that breaks
one says which code to revisit. Where a hook has a public replacement one
day, use it and drop its test.
"""

import io
import struct

import pytest

from lcdnet._backend import backend_name, keras
from lcdnet.models import make_deep_model, make_linear_model


def require(condition, hook, users, what):
    """Fail, naming ``hook`` and its ``users``, unless ``condition``."""
    if not condition:
        pytest.fail(
            f"the private hook {hook} ({what}), which {users} rely on, is "
            "gone or has changed in this Keras/TensorFlow/TensorBoard: "
            "update those uses (see tests/test_private_hooks.py)",
            pytrace=False,
        )


def test_model_flatten_layers_lists_every_layer():
    users = (
        "lcdnet.training._convolutions_on_cpu and "
        "lcdnet._train_tensorflow.supports_xla"
    )
    hook = "keras.Model._flatten_layers()"
    model = make_deep_model(seed=0)
    require(
        callable(getattr(model, "_flatten_layers", None)),
        hook,
        users,
        "every layer of a model, nested ones included",
    )
    inner = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(2)], name="inner"
    )
    outer = keras.Sequential([keras.Input((4,)), inner])
    layers = list(outer._flatten_layers())
    require(
        inner.layers[0] in layers,
        hook,
        users,
        "yields the layers of nested models too",
    )
    require(
        any(
            isinstance(layer, keras.layers.Conv2D)
            for layer in model._flatten_layers()
        ),
        hook,
        users,
        "yields a model's convolutions",
    )


def test_layers_say_whether_xla_may_compile_them():
    require(
        isinstance(getattr(keras.layers.Dense(1), "supports_jit", None), bool),
        "keras.layers.Layer.supports_jit",
        "lcdnet._train_tensorflow.supports_xla",
        "whether XLA may compile a layer; read with getattr(..., True), so "
        "its removal would turn XLA on silently",
    )


def test_the_loss_tracker_is_new_with_every_compile():
    users = "lcdnet.training._compiled_loop (its cache of compiled loops)"
    hook = "keras.Model._loss_tracker"
    model = make_linear_model(10)
    first = getattr(model, "_loss_tracker", None)
    require(first is not None, hook, users, "set by compile()")
    model.compile(
        optimizer=model.optimizer, loss="sparse_categorical_crossentropy"
    )
    require(
        model._loss_tracker is not first,
        hook,
        users,
        "a new object after every compile(), so recompiling starts afresh",
    )


def test_tensorboard_record_writer_writes_tfrecord_frames():
    hook = "tensorboard.summary.writer.record_writer.RecordWriter"
    users = "lcdnet.training.write_tensorboard"
    try:
        from tensorboard.compat.proto import event_pb2
        from tensorboard.summary.writer.record_writer import RecordWriter
    except ImportError as error:
        require(False, hook, users, f"importable ({error})")
    buffer = io.BytesIO()
    payload = event_pb2.Event(
        step=3, file_version="brain.Event:2"
    ).SerializeToString()
    RecordWriter(buffer).write(payload)
    written = buffer.getvalue()
    # A TFRecord frame: length (uint64), its CRC (4 bytes), data, its CRC.
    require(
        len(written) == 8 + 4 + len(payload) + 4
        and struct.unpack("<Q", written[:8])[0] == len(payload)
        and written[12 : 12 + len(payload)] == payload,
        hook,
        users,
        "RecordWriter(file).write(bytes) writes one TFRecord frame",
    )


def test_tensorflow_op_determinism_can_be_read():
    if backend_name() != "tensorflow":
        pytest.skip("the TensorFlow loop only")
    hook = "tensorflow.python.framework.config.is_op_determinism_enabled"
    users = "lcdnet._train_tensorflow.supports_xla"
    try:
        from tensorflow.python.framework.config import (
            is_op_determinism_enabled,
        )
    except ImportError as error:
        require(False, hook, users, f"importable ({error})")
    require(
        isinstance(is_op_determinism_enabled(), bool),
        hook,
        users,
        "whether TensorFlow's op determinism is on (as Keras reads it)",
    )


def test_a_missing_hook_fails_with_its_name():
    class Upgraded:  # planted: a Keras model without the hook
        pass

    with pytest.raises(
        pytest.fail.Exception,
        match=r"keras.Model._flatten_layers\(\) .* lcdnet.training",
    ):
        require(
            callable(getattr(Upgraded(), "_flatten_layers", None)),
            "keras.Model._flatten_layers()",
            "lcdnet.training",
            "every layer",
        )
    require(True, "any", "nobody", "anything")  # quiet while the hook is there
