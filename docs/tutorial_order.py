"""The tutorials' reading order, written once for the index, gallery and links.

Each track is a list of pages: the tutorials by file name (without
``.py``) in their gallery folder, and the reads, written as ``/docname``.
sphinx-gallery sorts the folders (:data:`SUBSECTIONS`) and the scripts in
each (:class:`ReadingOrderSortKey`) by it; :func:`arrange_gallery`
puts each read in its place in the generated gallery page, as a card and
in its toctree, so that Sphinx's previous/next links follow the same
order; and ``docs/test_reading_order.py`` checks that the index lists the
pages in that order and that the built pages link them so.
"""

import json
import math
import re
import zipfile
from pathlib import Path

#: The gallery's folders under ``examples/``, in reading order, each with
#: its pages in reading order.
READING_ORDER = {
    "digits": (
        "perfect_digits",
        "inexact_data",
        "/tank-story",
        "deep_network",
    ),
    "further": (
        "reproducing_the_series",
        "learning_curves",
        "held_out_positions",
        "corruptions",
        "runnable_tank_story",
    ),
    "xnor": (
        "xnor_by_hand",
        "training_xnor",
        "using_the_model",
        "xnor_seed_lottery",
    ),
}

#: sphinx-gallery's ``subsection_order``: the folders, relative to conf.py.
SUBSECTIONS = [f"../examples/{folder}" for folder in READING_ORDER]

#: What a read's card in the gallery shows: its title, its tooltip and a
#: thumbnail (a read has no script, so it borrows the one of the tutorial
#: that runs it).
READS = {
    "/tank-story": (
        "The tank story",
        "A read, no code: a famous cautionary tale about a model that "
        "learned the weather instead of tanks, whether it happened, and "
        "the documented cases of the same shortcut.",
        "/auto_examples/further/images/thumb/"
        "sphx_glr_runnable_tank_story_thumb.png",
    ),
}


#: Each page's level: what a reader should know before it.
LEVELS = {
    "digits": "beginner (Python and a little NumPy; no machine learning)",
    "further": "going further (assumes the digit track above)",
    "xnor": "beginner (Python and a little NumPy; no machine learning)",
}
LEVEL_OF_PAGE = {
    "xnor_seed_lottery": "going further (assumes the three XNOR tutorials)",
}

#: Words a reader reads per minute, for the reading time of a page.
WORDS_PER_MINUTE = 150


def reading_minutes(text):
    """Minutes to read ``text`` at :data:`WORDS_PER_MINUTE`, rounded up to 5.

    Examples
    --------
    >>> reading_minutes("word " * 800)
    10
    """
    words = len(re.findall(r"[A-Za-z]+", text))
    return max(5, 5 * math.ceil(words / WORDS_PER_MINUTE / 5))


def _prose(script):
    """The text of a tutorial script: its docstring and comments, no code."""
    docstring = script.split('"""')[1] if script.startswith('"""') else ""
    comments = [
        line.lstrip()[1:]
        for line in script.splitlines()
        if line.lstrip().startswith("#")
    ]
    return docstring + "\n".join(comments)


def page_facts(folder, page, examples_dir, seconds=None):
    """The line each page starts with: its level and its time to read and run.

    Examples
    --------
    >>> examples = Path(__file__).resolve().parent.parent / "examples"
    >>> facts = page_facts("xnor", "xnor_by_hand", examples, 4.2)
    >>> facts.startswith("**Level:** beginner"), "ran in 4 s" in facts
    (True, True)
    """
    level = LEVEL_OF_PAGE.get(page, LEVELS[folder])
    if page.startswith("/"):
        text = (
            Path(examples_dir).parent / "docs" / f"{page[1:]}.rst"
        ).read_text(encoding="utf-8")
        return (
            f"**Level:** {level}. **Time:** about {reading_minutes(text)} "
            "minutes to read; no code to run."
        )
    script = (Path(examples_dir) / folder / f"{page}.py").read_text(
        encoding="utf-8"
    )
    run = (
        ""
        if seconds is None
        else f"; its code ran in {max(1, round(seconds))} s when this page "
        "was built (a downloaded notebook needs a few seconds more, to "
        "start Python and TensorFlow)"
    )
    return (
        f"**Level:** {level}. **Time:** about "
        f"{reading_minutes(_prose(script))} minutes to read{run}."
    )


def docnames():
    """Every page of the tutorials in reading order, as Sphinx docnames.

    Examples
    --------
    >>> pages = docnames()
    >>> pages[:4]  # doctest: +NORMALIZE_WHITESPACE
    ['auto_examples/digits/perfect_digits',
     'auto_examples/digits/inexact_data',
     'tank-story', 'auto_examples/digits/deep_network']
    >>> len(pages)
    13
    """
    return [
        page[1:] if page.startswith("/") else f"auto_examples/{folder}/{page}"
        for folder, pages in READING_ORDER.items()
        for page in pages
    ]


class ReadingOrderSortKey:
    """Sort key of sphinx-gallery's ``within_subsection_order``.

    A script missing from :data:`READING_ORDER` is an error: every new
    tutorial must be given its place.

    Examples
    --------
    >>> key = ReadingOrderSortKey("../examples/digits")
    >>> sorted(["deep_network.py", "perfect_digits.py"], key=key)
    ['perfect_digits.py', 'deep_network.py']
    >>> key("new_page.py")
    Traceback (most recent call last):
    ...
    ValueError: examples/digits/new_page.py has no place in \
tutorial_order.READING_ORDER
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir
        self.folder = Path(src_dir).name

    def __call__(self, filename):
        pages = READING_ORDER.get(self.folder, ())
        name = Path(filename).stem
        if name not in pages:
            raise ValueError(
                f"examples/{self.folder}/{filename} has no place in "
                f"tutorial_order.READING_ORDER"
            )
        return pages.index(name)

    def __repr__(self):
        return f"<{type(self).__name__}>"


_CARD = """
.. raw:: html

    <div class="sphx-glr-thumbcontainer lcdnet-read" data-read="{docname}" \
tooltip="{tooltip}">

.. only:: html

  .. image:: {thumbnail}
    :alt:

  :doc:`{docname}`

.. raw:: html

      <div class="sphx-glr-thumbnail-title">{title} (a read)</div>
    </div>

"""


def add_reads(index_text, folder, *, in_toctree=True):
    """A generated gallery page with each read of ``folder`` put in its place.

    The read's card goes after the card of the page before it, and, on the
    folder's own page (``in_toctree``), the read itself after that page in
    the hidden toctree. The gallery's top page shows every folder's cards
    but lists only the folders in its toctree: there ``in_toctree=False``.

    Examples
    --------
    >>> page = (".. raw:: html\\n\\n"
    ...         "    <div class=\\"sphx-glr-thumbcontainer\\">\\n"
    ...         "\\n  :doc:`/auto_examples/digits/inexact_data`\\n\\n"
    ...         ".. raw:: html\\n\\n    </div>\\n\\n"
    ...         ".. toctree::\\n   :hidden:\\n\\n"
    ...         "   /auto_examples/digits/inexact_data\\n"
    ...         "   /auto_examples/digits/deep_network\\n")
    >>> new = add_reads(page, "digits")
    >>> new.split(".. toctree::")[1].split()[1:4]
    ['/auto_examples/digits/inexact_data', '/tank-story', \
'/auto_examples/digits/deep_network']
    >>> new.count("(a read)"), add_reads(new, "digits") == new
    (1, True)
    """
    pages = READING_ORDER[folder]
    for position, page in enumerate(pages):
        if not page.startswith("/"):
            continue
        if f'data-read="{page}"' in index_text:
            continue  # placed already
        before = f"/auto_examples/{folder}/{pages[position - 1]}"
        title, tooltip, thumbnail = READS[page]
        card = _CARD.format(
            tooltip=tooltip, docname=page, title=title, thumbnail=thumbnail
        )
        link = re.search(
            rf"^  :doc:`{re.escape(before)}`\n.*?^    </div>\n",
            index_text,
            flags=re.M | re.S,
        )
        entry = f"   {before}\n"
        if link is None or (in_toctree and entry not in index_text):
            raise ValueError(f"the gallery page of {folder!r} has no {before}")
        index_text = index_text[: link.end()] + card + index_text[link.end() :]
        if in_toctree:
            index_text = index_text.replace(entry, f"{entry}   {page}\n", 1)
    return index_text


def add_facts(page_text, facts):
    r"""A generated tutorial page with ``facts`` under its title.

    Examples
    --------
    >>> page = ".. _label:\n\n\nTitle\n=====\n\nText.\n"
    >>> new = add_facts(page, "**Level:** beginner.")
    >>> new.split("\n")[5:9]
    ['', '.. rst-class:: lcdnet-page-facts', '', '**Level:** beginner.']
    >>> add_facts(new, "**Level:** beginner.") == new
    True
    """
    block = f"\n.. rst-class:: lcdnet-page-facts\n\n{facts}\n"
    # A page sphinx-gallery did not write again (its script is unchanged)
    # has its facts already: they are replaced, not repeated.
    page_text = re.sub(
        r"\n\.\. rst-class:: lcdnet-page-facts\n\n[^\n]*\n", "", page_text
    )
    title = re.search(r"^\S[^\n]*\n=+\n", page_text, flags=re.M)
    if title is None:
        raise ValueError("the generated page has no title")
    return page_text[: title.end()] + block + page_text[title.end() :]


def add_facts_to_notebook(notebook, facts):
    """A notebook (as its JSON dict) with ``facts`` in a cell after its title.

    The facts are Markdown as written (bold and plain text). The title is
    the first Markdown cell; the set-up code cell before it stays first.

    Examples
    --------
    >>> notebook = {"cells": [
    ...     {"cell_type": "code", "source": ["setup"]},
    ...     {"cell_type": "markdown", "source": ["# Title"]},
    ... ]}
    >>> once = add_facts_to_notebook(notebook, "**Level:** a.")
    >>> [cell["source"] for cell in once["cells"]]
    [['setup'], ['# Title'], ['**Level:** a.']]
    >>> add_facts_to_notebook(once, "**Level:** a.") == once
    True
    """
    cells = [
        cell
        for cell in notebook["cells"]
        if not "".join(cell["source"]).startswith("**Level:**")
    ]
    title = next(
        index
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "markdown"
    )
    cells.insert(
        title + 1, {"cell_type": "markdown", "metadata": {}, "source": [facts]}
    )
    notebook["cells"] = cells
    return notebook


def _replace_in_zips(folder, files):
    """Rewrite each zip under ``folder`` holding one of ``files`` (by name)."""
    by_name = {path.name: path for path in files}
    for archive_path in Path(folder).rglob("*.zip"):
        with zipfile.ZipFile(archive_path) as archive:
            members = [
                (info, archive.read(info)) for info in archive.infolist()
            ]
        if not any(Path(info.filename).name in by_name for info, _ in members):
            continue
        with zipfile.ZipFile(
            archive_path, "w", zipfile.ZIP_DEFLATED
        ) as archive:
            for info, data in members:
                name = Path(info.filename).name
                archive.writestr(
                    info,
                    by_name[name].read_bytes() if name in by_name else data,
                )


def arrange_gallery(app):
    """Sphinx ``builder-inited`` handler, run after sphinx-gallery's.

    Puts the reads in their place in the gallery pages, and each
    tutorial's level and times under its title, on its page and in its
    notebook (and in the zips of notebooks).
    """
    gallery = Path(app.srcdir) / "auto_examples"
    examples = Path(app.srcdir).parent / "examples"
    notebooks = []
    top = gallery / "index.rst"
    for folder, pages in READING_ORDER.items():
        if any(page.startswith("/") for page in pages):
            index = gallery / folder / "index.rst"
            index.write_text(
                add_reads(index.read_text(encoding="utf-8"), folder),
                encoding="utf-8",
            )
            top.write_text(
                add_reads(
                    top.read_text(encoding="utf-8"), folder, in_toctree=False
                ),
                encoding="utf-8",
            )
        for page in pages:
            if page.startswith("/"):
                continue
            cost = gallery / folder / f"{page}.cost.json"
            seconds = (
                json.loads(cost.read_text())["time"]
                if cost.is_file()
                else None
            )
            facts = page_facts(folder, page, examples, seconds)
            generated = gallery / folder / f"{page}.rst"
            generated.write_text(
                add_facts(generated.read_text(encoding="utf-8"), facts),
                encoding="utf-8",
            )
            notebook = gallery / folder / f"{page}.ipynb"
            notebook.write_text(
                json.dumps(
                    add_facts_to_notebook(
                        json.loads(notebook.read_text(encoding="utf-8")), facts
                    ),
                    indent=2,
                ),
                encoding="utf-8",
            )
            notebooks.append(notebook)
    _replace_in_zips(gallery, notebooks)
