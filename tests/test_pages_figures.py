"""The tutorials' figures read at 1280 px (issue 16).

* Every figure's smallest text shows on screen at no less than 80% of the
  body text's size: computed from the text's size in points, recorded when
  the figure was saved (``docs/_ext/lcdnet_figures.py``), the resolution
  and pixel width of the saved image, and the width Chromium shows it at.
* No text of a figure is cut by its edge or drawn over another text or
  over an Axes it does not belong to (recorded the same way).
* Every figure's alt text says what it shows: a sentence, not the titles
  of its panels or its file name, which sphinx-gallery would put there.

The tests of planted violations need no build (Chromium for the sizes);
the others test the build named by ``LCDNET_DOCS_HTML`` (``tests/pages.py``).
"""

import importlib.util
import json
import pathlib
import re
import urllib.parse

import matplotlib.image
import matplotlib.pyplot as plt
import pytest

from tests.browser import chromium, open_page
from tests.pages import built_docs, page_params, tutorial_pages

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: The smallest text of a figure, as a share of the body text, on screen.
SMALLEST_SHARE = 0.8
#: An alt text that describes: a sentence of at least this many words.
SENTENCE_WORDS = 6

#: The body text's size and each gallery figure: [src, shown width, alt].
FIGURES = """
const paragraph = document.querySelector('.bd-article p');
const figures = document.querySelectorAll(
  '.bd-article img.sphx-glr-single-img, .bd-article img.sphx-glr-multi-img');
return {
  body: parseFloat(getComputedStyle(paragraph).fontSize),
  figures: [...figures].map((img) => [
    img.getAttribute('src'), img.getBoundingClientRect().width, img.alt]),
};
"""


def load_figures_extension():
    """docs/_ext/lcdnet_figures.py as a module (it imports no Sphinx)."""
    path = ROOT / "docs" / "_ext" / "lcdnet_figures.py"
    spec = importlib.util.spec_from_file_location("lcdnet_figures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


figures_extension = load_figures_extension()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory) as driver:
        yield driver


def shown_sizes(driver, page, records):
    """(image name, smallest text in px as shown, body text in px) per figure.

    ``records`` maps an image's file name to its record (smallest text in
    points, saving resolution); the image file is read for its width.
    """
    open_page(driver, page)
    measured = driver.execute_script(FIGURES)
    sizes = []
    for src, shown_width, _ in measured["figures"]:
        image = (page.parent / urllib.parse.unquote(src)).resolve()
        record = records[image.name]
        if record["smallest_points"] is None:
            continue  # a figure without text
        saved_width = matplotlib.image.imread(image).shape[1]
        pixels = (
            record["smallest_points"]
            / 72
            * record["dpi"]
            * shown_width
            / saved_width
        )
        sizes.append((image.name, pixels, measured["body"]))
    return sizes


def too_small(sizes):
    return [
        (name, round(pixels, 1), body)
        for name, pixels, body in sizes
        if pixels < SMALLEST_SHARE * body
    ]


def generated_alt(alt, src):
    """Why ``alt`` looks generated rather than written, or None."""
    stem = pathlib.PurePosixPath(src).stem
    from_name = re.sub(r"[-_]", " ", stem[len("sphx_glr_") : -len("_000")])
    if alt.strip() == from_name.strip():
        return "it is the file name"
    if len(alt.split()) < SENTENCE_WORDS or not alt.rstrip().endswith("."):
        return "it is no sentence (titles joined by commas?)"
    return None


# ------------------------------------------------------- planted violations


def save_figure(folder, name, fontsize):
    """A figure with text of ``fontsize`` points, saved as sphinx-gallery
    saves it, and its record."""
    figure, ax = plt.subplots(figsize=(7.7, 2.0))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=fontsize)
    ax.set_title("a title", fontsize=fontsize)
    record = figures_extension.text_record(figure)
    figure.savefig(folder / name, dpi=record["dpi"])
    plt.close(figure)
    return record


def test_the_size_check_finds_text_too_small_on_screen(browser, tmp_path):
    records = {
        name: save_figure(tmp_path, name, size)
        for name, size in (("big.png", 10), ("small.png", 8))
    }
    page = tmp_path / "planted.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>planted</title><style>p { font-size: 16px; }</style></head>"
        '<body><article class="bd-article"><p>Body text.</p>'
        '<img class="sphx-glr-single-img" src="big.png" alt="big">'
        '<img class="sphx-glr-single-img" src="small.png" alt="small">'
        # The same figure shown at half its width: its text halves too.
        '<img class="sphx-glr-single-img" src="big.png" alt="shrunk" '
        'style="width: 385px"></article></body></html>',
        encoding="utf-8",
    )
    sizes = shown_sizes(browser, page, records)
    assert [round(pixels, 1) for _, pixels, _ in sizes] == [13.9, 11.1, 6.9]
    assert [name for name, *_ in too_small(sizes)] == ["small.png", "big.png"]


def test_the_alt_check_finds_titles_and_file_names():
    src = "../../_images/sphx_glr_xnor_seed_lottery_001.png"
    assert generated_alt("xnor seed lottery", src) == "it is the file name"
    for alt in (
        "0, 1, 2, 3, 4, 5, 6, 7, 8, 9",
        "XNOR with hand-set weights",
        "2-2-1 network",
        "",
    ):
        assert generated_alt(alt, src), alt
    assert (
        generated_alt(
            "Ten pictures of digits, each titled with its digit.", src
        )
        is None
    )


def test_the_layout_check_finds_a_title_over_a_colour_bar_and_a_cut_one():
    figure, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    image = ax.imshow([[0, 1], [1, 0]])
    figure.colorbar(image)
    ax.set_title("fits")
    assert figures_extension.layout_problems(figure) == []
    ax.set_title(
        "a title far too long for this small figure, cut at its edges"
    )
    assert (
        "cut by the figure's edge"
        in figures_extension.layout_problems(figure)[0]
    )
    ax.set_title("over the bar", x=1.1, y=0.5)
    problems = figures_extension.layout_problems(figure)
    assert any("'over the bar' overlaps" in problem for problem in problems)
    plt.close(figure)


def test_a_figure_without_alt_text_stops_the_example(tmp_path):
    figure = plt.figure()
    block_vars = {
        "src_file": "example.py",
        "image_path_iterator": iter(
            [str(tmp_path / "sphx_glr_example_001.png")]
        ),
    }
    with pytest.raises(ValueError, match="figure 1 has no alternative text"):
        figures_extension.scrape(None, block_vars, {})
    assert not plt.fignum_exists(figure.number)


def test_the_scraper_writes_the_alt_text_and_the_record(tmp_path):
    from lcdnet.plotting.accessibility import set_alt_text

    figure, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("the title, which is no description")
    set_alt_text(figure, "A blank chart: no line, no point.")
    (tmp_path / "images").mkdir()
    image = tmp_path / "images" / "sphx_glr_example_001.png"
    rst = figures_extension.scrape(
        None,
        {"src_file": "example.py", "image_path_iterator": iter([str(image)])},
        {
            "image_srcset": [2.0],
            "matplotlib_animations": (False, None),
            "compress_images": (),
            "src_dir": str(tmp_path),
        },
    )
    assert ":alt: A blank chart: no line, no point." in rst
    assert "the title" not in rst
    record = json.loads(image.with_suffix(".json").read_text())
    assert record["smallest_points"] == 10 and record["width_inches"] == 4
    assert (
        image.is_file()
        and image.with_name("sphx_glr_example_001_2_00x.png").is_file()
    )


# ------------------------------------------------------ the built tutorials


def _records(root):
    path = root / "_images" / figures_extension.RECORDS_NAME
    return json.loads(path.read_text(encoding="utf-8"))


def _pages_with_figures(root):
    return [
        page
        for page in tutorial_pages(root)
        if "sphx-glr-single-img" in (root / page).read_text("utf-8")
        or "sphx-glr-multi-img" in (root / page).read_text("utf-8")
    ]


@pytest.mark.parametrize("page", page_params(_pages_with_figures))
def test_every_figure_text_shows_at_80_percent_of_the_body_text(browser, page):
    root = built_docs()
    sizes = shown_sizes(browser, root / page, _records(root))
    assert sizes, page
    for name, pixels, body in sizes:
        print(
            f"{name}: smallest text {pixels:.1f} px on screen, body "
            f"{body:.0f} px ({pixels / body:.0%})"
        )
    assert too_small(sizes) == []


@pytest.mark.parametrize("page", page_params(_pages_with_figures))
def test_no_figure_text_is_cut_or_drawn_over_another(page):
    from bs4 import BeautifulSoup

    root = built_docs()
    records = _records(root)
    soup = BeautifulSoup((root / page).read_text("utf-8"), "html.parser")
    images = soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    problems = {}
    for img in images:
        name = pathlib.PurePosixPath(img["src"]).name
        if records[name]["problems"]:
            problems[name] = records[name]["problems"]
    assert images and problems == {}


@pytest.mark.parametrize("page", page_params(_pages_with_figures))
def test_every_figure_alt_text_is_written_not_generated(page):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        (built_docs() / page).read_text("utf-8"), "html.parser"
    )
    images = soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    generated = {
        img["src"]: (
            img.get("alt", ""),
            generated_alt(img.get("alt", ""), img["src"]),
        )
        for img in images
    }
    assert (
        images and {src: why for src, why in generated.items() if why[1]} == {}
    )
