"""Warnings for public names that moved: they warn for one release, then go.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     warn_moved("lcdnet.old", "lcdnet.new")
>>> print(caught[0].message)
lcdnet.old moved to lcdnet.new in lcdnet 0.3.0; the old name goes in 0.4.0
"""

from __future__ import annotations

import warnings

#: The release that moved the names, and the one that removes the old ones.
MOVED_IN, REMOVED_IN = "0.3.0", "0.4.0"


def warn_moved(old: str, new: str) -> None:
    """Warn (a DeprecationWarning) that ``old`` moved to ``new``.

    Call it from the alias: the module-level code of an alias module, or
    a module's ``__getattr__``. The warning points at the line that
    imported or read ``old`` (Python skips its import machinery when it
    counts frames), where Python's default filters show it.
    """
    warnings.warn(
        f"{old} moved to {new} in lcdnet {MOVED_IN}; the old name "
        f"goes in {REMOVED_IN}",
        DeprecationWarning,
        stacklevel=3,
    )
