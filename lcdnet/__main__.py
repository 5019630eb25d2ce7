"""``python -m lcdnet``: the same as the ``lcdnet`` command."""

import sys

from lcdnet.cli import main

sys.exit(main())
