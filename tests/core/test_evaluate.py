"""Scoring: per-label counts, micro averages, missing ids, the report and the error list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.evaluate import (
    GoldError,
    Score,
    article_errors,
    evaluate,
    format_errors,
    format_report,
    load_gold,
    predicted_labels,
)
from tui.core.tagger import Mention
from tui.core.taxonomy import LoadedTaxonomy, parse_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> LoadedTaxonomy:
    return parse_taxonomy(
        {
            "version": "t",
            "labels": [
                {"id": "alpha", "kind": "theme", "name": "A", "phrases": ["alpha"]},
                {"id": "beta", "kind": "theme", "name": "B", "phrases": ["beta"]},
                {"id": "farm", "kind": "sector", "name": "F", "phrases": ["farm"]},
                {"id": "north", "kind": "region", "name": "N", "phrases": ["north"]},
                {
                    "id": "town",
                    "kind": "region",
                    "name": "T",
                    "phrases": ["town"],
                    "parent": "north",
                },
                {"id": "south", "kind": "region", "name": "S", "phrases": ["south"]},
            ],
        }
    )


def sets(themes: set[str], sectors: set[str], regions: set[str]) -> dict[str, set[str]]:
    return {"theme": themes, "sector": sectors, "region": regions}


def test_load_gold_reads_plural_keys(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [
        {"id": "a", "themes": ["alpha"], "sectors": [], "regions": ["north"], "evidence": {}},
        {"id": "b", "theme": ["beta"]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    gold = load_gold(path)
    assert gold == {
        "a": sets({"alpha"}, set(), {"north"}),
        "b": sets({"beta"}, set(), set()),
    }


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a"}\n{"id": 3}\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:2"):
        load_gold(path)
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


def test_predicted_labels_rolls_regions_up(taxonomy: LoadedTaxonomy) -> None:
    mentions = [
        Mention("alpha", 0, 5, 0, 0, "alpha"),
        Mention("town", 6, 10, 0, 0, "town"),
        Mention("farm", 11, 15, 0, 0, "farm"),
        Mention("unknown", 16, 20, 0, 0, "zzzz"),
    ]
    assert predicted_labels(mentions, taxonomy) == sets({"alpha"}, {"farm"}, {"north"})


def test_metrics_on_a_hand_made_example(taxonomy: LoadedTaxonomy) -> None:
    gold = {
        "a1": sets({"alpha"}, {"farm"}, {"north"}),
        "a2": sets({"alpha", "beta"}, set(), {"south"}),
        "a3": sets(set(), set(), set()),
        "gone": sets({"alpha"}, set(), set()),
    }
    predicted = {
        "a1": sets({"alpha", "beta"}, {"farm"}, {"north"}),
        "a2": sets({"alpha"}, {"farm"}, {"north"}),
        "a3": sets(set(), set(), set()),
        "extra": sets({"beta"}, set(), set()),
    }
    report = evaluate(gold, predicted, taxonomy)
    assert report.articles == 3
    assert report.missing == ["gone"]

    alpha = report.row("alpha")
    assert alpha is not None and alpha.score == Score(tp=2, fp=0, fn=0)
    beta = report.row("beta")
    assert beta is not None and beta.score == Score(tp=0, fp=1, fn=1)
    assert beta.score.precision == 0.0 and beta.score.recall == 0.0 and beta.score.f1 == 0.0
    farm = report.row("farm")
    assert farm is not None and farm.score == Score(tp=1, fp=1, fn=0)
    assert farm.score.precision == 0.5 and farm.score.recall == 1.0
    assert farm.score.f1 == pytest.approx(2 / 3)

    theme = report.micro["theme"]
    assert theme == Score(tp=2, fp=1, fn=1)
    assert theme.precision == pytest.approx(2 / 3)
    assert theme.recall == pytest.approx(2 / 3)
    assert theme.f1 == pytest.approx(2 / 3)
    region = report.micro["region"]
    assert region == Score(tp=1, fp=1, fn=1)
    assert region.f1 == pytest.approx(0.5)

    # Rows follow the taxonomy's axes: sub-regions are not rows, first-level regions are.
    assert [row.label for row in report.rows] == ["alpha", "beta", "farm", "north", "south"]


def test_undefined_ratios_are_none() -> None:
    empty = Score()
    assert empty.precision is None and empty.recall is None and empty.f1 is None
    only_fn = Score(fn=2)
    assert only_fn.precision is None and only_fn.recall == 0.0 and only_fn.f1 == 0.0


def test_gold_ids_unknown_to_the_taxonomy_get_rows(taxonomy: LoadedTaxonomy) -> None:
    report = evaluate(
        {"a": sets({"gamma"}, set(), set())}, {"a": sets(set(), set(), set())}, taxonomy
    )
    gamma = report.row("gamma")
    assert gamma is not None and gamma.kind == "theme" and gamma.score == Score(fn=1)


def test_format_report_has_labels_then_micro(taxonomy: LoadedTaxonomy) -> None:
    gold = {"a": sets({"alpha"}, set(), {"north"}), "lost": sets(set(), set(), set())}
    predicted = {"a": sets({"alpha", "beta"}, set(), {"north"})}
    text = format_report(evaluate(gold, predicted, taxonomy))
    lines = text.splitlines()
    assert lines[0].split() == ["label", "kind", "tp", "fp", "fn", "P", "R", "F1"]
    alpha = next(line for line in lines if line.startswith("alpha"))
    assert alpha.split() == ["alpha", "theme", "1", "0", "0", "1.000", "1.000", "1.000"]
    micro = next(line for line in lines if line.startswith("micro themes"))
    assert micro.split()[2:] == ["theme", "1", "1", "0", "0.500", "1.000", "0.667"]
    assert "micro sectors" in text and "micro regions" in text
    assert "lost" in text
    farm = next(line for line in lines if line.startswith("farm"))
    assert farm.split()[-3:] == ["-", "-", "-"]
    short = format_report(evaluate(gold, predicted, taxonomy), only_active=True)
    assert not any(line.startswith("farm") for line in short.splitlines())


def test_article_errors_name_the_words_behind_false_positives(taxonomy: LoadedTaxonomy) -> None:
    gold = {"a": sets({"alpha"}, set(), {"south"})}
    mentions = {"a": [Mention("beta", 0, 4, 0, 0, "Beta"), Mention("town", 5, 9, 0, 0, "Town")]}
    predicted = {key: predicted_labels(value, taxonomy) for key, value in mentions.items()}
    errors = article_errors(gold, predicted, mentions, taxonomy)
    assert [(e.error, e.kind, e.label, e.phrases) for e in errors] == [
        ("FP", "theme", "beta", ("Beta",)),
        ("FN", "theme", "alpha", ()),
        ("FP", "region", "north", ("Town",)),
        ("FN", "region", "south", ()),
    ]
    text = format_errors(errors)
    assert text.splitlines()[0] == "a"
    assert "FP theme  beta  <- Beta" in text
