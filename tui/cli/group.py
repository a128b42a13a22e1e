"""The `campaign-tui` command group: the dashboard when no command is named."""

from __future__ import annotations

import signal
import threading

import click

from tui import __version__


class DefaultGroup(click.Group):
    """A group whose first argument, when not a command, is a corpus path for `open`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}
        ):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="campaign-tui")
def cli() -> None:
    """Count DPRK mass-mobilisation campaign themes per sector and region in KCNA copy.

    With no command, opens the dashboard on PATHS (the bundled demo corpus when none).
    """


def _dashboard_signals() -> None:
    """The dashboard reads Ctrl-C as a key; a SIGINT from elsewhere stops it as Python does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
