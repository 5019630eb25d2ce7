"""The generalisation lab: experiments beyond the series, each one measured.

The series stops where the interesting questions start. The lab asks them,
each as one function returning a result record whose ``comparisons()``
lists what was measured (as :class:`lcdnet.report.Comparison` rows; the
series gives no numbers for these, so ``published`` is None). Wherever a
lab scores test pictures drawn from the generator, it splits the score into
copies of training pictures and new pictures
(:func:`lcdnet.seen_new_accuracy`). One module per experiment; the tank
story is one lab of three modules (its pictures, the story, its bounds).
:func:`run_lab` runs four labs:

:func:`held_out_positions` (:mod:`~lcdnet.lab.positions`)
    Train on digits in the left half of the grid, test on the right half,
    which no training digit ever touched. The linear model and a dense
    network (:func:`lcdnet.make_mlp_model`) fall to chance; the
    convolutional network, which looks for the same strokes everywhere,
    does not.
:func:`corruption_sweep` (:mod:`~lcdnet.lab.corruptions`)
    Pixel noise, digits cut off by the border and shadows, each grown step
    by step (see :func:`lcdnet.generate_digits`): how fast does each
    model's accuracy fall, how far could it fall at best, and how much does
    training on messy digits help?
:func:`tank_story` (:mod:`~lcdnet.lab.tank`, :mod:`~.cues`, :mod:`~.shortcuts`)
    The tank parable, run for real (the story; its pictures; its bounds): a cue
    that goes with the label in the collected data (a sunny background behind
    low digits, or low digits always on the left) passes validation and fails
    fair data. A counterfactual swap of the cue exposes it without fair data; a
    phase diagram shows how often and how strongly a cue must agree with the
    label before it wins.
:func:`xnor_seed_lottery` (:mod:`~lcdnet.lab.lottery`)
    How often does the 2-2-1 XNOR network get stuck? Hundreds of networks
    train at once, each exactly as it would alone; the stuck ones are
    measured (loss, saturated hidden units, gradient, ten times longer
    training), for several widths and initial weight scales.

One more is the tutorial "Memorisation as a learning curve", too long for
the command's run: :func:`lcdnet.lab.learning_curves.learning_curves`
(:mod:`~lcdnet.lab.learning_curves`, with its own claims, ``CURVE_CLAIMS``).

Every number comes from running the code with a fixed seed; nothing is
tuned to look right. :data:`CLAIMS` holds the thresholds behind every
sentence the four labs' tutorials state about a result; the tests and the
tutorials both check them.

The figures are in :mod:`lcdnet.plotting.lab`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lcdnet._checks import Bool, Function, Seed, checked
from lcdnet._grid import IMG_SIZE, SHAPE_SIZE
from lcdnet._moved import warn_moved
from lcdnet.digits import CHANCE
from lcdnet.lab._common import CLAIMS, MODEL_LABELS, Interval, wilson_interval
from lcdnet.lab.corruptions import (
    CORRUPTION_STRENGTHS,
    CorruptionSweepResult,
    corruption_sweep,
    cutoff_ceiling,
)
from lcdnet.lab.cues import (
    NO_TANK,
    SUNNY_BACKGROUND,
    TANK,
    TankRun,
    position_cue_digits,
    swap_weather,
    tank_digits,
)
from lcdnet.lab.lottery import (
    INIT_SCALES,
    SATURATION_MARGIN,
    WRONG_CORNER_ERROR,
    XnorLotteryResult,
    XnorRuns,
    network_state,
    xnor_seed_lottery,
)
from lcdnet.lab.positions import HeldOutPositionsResult, held_out_positions
from lcdnet.lab.shortcuts import (
    CUE_AGREEMENTS,
    CUE_STRENGTHS,
    ShortcutPhaseDiagram,
    position_cue,
    shortcut_phase_diagram,
)
from lcdnet.lab.tank import TankStoryResult, WeightSummary, tank_story
from lcdnet.runner import RunRecord, Step, run_steps

__all__ = [
    "held_out_positions",
    "HeldOutPositionsResult",
    "corruption_sweep",
    "CorruptionSweepResult",
    "cutoff_ceiling",
    "tank_digits",
    "swap_weather",
    "position_cue_digits",
    "position_cue",
    "shortcut_phase_diagram",
    "ShortcutPhaseDiagram",
    "tank_story",
    "TankRun",
    "TankStoryResult",
    "WeightSummary",
    "xnor_seed_lottery",
    "XnorLotteryResult",
    "XnorRuns",
    "network_state",
    "wilson_interval",
    "Interval",
    "CLAIMS",
    "lab_steps",
    "run_lab",
]

# Constants kept importable from lcdnet.lab (not in __all__: data, documented
# in their modules): the grid, chance, model labels, the default sweeps.
_CONSTANTS = (
    IMG_SIZE,
    SHAPE_SIZE,
    CHANCE,
    MODEL_LABELS,
    CORRUPTION_STRENGTHS,
    SUNNY_BACKGROUND,
    TANK,
    NO_TANK,
    CUE_AGREEMENTS,
    CUE_STRENGTHS,
    INIT_SCALES,
    SATURATION_MARGIN,
    WRONG_CORNER_ERROR,
)


def lab_steps(seed: int = 0) -> list[Step]:
    """The four labs as :class:`lcdnet.runner.Step` objects, in order.

    Each step's ``quick`` settings shrink data and steps to a smoke test.
    """
    return [
        Step(
            "held_out_positions",
            "held-out positions",
            lambda results, **settings: held_out_positions(seed, **settings),
            quick={"train_size": 100, "steps": 30},
        ),
        Step(
            "corruption_sweep",
            "corruption sweep",
            lambda results, **settings: corruption_sweep(seed, **settings),
            quick={
                "train_size": 1500,
                "test_size": 100,
                "steps": 30,
                "noise": (0.0, 0.5),
                "cutoff": (0, 4),
                "shadow": (0.0, 1.0),
            },
        ),
        Step(
            "tank_story",
            "tank story",
            lambda results, **settings: tank_story(seed, **settings),
            quick={
                "train_size": 100,
                "test_size": 100,
                "steps": 50,
                "deep_steps": 30,
                "agreements": (0.5, 1.0),
                "strengths": (0.1, 0.4),
            },
        ),
        Step(
            "xnor_seed_lottery",
            "XNOR seed lottery",
            lambda results, **settings: xnor_seed_lottery(
                seed=seed, **settings
            ),
            quick={
                "num_seeds": 10,
                "steps": 500,
                "longer_steps": 1000,
                "init_scales": (0.5, 2.0),
                "scale_seeds": 10,
            },
        ),
    ]


@checked(seed=Seed(), quick=Bool(), progress=Function(allow_none=True))
def run_lab(
    seed: int = 0,
    *,
    quick: bool = False,
    progress: Callable[[Step, float], object] | None = None,
) -> RunRecord:
    """Run the four labs with one seed, the same way
    :func:`lcdnet.lessons.run_lessons` runs.

    Parameters
    ----------
    seed : int, default 0
        Seed of every lab (the lottery's first seed).
    quick : bool, default False
        Shrink data and steps to a smoke test whose numbers teach nothing.
    progress : callable or None
        Called as ``progress(step, seconds)`` after each lab.

    Returns
    -------
    lcdnet.runner.RunRecord
        ``results`` by lab name (``"held_out_positions"``,
        ``"corruption_sweep"``, ``"tank_story"``, ``"xnor_seed_lottery"``),
        ``seconds``, ``comparisons()``.
    """
    return run_steps(lab_steps(seed), quick=quick, progress=progress)


def __getattr__(name: str) -> Any:
    """``lcdnet.lab.make_mlp_model``: moved to :mod:`lcdnet.models`."""
    if name == "make_mlp_model":
        warn_moved("lcdnet.lab.make_mlp_model", "lcdnet.models.make_mlp_model")
        from lcdnet.models import make_mlp_model

        return make_mlp_model
    raise AttributeError(f"module 'lcdnet.lab' has no attribute {name!r}")
