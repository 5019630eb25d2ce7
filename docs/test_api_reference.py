"""The API reference lists every public name of lcdnet.

Run with the documentation's doctests::

    python -m pytest --doctest-glob="*.rst" docs
"""

import dataclasses
import importlib
import inspect
import pathlib
import re

import lcdnet
from lcdnet import lessons

API_PAGE = pathlib.Path(__file__).with_name("api.rst")


def _listed_names():
    """Names in api.rst's autosummary tables, with their current module."""
    listed, module = set(), None
    for line in API_PAGE.read_text(encoding="utf-8").splitlines():
        current = re.match(r"\.\. currentmodule:: (\S+)", line)
        if current:
            module = current.group(1)
        entry = re.match(r"   ([A-Za-z_][A-Za-z0-9_]*)$", line)
        if entry:
            listed.add(f"{module}.{entry.group(1)}")
    return listed


def test_every_public_name_of_lcdnet_is_documented():
    missing = {f"lcdnet.{name}" for name in lcdnet.__all__} - _listed_names()
    assert not missing, f"add to docs/api.rst: {sorted(missing)}"


def test_every_lesson_and_result_record_is_documented():
    public = set(lessons.__all__)
    records = {
        name
        for name, value in vars(lessons).items()
        if dataclasses.is_dataclass(value)
        and value.__module__ == lessons.__name__
        and not name.startswith("_")
    }
    missing = {
        f"lcdnet.lessons.{name}" for name in public | records
    } - _listed_names()
    assert not missing, f"add to docs/api.rst: {sorted(missing)}"


#: Listed functions that train models for seconds to minutes: their examples
#: are the tutorials, not doctests. Everything else listed must have one.
TUTORIAL_EXAMPLES = {
    "lcdnet.lessons.run_lessons",
    "lcdnet.lessons.lesson_steps",
    "lcdnet.lessons.inexact_data",
    "lcdnet.lessons.deep_network",
    "lcdnet.lessons.xnor_training",
    "lcdnet.lessons.xnor_restored",
    "lcdnet.lab.run_lab",
    "lcdnet.lab.lab_steps",
    "lcdnet.lab.held_out_positions",
    "lcdnet.lab.corruption_sweep",
    "lcdnet.lab.tank_story",
    "lcdnet.lab.xnor_seed_lottery",
    "lcdnet.plotting.figures.lesson_figures",
    "lcdnet.plotting.lab.lab_figures",
    "lcdnet.plotting.lab.plot_position_accuracy",
    "lcdnet.plotting.lab.plot_corruption_sweep",
    "lcdnet.plotting.lab.plot_decision_weights",
    "lcdnet.plotting.lab.plot_lottery",
    "lcdnet.lab.position_cue",
    "lcdnet.lab.shortcut_phase_diagram",
    "lcdnet.plotting.lab.plot_cue_tests",
    "lcdnet.plotting.lab.plot_phase_diagram",
    "lcdnet.plotting.lab.plot_init_scales",
    "lcdnet.plotting.curves.plot_learning_curves",
    "lcdnet.plotting.curves.plot_settings_search",
    "lcdnet.cli.main",
    "lcdnet.cli.reproduce",
    "lcdnet.cli.lab",
}


#: The records these modules' functions return are shown by those functions.
RECORD_MODULES = ("lcdnet.lessons.", "lcdnet.lab.")


def _resolve(dotted):
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def test_every_listed_function_and_class_has_a_runnable_example():
    missing = []
    for dotted in sorted(_listed_names() - TUTORIAL_EXAMPLES):
        value = _resolve(dotted)
        if not (callable(value) or isinstance(value, type)):
            # A constant: documented by its comment and its users' examples.
            continue
        if dataclasses.is_dataclass(value) and dotted.startswith(
            RECORD_MODULES
        ):
            # A record a lesson or lab returns: its example is that
            # function's.
            continue
        if "Examples\n" not in inspect.getdoc(
            value
        ) or ">>>" not in inspect.getdoc(value):
            missing.append(dotted)
    assert not missing, (
        f"give these an Examples section with a doctest: {missing}"
    )
