"""The tutorials' reading order, written once for the index, gallery and links.

Each track is a list of pages: the tutorials by file name (without
``.py``) in their gallery folder, and the reads, written as ``/docname``.
sphinx-gallery sorts the folders (:data:`SUBSECTIONS`) and the scripts in
each (:class:`ReadingOrderSortKey`) by it; :func:`add_reads_to_gallery`
puts each read in its place in the generated gallery page, as a card and
in its toctree, so that Sphinx's previous/next links follow the same
order; and ``docs/test_reading_order.py`` checks that the index lists the
pages in that order and that the built pages link them so.
"""

import re
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
        "/auto_examples/further/images/thumb/sphx_glr_runnable_tank_story_thumb.png",
    ),
}


def docnames():
    """Every page of the tutorials in reading order, as Sphinx docnames.

    Examples
    --------
    >>> pages = docnames()
    >>> pages[:4]  # doctest: +NORMALIZE_WHITESPACE
    ['auto_examples/digits/perfect_digits', 'auto_examples/digits/inexact_data',
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
    ValueError: examples/digits/new_page.py has no place in tutorial_order.READING_ORDER
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir
        self.folder = Path(src_dir).name

    def __call__(self, filename):
        pages = READING_ORDER.get(self.folder, ())
        name = Path(filename).stem
        if name not in pages:
            raise ValueError(f"examples/{self.folder}/{filename} has no place in "
                             f"tutorial_order.READING_ORDER")
        return pages.index(name)

    def __repr__(self):
        return f"<{type(self).__name__}>"


_CARD = """
.. raw:: html

    <div class="sphx-glr-thumbcontainer lcdnet-read" tooltip="{tooltip}">

.. only:: html

  .. image:: {thumbnail}
    :alt:

  :doc:`{docname}`

.. raw:: html

      <div class="sphx-glr-thumbnail-title">{title} (a read)</div>
    </div>

"""


def add_reads(index_text, folder):
    """A generated gallery page with each read of ``folder`` put in its place.

    The read's card goes after the card of the page before it, and the read
    itself after that page in the hidden toctree.

    Examples
    --------
    >>> page = (".. raw:: html\\n\\n    <div class=\\"sphx-glr-thumbcontainer\\">\\n"
    ...         "\\n  :doc:`/auto_examples/digits/inexact_data`\\n\\n.. raw:: html\\n"
    ...         "\\n    </div>\\n\\n.. toctree::\\n   :hidden:\\n\\n"
    ...         "   /auto_examples/digits/inexact_data\\n"
    ...         "   /auto_examples/digits/deep_network\\n")
    >>> new = add_reads(page, "digits")
    >>> new.split(".. toctree::")[1].split()[1:]
    ['/auto_examples/digits/inexact_data', '/tank-story', '/auto_examples/digits/deep_network']
    >>> new.count("(a read)")
    1
    """
    pages = READING_ORDER[folder]
    for position, page in enumerate(pages):
        if not page.startswith("/"):
            continue
        before = f"/auto_examples/{folder}/{pages[position - 1]}"
        title, tooltip, thumbnail = READS[page]
        card = _CARD.format(tooltip=tooltip, docname=page, title=title,
                            thumbnail=thumbnail)
        link = re.search(rf"^  :doc:`{re.escape(before)}`\n.*?^    </div>\n",
                         index_text, flags=re.M | re.S)
        entry = f"   {before}\n"
        if link is None or entry not in index_text:
            raise ValueError(f"the gallery page of {folder!r} has no {before}")
        index_text = (index_text[:link.end()] + card + index_text[link.end():])
        index_text = index_text.replace(entry, f"{entry}   {page}\n", 1)
    return index_text


def add_reads_to_gallery(app):
    """Sphinx ``builder-inited`` handler, run after sphinx-gallery's."""
    gallery = Path(app.srcdir) / "auto_examples"
    for folder, pages in READING_ORDER.items():
        if any(page.startswith("/") for page in pages):
            index = gallery / folder / "index.rst"
            index.write_text(add_reads(index.read_text(encoding="utf-8"), folder),
                             encoding="utf-8")
