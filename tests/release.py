"""Build lcdnet's sdist and wheel, and install the wheel into a fresh venv.

Shared by the release tests and the end-to-end command-line tests, which run
``lcdnet reproduce`` from that installed wheel: what a user gets from
``pip install``, not the source tree.
"""

import json
import pathlib
import site
import subprocess
import sys
import venv

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build_distributions(out_dir):
    """Run ``python -m build`` on the repository.

    Returns the (sdist, wheel) paths.
    """
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--outdir",
            str(out_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (sdist,) = out_dir.glob("lcdnet-*.tar.gz")
    (wheel,) = out_dir.glob("lcdnet-*.whl")
    return sdist, wheel


def install_wheel(wheel, env_dir):
    """A fresh virtual environment with ``wheel`` installed.

    Returns the environment's ``bin`` folder.

    lcdnet's dependencies (TensorFlow alone is hundreds of megabytes) come from
    this interpreter's site-packages through a ``.pth`` file, so that the test
    needs no download; lcdnet itself comes only from the wheel.
    """
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    purelib = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dependencies = [
        path for path in site.getsitepackages() if "site-packages" in path
    ]
    pathlib.Path(purelib, "lcdnet_test_dependencies.pth").write_text(
        "\n".join(dependencies) + "\n"
    )
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return bin_dir


# ------------------------------------------------- declared bounds and Pythons
# Read by .ci/run (``python tests/release.py --help``) and by the tests.


def _project(pyproject=ROOT / "pyproject.toml"):
    import tomllib  # Python 3.11+; the callers run on CI's own interpreter

    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]


def declared_requirements(extras=(), *, project=None):
    """lcdnet's requirements with ``extras``, ``lcdnet[extra]`` expanded.

    Returns a list of :class:`packaging.requirements.Requirement`.
    """
    from packaging.requirements import Requirement

    project = _project() if project is None else project
    optional = project.get("optional-dependencies", {})
    unknown = sorted(set(extras) - set(optional))
    if unknown:
        raise ValueError(f"extras {unknown} are not among {sorted(optional)}")
    texts, wanted = list(project["dependencies"]), list(extras)
    expanded = set()
    while wanted:
        extra = wanted.pop()
        if extra in expanded:
            continue
        expanded.add(extra)
        for text in optional[extra]:
            requirement = Requirement(text)
            if requirement.name == project["name"]:
                wanted.extend(requirement.extras)
            else:
                texts.append(text)
    return [Requirement(text) for text in texts]


def lower_bounds(requirements):
    """{name: the lowest version the requirements allow} (``>=`` and ``==``).

    A name required twice (a base dependency raised by an extra) gets the
    higher of its bounds.
    """
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    bounds = {}
    for requirement in requirements:
        for specifier in requirement.specifier:
            if specifier.operator in (">=", "=="):
                name = canonicalize_name(requirement.name)
                version = Version(specifier.version)
                bounds[name] = max(bounds.get(name, version), version)
    return bounds


def installed_versions(python, names):
    """{name: version or None} of ``names`` installed for ``python``."""
    script = (
        "import json, sys, importlib.metadata as m\n"
        "def version(name):\n"
        "    try:\n"
        "        return m.version(name)\n"
        "    except m.PackageNotFoundError:\n"
        "        return None\n"
        "print(json.dumps({n: version(n) for n in sys.argv[1:]}))"
    )
    completed = subprocess.run(
        [str(python), "-c", script, *names],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout)


def off_their_bounds(bounds, installed):
    """Lines naming each package not installed at exactly its lower bound."""
    from packaging.version import Version

    return [
        f"{name}: declared >= {bound}, installed {installed.get(name)}"
        for name, bound in sorted(bounds.items())
        if installed.get(name) is None or Version(installed[name]) != bound
    ]


def tested_pythons(project=None):
    """The ``X.Y`` versions the classifiers name, oldest first."""
    project = _project() if project is None else project
    prefix = "Programming Language :: Python :: "
    versions = [
        text[len(prefix) :]
        for text in project.get("classifiers", ())
        if text.startswith(prefix) and text[len(prefix) :][:2] == "3."
    ]
    return sorted(versions, key=lambda text: tuple(map(int, text.split("."))))


def test_tools(names, *, project=None):
    """The test extra's requirements of the packages ``names``."""
    from packaging.requirements import Requirement

    project = _project() if project is None else project
    tools = [
        Requirement(text) for text in project["optional-dependencies"]["test"]
    ]
    missing = sorted(set(names) - {tool.name for tool in tools})
    if missing:
        raise ValueError(f"{missing} are not in the test extra")
    return [tool for tool in tools if tool.name in names]


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(
        description="lcdnet's declared requirements, for .ci/run"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("pythons", help="print the classifiers' Pythons")
    tools = commands.add_parser(
        "tools", help="print the test extra's requirements of NAMES"
    )
    tools.add_argument("names", nargs="+")
    listing = commands.add_parser(
        "requirements",
        help="print the requirements with --extra, and --tools, one a line",
    )
    check = commands.add_parser(
        "check-lower-bounds",
        help="exit 1 unless --python has each of them at its lower bound",
    )
    for command in (listing, check):
        command.add_argument("--extra", action="append", default=[])
        command.add_argument(
            "--tools", nargs="*", default=[], help="names from the test extra"
        )
    check.add_argument("--python", required=True)
    args = parser.parse_args(argv)
    if args.command == "pythons":
        print(" ".join(tested_pythons()))
        return 0
    if args.command == "tools":
        print(" ".join(map(str, test_tools(args.names))))
        return 0
    requirements = declared_requirements(args.extra) + test_tools(args.tools)
    if args.command == "requirements":
        print("\n".join(map(str, requirements)))
        return 0
    bounds = lower_bounds(requirements)
    installed = installed_versions(args.python, bounds)
    for name, bound in sorted(bounds.items()):
        print(
            f"  {name:<12} declared >= {str(bound):<9} "
            f"installed {installed.get(name)}"
        )
    problems = off_their_bounds(bounds, installed)
    for problem in problems:
        print(f"NOT AT ITS LOWER BOUND: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
