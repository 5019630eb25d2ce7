"""Nothing lost: every file lcdnet replaces is replaced whole, or not at all.

A failed write (a model whose serialisation raises, a full disk simulated
by injecting ``OSError(ENOSPC)`` half-way through, an interrupt) leaves the
earlier file exactly as it was and no temporary file behind.
"""

import ast
import errno
import json
import os
import pathlib
import stat

import numpy as np
import pytest

import lcdnet
from lcdnet import _atomic
from lcdnet._atomic import (
    TEMPORARY_MARK,
    write_atomically,
    write_text_atomically,
)
from lcdnet.report import Comparison, write_results

PACKAGE = pathlib.Path(lcdnet.__file__).parent
REPOSITORY = PACKAGE.parent
EXPLORER = REPOSITORY / "docs" / "_ext" / "lcdnet_explorer.py"


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _half_then_disk_full(temporary):
    temporary.write_text('{"half": ')
    _disk_full()


def _names(folder):
    return sorted(path.name for path in pathlib.Path(folder).iterdir())


# ------------------------------------------------------------------ the helper


@pytest.mark.parametrize("failure", [_half_then_disk_full, KeyboardInterrupt])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path, failure
):
    target = write_text_atomically(tmp_path / "results.json", '{"old": 1}\n')

    def write(temporary):
        if failure is KeyboardInterrupt:
            temporary.write_text("partial")
            raise KeyboardInterrupt
        failure(temporary)

    with pytest.raises((OSError, KeyboardInterrupt)):
        write_atomically(target, write)
    assert target.read_text() == '{"old": 1}\n'
    assert _names(tmp_path) == ["results.json"]


def test_a_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(OSError):
        write_atomically(tmp_path / "new.png", _half_then_disk_full)
    assert _names(tmp_path) == []


def test_the_new_content_is_flushed_to_disk_before_the_rename(
    tmp_path, monkeypatch
):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(
        _atomic.os,
        "fsync",
        lambda fd: (events.append("fsync"), real_fsync(fd)),
    )
    monkeypatch.setattr(
        _atomic.os,
        "replace",
        lambda a, b: (events.append("replace"), real_replace(a, b)),
    )
    write_text_atomically(tmp_path / "a.txt", "x")
    assert events[:2] == ["fsync", "replace"]  # the file's data, then its name
    assert events[2:] == (
        ["fsync"] if os.name == "posix" else []
    )  # then the folder


def test_the_temporary_file_keeps_the_suffix_and_sits_in_the_same_folder(
    tmp_path,
):
    seen = []
    write_atomically(
        tmp_path / "xnor.keras",
        lambda temporary: (
            seen.append(temporary),
            temporary.write_bytes(b"zip"),
        ),
    )
    (temporary,) = seen
    assert temporary.parent == tmp_path and temporary.suffix == ".keras"
    assert TEMPORARY_MARK in temporary.name


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permissions_are_the_usual_ones_or_those_of_the_replaced_file(
    tmp_path,
):
    umask = os.umask(0o022)
    try:
        fresh = write_text_atomically(tmp_path / "fresh.txt", "x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o600)
        write_text_atomically(kept, "new")
        assert (
            stat.S_IMODE(kept.stat().st_mode) == 0o600
            and kept.read_text() == "new"
        )
    finally:
        os.umask(umask)


# --------------------------------------------------------------- every writer


class _Unsaveable(lcdnet.make_xnor_model().layers[0].__class__):
    """A Dense layer whose configuration cannot be read: saving it fails."""

    def get_config(self):
        raise RuntimeError("this layer cannot be serialised")


def test_a_failed_save_keeps_the_previous_model(tmp_path):
    from lcdnet._backend import keras

    path = lcdnet.save_model(
        lcdnet.make_xnor_model(weights="ng"), tmp_path / "xnor.keras"
    )
    before = path.read_bytes()
    broken = keras.Sequential(
        [keras.Input((2,)), _Unsaveable(1)], name="broken"
    )
    with pytest.raises(Exception, match="cannot be serialised"):
        lcdnet.save_model(broken, path)
    assert path.read_bytes() == before
    restored = lcdnet.load_model(path)
    np.testing.assert_array_equal(
        restored.get_weights()[0], lcdnet.NG_XNOR_WEIGHTS[0]
    )
    assert _names(tmp_path) == ["xnor.keras"]


def test_results_json_survives_a_full_disk(tmp_path, monkeypatch):
    rows = [Comparison("1", "accuracy", 1.0, 1.0)]
    path = write_results(tmp_path, rows, {"seed": 0})
    before = path.read_text()
    real_write_text = pathlib.Path.write_text

    def write_half(self, text, *args, **kwargs):
        real_write_text(self, text[: len(text) // 2], *args, **kwargs)
        _disk_full()

    monkeypatch.setattr(pathlib.Path, "write_text", write_half)
    with pytest.raises(OSError, match="No space left"):
        write_results(tmp_path, rows, {"seed": 1})
    assert path.read_text() == before and json.loads(before)["seed"] == 0
    assert _names(tmp_path) == ["results.json"]


def test_a_figure_that_cannot_be_written_keeps_the_old_one(
    tmp_path, monkeypatch
):
    import matplotlib.figure
    import matplotlib.pyplot as plt

    from lcdnet.plotting.figures import save_figures

    images, labels = lcdnet.generate_digits(4, img_size=10, seed=0)
    save_figures(
        {"digits.png": lambda: lcdnet.plot_digits(images, labels)}, tmp_path
    )
    before = (tmp_path / "digits.png").read_bytes()
    real_savefig = matplotlib.figure.Figure.savefig

    def savefig_then_disk_full(self, path, **kwargs):
        real_savefig(self, path, **kwargs)
        pathlib.Path(path).write_bytes(before[:100])  # half a PNG
        _disk_full()

    monkeypatch.setattr(
        matplotlib.figure.Figure, "savefig", savefig_then_disk_full
    )
    with pytest.raises(OSError):
        save_figures(
            {"digits.png": lambda: lcdnet.plot_digits(images)}, tmp_path
        )
    assert (tmp_path / "digits.png").read_bytes() == before
    assert _names(tmp_path) == ["digits.png"]
    assert plt.get_fignums() == []  # the figure was closed all the same


def test_save_figures_can_name_a_failed_figure_and_keep_the_rest(tmp_path):
    from lcdnet.plotting.figures import save_figures

    images, labels = lcdnet.generate_digits(4, img_size=10, seed=0)

    def broken():
        raise ValueError("no data")

    failures = []
    written = save_figures(
        {
            "b.png": lambda: lcdnet.plot_digits(images),
            "a.png": broken,
            "c.png": lambda: lcdnet.plot_digits(images, labels),
        },
        tmp_path,
        on_error=lambda name, error: failures.append((name, str(error))),
    )
    assert written == ["b.png", "c.png"] and failures == [("a.png", "no data")]
    assert _names(tmp_path) == ["b.png", "c.png"]


def test_a_tensorboard_file_is_written_whole_or_not_at_all(
    tmp_path, monkeypatch
):
    from tensorboard.summary.writer import record_writer

    record = lcdnet.TrainingHistory(
        np.arange(1, 101), {"loss": np.linspace(1, 0, 100)}
    )
    calls = []
    real_write = record_writer.RecordWriter.write

    def write_then_disk_full(self, data):
        calls.append(data)
        if len(calls) == 50:
            _disk_full()
        real_write(self, data)

    monkeypatch.setattr(
        record_writer.RecordWriter, "write", write_then_disk_full
    )
    with pytest.raises(OSError):
        lcdnet.write_tensorboard(record, tmp_path)
    assert _names(tmp_path) == []


def test_the_explorers_exports_survive_a_failed_build(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "lcdnet_explorer_under_test", EXPLORER
    )
    explorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(explorer)
    monkeypatch.setattr(explorer, "train_explorer_models", lambda seed: {})
    monkeypatch.setattr(explorer, "check_page_claims", lambda models: None)
    monkeypatch.setattr(explorer, "explorer_data", lambda models: {"build": 1})
    explorer.write_explorer_files(tmp_path)
    before = {
        name: (tmp_path / name).read_text()
        for name in ("models.json", "models.js")
    }
    monkeypatch.setattr(explorer, "explorer_data", lambda models: {"build": 2})
    real_write_text = pathlib.Path.write_text

    def disk_full_for_the_script(self, text, *args, **kwargs):
        if self.suffix == ".js":
            real_write_text(self, text[:10], *args, **kwargs)
            _disk_full()
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", disk_full_for_the_script)
    with pytest.raises(OSError):
        explorer.write_explorer_files(tmp_path)
    assert (tmp_path / "models.js").read_text() == before["models.js"]
    assert _names(tmp_path) == ["models.js", "models.json"]


# ----------------------------------------------------- one helper, everywhere

#: Methods that write a file in place, and ``open`` for writing. lcdnet's
#: code must route every one of them through lcdnet._atomic.
_IN_PLACE_WRITERS = {"write_text", "write_bytes", "savefig", "save", "dump"}


def _in_place_writes(source):
    """``(line, call)`` of calls in ``source`` that write a file in place."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        method = getattr(
            node.func, "attr", None
        )  # path.write_text(...), model.save(...)
        name = method or getattr(node.func, "id", "")
        writes_mode = name == "open" and any(
            isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and set(arg.value) & set("wax")
            for arg in node.args[1:]
        )
        if method in _IN_PLACE_WRITERS or writes_mode:
            found.append((node.lineno, name))
    return found


def _atomic_writers(tree):
    """The functions (def or lambda) ``tree`` hands to write_atomically."""
    handed = [
        call.args[1]
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", "") == "write_atomically"
        and len(call.args) > 1
    ]
    named = {node.id for node in handed if isinstance(node, ast.Name)}
    return [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Lambda) and node in handed)
        or (isinstance(node, ast.FunctionDef) and node.name in named)
    ]


def _unsafe_writes(path):
    source = path.read_text(encoding="utf-8")
    writers = _atomic_writers(ast.parse(source))
    return [
        (path.name, line, call)
        for line, call in _in_place_writes(source)
        if not any(node.lineno <= line <= node.end_lineno for node in writers)
    ]


def test_every_file_lcdnet_writes_goes_through_the_atomic_helper():
    # The library, the docs' explorer extension and the scripts that write
    # files for users (the README, rendered figures).
    modules = [
        path for path in PACKAGE.rglob("*.py") if path.name != "_atomic.py"
    ]
    scripts = [
        *REPOSITORY.glob("scripts/*.py"),
        *REPOSITORY.glob("benchmarks/*.py"),
    ]
    unsafe = [
        found
        for path in [*modules, EXPLORER, *scripts]
        for found in _unsafe_writes(path)
    ]
    assert unsafe == []


def test_the_writer_scan_catches_a_planted_in_place_write(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "def save(figure, path):\n"
        "    figure.savefig(path)\n"
        "def dump(path, text):\n"
        "    with open(path, 'w') as file:\n"
        "        file.write(text)\n"
        "def safe(path, text):\n"
        "    write_atomically(path, lambda part: part.write_text(text))\n"
    )
    assert [(line, call) for _, line, call in _unsafe_writes(planted)] == [
        (2, "savefig"),
        (4, "open"),
    ]
