"""Fast step-based training, evaluation, saving and loading, on any
supported backend.

:func:`train` runs the optimiser for a given number of *steps*, as the series
does, inside one compiled loop per model: Keras's own ``train_step`` repeated
in a ``tf.while_loop`` (TensorFlow, compiled with XLA where the model allows
it) or a ``jax.lax.fori_loop`` under ``jax.jit`` (JAX), thousands of steps
per call instead of Keras's per-epoch machinery, which dominates the cost of
tiny models. The loop is compiled on a model's first :func:`train` call and
reused by later ones with the same kind of data (shapes, dtypes and batch
size); recompiling the model (``model.compile``) starts afresh.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pathlib
import socket
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lcdnet._atomic import write_atomically
from lcdnet._backend import _startup_lines_filtered, backend_name, keras
from lcdnet._checks import (
    as_finite_real_array,
    check_fits_in_memory,
    check_int,
    check_path,
    check_seed,
)
from lcdnet._training_data import (
    check_data as _check_data,
)
from lcdnet._training_data import (
    check_finite_outputs as _check_finite_outputs,
)
from lcdnet._training_data import (
    check_finite_weights as _check_finite_weights,
)
from lcdnet._training_data import (
    check_inputs as _check_inputs,
)
from lcdnet._training_data import (
    check_labels as _check_labels,
)
from lcdnet._training_data import (
    check_model as _check_model,
)
from lcdnet._training_data import (
    check_target_count as _check_target_count,
)
from lcdnet._training_data import (
    data_specs as _data_specs,
)
from lcdnet._training_data import (
    output_shape as _output_shape,
)
from lcdnet._types import (
    ArrayLike,
    Float32Array,
    FloatArray,
    IntArray,
    KerasModel,
    PathLike,
)

#: What :func:`train`'s ``progress`` is called with: steps done, logs.
Progress = Callable[[int, dict[str, float]], object]

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

#: Most steps one call of a compiled loop runs; longer trainings take
#: several calls.
CHUNK_STEPS = 4096
#: Most batch indices one call of a compiled loop receives (bounds its memory).
CHUNK_INDICES = 2**20
#: Compiled loops kept per model, one per input signature, the newest ones.
MAX_LOOPS_PER_MODEL = 4


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
    wall_times : numpy.ndarray of float or None, default None
        When each logged step ended, in seconds since the epoch, aligned
        with ``steps`` and increasing. Steps run in compiled chunks that
        hold no clock, so :func:`train` measures each chunk's start and end
        and spaces its steps evenly in between (the first chunk of a new
        loop includes its compilation). None for a record made by hand.

    Examples
    --------
    >>> record = TrainingHistory(np.array([10, 20]),
    ...                          {"loss": np.array([0.5, 0.25])})
    >>> record["loss"].tolist(), record.final("loss")
    ([0.5, 0.25], 0.25)
    """

    steps: IntArray
    history: dict[str, FloatArray] = field(default_factory=dict)
    wall_times: FloatArray | None = None

    def __getitem__(self, name: str) -> FloatArray:
        return self.history[name]

    def final(self, name: str) -> float:
        """The last logged value of ``name`` as a float."""
        return float(self.history[name][-1])


def train(
    model: KerasModel,
    x: ArrayLike,
    y: ArrayLike,
    *,
    steps: int,
    batch_size: int | None = None,
    seed: int | None = None,
    log_every: int = 10,
    log_dir: PathLike | None = None,
    progress: Progress | None = None,
) -> TrainingHistory:
    """Train a compiled Keras model for a number of optimiser steps.

    Each step draws one batch and applies one update with the model's own
    optimiser, loss and metrics (Keras's ``train_step``). The steps run in a
    loop compiled once per model, so a tiny model trains thousands of steps
    in a fraction of a second rather than paying Keras's per-epoch overhead,
    on TensorFlow and on JAX alike. A later call continues from where the
    last one stopped, optimiser state included.

    Parameters
    ----------
    model : keras.Model
        A compiled model, for example from :func:`lcdnet.make_linear_model`.
    x : array_like of real numbers
        Inputs; ``x.shape[1:]`` must equal the model's input shape. NaN and
        infinity are refused.
    y : array_like of real numbers
        Targets, one per row of ``x``: integer class labels for a classifier
        (shape ``(n,)``, for a model whose output is ``(None, classes)``) or
        values of the output's shape (``(n,)`` is accepted for one output).
        A model compiled with sparse categorical cross-entropy needs labels.
    steps : int
        Number of optimiser steps; at least 1.
    batch_size : int or None, default None
        Examples per step. None uses the whole of ``x`` at every step (full
        batch). Otherwise each pass over the data visits the examples in a
        fresh random order drawn from ``seed``.
    seed : int or None, default None
        Seed of the batch order. With the same seed, data and initial
        weights, training on the CPU gives the same weights (on one backend).
    log_every : int, default 10
        Record the loss and metrics every ``log_every`` steps, and after the
        last step. Memory grows with what is recorded (16 bytes per value),
        not with ``steps``: a record that would not fit in memory is
        refused before training.
    log_dir : str or os.PathLike or None, default None
        If given, also write the logged values as TensorBoard event files
        into this folder; it is created (and checked writable) before
        training starts.
    progress : callable or None, default None
        Called as ``progress(steps_done, logs)`` after each compiled run of
        steps (at most ``CHUNK_STEPS``, 4,096, apart), ``logs`` holding
        the loss and metrics of the last step done: a progress line for a
        long training.

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
    inputs, targets = _check_data(model, x, y)
    steps = check_int("steps", steps, minimum=1)
    if batch_size is not None:
        batch_size = check_int(
            "batch_size", batch_size, minimum=1, maximum=len(inputs)
        )
    seed = check_seed(seed)
    log_every = check_int("log_every", log_every, minimum=1)
    if progress is not None and not callable(progress):
        raise TypeError(
            f"progress must be a callable or None, got "
            f"{type(progress).__name__}"
        )
    check_fits_in_memory(
        ("steps", "log_every"),
        (steps, log_every),
        _HistoryRecorder.bytes_for(
            steps, log_every, _num_logged_quantities(model)
        ),
    )
    log_dir = None if log_dir is None else _prepare_log_dir(log_dir)

    loop = _compiled_loop(model, inputs, targets, batch_size)
    batches = (
        None
        if batch_size is None
        else _batch_chunks(
            len(inputs), steps, batch_size, seed, loop.chunk_steps
        )
    )
    record = _run(loop, inputs, targets, batches, steps, log_every, progress)
    if log_dir is not None:
        write_tensorboard(record, log_dir, model=model)
    return record


def _run(
    loop: Any,
    x: np.ndarray,
    y: np.ndarray,
    batches: Iterator[np.ndarray] | None,
    steps: int,
    log_every: int,
    progress: Progress | None,
) -> TrainingHistory:
    """Run the compiled loop chunk by chunk, keeping the logged values."""
    recorder = _HistoryRecorder(steps, log_every, loop.log_names)
    clock = _WallClock()
    with contextlib.closing(loop.run(x, y, batches, steps)) as chunks:
        for start, values in chunks:
            done = recorder.add(start, values, clock.lap())
            if progress is not None:
                progress(
                    done,
                    {
                        name: float(series[-1])
                        for name, series in values.items()
                    },
                )
    return recorder.record()


class _WallClock:
    """Wall times that never go back: the epoch time at its start plus the
    monotonic time since (a clock set back during training cannot reorder
    TensorBoard's points)."""

    def __init__(self) -> None:
        self.epoch_start, self.start = time.time(), time.perf_counter()
        self.last = self.epoch_start

    def lap(self) -> tuple[float, float]:
        """(wall time of the last lap's end, wall time now); starts a lap."""
        begun = self.last
        self.last = self.epoch_start + time.perf_counter() - self.start
        return begun, self.last


def write_tensorboard(
    record: TrainingHistory,
    log_dir: PathLike,
    *,
    model: KerasModel | None = None,
) -> pathlib.Path:
    """Write a :class:`TrainingHistory` (and a model's graph) for TensorBoard.

    One new event file in ``log_dir``, written whole or not at all, with
    TensorBoard's own record format: one scalar series per quantity of the
    record (the loss and the model's compiled metrics), each point at its
    step and wall time (:attr:`TrainingHistory.wall_times`; a record made
    by hand has none, and all its points get the time of writing).

    Given the ``model`` on the TensorFlow backend, the file also holds the
    graph of one of its training steps (Keras's ``train_step``: the layers,
    the loss, the gradients and the optimiser's update), for TensorBoard's
    Graphs tab, as ``tf.summary.graph`` writes it and as Keras's
    ``TensorBoard`` callback does for ``fit``. On JAX no graph is written:
    JAX compiles a function, not a TensorFlow graph, so the Graphs tab has
    nothing to show there (the scalars are the same on both backends, and
    need no TensorFlow).

    Parameters
    ----------
    record : TrainingHistory
        The values to write.
    log_dir : str or os.PathLike
        Folder of the event files; created if missing. Open its parent with
        ``tensorboard --logdir PARENT``: each folder under it is a run,
        named after the folder (``lcdnet reproduce`` writes
        ``tensorboard/xnor-seed0`` for seed 0).
    model : keras.Model or None, default None
        A compiled model whose training step's graph to write, on
        TensorFlow; ignored on JAX.

    Returns
    -------
    pathlib.Path
        The event file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_tensorboard(
    ...     TrainingHistory(np.array([1, 2]), {"loss": np.array([0.5, 0.2])}),
    ...     folder)
    >>> [file.name.startswith("events.out.tfevents")
    ...  for file in folder.iterdir()]
    [True]
    """
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.summary.writer.record_writer import RecordWriter

    if not isinstance(record, TrainingHistory):
        raise TypeError(
            f"record must be a TrainingHistory, got {type(record).__name__}"
        )
    if model is not None:
        _check_model(model, require_compiled=True)
    folder = _prepare_log_dir(log_dir)
    graph = [] if model is None else _graph_events(model, folder)
    now = time.time()
    wall_times = (
        np.full(len(record.steps), now)
        if record.wall_times is None
        else record.wall_times
    )
    path = folder / (
        f"events.out.tfevents.{int(now)}.{socket.gethostname()}."
        f"{os.getpid()}.{next(_EVENT_FILE_NUMBERS)}"
    )

    def write_events(temporary: pathlib.Path) -> None:
        with open(temporary, "wb") as file:
            writer = RecordWriter(file)
            header = event_pb2.Event(
                wall_time=now, file_version="brain.Event:2"
            )
            writer.write(header.SerializeToString())
            for event in graph:
                writer.write(event)
            for index, step in enumerate(record.steps):
                values = [
                    summary_pb2.Summary.Value(
                        tag=name, simple_value=float(series[index])
                    )
                    for name, series in record.history.items()
                ]
                event = event_pb2.Event(
                    wall_time=float(wall_times[index]),
                    step=int(step),
                    summary=summary_pb2.Summary(value=values),
                )
                writer.write(event.SerializeToString())

    # Whole or not at all: TensorBoard reads a cut-off file as a short run.
    return write_atomically(path, write_events)


def _graph_events(model: KerasModel, folder: pathlib.Path) -> list[bytes]:
    """The events of the model's training-step graph: on TensorFlow only."""
    if backend_name() != "tensorflow":
        return []
    from lcdnet._train_tensorflow import training_step_graph_events

    return training_step_graph_events(model, *_data_specs(model), folder)


_EVENT_FILE_NUMBERS = itertools.count()


def predict(model: KerasModel, x: ArrayLike) -> Float32Array:
    """The model's outputs for ``x``, computed in one call, as a NumPy array.

    A direct call of the model, without :meth:`keras.Model.predict`'s
    batching machinery: the right tool for the small arrays of this package.

    Examples
    --------
    >>> import lcdnet
    >>> predict(lcdnet.make_xnor_model(weights="ng"), lcdnet.XNOR_INPUTS).shape
    (4, 1)
    """
    _check_model(model)
    inputs = _check_inputs(model, x)
    result: Float32Array = keras.ops.convert_to_numpy(
        model(inputs, training=False)
    )
    return result


def predict_classes(model: KerasModel, x: ArrayLike) -> IntArray:
    """The most probable class of each input.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(3)
    >>> predict_classes(lcdnet.make_linear_model(), images).tolist()
    [0, 0, 0]

    A model whose weights are NaN or infinite predicts nothing:

    >>> diverged = lcdnet.make_linear_model()
    >>> diverged.set_weights([np.full((25, 10), np.nan), np.zeros(10)])
    >>> predict_classes(diverged, images)
    Traceback (most recent call last):
    ...
    ValueError: model 'linear' has weights that are not finite ...
    """
    _check_model(model)
    _check_finite_weights(model, "predicted classes")
    outputs = predict(model, x)
    _check_finite_outputs(model, outputs, "predicted classes")
    result: IntArray = np.argmax(outputs, axis=-1)
    return result


def accuracy(model: KerasModel, x: ArrayLike, y: ArrayLike) -> float:
    """Fraction of inputs whose predicted class equals the label.

    Needs a classifier: a model with at least two output classes, and
    integer labels in ``y``; a model whose weights are not finite (a
    diverged training) is refused, as its accuracy would mean nothing.

    Examples
    --------
    >>> import lcdnet
    >>> images, labels = lcdnet.generate_digits(20)
    >>> model = lcdnet.make_linear_model()  # all zeros: says "0"
    >>> accuracy(model, images, labels)
    0.1
    >>> accuracy(lcdnet.make_xnor_model(weights="ng"), lcdnet.XNOR_INPUTS,
    ...          lcdnet.XNOR_TARGETS)
    Traceback (most recent call last):
    ...
    ValueError: accuracy needs a classifier with >= 2 output classes; model \
'xnor' has 1 ...
    """
    _check_model(model)
    num_classes = _output_shape(model)[-1]
    if num_classes < 2:
        raise ValueError(
            f"accuracy needs a classifier with >= 2 output classes; model "
            f"{model.name!r} has {num_classes} output unit (compare "
            f"predict()'s outputs with the targets instead)"
        )
    inputs = _check_inputs(model, x)
    labels = _check_labels(
        model,
        _check_target_count(as_finite_real_array("y", y), inputs),
        reason="accuracy compares class labels",
    )
    _check_finite_weights(model, "accuracy")
    predicted = predict_classes(model, inputs)
    return float(np.mean(predicted == labels.reshape(predicted.shape)))


def save_model(model: KerasModel, path: PathLike) -> pathlib.Path:
    """Save a model, its weights and optimiser state as a ``.keras`` file.

    Parameters
    ----------
    model : keras.Model
    path : str or os.PathLike
        Target file; its name must end in ``.keras`` (and say something
        before it) and its folder must exist. An existing file is replaced
        in one step: if saving fails, the old file is left as it was.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, lcdnet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_model(lcdnet.make_xnor_model(weights="ng"),
    ...            folder / "xnor.keras").name
    'xnor.keras'
    >>> save_model(lcdnet.make_xnor_model(), folder / "xnor.h5")
    Traceback (most recent call last):
    ...
    ValueError: path must end in '.keras', got '...xnor.h5'
    """
    _check_model(model)
    path = _check_model_path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"path: folder {str(path.parent)!r} does not exist"
        )
    if path.is_dir():
        example = path / f"model{MODEL_SUFFIX}"
        raise ValueError(
            f"path {str(path)!r} is a folder; give a file name "
            f"such as {str(example)!r}"
        )
    # An uncompiled Keras 3 model has no ``optimizer`` attribute at all.
    if getattr(model, "optimizer", None) is not None:
        # Build the optimiser's slots so that the file holds its full state and
        # a loaded copy can resume training exactly where this one stopped.
        model.optimizer.build(model.trainable_variables)
    # Keras writes into a temporary file: a failure cannot destroy the old
    # one. On JAX, Keras imports TensorFlow (if installed) to serialise a
    # model: its start-up lines are filtered as when Keras loads.
    with _startup_lines_filtered():
        return write_atomically(path, model.save)


def load_model(path: PathLike) -> KerasModel:
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
    >>> saved = save_model(lcdnet.make_xnor_model(weights="ng"),
    ...                    folder / "xnor.keras")
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
        raise ValueError(
            f"{str(path)!r} is not a valid Keras model file: not a zip archive"
        )
    try:
        with _startup_lines_filtered():  # as in save_model
            return keras.saving.load_model(path)
    except Exception as error:
        raise ValueError(
            f"{str(path)!r} is not a valid Keras model file: {error}"
        ) from error


class _CompiledLoops:
    """What :func:`train` keeps on a model between calls: its compiled loops.

    One loop per input signature, valid for one compilation of the model:
    the identity of its optimiser, its loss tracker (new at every
    ``model.compile``) and its trainable variables.
    Copying a model does not copy them.
    """

    def __init__(self, owner: tuple[Any, ...]) -> None:
        self.owner = owner
        self.loops: dict[tuple[Any, ...], Any] = {}

    def belongs_to(self, owner: tuple[Any, ...]) -> bool:
        return len(owner) == len(self.owner) and all(
            mine is theirs
            for mine, theirs in zip(self.owner, owner, strict=True)
        )

    def __deepcopy__(self, memo: object) -> _CompiledLoops:
        return _CompiledLoops(())

    def __getstate__(self) -> dict[str, Any]:
        return {"owner": (), "loops": {}}


_LOOPS_ATTRIBUTE = "_lcdnet_compiled_loops"


def _compiled_loop(
    model: KerasModel, x: np.ndarray, y: np.ndarray, batch_size: int | None
) -> Any:
    """The model's compiled training loop for this data, compiled now if
    need be."""
    owner = (model.optimizer, model._loss_tracker, *model.trainable_variables)
    cache = model.__dict__.get(_LOOPS_ATTRIBUTE)
    if cache is None or not cache.belongs_to(owner):
        cache = _CompiledLoops(owner)
        # Not through Keras's setattr: this is no state of the model to track
        # or save.
        object.__setattr__(model, _LOOPS_ATTRIBUTE, cache)
    signature = (x.shape, x.dtype.str, y.shape, y.dtype.str, batch_size)
    loop = cache.loops.get(signature)
    if loop is None:
        log_names = _build_training_state(model, x[:1], y[:1])
        chunk_steps = (
            CHUNK_STEPS
            if batch_size is None
            else max(1, min(CHUNK_STEPS, CHUNK_INDICES // batch_size))
        )
        loop = _loop_class()(
            model,
            x,
            y,
            batch_size,
            chunk_steps,
            log_names,
            loop_in_xla=not _convolutions_on_cpu(model),
        )
        if len(cache.loops) >= MAX_LOOPS_PER_MODEL:
            cache.loops.pop(next(iter(cache.loops)))
        cache.loops[signature] = loop
    return loop


def _loop_class() -> Any:
    """The compiled training loop of the backend in use."""
    if backend_name() == "jax":
        from lcdnet._train_jax import JaxTrainingLoop

        return JaxTrainingLoop
    from lcdnet._train_tensorflow import TensorFlowTrainingLoop

    return TensorFlowTrainingLoop


def _convolutions_on_cpu(model: KerasModel) -> bool:
    """Whether the model convolves and trains on the CPU, where XLA loops
    are slow for it.

    XLA on the CPU runs a convolution inside a loop body more than ten times
    slower than alone (jax-ml/jax#12868), so such models keep their loop out
    of XLA (see the backend modules).
    """
    convolutions = tuple(
        getattr(keras.layers, name) for name in _CONVOLUTION_LAYERS
    )
    if not any(
        isinstance(layer, convolutions) for layer in model._flatten_layers()
    ):
        return False
    if backend_name() == "jax":
        import jax

        return all(device.platform == "cpu" for device in jax.devices())
    import tensorflow as tf

    return all(
        device.device_type == "CPU"
        for device in tf.config.list_physical_devices()
    )


_CONVOLUTION_LAYERS = (
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
)


def _build_training_state(
    model: KerasModel, x: np.ndarray, y: np.ndarray
) -> list[str]:
    """Create optimiser and metric variables eagerly; return the names
    train_step logs."""
    model.optimizer.build(model.trainable_variables)
    logs = model.compute_metrics(x, y, model(x, training=False))
    model.reset_metrics()
    return list(logs)


def _prepare_log_dir(log_dir: object) -> pathlib.Path:
    """``log_dir`` as a Path to an existing, writable folder (created), or
    raise naming it."""
    path = check_path("log_dir", log_dir)
    if path.exists() and not path.is_dir():
        raise ValueError(
            f"log_dir must be a folder for TensorBoard's files, got the file "
            f"{str(path)!r}"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path, prefix=".lcdnet-write-test-"):
            pass
    except OSError as error:
        raise ValueError(
            f"log_dir {str(path)!r} cannot be created or written to: "
            f"{error.strerror or error}"
        ) from error
    return path


def _batch_chunks(
    num_examples: int,
    steps: int,
    batch_size: int,
    seed: int | None,
    chunk_steps: int,
) -> Iterator[np.ndarray]:
    """Each chunk's batch indices, int32 of shape (chunk_steps, batch size).

    The batches take the examples in a fresh random permutation per pass
    over the data, one permutation after the other: the same order as
    drawing every permutation at once, but drawn as the chunks need them,
    so memory stays that of one chunk, whatever ``steps``. The last chunk
    is padded with zeros (its padding steps never run).
    """
    rng = np.random.default_rng(seed)
    left = np.empty(0, dtype="int32")  # the unused end of the last permutation
    for start in range(0, steps, chunk_steps):
        needed = min(chunk_steps, steps - start) * batch_size
        parts, have = [left], len(left)
        while have < needed:
            parts.append(rng.permutation(num_examples).astype("int32"))
            have += num_examples
        order = np.concatenate(parts)
        chunk = np.zeros((chunk_steps, batch_size), dtype="int32")
        chunk.reshape(-1)[:needed] = order[:needed]
        left = order[needed:]
        yield chunk


class _HistoryRecorder:
    """The logged steps and values of one :func:`train` call, chunk by chunk.

    Its arrays have one entry per logged step, allocated up front but
    written (so, on Linux, given memory) only as training reaches them.
    """

    def __init__(
        self, steps: int, log_every: int, names: Sequence[str]
    ) -> None:
        self.steps, self.log_every = steps, log_every
        count = self.num_logged(steps, log_every)
        self.logged_steps = np.empty(count, dtype="int64")
        self.values = {
            name: np.empty(count, dtype="float64") for name in names
        }
        self.wall_times = np.empty(count, dtype="float64")
        self.filled = 0

    @staticmethod
    def num_logged(steps: int, log_every: int) -> int:
        return steps // log_every + (steps % log_every != 0)

    @classmethod
    def bytes_for(cls, steps: int, log_every: int, num_names: int) -> int:
        """Bytes of the record: 8 for each logged step and each value."""
        return 8 * cls.num_logged(steps, log_every) * (1 + num_names)

    def add(
        self,
        start: int,
        values: Mapping[str, np.ndarray],
        wall_times: tuple[float, float],
    ) -> int:
        """Keep a chunk's logged steps (its first is step ``start + 1``).

        ``wall_times`` is (start, end) of the chunk: its steps are spaced
        evenly in between, the last at the end. Returns the number of
        steps done once the chunk is.
        """
        count = len(next(iter(values.values())))
        end = start + count
        every = self.log_every
        logged = np.arange(start // every + 1, end // every + 1) * every
        if end == self.steps and self.steps % every:
            logged = np.append(logged, end)
        stop = self.filled + len(logged)
        self.logged_steps[self.filled : stop] = logged
        for name, series in self.values.items():
            series[self.filled : stop] = values[name][logged - 1 - start]
        begun, ended = wall_times
        self.wall_times[self.filled : stop] = (
            begun + (ended - begun) * (logged - start) / count
        )
        self.filled = stop
        return end

    def record(self) -> TrainingHistory:
        return TrainingHistory(
            steps=self.logged_steps,
            history=self.values,
            wall_times=self.wall_times,
        )


def _num_logged_quantities(model: KerasModel) -> int:
    """How many values a training step logs: the loss and each metric.

    Read from the arguments ``compile`` kept (``get_compile_config()``
    would serialise the optimiser too, which reads its variables).
    """
    compiled = getattr(model, "_compile_config", None)
    config = getattr(compiled, "config", None) or {}
    groups = [config.get(key) for key in ("metrics", "weighted_metrics")]
    return 1 + sum(len(keras.tree.flatten(group)) for group in groups if group)


def _check_model_path(path: object) -> pathlib.Path:
    path = check_path("path", path)
    if path.suffix != MODEL_SUFFIX:
        if path.name == MODEL_SUFFIX:
            example = path.with_name(f"model{MODEL_SUFFIX}")
            raise ValueError(
                f"path must name a file before its {MODEL_SUFFIX!r} suffix, "
                f"got {str(path)!r} (a hidden file without a name); for "
                f"example {str(example)!r}"
            )
        raise ValueError(
            f"path must end in {MODEL_SUFFIX!r}, got {str(path)!r}"
        )
    return path
