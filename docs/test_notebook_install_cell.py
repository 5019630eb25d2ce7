"""The downloaded notebooks' first cell installs lcdnet only where it is missing."""

import ast
import pathlib
import subprocess


def _first_notebook_cell():
    """The cell's code, read from conf.py's source (running conf.py needs Sphinx)."""
    tree = ast.parse(pathlib.Path(__file__).with_name("conf.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "first_notebook_cell":
                    return ast.literal_eval(value)
    raise LookupError("conf.py sets no first_notebook_cell")


CELL = _first_notebook_cell()


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
