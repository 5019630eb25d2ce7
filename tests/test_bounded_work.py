"""Bounded work: sizes that cannot fit are refused, train's memory is bounded.

Each memory test runs in a subprocess with a time limit. NumPy-only calls
run under an address-space cap (``resource.setrlimit(RLIMIT_AS)``, 1 GiB
beyond what the process holds), where a size the checks let through but
cannot fit would die in a raw MemoryError. TensorFlow cannot run under
such a cap, so calls that load it are measured by their peak resident
memory (``VmHWM`` of ``/proc/self/status``). Linux only: both read /proc.
"""

import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lcdnet import training
from lcdnet.digits import generate_digits
from lcdnet.models import make_linear_model, make_xnor_model
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="reads /proc and caps the address space",
)

#: The cap above the address space a process holds once NumPy is loaded.
HEADROOM = 2**30


def _run_child(script, timeout=300):
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


_CAPPED = """
import json, os, resource, time
import numpy as np
import lcdnet
from lcdnet.metrics import confusion_matrix
from lcdnet.xnor import input_mesh

page = os.sysconf("SC_PAGE_SIZE")
used = int(open("/proc/self/statm").read().split()[0]) * page
cap = {headroom} + used
resource.setrlimit(resource.RLIMIT_AS, (cap, resource.RLIM_INFINITY))
start = time.perf_counter()
try:
    result = {call}
    first = result[0] if isinstance(result, tuple) else result
    outcome = {{"outcome": "ok", "shape": list(np.shape(first))}}
except Exception as error:
    outcome = {{"outcome": type(error).__name__, "message": str(error)}}
outcome["seconds"] = time.perf_counter() - start
print(json.dumps(outcome))
"""

#: NumPy-only calls that cannot fit under the cap, and what their errors name.
TOO_LARGE_FOR_NUMPY = {
    "a 6000 x 6000 picture's offsets": (
        "lcdnet.all_positions(6000)",
        "img_size=6000",
    ),
    "50 million digits": (
        "lcdnet.generate_digits(5 * 10**7, img_size=10)",
        "n=50000000, img_size=10",
    ),
    "a result that fits, a peak that does not": (
        "lcdnet.generate_digits(2 * 10**6, img_size=10, noise=0.1)",
        "n=2000000, img_size=10",
    ),
    "a picture of 10**5 pixels a side": (
        "lcdnet.generate_digits(1, img_size=10**5)",
        "n=1, img_size=100000",
    ),
    "placed digits on a huge grid": (
        "lcdnet.place_digits([1], [(0, 0)], img_size=10**5)",
        r"len\(labels\)=1, img_size=100000",
    ),
    "a huge bitmap": ("lcdnet.digit_bitmap(8, size=10**5)", "size=100000"),
    "a million classes": (
        "confusion_matrix([0, 1], [1, 0], num_classes=10**6)",
        "num_classes=1000000",
    ),
    "a mesh of 10**5 points a side": (
        "input_mesh(10**5)",
        "resolution=100000",
    ),
}


@pytest.mark.parametrize("case", list(TOO_LARGE_FOR_NUMPY))
def test_a_size_that_cannot_fit_is_refused_with_the_memory_it_needs(case):
    call, named = TOO_LARGE_FOR_NUMPY[case]
    outcome = _run_child(_CAPPED.format(headroom=HEADROOM, call=call))
    assert outcome["outcome"] == "ValueError", outcome
    assert re.search(
        rf"^{named} asks? for [0-9.e+]+ bytes \([0-9,.]+ GiB\) at (its|their) "
        rf"peak, more than the [0-9,.]+ GiB of memory",
        outcome["message"],
    )
    assert outcome["seconds"] < 5


def test_one_large_picture_is_drawn_quickly_within_the_cap():
    # Before, the 36 million offsets of the grid were listed: 47 s, 4.7 GB.
    outcome = _run_child(
        _CAPPED.format(
            headroom=HEADROOM, call="lcdnet.generate_digits(1, img_size=6000)"
        )
    )
    assert outcome["outcome"] == "ok" and outcome["shape"] == [1, 6000, 6000]
    assert outcome["seconds"] < 5


@pytest.mark.parametrize("cutoff", [0, 2])
def test_the_offset_grid_is_drawn_from_without_listing_it(cutoff):
    # The same images as drawing from the grid listed in full, offset by
    # offset.
    listed = [
        (row, col)
        for row in range(-cutoff, 6 + cutoff)
        for col in range(-cutoff, 6 + cutoff)
    ]
    for n in (50, 5000):  # fewer examples than (digit, offset) pairs, and more
        drawn = generate_digits(n, img_size=10, seed=1, cutoff=cutoff)
        told = generate_digits(
            n, img_size=10, seed=1, cutoff=cutoff, positions=listed
        )
        np.testing.assert_array_equal(drawn[0], told[0])


def test_the_largest_digits_the_check_allows_do_fit_under_the_cap():
    # The check counts the peak, so what it lets through does not die.
    outcome = _run_child(
        _CAPPED.format(
            headroom=HEADROOM,
            call="lcdnet.generate_digits(10**6, img_size=10, noise=0.1)",
        )
    )
    assert outcome["outcome"] == "ok" and outcome["shape"] == [1000000, 10, 10]


# ------------------------------------------------------- TensorFlow: peak RSS

_PEAK_RSS = """
import json, time
import numpy as np
import lcdnet
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

def peak_rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

model = lcdnet.make_xnor_model(seed=0)
# Compiled and warmed up:
lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=5000)
outcomes = {{}}
{body}
print(json.dumps(outcomes))
"""

_TRAIN_FOR_10_SECONDS = """
class Enough(Exception):
    pass

done = [0]
def progress(steps, logs):
    done[0] = steps
    if time.perf_counter() - start > {seconds}:
        raise Enough

before = peak_rss()
start = time.perf_counter()
try:
    lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS, steps=10**9,
                 log_every={log_every},
                 progress=progress)
except Enough:
    pass
outcomes.update(steps=done[0], before=before, after=peak_rss(),
                seconds=time.perf_counter() - start)
"""


@pytest.mark.parametrize("log_every", [10, 10**4])
def test_train_memory_grows_with_what_it_logs_not_with_steps(log_every):
    # steps=10**9 used to reserve 6.9 GB at once (np.empty(steps) per logged
    # name) and fill 4 bytes per step; now 16 bytes per logged step.
    outcome = _run_child(
        _PEAK_RSS.format(
            body=_TRAIN_FOR_10_SECONDS.format(seconds=10, log_every=log_every)
        ),
        timeout=600,
    )
    growth = outcome["after"] - outcome["before"]
    logged_bytes = 16 * outcome["steps"] / log_every
    mib = 2**20
    print(
        f"\ntrain(xnor, steps=10**9, log_every={log_every}) for "
        f"{outcome['seconds']:.1f} s: {outcome['steps']:,} steps, peak RSS "
        f"{outcome['before'] / mib:.0f} MiB before, "
        f"{outcome['after'] / mib:.0f} MiB after (+{growth / mib:.1f} MiB; "
        f"the record holds {logged_bytes / mib:.1f} MiB)"
    )
    assert outcome["steps"] > 10**5
    assert growth <= 1.25 * logged_bytes + 32 * 2**20


_REFUSED_BEFORE_ALLOCATING = """
import lcdnet.plotting.xnor as xnor_plots
from lcdnet.models import make_mlp_model
calls = {
    "hidden_units": lambda: lcdnet.make_xnor_model(hidden_units=10**9),
    "linear img_size": lambda: lcdnet.make_linear_model(10**5),
    "deep img_size": lambda: lcdnet.make_deep_model(10**5),
    "mlp hidden_units": lambda: make_mlp_model(10, hidden_units=[10**9]),
    "resolution": lambda: xnor_plots.plot_xnor_surface(
        lcdnet.make_xnor_model(weights="ng"),
                                                       resolution=10**5),
    "steps": lambda: lcdnet.train(model, XNOR_INPUTS, XNOR_TARGETS,
                                  steps=10**16),
}
before = peak_rss()
for name, call in calls.items():
    try:
        call()
        outcomes[name] = "no error"
    except Exception as error:
        outcomes[name] = f"{type(error).__name__}: {error}"
outcomes["growth"] = peak_rss() - before
"""


def test_models_surfaces_and_records_too_large_are_refused_before_allocating():
    outcomes = _run_child(
        _PEAK_RSS.format(body=_REFUSED_BEFORE_ALLOCATING), timeout=600
    )
    expected = {
        "hidden_units": "hidden_units=1000000000",
        "linear img_size": "img_size=100000",
        "deep img_size": "img_size=100000",
        "mlp hidden_units": "img_size=10, hidden_units=(1000000000,)",
        "resolution": "resolution=100000",
        "steps": "steps=10000000000000000, log_every=10",
    }
    for name, named in expected.items():
        outcome = outcomes[name]
        assert outcome.startswith(f"ValueError: {named} ask"), outcome
        assert "GiB of memory" in outcomes[name]
    assert outcomes["growth"] < 64 * 2**20


# ------------------------------------------------------------ the batch order


def _batch_order_of_lcdnet_0_2(num_examples, steps, batch_size, seed):
    """Every step's batch as lcdnet 0.2 drew them: all permutations at once."""
    rng = np.random.default_rng(seed)
    num_passes = -(-steps * batch_size // num_examples)
    order = np.concatenate(
        [rng.permutation(num_examples) for _ in range(num_passes)]
    )
    return (
        order[: steps * batch_size].astype("int32").reshape(steps, batch_size)
    )


@pytest.mark.parametrize(
    ("num_examples", "steps", "batch_size", "chunk_steps"),
    [
        (100, 1000, 50, 4096),
        (100, 1000, 50, 7),
        (10, 33, 3, 4),
        (4, 50, 4, 1),
        (7, 1, 7, 3),
        (1000, 5, 999, 2),
    ],
)
def test_the_chunked_batch_order_is_exactly_the_old_one(
    num_examples, steps, batch_size, chunk_steps
):
    chunks = list(
        training._batch_chunks(num_examples, steps, batch_size, 3, chunk_steps)
    )
    assert all(
        chunk.shape == (chunk_steps, batch_size) and chunk.dtype == np.int32
        for chunk in chunks
    )
    flat = np.concatenate(chunks)[:steps]
    np.testing.assert_array_equal(
        flat, _batch_order_of_lcdnet_0_2(num_examples, steps, batch_size, 3)
    )
    assert len(chunks) == -(-steps // chunk_steps)


def test_trained_weights_do_not_depend_on_the_chunk_size(monkeypatch):
    # Tiny chunks make the batch order cross many chunk boundaries and passes.
    images, labels = generate_digits(30, img_size=5, seed=0)
    whole, chunked = (
        make_linear_model(img_size=5),
        make_linear_model(img_size=5),
    )
    expected = training.train(
        whole, images, labels, steps=200, batch_size=7, seed=4, log_every=3
    )
    monkeypatch.setattr(training, "CHUNK_STEPS", 13)
    record = training.train(
        chunked, images, labels, steps=200, batch_size=7, seed=4, log_every=3
    )
    for mine, theirs in zip(
        chunked.get_weights(), whole.get_weights(), strict=True
    ):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(record.steps, expected.steps)
    np.testing.assert_array_equal(record["loss"], expected["loss"])


# ---------------------------------------------------------------- the history


@pytest.mark.parametrize(
    ("steps", "log_every"),
    [(25, 10), (30, 10), (5, 10), (4, 1), (7, 3), (9000, 1000), (8193, 4096)],
)
def test_the_history_keeps_exactly_the_logged_steps(steps, log_every):
    values = np.arange(steps, dtype="float32")
    recorder = training._HistoryRecorder(steps, log_every, ["loss"])
    for start in range(0, steps, 4096):
        recorder.add(
            start,
            {"loss": values[start : start + 4096]},
            (float(start), float(start + 4096)),
        )
    record = recorder.record()
    expected = [*range(log_every, steps + 1, log_every)]
    if expected[-1:] != [steps]:
        expected.append(steps)
    assert record.steps.tolist() == expected
    assert record["loss"].tolist() == [float(step - 1) for step in expected]
    assert record["loss"].dtype == np.float64


def test_progress_is_called_after_each_chunk_with_the_last_loss(monkeypatch):
    monkeypatch.setattr(training, "CHUNK_STEPS", 40)
    calls = []
    record = training.train(
        make_xnor_model(seed=0),
        XNOR_INPUTS,
        XNOR_TARGETS,
        steps=100,
        log_every=1,
        progress=lambda done, logs: calls.append((done, logs)),
    )
    assert [done for done, _ in calls] == [40, 80, 100]
    assert calls[-1][1] == {"loss": pytest.approx(record.final("loss"))}
    assert calls[0][1]["loss"] == pytest.approx(record["loss"][39])


def test_progress_must_be_callable():
    with pytest.raises(TypeError, match="progress must be a callable"):
        training.train(
            make_xnor_model(seed=0),
            XNOR_INPUTS,
            XNOR_TARGETS,
            steps=1,
            progress="yes",
        )


# --------------------------------------------- experiments of many members

#: A machine with a few GiB free: what the checks below are measured against.
REALISTIC_LIMIT = 2 * 2**30

#: Experiments whose work grows with a count, by name: their module, their
#: function, the first step of their work, a call asking for too much and
#: what its error names.
EXPERIMENTS = {
    "settings search": (
        "lcdnet.lessons.reproduction",
        "settings_search",
        "_draw",
        "settings_search(num_seeds=10**7)",
        r"num_seeds=10000000, len\(learning_rates\)=2",
    ),
    "learning curves": (
        "lcdnet.lab.learning_curves",
        "learning_curves",
        "generate_digits",
        "learning_curves(num_seeds=10**7)",
        r"num_seeds=10000000, len\(sizes\)=8",
    ),
    "seed lottery": (
        "lcdnet.lab.lottery",
        "xnor_seed_lottery",
        "_train_stacked",
        "xnor_seed_lottery(num_seeds=10**8)",
        r"num_seeds=100000000, hidden_units=\(2, 3, 4\)",
    ),
    "initial-scale sweep": (
        "lcdnet.lab.lottery",
        "xnor_seed_lottery",
        "_train_stacked",
        "xnor_seed_lottery(scale_seeds=10**8, init_scales=(0.5, 2.0))",
        r"num_seeds=100, .*scale_seeds=100000000, len\(init_scales\)=2",
    ),
    "phase diagram": (
        "lcdnet.lab.shortcuts",
        "shortcut_phase_diagram",
        "tank_digits",
        "shortcut_phase_diagram(train_size=10**6)",
        r"len\(agreements\)=7, len\(strengths\)=4, train_size=1000000",
    ),
    "tank story's phase diagram": (
        "lcdnet.lab.tank",
        "tank_story",
        "tank_digits",
        "tank_story(strengths=[0.7 * i / 10**5 for i in range(1, 10**5)])",
        r"len\(agreements\)=7, len\(strengths\)=99999",
    ),
    "overfitting curves": (
        "lcdnet.lessons.overfitting",
        "overfitting_curves",
        "generate_digits",
        "overfitting_curves(points=10**9)",
        "points=1000000000",
    ),
}

_LIMITED = """
import json, os, resource, time
import lcdnet._checks
lcdnet._checks.available_memory = lambda: {limit}
from {module} import {function}
# Work that starts unchecked dies at this cap, not in the machine's memory.
page = os.sysconf("SC_PAGE_SIZE")
used = int(open("/proc/self/statm").read().split()[0]) * page
cap = {headroom} + used
resource.setrlimit(resource.RLIMIT_AS, (cap, resource.RLIM_INFINITY))
start = time.perf_counter()
try:
    {call}
    outcome = {{"outcome": "no error"}}
except Exception as error:
    outcome = {{"outcome": type(error).__name__, "message": str(error)}}
outcome["seconds"] = time.perf_counter() - start
print(json.dumps(outcome))
"""


@pytest.mark.parametrize("case", list(EXPERIMENTS))
def test_an_experiment_too_large_is_refused_before_it_starts(case):
    # Before, settings_search(num_seeds=10**7) listed its members for
    # minutes before anything was checked: under the cap, a MemoryError.
    # (No time limit is asserted: the cap already fails work that starts.)
    module, function, _, call, named = EXPERIMENTS[case]
    outcome = _run_child(
        _LIMITED.format(
            limit=REALISTIC_LIMIT,
            headroom=HEADROOM,
            module=module,
            function=function,
            call=call,
        ),
        timeout=90,
    )
    assert outcome["outcome"] == "ValueError", outcome
    assert re.search(
        rf"^{named}.* asks? for [0-9.e+]+ bytes \([0-9,.]+ GiB\) at "
        r"(its|their) peak",
        outcome["message"],
    ), outcome


class _WorkBegan(Exception):
    """Raised by the first step of an experiment's work, to stop it there."""


@pytest.mark.parametrize("case", list(EXPERIMENTS))
def test_an_experiment_s_defaults_fit_in_a_few_gib(case, monkeypatch):
    # The defaults (what the tutorials and the lab run) pass the check under
    # a realistic limit, and the check runs before the work begins.
    import importlib

    import lcdnet._checks

    module_name, function, first_step, _, _ = EXPERIMENTS[case]
    module = importlib.import_module(module_name)
    monkeypatch.setattr(
        lcdnet._checks, "available_memory", lambda: REALISTIC_LIMIT
    )
    asked = []

    def recording(name, value, num_bytes):
        asked.append(num_bytes)
        lcdnet._checks.check_fits_in_memory(name, value, num_bytes)

    def began(*args, **kwargs):
        raise _WorkBegan

    checking = importlib.import_module(
        "lcdnet.lab.shortcuts" if function == "tank_story" else module_name
    )
    monkeypatch.setattr(checking, "check_fits_in_memory", recording)
    monkeypatch.setattr(module, first_step, began)
    with pytest.raises(_WorkBegan):
        getattr(module, function)()
    assert len(asked) == 1 and 0 < asked[0] < REALISTIC_LIMIT / 8, asked
