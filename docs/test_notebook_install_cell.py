"""The downloaded notebooks' first cell installs lcdnet only where it is missing."""

import pathlib
import runpy
import subprocess

CONF = runpy.run_path(str(pathlib.Path(__file__).with_name("conf.py")))
CELL = CONF["sphinx_gallery_conf"]["first_notebook_cell"]


def test_install_cell_does_nothing_where_lcdnet_is_installed(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "check_call", lambda *args, **kwargs: calls.append(args))
    exec(compile(CELL, "first_notebook_cell", "exec"), {})
    assert calls == []


def test_install_cell_installs_lcdnet_where_it_is_missing(monkeypatch):
    import importlib.util

    calls = []
    monkeypatch.setattr(subprocess, "check_call", lambda command: calls.append(command))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    exec(compile(CELL, "first_notebook_cell", "exec"), {})
    assert len(calls) == 1 and calls[0][1:] == ["-m", "pip", "install", "lcdnet"]
