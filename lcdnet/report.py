"""Reporting: the series' published numbers with their sources, comparison
rows, the printed table and the ``results.json`` file.

Pure Python and NumPy. The lessons and the lab build :class:`Comparison`
rows: with a published number of :data:`PUBLISHED` (:func:`compare`), or
with a measured number only (:func:`measured_row`, and
:func:`seen_new_rows` for a score split into copies of training pictures
and new pictures). The command line and the tutorials print them with
:func:`format_table`; :func:`write_results` stores them.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import pathlib
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lcdnet._atomic import write_text_atomically
from lcdnet._checks import check_choice, check_int, check_path, check_real
from lcdnet._types import PathLike
from lcdnet.metrics import SeenNewAccuracy

__all__ = [
    "Answer",
    "Published",
    "PUBLISHED",
    "Comparison",
    "compare",
    "measured_row",
    "seen_new_rows",
    "SEEN_NEW_PARTS",
    "format_table",
    "LINE_LENGTH",
    "write_results",
]

#: The series, by its title: its author's name could not be verified.
_SERIES = "Machine learning with TensorFlow (2017)"
_POST_A = f"{_SERIES}, post A, 'How to recognize a digit', notebook run"
_POST_B = f"{_SERIES}, post B, 'Dealing with inexact data'"
_NOTEBOOK_20 = (
    "sentimos/lcd notebook, 20x20 run (the settings the post B "
    "notebook states)"
)
_XNOR_KNOWN = f"{_SERIES}, XNOR with known weights (Andrew Ng's example)"
_XNOR_TRAIN = f"{_SERIES}, training XNOR with Adam (5,000 steps)"
_XNOR_USE = (
    f"{_SERIES}, using the trained XNOR model (restored "
    "checkpoint); its printout swapped the (0,1) and (1,0) rows, "
    "stored here in true corner order"
)


@dataclass(frozen=True)
class Published:
    """One number the series published, and where.

    Examples
    --------
    >>> PUBLISHED["perfect.final_accuracy"].source
    "Machine learning with TensorFlow (2017), post A, 'How to recognize a \
digit', notebook run"
    """

    value: float | tuple[float, ...]
    source: str

    def number(self, index: int | None = None) -> float:
        """The published number: entry ``index`` of a tuple of them."""
        if not isinstance(self.value, tuple):
            return self.value
        if index is None:
            raise ValueError(
                f"{self.source!r} published {len(self.value)} "
                f"numbers: give the index of one"
            )
        return self.value[index]


#: Every number of the series that lcdnet reproduces, keyed by lesson and
#: quantity.
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
    "xnor.per_point_seconds": Published(3.07, _XNOR_KNOWN),
    "xnor.vectorised_seconds": Published(0.0145, _XNOR_KNOWN),
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
        The value measured in this run (None where there was nothing to
        measure, such as the accuracy on new pictures when every test picture
        was seen).
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


def compare(
    lesson: str,
    quantity: str,
    key: str | None,
    measured: float | None,
    *,
    tolerance: float,
    reason: str,
    index: int | None = None,
) -> Comparison:
    """A Comparison with the published number ``PUBLISHED[key]``.

    ``reason`` becomes the note only when measured and published differ by
    more than ``tolerance``. ``key`` None means the series published no
    number; ``index`` picks one entry of a published tuple (a corner of XNOR).

    Examples
    --------
    >>> row = compare("1 perfect digits", "accuracy after 5 steps",
    ...               "perfect.early_accuracy", 0.6, tolerance=0.15,
    ...               reason="batch order differs")
    >>> row.published, row.measured, row.note
    (0.2, 0.6, 'batch order differs')
    >>> compare("3 deep network", "parameters", None, 19.3, tolerance=0,
    ...         reason="").published
    """
    tolerance = check_real("tolerance", tolerance, low=0)
    published = source = None
    if key is not None:
        published, source = PUBLISHED[key].number(index), PUBLISHED[key].source
    measured = None if measured is None else float(measured)
    differs = (
        published is not None
        and measured is not None
        and abs(published - measured) > tolerance
    )
    return Comparison(
        lesson,
        quantity,
        published,
        measured,
        reason if differs else "",
        source or "",
    )


def measured_row(
    lesson: str, quantity: str, measured: float | None, note: str = ""
) -> Comparison:
    """A Comparison of a quantity the series published no number for.

    ``measured`` becomes a plain float (None stays None: nothing to measure).

    Examples
    --------
    >>> import numpy as np
    >>> row = measured_row("lab 1", "linear: accuracy", np.float32(0.5))
    >>> row.published, row.measured, type(row.measured).__name__
    (None, 0.5, 'float')
    """
    return Comparison(
        lesson,
        quantity,
        None,
        None if measured is None else float(measured),
        note,
    )


#: The parts of a score split into copies of training pictures and new
#: pictures (:class:`lcdnet.metrics.SeenNewAccuracy`) that rows can show.
SEEN_NEW_PARTS = ("all", "copies", "new")


def seen_new_rows(
    lesson: str,
    label: str,
    score: SeenNewAccuracy,
    parts: Iterable[str] = SEEN_NEW_PARTS,
) -> list[Comparison]:
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
    100 examples: 2 copies of training pictures 1.0
    100 examples: 2 new pictures 0.5
    """
    shown = {
        "all": (f"all {score.num_total:,} test pictures", score.overall),
        "copies": (
            f"{score.num_seen:,} copies of training pictures",
            score.seen,
        ),
        "new": (f"{score.num_new:,} new pictures", score.new),
    }
    return [
        measured_row(lesson, f"{label}: {shown[part][0]}", shown[part][1])
        for part in (
            check_choice("part", part, SEEN_NEW_PARTS) for part in parts
        )
    ]


#: The width of a printed table: the team's one line length (issue 16).
LINE_LENGTH = 79
_HEADER = ("lesson / quantity", "published", "measured", "note")
#: A row's quantity is indented under its lesson's heading line.
_INDENT = "  "


def format_table(
    comparisons: Iterable[Comparison], *, width: int = LINE_LENGTH
) -> str:
    """The comparison rows as a text table no line of which is over ``width``.

    Rows are grouped under a heading line per lesson, and consecutive rows
    whose quantities start alike (``"CNN: training accuracy"``, ``"CNN: on
    new pictures"``) under a heading of that start (``"CNN"``). A row's
    note becomes a numbered footnote below the table, its number in the
    ``note`` column; rows with the same note share one number. A quantity
    too long for its column continues on the next line, further indented.

    Parameters
    ----------
    comparisons : iterable of Comparison
    width : int, default 79
        The longest line allowed, in characters; at least 60.

    Examples
    --------
    >>> rows = [Comparison("1 perfect digits", "accuracy", 1.0, 1.0),
    ...         Comparison("3 deep network", "CNN: training accuracy", None,
    ...                    1.0),
    ...         Comparison("3 deep network", "CNN: on new pictures", None,
    ...                    0.99, "a note")]
    >>> print(format_table(rows))
    lesson / quantity      published  measured  note
    ---------------------  ---------  --------  ----
    1 perfect digits
      accuracy                     1         1
    3 deep network
      CNN
        training accuracy          -         1
        on new pictures            -      0.99  [1]
    <BLANKLINE>
    [1] a note
    """
    width = check_int("width", width, minimum=60)
    comparisons = list(comparisons)
    notes = list(dict.fromkeys(row.note for row in comparisons if row.note))
    marks = {note: f"[{number}]" for number, note in enumerate(notes, 1)}
    numbers = [
        (
            _number(row.published),
            _number(row.measured),
            marks.get(row.note, ""),
        )
        for row in comparisons
    ]
    widths = [
        max(len(cells[i]) for cells in [_HEADER[1:], *numbers])
        for i in range(3)
    ]
    entries = _table_entries(comparisons)
    room = width - sum(widths) - 2 * len(widths)
    quantity_width = min(
        room,
        max(
            len(_HEADER[0]),
            *(
                len(indent + text)
                for indent, text, row in entries
                if row is not None
            ),
        ),
    )

    def line(first: str, cells: tuple[str, ...]) -> str:
        right = [
            cell.rjust(size)
            for cell, size in zip(cells[:2], widths[:2], strict=True)
        ]
        return "  ".join(
            [first.ljust(quantity_width), *right, cells[2].ljust(widths[2])]
        ).rstrip()

    lines = [
        line(_HEADER[0], _HEADER[1:]),
        "  ".join("-" * size for size in [quantity_width, *widths]),
    ]
    for indent, text, row in entries:
        if row is None:  # a heading
            lines += textwrap.wrap(
                text,
                width,
                initial_indent=indent,
                subsequent_indent=indent + _INDENT,
            )
            continue
        first, *rest = textwrap.wrap(
            text,
            quantity_width,
            initial_indent=indent,
            subsequent_indent=indent + _INDENT,
        ) or [indent]
        lines += [line(first, numbers[row]), *rest]
    if notes:
        lines.append("")
        for note, mark in marks.items():
            lines += textwrap.wrap(
                note,
                width,
                initial_indent=f"{mark} ",
                subsequent_indent=" " * (len(mark) + 1),
            )
    return "\n".join(lines)


def _table_entries(
    comparisons: list[Comparison],
) -> list[tuple[str, str, int | None]]:
    """(indent, text, row index or None for a heading), in printing order.

    A lesson heading, then its rows; consecutive rows of a lesson whose
    quantities share the part before their first ``": "`` go under a
    heading of that part, with the rest of each quantity as its text.
    """
    entries: list[tuple[str, str, int | None]] = []
    index = 0
    while index < len(comparisons):
        lesson = comparisons[index].lesson
        entries.append(("", lesson, None))
        end = index
        while end < len(comparisons) and comparisons[end].lesson == lesson:
            end += 1
        while index < end:
            group, _, rest = comparisons[index].quantity.partition(": ")
            run = index
            while (
                rest
                and run < end
                and comparisons[run].quantity.startswith(f"{group}: ")
            ):
                run += 1
            if run - index >= 2:
                entries.append((_INDENT, group, None))
                entries += [
                    (2 * _INDENT, comparisons[i].quantity[len(group) + 2 :], i)
                    for i in range(index, run)
                ]
                index = run
            else:
                entries.append((_INDENT, comparisons[index].quantity, index))
                index += 1
    return entries


def _number(value: float | None) -> str:
    """A cell of a number: three significant digits, whole from 1,000 up.

    >>> [_number(v) for v in (None, 1.0, 0.41379, 211.72, 5962.3, 4.5e-05)]
    ['-', '1', '0.414', '212', '5,962', '4.5e-05']
    """
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


@dataclass(frozen=True)
class Answer:
    """The answer a tutorial's cell computes for an exercise, shown folded.

    Make it the last line of a cell: a notebook, and the documentation's
    pages, show it as a ``<details>`` element, closed until the reader
    opens it, so that an answer is not read before the exercise is tried.
    Anywhere else it shows as plain text.

    Attributes
    ----------
    exercise : int or str
        The exercise it answers.
    text : str
        The answer, one or more lines.

    Examples
    --------
    >>> answer = Answer(2, "red pixels per digit: [3, 1, 4]")
    >>> answer
    Exercise 2: red pixels per digit: [3, 1, 4]
    >>> print(answer._repr_html_())
    <details class="lcdnet-answer"><summary>Exercise 2: the answer this \
cell computed</summary><pre>red pixels per digit: [3, 1, 4]</pre></details>
    """

    exercise: int | str
    text: str

    def __repr__(self) -> str:
        return f"Exercise {self.exercise}: {self.text}"

    def _repr_html_(self) -> str:
        return (
            f'<details class="lcdnet-answer"><summary>Exercise '
            f"{html.escape(str(self.exercise))}: the answer this cell "
            f"computed</summary><pre>{html.escape(self.text)}</pre>"
            "</details>"
        )


def write_results(
    out_dir: PathLike,
    comparisons: Iterable[Comparison],
    document: Mapping[str, Any],
) -> pathlib.Path:
    """Write ``document`` and the comparison rows to ``out_dir/results.json``.

    The file is replaced in one step: if writing fails (a full disk, say),
    an earlier ``results.json`` stays whole. Returns the path written. The
    file is strict JSON: a number that is not finite (the loss of a
    diverged model) is written as ``null``, which every JSON reader takes,
    where ``NaN`` is not JSON.

    Examples
    --------
    >>> import tempfile, json, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_results(folder, [Comparison("l", "q", None, 0.5)],
    ...                      {"seed": 0, "final_loss": float("nan")})
    >>> record = json.loads(path.read_text())
    >>> record["comparisons"][0]["measured"], record["final_loss"]
    (0.5, None)
    """
    path = check_path("out_dir", out_dir) / "results.json"
    document = {
        **document,
        "comparisons": [dataclasses.asdict(row) for row in comparisons],
    }
    text = json.dumps(
        _strict_json(document), indent=2, default=float, allow_nan=False
    )
    return write_text_atomically(path, text + "\n")


def _strict_json(value: Any) -> Any:
    """``value`` with NumPy scalars as Python ones and non-finite floats as
    None, in nested dicts, lists and tuples."""
    if isinstance(value, Mapping):
        return {key: _strict_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict_json(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
