"""The timeline's lines (picked themes, one theme across regions, context around a narrow
range), the pickers' per-label counts, and the corpus watcher."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from tui.core.label_counts import label_counts
from tui.core.models import FilterState, Measure, Period
from tui.core.query import Query
from tui.core.series import SeriesChoice, period_positions, series_timeline, with_context
from tui.core.taxonomy import load_taxonomy
from tui.core.watch import CorpusWatcher

SPAN = (dt.date(2024, 1, 10), dt.date(2024, 3, 1))
"""The dated span of the invented stories (tests/conftest.py)."""


def test_picked_themes_are_the_lines_whatever_their_rank(query: Query) -> None:
    # Speed campaign (a3) is the last of three themes: with the leading one alone it would
    # have no line; picked, it is the only line.
    assert list(series_timeline(query, FilterState(), SeriesChoice()).frame.columns) == [
        "socialist_emulation",
        "production_increase",
        "speed_campaign",
    ]
    series = series_timeline(query, FilterState(), SeriesChoice(themes=("speed_campaign",)))
    assert list(series.frame.columns) == ["speed_campaign"]
    assert series.frame["speed_campaign"].tolist() == [0, 1, 0]  # Jan, Feb, Mar
    assert series.subject == "Themes"


def test_one_theme_across_regions(query: Query) -> None:
    choice = SeriesChoice(
        themes=("socialist_emulation",), regions=("south_hamgyong", "north_hamgyong")
    )
    series = series_timeline(query, FilterState(), choice)
    assert series.by_region
    assert series.subject == "Socialist emulation"
    assert list(series.frame.columns) == ["south_hamgyong", "north_hamgyong"]
    # a1 (coal mine in South Hamgyong) and a2 (Hamhung, a city of South Hamgyong): January.
    assert series.frame["south_hamgyong"].tolist() == [2, 0, 0]
    assert series.frame["north_hamgyong"].tolist() == [1, 0, 0]  # a2, via Kimchaek


def test_regions_outside_the_region_filter_get_no_line(query: Query) -> None:
    filters = FilterState(regions=("pyongyang",))
    choice = SeriesChoice(themes=("socialist_emulation",), regions=("south_hamgyong", "pyongyang"))
    assert list(series_timeline(query, filters, choice).frame.columns) == ["pyongyang"]


def test_a_narrow_range_gets_context_and_marks() -> None:
    filters = FilterState(
        date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 2, 29), period=Period.month
    )
    wide, marks = with_context(filters, (dt.date(2023, 1, 1), dt.date(2024, 12, 31)))
    assert (wide.date_from, wide.date_to) == (dt.date(2023, 11, 1), dt.date(2024, 5, 31))
    assert marks == ("2024-02", "2024-02")
    # Kept within the corpus's span; a wide range is left as it is.
    wide, _ = with_context(filters, SPAN)
    assert (wide.date_from, wide.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    broad = filters.model_copy(update={"date_from": dt.date(2023, 1, 1)})
    assert with_context(broad, (dt.date(2023, 1, 1), dt.date(2024, 12, 31))) == (broad, None)


def test_the_timeline_of_a_one_month_range_shows_its_neighbours(query: Query) -> None:
    filters = FilterState(date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 2, 29))
    series = series_timeline(query, filters, SeriesChoice(), SPAN)
    assert list(series.frame.index) == ["2024-01", "2024-02", "2024-03"]
    assert period_positions(series.frame, series.marks) == (2.0,)
    # Without the corpus's span (as export has it) the range alone.
    assert list(series_timeline(query, filters, SeriesChoice()).frame.index) == ["2024-02"]


def test_label_counts_are_the_articles_each_label_would_give(query: Query) -> None:
    filters = FilterState(themes=("socialist_emulation",), measure=Measure.mentions)
    regions = label_counts(query, filters, "region")
    # With the theme filter (a1, a2): a province counts its cities, a city its own articles.
    assert regions["south_hamgyong"] == 2
    assert regions["hamhung"] == 1
    assert regions["north_hamgyong"] == 1  # a2 via Kimchaek
    assert regions["kimchaek"] == 1
    assert regions["national"] == 0
    # The kind being picked is not filtered by its own current choice.
    themes = label_counts(query, filters, "theme")
    assert themes["socialist_emulation"] == 2
    assert themes["speed_campaign"] == 1  # a3: another theme's articles, had it been chosen
    assert themes["production_increase"] == 2
    for label_id, count in regions.items():
        chosen = filters.model_copy(update={"regions": (label_id,), "measure": Measure.articles})
        assert count == int(query.article_mask(chosen).sum()), label_id


def test_the_bundled_taxonomy_says_national() -> None:
    taxonomy = load_taxonomy(None)
    assert taxonomy.name("national") == "National"
    assert not [lab.id for lab in taxonomy.model.labels if "nationwide" in lab.name.lower()]


def _wait(event: threading.Event, seconds: float = 10.0) -> bool:
    return event.wait(seconds)


def test_the_watcher_reports_a_new_file_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    changed = threading.Event()
    watcher = CorpusWatcher([folder], changed.set)
    assert watcher.start()
    try:
        time.sleep(0.3)  # the watch is set up in its thread
        (folder / "new.jsonl").write_text("{}\n")
        assert _wait(changed)
    finally:
        watcher.stop()


def test_the_watcher_sees_a_corpus_file_replaced_and_ignores_its_neighbours(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "stories.jsonl"
    corpus.write_text("{}\n")
    changed = threading.Event()
    watcher = CorpusWatcher([corpus], changed.set)
    assert watcher.start()
    try:
        time.sleep(0.3)
        (tmp_path / "notes.txt").write_text("not the corpus")
        assert not changed.wait(2.5)
        fresh = tmp_path / "stories.jsonl.part"
        fresh.write_text("{}\n{}\n")
        fresh.replace(corpus)  # written aside and renamed, as downloaders do
        assert _wait(changed)
    finally:
        watcher.stop()


def test_without_watchfiles_the_watcher_does_not_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "watchfiles", None)
    assert not CorpusWatcher([tmp_path], lambda: None).start()
