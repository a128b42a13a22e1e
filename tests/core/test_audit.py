"""The taxonomy audit: how often each phrase fires in a corpus, which never fire, keyword in
context, and the check that phrases are supported by unlabelled copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tui.cli import cli
from tui.core.audit import (
    audit,
    format_audit,
    kwic,
    phrase_kwic,
    romanized,
    spec_wording,
    unsupported,
)
from tui.core.models import Article
from tui.core.tagger import Tagger
from tui.core.taxonomy import parse_taxonomy

DATA: dict[str, Any] = {
    "version": "audit-1",
    "labels": [
        {
            "id": "prod",
            "kind": "theme",
            "name": "Production",
            "phrases": ["increase~ ...2 output", "bumper harvest", "record yield"],
            "exclude": ["output of the mind"],
        },
        {"id": "coal", "kind": "sector", "name": "Coal", "phrases": ["coal mine"]},
        {
            "id": "riverton",
            "kind": "region",
            "name": "Riverton City",
            "phrases": ["Riverton", "Riverthon", "Hill 5"],
        },
    ],
}
ARTICLES = [
    Article(id="a1", title="Output Up", body="The coal mine increased its output."),
    Article(id="a2", body="Miners increased output in Riverton. A bumper harvest came."),
    Article(id="a3", body="They increased coal output. The output of the mind grew."),
    Article(id="gold", body="A bumper harvest was reaped at the coal mine."),
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(parse_taxonomy(DATA))


def test_audit_counts_articles_per_phrase_with_labelled_ones_apart(tagger: Tagger) -> None:
    uses = {(u.label, u.field, u.phrase): u for u in audit(tagger, ARTICLES, {"gold"})}
    increase = uses[("prod", "phrase", "increase~ ...2 output")]
    assert (increase.articles, increase.labelled) == (3, 0)
    harvest = uses[("prod", "phrase", "bumper harvest")]
    assert (harvest.articles, harvest.labelled) == (1, 1)
    assert uses[("prod", "phrase", "record yield")].articles == 0
    assert uses[("coal", "phrase", "coal mine")].articles == 1
    # The exclusion fires where it holds a match of its label.
    assert uses[("prod", "exclude", "output of the mind")].articles == 0


def test_audit_report_lists_counts_and_what_never_fires(tagger: Tagger) -> None:
    text = format_audit(audit(tagger, ARTICLES, {"gold"}))
    assert "      3 [  0] increase~ ...2 output" in text
    assert "never fire: phrase 'record yield'" in text


def test_kwic_shows_a_word_in_context_over_hyphens_and_case() -> None:
    lines = kwic(ARTICLES, "coal-mine", width=10)
    assert [(line.article, line.match) for line in lines] == [
        ("a1", "coal mine"),
        ("gold", "coal mine"),
    ]
    assert lines[0].left.endswith("The") and lines[0].right.startswith("increased")


def test_phrase_kwic_shows_where_a_taxonomy_phrase_counts(tagger: Tagger) -> None:
    lines = phrase_kwic(tagger, ARTICLES, "increase~ ...2 output", width=20)
    assert [line.match for line in lines] == [
        "increased its output",
        "increased output",
        "increased coal output",
    ]


def test_unsupported_phrases_are_named_unless_spec_wording_or_a_place_name(tagger: Tagger) -> None:
    uses = audit(tagger, ARTICLES, {"gold"})
    spec = spec_wording('| prod | "record yield" for the year |\n')
    reasons = [item.reason for item in unsupported(tagger, uses, spec, minimum=2)]
    # "bumper harvest" fires once outside the labelled article; "record yield" is the
    # spec's wording; "Riverthon" is a spelling of the place's own name; "Hill 5" is not.
    assert any(
        "'bumper harvest' fires in 1 articles outside the labelled sets (1 in them)" in r
        for r in reasons
    )
    assert not any("record yield" in r or "Riverthon" in r for r in reasons)
    assert any("'Hill 5'" in r for r in reasons)


def test_romanizations_of_one_place_fold_together() -> None:
    assert romanized("South Phyongan") == romanized("Pyongan")
    assert romanized("Jagang Province") == romanized("Chagang")
    assert romanized("Ryanggang") == romanized("Yanggang")


def test_audit_command(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": a.id, "title": a.title, "body": a.body}) for a in ARTICLES),
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "gold", "themes": [], "sectors": [], "regions": []}\n', "utf-8")
    toml = tmp_path / "t.toml"
    toml.write_text(
        'version = "t"\n'
        "[[labels]]\n"
        'id = "prod"\nkind = "theme"\nname = "P"\nphrases = ["increase~ ...2 output", "record yield"]\n'
        "[[labels]]\n"
        'id = "coal"\nkind = "sector"\nname = "C"\nphrases = ["coal mine"]\n'
        "[[labels]]\n"
        'id = "riverton"\nkind = "region"\nname = "R"\nphrases = ["Riverton"]\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["taxonomy", "audit", str(corpus), "--taxonomy", str(toml)]
    result = runner.invoke(cli, [*args, "--labelled", str(gold), "--label", "prod"])
    assert result.exit_code == 0, result.output
    assert "prod (theme)" in result.output and "coal" not in result.output
    assert "      3 [  0] increase~ ...2 output" in result.output
    assert "never fire: phrase 'record yield'" in result.output
    result = runner.invoke(cli, [*args, "--kwic", "coal mine"])
    assert result.exit_code == 0 and "[coal mine]" in result.output
    result = runner.invoke(cli, [*args, "--phrase", "increase~ ...2 output"])
    assert "[increased coal output]" in result.output
    result = runner.invoke(cli, [*args, "--phrase", "no such"])
    assert result.exit_code != 0 and "no phrase of the taxonomy" in result.output
