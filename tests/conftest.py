"""Fixtures shared by the test modules."""

import pytest

from release import build_distributions, install_wheel


@pytest.fixture(scope="session")
def distributions(tmp_path_factory):
    """The sdist and wheel built from this repository (``python -m build``)."""
    return build_distributions(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def installed_bin(distributions, tmp_path_factory):
    """The ``bin`` folder of a fresh virtual environment with the built wheel installed."""
    return install_wheel(distributions[1], tmp_path_factory.mktemp("wheel-env") / "venv")
