"""Load Keras once, on first use, on a backend lcdnet supports.

lcdnet runs on the Keras backends in :data:`SUPPORTED_BACKENDS`. The backend
is Keras's own choice, never overridden here: the ``KERAS_BACKEND``
environment variable if set, else the ``"backend"`` of ``keras.json`` in
``KERAS_HOME`` (``~/.keras``), else Keras's default, TensorFlow. Any other
backend raises ImportError naming the supported ones, before Keras is
imported when ``KERAS_BACKEND`` already says so.

Modules that need Keras import it from here; ``import lcdnet`` alone never
reaches this module.

Examples
--------
>>> backend_name() in SUPPORTED_BACKENDS
True
"""

import os
import sys

#: The Keras backends lcdnet trains on, each with a compiled training loop.
SUPPORTED_BACKENDS = ("tensorflow", "jax")

__all__ = ["keras", "backend_name", "SUPPORTED_BACKENDS"]


def _refuse(backend, source):
    supported = " and ".join(repr(name) for name in SUPPORTED_BACKENDS)
    return ImportError(
        f"lcdnet supports the Keras backends {supported}, but {source} is {backend!r}; "
        f"set KERAS_BACKEND to one of them (unset, Keras uses 'tensorflow') before "
        f"importing lcdnet's models."
    )


def _check_requested_backend():
    """Refuse an unsupported backend already named, before paying for Keras's import."""
    if "keras" in sys.modules:
        return  # Keras has chosen already; checked below.
    requested = os.environ.get("KERAS_BACKEND")
    if requested and requested not in SUPPORTED_BACKENDS:
        raise _refuse(requested, "KERAS_BACKEND")


_check_requested_backend()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

if keras.backend.backend() not in SUPPORTED_BACKENDS:
    raise _refuse(keras.backend.backend(), "the backend Keras is running on")


def backend_name():
    """The name of the Keras backend in use: one of :data:`SUPPORTED_BACKENDS`."""
    return keras.backend.backend()
