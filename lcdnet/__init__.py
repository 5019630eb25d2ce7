"""lcdnet: the first lessons of deep learning, reproduced with Keras.

The NumPy-only modules (:mod:`lcdnet.digits`, :mod:`lcdnet.metrics`,
:mod:`lcdnet.xnor`) are imported eagerly. The public names of the modules
that need Keras or matplotlib (:mod:`lcdnet.models`, :mod:`lcdnet.training`,
:mod:`lcdnet.plotting`) are read from their ``__all__`` without importing
them, and each module is imported on first use of one of its names
(PEP 562), so that ``import lcdnet`` and :func:`lcdnet.generate_digits`
stay fast and light.

Examples
--------
>>> import lcdnet
>>> images, labels = lcdnet.generate_digits(20, img_size=10, seed=0)
>>> images.shape, labels[:12].tolist()
((20, 10, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
"""

import ast
import importlib
import pathlib

from lcdnet import digits, metrics, xnor
from lcdnet.digits import *  # noqa: F403
from lcdnet.metrics import *  # noqa: F403
from lcdnet.xnor import *  # noqa: F403

#: The package version: its one source (pyproject.toml reads it from here).
__version__ = "0.2.0"

#: Modules loaded on first use of one of their public names.
_LAZY_MODULES = (
    "models",
    "training",
    "plotting.digits",
    "plotting.confusion",
    "plotting.history",
    "plotting.xnor",
    "plotting.cnn",
    "plotting.layers",
    "plotting.overfitting",
)


def _declared_names(module):
    """The names in a module's literal ``__all__``, read from its source, not imported."""
    source = pathlib.Path(__file__).parent.joinpath(*module.split("."))
    tree = ast.parse(source.with_suffix(".py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(target, "id", None) == "__all__" for target in node.targets):
            return ast.literal_eval(node.value)
    raise ImportError(f"lcdnet.{module} declares no literal __all__")


_MODULE_OF = {name: module for module in _LAZY_MODULES for name in _declared_names(module)}

__all__ = [*digits.__all__, *metrics.__all__, *xnor.__all__, *_MODULE_OF]


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
