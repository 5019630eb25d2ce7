"""The built pages load nothing from the network; their maths draws offline.

Issue 16: MathJax came from a CDN, so a reader offline saw raw TeX, and
sphinx-gallery's execution-times pages loaded scripts and style sheets from
CDNs. Two checks, each with tests that plant violations:

* a scan of every HTML file and style sheet of the build for what a
  browser would fetch (scripts, style sheets, icons, images, frames, CSS
  ``url()`` and ``@import``) from ``http(s)://``, ``//`` or ``ws(s)://``;
  links a reader may follow (``<a href>``) load nothing and do not count;
* headless Chromium on the pages, logging every request a page makes as
  it loads and typesets: none may go to the network, and every formula
  must come out as MathJax's SVG.

The scans and browser runs of the build need ``LCDNET_DOCS_HTML``
(``tests/pages.py``); Chromium: see ``tests/browser.py``.
"""

import hashlib
import html.parser
import pathlib
import re

import pytest

from tests.browser import chromium, from_network, network_requests, open_page
from tests.pages import NO_BUILD, built_docs, page_params, tutorial_pages

ROOT = pathlib.Path(__file__).resolve().parent.parent
MATHJAX = ROOT / "docs" / "_static" / "mathjax" / "tex-svg.js"
NETWORK_URL = re.compile(r"^\s*(https?:|wss?:|ftp:|//)", re.IGNORECASE)
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""",
    re.IGNORECASE,
)
#: Link relations a browser fetches, or connects for, by itself.
LOADING_RELATIONS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "preconnect",
    "dns-prefetch",
}
#: The attributes whose URL a browser loads, by element.
LOADED_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}


def css_network_urls(css):
    """The network URLs a style sheet (or a style attribute) would load."""
    urls = [
        match.group(2) or match.group(4) for match in CSS_URL.finditer(css)
    ]
    return [url for url in urls if NETWORK_URL.match(url)]


class _LoadCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        names = LOADED_ATTRIBUTES.get(tag, ())
        candidates = [attributes.get(name) for name in names]
        relations = set((attributes.get("rel") or "").split())
        if tag == "link" and LOADING_RELATIONS & relations:
            candidates.append(attributes.get("href"))
        for value in filter(None, candidates):
            # A srcset lists "URL density" pairs.
            for part in value.split(","):
                url = part.split()[0] if part.strip() else ""
                if NETWORK_URL.match(url):
                    self.loads.append(f"<{tag}> {url}")
        for url in css_network_urls(attributes.get("style") or ""):
            self.loads.append(f"<{tag} style> {url}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.loads += [f"<style> {url}" for url in css_network_urls(data)]


def html_network_loads(text):
    """What an HTML page would load from the network: ["<tag> url", ...]."""
    collector = _LoadCollector()
    collector.feed(text)
    collector.close()
    return collector.loads


def build_network_loads(root):
    """Every network load of the build at ``root``: {path: [loads]}."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.suffix == ".html":
            loads = html_network_loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            loads = css_network_urls(path.read_text(encoding="utf-8"))
        else:
            continue
        if loads:
            found[str(path.relative_to(root))] = loads
    return found


#: How many formulas a page has, and how many MathJax drew (as SVG, with
#: no error), with the text of those it did not.
MATHS_STATUS = """
const formulas = [...document.querySelectorAll('.math')];
const drawn = formulas.filter(
  (formula) => formula.querySelector('mjx-container svg')
    && !formula.querySelector('mjx-merror'));
return {formulas: formulas.length, drawn: drawn.length,
        raw: formulas.filter((formula) => !drawn.includes(formula))
          .map((formula) => formula.textContent.slice(0, 60))};
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory, log_network=True) as driver:
        yield driver


def requests_of(driver, page):
    """The URLs ``page`` requests as it loads and settles."""
    network_requests(driver)  # forget what came before
    open_page(driver, page)
    return network_requests(driver)


# ------------------------------------------------------- planted violations

PLANTED_PAGE = """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>planted</title>
<link rel="stylesheet" href="https://cdn.example.invalid/style.css">
<link rel="icon" href="//cdn.example.invalid/favicon.ico">
<link rel="canonical" href="https://example.invalid/page.html">
<style>body { background: url("https://cdn.example.invalid/a.png"); }</style>
<script src="https://cdn.example.invalid/mathjax.js"></script>
<script src="_static/local.js"></script>
</head><body>
<p style="background-image: url(http://cdn.example.invalid/dot.png)">x</p>
<img src="b.png" srcset="b.png, https://cdn.example.invalid/b2.png 2x" alt="">
<a href="https://example.invalid/further-reading">further reading</a>
</body></html>
"""


def test_the_scan_finds_each_planted_network_load_and_ignores_links():
    assert html_network_loads(PLANTED_PAGE) == [
        "<link> https://cdn.example.invalid/style.css",
        "<link> //cdn.example.invalid/favicon.ico",
        "<style> https://cdn.example.invalid/a.png",
        "<script> https://cdn.example.invalid/mathjax.js",
        "<p style> http://cdn.example.invalid/dot.png",
        "<img> https://cdn.example.invalid/b2.png",
    ]
    local = "<a href='https://x.invalid'>x</a><img src='a.png' alt='a'>"
    assert html_network_loads(local) == []


def test_the_scan_finds_network_urls_in_style_sheets():
    css = (
        "@import 'https://fonts.example.invalid/a.css';\n"
        "@font-face { src: url(//fonts.example.invalid/f.woff2); }\n"
        ".a { background: url('data:image/png;base64,AA') url(../b.png); }"
    )
    assert css_network_urls(css) == [
        "https://fonts.example.invalid/a.css",
        "//fonts.example.invalid/f.woff2",
    ]


def test_the_browser_logs_each_planted_request_to_the_network(
    browser, tmp_path
):
    page = tmp_path / "planted.html"
    fetch = (
        "<script>fetch('https://api.example.invalid/data.json')"
        ".catch(() => {});</script></body>"
    )
    page.write_text(PLANTED_PAGE.replace("</body>", fetch), encoding="utf-8")
    urls = from_network(requests_of(browser, page))
    for planted in (
        "https://cdn.example.invalid/style.css",
        "https://cdn.example.invalid/mathjax.js",
        "http://cdn.example.invalid/dot.png",
        "https://api.example.invalid/data.json",
    ):
        assert planted in urls, (planted, urls)
    assert "https://example.invalid/further-reading" not in urls


def test_the_committed_mathjax_draws_maths_offline(browser, tmp_path):
    """docs/_static/mathjax alone, from file://, on what Sphinx writes."""
    formulas = (
        '<span class="math notranslate nohighlight">'
        "\\(\\sigma(z) = 1 / (1 + e^{-z})\\)</span>"
        '<div class="math notranslate nohighlight">'
        "\\[z_c = \\sum_i W_{ic} x_i + b_c\\]</div>"
    )
    page = tmp_path / "maths.html"
    text = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<title>maths</title><script defer src="{MATHJAX.as_uri()}">'
        f"</script></head><body>{formulas}</body></html>"
    )
    page.write_text(text, encoding="utf-8")
    assert from_network(requests_of(browser, page)) == []
    status = browser.execute_script(MATHS_STATUS)
    assert status == {"formulas": 2, "drawn": 2, "raw": []}
    # Planted: the page without MathJax shows raw TeX; the check says so.
    page.write_text(
        text.replace(MATHJAX.as_uri(), "missing.js"), encoding="utf-8"
    )
    open_page(browser, page)
    status = browser.execute_script(MATHS_STATUS)
    assert status["drawn"] == 0 and len(status["raw"]) == 2, status


def test_the_committed_mathjax_is_the_release_its_readme_names():
    readme = (MATHJAX.parent / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(MATHJAX.read_bytes()).hexdigest() in readme
    licence = (MATHJAX.parent / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence


# ------------------------------------------------------------- the build


def test_no_page_or_style_sheet_of_the_build_loads_from_the_network():
    root = built_docs()
    if root is None:
        pytest.skip(NO_BUILD)
    assert build_network_loads(root) == {}


def test_the_pages_with_maths_load_the_committed_mathjax():
    root = built_docs()
    if root is None:
        pytest.skip(NO_BUILD)
    pages = [
        path
        for path in root.rglob("*.html")
        if 'class="math' in path.read_text(encoding="utf-8")
    ]
    assert pages, "no page of the build has maths"
    copy = root / "_static" / "mathjax" / "tex-svg.js"
    assert copy.read_bytes() == MATHJAX.read_bytes()
    script = re.compile(r'<script[^>]+src="[./]*_static/mathjax/tex-svg\.js')
    for path in pages:
        assert script.search(path.read_text(encoding="utf-8")), path


def _pages_read_in_a_browser(root):
    """Every top-level page, the galleries and the tutorials."""
    pages = [*root.glob("*.html"), *root.glob("auto_examples/**/index.html")]
    return sorted(
        {
            *(str(path.relative_to(root)) for path in pages),
            *tutorial_pages(root),
        }
    )


@pytest.mark.parametrize("page", page_params(_pages_read_in_a_browser))
def test_a_page_requests_nothing_from_the_network_and_draws_its_maths(
    browser, page
):
    urls = requests_of(browser, built_docs() / page)
    assert from_network(urls) == []
    status = browser.execute_script(MATHS_STATUS)
    assert status["drawn"] == status["formulas"], status
