"""The real ``lcdnet`` command, stopped the ways a user stops it.

Ctrl-C (SIGINT) and SIGTERM end a run with one line, status 130 or 143, no
traceback and the output folder as it was; a second run into a folder in
use is refused at once; a Keras backend or matplotlib backend that cannot
work is one line in lcdnet's words, before any folder is created. These
are POSIX promises (signals, ``flock``), tested on Linux.
"""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from lcdnet._run_folder import RunFolder
from lcdnet.report import write_results

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="POSIX signals and locks"
)

#: Lines TensorFlow's C++ logging prints on import, whatever the program.
_TENSORFLOW_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog|"
    r"[IWEF]\d{4} \d\d:\d\d:|"
    r"To enable the following instructions|rebuild TensorFlow)"
)


def _lcdnet_lines(stderr):
    return [
        line
        for line in stderr.splitlines()
        if line and not _TENSORFLOW_NOISE.match(line)
    ]


def _environment(**changes):
    environment = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def _command(out, *options):
    return [
        sys.executable,
        "-m",
        "lcdnet",
        "reproduce",
        "--quick",
        "--out",
        str(out),
        *options,
    ]


def _start(out, cwd, *options):
    return subprocess.Popen(
        _command(out, *options),
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(process, start_of_line, timeout=600):
    """Read the process's output until a line starts with ``start_of_line``."""
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if line.startswith(start_of_line):
            return
        assert time.monotonic() < deadline, (
            f"no line {start_of_line!r} in time"
        )
    raise AssertionError(
        f"the run ended without printing {start_of_line!r}: "
        f"{process.stderr.read()}"
    )


def _contents(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_ctrl_c_stops_a_run_cleanly_and_a_second_run_meanwhile_is_refused(
    tmp_path,
):
    out = tmp_path / "results"
    first = _start(out, tmp_path)
    try:
        _wait_for_line(first, "  lesson 1 ")
        # Frozen, it holds the folder while the second run tries.
        first.send_signal(signal.SIGSTOP)
        second = subprocess.run(
            _command(out),
            cwd=tmp_path,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        first.send_signal(signal.SIGCONT)
        first.send_signal(signal.SIGINT)
        _, stderr = first.communicate(timeout=600)
    finally:
        first.kill()
    assert second.returncode == 1
    assert _lcdnet_lines(second.stderr) == [
        f"lcdnet: error: --out {str(out)!r} is in use by another lcdnet "
        f"run (process "
        f"{first.pid}): wait for it to finish, or choose another --out"
    ]
    assert first.returncode == 130
    assert _lcdnet_lines(stderr) == ["interrupted: nothing published"]
    assert (
        list(tmp_path.iterdir()) == []
    )  # the folder it created is gone again


def test_sigterm_after_lesson_5_leaves_the_earlier_run_as_it_was(tmp_path):
    out = tmp_path / "results"
    with RunFolder(out, "reproduce") as earlier:  # an earlier run, published
        (earlier.staging / "xnor.keras").write_bytes(b"the earlier model")
        (earlier.staging / "xnor-training-loss.png").write_bytes(
            b"the earlier figure"
        )
        earlier.publish(
            lambda folder, run: write_results(folder, [], {"run": run}), {}
        )
    before = _contents(out)
    process = _start(out, tmp_path, "--seed", "1")
    try:
        _wait_for_line(process, "  lesson 5 ")
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=600)
    finally:
        process.kill()
    assert process.returncode == 143
    assert _lcdnet_lines(stderr) == ["interrupted: nothing published"]
    assert "Traceback" not in stderr
    assert _contents(out) == before
    assert sorted(path.name for path in out.iterdir()) == sorted(before)


# ---------------------------------------------------------- start-up problems


def _no_jax(tmp_path):
    """A folder whose ``jax`` fails to import, as on a machine without JAX."""
    package = tmp_path / "without-jax" / "jax"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'jax'\", name='jax')\n"
    )
    return str(package.parent)


def _keras_home_naming_torch(tmp_path):
    home = tmp_path / "keras-home"
    home.mkdir()
    (home / "keras.json").write_text('{"backend": "torch"}')
    return str(home)


STARTUP_PROBLEMS = {
    "KERAS_BACKEND=jax without JAX": (
        lambda tmp_path: {
            "KERAS_BACKEND": "jax",
            "PYTHONPATH": _no_jax(tmp_path),
        },
        r"Keras cannot load its backend 'jax' \(chosen by KERAS_BACKEND\): "
        r"No module named "
        r"'jax'; install it \(pip install 'lcdnet\[jax\]'\)",
    ),
    "KERAS_BACKEND=torch": (
        lambda tmp_path: {"KERAS_BACKEND": "torch"},
        r"lcdnet supports the Keras backends 'tensorflow' and 'jax', but "
        r"KERAS_BACKEND is "
        r"'torch'",
    ),
    "keras.json naming torch": (
        lambda tmp_path: {
            "KERAS_BACKEND": None,
            "KERAS_HOME": _keras_home_naming_torch(tmp_path),
        },
        r"but the 'backend' of .*keras-home/keras\.json is 'torch'",
    ),
    "MPLBACKEND unknown": (
        lambda tmp_path: {"MPLBACKEND": "no-such-backend"},
        r"matplotlib cannot draw the figures: .*'no-such-backend' is not a "
        r"valid value for backend.*\(MPLBACKEND is 'no-such-backend'; unset "
        r"it, or set MPLBACKEND=Agg\)",
    ),
    "MPLBACKEND a missing module": (
        lambda tmp_path: {"MPLBACKEND": "module://no_such_module"},
        r"matplotlib cannot draw the figures: No module named "
        r"'no_such_module'",
    ),
}


@pytest.mark.parametrize("command", ["reproduce", "lab"])
@pytest.mark.parametrize("problem", list(STARTUP_PROBLEMS))
def test_a_backend_that_cannot_work_is_one_line_before_anything_is_created(
    tmp_path, problem, command
):
    changes, expected = STARTUP_PROBLEMS[problem]
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "lcdnet",
            command,
            "--quick",
            "--out",
            "results",
        ],
        cwd=workdir,
        env=_environment(**changes(tmp_path)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    (line,) = _lcdnet_lines(completed.stderr)
    assert line.startswith("lcdnet: error: ") and re.search(expected, line), (
        line
    )
    assert completed.stdout == ""
    assert list(workdir.iterdir()) == []
