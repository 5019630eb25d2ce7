"""Order of the tutorials in the gallery: by the number in their file name.

``plot_10_...`` must come after ``plot_9_...``, which a plain sort of the
file names does not give.
"""

import re


class TutorialNumberSortKey:
    """Sort key of sphinx-gallery's ``within_subsection_order``.

    Examples
    --------
    >>> key = TutorialNumberSortKey("examples")
    >>> sorted(["plot_10_b.py", "plot_9_a.py", "plot_1_c.py"], key=key)
    ['plot_1_c.py', 'plot_9_a.py', 'plot_10_b.py']
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        match = re.match(r"plot_(\d+)_", filename)
        return (int(match.group(1)) if match else float("inf"), filename)

    def __repr__(self):
        return f"<{type(self).__name__}>"
