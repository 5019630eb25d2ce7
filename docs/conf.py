"""Sphinx configuration of the lcdnet documentation.

Build it from the repository root with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The build needs no network: there is no intersphinx mapping, and
sphinx-gallery resolves code links from this documentation only. Every
tutorial in ``examples/`` is executed during the build, so each number and
figure on those pages comes from running lcdnet.
"""

import os
import pathlib
import sys

# Build from a source checkout even when lcdnet is not installed.
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# ... and find tutorial_order.py, the gallery's sort key, beside this file.
sys.path.insert(0, str(ROOT / "docs"))
# ... and the project's own Sphinx extensions (issue 11: lcdnet_explorer).
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# Keep TensorFlow's info and warning logs out of the build log.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# The tutorials' hidden checks that need docs/page_checks.py run whenever
# this is set: a build never skips them.
os.environ["LCDNET_DOCS_BUILD"] = "1"

import notebook_links  # noqa: E402
import notebook_setup  # noqa: E402
import tutorial_order  # noqa: E402

import lcdnet  # noqa: E402

# -- Project -----------------------------------------------------------------

project = "lcdnet"
author = "lcdnet developers"
copyright = "2026, lcdnet developers"
version = lcdnet.__version__
release = lcdnet.__version__

# -- General -----------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    # Trains the explorer page's models and writes
    # _static/explorer/models.json.
    "lcdnet_explorer",
    # Page chrome: a link from each tutorial figure to its full-size image.
    "lcdnet_pages",
    # Each tutorial figure's alt text and a record of its text sizes.
    "lcdnet_figures",
]

templates_path = ["_templates"]
# ... and the execution-times pages an older build may have left in the
# source folder (sphinx_gallery_conf below no longer writes them).
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "sg_execution_times.rst",
    "auto_examples/**/sg_execution_times.rst",
]
root_doc = "index"
language = "en"
add_module_names = False

# -- autodoc / autosummary / numpydoc ----------------------------------------

# Write one page per public object into docs/generated/ at every build.
autosummary_generate = True
autosummary_generate_overwrite = True
autosummary_imported_members = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"

# numpydoc turns the "Parameters", "Returns", "Examples" ... sections into
# rST. Class member tables would need a stub page per method and attribute;
# the class templates document methods with autodoc instead.
numpydoc_show_class_members = False
numpydoc_show_inherited_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- sphinx-gallery ----------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # Execute every script in examples/, not only those named plot_*.
    "filename_pattern": r"\.py$",
    "ignore_pattern": r"__init__\.py",
    # The reading order, written once in tutorial_order.py: the folders (the
    # digits track, going further, XNOR) and the pages in each.
    "subsection_order": tutorial_order.SUBSECTIONS,
    "within_subsection_order": "tutorial_order.ReadingOrderSortKey",
    "plot_gallery": "True",
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "run_stale_examples": False,
    # Figures: matplotlib's scraper, with each figure's own description as
    # its alt text and a record of its smallest text (lcdnet_figures.py);
    # saved at 100 dpi and at 200 for high-density screens. No animations,
    # no image compression.
    "image_scrapers": ("lcdnet_figures.scrape",),
    "image_srcset": ["2x"],
    "matplotlib_animations": False,
    "compress_images": (),
    "reset_modules": ("matplotlib", "seaborn"),
    # Output: show what a script prints and the repr of a cell's last value.
    "capture_repr": ("_repr_html_", "__repr__"),
    # ... except the Text and Axes a cell's last line (ax.set_title) returns.
    "ignore_repr_types": r"matplotlib\.(text|axes|figure)|mpl_toolkits",
    "show_memory": False,
    # No execution-times pages: sphinx-gallery writes them with scripts and
    # style sheets from CDNs (DataTables, jQuery, Bootstrap), and a learner
    # has no use for them (issue 16: no page loads from the network).
    "write_computation_times": False,
    "show_signature": False,
    "min_reported_time": 0,
    # Downloads: each tutorial as .py and .ipynb, plus zips of all of them.
    "download_all_examples": True,
    # Each downloaded notebook starts by installing this very lcdnet where it
    # is missing (the wheel the build offers, see below), then starts Keras.
    "first_notebook_cell": notebook_setup.first_cell(lcdnet.__version__),
    # The notebooks' Markdown from the scripts' reST: pandoc (Debian's, or
    # any on the PATH) writes GitHub Markdown with $-maths, and the filter
    # turns admonitions into quoted blocks, solutions into folded <details>
    # and Sphinx's roles into links to these pages (notebook_links.py).
    "pypandoc": {
        "extra_args": ["--to=gfm+tex_math_dollars"],
        "filters": [str(ROOT / "docs" / "rst_to_notebook.lua")],
    },
    "remove_config_comments": True,
    # Mini-galleries in the API pages ("Tutorials using lcdnet.train") and
    # links from code to the API: both come from this build, never the web.
    "doc_module": ("lcdnet",),
    "backreferences_dir": os.path.join("generated", "backreferences"),
    "inspect_global_variables": True,
    "binder": {},
    "jupyterlite": {},
    "recommender": {"enable": False},
}

# The targets the notebooks' links point to, read by rst_to_notebook.lua.
os.environ["LCDNET_NOTEBOOK_LINKS"] = str(
    notebook_links.write_link_targets(
        ROOT / "docs",
        ROOT / "examples",
        ROOT / "docs" / "auto_examples" / "links.lua",
    )
)

# The wheel of this lcdnet, offered beside the notebooks (built at every
# build, in a second, without network) and named by |lcdnet_wheel|.
WHEEL = notebook_setup.build_wheel(
    ROOT, ROOT / "docs" / "auto_examples", lcdnet.__version__
)
_TANK_FACTS = tutorial_order.page_facts(
    "digits", "/tank-story", ROOT / "examples"
)
rst_epilog = f"""
.. |lcdnet_wheel| replace:: \
:download:`{WHEEL.name} </auto_examples/{WHEEL.name}>`
.. |tank_story_facts| replace:: {_TANK_FACTS}
"""

# -- HTML --------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"lcdnet {release}"
html_short_title = "lcdnet"
# docs/_static: the page style sheet (lcdnet.css), MathJax, the explorer.
html_static_path = ["_static"]
html_css_files = ["lcdnet.css"]
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # On the right, beside the article: the page's sections, then (on the
    # tutorials) the pages of the tracks, which the left sidebar held.
    "secondary_sidebar_items": ["page-toc", "track-nav", "sourcelink"],
    # The licences of the text and figures (docs/LICENSE-docs) and the code.
    "footer_start": ["copyright", "licence"],
    "footer_end": ["sphinx-version", "theme-version"],
}
# Light or dark as the reader's system says. Said explicitly, because without
# it the theme starts from an empty mode and logs a console error ("Got
# invalid theme mode") on a reader's first visit (issue 11's browser tests).
html_context = {"default_mode": "auto"}
# No left sidebar on any page: the article takes its width, so that a
# 79-character line of code fits the column at 1280 px (issue 16,
# tests/test_pages_layout.py); the track's pages are listed on the right.
html_sidebars = {"**": []}
html_show_sourcelink = True
html_copy_source = True
# Maths from this build, never from a CDN: MathJax 3's TeX-to-SVG bundle,
# committed in docs/_static/mathjax (see its README), so that the pages read
# offline (tests/test_pages_offline.py).
mathjax_path = "mathjax/tex-svg.js"


# -- Docstrings of data ------------------------------------------------------
#
# autodoc documents a constant with the ``#:`` comment above its assignment,
# but only in the module it is documented under; for ``lcdnet.NG_XNOR_WEIGHTS``
# (defined in lcdnet.models, documented as lcdnet.*) it finds none and falls
# back to the docstring of the value's type ("Built-in immutable sequence").
# This hook looks the comment up in the module that defines the object, and
# never lets a type's docstring stand in for a constant's.

import importlib  # noqa: E402
import pkgutil  # noqa: E402

from sphinx.pycode import ModuleAnalyzer  # noqa: E402


def _comment_docs(module_name, attribute):
    try:
        attr_docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
    except Exception:  # no source available
        return None
    lines = attr_docs.get(("", attribute))
    return list(lines) if lines else None


def _defining_modules(name, obj):
    """The module documenting a constant, then lcdnet modules holding it."""
    module_name, _, attribute = name.rpartition(".")
    yield module_name, attribute
    for info in pkgutil.walk_packages(lcdnet.__path__, prefix="lcdnet."):
        if info.name == module_name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if getattr(module, attribute, None) is obj:
            yield info.name, attribute


def document_data(app, what, name, obj, options, lines):
    if what != "data":
        return
    for module_name, attribute in _defining_modules(name, obj):
        comment = _comment_docs(module_name, attribute)
        if comment:
            lines[:] = comment
            return
    # A constant's only documentation is its comment (the analyzer also
    # collects a string placed right after the assignment); anything else
    # autodoc found is the docstring of the value's type.
    lines[:] = []


def setup(app):
    # After sphinx-gallery (priority 500) wrote the gallery pages: the reads
    # (the tank story) take their place in them, card and toctree, and each
    # tutorial gets its level and times under its title.
    app.connect("builder-inited", tutorial_order.arrange_gallery, priority=600)
    # Before numpydoc (priority 500) rewrites the lines into rST sections.
    app.connect("autodoc-process-docstring", document_data, priority=400)
