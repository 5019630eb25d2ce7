"""The compiled training loop of :func:`lcdnet.train` on the TensorFlow
backend.

One graph runs a chunk of up to ``chunk_steps`` optimiser steps in a
``tf.while_loop``, each step Keras's own ``model.train_step`` on one batch,
and returns every step's loss and metrics. It is traced once, into a
concrete function for the exact input signature (no retracing, so no
retracing warning), and compiled with XLA when the model's layers
allow it; where XLA cannot compile the model after all, the loop falls back
to a plain graph on its first call, before any step has run.

Keras's own ``jit_compile="auto"`` turns XLA off on CPU-only machines; this
loop does not follow it, because on the CPU XLA is what makes a loop of
tiny steps fast: 5,000 XNOR steps take about 6 ms compiled and about
400 ms as a plain graph (see benchmarks/bench_training.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import tensorflow as tf  # Any to mypy: TensorFlow ships no types

from lcdnet._training_data import Spec
from lcdnet._types import KerasModel, PathLike

__all__ = [
    "TensorFlowTrainingLoop",
    "supports_xla",
    "training_step_graph_events",
]

#: Words of TensorFlow's errors that say XLA could not compile the graph.
_XLA_FAILURES = ("XLA", "xla", "unsupported operations", "compile")


def supports_xla(model: KerasModel) -> bool:
    """Whether XLA may compile the model's training: as Keras decides, less
    its CPU rule.

    Every layer must support it (``layer.supports_jit``), and TensorFlow's
    op determinism must be off, since XLA does not keep it for every op.
    """
    from tensorflow.python.framework.config import (
        is_op_determinism_enabled,  # as Keras reads it
    )

    if is_op_determinism_enabled():
        return False
    return all(
        getattr(layer, "supports_jit", True)
        for layer in model._flatten_layers()
    )


class TensorFlowTrainingLoop:
    """A model's compiled training loop for one input signature.

    Parameters
    ----------
    model : keras.Model
        Compiled, with its optimiser and metric variables built.
    x, y : numpy.ndarray
        The training data; their shapes and dtypes fix the signature.
    batch_size : int or None
        Examples per step; None trains on all of ``x`` at every step.
    chunk_steps : int
        Most steps one graph call runs.
    log_names : sequence of str
        The keys of ``model.train_step``'s logs, in order.
    loop_in_xla : bool, default True
        False keeps XLA out: on the CPU, XLA runs a convolution inside a
        loop body more than ten times slower than TensorFlow's own kernels
        (lcdnet's CNN, 300 steps, on a busy 2-core machine: 44 s against 4 s).
    """

    def __init__(
        self,
        model: KerasModel,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int | None,
        chunk_steps: int,
        log_names: Sequence[str],
        loop_in_xla: bool = True,
    ) -> None:
        self.model = model
        self.chunk_steps = chunk_steps
        self.log_names = tuple(log_names)
        self.full_batch = batch_size is None
        self._specs = [
            tf.TensorSpec(x.shape, x.dtype),
            tf.TensorSpec(y.shape, y.dtype),
        ]
        if not self.full_batch:
            self._specs.append(
                tf.TensorSpec((chunk_steps, batch_size), tf.int32)
            )
        self._specs.append(tf.TensorSpec((), tf.int32))
        self.loop_in_xla = loop_in_xla
        self.uses_xla = loop_in_xla and supports_xla(model)
        self._function = self._trace()
        self._has_run = False

    def run(
        self,
        x: np.ndarray,
        y: np.ndarray,
        batches: Iterator[np.ndarray] | None,
        steps: int,
    ) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        """Train ``steps`` steps, yielding ``(first step, logs)`` per chunk.

        ``batches`` yields each chunk's example indices, shape
        (``chunk_steps``, batch size), or is None for full-batch training.
        ``first step`` counts from 0; ``logs`` is {name: array of the
        chunk's values, one per step}.
        """
        data = [tf.constant(x), tf.constant(y)]
        for start in range(0, steps, self.chunk_steps):
            count = min(self.chunk_steps, steps - start)
            arguments = list(data)
            if batches is not None:  # None for full-batch training
                arguments.append(tf.constant(next(batches)))
            arguments.append(tf.constant(count, dtype=tf.int32))
            buffers = self._call(arguments)
            yield (
                start,
                {
                    name: buffer.numpy()[:count]
                    for name, buffer in zip(
                        self.log_names, buffers, strict=True
                    )
                },
            )

    def _call(self, arguments: list[Any]) -> Any:
        if self._has_run:
            return self._function(*arguments)
        try:
            outputs = self._function(*arguments)
        except (
            tf.errors.InvalidArgumentError,
            tf.errors.UnimplementedError,
            tf.errors.NotFoundError,
        ) as error:
            # XLA compiles on the first call, before any step runs: the
            # variables are untouched, and a plain graph can take over.
            if not self.uses_xla or not any(
                word in str(error) for word in _XLA_FAILURES
            ):
                raise
            self.uses_xla = False
            self._function = self._trace()
            outputs = self._function(*arguments)
        self._has_run = True
        return outputs

    def _trace(self) -> Any:
        function = tf.function(
            self._run_chunk, autograph=False, jit_compile=self.uses_xla
        )
        return function.get_concrete_function(*self._specs)

    def _run_chunk(self, x: Any, y: Any, *rest: Any) -> Any:
        model = self.model
        batches = None if self.full_batch else rest[0]
        num_steps = rest[-1]

        def one_step(step: Any, buffers: Any) -> tuple[Any, Any]:
            # So that each step logs its own batch's values.
            model.reset_metrics()
            if batches is None:
                data = (x, y)
            else:
                data = (
                    tf.gather(x, batches[step]),
                    tf.gather(y, batches[step]),
                )
            logs = model.train_step(data)
            buffers = tuple(
                tf.tensor_scatter_nd_update(
                    buffer, [[step]], [tf.cast(logs[name], tf.float32)]
                )
                for buffer, name in zip(buffers, self.log_names, strict=True)
            )
            return step + 1, buffers

        empty = tuple(
            tf.zeros((self.chunk_steps,), tf.float32) for _ in self.log_names
        )
        _, buffers = tf.while_loop(
            lambda step, _: step < num_steps, one_step, (tf.constant(0), empty)
        )
        return buffers


def training_step_graph_events(
    model: KerasModel, x_spec: Spec, y_spec: Spec, scratch: PathLike
) -> list[bytes]:
    """The events ``tf.summary.graph`` writes for one training step's graph.

    The graph is that of Keras's own ``model.train_step`` on one batch of
    the given specs (``(shape, dtype)``), traced (never run) in a
    ``tf.function``, as Keras's ``TensorBoard`` callback writes the graph
    of ``fit``'s step. TensorFlow's writer puts the events in a temporary
    folder made inside ``scratch`` (and removed); they are returned as
    serialised ``Event`` records, without the file's header, for the
    caller to write into its own event file, whole.
    """
    import tempfile

    from tensorboard.compat.proto import event_pb2

    def one_step(x: Any, y: Any) -> Any:
        return model.train_step((x, y))

    step = tf.function(one_step, autograph=False).get_concrete_function(
        tf.TensorSpec(*x_spec, name="x"), tf.TensorSpec(*y_spec, name="y")
    )
    with tempfile.TemporaryDirectory(
        prefix=".lcdnet-graph-", dir=scratch
    ) as folder:
        writer = tf.summary.create_file_writer(folder)
        with writer.as_default():
            tf.summary.graph(step.graph)
        writer.close()
        files = sorted(
            os.path.join(folder, name) for name in os.listdir(folder)
        )
        records = [record.numpy() for record in tf.data.TFRecordDataset(files)]
    return [
        record
        for record in records
        if not event_pb2.Event.FromString(record).file_version
    ]
