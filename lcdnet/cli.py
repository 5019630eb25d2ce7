"""The ``lcdnet`` command: reproduce every number of the series, and the lab.

``lcdnet reproduce`` runs each lesson of :mod:`lcdnet.lessons`, prints one
progress line per lesson and then a table of the series' published numbers
next to the ones measured in this run, and writes the numbers
(``results.json``), the figures, the TensorBoard logs and the trained XNOR
model to one output folder. ``lcdnet lab`` does the same for the
generalisation lab of :mod:`lcdnet.lab`.

One run, one consistent folder: the files are written into a hidden
staging folder inside the output folder and published together when the
run is complete, replacing the files of the previous run of the same
command (those its ``results.json`` lists) and nothing else. A second run
into a folder in use fails at once; ``lcdnet lab`` refuses a folder that
holds ``lcdnet reproduce``'s results, and the other way round. Ctrl-C or
SIGTERM ends a run with one line, ``interrupted: nothing published``
(status 130 or 143), and the folder as it was.

lcdnet writes nothing else. Keras and matplotlib keep files under the home
folder, as in any program that uses them: Keras writes its settings to
``~/.keras/keras.json`` (``$KERAS_HOME``) when missing, and matplotlib its
font cache under ``~/.cache/matplotlib`` (``$MPLCONFIGDIR``). The promises
above are those of a POSIX system (Linux, macOS): file locks, signals and
atomic renames.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import os
import pathlib
import platform
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lcdnet import _interrupts
from lcdnet._types import PathLike

if TYPE_CHECKING:  # these import Keras: the command loads them when it runs
    from lcdnet._run_folder import RunFolder
    from lcdnet.report import Comparison
    from lcdnet.runner import Step

DEFAULT_OUT = "lcdnet-results"
DEFAULT_LAB_OUT = "lcdnet-lab-results"
#: What ``lcdnet reproduce`` writes besides its figures and results.json.
MODEL_FILE = "xnor.keras"
TENSORBOARD_DIR = "tensorboard"

_DESCRIPTION = (
    "Reproduce the lessons of the 2017 'Machine learning with TensorFlow' "
    "series with Keras: LCD digits, a linear model that memorises, a deep "
    "network that copes, and a 2-2-1 network that learns XNOR."
)
_REPRODUCE = (
    "Run every lesson of the series, print the published numbers next to "
    "the measured ones, and write results.json, figures (PNG), TensorBoard "
    "logs and the trained XNOR model (.keras) to --out."
)
_LAB = (
    "Run the four experiments of the generalisation lab (lcdnet.lab), print "
    "their measured numbers, and write results.json and figures (PNG) to "
    "--out."
)
#: Each command's one-line help, description and default folder.
_COMMANDS = {
    "reproduce": (
        "run every lesson and compare its numbers with the published ones",
        _REPRODUCE,
        DEFAULT_OUT,
    ),
    "lab": (
        "run the generalisation lab: held-out positions, corruptions, a "
        "runnable tank story, XNOR's seed lottery",
        _LAB,
        DEFAULT_LAB_OUT,
    ),
}
_PUBLISHED = (
    " They are published together when the run is complete, replacing only "
    "the files of the previous 'lcdnet {command}' there."
)
_HOME_FILES = (
    "Keras and matplotlib keep their own files under your home folder "
    "(~/.keras/keras.json, ~/.cache/matplotlib); lcdnet writes nothing "
    "outside --out."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lcdnet`` command; returns the exit status.

    0 when the run was published whole, 1 on an error (or a figure that
    could not be written), 2 on bad arguments, 130 after Ctrl-C and 143
    after SIGTERM.
    """
    parser = _build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    command_line = ["lcdnet", *(sys.argv[1:] if argv is None else argv)]
    run = reproduce if arguments.command == "reproduce" else lab
    published: list[pathlib.Path] = []
    with _interrupts.installed():
        try:
            _check_environment()
            return run(
                arguments.out,
                seed=arguments.seed,
                quick=arguments.quick,
                command_line=command_line,
                published=published,
            )
        except _Failure as failure:
            print(f"lcdnet: error: {failure}", file=sys.stderr)
            return 1
        except (KeyboardInterrupt, _interrupts.Terminated) as interrupt:
            print(
                f"interrupted after publishing to {published[0]}"
                if published
                else "interrupted: nothing published",
                file=sys.stderr,
            )
            return _interrupts.exit_status(interrupt)


def _build_parser() -> argparse.ArgumentParser:
    from lcdnet import __version__

    parser = argparse.ArgumentParser(
        prog="lcdnet", description=_DESCRIPTION, epilog=_HOME_FILES
    )
    parser.add_argument(
        "--version", action="version", version=f"lcdnet {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, description, default_out) in _COMMANDS.items():
        _add_run_options(
            commands.add_parser(
                name,
                help=summary,
                epilog=_HOME_FILES,
                description=description + _PUBLISHED.format(command=name),
            ),
            default_out,
        )
    return parser


def _add_run_options(
    subparser: argparse.ArgumentParser, default_out: str
) -> None:
    subparser.add_argument(
        "--out",
        default=default_out,
        metavar="DIR",
        type=_folder_name,
        help=f"folder for every file written (created if missing; default: "
        f"./{default_out}); your own files in it are never touched",
    )
    subparser.add_argument(
        "--seed",
        default=0,
        type=_non_negative_int,
        metavar="N",
        help="seed of the data, initial weights and batch order (default: 0)",
    )
    subparser.add_argument(
        "--quick",
        action="store_true",
        help="shrink step counts and data sizes to a smoke test; the numbers "
        "will not mean much",
    )


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer, got {text!r}"
        )
    return value


def _folder_name(text: str) -> pathlib.Path:
    from lcdnet._checks import check_path

    try:
        return check_path("--out", text)
    except ValueError as error:
        message = str(error).removeprefix("--out ")
        raise argparse.ArgumentTypeError(message) from None


def reproduce(
    out: PathLike,
    *,
    seed: int = 0,
    quick: bool = False,
    command_line: list[str] | None = None,
    published: list[pathlib.Path] | None = None,
) -> int:
    """Run every lesson, print progress and the table, publish the files.

    Parameters
    ----------
    out : str or os.PathLike
        The output folder, created if missing.
    seed : int, default 0
    quick : bool, default False
    command_line : list of str or None
        The command as typed, recorded in results.json.
    published : list or None
        If given, the folder is appended to it once the run is published.

    Returns
    -------
    int
        The exit status: 0, or 1 if a figure could not be written.
    """
    # Imports Keras: only once the arguments are known good.
    from lcdnet import lessons
    from lcdnet.plotting.figures import lesson_figures

    run = _run_record(command_line)
    with _run_folder(
        out,
        "reproduce",
        reserved_files=(MODEL_FILE,),
        reserved_folders=(TENSORBOARD_DIR,),
    ) as folder:
        start = _announce("reproduce", folder.out, seed, quick)
        record = lessons.run_lessons(
            folder.staging, seed, quick=quick, progress=_progress("lesson")
        )
        training = record.results["xnor_training"]
        log_dir = training.log_dir.relative_to(folder.staging)
        document = {
            "seed": seed,
            "quick": quick,
            "lesson_seconds": record.seconds,
            "model_file": training.model_path.name,
            "tensorboard_dir": log_dir.as_posix(),
            "xnor_loss_history": {
                "steps": training.history.steps.tolist(),
                "loss": training.history["loss"].tolist(),
            },
        }
        return _finish(
            folder,
            record.comparisons(),
            document,
            lesson_figures(record),
            run,
            start,
            published,
            also=f", {TENSORBOARD_DIR}/ and {MODEL_FILE}",
        )


def lab(
    out: PathLike,
    *,
    seed: int = 0,
    quick: bool = False,
    command_line: list[str] | None = None,
    published: list[pathlib.Path] | None = None,
) -> int:
    """Run the generalisation lab, print its table, publish its files.

    Parameters and returns as for :func:`reproduce`.
    """
    from lcdnet import lab as lab_module  # imports Keras
    from lcdnet.plotting.lab import lab_figures

    run = _run_record(command_line)
    with _run_folder(out, "lab") as folder:
        start = _announce("lab", folder.out, seed, quick)
        record = lab_module.run_lab(
            seed, quick=quick, progress=_progress("lab")
        )
        document = {
            "seed": seed,
            "quick": quick,
            "lab_seconds": record.seconds,
        }
        return _finish(
            folder,
            record.comparisons(),
            document,
            lab_figures(record),
            run,
            start,
            published,
        )


def _finish(
    folder: RunFolder,
    comparisons: list[Comparison],
    document: dict[str, Any],
    drawings: Any,
    run: dict[str, Any],
    start: float,
    published: list[pathlib.Path] | None,
    also: str = "",
) -> int:
    """The numbers first, then the figures, then publish; the exit status."""
    from lcdnet.plotting.figures import save_figures
    from lcdnet.report import format_table, write_results

    print()
    print(format_table(comparisons))
    figures: list[str] = []
    failed: list[str] = []

    def write_record(target: pathlib.Path, run_record: dict[str, Any]) -> None:
        write_results(
            target,
            comparisons,
            {**document, "figures": figures, "run": run_record},
        )

    write_record(
        folder.staging,
        {**run, "completed": False, "files": folder.staged_files()},
    )
    figures += save_figures(
        drawings,
        folder.staging,
        on_error=lambda *failure: failed.append(_report_figure(*failure)),
    )
    document["total_seconds"] = total = time.perf_counter() - start
    try:
        with _interrupts.deferred():
            folder.publish(write_record, {**run, "finished": _now()})
            if published is not None:
                published.append(folder.out)
    except OSError as error:
        raise _Failure(
            f"could not publish the run to {str(folder.out)!r}: "
            f"{error.strerror or error}"
        ) from error
    summary = (
        f"wrote {len(figures)} figures, results.json{also} to "
        f"{folder.out} in {total:.1f} s"
    )
    print()
    _print_wrapped(summary)
    if failed:
        print(
            f"lcdnet: error: {len(failed)} of {len(drawings)} figures could "
            f"not be written (named above); the numbers are in "
            f"{folder.out / 'results.json'}",
            file=sys.stderr,
        )
        return 1
    return 0


def _report_figure(name: str, error: BaseException | str) -> str:
    """Name a figure that could not be written, in one line; return it."""
    if isinstance(error, OSError) and error.strerror:
        error = error.strerror
    print(
        f"lcdnet: figure {name} not written: {_one_line(error)}",
        file=sys.stderr,
    )
    return name


@contextlib.contextmanager
def _run_folder(
    out: PathLike, command: str, **reserved: tuple[str, ...]
) -> Iterator[RunFolder]:
    from lcdnet._checks import check_path
    from lcdnet._run_folder import RunFolder, RunFolderError

    out = check_path("out", out)
    try:
        with RunFolder(out, command, **reserved) as folder:
            yield folder
    except RunFolderError as error:
        raise _Failure(str(error)) from error


def _run_record(command_line: list[str] | None) -> dict[str, Any]:
    """What results.json says of the run: the command, versions, start time."""
    from lcdnet import __version__
    from lcdnet._backend import backend_name, keras

    backend = backend_name()
    return {
        "command_line": command_line,
        "lcdnet_version": __version__,
        "keras_version": keras.__version__,
        "backend": backend,
        "backend_version": importlib.import_module(backend).__version__,
        "python_version": platform.python_version(),
        "started": _now(),
    }


def _now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.isoformat(timespec="seconds")


def _progress(kind: str) -> Callable[[Step, float], None]:
    """A progress callback printing one line per finished step."""

    def report(step: Step, seconds: float) -> None:
        print(
            f"  {kind} {step.title:<42} done in {seconds:5.1f} s", flush=True
        )

    return report


def _announce(
    command: str, out_dir: pathlib.Path, seed: int, quick: bool
) -> float:
    """Print what is about to run; return the start time."""
    _print_wrapped(
        f"lcdnet {command}: seed {seed}{', quick mode' if quick else ''}, "
        f"writing to {out_dir}"
    )
    return time.perf_counter()


def _print_wrapped(text: str) -> None:
    """Print ``text`` within the tables' width, a path kept whole."""
    from lcdnet.report import LINE_LENGTH

    lines = textwrap.wrap(
        text, LINE_LENGTH, break_long_words=False, break_on_hyphens=False
    )
    print(*lines, sep="\n", flush=True)


def _check_environment() -> None:
    """Load matplotlib and Keras, or raise _Failure in lcdnet's words."""
    try:
        import matplotlib.pyplot as plt

        plt.close(plt.figure())
    except Exception as error:
        raise _Failure(
            f"matplotlib cannot draw the figures: {_one_line(error)} "
            f"(MPLBACKEND is {os.environ.get('MPLBACKEND')!r}; unset it, or "
            f"set MPLBACKEND=Agg)"
        ) from error
    try:
        import lcdnet._backend  # noqa: F401
    except ImportError as error:
        raise _Failure(_one_line(error)) from error
    except Exception as error:  # a keras.json Keras cannot read, say
        raise _Failure(f"Keras cannot start: {_one_line(error)}") from error


def _one_line(error: BaseException | str) -> str:
    return " ".join(str(error).split())


class _Failure(Exception):
    """A run that cannot go on; the message, in lcdnet's words, says why."""
