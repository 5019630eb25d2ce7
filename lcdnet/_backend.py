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

TensorFlow's C++ runtime writes start-up lines straight to the process's
standard error (file descriptor 2) while it loads and while it first looks
for devices: absl's "All log messages before absl::InitializeLog()", the
missing CUDA drivers (``cudart_stub``, ``cuInit``), oneDNN's notice.
``TF_CPP_MIN_LOG_LEVEL`` does not silence all of them, so both steps run
with descriptor 2 sent to a temporary file, and every line of it that is
not such a start-up line is written on to ``sys.stderr`` afterwards:
nothing else is lost. In Jupyter this keeps red boxes out of a notebook's
first cell; in a terminal it keeps them off the screen.

Examples
--------
>>> backend_name() in SUPPORTED_BACKENDS
True
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

#: The Keras backends lcdnet trains on, each with a compiled training loop.
SUPPORTED_BACKENDS = ("tensorflow", "jax")

__all__ = ["keras", "backend_name", "requested_backend", "SUPPORTED_BACKENDS"]


def requested_backend() -> tuple[str, str]:
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


def _refuse(backend: str, source: str) -> ImportError:
    supported = " and ".join(repr(name) for name in SUPPORTED_BACKENDS)
    return ImportError(
        f"lcdnet supports the Keras backends {supported}, but {source} is "
        f"{backend!r}; set KERAS_BACKEND to one of them (unset, Keras uses "
        f"'tensorflow') before importing lcdnet's models."
    )


def _check_requested_backend() -> None:
    """Refuse an unsupported backend already named, before paying for
    Keras's import."""
    if "keras" in sys.modules:
        return  # Keras has chosen already; checked below.
    requested, source = requested_backend()
    if requested not in SUPPORTED_BACKENDS:
        raise _refuse(requested, source)


def _import_keras() -> Any:
    try:
        import keras  # Any to mypy: Keras ships no types
    except ImportError as error:
        backend, source = requested_backend()
        install = (
            "tensorflow" if backend == "tensorflow" else f"'lcdnet[{backend}]'"
        )
        others = ", ".join(map(repr, SUPPORTED_BACKENDS))
        raise ImportError(
            f"Keras cannot load its backend {backend!r} (chosen by "
            f"{source}): {error}; install it (pip install {install}) or set "
            f"KERAS_BACKEND to another of {others}"
        ) from error
    return keras


# absl's warning, and any line in absl/glog format ("I0000 00:00:00.0 123
# file.cc:45] ...") that the C++ runtime logs while it starts.
_STARTUP_LINE = re.compile(
    rb"^WARNING: All log messages before absl::InitializeLog\(\) is called"
    rb"|^[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w./-]+:\d+\]"
)


@contextlib.contextmanager
def _startup_lines_filtered() -> Iterator[None]:
    """Send file descriptor 2 to a file; pass on all but start-up lines
    after."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            kept = [
                line
                for line in captured.read().splitlines(keepends=True)
                if not _STARTUP_LINE.match(line)
            ]
            if kept:
                sys.stderr.write(b"".join(kept).decode(errors="replace"))
                sys.stderr.flush()


_check_requested_backend()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

with _startup_lines_filtered():
    keras = _import_keras()

    if keras.backend.backend() == "tensorflow":
        # The first look for devices logs the failed cuInit on a machine
        # without a GPU: do it now, inside the filter.
        import tensorflow

        tensorflow.config.list_physical_devices()

#: The oldest Keras a backend trains on, where that is newer than the
#: ``keras`` bound of the package: lcdnet calls Keras's ``train_step``
#: itself, and on JAX before Keras 3.12 that step needs state only
#: ``fit()`` records (an AttributeError, ``'_trainable_variable_shardings'``,
#: deep inside Keras). The ``jax`` extra brings this bound too.
MINIMUM_KERAS = {"jax": (3, 12)}


def check_keras_version(backend: str, version: str) -> None:
    """Raise ImportError if Keras ``version`` is too old for ``backend``.

    Examples
    --------
    >>> check_keras_version("jax", "3.12.0")
    >>> check_keras_version("tensorflow", "3.11.3")
    >>> check_keras_version("jax", "3.11.3")
    Traceback (most recent call last):
    ...
    ImportError: lcdnet needs Keras >= 3.12 on JAX, found Keras 3.11.3; ...
    """
    minimum = MINIMUM_KERAS.get(backend)
    found = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if minimum is not None and found < minimum:
        wanted = ".".join(map(str, minimum))
        raise ImportError(
            f"lcdnet needs Keras >= {wanted} on {backend.upper()}, found "
            f"Keras {version}; upgrade it (pip install -U "
            f"'lcdnet[{backend}]' brings Keras >= {wanted}) or use "
            f"KERAS_BACKEND=tensorflow"
        )


if keras.backend.backend() not in SUPPORTED_BACKENDS:
    raise _refuse(keras.backend.backend(), "the backend Keras is running on")
check_keras_version(keras.backend.backend(), keras.__version__)


def backend_name() -> str:
    """The name of the Keras backend in use: one of
    :data:`SUPPORTED_BACKENDS`."""
    result: str = keras.backend.backend()
    return result
