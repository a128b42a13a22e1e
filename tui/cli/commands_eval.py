"""`evaluate` (the tagger against gold annotations) and `screenshot`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tui.cli.group import _dashboard_signals, cli
from tui.cli.options import FIELD_OPTION, _output_file, _require_paths, _settings, corpus_options
from tui.cli.output import _XML_INVALID, _escaped, _escaped_lines
from tui.core.taxonomy import load_taxonomy


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
