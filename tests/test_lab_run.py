"""lcdnet.lab as a whole: run_lab, the public names, the claims' shape."""

from lcdnet import lab
from lcdnet.lab import HeldOutPositionsResult
from lcdnet.report import Comparison


def test_run_lab_quick_returns_the_four_results(quick_lab_record):
    record = quick_lab_record
    results = record.results
    assert isinstance(results["held_out_positions"], HeldOutPositionsResult)
    assert isinstance(results["corruption_sweep"], lab.CorruptionSweepResult)
    assert isinstance(results["tank_story"], lab.TankStoryResult)
    assert isinstance(results["xnor_seed_lottery"], lab.XnorLotteryResult)
    assert set(record.seconds) == {
        "held_out_positions",
        "corruption_sweep",
        "tank_story",
        "xnor_seed_lottery",
    }
    lottery = results["xnor_seed_lottery"]
    assert (
        lottery.steps == 500
        and len(lottery.seeds) == 10
        and lottery.longer_steps == 1000
    )
    assert results["tank_story"].phase.fair_accuracy.shape == (2, 2)
    rows = record.comparisons()
    assert rows and all(isinstance(row, Comparison) for row in rows)
    assert all(
        row.measured is None or type(row.measured) is float for row in rows
    )
    assert {row.lesson.split()[1] for row in rows} == {"1", "2", "3", "4"}


def test_every_name_the_lab_had_before_the_split_still_imports():
    for name in (
        "held_out_positions",
        "HeldOutPositionsResult",
        "corruption_sweep",
        "CorruptionSweepResult",
        "cutoff_ceiling",
        "tank_digits",
        "tank_story",
        "TankRun",
        "TankStoryResult",
        "xnor_seed_lottery",
        "XnorLotteryResult",
        "lab_steps",
        "run_lab",
        "CHANCE",
        "SHAPE_SIZE",
        "IMG_SIZE",
        "MODEL_LABELS",
        "CORRUPTION_STRENGTHS",
        "SUNNY_BACKGROUND",
        "TANK",
        "NO_TANK",
    ):
        assert hasattr(lab, name), name
    assert all(hasattr(lab, name) for name in lab.__all__)


def test_claims_are_thresholds_the_pages_can_quote():
    for name, value in lab.CLAIMS.items():
        values = value if isinstance(value, tuple) else (value,)
        assert all(isinstance(item, float) for item in values), name
    low, high = lab.CLAIMS["lottery_two_units_between"]
    assert 0 < low < high < 1
