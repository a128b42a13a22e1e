"""The entry point: one-line errors and exit codes instead of tracebacks."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence

import click

from tui.cli.group import cli
from tui.cli.options import EXIT_BAD_INPUT
from tui.cli.output import _escaped
from tui.core.interrupt import Interrupted, on_sigint
from tui.core.process import use_system_memory_pool
from tui.core.taxonomy import TaxonomyError


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: clear one-line errors and exit codes instead of tracebacks."""
    use_system_memory_pool()
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C ends a headless command with one line (tui.core.interrupt).
        signal.signal(signal.SIGINT, on_sigint)
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="campaign-tui",
            standalone_mode=False,
        )
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.message = _escaped(error.message)  # type: ignore[misc]
        error.show()
        sys.exit(error.exit_code)
    except TaxonomyError as error:
        click.echo(f"error: {_escaped(str(error))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (Interrupted, KeyboardInterrupt):
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except (OSError, ValueError) as error:
        click.echo(f"error: {_escaped(str(error))}", err=True)
        sys.exit(1)
