"""Memory of ``lcdnet.train(xnor, X, Y, steps=10**9)`` over its first seconds.

Run it from the repository root (Linux: it reads /proc)::

    python benchmarks/bench_train_memory.py [--seconds 10] [--log-every 10]

A child process builds the XNOR network, warms its compiled loop up with
5,000 steps and waits; this process reads the child's resident memory
(VmRSS) and address space (VmSize), lets it start ``train(...,
steps=10**9)`` (full batch), samples both every 0.1 s and stops the child
after ``--seconds``. It
prints the peaks, before and during the long training. Nothing is asked of
the child (no progress callback), so the same script measures any version
of lcdnet.
"""

import argparse
import pathlib
import subprocess
import sys
import time

CHILD = """
import sys
import lcdnet
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

model = lcdnet.make_xnor_model(seed=0)
lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=5000)
print("warm", flush=True)
sys.stdin.readline()  # measured up to here; then the long training starts
lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=10**9,
             log_every={log_every})
"""


def status(pid):
    """VmRSS and VmSize of a process, in bytes."""
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmSize"):
            fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmSize"]


def measure(seconds, log_every):
    """Peaks of a child's VmRSS and VmSize before and while it trains."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(log_every=log_every)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "warm"
        before = status(child.pid)
        child.stdin.write("go\n")
        child.stdin.flush()
        peak, start = before, time.monotonic()
        while time.monotonic() - start < seconds and child.poll() is None:
            peak = tuple(map(max, peak, status(child.pid)))
            time.sleep(0.1)
        ended = child.poll()
    finally:
        child.kill()
        child.wait()
    return before, peak, ended


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--log-every", type=int, default=10)
    arguments = parser.parse_args()
    before, peak, ended = measure(arguments.seconds, arguments.log_every)
    print(
        f"train(xnor, X, Y, steps=10**9, log_every={arguments.log_every}), "
        f"first {arguments.seconds:g} s:"
    )
    mib = 2**20
    for name, first, most in zip(
        ("resident memory", "address space"), before, peak, strict=True
    ):
        print(
            f"  {name + ':':<17} {first / mib:,.0f} MiB before, peak "
            f"{most / mib:,.0f} MiB (+{(most - first) / mib:,.1f} MiB)"
        )
    if ended is not None:
        print(f"  the training ended by itself, with status {ended}")


if __name__ == "__main__":
    main()
