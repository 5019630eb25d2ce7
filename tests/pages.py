"""The built documentation's pages that the page tests open.

The page tests (``tests/test_pages_*.py``) test a built copy of the docs,
named by the environment variable ``LCDNET_DOCS_HTML`` (``.ci/run`` sets it
after its docs build)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    LCDNET_DOCS_HTML=docs/_build/html python -m pytest tests/test_pages_*.py

Without it, the tests of the built pages skip and only the tests of planted
violations run.
"""

import os
import pathlib

import pytest

DOCS_VARIABLE = "LCDNET_DOCS_HTML"
NO_BUILD = f"set {DOCS_VARIABLE} to the built docs (e.g. docs/_build/html)"
#: The pages a learner reads besides the tutorials (issue 16's audit list).
READING_PAGES = (
    "index.html",
    "tank-story.html",
    "explorer.html",
    "glossary.html",
)
#: Only sphinx-gallery's example pages carry this class.
TUTORIAL_MARK = "sphx-glr-example-title"


def built_docs():
    """The built HTML folder, or None when ``LCDNET_DOCS_HTML`` is not set.

    A folder that is named but holds no ``index.html`` is an error.
    """
    folder = os.environ.get(DOCS_VARIABLE)
    if not folder:
        return None
    folder = pathlib.Path(folder).resolve()
    if not (folder / "index.html").is_file():
        raise RuntimeError(
            f"{DOCS_VARIABLE}={folder}: no index.html there "
            f"(build the docs first)"
        )
    return folder


def tutorial_pages(root):
    """The tutorials of the build at ``root``, as paths relative to it."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if TUTORIAL_MARK in path.read_text(encoding="utf-8")
    )


def audited_pages(root):
    """The index, each tutorial, the tank story, the explorer, the glossary."""
    missing = [page for page in READING_PAGES if not (root / page).is_file()]
    if missing:
        raise RuntimeError(f"the build at {root} lacks {missing}")
    return [READING_PAGES[0], *tutorial_pages(root), *READING_PAGES[1:]]


def page_params(select, arity=1):
    """Parameters for ``pytest.mark.parametrize``: ``select(root)``.

    ``root`` is the build's folder. Without a build named, one parameter
    set (of ``arity`` values) that skips, saying how to name a build.
    """
    root = built_docs()
    if root is None:
        skip = pytest.mark.skip(reason=NO_BUILD)
        return [pytest.param(*[None] * arity, marks=skip)]
    return select(root)
