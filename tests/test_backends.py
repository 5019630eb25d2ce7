"""lcdnet on each supported Keras backend: which one is chosen, and that
the lessons hold.

Keras picks its backend once per process, and this process has loaded
TensorFlow, so every check runs in a fresh Python process with the
backend's ``KERAS_BACKEND``. The same script runs on TensorFlow and on JAX;
across backends only the conclusions must agree (XNOR learned, new digits
recognised, seeds reproducible), and the initial weights, which lcdnet
draws the same everywhere.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lcdnet._backend import SUPPORTED_BACKENDS

#: Trains XNOR and the CNN as the lessons do and prints what the tests
#: check, as JSON.
LESSONS_SCRIPT = textwrap.dedent(
    """
    import json, pathlib, sys
    import numpy as np
    import lcdnet
    from lcdnet._backend import backend_name, keras
    from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS

    log_dir = pathlib.Path(sys.argv[1])
    report = {
        "backend": backend_name(),
        "keras_backend": keras.backend.backend(),
    }

    # Lesson 5: XNOR from the default seed, 5,000 full-batch Adam steps.
    xnor = lcdnet.make_xnor_model(seed=0)
    report["xnor_initial"] = [w.tolist() for w in xnor.get_weights()]
    record = lcdnet.train(
        xnor, XNOR_INPUTS, XNOR_TARGETS, steps=5000, log_dir=log_dir
    )
    report["xnor_loss"] = record.final("loss")
    report["xnor_logged_steps"] = record.steps.tolist()
    report["xnor_logged_loss"] = record["loss"].tolist()
    report["xnor_corners"] = lcdnet.predict(xnor, XNOR_INPUTS).ravel().tolist()

    # Lesson 3: the CNN, 300 steps of batch 50 on 100 jittered 10x10
    # digits, scored on 1,000 fresh digits, apart on those that copy no
    # training picture.
    images, labels = lcdnet.generate_digits(100, img_size=10, seed=0)
    test_images, test_labels = lcdnet.generate_digits(
        1000, img_size=10, seed=1
    )
    deep = lcdnet.make_deep_model(img_size=10, seed=0)
    report["deep_initial_sum"] = float(
        sum(np.abs(w).sum() for w in deep.get_weights())
    )
    record = lcdnet.train(
        deep, images, labels, steps=300, batch_size=50, seed=0
    )
    new = ~lcdnet.seen_in_training(test_images, images)
    right = lcdnet.predict_classes(deep, test_images) == test_labels
    report["deep_new_pictures"] = int(new.sum())
    report["deep_accuracy_on_new"] = float(right[new].mean())
    report["deep_history"] = sorted(record.history)

    # Same seeds, same weights; another batch order, other weights.
    def trained(batch_seed):
        model = lcdnet.make_deep_model(img_size=10, seed=0)
        lcdnet.train(
            model, images, labels, steps=20, batch_size=20, seed=batch_seed
        )
        return model.get_weights()
    first, again, other = trained(7), trained(7), trained(8)
    report["same_seed_identical"] = all(
        np.array_equal(a, b) for a, b in zip(first, again)
    )
    report["other_seed_differs"] = not all(
        np.array_equal(a, b) for a, b in zip(first, other)
    )

    report["tensorflow_imported"] = "tensorflow" in sys.modules
    print(json.dumps(report))
    """
)


def run_python(code, *args, backend=None, keras_home=None, timeout=600):
    """Run ``code`` in a fresh interpreter with the given KERAS_BACKEND.

    ``backend=None`` runs it with KERAS_BACKEND unset.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "KERAS_BACKEND"
    }
    if backend is not None:
        env["KERAS_BACKEND"] = backend
    if keras_home is not None:
        env["KERAS_HOME"] = str(keras_home)
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def last_json_line(completed):
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def lesson_reports(tmp_path_factory):
    """backend -> (report of LESSONS_SCRIPT on it, its TensorBoard folder).

    The script runs on a backend the first time that backend is asked for.
    """
    reports = {}

    def report_of(backend):
        if backend not in reports:
            log_dir = tmp_path_factory.mktemp(f"runs-{backend}") / "xnor"
            reports[backend] = (
                last_json_line(
                    run_python(LESSONS_SCRIPT, log_dir, backend=backend)
                ),
                log_dir,
            )
        return reports[backend]

    return report_of


@pytest.fixture(params=SUPPORTED_BACKENDS)
def lessons_on(request, lesson_reports):
    """(backend, report of LESSONS_SCRIPT on it, its TensorBoard folder)."""
    return (request.param, *lesson_reports(request.param))


# -------------------------------------------------------- choosing the backend


BACKEND_SCRIPT = (
    "import lcdnet; lcdnet.make_xnor_model(seed=0); "
    "from lcdnet._backend import backend_name; print(backend_name())"
)


def test_keras_backend_unset_means_tensorflow(tmp_path):
    completed = run_python(
        BACKEND_SCRIPT, keras_home=tmp_path
    )  # no keras.json there
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.split()[-1] == "tensorflow"


@pytest.mark.parametrize("backend", SUPPORTED_BACKENDS)
def test_an_explicit_backend_is_honoured(tmp_path, backend):
    completed = run_python(
        BACKEND_SCRIPT, backend=backend, keras_home=tmp_path
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.split()[-1] == backend


def test_the_backend_of_keras_json_is_honoured(tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "jax"}))
    completed = run_python(BACKEND_SCRIPT, keras_home=tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.split()[-1] == "jax"


@pytest.mark.parametrize(
    ("backend", "keras_json"),
    [
        (
            "torch",
            None,
        ),  # named by KERAS_BACKEND: refused before Keras is imported
        ("no_such_backend", None),
        (
            None,
            "numpy",
        ),  # named by keras.json: refused once Keras has chosen it
    ],
)
def test_an_unsupported_backend_is_refused_naming_the_supported_ones(
    tmp_path, backend, keras_json
):
    if keras_json is not None:
        (tmp_path / "keras.json").write_text(
            json.dumps({"backend": keras_json})
        )
    completed = run_python(
        BACKEND_SCRIPT, backend=backend, keras_home=tmp_path
    )
    assert completed.returncode != 0
    error = completed.stderr.strip().splitlines()[-1]
    assert error.startswith("ImportError: lcdnet supports the Keras backends")
    assert "'tensorflow'" in error and "'jax'" in error
    assert repr(backend or keras_json) in error


OLD_KERAS_SCRIPT = (
    "import keras; keras.__version__ = '3.11.3'; import lcdnet; "
    "lcdnet.make_xnor_model(seed=0)"
)


@pytest.mark.parametrize("backend", SUPPORTED_BACKENDS)
def test_keras_too_old_for_jax_is_one_clear_error(tmp_path, backend):
    # Keras 3.11.3 (planted) trains on TensorFlow; on JAX, before Keras
    # 3.12, train_step fails deep inside Keras: lcdnet says why up front.
    completed = run_python(
        OLD_KERAS_SCRIPT, backend=backend, keras_home=tmp_path
    )
    if backend == "tensorflow":
        assert completed.returncode == 0, completed.stderr[-3000:]
        return
    error = completed.stderr.strip().splitlines()[-1]
    assert error.startswith(
        "ImportError: lcdnet needs Keras >= 3.12 on JAX, found Keras 3.11.3"
    ), error


SAVE_SCRIPT = (
    "import sys, tempfile, pathlib, lcdnet; "
    "path = pathlib.Path(tempfile.mkdtemp()) / 'xnor.keras'; "
    "lcdnet.load_model(lcdnet.save_model(lcdnet.make_xnor_model(), path)); "
    "print('tensorflow' in sys.modules)"
)


@pytest.mark.parametrize("backend", SUPPORTED_BACKENDS)
def test_saving_and_loading_print_no_startup_lines(tmp_path, backend):
    # On JAX, Keras imports TensorFlow to serialise a model (when it is
    # installed): its start-up lines must not reach stderr then either.
    completed = run_python(SAVE_SCRIPT, backend=backend, keras_home=tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.split() == ["True"]
    assert completed.stderr == ""


def test_the_numpy_parts_work_whatever_the_backend(tmp_path):
    code = (
        "import sys, lcdnet; "
        "images, labels = lcdnet.generate_digits(5, seed=0); "
        "print(images.shape, 'keras' in sys.modules)"
    )
    completed = run_python(code, backend="torch", keras_home=tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.split("\n")[0] == "(5, 5, 5) False"


# ---------------------------------------------------- the lessons, per backend


def test_runs_on_the_backend_asked_for(lessons_on):
    backend, report, _ = lessons_on
    assert report["backend"] == report["keras_backend"] == backend


def test_xnor_learns_from_the_default_seed(lessons_on):
    _, report, _ = lessons_on
    assert report["xnor_loss"] < 1e-3
    np.testing.assert_allclose(report["xnor_corners"], [1, 0, 0, 1], atol=0.05)


def test_cnn_recognises_digits_it_never_saw(lessons_on):
    _, report, _ = lessons_on
    assert (
        report["deep_new_pictures"] >= 100
    )  # enough new pictures to mean something
    assert report["deep_accuracy_on_new"] >= 0.95
    assert report["deep_history"] == ["accuracy", "loss"]


def test_same_seed_gives_the_same_weights(lessons_on):
    _, report, _ = lessons_on
    assert report["same_seed_identical"]
    assert report["other_seed_differs"]


def test_tensorboard_files_are_real_event_files(lessons_on):
    from tensorboard.backend.event_processing.event_accumulator import (
        EventAccumulator,
    )

    backend, report, log_dir = lessons_on
    accumulator = EventAccumulator(str(log_dir), size_guidance={"scalars": 0})
    accumulator.Reload()
    events = accumulator.Scalars("loss")
    assert [event.step for event in events] == report["xnor_logged_steps"]
    np.testing.assert_allclose(
        [event.value for event in events],
        report["xnor_logged_loss"],
        rtol=1e-6,
    )
    walls = np.array([event.wall_time for event in events])
    assert (np.diff(walls) > 0).all()
    # A graph for TensorBoard's Graphs tab on TensorFlow only: JAX
    # compiles a function, not a TensorFlow graph.
    assert accumulator.Tags()["graph"] is (backend == "tensorflow")


def test_jax_trains_without_loading_tensorflow(lessons_on):
    backend, report, _ = lessons_on
    assert report["tensorflow_imported"] == (backend == "tensorflow")


def test_every_backend_starts_from_the_same_weights(lesson_reports):
    (first, _), *others = [
        lesson_reports(backend) for backend in SUPPORTED_BACKENDS
    ]
    for report, _ in others:
        assert report["xnor_initial"] == first["xnor_initial"]
        assert report["deep_initial_sum"] == first["deep_initial_sum"]
