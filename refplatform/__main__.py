"""``python -m refplatform``: the same as the ``refplatform`` console script."""

import sys

from refplatform.cli import main

sys.exit(main())
