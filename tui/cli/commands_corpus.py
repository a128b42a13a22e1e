"""`open` (the dashboard), `index` and `tags`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click

from tui.cli.group import _dashboard_signals, cli
from tui.cli.options import (
    _date_range,
    _filter_state,
    _load,
    _output_file,
    _require_paths,
    _settings,
    corpus_options,
    filter_options,
)
from tui.cli.output import _summary_line, _write_output
from tui.core.models import FilterState
from tui.core.process import tune_for_dashboard
from tui.core.taxonomy import load_taxonomy
from tui.core.wording import counted


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
    from tui.ui.gc_pacing import starting

    starting()  # the collector is off while the dashboard starts (the app turns it on)
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
