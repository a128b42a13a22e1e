"""`python -m tui.demo`."""

import sys

from tui.demo.cli import main

sys.exit(main())
