"""``python -m tui.bench dashboard ...``: the dashboard child that ``campaign-tui bench`` runs."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui.bench.dashboard import dashboard_child


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "dashboard":
        return dashboard_child(args[1:])
    print("usage: python -m tui.bench dashboard ... (use `campaign-tui bench`)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
