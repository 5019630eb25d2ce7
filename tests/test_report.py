"""The printed comparison table fits the team's line length (issue 16)."""

import pytest

from lcdnet.report import LINE_LENGTH, Comparison, format_table

LONG = "a quantity whose words go on and on " * 4


def widest(table):
    return max(len(line) for line in table.splitlines())


def test_a_table_of_short_rows_is_no_wider_than_it_needs():
    table = format_table([Comparison("1 perfect digits", "accuracy", 1, 1)])
    assert widest(table) <= 50, table


def test_long_quantities_notes_and_lessons_wrap_within_the_width():
    rows = [
        Comparison(LONG, LONG, 0.123456, 4.5678e-05, LONG),
        Comparison(LONG, f"{LONG}: {LONG}", None, 12345.6, LONG),
        Comparison(LONG, f"{LONG}: short", None, 0.5),
    ]
    for width in (60, LINE_LENGTH, 120):
        table = format_table(rows, width=width)
        assert widest(table) <= width, table
        # Every word is printed, none is cut.
        assert table.count("on and on") >= 4 * 4
    # The same planted rows overflow a plain one-line-per-row table.
    assert len(f"{LONG}  0.123  4.57e-05  {LONG}") > LINE_LENGTH


def test_rows_with_the_same_note_share_its_footnote():
    rows = [
        Comparison("l", "a", 1, 2, "why"),
        Comparison("l", "b", 1, 3, "why"),
        Comparison("l", "c", 1, 1),
        Comparison("l", "d", 1, 4, "other"),
    ]
    lines = format_table(rows).splitlines()
    assert [line.split()[-1] for line in lines[3:7]] == [
        "[1]",
        "[1]",
        "1",
        "[2]",
    ]
    assert lines[-2:] == ["[1] why", "[2] other"]


def test_rows_that_start_alike_print_under_one_heading():
    rows = [
        Comparison("3 deep network", "CNN: training accuracy", None, 1),
        Comparison("3 deep network", "CNN: new pictures", None, 0.99),
        Comparison("3 deep network", "parameters: deep / linear", None, 19),
    ]
    lines = format_table(rows).splitlines()[2:]
    headings = [
        "3 deep network",
        "  CNN",
        "    training accuracy",
        "    new pictures",
        "  parameters: deep / linear",
    ]
    assert [
        line[: len(heading)]
        for line, heading in zip(lines, headings, strict=True)
    ] == headings
    assert [len(line.split()) for line in lines] == [3, 1, 4, 4, 6]


@pytest.mark.parametrize("width, error", [(59, ValueError), (79.5, TypeError)])
def test_a_width_too_small_for_the_numbers_is_refused(width, error):
    with pytest.raises(error, match="width"):
        format_table([Comparison("l", "q", 1, 1)], width=width)


def test_the_lab_table_fits_without_wrapping_a_quantity(quick_lab_record):
    rows = quick_lab_record.comparisons()
    table = format_table(rows)
    assert widest(table) <= LINE_LENGTH
    for row in rows:  # each quantity whole, or as a heading and its row
        head, _, rest = row.quantity.partition(": ")
        assert row.quantity in table or (head in table and rest in table)


# ------------------------------------------- folded answers in the notebooks


def test_an_answer_shows_folded_as_html_and_as_text_elsewhere():
    from lcdnet.report import Answer

    answer = Answer(3, "line <one>\nline two")
    html = answer._repr_html_()
    assert html.startswith('<details class="lcdnet-answer">')
    assert " open" not in html.split(">")[0]  # closed until opened
    assert "line &lt;one&gt;\nline two</pre>" in html
    assert repr(answer) == "Exercise 3: line <one>\nline two"


def _notebook_cells_with_answers(root):
    import json

    cells = []
    for path in sorted((root / "_downloads").glob("*/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and "Answer(" in source:
                cells.append((path.name, source))
    return cells


def answer_is_last(source):
    """Whether a cell's last statement is an ``Answer(...)`` expression,
    whose value a notebook shows (folded) below the cell."""
    import ast

    last = ast.parse(source).body[-1]
    return (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and getattr(last.value.func, "id", None) == "Answer"
    )


def test_the_answer_check_finds_an_answer_that_is_not_shown():
    assert answer_is_last("x = 1\nAnswer(1, f'{x}')")
    assert not answer_is_last("answer = Answer(1, 'x')\nprint(answer)")
    assert not answer_is_last("Answer(1, 'x')\nplt.show()")


def test_every_notebook_answer_is_its_cells_last_value():
    from tests.pages import NO_BUILD, built_docs

    root = built_docs()
    if root is None:
        pytest.skip(NO_BUILD)
    cells = _notebook_cells_with_answers(root)
    assert len({name for name, _ in cells}) >= 10, cells
    assert [name for name, source in cells if not answer_is_last(source)] == []


def test_results_json_is_strict_json_with_non_finite_numbers_as_null(
    tmp_path,
):
    import json

    import numpy as np

    from lcdnet.report import write_results

    rows = [Comparison("5 XNOR training", "final loss", 5.1e-05, np.nan)]
    document = {
        "losses": [np.float32(0.5), np.float32("inf"), -np.inf],
        "nested": {"spread": (np.float64(1.5), np.int64(3))},
    }
    text = write_results(tmp_path, rows, document).read_text()

    def refuse(constant):
        raise AssertionError(f"not strict JSON: {constant}")

    record = json.loads(text, parse_constant=refuse)
    assert record["comparisons"][0]["measured"] is None
    assert record["losses"] == [0.5, None, None]
    assert record["nested"] == {"spread": [1.5, 3]}
