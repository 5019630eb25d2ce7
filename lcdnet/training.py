"""Fast step-based training, evaluation, saving and loading.

:func:`train` runs the optimiser for a given number of *steps*, as the series
does, in compiled chunks of ``log_every`` steps: one TensorFlow graph call
per logged point instead of Keras's per-epoch machinery, which dominates the
cost of tiny models.
"""

import logging
import os
import zipfile
from dataclasses import dataclass, field

import numpy as np

from lcdnet._backend import keras
from lcdnet._checks import as_numeric_array, check_int, check_path, check_seed

import tensorflow as tf  # noqa: E402  (after _backend chose the Keras backend)

__all__ = [
    "TrainingHistory",
    "train",
    "write_tensorboard",
    "predict",
    "predict_classes",
    "accuracy",
    "save_model",
    "load_model",
]

MODEL_SUFFIX = ".keras"


class _IgnoreRetracingOfChunkRunners(logging.Filter):
    """Drop TensorFlow's retracing warning about :func:`train`'s own graphs.

    Each model trained needs a graph of its own, so training several models
    in a row traces several times by design; TensorFlow's warning about
    frequent retracing would only alarm users. Other warnings pass.
    """

    def filter(self, record):
        message = record.getMessage()
        return not ("retracing" in message and "_compile_chunk_runner" in message)


tf.get_logger().addFilter(_IgnoreRetracingOfChunkRunners())


@dataclass(frozen=True)
class TrainingHistory:
    """What :func:`train` logged: loss and metrics at every logged step.

    Attributes
    ----------
    steps : numpy.ndarray of int
        The step after which each value was logged (1-based), increasing.
    history : dict of str to numpy.ndarray
        One array per quantity (``"loss"`` and the model's metrics, such as
        ``"accuracy"``), aligned with ``steps``. The values are those of the
        batch used at that step, computed in its forward pass. The name and
        layout follow :class:`keras.callbacks.History`.

    Examples
    --------
    >>> record = TrainingHistory(np.array([10, 20]), {"loss": np.array([0.5, 0.25])})
    >>> record["loss"].tolist(), record.final("loss")
    ([0.5, 0.25], 0.25)
    """

    steps: np.ndarray
    history: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.history[name]

    def final(self, name):
        """The last logged value of ``name`` as a float."""
        return float(self.history[name][-1])


def train(model, x, y, *, steps, batch_size=None, seed=None, log_every=10, log_dir=None):
    """Train a compiled Keras model for a number of optimiser steps.

    Each step draws one batch and applies one update with the model's own
    optimiser, loss and metrics (Keras's ``train_step``). Steps run in
    compiled chunks of ``log_every``, so a tiny model trains thousands of
    steps in seconds rather than paying Keras's per-epoch overhead.

    Parameters
    ----------
    model : keras.Model
        A compiled model, for example from :func:`lcdnet.make_linear_model`.
    x : array_like
        Inputs; ``x.shape[1:]`` must equal the model's input shape.
    y : array_like
        Targets, one per row of ``x``: class labels or values.
    steps : int
        Number of optimiser steps; at least 1.
    batch_size : int or None, default None
        Examples per step. None uses the whole of ``x`` at every step (full
        batch). Otherwise each pass over the data visits the examples in a
        fresh random order drawn from ``seed``.
    seed : int or None, default None
        Seed of the batch order. With the same seed, data and initial
        weights, training on the CPU gives the same weights.
    log_every : int, default 10
        Record the loss and metrics every ``log_every`` steps, and after the
        last step.
    log_dir : str or os.PathLike or None, default None
        If given, also write the logged values as TensorBoard event files
        into this folder (created if missing).

    Returns
    -------
    TrainingHistory
        The logged steps and values.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(100, seed=0)
    >>> model = lcdnet.make_linear_model(img_size=5)
    >>> record = train(model, images, labels, steps=100, batch_size=50, seed=0)
    >>> record.steps[:3].tolist(), int(record.steps[-1])
    ([10, 20, 30], 100)
    >>> sorted(record.history)
    ['accuracy', 'loss']
    >>> accuracy(model, images, labels)
    1.0
    """
    _check_model(model, require_compiled=True)
    x, y = _check_data(model, x, y)
    steps = check_int("steps", steps, minimum=1)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, minimum=1, maximum=len(x))
    seed = check_seed(seed)
    log_every = check_int("log_every", log_every, minimum=1)
    log_dir = None if log_dir is None else check_path("log_dir", log_dir)

    batches = _batch_indices(len(x), steps, batch_size, seed)
    _build_training_state(model, x[:1], y[:1])
    run_chunk = _compile_chunk_runner(model)
    x_tensor, y_tensor = tf.constant(x), tf.constant(y)
    log_steps = _log_steps(steps, log_every)
    logged = []
    start = 0
    for stop in log_steps:
        logs = run_chunk(x_tensor, y_tensor, tf.constant(batches[start:stop]))
        logged.append({name: float(value) for name, value in logs.items()})
        start = stop
    record = TrainingHistory(
        steps=np.array(log_steps),
        history={name: np.array([row[name] for row in logged]) for name in logged[0]},
    )
    if log_dir is not None:
        write_tensorboard(record, log_dir)
    return record


def write_tensorboard(record, log_dir):
    """Write a :class:`TrainingHistory` as TensorBoard scalar event files.

    Parameters
    ----------
    record : TrainingHistory
        The values to write, one scalar series per quantity.
    log_dir : str or os.PathLike
        Folder of the event files; created if missing. Open it with
        ``tensorboard --logdir LOG_DIR``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_tensorboard(TrainingHistory(np.array([1, 2]), {"loss": np.array([0.5, 0.2])}),
    ...                   folder)
    >>> [path.name.startswith("events.out.tfevents") for path in folder.iterdir()]
    [True]
    """
    writer = tf.summary.create_file_writer(os.fspath(log_dir))
    with writer.as_default():
        for name, values in record.history.items():
            for step, value in zip(record.steps, values):
                tf.summary.scalar(name, value, step=int(step))
    writer.close()


def predict(model, x):
    """The model's outputs for ``x``, computed in one call, as a NumPy array.

    A direct call of the model, without :meth:`keras.Model.predict`'s
    batching machinery: the right tool for the small arrays of this package.

    Examples
    --------
    >>> import lcdnet
    >>> corners = [[0, 0], [0, 1], [1, 0], [1, 1]]
    >>> predict(lcdnet.make_xnor_model(weights="ng"), corners).shape
    (4, 1)
    """
    _check_model(model)
    x, _ = _check_data(model, x)
    return keras.ops.convert_to_numpy(model(x, training=False))


def predict_classes(model, x):
    """The most probable class of each input.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(3)
    >>> predict_classes(lcdnet.make_linear_model(), images).tolist()
    [0, 0, 0]
    """
    return np.argmax(predict(model, x), axis=-1)


def accuracy(model, x, y):
    """Fraction of inputs whose predicted class equals the label.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(20)
    >>> accuracy(lcdnet.make_linear_model(), images, labels)  # all zeros: says "0"
    0.1
    """
    _check_model(model)
    x, y = _check_data(model, x, y)
    return float(np.mean(predict_classes(model, x) == y))


def save_model(model, path):
    """Save a model, its weights and optimiser state as a ``.keras`` file.

    Parameters
    ----------
    model : keras.Model
    path : str or os.PathLike
        Target file; must end in ``.keras`` and its folder must exist. An
        existing file is replaced.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, lcdnet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_model(lcdnet.make_xnor_model(weights="ng"), folder / "xnor.keras").name
    'xnor.keras'
    >>> save_model(lcdnet.make_xnor_model(), folder / "xnor.h5")
    Traceback (most recent call last):
    ...
    ValueError: path must end in '.keras', got '...xnor.h5'
    """
    _check_model(model)
    path = _check_model_path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"path: folder {str(path.parent)!r} does not exist")
    # An uncompiled Keras 3 model has no ``optimizer`` attribute at all.
    if getattr(model, "optimizer", None) is not None:
        # Build the optimiser's slots so that the file holds its full state and
        # a loaded copy can resume training exactly where this one stopped.
        model.optimizer.build(model.trainable_variables)
    model.save(path)
    return path


def load_model(path):
    """Load a model saved by :func:`save_model` (or ``model.save``).

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    ValueError
        If ``path`` does not end in ``.keras`` or the file is not a valid
        Keras model file.

    Examples
    --------
    >>> import tempfile, pathlib, lcdnet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> saved = save_model(lcdnet.make_xnor_model(weights="ng"), folder / "xnor.keras")
    >>> load_model(saved).name
    'xnor'
    >>> load_model(folder / "missing.keras")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no model file at '...missing.keras'
    """
    path = _check_model_path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {str(path)!r}")
    if not zipfile.is_zipfile(path):
        # Keras would report such a file as "File not found", which misleads.
        raise ValueError(f"{str(path)!r} is not a valid Keras model file: not a zip archive")
    try:
        return keras.saving.load_model(path)
    except Exception as error:
        raise ValueError(f"{str(path)!r} is not a valid Keras model file: {error}") from error


def _compile_chunk_runner(model):
    """A compiled function running one chunk of steps; returns the last step's logs."""
    @tf.function(reduce_retracing=True)
    def run_chunk(x, y, batch_indices):
        num_steps = tf.shape(batch_indices)[0]
        for step in tf.range(num_steps - 1):
            model.train_step((tf.gather(x, batch_indices[step]), tf.gather(y, batch_indices[step])))
        model.reset_metrics()
        last = batch_indices[num_steps - 1]
        return model.train_step((tf.gather(x, last), tf.gather(y, last)))

    return run_chunk


def _build_training_state(model, x, y):
    """Create optimiser and metric variables eagerly, before any graph is traced."""
    model.optimizer.build(model.trainable_variables)
    model.compute_metrics(x, y, model(x, training=False))
    model.reset_metrics()


def _batch_indices(num_examples, steps, batch_size, seed):
    """Index of the examples of each step's batch, shape (steps, batch size)."""
    if batch_size is None:
        return np.broadcast_to(np.arange(num_examples, dtype="int32"), (steps, num_examples))
    rng = np.random.default_rng(seed)
    num_passes = -(-steps * batch_size // num_examples)
    order = np.concatenate([rng.permutation(num_examples) for _ in range(num_passes)])
    return order[: steps * batch_size].astype("int32").reshape(steps, batch_size)


def _log_steps(steps, log_every):
    """The 1-based steps after which values are logged, the last step included."""
    log_steps = list(range(log_every, steps + 1, log_every))
    if not log_steps or log_steps[-1] != steps:
        log_steps.append(steps)
    return log_steps


def _check_model(model, require_compiled=False):
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if require_compiled and getattr(model, "optimizer", None) is None:
        raise ValueError(
            f"model must be compiled (model.compile(...)) before training; "
            f"model {model.name!r} has no optimizer"
        )


def _check_data(model, x, y=None):
    """Return x (float32) and y as arrays after checking them against the model."""
    x = as_numeric_array("x", x, dtype="float32")
    expected = tuple(model.input_shape[1:])
    matches = x.ndim == len(expected) + 1 and all(
        want is None or want == got for want, got in zip(expected, x.shape[1:])
    )
    if not matches or len(x) == 0:
        raise ValueError(
            f"x must have shape (n, {', '.join(map(str, expected))}) with n >= 1 for "
            f"model {model.name!r}, got {x.shape}"
        )
    if y is None:
        return x, None
    y = as_numeric_array("y", y)
    if len(y) != len(x):
        raise ValueError(f"y must have one target per row of x ({len(x)}), got {len(y)}")
    if not np.issubdtype(y.dtype, np.integer):
        return x, y.astype("float32")
    num_classes = model.output_shape[-1]
    if num_classes > 1 and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"y must hold class labels from 0 to {num_classes - 1} for model {model.name!r}, "
            f"got values from {y.min()} to {y.max()}"
        )
    return x, y.astype("int32")


def _check_model_path(path):
    path = check_path("path", path)
    if path.suffix != MODEL_SUFFIX:
        raise ValueError(f"path must end in {MODEL_SUFFIX!r}, got {str(path)!r}")
    return path
