"""The API reference lists every public name of lcdnet.

Run with the documentation's doctests::

    python -m pytest --doctest-glob="*.rst" docs
"""

import dataclasses
import pathlib
import re

import lcdnet
from lcdnet import lessons

API_PAGE = pathlib.Path(__file__).with_name("api.rst")


def _listed_names():
    """Names in the autosummary tables of api.rst, with their current module."""
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
        name for name, value in vars(lessons).items()
        if dataclasses.is_dataclass(value) and value.__module__ == lessons.__name__
        and not name.startswith("_")
    }
    missing = {f"lcdnet.lessons.{name}" for name in public | records} - _listed_names()
    assert not missing, f"add to docs/api.rst: {sorted(missing)}"
