"""Run every notebook the docs offer for download, as a learner would.

Each notebook runs in a fresh Jupyter kernel (nbclient), one cell after
another, from a new folder outside the clone, with matplotlib's inline
backend. The script prints one row per notebook (run time, from starting
the kernel to the last cell) and the median, with the load average before
and after (other jobs on the machine slow the runs down), and exits with
status 1 if a cell raised, an output holds TensorFlow's start-up lines or
anything else on standard error, or a Markdown cell holds reST.

Run it after building the docs::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python benchmarks/bench_notebooks.py docs/_build/html

Needs the ``notebooks`` extra: ``pip install -e ".[notebooks]"``.
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from lcdnet._atomic import write_text_atomically

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))

from notebook_checks import rest_in_markdown, tensorflow_noise

#: Seconds one cell may run before the run counts as failed.
CELL_TIMEOUT = 600


def downloadable_notebooks(html_dir):
    """The notebooks a built documentation offers, one per name, sorted."""
    found = {}
    for path in sorted(Path(html_dir, "_downloads").glob("*/*.ipynb")):
        found.setdefault(path.name, path)
    if not found:
        raise SystemExit(
            f"no notebook under {html_dir}/_downloads: build the docs first"
        )
    return [found[name] for name in sorted(found)]


def stderr_lines(notebook):
    """(cell, line) for every line a cell wrote to standard error."""
    return [
        (index, line)
        for index, cell in enumerate(notebook.cells)
        for output in cell.get("outputs", ())
        if output.get("name") == "stderr"
        for line in output.get("text", "").splitlines()
    ]


def run_notebook(path, out_dir=None):
    """Execute one notebook in a fresh kernel, in a fresh folder.

    Returns (seconds, problems): problems lists any reST left in a Markdown
    cell, the error of the cell that raised, every TensorFlow start-up line
    in the outputs and any other line written to standard error (a learner
    sees each as a red box).
    """
    notebook = nbformat.read(path, as_version=4)
    problems = [
        f"cell {cell}: reST in Markdown: {text}"
        for cell, text in rest_in_markdown(notebook)
    ]
    with tempfile.TemporaryDirectory(prefix="lcdnet-notebook-") as folder:
        # Kernel and client talk over local sockets in the folder, not TCP.
        kernel = KernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(Path(folder, ".kernel")),
        )
        client = NotebookClient(
            notebook,
            km=kernel,
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": folder}},
        )
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as error:
            problems.append(str(error).strip().splitlines()[-1])
        finally:
            seconds = time.perf_counter() - start
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    problems += [
        f"cell {cell}: TensorFlow start-up line: {line}"
        for cell, line in tensorflow_noise(notebook)
    ]
    problems += [
        f"cell {cell}: on stderr: {line}"
        for cell, line in stderr_lines(notebook)
        if "TensorFlow start-up line" not in line
    ]
    if out_dir is not None:
        write_text_atomically(
            Path(out_dir) / path.name, nbformat.writes(notebook)
        )
    return seconds, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "html_dir",
        nargs="?",
        default="docs/_build/html",
        help="the built documentation (default: %(default)s)",
    )
    parser.add_argument(
        "--out", help="folder to write the executed notebooks into"
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="REGEX",
        help="run only the notebooks whose name matches",
    )
    args = parser.parse_args(argv)
    # A learner's kernel draws figures inline; CI's MPLBACKEND=Agg would make
    # every plt.show() warn.
    os.environ.pop("MPLBACKEND", None)
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
    notebooks = [
        path
        for path in downloadable_notebooks(args.html_dir)
        if re.search(args.only, path.name)
    ]
    load_before = os.getloadavg()[0]
    print(f"{'notebook':<32} {'seconds':>8}  result")
    times, failures = {}, {}
    for path in notebooks:
        seconds, problems = run_notebook(path, args.out)
        times[path.name] = seconds
        if problems:
            failures[path.name] = problems
        print(
            f"{path.stem:<32} {seconds:8.1f}  "
            + ("FAILED" if problems else "ok"),
            flush=True,
        )
    load_after = os.getloadavg()[0]
    print(f"{'median':<32} {statistics.median(times.values()):8.1f}")
    print(f"{'slowest':<32} {max(times.values()):8.1f}")
    print(
        f"load average (1 min) before {load_before:.2f}, "
        f"after {load_after:.2f}; "
        f"{os.cpu_count()} cores"
    )
    if args.out:
        write_text_atomically(
            Path(args.out, "times.json"), json.dumps(times, indent=1)
        )
    for name, problems in failures.items():
        print(f"\n{name}:", *problems, sep="\n  ", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
