"""A user's strictly typed script sees lcdnet's types: mypy --strict on the
README's example passes, and lcdnet's records, arrays and numbers come out
typed, not Any (a Keras model stays Any: Keras ships no types).

mypy reads lcdnet as a user's mypy does: from the built wheel installed in
a fresh environment (``--python-executable``), through its ``py.typed``
marker (PEP 561), without the repository's configuration.
"""

import importlib.util
import pathlib
import re
import subprocess
import sys

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed"
)

#: What the script asks mypy to reveal, and (a pattern of) the type a user
#: must see: NumPy arrays of the right dtype, lcdnet's records, floats.
REVEALED = {
    "images": r"numpy\.ndarray\[.*numpy\.floating\[.*_32Bit\]\]\]",
    "labels": r"numpy\.ndarray\[.*numpy\.signedinteger\[.*_64Bit\]\]\]",
    "record": r"lcdnet\.training\.TrainingHistory",
    "record.final('loss')": r"(builtins\.)?float",
    "lcdnet.accuracy(model, images, labels)": r"(builtins\.)?float",
    "seen": r"numpy\.ndarray\[.*numpy\.bool(_)?\b.*\]",
    "score": r"lcdnet\.metrics\.SeenNewAccuracy",
    "score.new": r"(builtins\.)?float \| None",
    "model": r"Any",
}


def readme_example():
    text = README.read_text(encoding="utf-8")
    return re.search(
        r"## A short example\n\n```python\n(.*?)```", text, re.S
    ).group(1)


def run_mypy(folder, source, python):
    script = folder / "user_script.py"
    script.write_text(source, encoding="utf-8")
    # No configuration of the repository's: --strict and what a user sets
    # for Keras, which ships no types.
    config = folder / "mypy.ini"
    config.write_text(
        "[mypy]\n[mypy-keras.*]\nignore_missing_imports = True\n"
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(folder / ".mypy_cache"),
            "--python-executable",
            str(python),
            "--no-error-summary",
            str(script),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def strict_run(tmp_path_factory, installed_bin):
    reveals = "".join(
        f"reveal_type({expression})\n" for expression in REVEALED
    )
    source = (
        "import lcdnet\n\n"
        + readme_example().replace("import lcdnet\n", "")
        + "score = lcdnet.seen_new_accuracy("
        "test_labels, lcdnet.predict_classes(model, test_images), seen)\n"
        + reveals
    )
    return run_mypy(
        tmp_path_factory.mktemp("user"), source, installed_bin / "python"
    )


def test_the_readme_example_passes_mypy_strict(strict_run):
    errors = [
        line for line in strict_run.stdout.splitlines() if ": error:" in line
    ]
    assert errors == [], strict_run.stdout + strict_run.stderr


def test_lcdnets_records_arrays_and_numbers_are_typed(strict_run):
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in strict_run.stdout.splitlines()
        if "Revealed type is" in line
    ]
    assert len(revealed) == len(REVEALED), strict_run.stdout
    for (expression, pattern), found in zip(
        REVEALED.items(), revealed, strict=True
    ):
        assert re.fullmatch(pattern, found), (expression, found)


def test_a_type_error_in_the_users_script_is_caught(tmp_path, installed_bin):
    # Planted: misuse that only types reveal (the check can fail).
    completed = run_mypy(
        tmp_path,
        (
            "import lcdnet\n"
            "images, labels = lcdnet.generate_digits(10, seed=0)\n"
            "steps: str = lcdnet.TrainingHistory(labels, {}).final('loss')\n"
            "lcdnet.generate_digits('ten')\n"
            "lcdnet.no_such_function()\n"
        ),
        installed_bin / "python",
    )
    errors = [
        line.split(": error: ", 1)[1]
        for line in completed.stdout.splitlines()
        if ": error: " in line
    ]
    assert len(errors) == 3, completed.stdout
    assert 'incompatible type "str"; expected "int"' in errors[1]
    assert "no_such_function" in errors[2]
