"""Deprecated: the learning curves moved to :mod:`lcdnet.lab.learning_curves`.

``lcdnet.learning_curves`` still imports, with a DeprecationWarning, in the 0.3
releases; it goes in 0.4.0. Import ``lcdnet.lab.learning_curves`` instead.
"""

from lcdnet._moved import warn_moved
from lcdnet.lab.learning_curves import *  # noqa: F403
from lcdnet.lab.learning_curves import __all__  # noqa: F401

warn_moved("lcdnet.learning_curves", "lcdnet.lab.learning_curves")
