"""axe-core over the pages a learner reads, in the light and the dark theme.

Issue 16: axe-core (npm, pinned in ``package.json``; ``npm ci`` installs it
into ``node_modules/``) is injected by selenium into the built index, every
tutorial, the tank story, the explorer and the glossary, in headless
Chromium at 1280 px, once with the reader's system in light mode and once in
dark mode (the theme follows it: ``html[data-theme]``). No page may have a
critical or serious violation; the explorer, whose markup is lcdnet's own,
none at all. The tests of planted violations show the audit catching them.

The audits of the build need ``LCDNET_DOCS_HTML`` (``tests/pages.py``);
Chromium: see ``tests/browser.py``. Without axe-core the tests skip, and
fail when ``CI`` is set.
"""

import os
import pathlib

import pytest

from tests.browser import chromium, open_page, set_colour_scheme
from tests.pages import audited_pages, built_docs, page_params

ROOT = pathlib.Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail a page (axe's scale: minor, moderate, serious,
#: critical).
BLOCKING = ("critical", "serious")
SCHEMES = ("light", "dark")

#: axe.run on the document: its violations, each with the first few targets.
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then((results) => done(results.violations.map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    count: rule.nodes.length,
    targets: rule.nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }))))
  .catch((error) => done(String(error)));
"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.is_file():
        reason = f"axe-core is not installed ({AXE} missing: run npm ci)"
        if os.environ.get("CI"):
            pytest.fail(
                f"{reason}; CI runs the accessibility audit, it must not skip"
            )
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory) as driver:
        yield driver


def audit(driver, axe_source):
    """axe's violations on the page open in ``driver``."""
    driver.execute_script(axe_source)
    violations = driver.execute_async_script(RUN_AXE)
    if isinstance(violations, str):
        pytest.fail(f"axe.run failed: {violations}")
    return violations


def open_in_scheme(driver, page, scheme):
    """Open a built page with the reader's system in ``scheme``."""
    set_colour_scheme(driver, scheme)
    open_page(driver, page)
    theme = driver.execute_script(
        "return document.documentElement.dataset.theme || null"
    )
    assert theme == scheme, (
        f"{page}: the theme shows {theme}, the system says {scheme}"
    )


def describe(violations):
    return "\n".join(
        f"  {v['impact']} {v['id']} x{v['count']}: {v['help']} "
        f"(e.g. {'; '.join(v['targets'])})"
        for v in violations
    )


def by_rule(violations):
    return {f"{v['id']} ({v['impact']})": v["count"] for v in violations}


# ------------------------------------------------------- planted violations

PLANTED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>planted</title></head><body><main><h1>Planted</h1>
<img src="figure.png">
<button type="button"><svg aria-hidden="true" width="9" height="9"></svg>
</button>
<details><summary><span role="presentation"><svg aria-hidden="true"
  width="9" height="9"></svg></span></summary><p>inside</p></details>
<button type="button" aria-label="Search">Search
  <kbd>Ctrl</kbd>+<kbd>K</kbd></button>
</main></body></html>
"""


def test_the_audit_finds_each_planted_violation(browser, axe_source, tmp_path):
    page = tmp_path / "planted.html"
    page.write_text(PLANTED_PAGE, encoding="utf-8")
    open_page(browser, page)
    found = {v["id"]: v["impact"] for v in audit(browser, axe_source)}
    assert found["image-alt"] == "critical"
    assert found["button-name"] == "critical"
    assert found["summary-name"] == "serious"
    assert found["label-content-name-mismatch"] == "serious"
    # ... and the same page mended passes.
    mended = (
        PLANTED_PAGE.replace(
            '<img src="figure.png">', '<img src="f.png" alt="a figure">'
        )
        .replace("</svg>\n</button>", "</svg>Train</button>")
        .replace("<summary><span", "<summary>Solution<span")
        .replace(' aria-label="Search"', "")
    )
    page.write_text(mended, encoding="utf-8")
    open_page(browser, page)
    assert audit(browser, axe_source) == []


def _index(root):
    return ["index.html"]


#: The theme's search button and icon-only navigation toggle, as the theme
#: writes them (pydata-sphinx-theme 0.24).
THEME_FAULTS = (
    '<button type="button" class="btn search-button-field"'
    ' aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i>'
    "<span>Search</span><span><kbd>Ctrl</kbd>+<kbd>K</kbd></span></button>"
    '<details><summary><span class="toctree-toggle" role="presentation">'
    '<i class="fa-solid fa-chevron-down"></i></span></summary><ul></ul>'
    "</details>"
)
#: Inserts arguments[0] at the end of the page's main element.
PLANT = (
    "document.querySelector('main')"
    ".insertAdjacentHTML('beforeend', arguments[0])"
)


@pytest.mark.parametrize("page", page_params(_index))
def test_the_audit_finds_the_themes_faults_planted_back_into_a_built_page(
    browser, axe_source, page
):
    """What the theme's templates wrote fails where lcdnet's pass."""
    open_in_scheme(browser, built_docs() / page, "light")
    browser.execute_script(PLANT, THEME_FAULTS)
    found = {
        v["id"] for v in audit(browser, axe_source) if v["impact"] in BLOCKING
    }
    assert {"label-content-name-mismatch", "summary-name"} <= found, found


@pytest.mark.parametrize("page", page_params(_index))
def test_the_dark_audit_reads_the_dark_colours(browser, axe_source, page):
    """Grey text that reads on the light background fails on the dark one."""
    grey = '<p id="planted" style="color: #444">grey text</p>'
    contrast = {}
    for scheme in SCHEMES:
        open_in_scheme(browser, built_docs() / page, scheme)
        browser.execute_script(PLANT, grey)
        contrast[scheme] = [
            v
            for v in audit(browser, axe_source)
            if v["id"] == "color-contrast"
            and any("#planted" in target for target in v["targets"])
        ]
    assert (
        contrast["light"] == [] and contrast["dark"][0]["impact"] == "serious"
    )


# ------------------------------------------------------------- the build


def _pages_by_scheme(root):
    return [
        pytest.param(page, scheme, id=f"{page}-{scheme}")
        for page in audited_pages(root)
        for scheme in SCHEMES
    ]


@pytest.mark.parametrize(
    "page, scheme", page_params(_pages_by_scheme, arity=2)
)
def test_no_critical_or_serious_violation(browser, axe_source, page, scheme):
    open_in_scheme(browser, built_docs() / page, scheme)
    violations = audit(browser, axe_source)
    print(f"axe {page} ({scheme}): {by_rule(violations) or 'no violation'}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], (
        f"{page} in the {scheme} theme:\n{describe(blocking)}"
    )
    if page == "explorer.html":  # lcdnet's own markup: not even a minor one
        assert violations == [], (
            f"{page} in the {scheme} theme:\n{describe(violations)}"
        )
