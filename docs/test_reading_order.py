"""The index, the gallery and the previous/next links give one reading order.

The order is written once, in ``tutorial_order.READING_ORDER``. The index
page is checked against it from its source; the built pages (the gallery's
cards and every page's "next" link) when ``LCDNET_DOCS_HTML`` names a built
documentation, as ``.ci/run`` does after the build.
"""

import os
import re
from pathlib import Path

import pytest
from tutorial_order import READING_ORDER, add_reads, docnames

DOCS = Path(__file__).resolve().parent
HTML = os.environ.get("LCDNET_DOCS_HTML")
needs_build = pytest.mark.skipif(
    not HTML, reason="set LCDNET_DOCS_HTML to a built docs"
)


def index_order(index_text):
    """The pages the index's track cards list, in the order they list them."""
    cards = index_text[
        index_text.index(".. grid::") : index_text.index(".. toctree::")
    ]
    return re.findall(r"^ +\d+\. :doc:`([^`]+)`", cards, flags=re.M)


def test_the_index_lists_every_page_in_reading_order():
    assert (
        index_order((DOCS / "index.rst").read_text(encoding="utf-8"))
        == docnames()
    )


def test_a_page_out_of_order_on_the_index_is_caught():
    lines = (DOCS / "index.rst").read_text(encoding="utf-8").splitlines()
    second = next(
        i for i, line in enumerate(lines) if "digits/inexact_data`" in line
    )
    lines[second], lines[second + 1] = lines[second + 1], lines[second]
    assert index_order("\n".join(lines)) != docnames()


def test_a_read_missing_from_its_gallery_page_is_an_error():
    with pytest.raises(ValueError, match="inexact_data"):
        add_reads(
            ".. toctree::\n   :hidden:\n\n"
            "   /auto_examples/digits/deep_network\n",
            "digits",
        )


def _next_link(page):
    html = (Path(HTML) / f"{page}.html").read_text(encoding="utf-8")
    match = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
    if match is None:
        return None
    target = (Path(HTML) / page).parent / match.group(1)
    return os.path.relpath(target, HTML).removesuffix(".html")


@needs_build
def test_each_page_links_to_the_next_in_reading_order():
    # Between two folders of the gallery, "next" passes the folder's own page.
    pages = []
    for position, (folder, entries) in enumerate(READING_ORDER.items()):
        if position:
            pages.append(f"auto_examples/{folder}/index")
        pages += [
            entry[1:]
            if entry.startswith("/")
            else f"auto_examples/{folder}/{entry}"
            for entry in entries
        ]
    assert [_next_link(page) for page in pages[:-1]] == pages[1:]


@needs_build
def test_each_gallery_page_shows_its_cards_in_reading_order():
    def cards(page):
        html = (Path(HTML) / page).read_text(encoding="utf-8")
        found = re.findall(
            r'sphx-glr-thumbcontainer.*?href="([^"#]+)\.html"',
            html,
            flags=re.S,
        )
        return [
            os.path.relpath((Path(HTML) / page).parent / link, HTML)
            for link in found
        ]

    for folder in READING_ORDER:
        expected = [
            page
            for page in docnames()
            if page.startswith(f"auto_examples/{folder}/")
            or folder == "digits"
            and page == "tank-story"
        ]
        assert cards(f"auto_examples/{folder}/index.html") == expected, folder
    assert cards("auto_examples/index.html") == docnames()
