"""The options the commands share, and reading them into settings, filters and an index."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from tui.cli.output import _escaped, _report_problems
from tui.core.models import FilterState, Measure, Period, Scope
from tui.core.taxonomy import load_taxonomy

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2


FIELD_OPTION = click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=FIELD",
    help="Name a record field explicitly, e.g. body=story_text (repeatable).",
)


def corpus_options(func: F) -> F:
    """Options every command that reads a corpus takes."""
    options = [
        click.option(
            "--taxonomy",
            "taxonomy",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Taxonomy file (TOML or YAML); default: the bundled one.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="CAMPAIGN_TUI_CACHE_DIR",
            help="Index cache folder (env CAMPAIGN_TUI_CACHE_DIR).",
        ),
        click.option("--no-cache", is_flag=True, help="Index in memory, read and write no cache."),
        FIELD_OPTION,
        click.option(
            "--scope",
            type=click.Choice([s.value for s in Scope]),
            default="article",
            show_default=True,
            help="Where a theme and a sector/region must co-occur to count together.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filter_options(period_default: str | None) -> Callable[[F], F]:
    """The filter flags `export` and the dashboard share: --theme, --sector, --region, --from,
    --to, --search, --measure, --share, --period (``period_default`` None: the dashboard
    chooses one from the corpus's span)."""
    period_help = "The timeline's period" + (
        "" if period_default else " (default: from the corpus's span)"
    )
    options = [
        click.option("--theme", "themes", multiple=True, help="Theme id (repeatable)."),
        click.option("--sector", "sectors", multiple=True, help="Sector id (repeatable)."),
        click.option(
            "--region",
            "regions",
            multiple=True,
            help="Region id (repeatable); a province includes its cities and counties.",
        ),
        click.option(
            "--from", "date_from", help="First day: YYYY-MM-DD, or a year or month (its first day)."
        ),
        click.option(
            "--to",
            "date_to",
            help="Last day, inclusive: YYYY-MM-DD, or a year or month (its last day).",
        ),
        click.option(
            "--search",
            default="",
            help='Search titles and bodies: words are ANDed and match whole, "a phrase" in '
            "quotes, -word excludes, coal* for prefixes.",
        ),
        click.option(
            "--measure",
            type=click.Choice([m.value for m in Measure]),
            default="articles",
            show_default=True,
        ),
        click.option("--share", is_flag=True, help="Share of all articles in the period."),
        click.option(
            "--period",
            type=click.Choice([p.value for p in Period]),
            default=period_default,
            show_default=period_default is not None,
            help=period_help + ".",
        ),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _settings(paths: Sequence[Path], **options: Any) -> Any:
    from tui.core.session import Settings

    return Settings(
        paths=tuple(paths),
        taxonomy=options.get("taxonomy"),
        cache_dir=options.get("cache_dir"),
        use_cache=not options.get("no_cache", False),
        fields=tuple(options.get("fields") or ()),
        scope=Scope(options.get("scope") or "article"),
    )


class BadInput(click.ClickException):
    """A mistake in what the command was given: one line on stderr, exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {_escaped(self.format_message())}", err=True)


def _require_paths(paths: Sequence[Path]) -> None:
    """A corpus path that does not exist is a mistake on the command line, not a bad record."""
    for path in paths:
        if not path.exists():
            raise BadInput(f"{path}: no such file or folder")


def _output_file(value: str | None, param: click.Parameter) -> Path | None:
    """An output file named on the command line, checked before any work is done: the run
    is not lost to a name that cannot be written."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("an empty file name: give the file to write", param=param)
    from tui.core.atomic import check_writable

    try:
        check_writable(value)
    except OSError as error:
        raise click.BadParameter(_escaped(str(error.strerror or error)), param=param) from None
    return Path(value)


def _load(settings: Any, *, show_progress: bool, verbose: bool = False, counts: bool = True) -> Any:
    """Index the corpus with a progress bar on stderr, report problems, return a Query."""
    from tui.core.query import Query
    from tui.core.session import load_index

    taxonomy = load_taxonomy(settings.taxonomy)
    _require_paths(settings.paths)
    messages: list[str] = []
    if show_progress and sys.stderr.isatty():
        with click.progressbar(length=1, label="Indexing", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)

            index = load_index(settings, taxonomy, progress=progress, message=messages.append)
    else:
        index = load_index(settings, taxonomy, message=messages.append)
    for message in messages:
        # Notes name corpus and cache files: escapes in those names are shown, not sent.
        click.echo(f"note: {_escaped(message)}", err=True)
    _report_problems(index.problems, verbose)
    # `index` only reports what was read: it needs no counts.
    return Query(index, settings.scope) if counts else index


def _parse_day(value: str | None, name: str, *, end: bool = False) -> dt.date | None:
    """The day ``value`` names; a year or a month (``2024``, ``2024-08``) is its first day,
    or its last when ``end``, as in the dashboard's date dialog."""
    if value is None:
        return None
    from tui.core.daterange import parse_bound
    from tui.core.dates import parse_date

    text = value.strip()
    if re.fullmatch(r"\d{4}(?:-\d{1,2})?", text) and (bound := parse_bound(text, end=end)):
        return bound
    # A bare number other than YYYYMMDD would be read as epoch seconds (1700000000 is a day
    # of 2023): on the command line that is far likelier a slip than a date.
    if re.fullmatch(r"[+-]?\d+(?:\.\d*)?", text) and not re.fullmatch(r"\d{8}", text):
        raise click.BadParameter(
            f"{_escaped(repr(value))} is a number, not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
            param_hint=name,
        )
    parsed = parse_date(text)
    if parsed is None:
        raise click.BadParameter(
            f"{_escaped(repr(value))} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
            param_hint=name,
        )
    return parsed


def _date_range(
    date_from: str | None, date_to: str | None
) -> tuple[dt.date | None, dt.date | None]:
    first, last = _parse_day(date_from, "--from"), _parse_day(date_to, "--to", end=True)
    if first is not None and last is not None and first > last:
        raise click.BadParameter(
            f"--from {first.isoformat()} is after --to {last.isoformat()}: no day is in the range",
            param_hint="--from/--to",
        )
    return first, last


def _check_labels(taxonomy: Any, ids: Sequence[str], kind: str, option: str) -> tuple[str, ...]:
    labels = taxonomy.labels
    for label_id in ids:
        if label_id != "(none)" and (label_id not in labels or labels[label_id].kind != kind):
            known = ", ".join(x.id for x in taxonomy.of_kind(kind) if not x.parent)
            raise click.BadParameter(
                f"{label_id!r} is not a {kind} id (known: {known})", param_hint=option
            )
    return tuple(ids)


def _filter_state(
    taxonomy: Any,
    date_range: tuple[dt.date | None, dt.date | None],
    themes: Sequence[str],
    sectors: Sequence[str],
    regions: Sequence[str],
    search: str,
    measure: str,
    share: bool,
    period: str | None,
) -> FilterState:
    """The filters of the shared filter flags (``filter_options``), label ids checked."""
    values: dict[str, Any] = {
        "themes": _check_labels(taxonomy, themes, "theme", "--theme"),
        "sectors": _check_labels(taxonomy, sectors, "sector", "--sector"),
        "regions": _check_labels(taxonomy, regions, "region", "--region"),
        "date_from": date_range[0],
        "date_to": date_range[1],
        "search": search,
        "measure": Measure(measure),
        "share": share,
    }
    if period is not None:
        values["period"] = Period(period)
    return FilterState(**values)


def _parse_cell(
    query: Any, cell: str
) -> tuple[str | None, str | None, Literal["sector", "region"] | None]:
    """THEME/OTHER of --cell, each a known id, '(none)' or 'total' (unknown ids are errors)."""
    theme, _, other = (part.strip() for part in cell.partition("/"))
    labels = query.taxonomy.labels
    special = {"(none)", "total"}
    if theme and theme not in special and (theme not in labels or labels[theme].kind != "theme"):
        raise click.BadParameter(f"{theme!r} is not a theme id", param_hint="--cell")
    if not other:
        return theme or None, None, None
    kind, colon, rest = other.partition(":")
    if colon and kind in ("sector", "region") and rest in special:
        # "region:(none)" names the region table's (none) column; a bare "(none)" the sector's.
        return theme or None, rest, "sector" if kind == "sector" else "region"
    if other in special:
        return theme or None, other, "sector"
    label = labels.get(other)
    if label is not None and label.kind == "sector":
        return theme or None, other, "sector"
    if label is not None and label.kind == "region":
        return theme or None, other, "region"
    raise click.BadParameter(f"{other!r} is not a sector or region id", param_hint="--cell")
