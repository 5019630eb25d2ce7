"""Sphinx extension: the page chrome the theme and sphinx-gallery lack.

* **Figures open full size.** sphinx-gallery writes each figure as a bare
  ``<img>`` (its ``image-sg`` node), shown shrunk to the column. Every such
  figure is wrapped in a link to its largest image file, so that a click, or
  Enter on the focused link, opens it at full size. The link's name is the
  figure's alt text; its class is ``lcdnet-figure-link`` (styled in
  ``_static/lcdnet.css``).
* **The track's pages beside a tutorial.** ``lcdnet_track_pages(html)``,
  offered to the templates (``_templates/track-nav.html``), cuts the theme's
  navigation down to the reader's track, without the theme's icon-only
  ``<summary>`` toggles.

Importing this module needs nothing beyond the standard library.
"""

import posixpath

#: The class of the link around each gallery figure, and of its paragraph.
FIGURE_LINK_CLASS = "lcdnet-figure-link"
FIGURE_CLASS = "lcdnet-figure"
#: What the link does, as its tooltip.
FIGURE_LINK_TITLE = "Open the full-size figure"


def largest_image(srcset):
    """The file of the highest density in a sphinx-gallery ``srcset`` option.

    >>> largest_image("/a/images/f_001.png, /a/images/f_001_2_00x.png 2.00x")
    '/a/images/f_001_2_00x.png'
    >>> largest_image("/a/images/f_001.png")
    '/a/images/f_001.png'
    """
    best_density, best_path = -1.0, None
    for entry in srcset.split(","):
        path, _, density = entry.strip().partition(" ")
        value = float(density.strip().rstrip("x")) if density.strip() else 1.0
        if value > best_density:
            best_density, best_path = value, path
    return best_path


def link_gallery_figures(app, doctree, docname):
    """Wrap each gallery figure of ``docname`` in a link to its full size.

    The link sits in a paragraph of class ``lcdnet-figure``: docutils writes
    a link outside running text only around its own image nodes.
    """
    if app.builder.format != "html":
        return
    from docutils import nodes
    from sphinx_gallery.directives import imgsgnode

    page_dir = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    for image in list(doctree.findall(imgsgnode)):
        if isinstance(image.parent, nodes.reference):
            continue
        srcset = image["srcset"]
        source = largest_image(srcset) if srcset else image["uri"]
        # sphinx-gallery copies each file of a srcset to _images/, same name.
        name = posixpath.basename(source)
        target = posixpath.join(app.builder.imagedir, name)
        link = nodes.reference(
            "",
            "",
            internal=True,
            refuri=posixpath.relpath(target, page_dir),
            reftitle=FIGURE_LINK_TITLE,
            classes=[FIGURE_LINK_CLASS],
        )
        paragraph = nodes.paragraph("", "", link, classes=[FIGURE_CLASS])
        image.replace_self(paragraph)
        link.append(image)


def track_pages(html):
    """The theme's navigation ``html``, cut to the reader's track, unfolded.

    The theme nests each track's pages in ``<details>`` under a ``<summary>``
    that shows only an icon, which axe reports (summary-name, serious). Here
    the current track's pages stay, unfolded; the other tracks keep only
    the link to their first page.
    """
    from bs4 import BeautifulSoup
    from markupsafe import Markup

    soup = BeautifulSoup(str(html), "html.parser")
    for details in soup.select("li > details"):
        if "current" in details.parent.get("class", []):
            details.summary.decompose()
            details.unwrap()
        else:
            details.decompose()
    for item in soup.select("li.has-children"):
        if not item.find("ul"):
            item["class"].remove("has-children")
    return Markup(str(soup))


def _add_template_helpers(app, pagename, templatename, context, doctree):
    context["lcdnet_track_pages"] = track_pages


def setup(app):
    app.connect("doctree-resolved", link_gallery_figures)
    app.connect("html-page-context", _add_template_helpers)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
