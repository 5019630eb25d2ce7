"""pytest configuration of the documentation's doctests.

The pages' examples run with::

    python -m pytest --doctest-glob="*.rst" docs

Only the hand-written pages are collected: the build output, the pages
Sphinx and sphinx-gallery generate (which copy docstrings and scripts
tested elsewhere), and Sphinx's configuration file are skipped, whether
or not a build has run.
"""

import matplotlib

matplotlib.use("Agg")

collect_ignore = [
    "conf.py",
    "_build",
    "generated",
    "auto_examples",
    "sg_execution_times.rst",
]
