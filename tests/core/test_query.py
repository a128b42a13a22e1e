"""Counting: the tables, filters, shares, timelines and article lists, checked by hand.

The fixture corpus (tests/conftest.py) holds, after the duplicate is dropped:

    a1 2024-01-10  socialist_emulation x2, production_increase; coal_mining; south_hamgyong
                   (the Pyongyang dateline does not count)
    a2 2024-01-20  production_increase, socialist_emulation; metallurgy, agriculture;
                   kimchaek (north_hamgyong), hamhung (south_hamgyong)
    a3 2024-02-05  speed_campaign; agriculture; national
    a4 2024-03-01  nothing
    a5 undated     coal_mining; pyongyang (no theme)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tui.core.index import build_index
from tui.core.models import NONE_LABEL, FilterState, Measure, Period, Scope
from tui.core.query import TOTAL, Query, period_range, shift_range
from tui.core.taxonomy import LoadedTaxonomy

SE, SC, PI = "socialist_emulation", "speed_campaign", "production_increase"
D = dt.date


def table(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Only the non-zero cells, as {theme: {column: value}}, to compare against hand counts."""
    out: dict[str, dict[str, float]] = {}
    for theme, row in frame.iterrows():
        cells = {str(col): float(value) for col, value in row.items() if value}
        if cells:
            out[str(theme)] = cells
    return out


def arts_to_ids(query: Query, arts: np.ndarray) -> list[str]:
    return [str(query.index.articles["id"].iloc[int(a)]) for a in arts]


def make_query(
    tmp_path: Path,
    taxonomy: LoadedTaxonomy,
    stories: list[dict[str, str]],
    scope: Scope = Scope.article,
) -> Query:
    path = tmp_path / "extra" / "s.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), "utf-8")
    return Query(build_index([path], taxonomy), scope)


# -- the tables ----------------------------------------------------------------------------


def test_theme_by_sector_articles(query: Query):
    frame = query.theme_by("sector", FilterState())
    assert list(frame.index) == [SE, SC, PI, NONE_LABEL]
    assert list(frame.columns) == ["coal_mining", "metallurgy", "agriculture", NONE_LABEL, TOTAL]
    assert table(frame) == {
        SE: {"coal_mining": 1, "metallurgy": 1, "agriculture": 1, TOTAL: 2},
        SC: {"agriculture": 1, TOTAL: 1},
        PI: {"coal_mining": 1, "metallurgy": 1, "agriculture": 1, TOTAL: 2},
        NONE_LABEL: {"coal_mining": 1, TOTAL: 1},  # a5: a sector without a theme
    }


def test_theme_by_sector_mentions(query: Query):
    frame = query.theme_by("sector", FilterState(measure=Measure.mentions))
    assert table(frame) == {
        SE: {"coal_mining": 2, "metallurgy": 1, "agriculture": 1, TOTAL: 3},
        SC: {"agriculture": 1, TOTAL: 1},
        PI: {"coal_mining": 1, "metallurgy": 1, "agriculture": 1, TOTAL: 2},
        NONE_LABEL: {"coal_mining": 1, TOTAL: 1},
    }


def test_theme_by_region_articles_rolls_cities_up(query: Query):
    frame = query.theme_by("region", FilterState())
    assert list(frame.columns) == [
        "pyongyang",
        "south_hamgyong",
        "north_hamgyong",
        "national",
        NONE_LABEL,
        TOTAL,
    ]
    assert table(frame) == {
        SE: {"south_hamgyong": 2, "north_hamgyong": 1, TOTAL: 2},
        SC: {"national": 1, TOTAL: 1},
        PI: {"south_hamgyong": 2, "north_hamgyong": 1, TOTAL: 2},
        NONE_LABEL: {"pyongyang": 1, TOTAL: 1},
    }


def test_theme_by_region_mentions(query: Query):
    frame = query.theme_by("region", FilterState(measure=Measure.mentions))
    assert table(frame) == {
        SE: {"south_hamgyong": 3, "north_hamgyong": 1, TOTAL: 3},
        SC: {"national": 1, TOTAL: 1},
        PI: {"south_hamgyong": 2, "north_hamgyong": 1, TOTAL: 2},
        NONE_LABEL: {"pyongyang": 1, TOTAL: 1},
    }


def test_a_theme_without_sector_counts_under_none(tmp_path: Path, mini_taxonomy: LoadedTaxonomy):
    query = make_query(
        tmp_path,
        mini_taxonomy,
        [
            {
                "id": "t1",
                "date": "2024-04-01",
                "body": "Workers overfulfilled the plan in Hamhung.",
            },
        ],
    )
    sectors = query.theme_by("sector", FilterState())
    assert table(sectors) == {PI: {NONE_LABEL: 1, TOTAL: 1}}
    regions = query.theme_by("region", FilterState())
    assert table(regions) == {PI: {"south_hamgyong": 1, TOTAL: 1}}


def test_an_article_with_no_mentions_is_counted_nowhere(query: Query):
    # a4 holds no label: it is in the corpus (and in share denominators) but in no cell.
    for other in ("sector", "region"):
        frame = query.theme_by(other, FilterState())
        assert frame.loc[NONE_LABEL, NONE_LABEL] == 0


# -- filters -------------------------------------------------------------------------------


def test_two_selected_sectors_count_an_article_once_in_the_total(query: Query):
    frame = query.theme_by("sector", FilterState(sectors=("metallurgy", "agriculture")))
    assert list(frame.columns) == ["metallurgy", "agriculture", TOTAL]
    assert table(frame) == {
        SE: {"metallurgy": 1, "agriculture": 1, TOTAL: 1},  # a2 holds both: once in the total
        SC: {"agriculture": 1, TOTAL: 1},
        PI: {"metallurgy": 1, "agriculture": 1, TOTAL: 1},
    }


def test_two_regions_of_one_province_count_an_article_once(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
):
    query = make_query(
        tmp_path,
        mini_taxonomy,
        [
            {
                "id": "h1",
                "date": "2024-04-01",
                "body": "An emulation drive in Hamhung, South Hamgyong, went on.",
            },
            {"id": "h2", "date": "2024-04-02", "body": "An emulation drive in Pyongyang went on."},
        ],
    )
    filters = FilterState(regions=("south_hamgyong", "hamhung"))
    frame = query.theme_by("region", filters)
    assert list(frame.columns) == ["south_hamgyong", TOTAL]
    assert table(frame) == {SE: {"south_hamgyong": 1, TOTAL: 1}}
    frame, total = query.articles(filters)
    assert total == 1 and list(frame["id"]) == ["h1"]
    # Mentions: both place names are the same article's one emulation drive.
    mentions = query.theme_by(
        "region", FilterState(regions=filters.regions, measure=Measure.mentions)
    )
    assert table(mentions) == {SE: {"south_hamgyong": 1, TOTAL: 1}}


def test_a_province_filter_includes_its_cities(query: Query):
    filters = FilterState(regions=("north_hamgyong",))
    assert arts_to_ids(query, query.article_ids(filters)) == ["a2"]  # via Kimchaek
    frame = query.theme_by("region", filters)
    assert table(frame) == {
        SE: {"north_hamgyong": 1, TOTAL: 1},
        PI: {"north_hamgyong": 1, TOTAL: 1},
    }


def test_a_city_filter_does_not_include_the_rest_of_its_province(query: Query):
    assert arts_to_ids(query, query.article_ids(FilterState(regions=("hamhung",)))) == ["a2"]
    both = query.article_ids(FilterState(regions=("south_hamgyong",)))
    assert arts_to_ids(query, both) == ["a1", "a2"]


def test_theme_filter_keeps_only_its_rows_and_articles(query: Query):
    filters = FilterState(themes=(SC,))
    frame = query.theme_by("sector", filters)
    assert list(frame.index) == [SC]
    assert table(frame) == {SC: {"agriculture": 1, TOTAL: 1}}
    assert arts_to_ids(query, query.article_ids(filters)) == ["a3"]


def test_none_as_a_theme_filter_selects_articles_without_themes(query: Query):
    filters = FilterState(themes=(NONE_LABEL,))
    assert arts_to_ids(query, query.article_ids(filters)) == ["a4", "a5"]
    frame = query.theme_by("sector", filters)
    assert table(frame) == {NONE_LABEL: {"coal_mining": 1, TOTAL: 1}}


def test_date_range_is_inclusive_and_excludes_undated(query: Query):
    def chosen(**bounds: dt.date) -> list[str]:
        return arts_to_ids(query, query.article_ids(FilterState(**bounds)))

    assert chosen() == ["a1", "a2", "a3", "a4", "a5"]
    assert chosen(date_from=D(2024, 1, 20)) == ["a2", "a3", "a4"]
    assert chosen(date_to=D(2024, 1, 20)) == ["a1", "a2"]
    assert chosen(date_from=D(2024, 1, 10), date_to=D(2024, 1, 10)) == ["a1"]
    assert chosen(date_from=D(2025, 1, 1)) == []
    frame = query.theme_by("sector", FilterState(date_from=D(2024, 2, 1)))
    assert table(frame) == {SC: {"agriculture": 1, TOTAL: 1}}  # a5 (undated) left out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STEEL makers", ["a2"]),  # title, any case
        ("delegation", ["a4"]),  # body
        ("Emulation Drive", ["a1", "a2"]),
        ("steel    complex", ["a2"]),  # spacing folded
        ("  ", ["a1", "a2", "a3", "a4", "a5"]),  # blank: no filter
        ("no such words", []),
    ],
)
def test_search_matches_title_or_body_case_insensitively(
    query: Query, text: str, expected: list[str]
):
    assert arts_to_ids(query, query.article_ids(FilterState(search=text))) == expected


def test_search_combines_with_other_filters(query: Query):
    filters = FilterState(search="emulation drive", sectors=("coal_mining",))
    assert arts_to_ids(query, query.article_ids(filters)) == ["a1"]


def test_search_reads_texts_from_the_cache(
    corpus: Path, mini_taxonomy: LoadedTaxonomy, tmp_path: Path
):
    build_index([corpus], mini_taxonomy, cache_root=tmp_path / "c2")
    cached = build_index([corpus], mini_taxonomy, cache_root=tmp_path / "c2")
    assert cached.stats["from_cache"] == 1
    query = Query(cached)
    assert arts_to_ids(query, query.article_ids(FilterState(search="Held a MEETING"))) == ["a5"]


# -- shares --------------------------------------------------------------------------------


def test_share_divides_by_all_articles_in_the_date_range(query: Query):
    frame = query.theme_by("sector", FilterState(share=True))
    assert query.denominator(FilterState()) == 5
    assert frame.loc[SE, TOTAL] == pytest.approx(2 / 5)
    assert frame.loc[NONE_LABEL, "coal_mining"] == pytest.approx(1 / 5)

    january = FilterState(share=True, date_from=D(2024, 1, 1), date_to=D(2024, 1, 31))
    assert query.denominator(january) == 2
    frame = query.theme_by("sector", january)
    assert frame.loc[SE, TOTAL] == pytest.approx(1.0)
    assert frame.loc[SC, TOTAL] == 0


def test_share_denominator_ignores_label_and_search_filters(query: Query):
    filters = FilterState(share=True, sectors=("agriculture",), search="farm")
    assert query.denominator(filters) == 5
    frame = query.theme_by("sector", filters)
    assert frame.loc[SC, "agriculture"] == pytest.approx(1 / 5)
    totals = query.theme_totals(filters)
    assert totals[SC] == pytest.approx(1 / 5)


def test_theme_totals(query: Query):
    assert query.theme_totals(FilterState()).to_dict() == {SE: 2, SC: 1, PI: 2}
    assert query.theme_totals(FilterState(measure=Measure.mentions)).to_dict() == {
        SE: 3,
        SC: 1,
        PI: 2,
    }
    sectors = query.theme_totals(FilterState(), kind="sector").to_dict()
    assert sectors == {"coal_mining": 2, "metallurgy": 1, "agriculture": 2}


# -- the timeline --------------------------------------------------------------------------


def test_timeline_by_month(query: Query):
    frame = query.timeline(FilterState())
    assert list(frame.index) == ["2024-01", "2024-02", "2024-03"]
    assert list(frame.columns) == [SE, SC, PI]
    assert frame.to_dict(orient="index") == {
        "2024-01": {SE: 2, SC: 0, PI: 2},
        "2024-02": {SE: 0, SC: 1, PI: 0},
        "2024-03": {SE: 0, SC: 0, PI: 0},  # a4's month is there, with nothing in it
    }
    mentions = query.timeline(FilterState(measure=Measure.mentions))
    assert mentions.loc["2024-01", SE] == 3


def test_timeline_by_quarter_and_share(query: Query):
    frame = query.timeline(FilterState(period=Period.quarter))
    assert frame.to_dict(orient="index") == {"2024-Q1": {SE: 2, SC: 1, PI: 2}}
    share = query.timeline(FilterState(period=Period.month, share=True))
    # Each month's share is of that month's dated articles (Jan: 2, Feb: 1, Mar: 1).
    assert share.loc["2024-01", SE] == pytest.approx(1.0)
    assert share.loc["2024-02", SC] == pytest.approx(1.0)
    assert share.loc["2024-03"].sum() == 0


def test_timeline_fills_empty_periods_with_zero(tmp_path: Path, mini_taxonomy: LoadedTaxonomy):
    query = make_query(
        tmp_path,
        mini_taxonomy,
        [
            {"id": "j", "date": "2023-11-15", "body": "An emulation drive began."},
            {"id": "k", "date": "2024-02-03", "body": "An emulation drive ended."},
        ],
    )
    frame = query.timeline(FilterState(themes=(SE,)))
    assert list(frame.columns) == [SE]
    assert frame[SE].to_dict() == {"2023-11": 1, "2023-12": 0, "2024-01": 0, "2024-02": 1}
    weeks = query.timeline(FilterState(themes=(SE,), period=Period.week))
    assert weeks.index[0] == "2023-11-13"  # the Monday of the first week
    assert len(weeks) == 12 and int(weeks[SE].sum()) == 2


def test_timeline_excludes_undated_and_respects_the_range(query: Query):
    frame = query.timeline(FilterState(date_from=D(2024, 2, 1), period=Period.day))
    assert frame.index[0] == "2024-02-05" and frame.index[-1] == "2024-03-01"
    assert int(frame.to_numpy().sum()) == 1
    empty = query.timeline(FilterState(date_from=D(2030, 1, 1)))
    assert len(empty) == 0 and list(empty.columns) == [SE, SC, PI]


# -- co-occurrence scope -------------------------------------------------------------------


def test_sentence_scope_pairs_only_within_a_sentence(index):
    article = Query(index, Scope.article).theme_by("sector", FilterState())
    sentence = Query(index, Scope.sentence).theme_by("sector", FilterState())
    # a1: "Miners overfulfilled the plan." names no sector; a2's upsurge is in the steel
    # sentence, its emulation drive in the farm sentence.
    assert table(sentence) == {
        SE: {"coal_mining": 1, "agriculture": 1, TOTAL: 2},
        SC: {"agriculture": 1, TOTAL: 1},
        PI: {"metallurgy": 1, NONE_LABEL: 1, TOTAL: 2},
        NONE_LABEL: {"coal_mining": 1, TOTAL: 1},
    }
    assert article.loc[PI, "coal_mining"] == 1 and sentence.loc[PI, "coal_mining"] == 0
    assert article.loc[SE, "metallurgy"] == 1 and sentence.loc[SE, "metallurgy"] == 0
    # Totals per theme are distinct articles whatever the scope.
    assert list(article[TOTAL]) == list(sentence[TOTAL])


def test_sentence_scope_regions(index):
    frame = Query(index, Scope.sentence).theme_by("region", FilterState())
    assert table(frame) == {
        SE: {"south_hamgyong": 2, NONE_LABEL: 1, TOTAL: 2},  # a1's title holds no place
        SC: {"national": 1, TOTAL: 1},
        PI: {"north_hamgyong": 1, NONE_LABEL: 1, TOTAL: 2},
        NONE_LABEL: {"pyongyang": 1, TOTAL: 1},
    }


def test_selecting_the_none_column_keeps_its_numbers_in_sentence_scope(index):
    query = Query(index, Scope.sentence)
    whole = query.theme_by("sector", FilterState())
    chosen = query.theme_by("sector", FilterState(sectors=(NONE_LABEL,)))
    assert whole.loc[PI, NONE_LABEL] == 1  # a1: "Miners overfulfilled the plan."
    assert chosen.loc[PI, NONE_LABEL] == whole.loc[PI, NONE_LABEL]


def test_selecting_a_column_keeps_its_numbers(query: Query):
    whole = query.theme_by("sector", FilterState())
    for column in ["coal_mining", "metallurgy", "agriculture", NONE_LABEL]:
        chosen = query.theme_by("sector", FilterState(sectors=(column,)))
        assert list(chosen[column]) == list(whole[column]), column


# -- drilling down -------------------------------------------------------------------------


CELL_FILTERS = [
    FilterState(),
    FilterState(date_from=D(2024, 1, 15)),
    FilterState(regions=("south_hamgyong",)),
    FilterState(sectors=("agriculture", "coal_mining")),
]


@pytest.mark.parametrize("scope", [Scope.article, Scope.paragraph, Scope.sentence])
@pytest.mark.parametrize("other", ["sector", "region"])
def test_the_articles_behind_a_cell_are_as_many_as_the_cell_says(index, scope, other):
    query = Query(index, scope)
    for filters in CELL_FILTERS:
        frame = query.theme_by(other, filters)
        for theme, row in frame.iterrows():
            for column, value in row.items():
                arts = query.article_ids(filters, str(theme), str(column), other)
                assert len(arts) == value, (filters, theme, column)
    _, total = query.articles(FilterState(), SE, TOTAL, other)
    assert total == 2


def test_articles_are_newest_first_with_undated_last(query: Query):
    frame, total = query.articles(FilterState())
    assert total == 5
    assert list(frame["id"]) == ["a4", "a3", "a2", "a1", "a5"]
    assert list(frame["date"]) == ["2024-03-01", "2024-02-05", "2024-01-20", "2024-01-10", ""]
    a2 = frame[frame["id"] == "a2"].iloc[0]
    assert a2["themes"] == f"{SE};{PI}"
    assert a2["sectors"] == "metallurgy;agriculture"
    assert a2["regions"] == "south_hamgyong;north_hamgyong"
    assert a2["mentions"] == 6
    limited, total = query.articles(FilterState(), limit=2)
    assert list(limited["id"]) == ["a4", "a3"] and total == 5


def test_articles_behind_one_cell(query: Query):
    frame, total = query.articles(FilterState(), SE, "south_hamgyong", "region")
    assert total == 2 and list(frame["id"]) == ["a2", "a1"]
    frame, total = query.articles(FilterState(), NONE_LABEL, "coal_mining", "sector")
    assert total == 1 and list(frame["id"]) == ["a5"]


def test_explain_gives_the_sentence_and_phrase_behind_each_mention(query: Query):
    a1 = list(query.index.articles["id"]).index("a1")
    text, frame = query.explain(a1)
    assert text.startswith("Emulation drive at coal mine\n")
    rows = frame.to_dict(orient="records")
    assert [(r["label"], r["phrase"]) for r in rows] == [
        (SE, "Emulation drive"),
        ("coal_mining", "coal mine"),
        (SE, "socialist emulation drive"),
        ("coal_mining", "coal mine"),
        ("south_hamgyong", "South Hamgyong"),
        (PI, "overfulfilled the plan"),
    ]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["phrase"]
        assert row["phrase"] in row["sentence"]
    assert rows[0]["sentence"] == "Emulation drive at coal mine"
    assert rows[-1]["sentence"] == "Miners overfulfilled the plan."
    assert rows[-1]["kind"] == "theme" and rows[-1]["name"] == "Production increase"


def test_explain_gives_the_taxonomy_phrase_and_rule_behind_each_mention(query: Query):
    a1 = list(query.index.articles["id"]).index("a1")
    _, frame = query.explain(a1)
    for row in frame.to_dict(orient="records"):
        assert row["pattern"], row
        assert row["rule"].startswith(("phrase", "place name", "pattern")), row
    region = frame[frame["kind"] == "region"].iloc[0]
    assert region["rule"] == "place name"
    theme = frame[frame["label"] == PI].iloc[0]
    assert theme["pattern"] == "overfulfilled the plan" and theme["rule"] == "phrase"


def test_explain_shows_what_a_city_rolls_up_to(query: Query):
    a2 = list(query.index.articles["id"]).index("a2")
    _, frame = query.explain(a2)
    kimchaek = frame[frame["label"] == "kimchaek"].iloc[0]
    assert kimchaek["rolls_up_to"] == "north_hamgyong"
    assert kimchaek["sentence"] == "The steel complex in Kimchaek saw an upsurge in production."
    a4 = list(query.index.articles["id"]).index("a4")
    text, empty = query.explain(a4)
    assert text == "Foreign news\nA delegation left for abroad." and len(empty) == 0


# -- date ranges ---------------------------------------------------------------------------


def test_period_range():
    assert period_range(D(2024, 2, 14), Period.day) == (D(2024, 2, 14), D(2024, 2, 14))
    assert period_range(D(2024, 2, 14), Period.week) == (D(2024, 2, 12), D(2024, 2, 18))
    assert period_range(D(2024, 2, 14), Period.month) == (D(2024, 2, 1), D(2024, 2, 29))
    assert period_range(D(2024, 2, 14), Period.quarter) == (D(2024, 1, 1), D(2024, 3, 31))
    assert period_range(D(2024, 2, 14), Period.year) == (D(2024, 1, 1), D(2024, 12, 31))


def test_shift_range_moves_by_whole_periods():
    assert shift_range(D(2024, 1, 1), D(2024, 3, 31), Period.month, 1) == (
        D(2024, 2, 1),
        D(2024, 4, 30),
    )
    assert shift_range(D(2024, 1, 1), D(2024, 3, 31), Period.quarter, -1) == (
        D(2023, 10, 1),
        D(2023, 12, 31),
    )
    assert shift_range(D(2024, 1, 31), D(2024, 1, 31), Period.month, 1) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
    )
    assert shift_range(D(2023, 12, 30), D(2024, 1, 2), Period.day, 3) == (
        D(2024, 1, 2),
        D(2024, 1, 5),
    )
    assert shift_range(D(2024, 1, 1), D(2024, 12, 31), Period.year, 2) == (
        D(2026, 1, 1),
        D(2026, 12, 31),
    )


def test_search_beyond_the_folded_texts_memory_finds_the_same(query: Query, monkeypatch):
    """Texts that do not fit in memory folded are searched as they are, with the same result."""
    import tui.core.query.textsearch as textsearch

    folded = {term: query.search_mask(term).copy() for term in ["STEEL  complex", "coal mine"]}
    monkeypatch.setattr(textsearch, "SEARCH_MEMORY_BYTES", 0)
    fresh = Query(query.index, query.scope)
    for term, expected in folded.items():
        assert fresh.search_mask(term).tolist() == expected.tolist()
    assert fresh.searcher.folded == {}
