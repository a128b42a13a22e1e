"""Rising themes: a planted surge is ranked first, small counts and steady cells are not flagged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_corpus
from tui.core.compare import compare, year_earlier
from tui.core.index import build_index
from tui.core.models import FilterState, Period
from tui.core.query import Query
from tui.core.rising import MIN_COUNT, poisson_score, rising, window
from tui.core.taxonomy import LoadedTaxonomy

THEMES = ["A socialist emulation drive", "An 80-day campaign", "An upsurge in production"]
PLACES = ["Pyongyang", "South Hamgyong", "North Hamgyong", "Hamhung"]
SECTORS = ["at a coal mine", "at a steel complex", "at a cooperative farm"]


def _story(day: dt.date, number: int, sentence: str) -> dict[str, str]:
    return {
        "id": f"s{day.isoformat()}-{number}",
        "date": day.isoformat(),
        "title": f"Report {number}",
        "body": f"{sentence} Item {day.isoformat()} {number}.",
    }


def planted_corpus() -> list[dict[str, str]]:
    """Twelve months of steady background, then a month where one cell rises several-fold.

    Planted: the 80-day campaign in North Hamgyong, 2 articles a month, then 14. Trap: an
    emulation drive in Pyongyang, once in the whole baseline, then 3 times (a rare cell that
    rose, but on too few articles to mean anything).
    """
    rng = random.Random(7)
    stories = []
    months = [dt.date(2023, m, 1) for m in range(1, 13)] + [dt.date(2024, 1, 1)]
    for number_of_month, first in enumerate(months):
        last = number_of_month == len(months) - 1
        n = 0

        def add(sentence: str, first: dt.date = first) -> None:
            nonlocal n
            day = first + dt.timedelta(days=rng.randrange(28))
            stories.append(_story(day, n, sentence))
            n += 1

        for _ in range(30 + rng.randrange(6)):  # background with noise
            theme = rng.choice(THEMES[1:])
            place = rng.choice(["South Hamgyong", "Hamhung"])
            add(f"{theme} {rng.choice(SECTORS)} in {place} went well.")
        for _ in range(14 if last else 2):
            add("An 80-day campaign at a coal mine in North Hamgyong went well.")
        if last:
            for _ in range(3):
                add("A socialist emulation drive in Pyongyang went well.")
        elif number_of_month == 5:
            add("A socialist emulation drive in Pyongyang went well.")
    return stories


@pytest.fixture
def planted(tmp_path: Path, mini_taxonomy: LoadedTaxonomy) -> Query:
    corpus = write_corpus(tmp_path / "planted", planted_corpus())
    return Query(build_index([corpus], mini_taxonomy, cache_root=tmp_path / "cache"))


def test_planted_surge_ranks_first_and_the_small_count_trap_is_not_flagged(planted: Query):
    frame = rising(planted, FilterState(period=Period.month), baseline=8)
    top = frame.iloc[0]
    assert (top["theme"], top["kind"], top["label"]) == (
        "speed_campaign",
        "region",
        "north_hamgyong",
    )
    assert top["period"] == "2024-01" and top["count"] == 14 and bool(top["rising"])
    trap = frame[(frame["theme"] == "socialist_emulation") & (frame["label"] == "pyongyang")]
    assert len(trap) == 1 and trap.iloc[0]["count"] == 3 and not bool(trap.iloc[0]["rising"])
    # Steady background cells are never flagged.
    steady = frame[frame["label"].isin(["south_hamgyong", "agriculture", "metallurgy"])]
    assert not steady["rising"].any()


def test_the_current_period_is_the_date_ranges_last(planted: Query):
    filters = FilterState(period=Period.month, date_to=dt.date(2023, 9, 14))
    periods = window(planted, filters, 6)
    assert periods is not None
    assert periods.label == "2023-09"
    assert periods.current == (dt.date(2023, 9, 1), dt.date(2023, 9, 30))
    assert periods.baseline == (dt.date(2023, 3, 1), dt.date(2023, 8, 31))
    frame = rising(planted, filters, baseline=6)
    assert set(frame["period"]) == {"2023-09"}
    assert not frame["rising"].any()  # nothing was planted in September


def test_counts_match_the_theme_tables_of_the_current_period(planted: Query):
    frame = rising(planted, FilterState(period=Period.month), baseline=8)
    month = FilterState(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    table = planted.theme_by("region", month)
    for row in frame[frame["kind"] == "region"].itertuples():
        assert table.loc[row.theme, row.label] == row.count


@pytest.mark.parametrize(
    ("count", "expected"), [(1, 0.5), (3, 1.0), (10, 2.0), (50, 20.0), (400, 300.0)]
)
def test_poisson_score_is_the_upper_tail(count: int, expected: float):
    tail = 1.0 - sum(
        math.exp(-expected + k * math.log(expected) - math.lgamma(k + 1)) for k in range(count)
    )
    assert poisson_score(count, expected) == pytest.approx(-math.log10(tail), rel=1e-6)


def test_a_count_at_or_below_its_baseline_scores_zero():
    assert poisson_score(2, 2.0) == 0.0
    assert poisson_score(0, 0.1) == 0.0
    assert MIN_COUNT > 3  # the 1 -> 3 trap stays below the minimum


def test_export_rising_view_from_the_command_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
):
    corpus = write_corpus(tmp_path / "planted", planted_corpus())
    taxonomy = str(Path(__file__).parents[1] / "fixtures" / "mini_taxonomy.toml")
    out = tmp_path / "rising.csv"
    code, _, err = run_cli(
        capsysbinary,
        [
            "export",
            str(corpus),
            "--taxonomy",
            taxonomy,
            "--cache-dir",
            str(tmp_path / "c"),
            "--view",
            "rising",
            "--baseline",
            "8",
            "-o",
            str(out),
        ],
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["theme", "kind", "label", "period", "count", "baseline", "score", "rising"]
    assert rows[1][:5] == ["speed_campaign", "region", "north_hamgyong", "2024-01", "14"]
    sidecar = json.loads((tmp_path / "rising.csv.json").read_text(encoding="utf-8"))
    assert sidecar["view"] == "rising" and sidecar["baseline"] == 8


def test_compare_two_ranges_side_by_side(planted: Query):
    january = FilterState(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    b_from, b_to = year_earlier(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert (b_from, b_to) == (dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    frame = compare(planted, january, "region", b_from, b_to)
    a = planted.theme_by("region", january)
    b = planted.theme_by(
        "region", january.model_copy(update={"date_from": b_from, "date_to": b_to})
    )
    row = frame[(frame["theme"] == "speed_campaign") & (frame["region"] == "north_hamgyong")]
    assert row[["a", "b", "change"]].values.tolist() == [[14, 2, 12]]
    assert row["change_pct"].iloc[0] == 600.0
    for r in frame.itertuples():
        assert (r.a, r.b) == (a.loc[r.theme, r.region], b.loc[r.theme, r.region])


def test_year_earlier_of_a_leap_day():
    assert year_earlier(dt.date(2024, 2, 29), dt.date(2024, 2, 29)) == (
        dt.date(2023, 2, 28),
        dt.date(2023, 2, 28),
    )


def test_export_comparison_from_the_command_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
):
    corpus = write_corpus(tmp_path / "planted", planted_corpus())
    taxonomy = str(Path(__file__).parents[1] / "fixtures" / "mini_taxonomy.toml")
    base = [str(corpus), "--taxonomy", taxonomy, "--cache-dir", str(tmp_path / "c")]
    code, out, err = run_cli(
        capsysbinary,
        [
            "export",
            *base,
            "--view",
            "theme-by-region",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--year-earlier",
            "--sort",
            "-change",
            "--limit",
            "1",
        ],
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    assert rows == [
        ["theme", "region", "a", "b", "change", "change_pct"],
        ["speed_campaign", "north_hamgyong", "14", "2", "12", "600.000000"],
    ]
    code, _, err = run_cli(capsysbinary, ["export", *base, "--view", "timeline", "--year-earlier"])
    assert code == 2 and "--year-earlier needs --from and --to" in err
