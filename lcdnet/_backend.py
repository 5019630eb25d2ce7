"""Load Keras with the TensorFlow backend, once, on first use.

lcdnet's fast training loop is written for TensorFlow, so the backend is
chosen here before Keras is first imported. Modules that need Keras import it
from here; ``import lcdnet`` alone never reaches this module.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

if keras.backend.backend() != "tensorflow":
    raise ImportError(
        "lcdnet needs the Keras 'tensorflow' backend, but Keras is running on "
        f"{keras.backend.backend()!r}; unset KERAS_BACKEND or set it to 'tensorflow' "
        "before importing lcdnet's models."
    )

__all__ = ["keras"]
