"""Phrase patterns: inflections, alternatives, families and gaps, as a taxonomy author writes
them, checked on invented text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.core.patterns import PatternError, expand, inflections
from tui.core.tagger import Tagger
from tui.core.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy


def test_inflections_of_regular_and_irregular_verbs_and_nouns() -> None:
    assert inflections("learn") == ["learn", "learns", "learned", "learning", "learnt"]
    assert set(inflections("produce")) == {"produce", "produces", "produced", "producing"}
    assert {"stepped", "stepping"} <= set(inflections("step"))
    assert set(inflections("study")) == {"study", "studies", "studied", "studying"}
    assert "built" in inflections("build") and "builded" not in inflections("build")
    # "see" is not "seed": listed past forms replace the regular one.
    assert "seed" not in inflections("see")
    assert inflections("self-support")[:2] == ["self-support", "self-supports"]


def test_alternatives_optional_words_and_families_expand() -> None:
    found = expand("(boost~|raise~) [the] output", {})
    assert not found.gapped
    assert {"boost the output", "raised output", "raising the output"} <= set(found.segments[0])
    families = {"crop": ["rice", "maize"]}
    assert set(expand("@crop harvest", families).segments[0]) == {"rice harvest", "maize harvest"}


def test_a_gap_splits_a_pattern_into_segments() -> None:
    found = expand("increase~ ...3 production", {})
    assert found.gaps == (3,)
    assert found.segments[1] == ("production",)
    assert expand("a ... b", {}).gaps == (4,)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(boost|raise output", "is never closed"),
        ("boost|raise", "outside brackets"),
        ("boost ...", "needs words on both sides"),
        ("boost ...12 output", "'...1' to '...9'"),
        ("@crops harvest", "unknown family '@crops'"),
        ("(|raise) output", "empty alternative"),
        ("~output", "follows no word"),
    ],
)
def test_pattern_errors_say_what_is_wrong(pattern: str, message: str) -> None:
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace(".", r"\.")):
        expand(pattern, {"crop": ["rice"]})


def _taxonomy(phrases: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "version": "t",
        "labels": [
            {"id": "prod", "kind": "theme", "name": "Production", "phrases": phrases},
            {"id": "coal", "kind": "sector", "name": "Coal", "phrases": ["coal mine"]},
            {"id": "north", "kind": "region", "name": "North", "phrases": ["North Province"]},
        ],
        **extra,
    }


def test_taxonomy_check_names_file_label_and_pattern(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'version = "t"\n'
        '[[labels]]\nid = "prod"\nkind = "theme"\nname = "P"\nphrases = ["boost ... "]\n'
        '[[labels]]\nid = "coal"\nkind = "sector"\nname = "C"\nphrases = ["coal mine"]\n'
        '[[labels]]\nid = "n"\nkind = "region"\nname = "N"\nphrases = ["North"]\n',
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path)
    text = str(error.value)
    assert str(path) in text and "label 'prod'" in text and "'boost ... '" in text
    assert "needs words on both sides" in text


def test_exclusions_may_not_have_gaps() -> None:
    data = _taxonomy(["output"])
    data["labels"][0]["exclude"] = ["output ... plan"]
    with pytest.raises(TaxonomyError, match=r"exclusion 'output \.\.\. plan'.*not allowed"):
        parse_taxonomy(data)


def labels_in(tagger: Tagger, text: str) -> list[tuple[str, str]]:
    return [(m.label, m.phrase) for m in tagger.tag(text)]


def test_gapped_pattern_matches_within_the_word_limit_in_one_clause() -> None:
    tagger = Tagger(parse_taxonomy(_taxonomy(["increase~ ...3 (production|output)"])))
    assert labels_in(tagger, "They increased the production of coal.") == [
        ("prod", "increased the production")
    ]
    assert labels_in(tagger, "It increases the daily coal output.") == [
        ("prod", "increases the daily coal output")
    ]
    # Four words between is one too many; a comma or a full stop ends the clause.
    assert labels_in(tagger, "They increased the very big daily output.") == []
    assert labels_in(tagger, "They increased, in turn, output.") == []
    assert labels_in(tagger, "Prices increased. Production fell.") == []
    # A title line has no full stop: the pattern still stays inside its line.
    assert labels_in(tagger, "Wages Increased\nProduction fell.") == []


def test_inflected_phrase_family_is_one_taxonomy_line() -> None:
    tagger = Tagger(parse_taxonomy(_taxonomy(["overfulfil~ [the] plan"])))
    for text in (
        "They overfulfilled the plan.",
        "It overfulfils plan targets.",
        "overfulfilling the plan",
    ):
        mentions = tagger.tag(text)
        assert [m.label for m in mentions] == ["prod"], text
        assert mentions[0].pattern == "overfulfil~ [the] plan"


def test_families_are_shared_by_patterns() -> None:
    data = _taxonomy(
        ["@make ...2 @goods"], families={"make": ["produce~"], "goods": ["shoes", "bags"]}
    )
    tagger = Tagger(parse_taxonomy(data))
    assert labels_in(tagger, "The factory produced more shoes.") == [
        ("prod", "produced more shoes")
    ]
    assert labels_in(tagger, "Bags were sold.") == []
