"""What the commands write: escaped text, problems, summaries, output files."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from tui.core.models import Problem
from tui.core.wording import counted

_MAX_PROBLEMS_SHOWN = 25
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escaped(text: str) -> str:
    """Control characters (escape sequences in a file name...) written as \\x1b, not sent to
    the terminal."""
    return _CONTROLS.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def _escaped_lines(text: str) -> str:
    return "\n".join(_escaped(line) for line in text.split("\n"))


def _echo_lines(text: str) -> None:
    """Lines of text from the copy, each with its control characters escaped."""
    for line in text.split("\n"):
        click.echo(_escaped(line))


def _report_problems(problems: list[Problem], verbose: bool = False) -> None:
    shown = problems if verbose else problems[:_MAX_PROBLEMS_SHOWN]
    for problem in shown:
        click.echo(f"{problem.severity}: {_escaped(str(problem))}", err=True)
    if len(problems) > len(shown):
        click.echo(f"... and {len(problems) - len(shown)} more (--verbose lists all)", err=True)


def _summary_line(summary: dict[str, Any]) -> str:
    span = f"{summary['first_date']} .. {summary['last_date']}" if summary["first_date"] else "-"
    return (
        f"{counted(summary['articles'], 'article')} from {counted(summary['files'], 'file')}"
        f" ({span}); {counted(summary['duplicates'], 'duplicate')} dropped,"
        f" {summary['undated']} undated, {counted(summary['problems'], 'record')} unreadable,"
        f" {counted(summary['mentions'], 'mention')}"
    )


def _write_output(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from tui.core.atomic import write_bytes_atomic

    write_bytes_atomic(output, data)
