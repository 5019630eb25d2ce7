"""What Keras's PyTorch backend would cost: install size and training speed.

lcdnet refuses Keras's PyTorch backend. This script measures why, in one
environment that holds lcdnet (with TensorFlow) and PyTorch's CPU build::

    python -m venv .venv-torch && . .venv-torch/bin/activate
    pip install . torch==2.13.0
    python benchmarks/bench_torch.py

(On this kind of machine ``torch==2.13.0`` is a CPU build lying on disk for
Python 3.11; elsewhere, ask for a CPU build explicitly: a plain
``pip install torch`` on Linux downloads the CUDA build, gigabytes.)

(a) Install size of ``pip install torch`` (PyPI's default build, with CUDA
    on Linux) and of ``pip install torch==2.13.0`` (the CPU build), each as
    pip resolves it for a fresh environment: ``pip install --dry-run
    --ignore-installed --report``, which installs nothing. For each wheel
    of the resolution that lies on this disk, its size (the download) and
    its unpacked size (what lands in site-packages, before bytecode); the
    few that pip would download are named, not counted. The CPU build is
    also measured as installed here (its files, bytecode included).

(b) XNOR 2-2-1, 5,000 Adam steps (rate 0.03, mean squared error) on the
    4-row truth table, every way from the same initial weights (those of
    ``make_xnor_model(seed=0)``), each backend in a fresh process
    (``KERAS_BACKEND``), a short throwaway run of each way first:

    - per-batch calls: ``train_on_batch`` 5,000 times;
    - Keras's best ``fit``: the table tiled 5,000 times, batches of 4, one
      epoch, with ``jit_compile`` off and on (XLA on TensorFlow,
      ``torch.compile`` on PyTorch) and each ``steps_per_execution`` the
      backend accepts (1, 100, 1,000; PyTorch's backend accepts only 1),
      the fastest counts;
    - on TensorFlow, ``lcdnet.train``.

    Each way is timed on a fresh model: its tracing and compiling count,
    as in ``lcdnet.train``'s first call.

Every figure is measured in this run; nothing is extrapolated.
"""

import argparse
import importlib.metadata
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from bench_training import load_average, timed

STEPS = 5_000
WARM_UP_STEPS = 20
STEPS_PER_EXECUTION = (1, 100, 1000)
CPU_BUILD = "torch==2.13.0"
DEFAULT_BUILD = "torch"
MB = 1e6


# ------------------------------------------------------------ (a) sizes


def resolve(requirement):
    """pip's resolution of ``requirement`` for a fresh environment.

    A list of (name, version, url) from ``pip install --dry-run
    --ignore-installed --report``: metadata only, nothing installed.
    """
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--quiet",
            "--ignore-installed",
            "--report",
            "-",
            requirement,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(completed.stdout)
    return [
        (
            item["metadata"]["name"],
            item["metadata"]["version"],
            item["download_info"]["url"],
        )
        for item in report["install"]
    ]


def local_path(url):
    """The file a ``file://`` URL names, or None for a download."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme != "file":
        return None
    return pathlib.Path(urllib.request.url2pathname(parsed.path))


def wheel_sizes(resolution):
    """(bytes of the wheels on disk, bytes unpacked, [names not on disk])."""
    download = unpacked = 0
    missing = []
    for name, version, url in resolution:
        path = local_path(url)
        if path is None or not path.is_file():
            missing.append(f"{name} {version}")
            continue
        download += path.stat().st_size
        with zipfile.ZipFile(path) as wheel:
            unpacked += sum(entry.file_size for entry in wheel.infolist())
    return download, unpacked, missing


def installed_bytes(names):
    """Bytes of the installed files of ``names`` (RECORD: bytecode too)."""
    total = 0
    for name in names:
        try:
            files = importlib.metadata.distribution(name).files or ()
        except importlib.metadata.PackageNotFoundError:
            continue
        for file in files:
            path = file.locate()
            if path.is_file():
                total += path.stat().st_size
    return total


def sizes_section():
    print("\n(a) install size, as pip resolves it for a fresh environment")
    rows = {}
    for label, requirement in (
        ("PyPI's default build", DEFAULT_BUILD),
        ("CPU build", CPU_BUILD),
    ):
        resolution = resolve(requirement)
        torch_version = next(
            version for name, version, _ in resolution if name == "torch"
        )
        rows[label] = (
            requirement,
            torch_version,
            resolution,
            *wheel_sizes(resolution),
        )
    print(
        f"  {'pip install':<15} {'torch':>11} {'wheels':>7} "
        f"{'download':>10} {'unpacked':>10}"
    )
    for label, (
        requirement,
        version,
        resolution,
        download,
        unpacked,
        missing,
    ) in rows.items():
        print(
            f"  {requirement:<15} {version:>11} {len(resolution):>7} "
            f"{download / MB:>7,.0f} MB {unpacked / MB:>7,.0f} MB"
            f"  {label}"
        )
        if missing:
            print(
                textwrap.fill(
                    f"not on this disk, not counted: {', '.join(missing)}",
                    width=77,
                    initial_indent="    ",
                    subsequent_indent="      ",
                    break_on_hyphens=False,
                )
            )
    requirement, version, resolution = rows["CPU build"][:3]
    try:
        installed = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        print(f"  (torch {version} is not installed here: no installed size)")
        return
    names = [name for name, _, _ in resolution]
    print(
        f"  {requirement}'s {len(names)} packages as installed here, "
        f"bytecode included: {installed_bytes(names) / MB:,.0f} MB"
    )


# ------------------------------------------------------------ (b) speed


def xnor_data(steps):
    """The truth table, and the same tiled ``steps`` times."""
    import numpy as np

    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    x = np.asarray(XNOR_INPUTS, dtype="float32")
    y = np.asarray(XNOR_TARGETS, dtype="float32")
    return x, y, np.tile(x, (steps, 1)), np.tile(y, (steps, 1))


def plain_keras_model(weights, steps_per_execution=1, jit_compile="auto"):
    """make_xnor_model's network and settings, built in plain Keras."""
    import keras
    import numpy as np

    model = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(2, activation="sigmoid"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.03),
        loss="mean_squared_error",
        steps_per_execution=steps_per_execution,
        jit_compile=jit_compile,
    )
    model.set_weights([np.asarray(w, dtype="float32") for w in weights])
    return model


def time_per_batch_calls(weights, steps):
    """Seconds of ``steps`` train_on_batch calls, and the last loss."""
    x, y, _, _ = xnor_data(steps)
    model = plain_keras_model(weights)

    def run():
        for _ in range(steps):
            loss = model.train_on_batch(x, y)
        return float(loss)

    return timed(run)


def time_fit(weights, steps, steps_per_execution, jit_compile):
    """Seconds of one epoch of fit over the tiled table, and its mean loss."""
    _, _, tiled_x, tiled_y = xnor_data(steps)
    model = plain_keras_model(weights, steps_per_execution, jit_compile)
    seconds, history = timed(
        lambda: model.fit(
            tiled_x, tiled_y, batch_size=4, epochs=1, shuffle=False, verbose=0
        )
    )
    return seconds, history.history["loss"][-1]


def best_fit(weights, steps):
    """(seconds, settings, loss) of the fastest fit the backend accepts."""
    best = None
    for jit_compile in (False, True):
        for steps_per_execution in STEPS_PER_EXECUTION:
            settings = (steps_per_execution, jit_compile)
            try:
                time_fit(weights, WARM_UP_STEPS, *settings)
            except ValueError:  # PyTorch's backend accepts only 1
                continue
            seconds, loss = time_fit(weights, steps, *settings)
            if best is None or seconds < best[0]:
                best = (seconds, settings, loss)
    return best


def time_lcdnet_train(steps):
    """Seconds of train's first call on a fresh model, and its final loss."""
    import lcdnet
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    lcdnet.train(
        lcdnet.make_xnor_model(hidden_units=3, seed=0),
        XNOR_INPUTS,
        XNOR_TARGETS,
        steps=WARM_UP_STEPS,
    )  # one-off costs
    model = lcdnet.make_xnor_model(seed=0)
    seconds, record = timed(
        lambda: lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=steps)
    )
    return seconds, record.final("loss")


def worker(weights):
    """Measure this process's backend; print one JSON line."""
    start = time.perf_counter()
    import keras

    import_seconds = time.perf_counter() - start
    time_per_batch_calls(weights, WARM_UP_STEPS)
    per_batch, per_batch_loss = time_per_batch_calls(weights, STEPS)
    fit_seconds, fit_settings, fit_loss = best_fit(weights, STEPS)
    figures = {
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "import": import_seconds,
        "per_batch": per_batch,
        "per_batch_loss": per_batch_loss,
        "fit": fit_seconds,
        "fit_settings": fit_settings,
        "fit_loss": fit_loss,
    }
    if figures["backend"] == "tensorflow":
        figures["train"], figures["train_loss"] = time_lcdnet_train(STEPS)
    if figures["backend"] == "torch":
        import torch

        figures["torch"] = torch.__version__
    print(json.dumps(figures))


def initial_weights():
    """make_xnor_model(seed=0)'s weights, drawn in a TensorFlow process."""
    script = (
        "import json, lcdnet\n"
        "model = lcdnet.make_xnor_model(seed=0)\n"
        "print(json.dumps([w.tolist() for w in model.get_weights()]))"
    )
    env = dict(os.environ, KERAS_BACKEND="tensorflow")
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_backend(backend, weights):
    """The worker's figures for ``backend``, measured in a fresh process."""
    env = dict(os.environ, KERAS_BACKEND=backend)
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(weights)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def speed_section():
    print(
        f"\n(b) XNOR 2-2-1, {STEPS:,} Adam steps on the 4-row table, "
        "a fresh process\n    per backend, a fresh model per way"
    )
    weights = initial_weights()
    tensorflow = measure_backend("tensorflow", weights)
    torch = measure_backend("torch", weights)
    print(f"  Keras {tensorflow['keras']}; torch {torch['torch']}")
    rows = [
        (
            f"per-batch calls, train_on_batch x {STEPS:,}",
            "per_batch",
            "per_batch_loss",
        ),
        ("Keras's best fit, tiled table", "fit", "fit_loss"),
    ]
    print(f"  {'way':<44} {'tensorflow':>11} {'torch':>11} {'torch / tf':>11}")
    for label, key, _ in rows:
        print(
            f"  {label:<44} {tensorflow[key]:>9.2f} s {torch[key]:>9.2f} s"
            f" {torch[key] / tensorflow[key]:>9.1f} x"
        )
    torch_best = min(torch["per_batch"], torch["fit"])
    print(
        f"  {'lcdnet.train, first call on a fresh model':<44} "
        f"{tensorflow['train']:>9.2f} s {'':>11} "
        f"{torch_best / tensorflow['train']:>9.1f} x"
    )
    print("  (the last ratio: torch's faster way / lcdnet.train)")
    for name, figures in (("TensorFlow", tensorflow), ("torch", torch)):
        steps_per_execution, jit_compile = figures["fit_settings"]
        print(
            f"  (on {name}: best fit with steps_per_execution="
            f"{steps_per_execution}, jit_compile={jit_compile};\n"
            f"   importing Keras took {figures['import']:.1f} s, "
            "not counted)"
        )
    print(
        "  (last loss of the per-batch calls: "
        f"{tensorflow['per_batch_loss']:.2e} on TensorFlow, "
        f"{torch['per_batch_loss']:.2e} on torch;\n"
        f"   of lcdnet.train: {tensorflow['train_loss']:.2e})"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-sizes",
        action="store_true",
        help="skip part (a), which asks pip to resolve",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    print(
        f"(load average {load_average()} on {os.cpu_count()} cores: "
        "other processes slow every figure down)"
    )
    if not args.no_sizes:
        sizes_section()
    speed_section()
    print(f"\n(load average at the end: {load_average()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
