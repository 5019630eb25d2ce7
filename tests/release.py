"""Build lcdnet's sdist and wheel, and install the wheel into a fresh virtual environment.

Shared by the release tests and the end-to-end command-line tests, which run
``lcdnet reproduce`` from that installed wheel: what a user gets from
``pip install``, not the source tree.
"""

import pathlib
import site
import subprocess
import sys
import venv

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build_distributions(out_dir):
    """Run ``python -m build`` on the repository; return (sdist, wheel) paths."""
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out_dir),
                    str(ROOT)], check=True, capture_output=True, text=True, timeout=300)
    (sdist,) = out_dir.glob("lcdnet-*.tar.gz")
    (wheel,) = out_dir.glob("lcdnet-*.whl")
    return sdist, wheel


def install_wheel(wheel, env_dir):
    """A fresh virtual environment with ``wheel`` installed; returns its ``bin`` folder.

    lcdnet's dependencies (TensorFlow alone is hundreds of megabytes) come from
    this interpreter's site-packages through a ``.pth`` file, so that the test
    needs no download; lcdnet itself comes only from the wheel.
    """
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    purelib = subprocess.run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    dependencies = [path for path in site.getsitepackages() if "site-packages" in path]
    pathlib.Path(purelib, "lcdnet_test_dependencies.pth").write_text("\n".join(dependencies) + "\n")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True, text=True,
                   timeout=300)
    return bin_dir
