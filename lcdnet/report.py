"""Reporting: the series' published numbers with their sources, comparison rows,
the printed table and the ``results.json`` file.

Pure Python and NumPy. The lessons and the lab build :class:`Comparison`
rows: with a published number of :data:`PUBLISHED` (:func:`compare`), or
with a measured number only (:func:`measured_row`, and
:func:`seen_new_rows` for a score split into copies of training pictures
and new pictures). The command line and the tutorials print them with
:func:`format_table`; :func:`write_results` stores them.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lcdnet._atomic import write_text_atomically
from lcdnet._checks import check_choice, check_path, check_real
from lcdnet._types import PathLike
from lcdnet.metrics import SeenNewAccuracy

__all__ = ["Published", "PUBLISHED", "Comparison", "compare", "measured_row",
           "seen_new_rows", "SEEN_NEW_PARTS", "format_table", "write_results"]

_POST_A = "Majewski 2017, 'How to recognize a digit' (post A), notebook run"
_POST_B = "Majewski 2017, 'Dealing with inexact data' (post B)"
_NOTEBOOK_20 = "sentimos/lcd notebook, 20x20 run (the settings the post B notebook states)"
_XNOR_KNOWN = "Majewski 2017, XNOR with known weights (Andrew Ng's example)"
_XNOR_TRAIN = "Majewski 2017, training XNOR with Adam (5,000 steps)"
_XNOR_USE = ("Majewski 2017, using the trained XNOR model (restored checkpoint); its printout "
             "swapped the (0,1) and (1,0) rows, stored here in true corner order")


@dataclass(frozen=True)
class Published:
    """One number the series published, and where.

    Examples
    --------
    >>> PUBLISHED["perfect.final_accuracy"]
    Published(value=1.0, source="Majewski 2017, 'How to recognize a digit' (post A), notebook run")
    """

    value: float | tuple[float, ...]
    source: str

    def number(self, index: int | None = None) -> float:
        """The published number: entry ``index`` of a tuple of them."""
        if not isinstance(self.value, tuple):
            return self.value
        if index is None:
            raise ValueError(f"{self.source!r} published {len(self.value)} "
                             f"numbers: give the index of one")
        return self.value[index]


#: Every number of the series that lcdnet reproduces, keyed by lesson and quantity.
PUBLISHED = {
    "perfect.early_accuracy": Published(0.2, _POST_A),
    "perfect.final_accuracy": Published(1.0, _POST_A),
    "perfect.confusion_diagonal": Published(1.0, _POST_A),
    "inexact.early_accuracy_100": Published(0.73, _POST_B),
    "inexact.train_accuracy_100": Published(1.0, _POST_B),
    "inexact.train_accuracy_500": Published(0.54, _POST_B),
    "inexact.train_accuracy_5000": Published(0.32, _POST_B),
    "inexact.test_accuracy_100": Published(0.08, _POST_B),
    "inexact.memorised_train_accuracy": Published(1.0, _POST_B),
    "grid20.early_accuracy": Published(0.1478, _NOTEBOOK_20),
    "grid20.final_accuracy": Published(0.3168, _NOTEBOOK_20),
    "grid20.test_accuracy": Published(0.24, _NOTEBOOK_20),
    "grid20.digit_1_right": Published(450, _NOTEBOOK_20),
    "xnor.known_corners": Published((1.0, 0.0, 0.0, 1.0), _XNOR_KNOWN),
    "xnor.per_point_over_vectorised": Published(3.07 / 0.0145, _XNOR_KNOWN),
    "xnor.final_loss": Published(5.1e-5, _XNOR_TRAIN),
    "xnor.trained_corners": Published((0.996, 0.004, 0.005, 0.997), _XNOR_USE),
    "xnor.restored_difference": Published(0.0, _XNOR_USE),
}


@dataclass(frozen=True)
class Comparison:
    """One published number of the series next to lcdnet's measurement.

    Attributes
    ----------
    lesson, quantity : str
        Where the number comes from and what it measures.
    published : float or None
        The series' value (None where the series gives no number).
    measured : float or None
        The value measured in this run (None where there was nothing to measure,
        such as the accuracy on new pictures when every test picture was seen).
    note : str
        Why the two differ, where they differ materially; else empty.
    source : str
        Where the published number was published; empty when there is none.

    Examples
    --------
    >>> Comparison("1 perfect digits", "accuracy", 1.0, 1.0).note
    ''
    """

    lesson: str
    quantity: str
    published: float | None
    measured: float | None
    note: str = ""
    source: str = ""


def compare(lesson: str, quantity: str, key: str | None,
            measured: float | None, *, tolerance: float, reason: str,
            index: int | None = None) -> Comparison:
    """A Comparison with the published number ``PUBLISHED[key]``.

    ``reason`` becomes the note only when measured and published differ by
    more than ``tolerance``. ``key`` None means the series published no
    number; ``index`` picks one entry of a published tuple (a corner of XNOR).

    Examples
    --------
    >>> row = compare("1 perfect digits", "accuracy after 5 steps", "perfect.early_accuracy",
    ...               0.6, tolerance=0.15, reason="batch order differs")
    >>> row.published, row.measured, row.note
    (0.2, 0.6, 'batch order differs')
    >>> compare("3 deep network", "parameters", None, 19.3, tolerance=0, reason="").published
    """
    tolerance = check_real("tolerance", tolerance, low=0)
    published = source = None
    if key is not None:
        published, source = PUBLISHED[key].number(index), PUBLISHED[key].source
    measured = None if measured is None else float(measured)
    differs = (published is not None and measured is not None
               and abs(published - measured) > tolerance)
    return Comparison(lesson, quantity, published, measured, reason if differs else "",
                      source or "")


def measured_row(lesson: str, quantity: str, measured: float | None,
                 note: str = "") -> Comparison:
    """A Comparison of a quantity the series published no number for.

    ``measured`` becomes a plain float (None stays None: nothing to measure).

    Examples
    --------
    >>> import numpy as np
    >>> row = measured_row("lab 1", "linear: accuracy", np.float32(0.5))
    >>> row.published, row.measured, type(row.measured).__name__
    (None, 0.5, 'float')
    """
    return Comparison(lesson, quantity, None,
                      None if measured is None else float(measured), note)


#: The parts of a score split into copies of training pictures and new
#: pictures (:class:`lcdnet.metrics.SeenNewAccuracy`) that rows can show.
SEEN_NEW_PARTS = ("all", "copies", "new")


def seen_new_rows(lesson: str, label: str, score: SeenNewAccuracy,
                  parts: Iterable[str] = SEEN_NEW_PARTS) -> list[Comparison]:
    """Rows of a seen/new score: the ``parts`` named, in order, with counts.

    ``parts`` holds ``"all"`` (every test picture), ``"copies"`` (those
    that copy a training picture) and ``"new"`` (the others).

    Examples
    --------
    >>> from lcdnet.metrics import SeenNewAccuracy
    >>> score = SeenNewAccuracy(0.75, 1.0, 0.5, 2, 2)
    >>> rows = seen_new_rows("2 inexact data", "100 examples", score,
    ...                      parts=("copies", "new"))
    >>> for row in rows:
    ...     print(row.quantity, row.measured)
    100 examples: on copies of training pictures (2) 1.0
    100 examples: on new pictures (2) 0.5
    """
    shown = {
        "all": (f"on all {score.num_total:,} test pictures", score.overall),
        "copies": (f"on copies of training pictures ({score.num_seen:,})",
                   score.seen),
        "new": (f"on new pictures ({score.num_new:,})", score.new),
    }
    return [measured_row(lesson, f"{label}: {shown[part][0]}", shown[part][1])
            for part in (check_choice("part", part, SEEN_NEW_PARTS)
                         for part in parts)]


def format_table(comparisons: Iterable[Comparison]) -> str:
    """The comparison rows as an aligned text table.

    Examples
    --------
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

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(width) if i in numeric and cells is not header else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), separator, *(line(row) for row in rows)])


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.4g}"


def write_results(out_dir: PathLike, comparisons: Iterable[Comparison],
                  document: Mapping[str, Any]) -> pathlib.Path:
    """Write ``document`` and the comparison rows to ``out_dir/results.json``.

    The file is replaced in one step: if writing fails (a full disk, say),
    an earlier ``results.json`` stays whole. Returns the path written.

    Examples
    --------
    >>> import tempfile, json, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_results(folder, [Comparison("l", "q", None, 0.5)], {"seed": 0})
    >>> json.loads(path.read_text())["comparisons"][0]["measured"]
    0.5
    """
    path = check_path("out_dir", out_dir) / "results.json"
    document = {**document, "comparisons": [dataclasses.asdict(row) for row in comparisons]}
    text = json.dumps(document, indent=2, default=float) + "\n"
    return write_text_atomically(path, text)
