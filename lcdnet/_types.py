"""The type aliases of lcdnet's annotations, in one place.

Arrays are NumPy's :data:`numpy.typing.NDArray` of a stated dtype. Keras
ships no type information, so to a type checker a Keras model is ``Any``
(:data:`KerasModel`): lcdnet's own records, arrays and numbers stay typed.
"""

from __future__ import annotations

import os
from typing import Any, TypeAlias, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ArrayLike",
    "BoolArray",
    "FloatArray",
    "Float32Array",
    "IntArray",
    "KerasModel",
    "PathLike",
    "UInt8Array",
]

#: A ``keras.Model`` (Any to a type checker: Keras ships no types).
KerasModel: TypeAlias = Any
#: What a path argument accepts: a string or an ``os.PathLike``.
PathLike: TypeAlias = Union[str, "os.PathLike[str]"]
FloatArray: TypeAlias = NDArray[np.float64]
Float32Array: TypeAlias = NDArray[np.float32]
IntArray: TypeAlias = NDArray[np.int64]
UInt8Array: TypeAlias = NDArray[np.uint8]
BoolArray: TypeAlias = NDArray[np.bool_]
