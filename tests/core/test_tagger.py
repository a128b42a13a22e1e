"""The tagger on a small inline taxonomy: words, spans, exclusions, context and boilerplate."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.tagger import Mention, Tagger, document_text, sentence_starts
from tui.core.taxonomy import LoadedTaxonomy, parse_taxonomy

DATA: dict[str, Any] = {
    "version": "test-1",
    "context": {"sector": {"unless_sentence_has": ["Freedonia", "Freedonian"]}},
    "frame": {"foreign": ["Freedonia", "Freedonian"], "home": ["Homeland"]},
    "names": {
        "heads": ["Complex", "District"],
        "list_cues": ["greetings"],
        "activity_cues": ["produce~", "opened"],
    },
    "history": {"cues": ["1958"], "present": ["today"]},
    "labels": [
        {
            "id": "output",
            "kind": "theme",
            "name": "Output",
            "phrases": ["boost~ ...2 (output|coal mine~)"],
        },
        {
            "id": "emulation",
            "kind": "theme",
            "name": "Emulation",
            "phrases": ["socialist emulation", "emulation drive"],
        },
        {
            "id": "speed",
            "kind": "theme",
            "name": "Speed",
            "phrases": ["Chollima", "day campaign"],
            "exclude": ["Chollima Steel Complex"],
        },
        {
            "id": "coal",
            "kind": "sector",
            "name": "Coal",
            "phrases": ["coal-mining", "coal mine"],
        },
        {
            "id": "plan",
            "kind": "theme",
            "name": "Plan",
            "phrases": ["five-year plan"],
            "context": {"requires_sentence_has": ["national economy", "national economic"]},
        },
        {"id": "north", "kind": "region", "name": "North Province", "phrases": ["North Province"]},
        {
            "id": "riverton",
            "kind": "region",
            "name": "Riverton",
            "phrases": ["Riverton", "Sinuiju"],
            "parent": "north",
        },
        {
            "id": "hill_district",
            "kind": "region",
            "name": "Hill District",
            "phrases": ["Hill District"],
            "parent": "riverton",
        },
        {"id": "capital", "kind": "region", "name": "Capital", "phrases": ["Pyongyang"]},
    ],
}


@pytest.fixture(scope="module")
def taxonomy() -> LoadedTaxonomy:
    return parse_taxonomy(DATA)


@pytest.fixture(scope="module")
def tagger(taxonomy: LoadedTaxonomy) -> Tagger:
    return Tagger(taxonomy)


def labels(mentions: list[Mention]) -> list[str]:
    return [m.label for m in mentions]


def test_dateline_and_end_marker_are_masked(tagger: Tagger) -> None:
    text = "Pyongyang, July 14 (KCNA) -- A coal mine held a meeting here.\n-0-"
    mentions = tagger.tag(text)
    assert labels(mentions) == ["coal"]


def test_place_after_the_dateline_still_counts(tagger: Tagger) -> None:
    text = "Pyongyang, March 3 (KCNA) -- Builders returned to Pyongyang on Sunday."
    mentions = tagger.tag(text)
    assert labels(mentions) == ["capital"]
    assert mentions[0].start == text.rindex("Pyongyang")


def test_whole_words_only(tagger: Tagger) -> None:
    assert tagger.tag("The coal miner and the Rivertonian went home.") == []
    assert labels(tagger.tag("Riverton's coal mine.")) == ["riverton", "coal"]


def test_hyphen_space_and_case_variants(tagger: Tagger) -> None:
    for text in ("the coal-mining sector", "the Coal Mining sector", "the COAL\u2011MINING sector"):
        assert labels(tagger.tag(text)) == ["coal"], text
    assert labels(tagger.tag("a new five year plan for the national economy")) == ["plan"]


def test_exclusion_drops_only_matches_inside_it(tagger: Tagger) -> None:
    text = "The Chollima Steel Complex kept the Chollima spirit alive."
    mentions = tagger.tag(text)
    assert labels(mentions) == ["speed"]
    assert mentions[0].start == text.rindex("Chollima")


def test_nested_matches_of_one_label_are_one_mention(tagger: Tagger) -> None:
    mentions = tagger.tag("A socialist emulation drive began.")
    assert labels(mentions) == ["emulation"]
    assert mentions[0].phrase == "socialist emulation drive"


def test_region_rolls_up_through_root(tagger: Tagger, taxonomy: LoadedTaxonomy) -> None:
    mentions = tagger.tag("Workers of Hill District and Riverton met in North Province.")
    assert labels(mentions) == ["hill_district", "riverton", "north"]
    assert {taxonomy.root(m.label) for m in mentions} == {"north"}
    assert taxonomy.root("capital") == "capital"
    assert taxonomy.descendants("north") == {"north", "riverton", "hill_district"}


def test_spans_point_at_the_original_characters(tagger: Tagger) -> None:
    title = "Coal  news"
    body = "An 80\u2013day campaign opened at a coal\u00a0mine in \u201cRiverton\u201d."
    text, mentions = tagger.tag_article(title, body)
    assert text == document_text(title, body)
    assert [text[m.start : m.end] for m in mentions] == [
        "80\u2013day campaign"[3:],
        "coal\u00a0mine",
        "Riverton",
    ]
    for mention in mentions:
        assert mention.phrase == text[mention.start : mention.end]


def test_spans_survive_characters_that_expand(tagger: Tagger) -> None:
    # "\ufb01" (the fi ligature) becomes two characters once normalised.
    text = "\ufb01rst a coal mine, then Riverton."
    mentions = tagger.tag(text)
    assert [text[m.start : m.end] for m in mentions] == ["coal mine", "Riverton"]


def test_kind_context_cancels_foreign_sentences(tagger: Tagger) -> None:
    text = "A Freedonian coal mine closed. A coal mine in Riverton opened."
    mentions = tagger.tag(text)
    assert labels(mentions) == ["coal", "riverton"]
    assert mentions[0].sentence == 1


def test_requires_sentence_has(tagger: Tagger) -> None:
    assert tagger.tag("Their five-year plan is done.") == []
    text = "The five-year plan. It helps the national economy."
    assert tagger.tag(text) == []
    assert labels(tagger.tag("The five-year plan for the national economic growth.")) == ["plan"]


def test_camel_case_join_has_a_boundary(tagger: Tagger) -> None:
    text = "The leader visitedSinuiju and then RivertonHill."
    mentions = tagger.tag(text)
    assert labels(mentions) == ["riverton", "riverton"]
    assert text[mentions[0].start : mentions[0].end] == "Sinuiju"
    assert text[mentions[1].start : mentions[1].end] == "Riverton"
    assert tagger.tag("visitedsinuiju") == []


def test_camel_case_join_with_expanding_characters(tagger: Tagger) -> None:
    text = "\ufb01ne: the leader visitedSinuiju."
    assert [text[m.start : m.end] for m in tagger.tag(text)] == ["Sinuiju"]


def test_non_ascii_quotes_and_apostrophes(tagger: Tagger) -> None:
    text = "\u201cRiverton\u2019s\u201d coal\u2010mine and \u2018North Province\u2019."
    mentions = tagger.tag(text)
    assert labels(mentions) == ["riverton", "coal", "north"]
    assert [text[m.start : m.end] for m in mentions] == [
        "Riverton",
        "coal\u2010mine",
        "North Province",
    ]


def test_sentences_and_paragraphs(tagger: Tagger) -> None:
    text = "Title\nA coal mine in Mt. Hill opened. Then Riverton.\nPyongyang too."
    mentions = tagger.tag(text)
    assert [(m.label, m.sentence, m.paragraph) for m in mentions] == [
        ("coal", 1, 1),
        ("riverton", 2, 1),
        ("capital", 3, 2),
    ]


def test_paragraphs_joined_with_full_stop_and_comma_split_sentences() -> None:
    text = "It was done.,  The next one began. The U.S., too."
    starts = sentence_starts(text)
    assert [text[s : s + 3] for s in starts] == ["It ", "The", "The"]


def test_runs_of_spaces_and_line_breaks_inside_a_phrase(tagger: Tagger) -> None:
    text = "A coal  mine in North \n Province.,  Then Hill   District."
    mentions = tagger.tag(text)
    assert [text[m.start : m.end] for m in mentions] == [
        "coal  mine",
        "North \n Province",
        "Hill   District",
    ]
    assert [m.paragraph for m in mentions] == [0, 0, 1]


_PIECES = [
    "A socialist emulation drive",
    " in Riverton",
    "Pyongyang, May 3 (KCNA) -- ",
    "Mt. Hill",
    " coal\u2010mine",
    ". ",
    "\n",
    "  ",
    "Freedonian ",
    "\ufb01",
    "e\u0301",
    "visitedSinuiju",
    " -0-",
    "\x00",
    "Chollima Steel Complex",
    " the five-year plan for the national economy",
    "\u201cNorth Province\u201d",
    "U.S. ",
    "x",
    " boosted the coal output",
    " boost, output",
    "In 1958 ",
    "Today ",
    "The Kim Coal Mine sent greetings. ",
    " produced coal",
    "Homeland ",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), max_size=8))
def test_a_batch_tags_each_article_as_it_is_tagged_alone(tagger: Tagger, texts: list[str]) -> None:
    # Articles are tagged many at a time, joined into one text: no mention may cross from one
    # article into the next, and none may change because of its neighbours.
    found = tagger.tag_batch(texts)
    for number, text in enumerate(texts):
        mine = found.doc == number
        batch = sorted(
            (tagger.label_ids[label], start, end, sentence, paragraph)
            for label, start, end, sentence, paragraph in zip(
                found.label[mine].tolist(),
                found.start[mine].tolist(),
                found.end[mine].tolist(),
                found.sentence[mine].tolist(),
                found.paragraph[mine].tolist(),
                strict=True,
            )
        )
        alone = sorted((m.label, m.start, m.end, m.sentence, m.paragraph) for m in tagger.tag(text))
        assert batch == alone, text


def test_batches_split_into_chunks_give_the_same_mentions(
    tagger: Tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        f"Pyongyang, May {n} (KCNA) -- A coal mine in Riverton, number {n}." for n in range(50)
    ]
    whole = tagger.tag_batch(texts)
    monkeypatch.setattr("tui.core.tagger.BATCH_CHARS", 100)
    chunked = tagger.tag_batch(texts)
    for name in ("doc", "label", "start", "end", "sentence", "paragraph"):
        assert getattr(whole, name).tolist() == getattr(chunked, name).tolist(), name
    assert sorted(set(whole.doc.tolist())) == list(range(50))


_WIDE_DATA: dict[str, Any] = {
    "version": "test-wide",
    "labels": [
        {"id": "sinuiju", "kind": "region", "name": "Sinuiju", "phrases": ["Sin\u016diju"]},
        {"id": "cross", "kind": "theme", "name": "Cross", "phrases": ["3\u00d74 plan"]},
        {"id": "cafe", "kind": "sector", "name": "Cafe", "phrases": ["caf\u00e9 work"]},
        {"id": "coal", "kind": "sector", "name": "Coal", "phrases": ["coal mine"]},
    ],
}
_WIDE_PIECES = [
    "Sin\u016diju ",
    "SIN\u016aIJU",
    "3\u00d74 plan",
    "3x4 plan ",
    "caf\u00e9 work",
    "cafe\u0301 work",
    "coal mine",
    " \u4e00",
    "\u00d7",
    "\ufb01",
    "\U0001f600",
    ". ",
    "\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WIDE_PIECES), max_size=10).map("".join), max_size=6))
def test_non_ascii_phrases_match_the_same_one_byte_a_character_as_in_utf8(
    texts: list[str],
) -> None:
    # Text is matched a byte a character when phrases hold few non-ASCII characters, else as
    # UTF-8: both must find the same mentions at the same character offsets.
    import tui.core.tagger.matcher as tagger_module

    taxonomy = parse_taxonomy(_WIDE_DATA)
    narrow = Tagger(taxonomy)
    limit = tagger_module._NARROW_LIMIT
    tagger_module._NARROW_LIMIT = 0
    try:
        utf8 = Tagger(taxonomy)
    finally:
        tagger_module._NARROW_LIMIT = limit
    one, other = narrow.tag_batch(texts), utf8.tag_batch(texts)
    for name in ("doc", "label", "start", "end", "sentence", "paragraph"):
        assert getattr(one, name).tolist() == getattr(other, name).tolist(), name
    found = narrow.tag("Work in Sin\u016diju on the 3\u00d74 plan and caf\u00e9 work.")
    assert [m.label for m in found] == ["sinuiju", "cross", "cafe"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*".!? \t,\"')](", "\u201d", "\u2019", "\u201c", "A", "z", "7", "\n", "\x00", "Mt", "é"]
        ),
        max_size=40,
    ).map("".join)
)
def test_sentence_stops_on_arrays_match_the_pattern(text: str) -> None:
    from tui.core.normalize import code_points
    from tui.core.tagger.sentences import _STOP, _stops

    stops, ends = _stops(code_points(text))
    assert list(zip(stops.tolist(), ends.tolist(), strict=True)) == [
        m.span() for m in _STOP.finditer(text)
    ]


def test_body_fingerprints_fold_case_spacing_and_ignore_the_title(tagger: Tagger) -> None:
    bodies = [
        "A coal mine in Riverton.\nWorkers met.",
        "a COAL  mine in Riverton. Workers\tmet.",
        "A coal-mine in Riverton. Workers met.",
        "A coal mine in Hill District. Workers met.",
        "A coal mine in Riverton.\nWorkers met.",
    ]
    titles = ["One", "Two", "", "One", "Caf\u00e9 \u4e00"]
    texts = [document_text(t, b) for t, b in zip(titles, bodies, strict=True)]
    keys = tagger.tag_batch(texts, [len(t) + 1 if t else 0 for t in titles]).fingerprints
    assert keys is not None
    assert keys[0] == keys[1] == keys[2] == keys[4]  # the same story, however it is typed
    assert keys[3] != keys[0]
    # A neighbour with other characters in the batch changes no article's key.
    alone = [
        tagger.tag_batch([text], [len(title) + 1 if title else 0]).fingerprints
        for text, title in zip(texts, titles, strict=True)
    ]
    assert [int(k[0]) for k in alone if k is not None] == keys.tolist()
    wide = document_text("T", "Caf\u00e9 \u4e00 coal mine.")
    assert tagger.tag_batch([wide], [2]).fingerprints is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" -_/`'\"\tAbZ09.\n\u2013\u00e9\ufb01")), max_size=20))
def test_phrases_normalise_as_text_does(phrase: str) -> None:
    from tui.core.normalize import as_text, code_points, normalize_codes, normalize_phrase

    form, _ = normalize_codes(code_points(phrase.strip()))
    assert normalize_phrase(phrase) == as_text(form).strip()


def _blocked_by_definition(text: str, stop: int) -> bool:
    """Whether the stop at ``stop`` follows an abbreviation or an initial, said plainly."""
    from tui.core.tagger.sentences import _ABBREVIATIONS

    before = text[:stop].translate({c: c + 32 for c in range(65, 91)})  # ASCII lower case

    def opens_word(at: int) -> bool:
        if at < 0:
            return True
        char = text[at]
        return char in "(\"'\x00" or (ord(char) < 0x3001 and char.isspace())

    if before[-1:].isascii() and before[-1:].isalpha() and opens_word(stop - 2):
        return True
    return any(
        before.endswith(word) and opens_word(stop - len(word) - 1) for word in _ABBREVIATIONS
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mt", "U.S", "d.p.r.k", "vs", "Dec", "sept", "NOS", "x", "Ab", "é"])
        | st.sampled_from([" ", "(", '"', "\u3000", "\x00", ".", "\n", "-"]),
        max_size=12,
    ).map("".join)
)
def test_stops_after_abbreviations_are_found_as_defined(text: str) -> None:
    import numpy as np

    from tui.core.normalize import code_points
    from tui.core.tagger.sentences import _after_abbreviation

    stops = np.array([i for i, c in enumerate(text) if c == "."], dtype=np.int64)
    found = _after_abbreviation(code_points(text), stops).tolist()
    assert found == [_blocked_by_definition(text, stop) for stop in stops.tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["-0-", "-", "0", " ", "\t", "\n", "\x00", "x"]), max_size=14))
def test_end_markers_on_arrays_match_the_pattern(pieces: list[str]) -> None:
    from tui.core.normalize import code_points
    from tui.core.tagger.boilerplate import _END_MARKER, _end_markers

    text = "".join(pieces)
    # The definition: the pattern's matches that open a line or follow spacing, with the one
    # space or tab before them.
    expected = []
    for match in _END_MARKER.finditer(text):
        start = match.start()
        before = text[start - 1] if start else "\n"
        if before in " \t\n\x00":
            expected.append((start - 1 if before in " \t" else start, match.end()))
    starts, ends = _end_markers(code_points(text))
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected
