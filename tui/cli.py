"""The `campaign-tui` command: the dashboard by default, and headless commands beside it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from tui import __version__
from tui.core.interrupt import Interrupted, on_sigint
from tui.core.models import ExportRequest, FilterState, Measure, Period, Problem, Scope, View
from tui.core.process import tune_for_dashboard, use_system_memory_pool
from tui.core.taxonomy import TaxonomyError, load_taxonomy
from tui.core.wording import counted

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2
_MAX_PROBLEMS_SHOWN = 25
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class DefaultGroup(click.Group):
    """A group whose first argument, when not a command, is a corpus path for `open`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}
        ):
            args = ["open", *args]
        return super().parse_args(ctx, args)


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
        click.option("--from", "date_from", help="First day, YYYY-MM-DD."),
        click.option("--to", "date_to", help="Last day, YYYY-MM-DD (inclusive)."),
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


def _summary_line(summary: dict[str, Any]) -> str:
    span = f"{summary['first_date']} .. {summary['last_date']}" if summary["first_date"] else "-"
    return (
        f"{counted(summary['articles'], 'article')} from {counted(summary['files'], 'file')}"
        f" ({span}); {counted(summary['duplicates'], 'duplicate')} dropped,"
        f" {summary['undated']} undated, {counted(summary['problems'], 'record')} unreadable,"
        f" {counted(summary['mentions'], 'mention')}"
    )


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="campaign-tui")
def cli() -> None:
    """Count DPRK mass-mobilisation campaign themes per sector and region in KCNA copy.

    With no command, opens the dashboard on PATHS (the bundled demo corpus when none).
    """


@cli.command("open")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@corpus_options
@click.option("--no-watch", is_flag=True, help="Do not watch the corpus for new files.")
@filter_options(period_default=None)
def open_command(
    paths: tuple[Path, ...],
    no_watch: bool,
    themes: tuple[str, ...],
    sectors: tuple[str, ...],
    regions: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    search: str,
    measure: str,
    share: bool,
    period: str | None,
    **options: Any,
) -> None:
    """Open the dashboard on PATHS (files or folders; default: the demo corpus), with the
    filters of the flags applied (the same flags as `export`)."""
    settings = _settings(paths, **options)
    # A missing path, a broken taxonomy or a bad filter stops here, before the screen opens.
    date_range = _date_range(date_from, date_to)
    _require_paths(settings.paths)
    taxonomy = load_taxonomy(settings.taxonomy)
    filters = _filter_state(
        taxonomy, date_range, themes, sectors, regions, search, measure, share, period
    )
    from tui.ui.app import CampaignApp

    _dashboard_signals()
    tune_for_dashboard()
    CampaignApp(
        settings,
        watch=not no_watch,
        filters=filters,
        auto_period=period is None,
    ).run()


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@corpus_options
@click.option("--verbose", is_flag=True, help="List every problem.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index_command(paths: tuple[Path, ...], verbose: bool, as_json: bool, **options: Any) -> None:
    """Build or update the index cache of PATHS and print what was read."""
    index = _load(_settings(paths, **options), show_progress=True, verbose=verbose, counts=False)
    summary = index.summary()
    if as_json:
        click.echo(json.dumps(summary))
    else:
        click.echo(_summary_line(summary))
        click.echo(
            f"{counted(summary['indexed'], 'file')} indexed, {summary['from_cache']} from the cache"
        )


@cli.command("tags")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@corpus_options
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=lambda ctx, param, value: _output_file(value, param),
    help="Write to FILE (atomically) instead of standard output.",
)
def tags_command(paths: tuple[Path, ...], fmt: str, output: Path | None, **options: Any) -> None:
    """One record per article: id, date, title, themes, sectors, regions (first-level ids)."""
    query = _load(_settings(paths, **options), show_progress=False)
    frame, _ = query.articles(FilterState())
    frame = frame.sort_values("art", kind="stable")
    buffer = io.StringIO()
    if fmt == "jsonl":
        for row in frame.itertuples(index=False):
            record = {
                "id": row.id,
                "date": row.date or None,
                "title": row.title,
                "themes": [x for x in row.themes.split(";") if x],
                "sectors": [x for x in row.sectors.split(";") if x],
                "regions": [x for x in row.regions.split(";") if x],
            }
            buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
        data = buffer.getvalue().encode("utf-8")
    else:
        from tui.core.export import to_csv_bytes

        data = to_csv_bytes(frame[["id", "date", "title", "themes", "sectors", "regions"]])
    _write_output(data, output)


def _write_output(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from tui.core.atomic import write_bytes_atomic

    write_bytes_atomic(output, data)


def _parse_day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    from tui.core.dates import parse_date

    text = value.strip()
    # A bare number other than YYYYMMDD would be read as epoch seconds (1700000000 is a day
    # of 2023): on the command line that is far likelier a slip than a date.
    if re.fullmatch(r"[+-]?\d+(?:\.\d*)?", text) and not re.fullmatch(r"\d{8}", text):
        raise click.BadParameter(
            f"{_escaped(repr(value))} is a number, not a date (use YYYY-MM-DD)", param_hint=name
        )
    parsed = parse_date(text)
    if parsed is None:
        raise click.BadParameter(
            f"{_escaped(repr(value))} is not a date (use YYYY-MM-DD)", param_hint=name
        )
    return parsed


def _date_range(
    date_from: str | None, date_to: str | None
) -> tuple[dt.date | None, dt.date | None]:
    first, last = _parse_day(date_from, "--from"), _parse_day(date_to, "--to")
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


@cli.command("export")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@corpus_options
@click.option(
    "--view",
    type=click.Choice([v.value for v in View]),
    default="theme-by-sector",
    show_default=True,
)
@filter_options(period_default="month")
@click.option(
    "--cell",
    help="Articles view: the cell THEME/OTHER behind a table number "
    "(OTHER a sector or region id, or 'sector:(none)', 'region:(none)', 'total').",
)
@click.option("--compare-from", help="Table views: compare with a second range (B) from this day.")
@click.option("--compare-to", help="Table views: the last day of the compared range (B).")
@click.option(
    "--year-earlier",
    is_flag=True,
    help="Table views: compare with the same dates a year earlier (needs --from and --to).",
)
@click.option(
    "--baseline",
    type=click.IntRange(min=1, max=120),
    default=8,
    show_default=True,
    help="Rising view: how many periods before the current one make the baseline.",
)
@click.option("--sort", help="Sort by a column id; prefix '-' for descending.")
@click.option("--limit", type=click.IntRange(min=0), help="At most N rows.")
@click.option("--bom", is_flag=True, help="Start the file with a UTF-8 BOM (for Excel).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=lambda ctx, param, value: _output_file(value, param),
    help="Write to FILE atomically (with a FILE.json sidecar); default: stdout.",
)
def export_command(
    paths: tuple[Path, ...],
    view: str,
    themes: tuple[str, ...],
    sectors: tuple[str, ...],
    regions: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    search: str,
    measure: str,
    share: bool,
    period: str,
    cell: str | None,
    compare_from: str | None,
    compare_to: str | None,
    year_earlier: bool,
    baseline: int,
    sort: str | None,
    limit: int | None,
    bom: bool,
    output: Path | None,
    **options: Any,
) -> None:
    """Write a view (the counts or the articles behind them) as CSV."""
    from tui.core.compare import year_earlier as compare_year_earlier
    from tui.core.export import export_view, to_csv_bytes, view_frame

    # Checked before the corpus is read: a mistake here should not cost the indexing.
    date_range = _date_range(date_from, date_to)
    query = _load(_settings(paths, **options), show_progress=False)
    filters = _filter_state(
        query.taxonomy, date_range, themes, sectors, regions, search, measure, share, period
    )
    theme, other, other_kind = _parse_cell(query, cell) if cell else (None, None, None)
    b_from, b_to = (
        _parse_day(compare_from, "--compare-from"),
        _parse_day(compare_to, "--compare-to"),
    )
    if year_earlier:
        if filters.date_from is None or filters.date_to is None:
            raise click.UsageError("--year-earlier needs --from and --to")
        b_from, b_to = compare_year_earlier(filters.date_from, filters.date_to)
    request = ExportRequest(
        view=View(view),
        filters=filters,
        theme=theme,
        other=other,
        other_kind=other_kind,
        sort=sort,
        limit=limit,
        compare_from=b_from,
        compare_to=b_to,
        baseline=baseline,
        bom=bom,
    )
    try:
        if output is None:
            _write_output(to_csv_bytes(view_frame(query, request), bom=bom), None)
        else:
            rows = export_view(query, request, output)
            click.echo(f"{counted(rows, 'row')} written to {_escaped(str(output))}", err=True)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


@cli.command("evaluate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Labelled JSON Lines file: id, themes, sectors, regions.",
)
@click.option("--errors", is_flag=True, help="Also list each article's false positives/negatives.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--taxonomy",
    "taxonomy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Taxonomy file (TOML or YAML); default: the bundled one.",
)
@FIELD_OPTION
def evaluate_command(
    paths: tuple[Path, ...],
    gold: Path,
    errors: bool,
    as_json: bool,
    taxonomy: Path | None,
    fields: tuple[str, ...],
) -> None:
    """Precision, recall and F1 per label and per kind against hand-labelled articles.

    The gold articles are read from PATHS and tagged as they are (no cache, no duplicate
    removal), so every gold id finds its own record.
    """
    from tui.core import evaluate as ev
    from tui.core.readers import FieldMap

    loaded = load_taxonomy(taxonomy)
    _require_paths(paths)
    gold_sets = ev.load_gold(gold)
    field_map = FieldMap.parse(list(fields)) if fields else None
    predicted, mentions = ev.tag_gold_articles(gold_sets, paths, loaded, field_map)
    report = ev.evaluate(gold_sets, predicted, loaded)
    if as_json:
        click.echo(ev.report_json(report))
        return
    click.echo(f"taxonomy {_escaped(loaded.source)} version {_escaped(loaded.version)}")
    click.echo(_escaped_lines(ev.format_report(report)))
    if errors:
        found = ev.article_errors(gold_sets, predicted, mentions, loaded)
        click.echo(_escaped_lines(ev.format_errors(found)))


@cli.command("screenshot")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@corpus_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=lambda ctx, param, value: _output_file(value, param),
    default="docs/dashboard.svg",
    show_default=True,
)
@click.option("--size", default="160x48", show_default=True, help="Terminal COLUMNSxROWS.")
@click.option("--keys", default="", help="Keys to press first, space-separated (e.g. 'p tab').")
@click.option(
    "--view",
    type=click.Choice(["dashboard", "rising", "map", "compare"]),
    default="dashboard",
    show_default=True,
    help="The panel shown: the Rising list (R), the province map (M) or the comparison (C).",
)
def screenshot_command(
    paths: tuple[Path, ...], output: Path, size: str, keys: str, view: str, **options: Any
) -> None:
    """Save an SVG screenshot of the dashboard (default: on the demo corpus)."""
    import asyncio

    from tui.ui.app import CampaignApp

    try:
        columns, rows = (int(part) for part in size.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{size!r} is not COLUMNSxROWS", param_hint="--size") from None
    settings = _settings(paths, **options)
    load_taxonomy(settings.taxonomy)
    view_keys = {"dashboard": "", "rising": "R", "map": "M", "compare": "C"}[view]
    keys = f"{keys} {view_keys}".strip()

    async def shoot() -> str:
        app = CampaignApp(settings, watch=False)
        async with app.run_test(size=(columns, rows)) as pilot:
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            for key in keys.split():
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.pause()
            return app.export_screenshot(title="campaign-tui")

    _dashboard_signals()
    svg = asyncio.run(shoot())
    from tui.core.atomic import write_text_atomic

    # Whatever reached the screen, the file is well-formed XML: characters XML 1.0 does not
    # allow (escape sequences' ESC and BEL, other controls) are replaced.
    write_text_atomic(output, _XML_INVALID.sub("\ufffd", svg))
    click.echo(f"screenshot written to {_escaped(str(output))}", err=True)


@cli.command("bench")
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    help="Articles in the benchmark corpus.",
)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Corpus file or folder to replicate (repeatable); default: the real corpora in "
    "../shared when there, else a synthetic one.",
)
@click.option(
    "--synthetic", is_flag=True, help="Generate a synthetic corpus even when ../shared is there."
)
@click.option(
    "--format",
    "corpus_format",
    type=click.Choice(["jsonl", "txt"]),
    default="jsonl",
    show_default=True,
    help="Write the replica as JSON Lines parts, or as one seed-format .txt file per article.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Repetitions of each measurement (the median is reported).",
)
@click.option(
    "--index-repeat",
    type=click.IntRange(min=1),
    help="Cold-index runs (default: --repeat up to 200,000 articles, else 1).",
)
@click.option(
    "--files",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Files the corpus is split into.",
)
@click.option(
    "--changes",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Filter changes keyed into the dashboard.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Articles the naive pandas tagger runs on (then extrapolated).",
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--taxonomy",
    "taxonomy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Taxonomy file (TOML or YAML); default: the bundled one.",
)
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the corpus and caches (default: a temporary one, removed at the end).",
)
@click.option("--keep", is_flag=True, help="Keep the temporary work folder.")
def bench_command(
    articles: int,
    corpus: tuple[Path, ...],
    as_json: bool,
    repeat: int,
    index_repeat: int | None,
    files: int,
    changes: int,
    sample: int,
    seed: int,
    taxonomy: Path | None,
    workdir: Path | None,
    keep: bool,
    synthetic: bool = False,
    corpus_format: str = "jsonl",
) -> None:
    """Benchmark indexing, grep, a naive tagger, warm start, keypresses, export and memory."""
    from tui.bench import BenchOptions, format_table, run_bench
    from tui.bench_corpus import shared_corpora

    if not corpus and not synthetic:
        corpus = shared_corpora()

    if taxonomy is not None:
        load_taxonomy(taxonomy)
    options = BenchOptions(
        articles=articles,
        corpus=corpus,
        files=files,
        repeat=repeat,
        index_repeat=index_repeat,
        changes=changes,
        sample=sample,
        seed=seed,
        workdir=workdir,
        keep=keep,
        taxonomy=taxonomy,
        format=corpus_format,
    )
    result = run_bench(options)
    click.echo(json.dumps(result) if as_json else format_table(result))


@cli.group("taxonomy")
def taxonomy_group() -> None:
    """Inspect and check taxonomy files."""


@taxonomy_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
def taxonomy_check(file: Path | None) -> None:
    """Validate a taxonomy file (default: the bundled one)."""
    taxonomy = load_taxonomy(file)
    counts = {kind: len(taxonomy.of_kind(kind)) for kind in ("theme", "sector", "region")}
    phrases = sum(len(lab.phrases) + len(lab.aliases) for lab in taxonomy.model.labels)
    click.echo(
        f"{_escaped(taxonomy.source)}: OK, version {_escaped(taxonomy.version)}: "
        f"{counts['theme']} themes, "
        f"{counts['sector']} sectors, {counts['region']} regions "
        f"({len(taxonomy.top_regions)} first-level), {phrases} phrases"
    )


@taxonomy_group.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--taxonomy",
    "taxonomy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Taxonomy file (TOML or YAML); default: the bundled one.",
)
@click.option("--label", "label_ids", multiple=True, help="Only this label's phrases (repeatable).")
@click.option("--phrase", help="Lines where this taxonomy phrase (as written) counts.")
@click.option("--kwic", "word", help="Lines where this word or phrase occurs in the copy.")
@click.option(
    "--labelled",
    "labelled",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A gold file whose articles are counted apart, in brackets (repeatable).",
)
@click.option("--never", is_flag=True, help="Only the phrases and exclusions that never fire.")
@click.option("--limit", default=40, show_default=True, help="Most lines --phrase/--kwic show.")
@FIELD_OPTION
def taxonomy_audit(
    paths: tuple[Path, ...],
    taxonomy: Path | None,
    label_ids: tuple[str, ...],
    phrase: str | None,
    word: str | None,
    labelled: tuple[Path, ...],
    never: bool,
    limit: int,
    fields: tuple[str, ...],
) -> None:
    """How often each phrase fires in real copy (articles), which never fire, and
    keyword-in-context lines for a phrase (--phrase) or a candidate word (--kwic)."""
    from tui.core import audit as au
    from tui.core.evaluate import load_gold
    from tui.core.readers import FieldMap, iter_articles, iter_corpus_files
    from tui.core.tagger import Tagger

    loaded = load_taxonomy(taxonomy)
    _require_paths(paths)
    unknown = [label_id for label_id in label_ids if label_id not in loaded.labels]
    if unknown:
        raise click.BadParameter(
            f"not labels of the taxonomy: {', '.join(unknown)}", param_hint="--label"
        )
    field_map = FieldMap.parse(list(fields)) if fields else None
    files, problems = iter_corpus_files(list(paths))
    _report_problems(problems)

    def articles() -> Any:
        for file in files:
            for item in iter_articles(file, field_map):
                if not isinstance(item, Problem):
                    yield item

    tagger = Tagger(loaded)
    if word is not None:
        _echo_lines(au.format_lines(au.kwic(articles(), word, limit=limit)))
        return
    if phrase is not None:
        if not any(source.phrase == phrase for source in tagger.sources):
            raise click.BadParameter(
                f"{phrase!r} is no phrase of the taxonomy", param_hint="--phrase"
            )
        _echo_lines(au.format_lines(au.phrase_kwic(tagger, articles(), phrase, limit=limit)))
        return
    ids: set[str] = set()
    for gold in labelled:
        ids |= set(load_gold(gold))
    uses = au.audit(tagger, articles(), ids)
    if label_ids:
        uses = [use for use in uses if use.label in label_ids]
    if never:
        uses = [use for use in uses if use.articles == 0 and use.labelled == 0]
    kinds = {label.id: label.kind for label in loaded.model.labels}
    _echo_lines(au.format_audit(uses, kinds=kinds))


@taxonomy_group.command("show")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
def taxonomy_show(file: Path | None) -> None:
    """List the labels of a taxonomy (id, kind, parent, name) as CSV."""
    from tui.core.export import neutralize

    taxonomy = load_taxonomy(file)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "kind", "rolls_up_to", "name", "phrases"])
    for label in taxonomy.model.labels:
        writer.writerow(
            [
                label.id,
                label.kind,
                taxonomy.root(label.id),
                # A display name is the taxonomy author's text: a spreadsheet must not run it
                # as a formula, nor a terminal its escape sequences.
                _escaped(neutralize(label.name)),
                len(label.phrases) + len(label.aliases),
            ]
        )
    click.echo(buffer.getvalue(), nl=False)


def _dashboard_signals() -> None:
    """The dashboard reads Ctrl-C as a key; a SIGINT from elsewhere stops it as Python does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


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
