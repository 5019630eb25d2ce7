"""How fast does lcdnet train, against the naive Keras way and a hand-written loop?

(a) XNOR, 2-2-1 sigmoid network, 5,000 Adam steps (learning rate 0.03, mean
    squared error) on the full 4-row truth table, three ways, each from the
    same initial weights (``make_xnor_model(seed=0)``):

    - ``lcdnet.train``: wall time of the whole call on a fresh model,
      tracing included (best of ``--repeats``, default 3);
    - the naive way, ``model.fit(x, y, epochs=N, batch_size=4, verbose=0)``:
      one epoch is one step here, and an epoch costs tens of milliseconds, so
      only ``--epochs`` (default 200) epochs are run, in 4 blocks, and the
      time of 5,000 is extrapolated from the fastest block (the first epoch,
      which traces, is timed apart and counted once);
    - a hand-written ``tf.function(jit_compile=True)`` running a ``tf.range``
      loop of GradientTape + Adam updates: first call of a fresh function
      (trace + XLA compile) and its second call (steady state), best of
      ``--repeats``.

    Before timing, a short throwaway run of each pays the process's one-off
    costs (TensorFlow start-up, first AutoGraph conversions, XLA start-up),
    so that neither way is charged for them because it happened to run first.

(b) ``generate_digits`` images per second, measured by
    ``bench_digits.measure_generation_rate``.

Every figure is measured in this run. Each target prints PASS or MISS; the
exit code is 0 unless ``--check`` is given and a target is missed.

Run it with ``python benchmarks/bench_training.py [--check]``.
"""

import argparse
import os
import pathlib
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

STEPS = 5_000
TARGET_NAIVE_SPEEDUP = 50.0
TARGET_LOOP_RATIO = 3.0


def timed(function):
    """(seconds, result) of one call of ``function``."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def verdict(passed):
    return "PASS" if passed else "MISS"


def xnor_data():
    import numpy as np

    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
    y = np.array([[1], [0], [0], [1]], dtype="float32")
    return x, y


def time_lcdnet_train(steps, seed=0, hidden_units=2):
    """Wall time of ``lcdnet.train`` from a fresh model (tracing included), final loss."""
    import lcdnet

    x, y = xnor_data()
    model = lcdnet.make_xnor_model(hidden_units=hidden_units, seed=seed)
    seconds, record = timed(lambda: lcdnet.train(model, x, y, steps=steps))
    return seconds, record.final("loss")


def time_naive_fit(epochs, seed=0, blocks=4):
    """Seconds of the first epoch (it traces) and of each later epoch of ``model.fit``.

    The later epochs run in ``blocks`` calls of ``epochs // blocks`` epochs
    each; the fastest block sets the time per epoch, which keeps other load
    on the machine from inflating the naive way's figure.
    """
    import lcdnet

    x, y = xnor_data()
    model = lcdnet.make_xnor_model(seed=seed)
    first, _ = timed(lambda: model.fit(x, y, epochs=1, batch_size=4, verbose=0))
    per_block = max(1, epochs // blocks)
    per_epoch = []
    for _ in range(blocks):
        seconds, history = timed(
            lambda: model.fit(x, y, epochs=per_block, batch_size=4, verbose=0)
        )
        per_epoch.append(seconds / per_block)
    return first, min(per_epoch), history.history["loss"][-1]


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
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    return run


def time_compiled_loop(steps, seed=0, hidden_units=2):
    """Seconds of the first call (trace + compile), of the second call, final loss."""
    import tensorflow as tf

    x, y = (tf.constant(array) for array in xnor_data())
    run = make_compiled_loop(seed, hidden_units)
    num_steps = tf.constant(steps)
    first, loss = timed(lambda: float(run(x, y, num_steps)))
    second, _ = timed(lambda: float(run(x, y, num_steps)))
    return first, second, loss


def load_average():
    """The 1-minute load average as text, or "unknown" where the OS has none."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


def warm_up():
    """Pay TensorFlow's one-off start-up costs before any timing."""
    import lcdnet

    x, _ = xnor_data()
    lcdnet.predict(lcdnet.make_xnor_model(seed=0), x)
    # Another width, so that no compiled graph of the timed runs is reused.
    time_lcdnet_train(20, hidden_units=3)
    time_compiled_loop(20, hidden_units=3)


def load_generation_rate():
    """``measure_generation_rate`` and its target from bench_digits.py, next to this file."""
    here = str(pathlib.Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import bench_digits

    return bench_digits.measure_generation_rate, getattr(bench_digits, "TARGET_RATE", None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 if a target is missed")
    parser.add_argument("--epochs", type=int, default=200,
                        help="epochs of the naive fit actually run (default 200)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="fresh runs of train and of the loop; the best counts (default 3)")
    args = parser.parse_args(argv)
    results = []

    start = time.perf_counter()
    import lcdnet  # noqa: F401
    from lcdnet._backend import keras

    import_seconds = time.perf_counter() - start
    print(f"(importing Keras {keras.__version__} took {import_seconds:.1f} s; not counted below)")
    print(f"(load average {load_average()} on {os.cpu_count()} cores: other processes "
          "slow every figure down)")
    warm_up()

    print(f"\n(a) XNOR 2-2-1, {STEPS:,} Adam steps, full batch of 4 rows")
    train_runs = [time_lcdnet_train(STEPS) for _ in range(args.repeats)]
    loop_runs = [time_compiled_loop(STEPS) for _ in range(args.repeats)]
    train_first, train_loss = min(train_runs)
    train_all = ", ".join(f"{seconds:.2f}" for seconds, _ in train_runs)
    loop_first = min(first for first, _, _ in loop_runs)
    loop_second = min(second for _, second, _ in loop_runs)
    loop_all = ", ".join(f"{first:.2f}" for first, _, _ in loop_runs)
    loop_loss = loop_runs[0][2]
    fit_first, fit_epoch, fit_loss = time_naive_fit(args.epochs)
    fit_total = fit_first + (STEPS - 1) * fit_epoch

    print(f"  lcdnet.train, one call on a fresh model (tracing included): {train_first:.3f} s"
          f" = {train_first / STEPS * 1e6:.1f} us/step, final loss {train_loss:.2e}"
          f"  [best of {train_all} s]")
    print(f"  naive model.fit(batch_size=4): first epoch {fit_first:.3f} s, then "
          f"{fit_epoch * 1e3:.1f} ms/epoch (fastest of 4 blocks, {args.epochs} epochs in all; "
          f"loss {fit_loss:.2e} after them)")
    print(f"    -> {STEPS:,} epochs EXTRAPOLATED, not run: {fit_total:8.1f} s"
          f"  = {fit_total / STEPS * 1e6:8.1f} us/step")
    print(f"  hand-written tf.function(jit_compile=True) loop: first call (trace + compile)"
          f" {loop_first:.3f} s = {loop_first / STEPS * 1e6:.1f} us/step,"
          f" final loss {loop_loss:.2e}  [best of {loop_all} s]")
    print(f"    second call (steady state): {loop_second:.4f} s"
          f" = {loop_second / STEPS * 1e6:.2f} us/step")

    naive_speedup = fit_total / train_first
    passed = naive_speedup >= TARGET_NAIVE_SPEEDUP
    results.append(passed)
    print(f"  train vs naive fit: {naive_speedup:.0f} x faster "
          f"(target >= {TARGET_NAIVE_SPEEDUP:.0f}x) {verdict(passed)}")
    loop_ratio = train_first / loop_first
    passed = loop_ratio <= TARGET_LOOP_RATIO
    results.append(passed)
    print(f"  train vs hand-written compiled loop (first calls): {loop_ratio:.2f} x "
          f"(target within {TARGET_LOOP_RATIO:.0f}x) {verdict(passed)}")
    print(f"  for information, steady state: every lcdnet.train call traces again, so its "
          f"steady state is the {train_first:.3f} s above, {train_first / loop_second:.0f} x the"
          f" loop's second call ({loop_second:.4f} s)")

    print("\n(b) generate_digits, 10 x 10 images")
    try:
        measure_generation_rate, target_rate = load_generation_rate()
    except ImportError as error:
        print(f"  cannot import bench_digits.measure_generation_rate: {error}  MISS")
        results.append(False)
    else:
        rate = measure_generation_rate(n=1_000_000, repeats=3)
        line = f"  {rate:,.0f} images/s (1,000,000 images, best of 3)"
        if target_rate is not None:
            passed = rate >= target_rate
            results.append(passed)
            line += f" (target >= {target_rate:,}) {verdict(passed)}"
        print(line)

    print(f"\n(load average at the end: {load_average()})")
    missed = results.count(False)
    print(f"\n{len(results) - missed} of {len(results)} targets met")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
