"""`import lcdnet` stays light: Keras and TensorFlow load only when a model
is needed.

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
        name
        for name in ("tensorflow", "keras", "matplotlib")
        if name in sys.modules
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
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
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
        "generate_digits",
        "all_positions",
        "make_linear_model",
        "make_deep_model",
        "make_xnor_model",
        "NG_XNOR_WEIGHTS",
        "train",
        "TrainingHistory",
        "accuracy",
        "confusion_matrix",
        "place_digits",
        "seen_new_accuracy",
        "write_tensorboard",
        "XNOR_INPUTS",
        "save_model",
        "load_model",
    }
    assert expected <= set(lcdnet.__all__)
    assert len(lcdnet.__all__) == len(set(lcdnet.__all__))


def test_a_confusion_matrix_of_numpy_labels_imports_no_keras_or_tf():
    script = textwrap.dedent(
        """
        import json, sys
        import matplotlib
        matplotlib.use("Agg")
        import lcdnet
        ax = lcdnet.plot_confusion_matrix(
            [0, 1, 2, 2], [0, 1, 1, 2], num_classes=3
        )
        drawn = [[int(text.get_text()) for text in ax.texts]]
        heavy = sorted(
            name
            for name in ("tensorflow", "keras", "jax")
            if name in sys.modules
        )
        print(json.dumps({"drawn": drawn, "heavy": heavy}))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["drawn"] == [[1, 0, 0, 0, 1, 0, 0, 1, 1]]
    assert result["heavy"] == []


def test_lazy_names_are_exactly_the_submodules_public_names():
    import importlib

    import lcdnet

    lazy_modules = ["models", "training", "plotting"]
    eager_modules = ["digits", "metrics", "xnor"]
    expected = [
        name
        for module in eager_modules + lazy_modules
        for name in importlib.import_module(f"lcdnet.{module}").__all__
    ]
    assert sorted(lcdnet.__all__) == sorted(expected)
    for name in lcdnet.__all__:
        assert getattr(lcdnet, name) is not None


def lazy_table_problems(table, declared, static_imports):
    """How the lazy table, the modules' ``__all__`` and the imports under
    ``TYPE_CHECKING`` disagree: a list of sentences, empty if they agree.

    ``table`` maps a module (``"plotting.xnor"``) to its names, ``declared``
    the same modules to their ``__all__``, ``static_imports`` is a set of
    (module, name, alias) of the ``TYPE_CHECKING`` block.
    """
    problems = [
        f"lcdnet.{module}: the table lists {list(names)}, its "
        f"__all__ {list(declared[module])}"
        for module, names in table.items()
        if tuple(names) != tuple(declared[module])
    ]
    expected = {
        (f"lcdnet.{module}", name, name)
        for module, names in table.items()
        for name in names
    }
    problems += [
        f"not imported for static tools: {name} from {module}"
        for module, name, _ in sorted(expected - static_imports)
    ]
    problems += [
        f"imported for static tools but not lazy: {name} from "
        f"{module} as {alias}"
        for module, name, alias in sorted(static_imports - expected)
    ]
    return problems


def type_checking_imports(source):
    """The (module, name, alias) imported under ``if TYPE_CHECKING:``."""
    import ast

    found = set()
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.If)
            and getattr(node.test, "id", None) == "TYPE_CHECKING"
        ):
            for statement in node.body:
                found |= {
                    (statement.module, alias.name, alias.asname)
                    for alias in statement.names
                }
    return found


def test_static_tools_see_the_same_names_as_the_lazy_table():
    import importlib
    import pathlib

    import lcdnet

    table = lcdnet._LAZY_MODULES
    declared = {
        module: importlib.import_module(f"lcdnet.{module}").__all__
        for module in table
    }
    source = pathlib.Path(lcdnet.__file__).read_text(encoding="utf-8")
    assert (
        lazy_table_problems(table, declared, type_checking_imports(source))
        == []
    )


def test_the_lazy_table_check_catches_each_disagreement():
    table = {"training": ("train", "predict")}
    imports = {
        ("lcdnet.training", "train", "train"),
        ("lcdnet.training", "predict", "predict"),
    }
    assert (
        lazy_table_problems(table, {"training": ["train", "predict"]}, imports)
        == []
    )
    # Planted: a name the module gained, an import left out, an alias
    # without ``as`` (not re-exported under mypy --strict).
    assert lazy_table_problems(
        table, {"training": ["train", "predict", "accuracy"]}, imports
    ) == [
        "lcdnet.training: the table lists ['train', 'predict'], its "
        "__all__ ['train', 'predict', 'accuracy']"
    ]
    assert lazy_table_problems(
        table,
        {"training": ["train", "predict"]},
        {
            ("lcdnet.training", "train", "train"),
            ("lcdnet.training", "predict", None),
        },
    ) == [
        "not imported for static tools: predict from lcdnet.training",
        "imported for static tools but not lazy: predict from "
        "lcdnet.training as None",
    ]
