"""Taxonomies that `taxonomy check` used to pass and that then broke the counts are refused,
each with one message naming the file, the label and the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import MINI, run_cli
from tui.core.export import ARTICLE_EXPORT_COLUMNS


def label(label_id: str, kind: str, phrase: str, extra: str = "") -> str:
    return (
        f'\n[[labels]]\nid = "{label_id}"\nkind = "{kind}"\nname = "{label_id}"\n'
        f"phrases = [{phrase!r}]\n{extra}"
    ).replace("'", '"')


def many(kind: str, count: int, prefix: str) -> str:
    return "".join(label(f"{prefix}{n}", kind, f"{prefix} word {n}") for n in range(count))


CASES = {
    # A sector `total` silently dropped a column; a sector `theme` left the dashboard's tables
    # empty; a theme `period` broke the timeline export.
    "sector total": (
        label("total", "sector", "grand total works"),
        "label 'total': the id is reserved (a column of the exports or a word of --cell: ",
    ),
    "sector theme": (
        label("theme", "sector", "theme park"),
        "label 'theme': the id is reserved",
    ),
    "theme period": (
        label("period", "theme", "period of struggle"),
        "label 'period': the id is reserved",
    ),
    # Context rules that normalise to nothing zeroed a label, or every sector, silently.
    "requires --": (
        label(
            "hydro", "sector", "hydropower station", 'context = {requires_sentence_has = ["--"]}'
        ),
        "label 'hydro': the requires_sentence_has phrase '--' is empty once normalised",
    ),
    "unless blank": (
        label("hydro", "sector", "hydropower station", 'context = {unless_sentence_has = [" "]}'),
        "label 'hydro': the unless_sentence_has phrase ' ' is empty once normalised",
    ),
    "every sector": (
        '\n[context.sector]\nrequires_sentence_has = [""]\n',
        "context rule for every sector: the requires_sentence_has phrase '' is empty once "
        "normalised",
    ),
    # 33,000 labels raised OverflowError (16-bit label numbers) when indexing.
    "33,000 labels": (
        many("region", 33_000, "place"),
        ": 33,012 labels (at most 32,000)",
    ),
    # Theme numbers above 4,095 collide in the count tables.
    "4,100 themes": (
        many("theme", 4_100, "drive"),
        ": 4,103 themes (at most 4,000)",
    ),
    # One 50,000-character phrase made indexing run past a minute.
    "50,000 characters": (
        label("long", "theme", "word " * 10_000),
        "label 'long': a phrase of 50,000 characters (at most 500): 'word word word",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_taxonomy_check_refuses_what_breaks_the_counts(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, case: str
) -> None:
    addition, message = CASES[case]
    path = tmp_path / "taxonomy.toml"
    path.write_text(MINI.read_text("utf-8") + addition, "utf-8")
    code, out, err = run_cli(capsysbinary, ["taxonomy", "check", str(path)])
    assert code == 2, out
    assert err.startswith(f"error: {path}")
    assert message in err
    assert len(err.splitlines()) == 1


def test_every_column_name_of_the_exports_is_reserved() -> None:
    from tui.core.taxonomy import RESERVED_IDS

    assert {*ARTICLE_EXPORT_COLUMNS, "theme", "total", "period"} <= RESERVED_IDS
