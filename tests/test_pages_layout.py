"""The built pages at 1280 px (issue 16): code fits, figures open full size.

A block "scrolls sideways" when its content is wider than its box: a box
(not an inline one) whose ``overflow-x`` is ``auto``, ``scroll``, ``hidden``
or ``clip`` and whose ``scrollWidth`` exceeds its ``clientWidth``: code,
printed output, a table's container, the article itself. Dropdowns are
opened first, so that the solutions' blocks are measured too.

The tests of planted violations run on synthetic pages and need only
Chromium; the others test the build named by ``LCDNET_DOCS_HTML``
(``tests/pages.py``). Chromium: see ``tests/browser.py``.
"""

import pathlib
import urllib.parse

import pytest

from tests.browser import PAGE_WIDTH, chromium, open_page
from tests.pages import built_docs, page_params, tutorial_pages

#: The team's one line length: ruff, tutorial code, printed output.
LINE_LENGTH = 79
#: What scrolls: code cells, printed output, anything else (a table, the
#: page itself).
KINDS = ("code", "output", "other")

#: Every block of the article that scrolls sideways:
#: [{kind, hidden (px), length and text of its longest line, where}].
SCROLLING_BLOCKS = """
const article = document.querySelector('.bd-article-container')
  || document.body;
for (const details of document.querySelectorAll('details')) {
  details.open = true;
}
const kindOf = (element) => {
  if (element.closest('.sphx-glr-script-out')) return 'output';
  if (element.closest('div.highlight') || element.matches('pre')) {
    return 'code';
  }
  return 'other';
};
const clipping = ['auto', 'scroll', 'hidden', 'clip'];
const found = [];
for (const element of [article, ...article.querySelectorAll('*')]) {
  const style = getComputedStyle(element);
  // Text-level boxes do not scroll a page's content (the theme clips inline
  // maths, whose italic letters can overhang their box by a pixel or two).
  if (style.display.startsWith('inline')) continue;
  if (!clipping.includes(style.overflowX)) continue;
  const hidden = element.scrollWidth - element.clientWidth;
  if (hidden <= 1) continue;  // sub-pixel rounding
  const lines = element.textContent.split('\\n');
  const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
  const section = element.closest('section');
  const heading = section && section.querySelector('h1, h2, h3, h4');
  found.push({
    kind: kindOf(element), hidden, length: longest.length,
    longest: longest.trim().slice(0, 90),
    where: heading ? heading.textContent.replace('#', '').trim() : '',
  });
}
return found;
"""

#: The article's width, and each code or output block's room in characters:
#: its width with a line far too long in it (some blocks shrink to their
#: content), less its padding, over the width of one character of its font.
MEASURE_COLUMN = """
for (const details of document.querySelectorAll('details')) {
  details.open = true;
}
const article = document.querySelector('.bd-article');
const blocks = [...article.querySelectorAll('pre')].map((pre) => {
  const style = getComputedStyle(pre);
  const content = pre.innerHTML;
  const probe = document.createElement('span');
  probe.textContent = 'M'.repeat(400);
  pre.replaceChildren(probe);
  const character = probe.getBoundingClientRect().width / 400;
  const room = pre.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  pre.innerHTML = content;
  return {
    room, character, characters: Math.floor(room / character + 1e-6),
    kind: pre.closest('.sphx-glr-script-out') ? 'output' : 'code',
    font: `${style.fontSize} ${style.fontFamily.split(',')[0]}`,
  };
});
return {article: article.getBoundingClientRect().width,
        window: window.innerWidth, blocks};
"""

#: Replaces the text of block ``arguments[0]`` by ``arguments[1]`` letters.
PLANT_LINE = """
const pre = [...document.querySelectorAll('.bd-article pre')][arguments[0]];
pre.textContent = 'M'.repeat(arguments[1]);
"""

#: The gallery figures that are not inside a link to an image file.
UNLINKED_FIGURES = """
const figures = document.querySelectorAll(
  '.bd-article img.sphx-glr-single-img, .bd-article img.sphx-glr-multi-img');
const link = ['png', 'svg', 'jpg']
  .map((type) => `a.lcdnet-figure-link[href$=".${type}"]`).join(', ');
return [...figures].filter((img) => !img.closest(link))
  .map((img) => img.getAttribute('src'));
"""

#: [href, the image's src, the link's tabIndex, the image's alt text].
FIGURE_LINKS = """
return [...document.querySelectorAll('a.lcdnet-figure-link')].map((a) => [
  a.href, a.querySelector('img').getAttribute('src'), a.tabIndex,
  a.querySelector('img').alt]);
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory) as driver:
        yield driver


def scrolling_blocks(driver, kind=None):
    blocks = driver.execute_script(SCROLLING_BLOCKS)
    return [block for block in blocks if kind in (None, block["kind"])]


def describe(blocks):
    return "; ".join(
        f"{b['kind']} in '{b['where']}' hides {b['hidden']} px "
        f"(line of {b['length']} characters: {b['longest']!r})"
        for b in blocks
    )


# ------------------------------------------------------- planted violations

SYNTHETIC_PAGE = """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>planted</title><style>
  body {{ margin: 0; font: 16px sans-serif; }}
  .bd-article-container {{ width: 720px; overflow-x: auto; }}
  pre {{ font: 14px monospace; padding: 16px; overflow-x: auto; }}
</style></head><body><main><div class="bd-article-container">
<article class="bd-article"><section><h1>Planted</h1>
<div class="highlight"><pre>{code}</pre></div>
<div class="sphx-glr-script-out"><div class="highlight"><pre>{output}</pre>
</div></div>
<details><summary>Solution</summary>
<div class="highlight"><pre>{hidden}</pre></div></details>
<p><a class="lcdnet-figure-link" href="figure.png">
<img class="sphx-glr-single-img" src="figure.png" alt="a linked figure"></a>
</p>
<img class="sphx-glr-single-img" src="bare.png" alt="a figure, no link">
</section></article></div></main></body></html>
"""


def write_synthetic_page(folder, code="x = 1", output="1", hidden="y = 2"):
    page = pathlib.Path(folder) / "planted.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    text = SYNTHETIC_PAGE.format(code=code, output=output, hidden=hidden)
    page.write_text(text, encoding="utf-8")
    return page


def test_the_check_finds_long_lines_in_code_output_and_a_closed_dropdown(
    browser, tmp_path
):
    open_page(browser, write_synthetic_page(tmp_path / "short"))
    assert scrolling_blocks(browser) == []
    line = "y" * 150
    open_page(
        browser,
        write_synthetic_page(
            tmp_path / "long", code=line, output=line, hidden=line
        ),
    )
    found = scrolling_blocks(browser)
    assert [block["kind"] for block in found] == ["code", "output", "code"]
    assert all(b["length"] == 150 and b["hidden"] > 100 for b in found)


def test_the_check_finds_a_page_that_scrolls_as_a_whole(browser, tmp_path):
    open_page(browser, write_synthetic_page(tmp_path))
    browser.execute_script(
        "document.querySelector('section').insertAdjacentHTML('beforeend',"
        " '<div style=\"width: 2000px\">wide</div>')"
    )
    assert [block["kind"] for block in scrolling_blocks(browser)] == ["other"]


def test_the_figure_check_finds_a_figure_without_a_link(browser, tmp_path):
    open_page(browser, write_synthetic_page(tmp_path))
    assert browser.execute_script(UNLINKED_FIGURES) == ["bare.png"]


def printed_lines_too_long(html):
    """The lines of a page's printed output longer than ``LINE_LENGTH``.

    Printed output is what sphinx-gallery captured from a cell: its
    standard output (``.sphx-glr-script-out``) and the HTML a cell's last
    value showed (a folded answer, ``.rendered_html``), whether or not
    its block is wide enough to show the line without scrolling.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.select(".sphx-glr-script-out pre, .rendered_html pre")
    return [
        line
        for block in blocks
        for line in block.get_text().split("\n")
        if len(line) > LINE_LENGTH
    ]


def test_the_width_check_finds_a_printed_line_of_80_characters():
    fits = SYNTHETIC_PAGE.format(
        code="x", output="y" * LINE_LENGTH, hidden="z"
    )
    assert printed_lines_too_long(fits) == []
    for output in ("y" * (LINE_LENGTH + 1), "short\n" + "y" * 100):
        page = SYNTHETIC_PAGE.format(code="x", output=output, hidden="z")
        assert [len(line) for line in printed_lines_too_long(page)] == [
            len(output.split("\n")[-1])
        ]
    answer = (
        '<div class="rendered_html"><details><summary>s</summary>'
        f"<pre>{'y' * 80}</pre></details></div>"
    )
    assert printed_lines_too_long(answer) == ["y" * 80]


def empty_code_blocks(html):
    """How many code blocks of a page's article show nothing.

    sphinx-gallery shows a cell that holds only a hidden block (between
    ``sphinx_gallery_start_ignore`` and ``..._end_ignore``) as an empty
    code block, and its notebook as an empty cell: the hidden checks
    belong at the end of the cell whose result they check.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return sum(
        not block.get_text().strip()
        for block in soup.select(".bd-article div.highlight pre")
    )


def test_the_empty_block_check_finds_a_cell_of_hidden_code_only():
    page = SYNTHETIC_PAGE.format(code="x = 1", output="1", hidden="y")
    assert empty_code_blocks(page) == 0
    planted = SYNTHETIC_PAGE.format(code="\n", output="1", hidden="y")
    assert empty_code_blocks(planted) == 1


# ------------------------------------------------------ the built tutorials


def _tutorials_by_kind(root):
    return [
        pytest.param(page, kind, id=f"{page}-{kind}")
        for page in tutorial_pages(root)
        for kind in KINDS
    ]


def _first_tutorial_with_a_figure(root):
    return [
        page
        for page in tutorial_pages(root)
        if "lcdnet-figure-link" in (root / page).read_text("utf-8")
    ][:1]


@pytest.mark.parametrize("page", page_params(tutorial_pages))
def test_no_printed_line_of_a_tutorial_is_longer_than_79(page):
    html = (built_docs() / page).read_text(encoding="utf-8")
    assert printed_lines_too_long(html) == []


@pytest.mark.parametrize("page", page_params(tutorial_pages))
def test_no_tutorial_shows_an_empty_code_block(page):
    html = (built_docs() / page).read_text(encoding="utf-8")
    assert empty_code_blocks(html) == 0


@pytest.mark.parametrize("page", page_params(tutorial_pages))
def test_every_block_of_a_tutorial_holds_a_79_character_line(browser, page):
    """Measured, then planted: each block's room, and a line of 79 in it.

    Then one character more than the narrowest block's room, which must
    scroll: the measurement and the check agree on the theme's layout.
    """
    open_page(browser, built_docs() / page)
    column = browser.execute_script(MEASURE_COLUMN)
    blocks = column["blocks"]
    assert blocks, f"{page} has no code block"
    narrowest = min(blocks, key=lambda block: block["characters"])
    print(
        f"{page} at {column['window']} px: article "
        f"{column['article']:.0f} px; {len(blocks)} blocks; code font "
        f"{narrowest['font']}, {narrowest['character']:.2f} px a "
        f"character; room from {narrowest['characters']} "
        f"({narrowest['room']:.0f} px) to "
        f"{max(block['characters'] for block in blocks)} characters"
    )
    assert column["window"] == PAGE_WIDTH
    assert narrowest["characters"] >= LINE_LENGTH, narrowest
    for index in range(len(blocks)):
        browser.execute_script(PLANT_LINE, index, LINE_LENGTH)
    assert scrolling_blocks(browser) == [], describe(scrolling_blocks(browser))
    too_long = narrowest["characters"] + 1
    browser.execute_script(PLANT_LINE, blocks.index(narrowest), too_long)
    found = scrolling_blocks(browser)
    assert [block["length"] for block in found] == [too_long], found


@pytest.mark.parametrize(
    "page, kind", page_params(_tutorials_by_kind, arity=2)
)
def test_no_block_of_a_tutorial_scrolls_sideways(browser, page, kind):
    open_page(browser, built_docs() / page)
    found = scrolling_blocks(browser, kind)
    assert found == [], f"{page}: {len(found)} scroll: {describe(found)}"


@pytest.mark.parametrize("page", page_params(tutorial_pages))
def test_every_figure_of_a_tutorial_links_to_its_full_size_image(
    browser, page
):
    root = built_docs()
    open_page(browser, root / page)
    assert browser.execute_script(UNLINKED_FIGURES) == []
    for href, src, tab_index, alt in browser.execute_script(FIGURE_LINKS):
        target = pathlib.Path(
            urllib.parse.unquote(urllib.parse.urlparse(href).path)
        )
        assert target.is_file() and target.parent == root / "_images", href
        # The same figure, or its high-density version (..._2_00x.png).
        assert target.stem.startswith(pathlib.PurePosixPath(src).stem)
        # In the tab order, and named by the figure's alt text.
        assert tab_index == 0 and alt, (href, alt)


@pytest.mark.parametrize("page", page_params(_first_tutorial_with_a_figure))
def test_enter_on_a_focused_figure_opens_the_image(browser, page):
    """A keyboard reader can focus a figure and open it with Enter."""
    from selenium.webdriver.common.keys import Keys

    open_page(browser, built_docs() / page)
    link = browser.find_element("css selector", "a.lcdnet-figure-link")
    href = link.get_attribute("href")
    link.send_keys(Keys.ENTER)  # selenium focuses the link first, as Tab does
    assert browser.current_url == href
