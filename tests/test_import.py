"""`import lcdnet` stays light: Keras and TensorFlow load only when a model is needed.

Each check runs in a fresh interpreter, since this test session has long
since imported Keras.
"""

import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import lcdnet

    report = {}
    images, labels = lcdnet.generate_digits(10, img_size=10)
    report["shape"] = list(images.shape)
    report["heavy_after_digits"] = sorted(
        name for name in ("tensorflow", "keras", "matplotlib") if name in sys.modules
    )
    report["dir_missing"] = sorted(set(lcdnet.__all__) - set(dir(lcdnet)))
    try:
        lcdnet.no_such_name
    except AttributeError as error:
        report["unknown"] = str(error)
    else:
        report["unknown"] = None
    report["has_unknown"] = hasattr(lcdnet, "no_such_name")
    builder = lcdnet.make_xnor_model
    report["builder"] = builder.__module__ + "." + builder.__name__
    report["keras_after_model"] = "keras" in sys.modules
    report["backend"] = sys.modules["keras"].backend.backend()
    print(json.dumps(report))
    """
)


@pytest.fixture(scope="module")
def report():
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_generating_digits_imports_no_heavy_library(report):
    assert report["shape"] == [10, 10, 10]
    assert report["heavy_after_digits"] == []


def test_model_builders_load_keras_on_first_use(report):
    assert report["builder"] == "lcdnet.models.make_xnor_model"
    assert report["keras_after_model"] is True
    assert report["backend"] == "tensorflow"


def test_dir_lists_every_public_name(report):
    assert report["dir_missing"] == []


def test_unknown_attribute_raises_attribute_error(report):
    assert report["unknown"] is not None
    assert "no_such_name" in report["unknown"]
    assert report["has_unknown"] is False


def test_public_api_covers_models_and_training():
    import lcdnet

    expected = {
        "generate_digits", "all_positions",
        "make_linear_model", "make_deep_model", "make_xnor_model", "NG_XNOR_WEIGHTS",
        "train", "TrainingHistory", "accuracy", "confusion_matrix",
        "save_model", "load_model",
    }
    assert expected <= set(lcdnet.__all__)
    assert len(lcdnet.__all__) == len(set(lcdnet.__all__))
