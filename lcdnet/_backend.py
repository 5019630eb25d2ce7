"""Load Keras once, on first use, on a backend lcdnet supports.

lcdnet runs on the Keras backends in :data:`SUPPORTED_BACKENDS`. The backend
is Keras's own choice, never overridden here: the ``KERAS_BACKEND``
environment variable if set, else the ``"backend"`` of ``keras.json`` in
``KERAS_HOME`` (``~/.keras``), else Keras's default, TensorFlow. Any other
backend raises ImportError naming the supported ones, before Keras is
imported when ``KERAS_BACKEND`` or ``keras.json`` already says so; a
supported backend that is not installed raises ImportError saying how to
install it, instead of Keras's own traceback.

Modules that need Keras import it from here; ``import lcdnet`` alone never
reaches this module.

Examples
--------
>>> backend_name() in SUPPORTED_BACKENDS
True
"""

import json
import os
import sys

#: The Keras backends lcdnet trains on, each with a compiled training loop.
SUPPORTED_BACKENDS = ("tensorflow", "jax")

__all__ = ["keras", "backend_name", "requested_backend", "SUPPORTED_BACKENDS"]


def requested_backend():
    """The backend Keras will load and what chose it, without importing Keras.

    Keras's own rule: ``KERAS_BACKEND``, else the ``"backend"`` of
    ``keras.json`` in ``KERAS_HOME`` (default ``~/.keras``, or
    ``/tmp/.keras`` when the home folder is not writable), else TensorFlow.

    Examples
    --------
    >>> backend, source = requested_backend()
    >>> isinstance(backend, str) and isinstance(source, str)
    True
    """
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"], "KERAS_BACKEND"
    home = os.environ.get("KERAS_HOME")
    if home is None:
        base = os.path.expanduser("~")
        writable = os.access(base, os.W_OK)
        home = os.path.join(base if writable else "/tmp", ".keras")
    config = os.path.expanduser(os.path.join(home, "keras.json"))
    try:
        with open(config, encoding="utf-8") as file:
            backend = json.load(file).get("backend")
    except (OSError, ValueError, AttributeError):
        backend = None
    if isinstance(backend, str) and backend:
        return backend, f"the 'backend' of {config}"
    return "tensorflow", "Keras's default"


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
    requested, source = requested_backend()
    if requested not in SUPPORTED_BACKENDS:
        raise _refuse(requested, source)


def _import_keras():
    try:
        import keras
    except ImportError as error:
        backend, source = requested_backend()
        install = ("tensorflow" if backend == "tensorflow"
                   else f"'lcdnet[{backend}]'")
        others = ", ".join(map(repr, SUPPORTED_BACKENDS))
        raise ImportError(
            f"Keras cannot load its backend {backend!r} (chosen by "
            f"{source}): {error}; install it (pip install {install}) or set "
            f"KERAS_BACKEND to another of {others}"
        ) from error
    return keras


_check_requested_backend()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
keras = _import_keras()

if keras.backend.backend() not in SUPPORTED_BACKENDS:
    raise _refuse(keras.backend.backend(), "the backend Keras is running on")


def backend_name():
    """The name of the Keras backend in use: one of :data:`SUPPORTED_BACKENDS`."""
    return keras.backend.backend()
