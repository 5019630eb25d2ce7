"""Deprecated: the settings search moved to :mod:`lcdnet.lessons.reproduction`.

``lcdnet.reproduction`` still imports, with a DeprecationWarning, in the 0.3
releases; it goes in 0.4.0. Import ``lcdnet.lessons.reproduction`` instead.
"""

from lcdnet._moved import warn_moved
from lcdnet.lessons.reproduction import *  # noqa: F403
from lcdnet.lessons.reproduction import __all__  # noqa: F401

warn_moved("lcdnet.reproduction", "lcdnet.lessons.reproduction")
