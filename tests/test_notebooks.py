"""What a learner gets from the tutorials: scripts, notebooks, their outputs.

The checks live in ``docs/notebook_checks.py``; each is run here on every
tutorial and, on a planted violation, shown to catch it. The executed
notebooks themselves are checked after the docs build, by
``benchmarks/bench_notebooks.py`` in ``.ci/run``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

import notebook_checks  # noqa: E402
import tutorial_order  # noqa: E402

SCRIPTS = sorted((ROOT / "examples").glob("*/*.py"))
IDS = [f"{path.parent.name}/{path.name}" for path in SCRIPTS]


def test_every_tutorial_has_its_place_in_the_reading_order():
    placed = {
        f"{folder}/{page}.py"
        for folder, pages in tutorial_order.READING_ORDER.items()
        for page in pages
        if not page.startswith("/")
    }
    assert placed == set(IDS)


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_visible_cells_need_no_name_from_a_hidden_block(script):
    assert (
        notebook_checks.hidden_only_names(script.read_text(encoding="utf-8"))
        == []
    )


def test_a_name_only_a_hidden_block_defines_is_caught():
    planted = SCRIPTS[0].read_text(encoding="utf-8") + (
        "\n# sphinx_gallery_start_ignore\nonly_hidden = 1\n"
        "# sphinx_gallery_end_ignore\nprint(only_hidden)\n"
    )
    assert notebook_checks.hidden_only_names(planted) == ["only_hidden"]


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_tutorial_lines_fit_the_line_length(script):
    assert notebook_checks.long_lines(script.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_every_text_block_starts_after_a_blank_line(script):
    assert (
        notebook_checks.joined_separators(script.read_text(encoding="utf-8"))
        == []
    )


def test_a_separator_joined_to_the_comment_above_is_caught():
    planted = (
        SCRIPTS[0].read_text(encoding="utf-8") + "# A comment.\n# %%\n# Text\n"
    )
    assert len(notebook_checks.joined_separators(planted)) == 1


def test_a_long_tutorial_line_is_caught():
    planted = (
        SCRIPTS[0].read_text(encoding="utf-8")
        + "x = 1"
        + " " * 70
        + "# long\n"
    )
    lines = notebook_checks.long_lines(planted)
    assert len(lines) == 1 and lines[0][1] == 81


def _markdown_cells(*texts):
    return {
        "cells": [
            {"cell_type": "markdown", "source": [text]} for text in texts
        ]
    }


def test_rest_in_a_markdown_cell_is_caught():
    notebook = _markdown_cells(
        "A [link](x.html) and `code`.",
        ".. admonition:: Takeaway\n\n   Text.",
        "See :func:`lcdnet.train`.",
        "> .. dropdown:: Solution",
        ".. _inexact-weights:",
        "Shown as code: ``:doc:`x``` and\n\n```rst\n.. note:: fine\n```\n",
    )
    assert notebook_checks.rest_in_markdown(notebook) == [
        (1, ".. admonition::"),
        (2, ":func:`"),
        (3, ".. dropdown::"),
        (4, ".. _inexact-weights:"),
    ]


def _pandoc_markdown(script):
    """A tutorial's text blocks in Markdown, converted as the docs build."""
    pypandoc = pytest.importorskip("pypandoc")  # the docs extra
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    _, blocks = split_code_and_text_blocks(str(script))
    return [
        pypandoc.convert_text(
            text,
            to="md",
            format="rst",
            extra_args=["--to=gfm+tex_math_dollars"],
            filters=[str(ROOT / "docs" / "rst_to_notebook.lua")],
        )
        for label, text, _ in blocks
        if label == "text"
    ]


@pytest.fixture
def links_dir(tmp_path, monkeypatch):
    """The filter's link targets, written as the docs build writes them."""
    import notebook_links

    path = notebook_links.write_link_targets(
        ROOT / "docs", ROOT / "examples", tmp_path / "links.lua"
    )
    monkeypatch.setenv("LCDNET_NOTEBOOK_LINKS", str(path))


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_notebook_markdown_carries_no_rest(script, links_dir):
    notebook = _markdown_cells(*_pandoc_markdown(script))
    assert notebook_checks.rest_in_markdown(notebook) == []
    text = "".join(cell["source"][0] for cell in notebook["cells"])
    assert text.count("<details>") == text.count("</details>")
    assert (
        sum(line.startswith("# ") for line in text.splitlines()) == 1
    )  # the title


def test_tensorflow_noise_in_an_output_is_caught():
    lines = [
        "WARNING: All log messages before absl::InitializeLog() is called are "
        "written to STDERR",
        "I0000 00:00:1796160401.840986    9219 cudart_stub.cc:31] Could not "
        "find cuda drivers on your machine, GPU will not be used.",
        "E0000 00:00:1796160413.014459    9219 cuda_platform.cc:52] "
        "failed call "
        "to cuInit: INTERNAL: CUDA error",
    ]
    cell = {
        "cell_type": "code",
        "source": [],
        "outputs": [
            {
                "output_type": "stream",
                "name": "stderr",
                "text": "\n".join(lines) + "\n",
            },
            {
                "output_type": "stream",
                "name": "stdout",
                "text": "accuracy 1.00\n",
            },
        ],
    }
    assert notebook_checks.tensorflow_noise({"cells": [cell]}) == [
        (0, line) for line in lines
    ]


def _run(code):
    """Run ``code`` in a fresh Python from a folder outside the clone."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    )


def _noise(stderr):
    cell = {
        "cell_type": "code",
        "outputs": [
            {"output_type": "stream", "name": "stderr", "text": stderr}
        ],
    }
    return notebook_checks.tensorflow_noise({"cells": [cell]})


def test_lcdnet_starts_tensorflow_without_its_startup_lines():
    # Without lcdnet, TensorFlow prints its start-up lines; the check sees
    # them.
    plain = _run(
        "import keras, tensorflow as tf; tf.config.list_physical_devices()"
    )
    assert _noise(plain.stderr)
    started = _run(
        "import lcdnet.models, keras; keras.ops.zeros(()); "
        "import sys; print('kept', file=sys.stderr)"
    )
    assert _noise(started.stderr) == []
    assert started.stderr.strip() == "kept"


def test_the_startup_filter_passes_other_lines_on():
    code = """
import os
from lcdnet._backend import _startup_lines_filtered
with _startup_lines_filtered():
    os.write(2, b"I0000 00:00:17.5   12 port.cc:153] oneDNN custom\\n")
    os.write(2, b"a real warning\\n")
"""
    assert _run(code).stderr == "a real warning\n"


def _execute(cells, folder):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in cells]
    )
    nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return json.loads(nbformat.writes(notebook))


def test_a_notebook_set_up_by_lcdnet_shows_no_tensorflow_lines(tmp_path):
    import notebook_setup

    import lcdnet

    executed = _execute(
        [
            notebook_setup.first_cell(lcdnet.__version__),
            "import keras\nprint(keras.ops.zeros(()).shape)",
        ],
        tmp_path,
    )
    assert notebook_checks.tensorflow_noise(executed) == []
    assert "".join(executed["cells"][1]["outputs"][0]["text"]) == "()\n"
