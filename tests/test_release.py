"""Release readiness: the sdist and wheel build, pass twine's checks, carry
one version; the declared bounds and Pythons read as .ci/run reads them."""

import os
import pathlib
import re
import subprocess
import sys
import tarfile
import zipfile

import pytest

import lcdnet
from tests import release

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_sdist_and_wheel_build_and_pass_twine_check(distributions):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "check",
            "--strict",
            *map(str, distributions),
        ],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("PASSED") == 2


def test_the_version_has_one_source(distributions):
    sdist, wheel = distributions
    assert f"lcdnet-{lcdnet.__version__}-" in wheel.name
    assert sdist.name == f"lcdnet-{lcdnet.__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(
            name for name in archive.namelist() if name.endswith("METADATA")
        )
        assert (
            f"Version: {lcdnet.__version__}\n"
            in archive.read(metadata).decode()
        )


def test_the_wheel_holds_the_package_and_its_command(distributions):
    _, wheel = distributions
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(
            name for name in names if name.endswith("entry_points.txt")
        )
        assert (
            "lcdnet = lcdnet.cli:main" in archive.read(entry_points).decode()
        )
    for module in (
        "lcdnet/__init__.py",
        "lcdnet/lab/__init__.py",
        "lcdnet/plotting/cnn.py",
        "lcdnet/lessons/deep.py",
    ):
        assert module in names
    assert not any(
        name.startswith(("tests/", "docs/", "examples/")) for name in names
    )


def test_the_wheel_and_sdist_mark_the_package_typed(distributions):
    # PEP 561: without py.typed a user's mypy ignores lcdnet's annotations.
    sdist, wheel = distributions
    with zipfile.ZipFile(wheel) as archive:
        assert "lcdnet/py.typed" in archive.namelist()
    with tarfile.open(sdist) as archive:
        assert any(
            name.endswith("/lcdnet/py.typed") for name in archive.getnames()
        )


ZIP_IMPORT = """
import sys
import lcdnet
assert lcdnet.__file__.startswith(sys.argv[1]), lcdnet.__file__
images, labels = lcdnet.generate_digits(10, seed=0)
model = lcdnet.make_xnor_model(weights="ng")
print(images.shape, lcdnet.plot_digits.__module__, model.name)
"""


def test_lcdnet_imports_from_a_zipped_wheel(distributions, tmp_path):
    # No source files to read: a zip on sys.path (as zipimport sees a
    # wheel), so the lazy names must come from a table, not from parsing.
    _, wheel = distributions
    completed = subprocess.run(
        [sys.executable, "-c", ZIP_IMPORT, str(wheel)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(wheel)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [
        "(10,",
        "5,",
        "5)",
        "lcdnet.plotting.digits",
        "xnor",
    ]


def _sdist_paths(sdist):
    """The paths in the sdist, without its top folder ``lcdnet-<version>/``."""
    with tarfile.open(sdist) as archive:
        return {
            name.split("/", 1)[1] for name in archive.getnames() if "/" in name
        }


def test_the_sdist_holds_the_sources_and_the_licence(distributions):
    sdist, _ = distributions
    names = _sdist_paths(sdist)
    assert {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "lcdnet/__init__.py",
    } <= names


def test_the_installed_wheel_imports_from_its_own_environment(
    installed_bin, tmp_path
):
    completed = subprocess.run(
        [
            str(installed_bin / "python"),
            "-c",
            "import lcdnet; print(lcdnet.__file__, lcdnet.__version__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    location, version = completed.stdout.split()
    assert (
        location.startswith(str(installed_bin.parent))
        and version == lcdnet.__version__
    )


def test_the_sdist_carries_what_its_tests_need(distributions):
    sdist, _ = distributions
    names = _sdist_paths(sdist)
    assert {
        "conftest.py",
        "tests/release.py",
        "tests/test_training.py",
    } <= names
    # Tests of the documentation stay with docs/, which the sdist lacks.
    assert "tests/test_explorer.py" not in names
    assert not any(name.startswith(("docs/", "examples/")) for name in names)


# The declared bounds and Pythons, as .ci/run reads them (tests/release.py).
needs_tomllib = pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="tests/release.py reads pyproject.toml with tomllib",
)
PROJECT = {
    "name": "lcdnet",
    "dependencies": ["numpy>=1.24.1", "keras>=3.5.0"],
    "optional-dependencies": {
        "jax": ["jax[cpu]>=0.4.34", "keras>=3.12.0"],
        "test": ["pytest>=7.4.0", "lcdnet[jax]"],
    },
    "classifiers": [
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.13",
        "Programming Language :: Python :: 3.10",
    ],
}


@needs_tomllib
def test_an_extra_raises_a_base_bound_and_self_references_expand():
    base = release.lower_bounds(release.declared_requirements(project=PROJECT))
    assert {name: str(version) for name, version in base.items()} == {
        "numpy": "1.24.1",
        "keras": "3.5.0",
    }
    with_test = release.lower_bounds(
        release.declared_requirements(["test"], project=PROJECT)
    )
    assert str(with_test["keras"]) == "3.12.0"
    assert str(with_test["jax"]) == "0.4.34"
    assert "lcdnet" not in with_test and str(with_test["pytest"]) == "7.4.0"
    with pytest.raises(ValueError, match="'docs'"):
        release.declared_requirements(["docs"], project=PROJECT)


@needs_tomllib
def test_the_lower_bound_check_catches_a_version_off_its_bound():
    bounds = release.lower_bounds(
        release.declared_requirements(project=PROJECT)
    )

    def off(keras):
        return release.off_their_bounds(
            bounds, {"numpy": "1.24.1", "keras": keras}
        )

    assert off("3.5") == []
    assert off("3.6.0") == ["keras: declared >= 3.5.0, installed 3.6.0"]
    assert off(None) == ["keras: declared >= 3.5.0, installed None"]


@needs_tomllib
def test_every_dependency_has_a_lower_bound_for_the_ci_job_to_test():
    requirements = release.declared_requirements(["jax"])
    assert set(release.lower_bounds(requirements)) == {
        requirement.name for requirement in requirements
    }


@needs_tomllib
def test_the_readme_names_the_pythons_the_classifiers_name():
    assert release.tested_pythons(PROJECT) == ["3.10", "3.13"]
    versions = release.tested_pythons()
    claim = re.search(
        r"With Python ([0-9., or]+) \(", README.read_text(encoding="utf-8")
    )
    assert claim and re.findall(r"3\.\d+", claim.group(1)) == versions
    minimum = release._project()["requires-python"]
    assert minimum == f">={versions[0]}"


@needs_tomllib
def test_the_readme_names_the_jax_extras_keras_bound():
    bounds = release.lower_bounds(release.declared_requirements(["jax"]))
    bound = str(bounds["keras"]).removesuffix(".0")
    readme = README.read_text(encoding="utf-8")
    assert (
        f'`pip install ".[jax]"` (JAX, and Keras {bound} or newer)' in readme
    )
