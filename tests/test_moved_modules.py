"""Names moved in 0.3.0 (issue 18) import, with a warning, for one release."""

import importlib
import sys

import pytest

import lcdnet
from lcdnet import lab, models
from lcdnet.lab import learning_curves
from lcdnet.lessons import reproduction


@pytest.mark.parametrize(
    "old, new",
    [
        ("lcdnet.reproduction", reproduction),
        ("lcdnet.learning_curves", learning_curves),
    ],
)
def test_a_moved_module_warns_and_is_the_new_one(old, new):
    sys.modules.pop(old, None)
    with pytest.warns(
        DeprecationWarning, match=rf"{old} moved to {new.__name__} .*0\.4\.0"
    ) as caught:
        alias = importlib.import_module(old)
    # The warning points at the importing line, outside lcdnet, where
    # Python's default filters show it.
    assert "lcdnet" not in caught[0].filename
    assert alias.__all__ == new.__all__
    for name in new.__all__:
        assert getattr(alias, name) is getattr(new, name), name


def test_make_mlp_model_moved_to_models_and_the_lab_name_warns():
    assert lcdnet.make_mlp_model is models.make_mlp_model
    assert "make_mlp_model" not in lab.__all__
    with pytest.warns(
        DeprecationWarning, match="lcdnet.models.make_mlp_model"
    ) as caught:
        assert lab.make_mlp_model is models.make_mlp_model
    assert caught[0].filename == __file__
    with pytest.raises(AttributeError, match="no attribute 'make_nothing'"):
        lab.make_nothing  # noqa: B018
