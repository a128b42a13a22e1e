"""`export`: a view's numbers, or the articles behind it, as CSV, JSON or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tui.cli.group import cli
from tui.cli.options import (
    _date_range,
    _filter_state,
    _load,
    _output_file,
    _parse_cell,
    _parse_day,
    _settings,
    corpus_options,
    filter_options,
)
from tui.cli.output import _escaped, _write_output
from tui.core.models import ExportRequest, View
from tui.core.wording import counted


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
        _parse_day(compare_to, "--compare-to", end=True),
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
