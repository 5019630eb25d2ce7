"""TensorFlow's seeded uniform draw, computed in NumPy, for every backend.

Keras draws a seeded initializer's values with the backend's own random
generator, so ``GlorotUniform(seed=0)`` starts a network from different
weights on TensorFlow and on JAX, and a seed that trains well on one may get
stuck on the other. lcdnet's builders draw their seeded weights here
instead: bit for bit the values ``tf.random.stateless_uniform`` (Philox
4x32-10, TensorFlow's CPU algorithm) gives, which is what Keras's
TensorFlow backend computes, so a seed means the same network everywhere
and the TensorFlow results stay what they were. A TensorFlow-only test
checks the equality against Keras itself.

Pure NumPy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from lcdnet._types import Float32Array

_MULTIPLIERS = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))
_KEY_STEPS = (0x9E3779B9, 0xBB67AE85)
_LOW_32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
#: The key TensorFlow scrambles a user's seed with.
_SEED_KEY = (0x3EC8F720, 0x02461E29)
#: Keras's TensorFlow backend folds int seeds into this range (``floormod``).
_SEED_MODULUS = 2**31 - 2


def _philox(
    counters: NDArray[np.uint64], key: tuple[int, int]
) -> NDArray[np.uint64]:
    """Philox 4x32 with 10 rounds; ``counters`` is (n, 4) of uint32 values
    in uint64."""
    words = counters
    key0, key1 = key
    for _ in range(10):
        product0 = _MULTIPLIERS[0] * words[:, 0]
        product1 = _MULTIPLIERS[1] * words[:, 2]
        words = np.stack(
            [
                (product1 >> _SHIFT) ^ words[:, 1] ^ np.uint64(key0),
                product1 & _LOW_32,
                (product0 >> _SHIFT) ^ words[:, 3] ^ np.uint64(key1),
                product0 & _LOW_32,
            ],
            axis=1,
        )
        key0 = (key0 + _KEY_STEPS[0]) & 0xFFFFFFFF
        key1 = (key1 + _KEY_STEPS[1]) & 0xFFFFFFFF
    return words


def stateless_uniform(shape: Sequence[int], seed: int) -> Float32Array:
    """Floats in [0, 1):
    ``tf.random.stateless_uniform(shape, seed=[seed, 0])``, float32.

    Examples
    --------
    >>> stateless_uniform((2, 3), 0).shape, stateless_uniform((4,), 7).dtype
    ((2, 3), dtype('float32'))
    >>> bool(np.array_equal(stateless_uniform((5,), 3),
    ...                     stateless_uniform((5,), 3)))
    True
    """
    seed = int(seed) % _SEED_MODULUS
    start = np.array([[seed & 0xFFFFFFFF, seed >> 32, 0, 0]], dtype=np.uint64)
    mixed = _philox(start, _SEED_KEY)[0]
    key = (int(mixed[0]), int(mixed[1]))
    size = math.prod(shape)
    block = np.arange(
        -(-size // 4), dtype=np.uint64
    )  # four numbers per Philox call
    counters = np.zeros((len(block), 4), dtype=np.uint64)
    counters[:, 0] = block & _LOW_32
    counters[:, 1] = block >> _SHIFT
    counters[:, 2] = mixed[2]
    counters[:, 3] = mixed[3]
    bits = _philox(counters, key).reshape(-1)[:size].astype(np.uint32)
    # 23 random mantissa bits under the exponent of 1.0, minus 1.0: [0, 1).
    ones_to_twos = ((bits & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(
        np.float32
    )
    result: Float32Array = (ones_to_twos - np.float32(1.0)).reshape(shape)
    return result


def glorot_uniform(shape: Sequence[int], seed: int) -> Float32Array:
    """Keras's ``GlorotUniform(seed=seed)(shape)`` as its TensorFlow backend
    draws it.

    Uniform in [-limit, limit] with ``limit = sqrt(6 / (fan_in + fan_out))``,
    float32.

    Examples
    --------
    >>> weights = glorot_uniform((3, 3, 1, 32), seed=5)
    >>> weights.shape, bool(abs(weights).max() <= (6 / (9 + 9 * 32)) ** 0.5)
    ((3, 3, 1, 32), True)
    """
    fan_in, fan_out = _fans(shape)
    scale = 1.0 / max(1.0, (fan_in + fan_out) / 2.0)
    limit = math.sqrt(3.0 * scale)
    low, high = np.float32(-limit), np.float32(limit)
    result: Float32Array = stateless_uniform(shape, seed) * (high - low) + low
    return result


def _fans(shape: Sequence[int]) -> tuple[int, int]:
    """(fan_in, fan_out) as Keras computes them for a kernel of ``shape``."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field
