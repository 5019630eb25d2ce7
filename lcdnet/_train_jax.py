"""The compiled training loop of :func:`lcdnet.train` on the JAX backend.

On JAX, Keras's ``model.train_step(state, data)`` is a pure function of the
model's state (trainable, non-trainable, optimiser and metric variables).
One ``jax.jit``-compiled function runs a chunk of up to ``chunk_steps`` such
steps in a ``jax.lax.fori_loop`` and returns the new state with every
step's loss and metrics. It is compiled once per model and input signature
(the chunk's shapes never change); between calls the state stays on the
device, and it is written back to the model's variables when :meth:`run`
ends, so the model, its optimiser and its metrics read as after Keras's
own training.

With ``loop_in_xla=False`` the compiled function is one step and the loop
is Python's: XLA on the CPU runs a convolution inside a loop body more
than ten times slower than alone (jax-ml/jax#12868; 124 ms against 8 ms per
step of lcdnet's CNN), so convolutional models take that path there.

JAX is an optional extra: this module imports it only when a loop is made
or runs, so that it imports (and its doctests are collected) without it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from lcdnet._types import KerasModel

__all__ = ["JaxTrainingLoop"]


class JaxTrainingLoop:
    """A model's compiled training loop for one input signature.

    Parameters and :meth:`run` as for
    :class:`lcdnet._train_tensorflow.TensorFlowTrainingLoop`.
    """

    uses_xla = True  # jax.jit compiles with XLA, always

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
        self.chunk_steps = chunk_steps if loop_in_xla else 1
        self.loop_in_xla = loop_in_xla
        self.log_names = tuple(log_names)
        # Each step starts from freshly reset metrics, so that it logs its
        # own batch's values, as on TensorFlow.
        self._reset_metrics = [
            variable.value for variable in model.metrics_variables
        ]
        import jax

        self._function = jax.jit(
            self._run_chunk if loop_in_xla else self._run_step
        )

    def run(
        self,
        x: np.ndarray,
        y: np.ndarray,
        batches: Iterator[np.ndarray] | None,
        steps: int,
    ) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        """Train ``steps`` steps, yielding ``(first step, logs)`` per chunk.

        As :meth:`lcdnet._train_tensorflow.TensorFlowTrainingLoop.run`. A
        chunk's logs are read once the next chunk is on its way: reading
        waits for the device, which then has work queued.
        """
        import jax.numpy as jnp

        model = self.model
        on_device = jnp.asarray(x), jnp.asarray(y)
        state = tuple(
            [variable.value for variable in variables]
            for variables in (
                model.trainable_variables,
                model.non_trainable_variables,
                model.optimizer.variables,
                model.metrics_variables,
            )
        )
        # (first step, steps, device buffers) not read yet
        queued: tuple[int, int, Any] = (0, 0, ())
        try:
            for start in range(0, steps, self.chunk_steps):
                count = min(self.chunk_steps, steps - start)
                chunk = None if batches is None else next(batches)
                state, buffers = self._function(
                    state, *on_device, chunk, np.int32(count)
                )
                if start:
                    yield self._read(*queued)
                queued = (start, count, buffers)
        finally:  # what was trained stays trained, even if interrupted
            self._write_back(state)
        yield self._read(*queued)

    def _read(
        self, start: int, count: int, buffers: Any
    ) -> tuple[int, dict[str, np.ndarray]]:
        return start, {
            name: np.asarray(buffers[index])[:count]
            for index, name in enumerate(self.log_names)
        }

    def _write_back(self, state: Any) -> None:
        model = self.model
        for variables, values in zip(
            (
                model.trainable_variables,
                model.non_trainable_variables,
                model.optimizer.variables,
                model.metrics_variables,
            ),
            state,
            strict=True,
        ):
            for variable, value in zip(variables, values, strict=True):
                variable.assign(value)

    def _run_chunk(
        self, state: Any, x: Any, y: Any, batches: Any, num_steps: Any
    ) -> Any:
        import jax
        import jax.numpy as jnp

        def one_step(step: Any, carry: Any) -> tuple[Any, Any]:
            state, buffers = carry
            logs, state = self._train_step(
                state, x, y, None if batches is None else batches[step]
            )
            buffers = tuple(
                buffer.at[step].set(logs[name])
                for buffer, name in zip(buffers, self.log_names, strict=True)
            )
            return state, buffers

        empty = tuple(
            jnp.zeros((self.chunk_steps,), jnp.float32) for _ in self.log_names
        )
        return jax.lax.fori_loop(0, num_steps, one_step, (state, empty))

    def _run_step(
        self, state: Any, x: Any, y: Any, batches: Any, num_steps: Any
    ) -> tuple[Any, tuple[Any, ...]]:
        """One step, shaped like a chunk of one (``num_steps`` is always 1
        here)."""
        logs, state = self._train_step(
            state, x, y, None if batches is None else batches[0]
        )
        return state, tuple(logs[name][None] for name in self.log_names)

    def _train_step(
        self, state: Any, x: Any, y: Any, batch: Any
    ) -> tuple[dict[str, Any], Any]:
        """Keras's stateless train_step from freshly reset metrics, on one
        batch."""
        import jax.numpy as jnp

        trainable, non_trainable, optimizer_state, _ = state
        if batch is not None:
            x, y = jnp.take(x, batch, axis=0), jnp.take(y, batch, axis=0)
        logs, state = self.model.train_step(
            (
                trainable,
                non_trainable,
                optimizer_state,
                list(self._reset_metrics),
            ),
            (x, y),
        )
        return {
            name: jnp.asarray(logs[name], jnp.float32)
            for name in self.log_names
        }, state
