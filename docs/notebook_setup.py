"""What a downloaded notebook needs: its set-up cell, and lcdnet's wheel.

lcdnet is not on the Python package index, so the docs build makes the
wheel of the lcdnet it was built from (:func:`build_wheel`) and offers it
for download beside the notebooks. Each notebook starts with
:func:`first_cell`: where lcdnet is missing it installs exactly that
version, from the wheel if it lies beside the notebook, else from the
package index; where neither has it, it says in one line how to get it.
Then it starts Keras through lcdnet, which keeps TensorFlow's start-up log
lines out of the notebook (see ``lcdnet/_backend.py``).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

#: The extra of lcdnet that runs the notebooks (a Jupyter kernel and client).
NOTEBOOK_EXTRA = "notebooks"

_CELL = """\
# Set-up: install lcdnet {version} (the version of these pages) if it is
# missing, then start Keras through lcdnet, which keeps TensorFlow's
# start-up log lines out of the notebook.
import importlib.util
import pathlib
import subprocess
import sys

if importlib.util.find_spec("lcdnet") is None:
    wheel = pathlib.Path("{wheel}")
    package = str(wheel) if wheel.is_file() else "lcdnet=={version}"
    pip = [sys.executable, "-m", "pip", "install", "-q", package]
    if subprocess.run(pip, capture_output=True).returncode != 0:
        sys.exit("lcdnet {version} is not on your package index. Download "
                 f"{{wheel}} from the tutorials' page into this folder and "
                 "run this cell again, or run pip install . in a clone of "
                 "lcdnet.")
import lcdnet.models"""


def wheel_name(version):
    """The file name of lcdnet's wheel at ``version``.

    Examples
    --------
    >>> wheel_name("0.2.0")
    'lcdnet-0.2.0-py3-none-any.whl'
    """
    return f"lcdnet-{version}-py3-none-any.whl"


def first_cell(version):
    """The code of every notebook's first cell, for lcdnet ``version``.

    Examples
    --------
    >>> cell = first_cell("0.2.0")
    >>> longest = max(len(line) for line in cell.splitlines())
    >>> '"lcdnet==0.2.0"' in cell, longest <= 79
    (True, True)
    """
    return _CELL.format(version=version, wheel=wheel_name(version))


def build_wheel(root, target_dir, version):
    """Build lcdnet's wheel from the source tree ``root`` into ``target_dir``.

    Returns the wheel's path. Built without build isolation (the docs
    extra brings setuptools), so the build needs no network.
    """
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                scratch,
                str(root),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        built = Path(scratch) / wheel_name(version)
        if not built.is_file():
            raise FileNotFoundError(f"pip built no {built.name} in {scratch}")
        wheel = target_dir / built.name
        wheel.write_bytes(built.read_bytes())
    return wheel
