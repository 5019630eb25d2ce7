"""pytest configuration shared by tests/ and the doctests in lcdnet/.

Figures are drawn with the non-interactive Agg backend, so tests and doctests
run headless and never open a window.
"""

import matplotlib

matplotlib.use("Agg")
