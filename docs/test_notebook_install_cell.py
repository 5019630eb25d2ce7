"""The notebooks' first cell installs this very lcdnet, only where missing."""

import importlib.util
import subprocess
import sys

import pytest
from notebook_setup import first_cell, wheel_name

import lcdnet

# Imported now, so that the cell's last line costs nothing in the tests.
import lcdnet.models

VERSION = lcdnet.__version__


def _run_cell(cell, folder, monkeypatch, *, missing):
    """Run the cell in this process, from ``folder``."""
    if missing:
        real_find_spec = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util,
            "find_spec",
            lambda name, *args: (
                None if name == "lcdnet" else real_find_spec(name, *args)
            ),
        )
    monkeypatch.chdir(folder)
    exec(compile(cell, "first_notebook_cell", "exec"), {})


def test_the_cell_installs_the_version_of_these_pages():
    cell = first_cell(VERSION)
    assert (
        f'"lcdnet=={VERSION}"' in cell and f'"{wheel_name(VERSION)}"' in cell
    )
    assert 'pip install lcdnet"' not in cell


def test_where_lcdnet_is_installed_the_cell_installs_nothing(
    tmp_path, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        subprocess, "run", lambda *args, **kwargs: calls.append(args)
    )
    _run_cell(first_cell(VERSION), tmp_path, monkeypatch, missing=False)
    assert calls == []


def test_where_lcdnet_is_missing_the_cell_installs_that_version(
    tmp_path, monkeypatch
):
    calls = []

    def pip(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", pip)
    _run_cell(first_cell(VERSION), tmp_path, monkeypatch, missing=True)
    assert calls == [
        [sys.executable, "-m", "pip", "install", "-q", f"lcdnet=={VERSION}"]
    ]


def test_a_wheel_beside_the_notebook_is_installed_first(tmp_path, monkeypatch):
    calls = []

    def pip(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    (tmp_path / wheel_name(VERSION)).write_bytes(b"")
    monkeypatch.setattr(subprocess, "run", pip)
    _run_cell(first_cell(VERSION), tmp_path, monkeypatch, missing=True)
    assert calls[0][-1] == wheel_name(VERSION)


def test_where_lcdnet_cannot_be_found_the_cell_says_how_to_get_it(
    tmp_path, monkeypatch
):
    # A real pip, offline and asked for a version no index has: it fails.
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    missing_version = "0.0.0.dev0"
    with pytest.raises(SystemExit) as stop:
        _run_cell(
            first_cell(missing_version), tmp_path, monkeypatch, missing=True
        )
    message = str(stop.value.code)
    assert "\n" not in message and "Traceback" not in message
    assert wheel_name(missing_version) in message and "clone" in message
