"""TensorBoard as the series used it: what lcdnet's event files hold, read
back with TensorBoard's own reader and served by ``tensorboard --logdir``.

On TensorFlow (this session's backend) an event file of :func:`lcdnet.train`
holds the graph of a training step, with the network's two layers, the
loss and the model's compiled metrics at increasing wall times; each run
is a folder TensorBoard names (``xnor-seed0``). JAX writes no graph: see
``tests/test_backends.py``.
"""

import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

import lcdnet
from lcdnet.lessons import xnor_training

#: Steps of the XNOR runs here: enough for two compiled chunks (4,096 each).
STEPS = 5000


@pytest.fixture(scope="module")
def log_root(tmp_path_factory):
    """The TensorBoard folder of XNOR trained from seeds 0 and 1, as the
    lesson writes them (``lcdnet reproduce`` writes one of them)."""
    out = tmp_path_factory.mktemp("results")
    for seed in (0, 1):
        xnor_training(out, seed=seed, steps=STEPS)
    return out / "tensorboard"


@pytest.fixture(scope="module")
def classifier_logs(tmp_path_factory):
    """The TensorBoard folder of the linear digit classifier: its loss and
    its compiled metric, accuracy."""
    log_dir = tmp_path_factory.mktemp("classifier") / "linear"
    images, labels = lcdnet.generate_digits(100, seed=0)
    lcdnet.train(
        lcdnet.make_linear_model(),
        images,
        labels,
        steps=100,
        batch_size=50,
        seed=0,
        log_dir=log_dir,
    )
    return log_dir


def accumulator(folder):
    from tensorboard.backend.event_processing.event_accumulator import (
        EventAccumulator,
    )

    reader = EventAccumulator(str(folder), size_guidance={"scalars": 0})
    reader.Reload()
    return reader


def wall_time_problems(points):
    """What is wrong with the wall times of (wall time, step) points."""
    walls = np.array([wall for wall, _ in points])
    steps = [step for _, step in points]
    problems = []
    if steps != sorted(steps):
        problems.append("steps out of order")
    if len(walls) > 1 and not (np.diff(walls) > 0).all():
        problems.append("wall times do not increase")
    return problems


def layer_scopes(node_names, model_name):
    """The layers under the model's name scope in a graph's node names
    (Keras may add ``_1`` to a scope's name: ``xnor_1/hidden_1/MatMul``)."""
    scopes = set()
    for name in node_names:
        parts = name.split("/")
        if len(parts) > 2 and parts[0].split("_")[0] == model_name:
            scopes.add(
                parts[1].rsplit("_", 1)[0]
                if parts[1].rsplit("_", 1)[-1].isdigit()
                else parts[1]
            )
    return sorted(scopes)


# ------------------------------------------------------------- the files


def test_each_run_is_a_folder_named_after_lesson_and_seed(log_root):
    assert sorted(path.name for path in log_root.iterdir()) == [
        "xnor-seed0",
        "xnor-seed1",
    ]


def test_the_loss_is_logged_every_ten_steps_at_increasing_wall_times(log_root):
    reader = accumulator(log_root / "xnor-seed0")
    assert reader.Tags()["scalars"] == ["loss"]
    events = reader.Scalars("loss")
    assert [event.step for event in events] == list(range(10, STEPS + 1, 10))
    points = [(event.wall_time, event.step) for event in events]
    assert wall_time_problems(points) == []
    # Spread over the training: not all at the time the file was written.
    assert events[-1].wall_time - events[0].wall_time > 1e-3


def test_a_record_made_by_hand_has_one_wall_time_and_the_check_sees_it(
    tmp_path,
):
    # The planted violation: points that all carry the time of writing,
    # as every file did before wall times were recorded.
    record = lcdnet.TrainingHistory(
        np.array([10, 20, 30]), {"loss": np.array([0.3, 0.2, 0.1])}
    )
    lcdnet.write_tensorboard(record, tmp_path)
    events = accumulator(tmp_path).Scalars("loss")
    assert wall_time_problems(
        [(event.wall_time, event.step) for event in events]
    ) == ["wall times do not increase"]


def test_train_records_the_wall_time_of_each_logged_step():
    record = lcdnet.train(
        lcdnet.make_xnor_model(seed=0),
        lcdnet.XNOR_INPUTS,
        lcdnet.XNOR_TARGETS,
        steps=9000,
        log_every=100,
    )
    assert record.wall_times is not None
    assert record.wall_times.shape == record.steps.shape
    assert (np.diff(record.wall_times) > 0).all()
    assert abs(record.wall_times[-1] - time.time()) < 60


def test_the_compiled_metrics_are_logged_with_the_loss(classifier_logs):
    reader = accumulator(classifier_logs)
    assert sorted(reader.Tags()["scalars"]) == ["accuracy", "loss"]
    assert [event.step for event in reader.Scalars("accuracy")] == list(
        range(10, 101, 10)
    )


def test_the_graph_holds_the_networks_two_layers_and_its_training(
    log_root, classifier_logs
):
    reader = accumulator(log_root / "xnor-seed0")
    assert reader.Tags()["graph"] is True
    names = [node.name for node in reader.Graph().node]
    assert layer_scopes(names, "xnor") == ["hidden", "output"]
    # Keras numbers a scope it has used before in the process: adam_1.
    top = {name.split("/")[0].rstrip("_0123456789") for name in names}
    assert {"x", "y", "compile_loss", "gradient_tape", "adam"} <= top
    assert accumulator(classifier_logs).Tags()["graph"] is True


def test_the_layer_check_finds_nothing_in_a_graph_of_other_names():
    # Planted: a graph whose ops sit outside the model's scope.
    assert (
        layer_scopes(["x", "MatMul", "adam/Sub", "other/dense/MatMul"], "xnor")
        == []
    )
    assert layer_scopes(
        ["xnor_1/hidden_1/MatMul", "xnor/output/Add"], "xnor"
    ) == ["hidden", "output"]


def test_writing_the_graph_trains_nothing(tmp_path):
    model = lcdnet.make_xnor_model(seed=0)
    lcdnet.train(model, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, steps=20)
    before = [weight.copy() for weight in model.get_weights()]
    iterations = int(model.optimizer.iterations)
    record = lcdnet.TrainingHistory(np.array([1]), {"loss": np.array([0.5])})
    lcdnet.write_tensorboard(record, tmp_path, model=model)
    assert int(model.optimizer.iterations) == iterations
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
    assert accumulator(tmp_path).Tags()["graph"] is True
    # Nothing but the event file: TensorFlow's own writer worked in a
    # temporary folder, removed.
    assert [path.name.split(".")[0] for path in tmp_path.iterdir()] == [
        "events"
    ]


def test_write_tensorboard_refuses_a_model_it_cannot_trace(tmp_path):
    from lcdnet._backend import keras

    record = lcdnet.TrainingHistory(np.array([1]), {"loss": np.array([0.5])})
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        lcdnet.write_tensorboard(record, tmp_path, model="xnor")
    uncompiled = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="model must be compiled"):
        lcdnet.write_tensorboard(record, tmp_path, model=uncompiled)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------- served by TensorBoard


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(address, timeout=10):
    with urllib.request.urlopen(address, timeout=timeout) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def tensorboard_server(log_root, tmp_path_factory):
    """``tensorboard --logdir`` on 127.0.0.1; its address once it answers.

    Its Graphs tab opens on the first run, ``xnor-seed0``."""
    port = free_port()
    log = tmp_path_factory.mktemp("tensorboard-log") / "stderr.txt"
    with open(log, "wb") as stderr:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tensorboard.main",
                "--logdir",
                str(log_root),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--reload_interval",
                "0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if len(get_json(f"{address}/data/runs", timeout=5)) == 2:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"tensorboard did not serve {log_root}: "
                    f"{log.read_text(errors='replace')[-2000:]}"
                )
            time.sleep(0.5)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_tensorboard_serves_the_runs_scalars_and_graphs(tensorboard_server):
    address = tensorboard_server
    assert sorted(get_json(f"{address}/data/runs")) == [
        "xnor-seed0",
        "xnor-seed1",
    ]
    points = get_json(
        f"{address}/data/plugin/scalars/scalars?run=xnor-seed1&tag=loss"
    )
    assert [step for _, step, _ in points] == list(range(10, STEPS + 1, 10))
    assert wall_time_problems([(wall, step) for wall, step, _ in points]) == []
    graphs = get_json(f"{address}/data/plugin/graphs/info")
    assert all(graphs[run]["run_graph"] for run in graphs)
    with urllib.request.urlopen(
        f"{address}/data/plugin/graphs/graph?run=xnor-seed0", timeout=30
    ) as response:
        graph = response.read().decode()
    names = [
        line.split('"')[1]
        for line in graph.splitlines()
        if line.strip().startswith("name:")
    ]
    assert layer_scopes(names, "xnor") == ["hidden", "output"]


#: Finds elements inside the shadow roots of TensorBoard's web components.
DEEP_QUERY = """
function deep(root, selector, found) {
  root.querySelectorAll(selector).forEach(element => found.push(element));
  root.querySelectorAll('*').forEach(element => {
    if (element.shadowRoot) deep(element.shadowRoot, selector, found);
  });
  return found;
}
function nodes() {
  return deep(document, 'g.node', []).map(e => e.getAttribute('data-name'));
}
"""


def test_the_graphs_tab_shows_the_network_and_its_two_layers(
    tensorboard_server, tmp_path
):
    from tests.browser import require_browser, start_chromium

    require_browser()
    shot = pathlib.Path(
        os.environ.get(
            "LCDNET_TENSORBOARD_SCREENSHOT", tmp_path / "graphs.png"
        )
    )
    driver = start_chromium(tmp_path / "profile", reach=["127.0.0.1"])
    try:
        driver.get(
            f"{tensorboard_server}/?darkMode=false#graphs&run=xnor-seed0"
        )
        model = wait_for(
            lambda: next(
                (
                    name
                    for name in driver.execute_script(
                        DEEP_QUERY + "return nodes();"
                    )
                    if name.split("_")[0] == "xnor"
                ),
                None,
            )
        )
        # Open the model's box, as a double click does.
        driver.execute_script(
            DEEP_QUERY
            + """
            const node = deep(document, 'g.node', []).find(
                element => element.getAttribute('data-name') === arguments[0]);
            (node.querySelector('.nodeshape') || node).dispatchEvent(
                new MouseEvent('dblclick', {bubbles: true}));""",
            model,
        )
        layers = wait_for(
            lambda: (
                layer_scopes(
                    [
                        f"{name}/op"
                        for name in driver.execute_script(
                            DEEP_QUERY + "return nodes();"
                        )
                    ],
                    "xnor",
                )
                or None
            )
        )
        # The whole graph in view, as the "Fit to screen" button does.
        time.sleep(1)
        driver.execute_script(
            DEEP_QUERY
            + """
            deep(document, 'tf-graph-scene', []).forEach(
                scene => scene.fit());"""
        )
        time.sleep(2)  # the zoom's animation
        shot.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    assert layers == ["hidden", "output"]


def wait_for(condition, timeout=60):
    """The first true value of ``condition()``, polled; fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail("TensorBoard's page did not show it in time")
