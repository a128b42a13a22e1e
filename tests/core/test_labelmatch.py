"""Matching a typed text to labels: every spelling, provinces first, typos forgiven."""

from __future__ import annotations

from tui.core.labelmatch import Choice, fold, match_labels

CHOICES = [
    Choice("north_valley", "North Valley"),
    Choice("river_town", "River Town", 1),
    Choice("southern_mill", "Southern Mill", 1),
    Choice("south_valley", "South Valley"),
    Choice("harbour", "Harbourside"),
    Choice("old_port", "Old Port", 1),
]
SPELLINGS = {
    "north_valley": ["North Vale", "Valley-North"],
    "harbour": ["Port Harbour", "Harbor"],
    "old_port": ["Old-Port Docks"],
}


def ids(text: str) -> list[str]:
    return [match.choice.id for match in match_labels(text, CHOICES, SPELLINGS)]


def test_case_spaces_hyphens_and_accents_do_not_count() -> None:
    assert fold("Valley-North") == fold("valley north") == "valleynorth"
    assert fold("Ryŏng") == "ryong"


def test_empty_text_keeps_every_choice_in_order() -> None:
    assert ids("  ") == [choice.id for choice in CHOICES]


def test_names_then_words_then_other_spellings() -> None:
    assert ids("north") == ["north_valley"]
    # A word of the name: both valleys, in the list's order.
    assert ids("valley") == ["north_valley", "south_valley"]
    # "North Vale" is a spelling of north_valley only.
    assert ids("north vale") == ["north_valley"]
    match = match_labels("harbor", CHOICES, SPELLINGS)[0]
    assert (match.choice.id, match.spelling, match.exact) == ("harbour", "Harbor", True)


def test_provinces_before_their_towns() -> None:
    # "port" starts a word of Old Port (depth 1) and of Port Harbour, a spelling of a
    # top-level choice: the name's word ranks first.
    assert ids("port") == ["old_port", "harbour"]
    # Both names start with "south": the province first, though its town comes first.
    assert ids("south") == ["south_valley", "southern_mill"]


def test_a_typo_is_forgiven_only_when_nothing_matches_exactly() -> None:
    matches = match_labels("harbuorside", CHOICES, SPELLINGS)
    assert [m.choice.id for m in matches] == ["harbour"]
    assert not matches[0].exact
    # Short texts are matched exactly only.
    assert ids("nrth") == []
    assert ids("xyzzyq") == []
