"""Each lesson of the series as one function returning a result record.

These functions are the single source of every number lcdnet shows about
the series' lessons: the ``lcdnet reproduce`` command, the tutorials and
the tests all call them (the lab, :mod:`lcdnet.lab`, measures what goes
beyond the series). Each result has ``comparisons()``: the published
numbers of the series next to the ones measured in this run, with a reason
wherever they differ materially. Measured values are never adjusted.

One module per part of the series: :mod:`~lcdnet.lessons.linear` (lessons
1 and 2), :mod:`~lcdnet.lessons.deep` (lesson 3), :mod:`~lcdnet.lessons.xnor`
(lessons 4 to 6). :func:`run_lessons` runs all six in order.
:mod:`~lcdnet.lessons.reproduction` searches the settings of the series'
notebook for its published numbers (the tutorial "Reproducing the series";
no step of :func:`run_lessons`).
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from lcdnet._checks import Bool, Function, Path, Seed, checked
from lcdnet._types import PathLike
from lcdnet.lessons import deep, linear, xnor
from lcdnet.lessons._common import (
    BATCH_SIZE,
    CLAIMS,
    EARLY_STEPS,
    XNOR_LEARNED_LOSS,
)
from lcdnet.lessons.deep import *  # noqa: F403
from lcdnet.lessons.linear import *  # noqa: F403
from lcdnet.lessons.xnor import *  # noqa: F403
from lcdnet.lessons.xnor import check_out_dir
from lcdnet.runner import RunRecord, Step, run_steps

__all__ = [
    "lesson_steps",
    "run_lessons",
    "CLAIMS",
    "BATCH_SIZE",
    "EARLY_STEPS",
    "XNOR_LEARNED_LOSS",
    *linear.__all__,
    *deep.__all__,
    *xnor.__all__,
]


def lesson_steps(out_dir: pathlib.Path, seed: int = 0) -> list[Step]:
    """The six lessons as :class:`lcdnet.runner.Step` objects, in order.

    Each step's ``quick`` settings shrink step counts and data sizes to a
    smoke test: enough to exercise the lesson, not to reproduce it.
    """
    return [
        Step(
            "perfect_digits",
            "1 perfect 5x5 digits, linear model",
            lambda results, **settings: linear.perfect_digits(
                seed, **settings
            ),
            quick={"steps": 20},
        ),
        Step(
            "inexact_data",
            "2 jittered 10x10 digits, linear model",
            lambda results, **settings: linear.inexact_data(seed, **settings),
            quick={
                "steps": 20,
                "sizes": (100, 500),
                "memorise_steps": 200,
                "large_grid_steps": 20,
            },
        ),
        Step(
            "deep_network",
            "3 deep network on jittered digits",
            lambda results, **settings: deep.deep_network(seed, **settings),
            quick={"steps": 30, "test_size": 200},
        ),
        Step(
            "xnor_known_weights",
            "4 XNOR with known weights",
            lambda results, **settings: xnor.xnor_known_weights(**settings),
            quick={"sampled_points": 20},
        ),
        Step(
            "xnor_training",
            "5 XNOR trained with Adam",
            lambda results, **settings: xnor.xnor_training(
                out_dir, seed, **settings
            ),
            quick={"steps": 300},
        ),
        Step(
            "xnor_restored",
            "6 XNOR model restored from file",
            lambda results: xnor.xnor_restored(results["xnor_training"]),
        ),
    ]


@checked(
    out_dir=Path(),
    seed=Seed(),
    quick=Bool(),
    progress=Function(allow_none=True),
)
def run_lessons(
    out_dir: PathLike,
    seed: int = 0,
    *,
    quick: bool = False,
    progress: Callable[[Step, float], object] | None = None,
) -> RunRecord:
    """Run the six lessons of the series in order.

    Parameters
    ----------
    out_dir : str or os.PathLike
        An existing folder for the XNOR model file and its TensorBoard logs;
        nothing is written outside it.
    seed : int, default 0
        Seed of the data, the initial weights and the batch order.
    quick : bool, default False
        Shrink every lesson to a smoke test whose numbers teach nothing.
    progress : callable or None
        Called as ``progress(step, seconds)`` after each lesson.

    Returns
    -------
    lcdnet.runner.RunRecord
        ``results`` by lesson name (``"perfect_digits"``, ``"inexact_data"``,
        ``"deep_network"``, ``"xnor_known_weights"``, ``"xnor_training"``,
        ``"xnor_restored"``), ``seconds`` of each, and ``comparisons()``.
    """
    out_dir = check_out_dir(out_dir)
    return run_steps(
        lesson_steps(out_dir, seed), quick=quick, progress=progress
    )
