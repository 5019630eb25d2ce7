"""One run, one consistent folder: what ``lcdnet reproduce`` and lab publish.

These tests run the command in this process (``lcdnet.cli.main``) with the
lessons and the lab replaced by fakes that write what the real ones write
(the model file, a TensorBoard event file, figures) in milliseconds, so
that every way of mixing two runs can be tried. The real command, killed
by real signals, is tested in ``test_cli_signals.py``.
"""

import errno
import json
import os
import pathlib
import signal
import threading

import numpy as np
import pytest

from lcdnet import cli
from lcdnet._run_folder import (
    LOCK_FILE,
    STAGING_PREFIX,
    RunFolder,
    RunFolderError,
)
from lcdnet.report import Comparison
from lcdnet.runner import RunRecord


class _Result:
    def __init__(self, rows, **attributes):
        self.rows = rows
        self.__dict__.update(attributes)

    def comparisons(self):
        return self.rows


def _draw(value):
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, value])
    return ax


class FakeRun:
    """Stands in for lessons.run_lessons and lesson_figures, and the lab's.

    Writes ``xnor.keras`` ("model of seed N") and one event file into the
    folder it is given, as lesson 5 does; its figures' names depend on
    ``quick``, as lesson 2's ``confusion-jittered-N.png`` does. ``stop``
    raises that exception (or sends that signal) after the model is written.
    """

    def __init__(self, monkeypatch):
        from lcdnet import lab, lessons
        from lcdnet.plotting import figures
        from lcdnet.plotting import lab as lab_plots

        self.stop = None
        self.figure_error = None
        monkeypatch.setattr(lessons, "run_lessons", self.run_lessons)
        monkeypatch.setattr(figures, "lesson_figures", self.figures)
        monkeypatch.setattr(lab, "run_lab", self.run_lab)
        monkeypatch.setattr(lab_plots, "lab_figures", self.figures)

    def run_lessons(self, out_dir, seed=0, *, quick=False, progress=None):
        from lcdnet.training import TrainingHistory

        model_path = out_dir / "xnor.keras"
        model_path.write_text(f"model of seed {seed}")
        log_dir = out_dir / "tensorboard" / f"xnor-seed{seed}"
        log_dir.mkdir(parents=True)
        (log_dir / f"events.out.tfevents.{seed}.{os.getpid()}").write_text(
            f"seed {seed}"
        )
        self._maybe_stop()
        self.quick = quick
        history = TrainingHistory(
            np.array([10]), {"loss": np.array([0.5 + seed])}
        )
        training = _Result(
            [Comparison("5 XNOR training", "final loss", 5.1e-5, 0.5 + seed)],
            model_path=model_path,
            log_dir=log_dir,
            history=history,
        )
        return RunRecord({"xnor_training": training}, {"xnor_training": 0.1})

    def run_lab(self, seed=0, *, quick=False, progress=None):
        self._maybe_stop()
        self.quick = quick
        return RunRecord(
            {"lottery": _Result([Comparison("lab 4", "stuck", None, 0.3)])},
            {"lottery": 0.1},
        )

    def figures(self, record):
        size = 500 if self.quick else 5000

        def broken():
            raise self.figure_error

        return {
            "loss.png": lambda: _draw(1.0),
            f"confusion-jittered-{size}.png": broken
            if self.figure_error
            else lambda: _draw(2.0),
        }

    def _maybe_stop(self):
        if isinstance(self.stop, signal.Signals):
            os.kill(os.getpid(), self.stop)
        elif self.stop is not None:
            raise self.stop


@pytest.fixture
def fake(monkeypatch):
    return FakeRun(monkeypatch)


def _run(*arguments):
    return cli.main([*arguments])


def _contents(folder):
    """Every file under ``folder``, relative, with its bytes."""
    folder = pathlib.Path(folder)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _write(folder, contents):
    """Write ``{relative name: bytes}`` under ``folder``."""
    for name, data in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _record(folder):
    return json.loads((pathlib.Path(folder) / "results.json").read_text())


# ------------------------------------------------------------------ the record


def test_results_json_records_the_run_and_its_manifest(fake, tmp_path):
    out = tmp_path / "results"
    assert _run("reproduce", "--quick", "--seed", "3", "--out", str(out)) == 0
    record = _record(out)
    run = record["run"]
    assert run["command"] == "reproduce" and run["completed"] is True
    assert run["command_line"] == [
        "lcdnet",
        "reproduce",
        "--quick",
        "--seed",
        "3",
        "--out",
        str(out),
    ]
    assert record["seed"] == 3 and record["quick"] is True
    for key in (
        "lcdnet_version",
        "keras_version",
        "backend",
        "backend_version",
        "python_version",
        "started",
        "finished",
    ):
        assert run[key], key
    assert run["started"] <= run["finished"]
    assert run["files"] == sorted(
        _contents(out)
    )  # the manifest is what is there
    assert record["tensorboard_dir"] == "tensorboard/xnor-seed3"


def test_a_run_leaves_no_staging_folder_or_lock(fake, tmp_path):
    _run("reproduce", "--out", str(tmp_path))
    names = {path.name for path in tmp_path.iterdir()}
    assert not any(name.startswith(STAGING_PREFIX) for name in names)
    assert LOCK_FILE not in names


# ------------------------------------------------------------------ reruns


def test_an_interrupted_rerun_leaves_the_earlier_run_whole(
    fake, tmp_path, capsys
):
    out = tmp_path / "results"
    assert _run("reproduce", "--out", str(out)) == 0
    before = _contents(out)
    fake.stop = KeyboardInterrupt()  # after lesson 5 has written its model
    assert _run("reproduce", "--seed", "1", "--out", str(out)) == 130
    assert (
        _contents(out) == before
    )  # seed 0's record, model and figures, nothing of 1
    assert (
        capsys.readouterr().err.splitlines()[-1]
        == "interrupted: nothing published"
    )


def test_a_rerun_replaces_the_earlier_runs_files_as_a_whole(fake, tmp_path):
    out = tmp_path / "results"
    _run("reproduce", "--out", str(out))
    assert "confusion-jittered-5000.png" in _contents(out)
    _run("reproduce", "--quick", "--seed", "1", "--out", str(out))
    files = _contents(out)
    assert (
        "confusion-jittered-5000.png" not in files
    )  # the full run's figure is gone
    assert "confusion-jittered-500.png" in files
    assert [name for name in files if name.startswith("tensorboard/")] == [
        f"tensorboard/xnor-seed1/events.out.tfevents.1.{os.getpid()}"
    ]  # one run's logs
    assert files["xnor.keras"] == b"model of seed 1"
    assert set(_record(out)["run"]["files"]) == set(files)


def test_a_users_own_files_are_never_touched(fake, tmp_path, monkeypatch):
    mine = {
        "notes.txt": b"my notes",
        "tensorboard/my-run/events.out.tfevents.9": b"mine",
        "figures/loss.png": b"my figure",
    }
    _write(tmp_path, mine)
    monkeypatch.chdir(tmp_path)
    assert _run("reproduce", "--out", ".") == 0
    assert _run("reproduce", "--quick", "--seed", "2", "--out", ".") == 0
    files = _contents(tmp_path)
    assert {name: files[name] for name in mine} == mine


@pytest.mark.parametrize("name", ["xnor.keras", "loss.png", "tensorboard"])
def test_a_users_file_with_a_name_lcdnet_writes_is_refused(
    fake, tmp_path, capsys, name
):
    (tmp_path / name).write_text("mine")
    assert _run("reproduce", "--out", str(tmp_path)) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith("lcdnet: error: ") and name in message
    assert "never replaces" in message and len(message.splitlines()) == 1
    assert _contents(tmp_path) == {name: b"mine"}


def test_a_results_json_lcdnet_did_not_write_is_refused(
    fake, tmp_path, capsys
):
    (tmp_path / "results.json").write_text('{"my": "results"}')
    assert _run("reproduce", "--out", str(tmp_path)) == 1
    assert "is not a record of lcdnet" in capsys.readouterr().err
    assert _contents(tmp_path) == {"results.json": b'{"my": "results"}'}


def test_a_record_listing_files_outside_its_folder_removes_none_of_them(
    fake, tmp_path
):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "results"
    _run("reproduce", "--out", str(out))
    record = _record(out)
    record["run"]["files"] += ["../precious.txt", str(outside)]
    (out / "results.json").write_text(json.dumps(record))
    assert _run("reproduce", "--out", str(out)) == 0
    assert outside.read_text() == "keep me"


def test_a_record_of_lcdnet_0_2_is_replaced_as_a_whole(fake, tmp_path):
    old = {
        "confusion-perfect.png": b"png",
        "xnor.keras": b"old model",
        "tensorboard/events.out.tfevents.1.host.2.0": b"old events",
    }
    _write(tmp_path, old)
    (tmp_path / "results.json").write_text(
        json.dumps(
            {
                "seed": 0,
                "figures": ["confusion-perfect.png"],
                "model_file": "xnor.keras",
                "tensorboard_dir": "tensorboard",
                "comparisons": [],
            }
        )
    )
    assert _run("reproduce", "--out", str(tmp_path)) == 0
    files = _contents(tmp_path)
    assert "confusion-perfect.png" not in files
    assert "tensorboard/events.out.tfevents.1.host.2.0" not in files
    assert files["xnor.keras"] == b"model of seed 0"


# ---------------------------------------------------------- lab and reproduce


@pytest.mark.parametrize(
    ("first", "second"), [("reproduce", "lab"), ("lab", "reproduce")]
)
def test_lab_and_reproduce_never_overwrite_each_others_records(
    fake, tmp_path, capsys, first, second
):
    assert _run(first, "--out", str(tmp_path)) == 0
    before = _contents(tmp_path)
    assert _run(second, "--out", str(tmp_path)) == 1
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert (
        f"holds the results of 'lcdnet {first}'" in message
        and "--out" in message
    )
    assert _contents(tmp_path) == before


# ------------------------------------------------------------ a folder in use


def test_a_second_run_into_a_folder_in_use_fails_at_once(
    fake, tmp_path, capsys
):
    held = threading.Event()
    release = threading.Event()

    def hold():
        with RunFolder(tmp_path, "reproduce"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        assert _run("reproduce", "--out", str(tmp_path)) == 1
    finally:
        release.set()
        holder.join()
    message = capsys.readouterr().err.strip()
    assert message == (
        f"lcdnet: error: --out {str(tmp_path)!r} is in use by another lcdnet "
        f"run (process {os.getpid()}): wait for it to finish, or choose "
        f"another --out"
    )
    assert (
        _run("reproduce", "--out", str(tmp_path)) == 0
    )  # free again once released


def test_without_posix_locks_an_exclusive_lock_file_stands_in(
    tmp_path, monkeypatch
):
    from lcdnet import _run_folder

    monkeypatch.setattr(_run_folder, "fcntl", None)
    with RunFolder(tmp_path, "lab"):
        with pytest.raises(
            RunFolderError, match=r"in use .*remove .*\.lcdnet-lock"
        ):
            with RunFolder(tmp_path, "lab"):
                pass
    with RunFolder(tmp_path, "lab"):  # released
        pass


def test_a_lock_released_while_being_taken_is_taken_afresh(
    tmp_path, monkeypatch
):
    # The run holding the lock removes the file as it finishes; a run that
    # opened that file just before must not lock the removed one.
    from lcdnet import _run_folder

    real_flock = _run_folder.fcntl.flock
    calls = []

    def flock_after_the_holder_finished(descriptor, operation):
        calls.append(descriptor)
        if len(calls) == 1:
            (tmp_path / LOCK_FILE).unlink()
        real_flock(descriptor, operation)

    monkeypatch.setattr(
        _run_folder.fcntl, "flock", flock_after_the_holder_finished
    )
    with RunFolder(tmp_path, "lab") as folder:
        assert len(calls) == 2  # the first file was gone: locked a new one
        lock = tmp_path / LOCK_FILE
        assert lock.read_text().strip() == str(os.getpid())
        assert os.fstat(folder._lock.descriptor).st_ino == lock.stat().st_ino


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(
    fake, tmp_path
):
    stale = tmp_path / f"{STAGING_PREFIX}12345-dead"
    stale.mkdir()
    (stale / "xnor.keras").write_text("half")
    assert _run("reproduce", "--out", str(tmp_path)) == 0
    assert not stale.exists()


def test_a_run_killed_while_publishing_leaves_a_record_the_next_run_cleans(
    fake, tmp_path, monkeypatch
):
    _run("reproduce", "--out", str(tmp_path))
    real_replace = os.replace
    moved = []

    def die_after_two_moves(source, target):
        if len(moved) == 2:
            raise SystemExit(
                "killed"
            )  # stands in for kill -9: no clean-up of the folder
        moved.append(target)
        real_replace(source, target)

    real_publish = RunFolder.publish

    def publish_and_die(self, *args):
        # The staged record and the first record in the folder are written
        # (two replaces), then the run dies moving its first file.
        monkeypatch.setattr(os, "replace", die_after_two_moves)
        real_publish(self, *args)

    monkeypatch.setattr(RunFolder, "publish", publish_and_die)
    with pytest.raises(SystemExit):
        cli.reproduce(tmp_path, seed=1, quick=True)
    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.setattr(RunFolder, "publish", real_publish)
    interrupted = _record(tmp_path)["run"]
    assert interrupted["completed"] is False
    assert (
        "confusion-jittered-5000.png" in interrupted["files"]
    )  # old and new listed
    assert _run("reproduce", "--seed", "2", "--out", str(tmp_path)) == 0
    assert set(_contents(tmp_path)) == set(_record(tmp_path)["run"]["files"])


# -------------------------------------------------------------- numbers first


def test_a_full_disk_loses_figures_but_never_the_numbers(
    fake, tmp_path, capsys, monkeypatch
):
    import matplotlib.figure

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", disk_full)
    assert _run("reproduce", "--out", str(tmp_path)) == 1
    captured = capsys.readouterr()
    assert "final loss" in captured.out  # the table was printed
    errors = captured.err.strip().splitlines()
    assert errors[:2] == [
        "lcdnet: figure loss.png not written: No space left on device",
        "lcdnet: figure confusion-jittered-5000.png not written: No space "
        "left on device",
    ]
    assert errors[2].startswith(
        "lcdnet: error: 2 of 2 figures could not be written"
    )
    assert len(errors) == 3 and "Traceback" not in captured.err
    record = _record(tmp_path)
    assert (
        record["comparisons"][0]["measured"] == 0.5 and record["figures"] == []
    )
    assert record["run"]["completed"] is True


def test_a_figure_that_cannot_be_drawn_is_named_and_the_rest_kept(
    fake, tmp_path, capsys
):
    fake.figure_error = ValueError(
        "model 'linear' has weights that are not finite"
    )
    assert _run("reproduce", "--out", str(tmp_path)) == 1
    err = capsys.readouterr().err
    assert (
        "lcdnet: figure confusion-jittered-5000.png not written: model "
        "'linear' has "
        "weights that are not finite"
    ) in err
    assert _record(tmp_path)["figures"] == ["loss.png"]
    assert (tmp_path / "loss.png").is_file()


def test_the_table_is_printed_and_results_json_written_before_any_figure(
    fake, tmp_path, capsys, monkeypatch
):
    from lcdnet.plotting import figures

    seen = {}
    real_save_figures = figures.save_figures

    def save_figures(drawings, out_dir, **kwargs):
        seen["printed"] = capsys.readouterr().out
        seen["record"] = json.loads((out_dir / "results.json").read_text())
        return real_save_figures(drawings, out_dir, **kwargs)

    monkeypatch.setattr(figures, "save_figures", save_figures)
    assert _run("reproduce", "--out", str(tmp_path)) == 0
    assert "final loss" in seen["printed"]
    assert seen["record"]["comparisons"][0]["quantity"] == "final loss"


# ------------------------------------------------------ interrupts in process


@pytest.mark.parametrize(
    ("command", "stop", "status"),
    [
        ("lab", signal.SIGINT, 130),
        ("lab", signal.SIGTERM, 143),
        ("reproduce", signal.SIGTERM, 143),
    ],
)
def test_a_signal_ends_the_run_with_one_line_and_nothing_published(
    fake, tmp_path, capsys, command, stop, status
):
    fake.stop = stop
    out = tmp_path / "new" / "results"
    assert _run(command, "--out", str(out)) == status
    captured = capsys.readouterr()
    assert captured.err == "interrupted: nothing published\n"
    assert not (
        tmp_path / "new"
    ).exists()  # the folders it created are gone again
    assert (
        signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    )  # handlers restored


def test_a_signal_while_publishing_waits_until_the_folder_is_consistent(
    fake, tmp_path, capsys, monkeypatch
):
    real_publish = RunFolder.publish

    def publish_with_a_signal(self, *args):
        os.kill(os.getpid(), signal.SIGINT)
        real_publish(self, *args)

    monkeypatch.setattr(RunFolder, "publish", publish_with_a_signal)
    assert _run("reproduce", "--out", str(tmp_path)) == 130
    assert (
        capsys.readouterr().err
        == f"interrupted after publishing to {tmp_path}\n"
    )
    assert set(_contents(tmp_path)) == set(_record(tmp_path)["run"]["files"])


# ------------------------------------------------------------------ paths


@pytest.mark.parametrize("command", ["reproduce", "lab"])
def test_an_empty_out_is_refused_before_anything_is_written(
    tmp_path, capsys, monkeypatch, command
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        _run(command, "--out", "")
    assert stopped.value.code == 2
    assert (
        "argument --out: must name a file or folder, got an empty path ''"
        in (capsys.readouterr().err)
    )
    assert list(tmp_path.iterdir()) == []


def test_a_nul_byte_in_out_is_a_named_error(capsys):
    with pytest.raises(SystemExit):
        _run("reproduce", "--out", "a\0b")
    assert (
        "argument --out: must not contain a NUL byte"
        in capsys.readouterr().err
    )
