"""End to end: ``lcdnet reproduce --quick`` into a temporary folder.

The quick run uses the ``lcdnet`` command of the built wheel, installed into
a fresh virtual environment (see ``release.py``): the command a user gets.
"""

import json
import os
import subprocess
import sys

import pytest

from lcdnet.lessons import lesson_steps
from lcdnet.report import LINE_LENGTH, Comparison, format_table
from lcdnet.training import load_model, predict
from lcdnet.xnor import XNOR_INPUTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_lcdnet(*arguments, cwd):
    return subprocess.run(
        [sys.executable, "-m", "lcdnet", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, installed_bin):
    workdir = tmp_path_factory.mktemp("cwd")
    out_dir = workdir / "results"
    completed = subprocess.run(
        [
            str(installed_bin / "lcdnet"),
            "reproduce",
            "--quick",
            "--out",
            str(out_dir),
            "--seed",
            "0",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    return completed, out_dir, workdir


def test_quick_run_succeeds_and_prints_progress_then_table(quick_run):
    completed, _, _ = quick_run
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    progress = [line for line in lines if line.startswith("  lesson ")]
    assert len(progress) == 6 and all(" done in " in line for line in progress)
    header = next(line for line in lines if line.startswith("lesson"))
    assert header.split() == [
        "lesson",
        "/",
        "quantity",
        "published",
        "measured",
        "note",
    ]
    # Every line fits an 80-column terminal: the table and the summary.
    assert max(len(line) for line in lines) <= LINE_LENGTH
    assert lines[-1].endswith(" s") and any(
        line.startswith("wrote ") for line in lines[-3:]
    )
    assert any(line.startswith("5 XNOR training") for line in lines)
    assert "Epoch" not in completed.stdout  # no Keras progress bars
    # Nor TensorFlow's start-up lines (absl, CUDA, oneDNN) on the CPU.
    assert completed.stderr == ""


def test_results_json_holds_every_comparison(quick_run):
    completed, out_dir, _ = quick_run
    results = json.loads((out_dir / "results.json").read_text())
    assert results["quick"] is True and results["seed"] == 0
    lessons_seen = {row["lesson"][0] for row in results["comparisons"]}
    assert lessons_seen == set("123456")
    steps = results["xnor_loss_history"]["steps"]
    assert (
        steps[-1]
        == {step.name: step for step in lesson_steps(".")}[
            "xnor_training"
        ].quick["steps"]
    )
    for row in results["comparisons"]:
        assert printed(row["quantity"], completed.stdout)


def test_figures_are_real_png_files(quick_run):
    _, out_dir, _ = quick_run
    results = json.loads((out_dir / "results.json").read_text())
    assert len(results["figures"]) >= 8
    for name in results["figures"]:
        data = (out_dir / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5000, name


def test_tensorboard_event_file_and_saved_model(quick_run):
    _, out_dir, _ = quick_run
    # One folder per run under tensorboard/, as TensorBoard expects.
    run_logs = out_dir / "tensorboard" / "xnor-seed0"
    assert list(run_logs.glob("events.out.tfevents.*"))
    model = load_model(out_dir / "xnor.keras")
    assert predict(model, XNOR_INPUTS).shape == (4, 1)


def test_nothing_is_written_outside_the_output_folder(quick_run):
    _, out_dir, workdir = quick_run
    assert [path.name for path in workdir.iterdir()] == [out_dir.name]


def test_output_folder_that_is_a_file_fails_clearly(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    completed = run_lcdnet(
        "reproduce", "--quick", "--out", str(blocker / "results"), cwd=tmp_path
    )
    assert completed.returncode == 1
    assert "cannot write to --out" in completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_bad_seed_is_rejected_before_any_work(tmp_path, seed):
    completed = run_lcdnet(
        "reproduce", "--seed", seed, "--out", str(tmp_path / "r"), cwd=tmp_path
    )
    assert completed.returncode == 2
    assert (
        "--seed" in completed.stderr
        and "non-negative integer" in completed.stderr
    )
    assert not (tmp_path / "r").exists()


def test_help_explains_every_option(tmp_path):
    top = run_lcdnet("--help", cwd=tmp_path)
    assert top.returncode == 0 and "reproduce" in top.stdout
    sub = run_lcdnet("reproduce", "--help", cwd=tmp_path)
    for option in ("--out", "--seed", "--quick"):
        assert option in sub.stdout


def test_version_prints_the_package_version_without_loading_keras(tmp_path):
    from lcdnet import __version__

    completed = run_lcdnet("--version", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"lcdnet {__version__}\n"
    assert completed.stderr == ""


def test_no_command_prints_help_and_fails(tmp_path):
    completed = run_lcdnet(cwd=tmp_path)
    assert completed.returncode == 2 and "reproduce" in completed.stdout


def printed(quantity, stdout):
    """Whether a table row's quantity is in ``stdout``, whole or as the
    heading and the row that format_table splits it into."""
    head, _, rest = quantity.partition(": ")
    return quantity in stdout or (head in stdout and rest in stdout)


def test_format_table_aligns_numbers_and_shows_missing_values():
    table = format_table(
        [
            Comparison("a", "x", None, 0.123456),
            Comparison("b", "y", 2.0, 3.0, "why"),
        ]
    )
    lines = table.splitlines()
    assert lines[2] == "a" and lines[3].split() == ["x", "-", "0.123"]
    assert (
        lines[5].split() == ["y", "2", "3", "[1]"] and lines[-1] == "[1] why"
    )
    assert len({len(line.rstrip()) for line in lines[:2]}) == 1


def test_quick_lab_run_prints_its_rows_and_writes_its_figures(
    tmp_path, quick_lab_record, monkeypatch, capsys
):
    # The lab itself runs once per session (quick_lab_record, also checked in
    # test_lab_run.py); here the command prints and writes what it returned.
    from lcdnet import cli, lab

    def cached_run_lab(seed, *, quick, progress):
        assert (seed, quick) == (0, True)
        for step in lab.lab_steps(seed):
            progress(step, quick_lab_record.seconds[step.name])
        return quick_lab_record

    monkeypatch.setattr(lab, "run_lab", cached_run_lab)
    out_dir = tmp_path / "lab"
    assert cli.main(["lab", "--quick", "--out", str(out_dir)]) == 0
    stdout = capsys.readouterr().out
    assert (
        len(
            [line for line in stdout.splitlines() if line.startswith("  lab ")]
        )
        == 4
    )
    results = json.loads((out_dir / "results.json").read_text())
    assert {row["lesson"] for row in results["comparisons"]} == {
        "lab 1 held-out positions",
        "lab 2 corruptions",
        "lab 3 tank story",
        "lab 4 XNOR seed lottery",
    }
    for row in results["comparisons"]:
        assert printed(row["quantity"], stdout)
    lines = stdout.splitlines()
    table = lines[
        lines.index(
            next(line for line in lines if line.startswith("lesson /"))
        ) :
    ]
    assert len(table) > 50 and max(len(line) for line in lines) <= LINE_LENGTH
    assert len(results["figures"]) >= 8
    for name in results["figures"]:
        assert (out_dir / name).read_bytes().startswith(PNG_SIGNATURE), name
