"""`taxonomy check`, `taxonomy audit` and `taxonomy show`."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click

from tui.cli.group import cli
from tui.cli.options import FIELD_OPTION, _require_paths
from tui.cli.output import _echo_lines, _escaped, _report_problems
from tui.core.models import Problem
from tui.core.taxonomy import load_taxonomy


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
