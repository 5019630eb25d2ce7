"""Checks of what a learner gets: the tutorial scripts and their notebooks.

Each check returns what it found wrong (an empty list when all is well), so
that a test can plant a violation and see it reported:

* :func:`hidden_only_names`: names a visible cell uses that only a hidden
  block (``sphinx_gallery_start_ignore`` ... ``end_ignore``) defines. The
  page and the notebook drop hidden blocks, so such a cell fails there.
* :func:`rest_in_markdown`: reST directives and roles left in a notebook's
  Markdown cells, which Jupyter shows as raw text.
* :func:`tensorflow_noise`: TensorFlow's start-up log lines (absl, CUDA,
  oneDNN) in an executed notebook's outputs.
* :func:`long_lines`: lines of a tutorial script longer than
  :data:`MAX_LINE_LENGTH`.
* :func:`joined_separators`: ``# %%`` lines right under another line,
  which sphinx-gallery reads as part of the comment above, not as the
  start of a new text block.
"""

import ast
import builtins
import re

#: The team's line length for tutorial code (and printed output, and ruff).
MAX_LINE_LENGTH = 79

_IGNORE_BLOCK = re.compile(
    r"^[ \t]*# sphinx_gallery_start_ignore[ \t]*\n(.*?)"
    r"^[ \t]*# sphinx_gallery_end_ignore[ \t]*$",
    flags=re.M | re.S,
)

# A directive (".. name::"), a link target (".. _name:"), or an
# interpreted-text role (":name:`...`").
_REST = re.compile(
    r"^[ \t>]*\.\. [A-Za-z][\w:-]*::"
    r"|^[ \t>]*\.\. _[^:\n]+:"
    r"|(?<![\w`]):[a-z][\w:+-]*:`"
)

# TensorFlow's C++ start-up lines: absl's warning about logging before its
# initialisation, and any line in glog/absl format ("I0000 00:00:...
# file.cc:123] ..."), whatever file logs it (cudart_stub, cuda_platform's
# cuInit, oneDNN's port.cc ...).
_TENSORFLOW_NOISE = re.compile(
    r"absl::InitializeLog"
    r"|^[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w./-]+:\d+\]"
    r"|cudart_stub|cuInit|oneDNN custom operations"
    r"|rebuild TensorFlow with the appropriate compiler flags",
    flags=re.M,
)


def split_hidden(source):
    """A script's code without its hidden blocks, and the hidden blocks.

    Examples
    --------
    >>> script = ("x = 1\\n# sphinx_gallery_start_ignore\\ny = 2\\n"
    ...           "# sphinx_gallery_end_ignore\\nprint(x)\\n")
    >>> visible, hidden = split_hidden(script)
    >>> visible.split(), hidden
    (['x', '=', '1', 'print(x)'], ['y = 2\\n'])
    """
    hidden = [match.group(1) for match in _IGNORE_BLOCK.finditer(source)]
    return _IGNORE_BLOCK.sub("", source), hidden


def _names(tree):
    """The names a piece of code binds and the names it reads."""
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        ):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, read


def hidden_only_names(source):
    """Names the visible code reads that only hidden blocks bind, sorted.

    Examples
    --------
    >>> hidden_only_names("# sphinx_gallery_start_ignore\\nlargest = 3\\n"
    ...                   "# sphinx_gallery_end_ignore\\nprint(largest)\\n")
    ['largest']
    >>> hidden_only_names("largest = 3\\n# sphinx_gallery_start_ignore\\n"
    ...                   "assert largest\\n# sphinx_gallery_end_ignore\\n")
    []
    """
    visible, hidden = split_hidden(source)
    visible_bound, visible_read = _names(ast.parse(visible))
    hidden_bound = set()
    for block in hidden:
        hidden_bound |= _names(ast.parse(_dedent(block)))[0]
    return sorted(
        (visible_read & hidden_bound) - visible_bound - set(dir(builtins))
    )


def _dedent(block):
    lines = block.splitlines()
    indent = min(
        (len(line) - len(line.lstrip()) for line in lines if line.strip()),
        default=0,
    )
    return "\n".join(line[indent:] for line in lines)


def rest_in_markdown(notebook):
    """The reST in a notebook's Markdown cells, as (cell, text) pairs.

    ``notebook`` is the notebook as a dict (its JSON). Fenced code blocks
    and double-backtick code spans are not searched: reST shown as code is
    fine.

    Examples
    --------
    >>> cells = [{"cell_type": "markdown", "source": ["See :doc:`x`.\\n"]},
    ...          {"cell_type": "markdown", "source": [".. dropdown:: A"]},
    ...          {"cell_type": "markdown", "source": ["Write ``:doc:`x```."]},
    ...          {"cell_type": "code", "source": ["# .. note:: code"]}]
    >>> rest_in_markdown({"cells": cells})
    [(0, ':doc:`'), (1, '.. dropdown::')]
    """
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = _without_code(_text(cell["source"]))
        found += [
            (index, match.group(0).lstrip(" \t>"))
            for match in _REST.finditer(text)
        ]
    return found


def _without_code(markdown):
    """Markdown without fenced code and code spans of two or more backticks.

    A span of one backtick cannot hold a role (which contains a backtick),
    and a role's own backticks would look like one: those stay.
    """
    markdown = re.sub(r"^ *```.*?^ *```", "", markdown, flags=re.M | re.S)
    return re.sub(r"(``+)(?!`).*?(?<!`)\1(?!`)", "", markdown, flags=re.S)


def tensorflow_noise(notebook):
    """TensorFlow start-up lines in an executed notebook's outputs.

    Returns (cell, line) pairs, one per offending line.

    Examples
    --------
    >>> line = "I0000 00:00:1796.84 9219 cudart_stub.cc:31] No cuda drivers"
    >>> cell = {"cell_type": "code", "source": [],
    ...         "outputs": [{"output_type": "stream", "name": "stderr",
    ...                      "text": ["ok\\n", line + "\\n"]}]}
    >>> tensorflow_noise({"cells": [cell]}) == [(0, line)]
    True
    """
    found = []
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", ()):
            text = _text(output.get("text", ""))
            for value in output.get("data", {}).values():
                text += (
                    "\n" + _text(value)
                    if isinstance(value, (str, list))
                    else ""
                )
            text += "\n".join(output.get("traceback", ()))
            found += [
                (index, line)
                for line in text.splitlines()
                if _TENSORFLOW_NOISE.search(line)
            ]
    return found


def long_lines(source, limit=MAX_LINE_LENGTH):
    """The (line number, length) of every line longer than ``limit``.

    Examples
    --------
    >>> long_lines("short\\n" + "x" * 80 + "\\n")
    [(2, 80)]
    """
    return [
        (number, len(line))
        for number, line in enumerate(source.splitlines(), start=1)
        if len(line) > limit
    ]


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def joined_separators(source):
    r"""Line numbers of ``# %%`` lines with no blank line above them.

    Examples
    --------
    >>> joined_separators("x = 1\n\n# %%\n# Text\n# more.\n# %%\n# Next\n")
    [6]
    """
    lines = source.splitlines()
    return [
        number
        for number, line in enumerate(lines, start=1)
        if line.startswith("# %%") and number > 1 and lines[number - 2].strip()
    ]
