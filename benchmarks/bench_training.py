"""How fast does lcdnet train, against Keras's ways and a hand-written
loop, per backend?

(a) XNOR on TensorFlow, 2-2-1 sigmoid network, 5,000 Adam steps (learning
    rate 0.03, mean squared error) on the full 4-row truth table, each way
    from the same initial weights (``make_xnor_model(seed=0)``):

    - ``lcdnet.train``, first call on a fresh model (tracing and XLA
      compilation included), then a second call of 5,000 more steps on the
      same model (the compiled loop reused); the weights after both must
      equal those of one 10,000-step call to within 1e-6;
    - a hand-written ``tf.function(jit_compile=True)`` running a ``tf.range``
      loop of GradientTape + Adam updates: first call (trace + XLA compile)
      and second call;
    - Keras's best: ``fit`` on the truth table tiled 5,000 times, batches of
      4, one epoch, with ``compile(steps_per_execution=...)`` (100 and 1,000
      tried, the faster counts);
    - the naive way, ``model.fit(x, y, epochs=N, batch_size=4, verbose=0)``:
      one epoch is one step here and costs tens of milliseconds, so only
      ``--epochs`` (default 200) epochs run, in 4 blocks, and the time of
      5,000 is EXTRAPOLATED from the fastest block (the first epoch, which
      traces, is timed apart and counted once).

    Before timing, a short throwaway run of each way (on another network
    width) pays the process's one-off costs, so that no way is charged for
    them because it happened to run first.

(b) Each supported backend side by side, each in a fresh process
    (``KERAS_BACKEND``): XNOR's 5,000 steps (first and second call), the
    CNN's 300 steps of batch 50 on 100 jittered 10x10 digits (first call on
    a fresh model, then a second on the same model), and the wall time of a
    full ``lcdnet reproduce`` (skip it with ``--no-reproduce``).

(c) ``generate_digits`` images per second (``bench_digits``).

Every figure is measured in this run; ratios compare ways measured in the
same run. Each target prints PASS or MISS; the exit code is 0 unless
``--check`` is given and a target is missed. The CPU may be shared: the load
average is printed before and after.

Run it with ``python benchmarks/bench_training.py [--check] [--no-reproduce]``.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

HERE = pathlib.Path(__file__).resolve().parent
STEPS = 5_000
CNN_STEPS = 300
BACKENDS = ("tensorflow", "jax")
TARGET_LOOP_RATIO = (
    1.5  # train's first call / the hand-written loop's first call
)
TARGET_SECOND_CALL = 0.15  # seconds for 5,000 more steps on the same model
TARGET_CONTINUATION = 1e-6  # 5,000 + 5,000 steps vs one call of 10,000
TARGET_NAIVE_SPEEDUP = 50.0


def timed(function):
    """(seconds, result) of one call of ``function``."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def verdict(passed):
    return "PASS" if passed else "MISS"


def load_average():
    """The 1-minute load average as text; "unknown" where the OS has none."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


# -------------------------------------------------- lcdnet.train, any backend


def time_xnor_train(steps=STEPS, seed=0, hidden_units=2):
    """Seconds of a first and a second ``train`` call on one fresh model.

    Returns both times, the final loss and the model.
    """
    import lcdnet
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    model = lcdnet.make_xnor_model(hidden_units=hidden_units, seed=seed)
    first, _ = timed(
        lambda: lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=steps)
    )
    second, record = timed(
        lambda: lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=steps)
    )
    return first, second, record.final("loss"), model


def continuation_gap(model, steps=2 * STEPS, seed=0):
    """Largest weight difference between ``model`` and a one-call training.

    The other model starts from the same seed and trains ``steps`` steps in
    one call.
    """
    import numpy as np

    import lcdnet
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    once = lcdnet.make_xnor_model(seed=seed)
    lcdnet.train(once, XNOR_INPUTS, XNOR_TARGETS, steps=steps)
    return max(
        float(np.abs(a - b).max())
        for a, b in zip(model.get_weights(), once.get_weights(), strict=True)
    )


def time_cnn_train(steps=CNN_STEPS, seed=0):
    """Seconds of a first and a second ``train`` call of the lesson-3 CNN.

    Returns both times and the final accuracy.
    """
    import lcdnet

    images, labels = lcdnet.generate_digits(100, img_size=10, seed=seed)
    model = lcdnet.make_deep_model(img_size=10, seed=seed)

    def run():
        return lcdnet.train(
            model, images, labels, steps=steps, batch_size=50, seed=seed
        )

    first, _ = timed(run)
    second, _ = timed(run)
    return first, second, lcdnet.accuracy(model, images, labels)


def worker():
    """Measure this process's backend (part b); print one JSON line."""
    start = time.perf_counter()
    import lcdnet  # noqa: F401
    from lcdnet._backend import backend_name

    import_seconds = time.perf_counter() - start
    time_xnor_train(
        20, hidden_units=3
    )  # one-off costs of the backend, on another model
    xnor_first, xnor_second, xnor_loss, model = time_xnor_train()
    cnn_first, cnn_second, cnn_accuracy = time_cnn_train()
    print(
        json.dumps(
            {
                "backend": backend_name(),
                "import": import_seconds,
                "xnor_first": xnor_first,
                "xnor_second": xnor_second,
                "xnor_loss": xnor_loss,
                "xnor_gap": continuation_gap(model),
                "cnn_first": cnn_first,
                "cnn_second": cnn_second,
                "cnn_accuracy": cnn_accuracy,
            }
        )
    )


def measure_backend(backend):
    """The worker's figures for ``backend``, measured in a fresh process."""
    env = dict(os.environ, KERAS_BACKEND=backend)
    completed = subprocess.run(
        [sys.executable, __file__, "--worker"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# -------------------------------------------------- TensorFlow's other ways


def make_compiled_loop(seed=0, hidden_units=2):
    """A hand-written XLA-compiled training loop on an identical model."""
    import tensorflow as tf

    import lcdnet
    from lcdnet._backend import keras

    model = lcdnet.make_xnor_model(hidden_units=hidden_units, seed=seed)
    optimizer = keras.optimizers.Adam(learning_rate=0.03)
    optimizer.build(model.trainable_variables)
    mean_squared_error = keras.losses.MeanSquaredError()
    variables = model.trainable_variables

    @tf.function(jit_compile=True)
    def run(x, y, steps):
        loss = tf.constant(0.0)
        for _ in tf.range(steps):
            with tf.GradientTape() as tape:
                loss = mean_squared_error(y, model(x, training=True))
            optimizer.apply_gradients(
                zip(tape.gradient(loss, variables), variables, strict=True)
            )
        return loss

    return run


def time_compiled_loop(steps=STEPS, seed=0, hidden_units=2):
    """Seconds of the first call (trace + compile) and of the second call.

    Returns both times and the final loss.
    """
    import tensorflow as tf

    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    x, y = tf.constant(XNOR_INPUTS), tf.constant(XNOR_TARGETS)
    run = make_compiled_loop(seed, hidden_units)
    num_steps = tf.constant(steps)
    first, loss = timed(lambda: float(run(x, y, num_steps)))
    second, _ = timed(lambda: float(run(x, y, num_steps)))
    return first, second, loss


def time_fit_steps_per_execution(steps_per_execution, steps=STEPS, seed=0):
    """Seconds of one epoch of ``fit`` over the tiled truth table.

    The table is tiled into ``steps`` batches of 4. Returns the seconds and
    the epoch's mean loss.
    """
    import numpy as np

    import lcdnet
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    x, y = np.tile(XNOR_INPUTS, (steps, 1)), np.tile(XNOR_TARGETS, (steps, 1))
    model = lcdnet.make_xnor_model(seed=seed)
    model.compile(
        optimizer=model.optimizer,
        loss=model.loss,
        steps_per_execution=steps_per_execution,
    )
    seconds, history = timed(
        lambda: model.fit(
            x, y, batch_size=4, epochs=1, shuffle=False, verbose=0
        )
    )
    return seconds, history.history["loss"][-1]


def time_naive_fit(epochs, seed=0, blocks=4):
    """Seconds of the first and of each later epoch of ``model.fit``.

    The first epoch traces, so it is timed apart.
    """
    import lcdnet
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    model = lcdnet.make_xnor_model(seed=seed)

    def fit(count):
        return model.fit(
            XNOR_INPUTS, XNOR_TARGETS, epochs=count, batch_size=4, verbose=0
        )

    first, _ = timed(lambda: fit(1))
    per_block = max(1, epochs // blocks)
    per_epoch = []
    for _ in range(blocks):
        seconds, history = timed(lambda: fit(per_block))
        per_epoch.append(seconds / per_block)
    return first, min(per_epoch), history.history["loss"][-1]


def warm_up():
    """Pay TensorFlow's one-off start-up costs before any timing.

    The throwaway runs use another network width.
    """
    time_xnor_train(20, hidden_units=3)
    time_compiled_loop(20, hidden_units=3)
    time_fit_steps_per_execution(10, steps=20)


def load_generation_rate():
    """``measure_generation_rate`` and its target from bench_digits.py.

    bench_digits.py is the file next to this one.
    """
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import bench_digits

    return bench_digits.measure_generation_rate, getattr(
        bench_digits, "TARGET_RATE", None
    )


def load_reproduce_timer():
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import bench_reproduce

    return (
        bench_reproduce.measure_reproduce_seconds,
        bench_reproduce.TARGET_SECONDS,
    )


# -------------------------------------------------- the report


def tensorflow_section(args, results):
    """Part (a), in this process, on TensorFlow."""
    print(
        f"\n(a) TensorFlow: XNOR 2-2-1, {STEPS:,} Adam steps, "
        "full batch of 4 rows"
    )
    warm_up()
    train_runs = [time_xnor_train() for _ in range(args.repeats)]
    train_first = min(run[0] for run in train_runs)
    train_second = min(run[1] for run in train_runs)
    gap = continuation_gap(train_runs[0][3])
    loop_runs = [time_compiled_loop() for _ in range(args.repeats)]
    loop_first = min(run[0] for run in loop_runs)
    loop_second = min(run[1] for run in loop_runs)
    fit_best = min(
        (time_fit_steps_per_execution(spe) + (spe,) for spe in (100, 1000))
    )
    fit_first, fit_epoch, _ = time_naive_fit(args.epochs)
    fit_total = fit_first + (STEPS - 1) * fit_epoch

    def us(seconds):
        return f"{seconds / STEPS * 1e6:8.1f} us/step"

    print(f"  {'way':<62} {'seconds':>9}  {'per step':>16}")
    rows = [
        ("lcdnet.train, first call on a fresh model", train_first),
        ("lcdnet.train, second call (5,000 more steps)", train_second),
        ("hand-written tf.function(jit_compile=True), first call", loop_first),
        (
            "hand-written tf.function(jit_compile=True), second call",
            loop_second,
        ),
        (
            f"Keras fit, tiled table, steps_per_execution={fit_best[2]}",
            fit_best[0],
        ),
        (
            "Keras fit(epochs=5000), EXTRAPOLATED from "
            f"{args.epochs} epochs, not run",
            fit_total,
        ),
    ]
    for label, seconds in rows:
        print(f"  {label:<62} {seconds:9.3f}  {us(seconds)}")
    print(
        f"  (train: best of {args.repeats}, loss {train_runs[0][2]:.2e} "
        "after 10,000 steps; "
        f"hand-written loop: loss {loop_runs[0][2]:.2e} after 5,000; "
        "Keras fit: mean loss "
        f"{fit_best[1]:.2e} over its epoch of 5,000 steps)"
    )

    checks = [
        (
            "train first call / hand-written loop first call: "
            f"{train_first / loop_first:.2f} x",
            train_first / loop_first <= TARGET_LOOP_RATIO,
            f"<= {TARGET_LOOP_RATIO}",
        ),
        (
            f"train second call: {train_second:.4f} s",
            train_second <= TARGET_SECOND_CALL,
            f"<= {TARGET_SECOND_CALL} s",
        ),
        (
            "weights after 5,000 + 5,000 steps vs one 10,000-step call: "
            f"max |diff| {gap:.1e}",
            gap <= TARGET_CONTINUATION,
            f"<= {TARGET_CONTINUATION:g}",
        ),
        (
            "train first call vs naive fit (extrapolated): "
            f"{fit_total / train_first:.0f} x faster",
            fit_total / train_first >= TARGET_NAIVE_SPEEDUP,
            f">= {TARGET_NAIVE_SPEEDUP:.0f} x",
        ),
    ]
    for text, passed, target in checks:
        results.append(passed)
        print(f"  {text} (target {target}) {verdict(passed)}")
    print(
        f"  for information: train first call / Keras's best fit: "
        f"{train_first / fit_best[0]:.2f} x; "
        "train second call / hand-written second call: "
        f"{train_second / loop_second:.1f} x"
    )


def backends_section(args, results):
    """Part (b): every backend, each in a fresh process."""
    print("\n(b) per backend, each in a fresh process (KERAS_BACKEND)")
    measured = {}
    for backend in BACKENDS:
        try:
            measured[backend] = measure_backend(backend)
        except subprocess.CalledProcessError as error:
            print(
                f"  {backend}: failed: "
                f"{error.stderr.strip().splitlines()[-1:]}"
            )
            results.append(False)
    if not args.no_reproduce:
        measure_reproduce, target = load_reproduce_timer()
        for backend in measured:
            measured[backend]["reproduce"] = measure_reproduce(backend)
    rows = [
        ("import lcdnet + Keras (s)", "import", ".1f"),
        (f"XNOR {STEPS:,} steps, first call (s)", "xnor_first", ".3f"),
        (f"XNOR {STEPS:,} more steps, second call (s)", "xnor_second", ".4f"),
        ("XNOR final loss", "xnor_loss", ".1e"),
        ("XNOR 5,000 + 5,000 vs 10,000 steps, max |diff|", "xnor_gap", ".1e"),
        (f"CNN {CNN_STEPS} steps of 50, first call (s)", "cnn_first", ".2f"),
        (f"CNN {CNN_STEPS} more steps, second call (s)", "cnn_second", ".2f"),
        ("CNN training accuracy", "cnn_accuracy", ".2f"),
        ("lcdnet reproduce, full run, cold process (s)", "reproduce", ".1f"),
    ]
    print(f"  {'':<48}" + "".join(f"{backend:>12}" for backend in measured))
    for label, key, spec in rows:
        cells = [
            format(figures[key], spec) if key in figures else "-"
            for figures in measured.values()
        ]
        print(f"  {label:<48}" + "".join(f"{cell:>12}" for cell in cells))
    for backend, figures in measured.items():
        passed = figures["xnor_second"] <= TARGET_SECOND_CALL
        results.append(passed)
        print(
            f"  {backend}: second call {figures['xnor_second']:.4f} s "
            f"(target <= {TARGET_SECOND_CALL} s) {verdict(passed)}"
        )
        if "reproduce" in figures:
            passed = figures["reproduce"] <= target
            results.append(passed)
            print(
                f"  {backend}: reproduce {figures['reproduce']:.1f} s "
                f"(target <= {target:.0f} s) {verdict(passed)}"
            )


def digits_section(results):
    print("\n(c) generate_digits, 10 x 10 images")
    try:
        measure_generation_rate, target_rate = load_generation_rate()
    except ImportError as error:
        print(
            "  cannot import bench_digits.measure_generation_rate: "
            f"{error}  MISS"
        )
        results.append(False)
        return
    rate = measure_generation_rate(n=1_000_000, repeats=3)
    line = f"  {rate:,.0f} images/s (1,000,000 images, best of 3)"
    if target_rate is not None:
        passed = rate >= target_rate
        results.append(passed)
        line += f" (target >= {target_rate:,}) {verdict(passed)}"
    print(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if a target is missed",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=200,
        help="epochs of the naive fit actually run (default 200)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="fresh runs of train and of the loop; the best counts "
        "(default 3)",
    )
    parser.add_argument(
        "--no-reproduce",
        action="store_true",
        help="skip the full lcdnet reproduce runs of part (b)",
    )
    parser.add_argument(
        "--worker", action="store_true", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return 0

    os.environ["KERAS_BACKEND"] = (
        "tensorflow"  # part (a) compares TensorFlow's ways
    )
    results = []
    start = time.perf_counter()
    import lcdnet  # noqa: F401
    from lcdnet._backend import keras

    print(
        f"(importing Keras {keras.__version__} on TensorFlow took "
        f"{time.perf_counter() - start:.1f} s; not counted below)"
    )
    print(
        f"(load average {load_average()} on {os.cpu_count()} cores: "
        "other processes slow every figure down)"
    )
    tensorflow_section(args, results)
    backends_section(args, results)
    digits_section(results)
    print(f"\n(load average at the end: {load_average()})")
    missed = results.count(False)
    print(f"\n{len(results) - missed} of {len(results)} targets met")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
