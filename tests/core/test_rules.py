"""Per-mention rules on invented text: words inside proper names and titles, unit names that
report nothing, lists of units, stories framed abroad, and history."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.tagger import Mention, Tagger
from tui.core.taxonomy import parse_taxonomy

DATA: dict[str, Any] = {
    "version": "rules-1",
    "families": {"foreign": ["Freedonia", "Freedonian"]},
    "context": {
        "theme": {"unless_sentence_has": ["@foreign"]},
        "sector": {"unless_sentence_has": ["@foreign"]},
    },
    "frame": {
        "foreign": ["@foreign"],
        "home": ["DPRK"],
        "here": ["embassy here"],
        "through": ["accompanied by"],
    },
    "names": {
        "heads": ["District", "Complex", "Administration", "University"],
        "titles": ["Minister"],
        "products": ["tractor", "tractors"],
        "list_cues": ["greetings", "present at"],
        "activity_cues": ["produce~", "production"],
        "keep": ["red_flag"],
    },
    "history": {"cues": ["19(5|6)(0|1|2|3|4|5|6|7|8|9)"], "present": ["today"]},
    "labels": [
        {"id": "speed", "kind": "theme", "name": "Speed", "phrases": ["Chollima"]},
        {"id": "tech", "kind": "theme", "name": "Tech", "phrases": ["technology"]},
        {"id": "red_flag", "kind": "theme", "name": "Red flag", "phrases": ["Red Flag"]},
        {"id": "steel", "kind": "sector", "name": "Steel", "phrases": ["steel complex", "steel"]},
        {
            "id": "health",
            "kind": "sector",
            "name": "Health",
            "phrases": ["public health", "hospital"],
        },
        {
            "id": "school",
            "kind": "sector",
            "name": "School",
            "phrases": ["school"],
            "needs_activity": True,
        },
        {"id": "riverton", "kind": "region", "name": "Riverton", "phrases": ["Riverton"]},
    ],
}


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(parse_taxonomy(DATA))


def found(tagger: Tagger, body: str, title: str = "") -> list[str]:
    return sorted({m.label for m in tagger.tag_article(title, body)[1]})


def test_a_campaign_word_inside_a_name_or_make_is_not_the_campaign(tagger: Tagger) -> None:
    assert found(tagger, "Farmers of Chollima District met.") == []
    assert found(tagger, "The farm received new Chollima tractors.") == []
    assert found(tagger, "The Chollima Steel Complex produced steel.") == ["steel"]
    assert found(tagger, "They worked at Chollima speed.") == ["speed"]
    # Sentence-initial, with no name after it: the word is the campaign.
    assert found(tagger, "Chollima is our spirit.") == ["speed"]


def test_technology_in_an_agency_or_university_name_is_not_the_theme(tagger: Tagger) -> None:
    assert found(tagger, "The National Aerospace Technology Administration spoke.") == []
    assert found(tagger, "Students of the Riverton University of Technology met.") == ["riverton"]
    assert found(tagger, "New technology was introduced.") == ["tech"]


def test_kept_labels_count_inside_names(tagger: Tagger) -> None:
    assert found(tagger, "The Red Flag Steel Complex produced more.") == ["red_flag", "steel"]


def test_a_unit_name_counts_for_its_sector_only_where_activity_is_reported(tagger: Tagger) -> None:
    assert found(tagger, "Workers of the Kim Steel Complex laid wreaths.") == []
    assert found(tagger, "The Kim Steel Complex increased production.") == ["steel"]
    # The title line names the unit the story is about.
    assert found(tagger, "Workers met.", title="Kim Steel Complex") == ["steel"]


def test_a_list_of_units_counts_for_none_of_their_sectors(tagger: Tagger) -> None:
    assert found(tagger, "Present at the meeting were workers in steel and public health.") == []
    assert found(tagger, "Units in steel and public health sent greetings.") == []
    body = "Units in steel sent greetings for their increased production."
    assert found(tagger, body) == ["steel"]


def test_a_ministers_title_is_not_the_sector(tagger: Tagger) -> None:
    assert found(tagger, "He met Minister of Public Health Ri Chol.") == []


def test_a_label_needing_activity_counts_only_with_it(tagger: Tagger) -> None:
    assert found(tagger, "He was a school friend of the poet.") == []
    assert found(tagger, "The school produced textbooks.") == ["school"]


def test_a_foreign_frame_carries_until_a_dprk_sentence(tagger: Tagger) -> None:
    body = (
        "Havana, May 3 (KCNA) -- Freedonia held a meeting.\n"
        "Its steel output grew.\n"
        "The DPRK sent a message.\n"
        "A new hospital opened in Riverton."
    )
    mentions = tagger.tag_article("Freedonian Steel", body)[1]
    assert [(m.label, m.phrase) for m in mentions if m.label != "riverton"] == [
        ("health", "hospital")
    ]
    why = next(m for m in mentions if m.label == "health").rule
    assert "story set abroad" in why


def test_a_retinue_with_dprk_titles_does_not_end_a_frame(tagger: Tagger) -> None:
    body = (
        "The leader arrived in Freedonia.\n"
        "He was accompanied by a member of the DPRK cabinet.\n"
        "He visited a steel complex and a hospital.\n"
        "The DPRK built a hospital in Riverton."
    )
    mentions = tagger.tag_article("Leader Visits Freedonia", body)[1]
    assert [(m.label, m.sentence) for m in mentions if m.label != "riverton"] == [("health", 4)]


def test_a_dprk_story_is_not_framed_by_a_later_foreign_name(tagger: Tagger) -> None:
    body = "Workers made steel.\nA delegation from Freedonia came.\nThey made more steel."
    assert found(tagger, body, title="Steel Made") == ["steel"]


def test_foreigners_placed_here_set_no_frame(tagger: Tagger) -> None:
    body = "Staff of the Freedonian embassy here visited a works.\nThey helped make steel."
    assert found(tagger, body, title="Freedonian Diplomats Help Workers") == ["steel"]
    abroad = "Staff of a Freedonian works met.\nThey made steel."
    assert found(tagger, abroad, title="Freedonian Workers Meet") == []


def test_history_counts_for_no_theme_or_sector_until_the_present(tagger: Tagger) -> None:
    body = (
        "In 1958 workers at Chollima speed made steel. They produced steel too.\n"
        "Today the works produce steel."
    )
    mentions = tagger.tag(body)
    assert {m.label for m in mentions if m.sentence < 2} == set()
    assert {m.label for m in mentions if m.sentence == 2} == {"steel"}


def test_an_anecdote_opening_the_story_is_history_in_its_later_paragraphs(tagger: Tagger) -> None:
    body = (
        "One afternoon in 1958, the leader visited a works.\n"
        "He saw how the workers made steel.\n"
        "Today the works produce steel."
    )
    mentions = tagger.tag(body)
    assert {m.label for m in mentions if m.sentence < 2} == set()
    assert {m.label for m in mentions if m.sentence == 2} == {"steel"}


def test_an_anecdote_s_title_is_history_too(tagger: Tagger) -> None:
    body = "One afternoon in 1958, the leader visited a works.\nHe saw the furnace."
    assert found(tagger, body, title="Steel Works Remembered") == []
    assert found(tagger, "The leader visited a works.", title="Steel Works") == ["steel"]


def test_a_lead_dated_at_its_end_opens_no_anecdote(tagger: Tagger) -> None:
    # A news lead says when at the end; its later paragraphs report the present.
    body = "The leader visited a works that was founded long ago in 1958.\nWorkers made steel."
    assert found(tagger, body) == ["steel"]


def test_an_activity_word_inside_a_name_reports_no_activity(tagger: Tagger) -> None:
    assert found(tagger, "The premier looked round the Kim Steel Production Office.") == []
    assert found(tagger, "The Kim Steel Office raised its production.") == ["steel"]


def test_every_mention_says_which_phrase_and_rule_let_it_count(tagger: Tagger) -> None:
    mentions: list[Mention] = tagger.tag("The Kim Steel Complex increased production.")
    assert mentions[0].pattern == "steel complex"
    assert "reports activity" in mentions[0].rule
    assert "no other country" in mentions[0].rule
