"""Paths: empty ones and NUL bytes are named errors; figure names stay inside.

An empty string is Python's name for the current folder, so before these
checks ``train(..., log_dir="")`` quietly wrote into it.
"""

import os
import pathlib
import subprocess

import numpy as np
import pytest

import lcdnet
from lcdnet import cli
from lcdnet.plotting.figures import save_figures
from lcdnet.report import write_results
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert (
        list(tmp_path.iterdir()) == []
    )  # nothing was written into the current folder


def _record():
    return lcdnet.TrainingHistory(np.array([1]), {"loss": np.array([0.5])})


#: Every public function taking a path: (call with ``path``, argument named).
PATH_ARGUMENTS = {
    "train log_dir": (
        lambda path: lcdnet.train(
            lcdnet.make_xnor_model(weights="ng"),
            XNOR_INPUTS,
            XNOR_TARGETS,
            steps=1,
            log_dir=path,
        ),
        "log_dir",
    ),
    "write_tensorboard log_dir": (
        lambda path: lcdnet.write_tensorboard(_record(), path),
        "log_dir",
    ),
    "save_model path": (
        lambda path: lcdnet.save_model(lcdnet.make_xnor_model(), path),
        "path",
    ),
    "load_model path": (lambda path: lcdnet.load_model(path), "path"),
    "write_results out_dir": (
        lambda path: write_results(path, [], {}),
        "out_dir",
    ),
    "save_figures out_dir": (lambda path: save_figures({}, path), "out_dir"),
}


@pytest.mark.parametrize("case", list(PATH_ARGUMENTS))
def test_an_empty_path_is_a_named_error(empty_cwd, case):
    call, argument = PATH_ARGUMENTS[case]
    with pytest.raises(
        ValueError,
        match=rf"^{argument} must name a file or folder, got an "
        rf"empty path ''$",
    ):
        call("")


@pytest.mark.parametrize("case", list(PATH_ARGUMENTS))
def test_a_nul_byte_is_a_named_error(empty_cwd, case):
    call, argument = PATH_ARGUMENTS[case]
    with pytest.raises(
        ValueError, match=rf"^{argument} must not contain a NUL byte"
    ):
        call("bad\0name.keras")


@pytest.mark.parametrize("run", [cli.reproduce, cli.lab])
def test_the_commands_functions_refuse_an_empty_out(empty_cwd, run):
    with pytest.raises(ValueError, match="^out must name a file or folder"):
        run("")


def test_the_lessons_refuse_an_empty_out_dir(empty_cwd):
    from lcdnet.lessons import xnor_training

    with pytest.raises(
        ValueError, match="^out_dir must name a file or folder"
    ):
        xnor_training("")


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.png",
        "sub/figure.png",
        "/tmp/absolute.png",
        "..\\escaped.png",
        "C:\\figure.png",
        "",
        ".png",
        "figure.pdf",
        "nul\0.png",
    ],
)
def test_figure_names_must_stay_inside_their_folder(tmp_path, name):
    out = tmp_path / "figures"
    out.mkdir()
    drawn = []
    with pytest.raises(ValueError, match="figure name must"):
        save_figures(
            {
                "fine.png": lambda: drawn.append(1),
                name: lambda: drawn.append(2),
            },
            out,
        )
    assert drawn == []  # every name is checked before anything is drawn
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["figures"]


@pytest.mark.parametrize("path", ["models/.keras", ".keras"])
def test_a_model_path_without_a_name_says_so(tmp_path, monkeypatch, path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    for call in (
        lambda: lcdnet.save_model(lcdnet.make_xnor_model(), path),
        lambda: lcdnet.load_model(path),
    ):
        with pytest.raises(
            ValueError,
            match=r"path must name a file before its '\.keras' "
            r"suffix, got '(models/)?\.keras' \(a hidden "
            r"file without a name\); for example "
            r"'(models/)?model\.keras'",
        ):
            call()
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["models"]


def test_a_model_path_that_is_a_folder_says_so(tmp_path):
    (tmp_path / "xnor.keras").mkdir()
    with pytest.raises(
        ValueError, match="is a folder; give a file name such as"
    ):
        lcdnet.save_model(lcdnet.make_xnor_model(), tmp_path / "xnor.keras")


# ------------------------------------------------------ what the command says


def test_the_help_says_truly_what_is_written_under_home(capsys):
    with pytest.raises(SystemExit):
        cli.main(["reproduce", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "~/.keras/keras.json" in help_text
        and "~/.cache/matplotlib" in help_text
    )
    assert "lcdnet writes nothing outside --out" in help_text
    docstring = " ".join(cli.__doc__.split())
    assert (
        "~/.keras/keras.json" in docstring
        and "~/.cache/matplotlib" in docstring
    )


def test_what_keras_and_matplotlib_write_under_home_is_what_the_help_says(
    tmp_path,
):
    # A fresh home folder: what appears there after using lcdnet's models and
    # figures is what Keras and matplotlib keep, and nothing of lcdnet's.
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        name: value
        for name, value in os.environ.items()
        if name
        not in (
            "KERAS_HOME",
            "MPLCONFIGDIR",
            "XDG_CACHE_HOME",
            "XDG_CONFIG_HOME",
        )
    }
    script = (
        "import lcdnet, matplotlib; matplotlib.use('Agg'); "
        "ax = lcdnet.plot_xnor_surface(lcdnet.make_xnor_model(weights='ng'), "
        "resolution=5)"
    )
    subprocess.run(
        [os.sys.executable, "-c", script],
        cwd=tmp_path,
        check=True,
        env={**environment, "HOME": str(home)},
        capture_output=True,
        timeout=600,
    )
    files = sorted(
        path.relative_to(home).as_posix()
        for path in home.rglob("*")
        if path.is_file()
    )
    assert files[0] == ".cache/matplotlib/" + files[0].rsplit("/", 1)[-1]
    assert files[-1] == ".keras/keras.json" and len(files) == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home"]


def test_the_default_output_folders_are_git_ignored():
    if not (REPOSITORY / ".git").exists():
        pytest.skip("not a git checkout")
    for folder in (cli.DEFAULT_OUT, cli.DEFAULT_LAB_OUT):
        checked = subprocess.run(
            ["git", "check-ignore", "-q", f"{folder}/results.json"],
            cwd=REPOSITORY,
        )
        assert checked.returncode == 0, f"{folder}/ is not git-ignored"
