"""A two-input network drawn over the unit square, and its truth table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import matplotlib.pyplot as plt
import numpy as np

from lcdnet._checks import (
    as_numeric_array,
    check_bool,
    check_fits_in_memory,
    check_int,
)
from lcdnet._types import ArrayLike, Float32Array, KerasModel
from lcdnet.plotting._axes import (
    WRONG_COLOR,
    check_ax,
    check_keras_model,
    describe_new,
)
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS, input_mesh

if TYPE_CHECKING:
    # Any to a type checker: matplotlib's 3-D toolkit ships no types.
    from mpl_toolkits.mplot3d.axes3d import Axes3D

__all__ = ["plot_xnor_surface", "xnor_truth_table", "XnorTruthTable"]

#: Bytes per mesh point to draw the surface and render it to a PNG
#: (measured: about 250 to draw, 2,000 with the rendering).
SURFACE_BYTES_PER_POINT = 2500


def plot_xnor_surface(
    model: KerasModel,
    *,
    resolution: int = 100,
    ax: Axes3D | None = None,
    mark_corners: bool = True,
) -> Axes3D:
    """Draw a two-input network's output over the unit square as a 3-D surface.

    The model is evaluated in one vectorised call on the ``resolution**2``
    points of a regular mesh over [0, 1] x [0, 1] (the series found this
    about 200 times faster than a loop over points). A network that learned
    XNOR shows two high corners, (0, 0) and (1, 1), and two low ones.

    Parameters
    ----------
    model : keras.Model
        A model with input shape (None, 2) and output shape (None, 1), such
        as :func:`lcdnet.make_xnor_model`.
    resolution : int, default 100
        Mesh points along each axis, at least 2; both 0 and 1 are included.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3-D Axes (``fig.add_subplot(projection="3d")``); None creates a
        figure with one.
    mark_corners : bool, default True
        Mark the four corners of the square with dots labelled with the
        model's output there (the truth table, see :func:`xnor_truth_table`).

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
        The Axes, with the surface as its first collection (faces coloured
        by height, 0 to 1), axes labelled x1, x2 and output, and z limits
        0 to 1.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model, or ``resolution``, ``ax`` or
        ``mark_corners`` has the wrong type.
    ValueError
        If the model does not map 2 inputs to 1 output or its weights are
        not finite, ``resolution < 2`` or too large to draw in memory
        (about 2.5 kB per mesh point, rendering included), or ``ax`` is
        not a 3-D Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import lcdnet
    >>> ax = plot_xnor_surface(lcdnet.make_xnor_model(weights="ng"),
    ...                        resolution=20)
    >>> ax.name, [float(z) for z in ax.get_zlim()], ax.get_xlabel()
    ('3d', [0.0, 1.0], 'x1')
    >>> [text.get_text() for text in ax.texts]
    ['1.000', '0.000', '0.000', '1.000']
    >>> fig, flat_ax = plt.subplots()
    >>> plot_xnor_surface(lcdnet.make_xnor_model(weights="ng"), ax=flat_ax)
    Traceback (most recent call last):
    ...
    ValueError: ax must be a 3-D Axes (fig.add_subplot(projection="3d")), \
got a 'rectilinear' Axes
    >>> plt.close("all")
    """
    _check_xnor_model(model)
    resolution = check_int("resolution", resolution, minimum=2)
    check_fits_in_memory(
        "resolution", resolution, SURFACE_BYTES_PER_POINT * resolution**2
    )
    mark_corners = check_bool("mark_corners", mark_corners)
    ax = check_ax(ax, three_d=True)
    x1, x2, points = input_mesh(
        resolution
    )  # x1 varies along columns, x2 along rows
    output = _finite_outputs(model, points, "surface")
    output = output.reshape(resolution, resolution)

    created = ax is None
    if ax is None:
        figure = plt.figure(figsize=(6.0, 5.0), layout="constrained")
        # add_subplot's stubs say Axes whatever the projection; "3d" makes
        # an Axes3D.
        ax = cast("Axes3D", figure.add_subplot(projection="3d"))
    ax.plot_surface(
        x1,
        x2,
        output,
        rcount=resolution,
        ccount=resolution,
        cmap="viridis",
        vmin=0.0,
        vmax=1.0,
        linewidth=0,
        antialiased=False,
        alpha=0.9,
    )
    if mark_corners:
        # Corner (x1, x2) sits at row x2, column x1 of the mesh.
        corners = XNOR_INPUTS.astype(int) * (resolution - 1)
        values = output[corners[:, 1], corners[:, 0]]
        ax.scatter(
            XNOR_INPUTS[:, 0],
            XNOR_INPUTS[:, 1],
            values,
            color=WRONG_COLOR,
            s=25,
            depthshade=False,
        )
        for (corner_x1, corner_x2), value in zip(
            XNOR_INPUTS, values, strict=True
        ):
            # Above the surface's depth-sorted polygons, so no corner label
            # hides; on a white box, so that a tick label it meets at the
            # square's edge does not cross it out.
            ax.text(
                corner_x1,
                corner_x2,
                value + 0.06,
                f"{value:.3f}",
                ha="center",
                fontsize="medium",
                color=WRONG_COLOR,
                zorder=1e4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_zlabel("output")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_zlim(0.0, 1.0)
    # A little smaller than the Axes, so that the z label stays in the figure.
    ax.set_box_aspect(None, zoom=0.85)
    corners = output[[0, -1, 0, -1], [0, 0, -1, -1]]  # (0,0) (0,1) (1,0) (1,1)
    describe_new(
        created,
        ax,
        (
            "3-D surface of the network's output, from 0 to 1, over the unit "
            "square of its inputs x1 and x2; at the corners (0, 0), (0, 1), "
            "(1, 0) and (1, 1) it is "
            + ", ".join(f"{value:.3f}" for value in corners)
            + "."
        ),
    )
    return ax


@dataclass(frozen=True, eq=False)
class XnorTruthTable:
    """A model's outputs at the four corners of the unit square, next to XNOR.

    Made by :func:`xnor_truth_table`. The arrays are read-only.

    Attributes
    ----------
    inputs : numpy.ndarray of int, shape (4, 2)
        The corners in truth-table order: (0, 0), (0, 1), (1, 0), (1, 1);
        columns x1 and x2.
    outputs : numpy.ndarray of float, shape (4,)
        The model's output for each row of ``inputs``.
    targets : numpy.ndarray of int, shape (4,)
        XNOR of each row: 1, 0, 0, 1.

    Examples
    --------
    >>> table = XnorTruthTable(XNOR_INPUTS, [0.996, 0.005, 0.004, 0.997],
    ...                        XNOR_TARGETS.ravel())
    >>> print(table)
    x1  x2  output  target
     0   0  0.9960       1
     0   1  0.0050       0
     1   0  0.0040       0
     1   1  0.9970       1
    >>> round(table.max_error, 3)
    0.005
    """

    inputs: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray

    def __post_init__(self) -> None:
        shapes = {"inputs": (4, 2), "outputs": (4,), "targets": (4,)}
        for name, shape in shapes.items():
            dtype = "float64" if name == "outputs" else None
            array = as_numeric_array(name, getattr(self, name), dtype=dtype)
            if array.shape != shape:
                raise ValueError(
                    f"{name} must have shape {shape}, got {array.shape}"
                )
            # A private copy: freezing it must not freeze the caller's array.
            array = array.astype(int) if name != "outputs" else array.copy()
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def max_error(self) -> float:
        """Largest absolute difference between an output and its target."""
        return float(np.max(np.abs(self.outputs - self.targets)))

    def __str__(self) -> str:
        lines = [f"{'x1':>2}  {'x2':>2}  {'output':>6}  {'target':>6}"]
        for (x1, x2), output, target in zip(
            self.inputs, self.outputs, self.targets, strict=True
        ):
            lines.append(f"{x1:>2d}  {x2:>2d}  {output:>6.4f}  {target:>6d}")
        return "\n".join(lines)


def xnor_truth_table(model: KerasModel) -> XnorTruthTable:
    """Evaluate a two-input network at the corners of the unit square.

    The rows are indexed correctly: row (0, 1) holds the output for
    x1 = 0, x2 = 1. (The original series' printout read its mesh so that
    the (0, 1) and (1, 0) rows were swapped; for XNOR, which is symmetric,
    the slip was invisible.)

    Parameters
    ----------
    model : keras.Model
        A model with input shape (None, 2) and output shape (None, 1), such
        as :func:`lcdnet.make_xnor_model`.

    Returns
    -------
    XnorTruthTable
        Inputs, outputs and XNOR targets; ``print`` it for an aligned
        table, and read ``max_error`` for the worst corner.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    ValueError
        If the model does not map 2 inputs to 1 output, or its weights are
        not finite (a diverged training), which would make the table
        meaningless.

    Examples
    --------
    >>> import lcdnet
    >>> table = xnor_truth_table(lcdnet.make_xnor_model(weights="ng"))
    >>> print(table)
    x1  x2  output  target
     0   0  1.0000       1
     0   1  0.0000       0
     1   0  0.0000       0
     1   1  1.0000       1
    >>> table.max_error < 1e-3
    True
    """
    _check_xnor_model(model)
    outputs = _finite_outputs(model, XNOR_INPUTS, "truth table").reshape(4)
    return XnorTruthTable(
        XNOR_INPUTS, outputs.astype("float64"), XNOR_TARGETS.ravel()
    )


def _finite_outputs(
    model: KerasModel, inputs: ArrayLike, purpose: str
) -> Float32Array:
    """The model's outputs, refusing weights or outputs that are not finite."""
    from lcdnet import _training_data, training

    _training_data.check_finite_weights(model, purpose)
    outputs = training.predict(model, inputs)
    return _training_data.check_finite_outputs(model, outputs, purpose)


def _check_xnor_model(model: KerasModel) -> None:
    from lcdnet._backend import keras

    check_keras_model("model", model, keras)
    input_shape, output_shape = model.input_shape, model.output_shape
    if input_shape != (None, 2) or output_shape != (None, 1):
        raise ValueError(
            "model must map 2 inputs to 1 output (input shape (None, 2), "
            "output shape (None, 1)), such as lcdnet.make_xnor_model(); model "
            f"{model.name!r} has input shape {input_shape} and output shape "
            f"{output_shape}"
        )
