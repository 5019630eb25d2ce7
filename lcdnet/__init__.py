"""lcdnet: the first lessons of deep learning, reproduced with Keras.

The NumPy-only modules (:mod:`lcdnet.digits`, :mod:`lcdnet.metrics`,
:mod:`lcdnet.xnor`) are imported eagerly. The public names of the modules
that need Keras or matplotlib (:mod:`lcdnet.models`, :mod:`lcdnet.training`,
:mod:`lcdnet.plotting`) are listed in a table, and each module is imported
on first use of one of its names (PEP 562), so that ``import lcdnet`` and
:func:`lcdnet.generate_digits` stay fast and light. Static tools (mypy, an
editor) read the same names from the imports under ``TYPE_CHECKING``.

Examples
--------
>>> import lcdnet
>>> images, labels = lcdnet.generate_digits(20, img_size=10, seed=0)
>>> images.shape, labels[:12].tolist()
((20, 10, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
"""

import importlib
from typing import TYPE_CHECKING, Any

from lcdnet import digits, metrics, xnor
from lcdnet.digits import *  # noqa: F403
from lcdnet.metrics import *  # noqa: F403
from lcdnet.xnor import *  # noqa: F403

if TYPE_CHECKING:  # the lazy names below, for static tools; keep in step
    from lcdnet.models import (
        compile_digit_classifier as compile_digit_classifier,
    )
    from lcdnet.models import make_deep_model as make_deep_model
    from lcdnet.models import make_linear_model as make_linear_model
    from lcdnet.models import make_mlp_model as make_mlp_model
    from lcdnet.models import make_xnor_model as make_xnor_model
    from lcdnet.plotting.accessibility import alt_text as alt_text
    from lcdnet.plotting.accessibility import set_alt_text as set_alt_text
    from lcdnet.plotting.cnn import plot_feature_maps as plot_feature_maps
    from lcdnet.plotting.cnn import plot_pooled_vectors as plot_pooled_vectors
    from lcdnet.plotting.cnn import plot_position_shift as plot_position_shift
    from lcdnet.plotting.confusion import (
        plot_confusion_matrix as plot_confusion_matrix,
    )
    from lcdnet.plotting.digits import plot_digit_mosaic as plot_digit_mosaic
    from lcdnet.plotting.digits import plot_digits as plot_digits
    from lcdnet.plotting.digits import plot_weights as plot_weights
    from lcdnet.plotting.history import plot_history as plot_history
    from lcdnet.plotting.layers import plot_layers as plot_layers
    from lcdnet.plotting.overfitting import (
        plot_overfitting as plot_overfitting,
    )
    from lcdnet.plotting.xnor import XnorTruthTable as XnorTruthTable
    from lcdnet.plotting.xnor import plot_xnor_surface as plot_xnor_surface
    from lcdnet.plotting.xnor import xnor_truth_table as xnor_truth_table
    from lcdnet.training import TrainingHistory as TrainingHistory
    from lcdnet.training import accuracy as accuracy
    from lcdnet.training import load_model as load_model
    from lcdnet.training import predict as predict
    from lcdnet.training import predict_classes as predict_classes
    from lcdnet.training import save_model as save_model
    from lcdnet.training import train as train
    from lcdnet.training import write_tensorboard as write_tensorboard

#: The package version: its one source (pyproject.toml reads it from here).
__version__ = "0.3.0"

#: Each module loaded on first use of one of its public names: the names,
#: in the order of the module's ``__all__`` (a test keeps the two equal).
_LAZY_MODULES = {
    "models": (
        "make_linear_model",
        "make_deep_model",
        "make_mlp_model",
        "make_xnor_model",
        "compile_digit_classifier",
    ),
    "training": (
        "TrainingHistory",
        "train",
        "write_tensorboard",
        "predict",
        "predict_classes",
        "accuracy",
        "save_model",
        "load_model",
    ),
    "plotting.accessibility": ("set_alt_text", "alt_text"),
    "plotting.digits": ("plot_digits", "plot_digit_mosaic", "plot_weights"),
    "plotting.confusion": ("plot_confusion_matrix",),
    "plotting.history": ("plot_history",),
    "plotting.xnor": (
        "plot_xnor_surface",
        "xnor_truth_table",
        "XnorTruthTable",
    ),
    "plotting.cnn": (
        "plot_feature_maps",
        "plot_pooled_vectors",
        "plot_position_shift",
    ),
    "plotting.layers": ("plot_layers",),
    "plotting.overfitting": ("plot_overfitting",),
}

_MODULE_OF = {
    name: module for module, names in _LAZY_MODULES.items() for name in names
}

__all__ = [*digits.__all__, *metrics.__all__, *xnor.__all__, *_MODULE_OF]


if not TYPE_CHECKING:  # hidden from static tools: a typo stays an error

    def __getattr__(name: str) -> Any:
        module_name = _MODULE_OF.get(name)
        if module_name is None:
            raise AttributeError(f"module 'lcdnet' has no attribute {name!r}")
        module = importlib.import_module(f"lcdnet.{module_name}")
        value = getattr(module, name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
