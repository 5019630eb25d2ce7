"""The ``lcdnet`` command: reproduce every number of the series, and the lab.

``lcdnet reproduce`` runs each lesson of :mod:`lcdnet.lessons`, prints one
progress line per lesson and then a table of the series' published numbers
next to the ones measured in this run, and writes the figures, the numbers
(``results.json``), the TensorBoard logs and the trained XNOR model to one
output folder. ``lcdnet lab`` does the same for the generalisation lab of
:mod:`lcdnet.lab`. Nothing is written outside the output folder.
"""

import argparse
import pathlib
import sys
import tempfile
import time

DEFAULT_OUT = "lcdnet-results"
DEFAULT_LAB_OUT = "lcdnet-lab-results"

def main(argv=None):
    """Entry point of the ``lcdnet`` command; returns the exit status."""
    parser = _build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    try:
        out_dir = _prepare_out_dir(arguments.out)
    except OSError as error:
        print(f"lcdnet: error: cannot write to --out {arguments.out!r}: {error}", file=sys.stderr)
        return 1
    command = reproduce if arguments.command == "reproduce" else lab
    return command(out_dir, seed=arguments.seed, quick=arguments.quick)


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="lcdnet",
        description="Reproduce the lessons of the 2017 'Machine learning with TensorFlow' "
                    "series with Keras: LCD digits, a linear model that memorises, a deep "
                    "network that copes, and a 2-2-1 network that learns XNOR.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run_options(commands.add_parser(
        "reproduce",
        help="run every lesson and compare its numbers with the published ones",
        description="Run every lesson of the series, print the published numbers next to "
                    "the measured ones, and write figures (PNG), results.json, TensorBoard "
                    "logs and the trained XNOR model (.keras) to --out.",
    ), default_out=DEFAULT_OUT)
    _add_run_options(commands.add_parser(
        "lab",
        help="run the generalisation lab: held-out positions, corruptions, a runnable "
             "tank story, XNOR's seed lottery",
        description="Run the four experiments of the generalisation lab (lcdnet.lab), print "
                    "their measured numbers, and write figures (PNG) and results.json to "
                    "--out.",
    ), default_out=DEFAULT_LAB_OUT)
    return parser


def _add_run_options(subparser, default_out):
    subparser.add_argument(
        "--out", default=default_out, metavar="DIR",
        help=f"folder for every file written (created if missing; default: ./{default_out})",
    )
    subparser.add_argument(
        "--seed", default=0, type=_non_negative_int, metavar="N",
        help="seed of the data, initial weights and batch order (default: 0)",
    )
    subparser.add_argument(
        "--quick", action="store_true",
        help="shrink step counts and data sizes to a smoke test; the numbers will not "
             "mean much",
    )


def _non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}")
    return value


def _prepare_out_dir(out):
    """Create the output folder and prove that files can be written in it."""
    out_dir = pathlib.Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=out_dir):
        pass
    return out_dir


def reproduce(out_dir, *, seed=0, quick=False):
    """Run every lesson, print progress and the comparison table, write the files.

    Returns the exit status (0).
    """
    start = _announce("reproduce", out_dir, seed, quick)
    from lcdnet import lessons  # imports Keras: only once the arguments are known good
    from lcdnet.plotting.figures import lesson_figures, save_figures

    record = lessons.run_lessons(out_dir, seed, quick=quick, progress=_progress("lesson"))
    figures = save_figures(lesson_figures(record), out_dir)
    training = record.results["xnor_training"]
    total = _report(out_dir, start, record.comparisons(), {
        "seed": seed,
        "quick": quick,
        "lesson_seconds": record.seconds,
        "figures": figures,
        "model_file": training.model_path.name,
        "tensorboard_dir": training.log_dir.name,
        "xnor_loss_history": {
            "steps": training.history.steps.tolist(),
            "loss": training.history["loss"].tolist(),
        },
    })
    print(f"\nwrote {len(figures)} figures, results.json, tensorboard/ and xnor.keras "
          f"to {out_dir} in {total:.1f} s")
    return 0


def lab(out_dir, *, seed=0, quick=False):
    """Run the generalisation lab, print its table, write its figures and numbers.

    Returns the exit status (0).
    """
    start = _announce("lab", out_dir, seed, quick)
    from lcdnet import lab as lab_module  # imports Keras: only once the arguments are known good
    from lcdnet.plotting.figures import save_figures
    from lcdnet.plotting.lab import lab_figures

    record = lab_module.run_lab(seed, quick=quick, progress=_progress("lab"))
    figures = save_figures(lab_figures(record), out_dir)
    total = _report(out_dir, start, record.comparisons(), {
        "seed": seed, "quick": quick, "lab_seconds": record.seconds, "figures": figures})
    print(f"\nwrote {len(figures)} figures and results.json to {out_dir} in {total:.1f} s")
    return 0


def _progress(kind):
    """A progress callback printing one line per finished step."""
    def report(step, seconds):
        print(f"  {kind} {step.title:<42} done in {seconds:5.1f} s", flush=True)
    return report


def _announce(command, out_dir, seed, quick):
    """Print what is about to run; return the start time."""
    print(f"lcdnet {command}: seed {seed}{', quick mode' if quick else ''}, writing to {out_dir}")
    return time.perf_counter()


def _report(out_dir, start, comparisons, document):
    """Print the comparison table and write it, with ``document``, to results.json.

    Returns the seconds elapsed since ``start``.
    """
    from lcdnet.report import format_table, write_results

    print()
    print(format_table(comparisons))
    total = time.perf_counter() - start
    write_results(out_dir, comparisons, {**document, "total_seconds": total})
    return total
