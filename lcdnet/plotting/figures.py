"""Every figure of a run, drawn from its results and saved as PNG files.

:func:`lesson_figures` names the figures of ``lcdnet reproduce``; the lab's
are in :func:`lcdnet.plotting.lab.lab_figures`. Both return a mapping of
file name to a function that draws the figure, which :func:`save_figures`
calls, saves and closes.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt

from lcdnet._atomic import write_atomically
from lcdnet._checks import check_file_name, check_path
from lcdnet.plotting.confusion import plot_confusion_matrix
from lcdnet.plotting.digits import plot_digits, plot_weights
from lcdnet.plotting.history import plot_history
from lcdnet.plotting.xnor import plot_xnor_surface

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from lcdnet._types import PathLike
    from lcdnet.runner import RunRecord

#: What draws one figure: returns the Axes (or array of them) drawn on.
Drawing = Callable[[], Any]

__all__ = ["lesson_figures", "save_figures"]


def lesson_figures(record: RunRecord) -> dict[str, Drawing]:
    """The figures of the six lessons, as ``{file name: draw()}``.

    Parameters
    ----------
    record : lcdnet.runner.RunRecord
        What :func:`lcdnet.lessons.run_lessons` returned.
    """
    from lcdnet.training import predict_classes

    results = record.results
    perfect = results["perfect_digits"].run
    inexact = results["inexact_data"]
    largest = inexact.runs[max(inexact.runs)]
    memorised = inexact.memorised
    test_images, test_labels = (
        inexact.test_images[:20],
        inexact.test_labels[:20],
    )

    def confusion(run: Any) -> Any:
        return plot_confusion_matrix(
            run.labels, predict_classes(run.model, run.images)
        )

    drawings = {
        "digits-jittered.png": (
            lambda: plot_digits(
                inexact.runs[100].images[:20], inexact.runs[100].labels[:20]
            ),
            "Lesson 2: the first 20 of 100 jittered 10 x 10 training digits",
        ),
        "weights-perfect.png": (
            lambda: plot_weights(perfect.model),
            f"Lesson 1: linear model's weights after {perfect.steps} steps on "
            "perfect 5 x 5 digits",
        ),
        "weights-jittered-100.png": (
            lambda: plot_weights(memorised.model),
            "Lesson 2: weights of the linear model memorised on 100 jittered "
            f"digits ({memorised.steps:,} steps)",
        ),
        "test-predictions-memorised.png": (
            lambda: plot_digits(
                test_images,
                test_labels,
                predictions=predict_classes(memorised.model, test_images),
            ),
            "Lesson 2: the memorised linear model on 20 fresh digits (red: "
            "wrong, true -> predicted)",
        ),
        "confusion-perfect.png": (
            lambda: confusion(perfect),
            "Lesson 1: linear model on its 100 perfect 5 x 5 training digits",
        ),
        f"confusion-jittered-{max(inexact.runs)}.png": (
            lambda: confusion(largest),
            f"Lesson 2: linear model on its {max(inexact.runs):,} jittered "
            f"10 x 10 training digits ({largest.steps} steps)",
        ),
        "confusion-20x20.png": (
            lambda: confusion(inexact.large_grid),
            "Lesson 2: linear model on its "
            f"{len(inexact.large_grid.labels):,} jittered 20 x 20 training "
            f"digits ({inexact.large_grid.steps:,} steps)",
        ),
        "xnor-known-weights-surface.png": (
            lambda: plot_xnor_surface(results["xnor_known_weights"].model),
            "Lesson 4: XNOR network with hand-set weights",
        ),
        "xnor-training-loss.png": (
            lambda: plot_history(results["xnor_training"].history, logy=True),
            "Lesson 5: XNOR network's training loss (mean squared error, Adam "
            "0.03)",
        ),
        "xnor-restored-surface.png": (
            lambda: plot_xnor_surface(results["xnor_restored"].model),
            "Lesson 6: trained XNOR network, restored from xnor.keras",
        ),
    }
    return {
        name: _titled(draw, title) for name, (draw, title) in drawings.items()
    }


def _titled(draw: Drawing, title: str) -> Drawing:
    """``draw``, followed by giving its figure ``title``, so a saved file
    says what it shows."""

    def draw_with_title() -> Any:
        drawn = draw()
        _figure_of(drawn).suptitle(title, fontsize="medium")
        return drawn

    return draw_with_title


def save_figures(
    drawings: Mapping[str, Drawing],
    out_dir: PathLike,
    *,
    on_error: Callable[[str, BaseException], object] | None = None,
) -> list[str]:
    """Call each drawing function, save its figure as ``out_dir/NAME`` (PNG),
    close it.

    Each file is replaced in one step (a failed save leaves an earlier file
    of that name whole). Every name must be a plain file name ending in
    ``.png``, so that nothing is written outside ``out_dir``; they are
    checked before anything is drawn.

    Parameters
    ----------
    drawings : dict of str to callable
        File name to a function that draws the figure and returns its Axes
        (or an array of them).
    out_dir : str or os.PathLike
        An existing folder.
    on_error : callable or None, default None
        None: the first figure that cannot be drawn or written raises.
        Otherwise ``on_error(name, error)`` is called for it, and the other
        figures are still saved.

    Returns
    -------
    list of str
        The names of the files written, sorted.

    Examples
    --------
    >>> import tempfile, pathlib, lcdnet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> images, labels = lcdnet.generate_digits(10, img_size=10, seed=0)
    >>> save_figures(
    ...     {"digits.png": lambda: lcdnet.plot_digits(images, labels)}, folder
    ... )
    ['digits.png']
    >>> (folder / "digits.png").read_bytes()[:4]
    b'\x89PNG'
    >>> save_figures({"../up.png": lambda: lcdnet.plot_digits(images)}, folder)
    Traceback (most recent call last):
    ...
    ValueError: figure name must be a plain file name ending in '.png' ...
    """
    out_dir = check_path("out_dir", out_dir)
    for name in drawings:
        check_file_name("figure name", name, suffix=".png")
    if on_error is not None and not callable(on_error):
        raise TypeError(
            f"on_error must be a callable or None, got "
            f"{type(on_error).__name__}"
        )
    written = []
    for name, draw in drawings.items():
        try:
            _save_figure(draw, out_dir / name)
        except Exception as error:
            if on_error is None:
                raise
            on_error(name, error)
        else:
            written.append(name)
    return sorted(written)


def _save_figure(draw: Drawing, path: pathlib.Path) -> None:
    figure = None
    try:
        figure = _figure_of(draw())
        write_atomically(
            path,
            lambda temporary: figure.savefig(
                temporary, dpi=100, bbox_inches="tight"
            ),
        )
    finally:
        if figure is not None:
            plt.close(figure)


def _figure_of(drawn: Any) -> Figure:
    """The Figure behind what a plotting helper returned (an Axes or an
    array of them)."""
    first = drawn.flat[0] if hasattr(drawn, "flat") else drawn
    figure: Figure = first.get_figure()
    return figure
