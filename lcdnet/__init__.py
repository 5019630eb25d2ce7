"""lcdnet: the first lessons of deep learning, reproduced with Keras.

The digit generator is pure NumPy and is imported eagerly. Everything that
needs Keras, TensorFlow or matplotlib is imported on first use, so that
``import lcdnet`` and :func:`lcdnet.generate_digits` stay fast and light.

Examples
--------
>>> import sys
>>> import lcdnet
>>> images, labels = lcdnet.generate_digits(20, img_size=10, seed=0)
>>> images.shape, labels[:12].tolist()
((20, 10, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
"""

import importlib

from lcdnet.digits import all_positions, digit_bitmap, generate_digits, split

__version__ = "0.1.0"

# Public names that live in modules importing Keras, TensorFlow or matplotlib:
# they are loaded on first access (PEP 562) to keep ``import lcdnet`` light.
_LAZY_NAMES = {
    "models": [
        "make_linear_model",
        "make_deep_model",
        "make_xnor_model",
        "NG_XNOR_WEIGHTS",
    ],
    "training": [
        "train",
        "TrainingHistory",
        "accuracy",
        "predict",
        "predict_classes",
        "write_tensorboard",
        "confusion_matrix",
        "save_model",
        "load_model",
    ],
    "plotting": [
        "plot_digits",
        "plot_weights",
        "plot_confusion_matrix",
        "plot_history",
        "plot_xnor_surface",
        "xnor_truth_table",
        "XnorTruthTable",
    ],
}
_MODULE_OF = {name: module for module, names in _LAZY_NAMES.items() for name in names}

__all__ = [
    "digit_bitmap",
    "generate_digits",
    "all_positions",
    "split",
    *_MODULE_OF,
]


def __getattr__(name):
    module_name = _MODULE_OF.get(name)
    if module_name is None:
        raise AttributeError(f"module 'lcdnet' has no attribute {name!r}")
    module = importlib.import_module(f"lcdnet.{module_name}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
