"""Wall time of a full ``lcdnet reproduce`` run, Keras import included.

Runs the command in a fresh process (so the cold import of Keras and its
backend is counted) into a temporary folder, and compares the wall time
with the target of 60 s on a 2-core machine. ``--backend`` picks the Keras
backend (``KERAS_BACKEND``); the default leaves Keras's own choice.

    python benchmarks/bench_reproduce.py [--check]
        [--backend {tensorflow,jax}] [--quick]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 60.0
BACKENDS = ("tensorflow", "jax")


def measure_reproduce_seconds(backend=None, quick=False):
    """Seconds of wall time of one ``python -m lcdnet reproduce``.

    The command runs in a fresh process; ``backend`` sets ``KERAS_BACKEND``
    for that process (None: inherited). Raises
    ``subprocess.CalledProcessError`` with the command's output if it fails.
    """
    env = dict(os.environ)
    if backend is not None:
        env["KERAS_BACKEND"] = backend
    command = [
        sys.executable,
        "-m",
        "lcdnet",
        "reproduce",
        *(["--quick"] if quick else []),
    ]
    with tempfile.TemporaryDirectory() as out_dir:
        start = time.perf_counter()
        subprocess.run(
            [*command, "--out", out_dir],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the target is missed"
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="Keras backend of the run (default: KERAS_BACKEND or Keras's)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="time reproduce --quick instead (no target)",
    )
    arguments = parser.parse_args()
    seconds = measure_reproduce_seconds(arguments.backend, arguments.quick)
    label = f"lcdnet reproduce{' --quick' if arguments.quick else ''}"
    backend = arguments.backend or os.environ.get(
        "KERAS_BACKEND", "Keras's default backend"
    )
    if arguments.quick:
        print(f"{label} on {backend} (cold process): {seconds:.1f} s")
        return 0
    met = seconds <= TARGET_SECONDS
    print(
        f"{label} on {backend} (full run, cold process): {seconds:.1f} s "
        f"(target <= {TARGET_SECONDS:.0f} s) {'PASS' if met else 'MISS'}"
    )
    return 0 if met or not arguments.check else 1


if __name__ == "__main__":
    sys.exit(main())
