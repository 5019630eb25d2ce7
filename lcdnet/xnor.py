"""XNOR, defined once: the truth table, the input mesh and the hand-set
weights.

Pure NumPy. The lessons, the lab, the plots, the tests and the benchmarks
all read these names; nothing else in lcdnet writes the table down.

Examples
--------
>>> XNOR_INPUTS.tolist()
[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
>>> XNOR_TARGETS.ravel().tolist()
[1.0, 0.0, 0.0, 1.0]
"""

from __future__ import annotations

import numpy as np

from lcdnet._checks import check_fits_in_memory, check_int
from lcdnet._types import Float32Array

__all__ = ["XNOR_INPUTS", "XNOR_TARGETS", "NG_XNOR_WEIGHTS", "input_mesh"]

#: The four rows of the truth table, in the order (0,0), (0,1), (1,0), (1,1);
#: float32, shape (4, 2), columns x1 and x2.
XNOR_INPUTS: Float32Array = np.array(
    [[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32"
)
#: XNOR of each row of :data:`XNOR_INPUTS` (1, 0, 0, 1): a float32 column of
#: shape (4, 1), the targets of the XNOR training.
XNOR_TARGETS: Float32Array = np.array([[1], [0], [0], [1]], dtype="float32")

#: Andrew Ng's hand-set XNOR network: hidden unit 0 is AND, hidden unit 1 is
#: NOR, and the output unit is OR of the two. Order as ``model.set_weights``
#: expects: hidden kernel, hidden bias, output kernel, output bias.
NG_XNOR_WEIGHTS: tuple[Float32Array, ...] = (
    np.array([[20.0, -20.0], [20.0, -20.0]], dtype="float32"),
    np.array([-30.0, 10.0], dtype="float32"),
    np.array([[20.0], [20.0]], dtype="float32"),
    np.array([-10.0], dtype="float32"),
)

for _array in (XNOR_INPUTS, XNOR_TARGETS, *NG_XNOR_WEIGHTS):
    _array.setflags(write=False)


def input_mesh(
    resolution: int = 100,
) -> tuple[Float32Array, Float32Array, Float32Array]:
    """A regular mesh over the unit square, for drawing a two-input network.

    Parameters
    ----------
    resolution : int, default 100
        Points along each axis, at least 2; both 0 and 1 are included.

    Returns
    -------
    x1, x2 : numpy.ndarray of float32, shape (resolution, resolution)
        The coordinates of each mesh point: ``x1`` varies along the columns
        and ``x2`` along the rows (matplotlib's "xy" order), so mesh point
        ``[row, col]`` is ``(x1, x2) = (col, row) / (resolution - 1)``.
    points : numpy.ndarray of float32, shape (resolution**2, 2)
        The same points as one batch of inputs, row by row.

    Examples
    --------
    >>> x1, x2, points = input_mesh(3)
    >>> x1[0].tolist(), x2[:, 0].tolist()
    ([0.0, 0.5, 1.0], [0.0, 0.5, 1.0])
    >>> points[:4].tolist()
    [[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [0.0, 0.5]]
    """
    resolution = check_int("resolution", resolution, minimum=2)
    # x1 and x2, and their copy in points: 16 bytes per mesh point.
    check_fits_in_memory("resolution", resolution, 16 * resolution**2)
    axis = np.linspace(0.0, 1.0, resolution, dtype="float32")
    x1, x2 = np.meshgrid(axis, axis, indexing="xy")
    return x1, x2, np.column_stack([x1.ravel(), x2.ravel()])
