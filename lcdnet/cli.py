"""The ``lcdnet`` command: reproduce every number of the series, and the lab.

``lcdnet reproduce`` runs each lesson of :mod:`lcdnet.lessons`, prints one
progress line per lesson and then a table of the series' published numbers
next to the ones measured in this run, and writes the figures, the numbers
(``results.json``), the TensorBoard logs and the trained XNOR model to one
output folder. ``lcdnet lab`` does the same for the generalisation lab of
:mod:`lcdnet.lab`. Nothing is written outside the output folder.
"""

import argparse
import dataclasses
import json
import pathlib
import sys
import tempfile
import time

DEFAULT_OUT = "lcdnet-results"
DEFAULT_LAB_OUT = "lcdnet-lab-results"

#: Step counts of ``--quick``: enough to exercise every lesson, not to reproduce it.
QUICK_SETTINGS = {
    "perfect_digits": {"steps": 20},
    "inexact_data": {"steps": 20, "sizes": (100, 500), "memorise_steps": 200,
                     "large_grid_steps": 20},
    "deep_network": {"steps": 30, "test_size": 200},
    "xnor_known_weights": {"sampled_points": 20},
    "xnor_training": {"steps": 300},
}


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
    results, seconds = _run_lessons(out_dir, seed, quick)
    figures = _save_figures(results, out_dir)
    training = results["xnor_training"]
    total = _report(out_dir, start, [row for result in results.values()
                                     for row in result.comparisons()], {
        "seed": seed,
        "quick": quick,
        "lesson_seconds": seconds,
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

    result = lab_module.run_lab(seed, quick)
    for name, seconds in result.seconds.items():
        print(f"  lab {name.replace('_', ' '):<42} done in {seconds:5.1f} s")
    figures = _save_lab_figures(lab_module, result, out_dir)
    total = _report(out_dir, start, result.comparisons(), {
        "seed": seed, "quick": quick, "lab_seconds": result.seconds, "figures": figures})
    print(f"\nwrote {len(figures)} figures and results.json to {out_dir} in {total:.1f} s")
    return 0


def _save_lab_figures(lab_module, result, out_dir):
    drawings = {
        **{f"held-out-positions-{model}.png":
           (lambda model=model: lab_module.plot_position_accuracy(result.held_out, model))
           for model in ("linear", "mlp", "deep")},
        **{f"corruption-{name}.png":
           (lambda name=name: lab_module.plot_corruption_sweep(result.corruptions, name))
           for name in ("noise", "cutoff", "shadow")},
        **{f"tank-weights-{training}.png":
           (lambda training=training: lab_module.plot_decision_weights(result.tank, training))
           for training in ("biased", "fair")},
        "xnor-seed-lottery.png": lambda: lab_module.plot_lottery(result.lottery),
    }
    return _draw_all(drawings, out_dir)


def _run_lessons(out_dir, seed, quick):
    """Run the six lessons in order, printing one line each."""
    from lcdnet import lessons  # imports Keras: only once the arguments are known good

    settings = QUICK_SETTINGS if quick else {}
    plan = [
        ("perfect_digits", "1 perfect 5x5 digits, linear model",
         lambda: lessons.perfect_digits(seed, **settings.get("perfect_digits", {}))),
        ("inexact_data", "2 jittered 10x10 digits, linear model",
         lambda: lessons.inexact_data(seed, **settings.get("inexact_data", {}))),
        ("deep_network", "3 deep network on jittered digits",
         lambda: lessons.deep_network(seed, **settings.get("deep_network", {}))),
        ("xnor_known_weights", "4 XNOR with known weights",
         lambda: lessons.xnor_known_weights(**settings.get("xnor_known_weights", {}))),
        ("xnor_training", "5 XNOR trained with Adam",
         lambda: lessons.xnor_training(out_dir, seed, **settings.get("xnor_training", {}))),
        ("xnor_restored", "6 XNOR model restored from file",
         lambda: lessons.xnor_restored(results["xnor_training"])),
    ]
    results, seconds = {}, {}
    for name, title, run in plan:
        start = time.perf_counter()
        results[name] = run()
        seconds[name] = time.perf_counter() - start
        print(f"  lesson {title:<42} done in {seconds[name]:5.1f} s", flush=True)
    return results, seconds


def _save_figures(results, out_dir):
    """Draw every figure of the series from the lesson results; return the file names."""
    from lcdnet import plotting

    inexact = results["inexact_data"]
    five_thousand = inexact.runs[max(inexact.runs)]
    drawings = {
        "digits-jittered.png": lambda: plotting.plot_digits(
            inexact.runs[100].images[:20], inexact.runs[100].labels[:20]),
        "weights-perfect.png": lambda: plotting.plot_weights(results["perfect_digits"].run.model),
        "weights-jittered-100.png": lambda: plotting.plot_weights(inexact.memorised.model),
        "test-predictions-memorised.png": lambda: plotting.plot_digits(
            inexact.test_images[:20], inexact.test_labels[:20],
            predictions=_predicted(inexact.memorised.model, inexact.test_images[:20])),
        "confusion-perfect.png": lambda: _confusion(results["perfect_digits"].run),
        f"confusion-jittered-{max(inexact.runs)}.png": lambda: _confusion(five_thousand),
        "confusion-20x20.png": lambda: _confusion(inexact.large_grid),
        "xnor-known-weights-surface.png": lambda: plotting.plot_xnor_surface(
            results["xnor_known_weights"].model),
        "xnor-training-loss.png": lambda: plotting.plot_history(
            results["xnor_training"].history, logy=True),
        "xnor-restored-surface.png": lambda: plotting.plot_xnor_surface(
            results["xnor_restored"].model),
    }
    return _draw_all(drawings, out_dir)


def _draw_all(drawings, out_dir):
    """Call each drawing function, save its figure as PNG under its name, close it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for name, draw in drawings.items():
        figure = _figure_of(draw())
        figure.savefig(out_dir / name, dpi=100, bbox_inches="tight")
        plt.close(figure)
    return sorted(drawings)


def _predicted(model, images):
    from lcdnet.training import predict_classes

    return predict_classes(model, images)


def _confusion(run):
    from lcdnet import plotting
    from lcdnet.training import predict_classes

    return plotting.plot_confusion_matrix(run.labels, predict_classes(run.model, run.images))


def _figure_of(drawn):
    """The Figure behind what a plotting helper returned (an Axes or an array of them)."""
    first = drawn.flat[0] if hasattr(drawn, "flat") else drawn
    return first.get_figure()


def format_table(comparisons):
    """The comparison rows as an aligned text table.

    Examples
    --------
    >>> from lcdnet.lessons import Comparison
    >>> print(format_table([Comparison("1 perfect digits", "accuracy", 1.0, 1.0)]))
    lesson            quantity  published  measured  note
    ----------------  --------  ---------  --------  ----
    1 perfect digits  accuracy          1         1
    """
    header = ("lesson", "quantity", "published", "measured", "note")
    rows = [(row.lesson, row.quantity, _number(row.published), _number(row.measured), row.note)
            for row in comparisons]
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
    numeric = {2, 3}

    def line(cells):
        return "  ".join(
            cell.rjust(width) if i in numeric and cells is not header else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), separator, *(line(row) for row in rows)])


def _number(value):
    if value is None:
        return "-"
    return f"{value:.4g}"


def _announce(command, out_dir, seed, quick):
    """Print what is about to run; return the start time."""
    print(f"lcdnet {command}: seed {seed}{', quick mode' if quick else ''}, writing to {out_dir}")
    return time.perf_counter()


def _report(out_dir, start, comparisons, document):
    """Print the comparison table and write it, with ``document``, to results.json.

    Returns the seconds elapsed since ``start``.
    """
    print()
    print(format_table(comparisons))
    total = time.perf_counter() - start
    document = {**document, "total_seconds": total,
                "comparisons": [dataclasses.asdict(row) for row in comparisons]}
    (out_dir / "results.json").write_text(json.dumps(document, indent=2, default=float) + "\n")
    return total
