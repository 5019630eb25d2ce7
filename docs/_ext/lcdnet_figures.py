"""Sphinx extension: every tutorial figure says what it shows, and how big its
text is.

* **Alternative text.** :func:`scrape`, the gallery's image scraper, is
  sphinx-gallery's matplotlib scraper with one change: each figure's
  ``alt`` text is the description that
  :func:`lcdnet.plotting.accessibility.alt_text` holds for it (lcdnet's
  figure helpers write one; a tutorial describes a figure it puts
  together with :func:`~lcdnet.plotting.accessibility.set_alt_text`),
  not the figure's titles or its file name. A figure without a description
  stops the example with an error that says so.
* **Text sizes.** For each figure it writes, beside the image, a record of
  the smallest text drawn (in points), the figure's size in inches and the
  resolution it was saved at (``<image>.json``). At the end of an HTML
  build the records of the build's figures are gathered into
  ``_images/lcdnet-figure-text.json``, which ``tests/test_pages_figures.py``
  reads to compute each figure's smallest text as the reader sees it.

Figures are saved at 100 dpi and, for high-density screens, at 200
(``image_srcset`` in ``conf.py``).
"""

import json
import pathlib
import re

#: The file, in the build's ``_images`` folder, of every figure's record.
RECORDS_NAME = "lcdnet-figure-text.json"
#: The records beside the images, under the source folder's gallery.
RECORD_SUFFIX = ".json"

_IMAGE_LINE = re.compile(r"^\s*\.\. image-sg:: /(\S+)\s*$", re.M)
_ALT_LINE = re.compile(r"^(\s*):alt: .*$", re.M)


def drawn_texts(figure):
    """The Text artists that drawing ``figure`` draws, each once, in order.

    The figure is drawn (laid out, rendered) with a renderer that notes
    every text it is asked to draw: what is hidden, empty, or outside its
    Axes' view (the labels of ticks beyond the limits) is not drawn.
    """
    renderer = figure.canvas.get_renderer()
    drawn = {}
    draw_text = renderer.draw_text

    def noting(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            drawn.setdefault(id(mtext), mtext)
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = noting
    try:
        figure.draw(renderer)
    finally:
        del renderer.draw_text
    return list(drawn.values())


def layout_problems(figure, texts=None):
    """Text a reader cannot read whole: cut by the figure's edge, or drawn
    over another text or over an Axes it does not belong to (a title over
    a colour bar). A list of sentences, empty when there is none.
    """
    from matplotlib.text import Text
    from mpl_toolkits.mplot3d.art3d import Text3D

    texts = drawn_texts(figure) if texts is None else texts
    # A text placed in 3-D moves to its projected place only while it is
    # drawn, so its extent cannot be read afterwards: left out here.
    texts = [text for text in texts if not isinstance(text, Text3D)]
    renderer = figure.canvas.get_renderer()
    # The Axes each text is part of (a 3-D Axes does not mark its tick
    # labels as its own): None for the figure's own texts.
    owner = {
        id(text): ax for ax in figure.get_axes() for text in ax.findobj(Text)
    }
    boxes = [_shrunk(text.get_window_extent(renderer)) for text in texts]
    axes = [
        (ax, _shrunk(ax.get_window_extent(renderer)))
        for ax in figure.get_axes()
        if ax.get_visible()
    ]
    problems = []
    for index, (text, box) in enumerate(zip(texts, boxes, strict=True)):
        if not _inside(box, figure.bbox):
            problems.append(f"{text.get_text()!r} is cut by the figure's edge")
        for other, other_box in zip(
            texts[index + 1 :], boxes[index + 1 :], strict=True
        ):
            if box.overlaps(other_box):
                problems.append(
                    f"{text.get_text()!r} overlaps {other.get_text()!r}"
                )
        for ax, ax_box in axes:
            if ax is not owner.get(id(text)) and box.overlaps(ax_box):
                problems.append(
                    f"{text.get_text()!r} overlaps the Axes "
                    f"{ax.get_label() or ax.get_title()!r}"
                )
    return problems


def _shrunk(box, pixels=1.0):
    """``box`` less ``pixels`` on each side: touching is not overlapping."""
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(
        box.x0 + pixels, box.y0 + pixels, box.x1 - pixels, box.y1 - pixels
    )


def _inside(box, outer):
    return (
        box.x0 >= outer.x0
        and box.y0 >= outer.y0
        and box.x1 <= outer.x1
        and box.y1 <= outer.y1
    )


def text_record(figure):
    """The smallest text of ``figure``, its size and its layout problems.

    Returns a dict: ``smallest_points`` (font size), ``smallest_text`` (that
    text), ``width_inches``, ``height_inches``, ``dpi`` (of the saved 1x
    image) and ``problems`` (:func:`layout_problems`).
    """
    import matplotlib

    texts = drawn_texts(figure)
    smallest = min(texts, key=lambda text: text.get_fontsize(), default=None)
    dpi = matplotlib.rcParams["savefig.dpi"]
    width, height = figure.get_size_inches()
    return {
        "smallest_points": (
            None if smallest is None else smallest.get_fontsize()
        ),
        "smallest_text": None if smallest is None else smallest.get_text(),
        "width_inches": float(width),
        "height_inches": float(height),
        "dpi": float(figure.dpi if dpi == "figure" else dpi),
        "problems": layout_problems(figure, texts),
    }


def scrape(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's matplotlib scraper, with real alt text and records.

    Raises
    ------
    ValueError
        If a figure of the block has no description
        (:func:`lcdnet.plotting.accessibility.set_alt_text`).
    """
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    from lcdnet.plotting.accessibility import alt_text

    figures = [plt.figure(number) for number in plt.get_fignums()]
    texts = [alt_text(figure) for figure in figures]
    for figure, text in zip(figures, texts, strict=True):
        if text is None:
            plt.close("all")
            raise ValueError(
                f"{block_vars['src_file']}: figure {figure.number} has no "
                "alternative text; describe what it shows with "
                "lcdnet.plotting.accessibility.set_alt_text(figure, ...)"
            )
    records = [text_record(figure) for figure in figures]
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    images = _IMAGE_LINE.findall(rst)
    if len(images) != len(figures) or len(_ALT_LINE.findall(rst)) != len(
        figures
    ):
        raise RuntimeError(
            f"the scraper wrote {len(images)} images for "
            f"{len(figures)} figures:\n{rst}"
        )
    source = pathlib.Path(gallery_conf["src_dir"])
    for image, record in zip(images, records, strict=True):
        path = (source / image).with_suffix(RECORD_SUFFIX)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    alts = iter(texts)
    return _ALT_LINE.sub(
        lambda match: f"{match.group(1)}:alt: {_one_line(next(alts))}", rst
    )


def _one_line(text):
    """``text`` as a reST option value: one line, no backslash escapes."""
    return " ".join(text.replace("\\", "/").split())


def gather_records(app, exception):
    """Write the records of the build's figures into ``_images``."""
    if exception is not None or app.builder.format != "html":
        return
    images = pathlib.Path(app.outdir) / "_images"
    if not images.is_dir():
        return
    sidecars = {
        path.with_suffix(".png").name: path
        for path in pathlib.Path(app.srcdir).glob(
            f"auto_examples/**/images/*{RECORD_SUFFIX}"
        )
    }
    records = {
        name: json.loads(sidecars[name].read_text(encoding="utf-8"))
        for name in sorted(path.name for path in images.glob("*.png"))
        if name in sidecars
    }
    (images / RECORDS_NAME).write_text(
        json.dumps(records, indent=1) + "\n", encoding="utf-8"
    )


def setup(app):
    app.connect("build-finished", gather_records)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
