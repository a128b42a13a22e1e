"""`bench`: the benchmark (tui.bench, imported only when it runs)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tui.cli.group import cli
from tui.core.taxonomy import load_taxonomy


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
    "--panels",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Rounds of R, M and C keyed into the dashboard, each with filter changes while open.",
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
    panels: int = 2,
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
        panels=panels,
        sample=sample,
        seed=seed,
        workdir=workdir,
        keep=keep,
        taxonomy=taxonomy,
        format=corpus_format,
    )
    result = run_bench(options)
    click.echo(json.dumps(result) if as_json else format_table(result))
