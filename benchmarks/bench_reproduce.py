"""Wall time of a full ``lcdnet reproduce`` run, TensorFlow import included.

Runs the command in a fresh process (so the cold import of Keras and
TensorFlow is counted) into a temporary folder, and compares the wall time
with the target of 60 s on a 2-core machine.

    python benchmarks/bench_reproduce.py [--check]
"""

import argparse
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 60.0


def measure_reproduce_seconds():
    """Seconds of wall time of one full ``python -m lcdnet reproduce``."""
    with tempfile.TemporaryDirectory() as out_dir:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lcdnet", "reproduce", "--out", out_dir],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    arguments = parser.parse_args()
    seconds = measure_reproduce_seconds()
    met = seconds <= TARGET_SECONDS
    print(f"lcdnet reproduce (full run, cold process): {seconds:.1f} s "
          f"(target <= {TARGET_SECONDS:.0f} s) {'PASS' if met else 'MISS'}")
    return 0 if met or not arguments.check else 1


if __name__ == "__main__":
    sys.exit(main())
