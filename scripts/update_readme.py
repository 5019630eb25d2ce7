"""Regenerate the README's reproduce table from a real run of
``lcdnet reproduce``.

Run it from the repository root with ``python scripts/update_readme.py``. It
runs the full ``lcdnet reproduce`` (seed 0) into a temporary folder, takes
the table it printed and its wall time, and writes them between the
``<!-- reproduce-table:start -->`` and ``<!-- reproduce-table:end -->``
markers of README.md: the README never holds a number typed by hand.
"""

import pathlib
import platform
import re
import subprocess
import sys
import tempfile

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- reproduce-table:start -->", "<!-- reproduce-table:end -->"


def run_reproduce():
    """The table ``lcdnet reproduce`` prints, and the seconds it reported."""
    with tempfile.TemporaryDirectory() as folder:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "lcdnet",
                "reproduce",
                "--out",
                f"{folder}/results",
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=folder,
        )
    lines = completed.stdout.splitlines()
    first = next(
        index for index, line in enumerate(lines) if line.startswith("lesson ")
    )
    last = next(
        index for index, line in enumerate(lines) if line.startswith("wrote ")
    )
    seconds = float(re.search(r"in ([0-9.]+) s$", lines[last]).group(1))
    return "\n".join(lines[first:last]).rstrip(), seconds


def main():
    import keras

    from lcdnet._atomic import write_text_atomically

    table, seconds = run_reproduce()
    block = (
        f"{START}\n`lcdnet reproduce` (seed 0) on {platform.machine()}, "
        f"Python {platform.python_version()}, Keras {keras.__version__} "
        f"({keras.backend.backend()} backend): {seconds:.1f} s of wall "
        "time.\n\n"
        f"```text\n{table}\n```\n{END}"
    )
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"README.md lacks the markers {START} and {END}")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    # The whole new README, or the old one if writing fails.
    write_text_atomically(README, before + block + after)
    print(f"README.md: reproduce table updated ({seconds:.1f} s run)")


if __name__ == "__main__":
    main()
