"""Release readiness: the sdist and wheel build, pass twine's checks, carry one version."""

import subprocess
import sys
import tarfile
import zipfile

import lcdnet


def test_sdist_and_wheel_build_and_pass_twine_check(distributions):
    completed = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                                *map(str, distributions)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("PASSED") == 2


def test_the_version_has_one_source(distributions):
    sdist, wheel = distributions
    assert f"lcdnet-{lcdnet.__version__}-" in wheel.name
    assert sdist.name == f"lcdnet-{lcdnet.__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(name for name in archive.namelist() if name.endswith("METADATA"))
        assert f"Version: {lcdnet.__version__}\n" in archive.read(metadata).decode()


def test_the_wheel_holds_the_package_and_its_command(distributions):
    _, wheel = distributions
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(name for name in names if name.endswith("entry_points.txt"))
        assert "lcdnet = lcdnet.cli:main" in archive.read(entry_points).decode()
    for module in ("lcdnet/__init__.py", "lcdnet/lab/__init__.py", "lcdnet/plotting/cnn.py",
                   "lcdnet/lessons/deep.py"):
        assert module in names
    assert not any(name.startswith(("tests/", "docs/", "examples/")) for name in names)


def test_the_sdist_holds_the_sources_and_the_licence(distributions):
    sdist, _ = distributions
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE", "lcdnet/__init__.py"} <= names


def test_the_installed_wheel_imports_from_its_own_environment(installed_bin, tmp_path):
    completed = subprocess.run(
        [str(installed_bin / "python"), "-c", "import lcdnet; print(lcdnet.__file__, lcdnet.__version__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    location, version = completed.stdout.split()
    assert location.startswith(str(installed_bin.parent)) and version == lcdnet.__version__
