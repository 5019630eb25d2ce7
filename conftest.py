"""pytest configuration shared by tests/ and the doctests in lcdnet/, and
shared fixtures.

Figures are drawn with the non-interactive Agg backend, so tests and doctests
run headless and never open a window.
"""

import matplotlib
import pytest

matplotlib.use("Agg")

#: Deprecated aliases of moved modules warn when imported and hold no
#: doctest; tests/test_moved_modules.py imports them on purpose.
collect_ignore = ["lcdnet/reproduction.py", "lcdnet/learning_curves.py"]


@pytest.fixture(scope="session")
def distributions(tmp_path_factory):
    """The sdist and wheel built from this repository (``python -m build``)."""
    from tests.release import build_distributions

    return build_distributions(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def installed_bin(distributions, tmp_path_factory):
    """The ``bin`` folder of a fresh virtual environment with the built wheel
    installed."""
    from tests.release import install_wheel

    return install_wheel(
        distributions[1], tmp_path_factory.mktemp("wheel-env") / "venv"
    )


@pytest.fixture(scope="session")
def quick_lab_record():
    """One ``lcdnet.lab.run_lab(seed=0, quick=True)``, shared by the lab and
    CLI tests."""
    from lcdnet import lab

    return lab.run_lab(seed=0, quick=True)
