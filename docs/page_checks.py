"""Checks that the tutorials' hidden blocks run while the docs are built.

They guard sentences a page states about its results, where the check
needs more than the page shows (here scipy, which the ``docs`` extra
installs and lcdnet itself does not need). ``conf.py`` puts this folder on
the path and sets ``LCDNET_DOCS_BUILD``; a tutorial run on its own (its
downloaded ``.py`` file) finds no such module and skips these checks::

    try:
        from page_checks import separating_weights_exist
    except ImportError:  # the file run on its own, not in the docs build
        assert "LCDNET_DOCS_BUILD" not in os.environ
        separating_weights_exist = None
"""

import numpy as np


def separating_weights_exist(pictures, labels, num_classes=10):
    """Whether some linear model names every picture's own label first.

    A linear model (weights and a bias per class, as
    :func:`lcdnet.make_linear_model`) names a picture's label when that
    label's score is the highest. Weights that put every picture's own
    label first exist exactly when a linear program (scipy's HiGHS) finds
    weights whose own-label score beats every other label's by 1, a
    margin any such weights reach once scaled up.

    >>> import lcdnet
    >>> pictures = lcdnet.place_digits([1, 7], [(0, 0), (0, 0)], 5, 5)
    >>> separating_weights_exist(pictures, [1, 7], num_classes=10)
    True
    >>> separating_weights_exist(np.stack([pictures[0]] * 2), [1, 7])
    False
    """
    from scipy.optimize import linprog

    features = np.hstack(
        [
            np.reshape(pictures, (len(pictures), -1)),
            np.ones((len(pictures), 1)),
        ]
    )
    size = features.shape[1]
    rows = []
    for feature, label in zip(features, labels, strict=True):
        for other in set(range(num_classes)) - {int(label)}:
            row = np.zeros(num_classes * size)
            row[int(label) * size : (int(label) + 1) * size] = -feature
            row[other * size : (other + 1) * size] = feature
            rows.append(row)
    found = linprog(
        np.zeros(num_classes * size),
        A_ub=np.array(rows),
        b_ub=-np.ones(len(rows)),
        bounds=(None, None),
        method="highs",
    )
    if found.status not in (0, 2):  # 0: found, 2: none exist
        raise RuntimeError(
            f"the linear program did not finish: {found.message}"
        )
    return found.status == 0
