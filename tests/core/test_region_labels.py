"""A region filter's column is named after what was chosen: a city is not its province."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_corpus
from tests.core.test_export import parse
from tui.core.export import export_view, view_frame
from tui.core.index import build_index
from tui.core.models import ExportRequest, FilterState, View
from tui.core.query import Query
from tui.core.taxonomy import load_taxonomy


def test_a_city_filter_names_its_column_after_the_city(query: Query) -> None:
    frame = query.theme_by("region", FilterState(regions=("hamhung",)))
    assert list(frame.columns) == ["hamhung", "total"]
    # Its numbers are Hamhung's: a2 alone names it (a1 is elsewhere in South Hamgyong).
    assert frame.loc["socialist_emulation", "hamhung"] == 1
    assert frame.loc["production_increase", "hamhung"] == 1
    province = query.theme_by("region", FilterState(regions=("south_hamgyong",)))
    assert province.loc["socialist_emulation", "south_hamgyong"] == 2


def test_the_csv_header_says_the_city(query: Query, tmp_path: Path) -> None:
    request = ExportRequest(view=View.theme_by_region, filters=FilterState(regions=("hamhung",)))
    export_view(query, request, tmp_path / "hamhung.csv", sidecar=False)
    header = parse((tmp_path / "hamhung.csv").read_bytes())[0]
    assert header == ["theme", "hamhung", "total"]


def test_a_province_filter_and_no_filter_are_as_before(query: Query) -> None:
    everything = query.theme_by("region", FilterState())
    assert list(everything.columns) == [*query.axes["region"].with_none, "total"]
    province = query.theme_by("region", FilterState(regions=("south_hamgyong",)))
    assert list(province.columns) == ["south_hamgyong", "total"]


def test_cities_of_two_provinces_and_a_province_with_its_city(query: Query) -> None:
    # In the axis's order (provinces in the taxonomy's order), each named after its city.
    both = query.theme_by("region", FilterState(regions=("kimchaek", "hamhung")))
    assert list(both.columns) == ["hamhung", "kimchaek", "total"]
    mixed = query.theme_by("region", FilterState(regions=("kimchaek", "pyongyang")))
    assert list(mixed.columns) == ["pyongyang", "kimchaek", "total"]
    # The province chosen with its own city: the province's column, under its name.
    wide = query.theme_by("region", FilterState(regions=("hamhung", "south_hamgyong")))
    assert list(wide.columns) == ["south_hamgyong", "total"]


def test_two_cities_of_one_province_share_its_column(tmp_path: Path) -> None:
    stories = [
        {"id": "h", "date": "2024-05-01", "title": "Farm", "body": "A farm in Hamhung."},
        {"id": "t", "date": "2024-05-02", "title": "Mine", "body": "A mine in Tanchon."},
        {"id": "w", "date": "2024-05-03", "title": "Port", "body": "A port in Wonsan."},
    ]
    taxonomy = load_taxonomy(None)  # the project's own: Hamhung and Tanchon, South Hamgyong
    index = build_index([write_corpus(tmp_path / "c", stories)], taxonomy, cache_root=None)
    query = Query(index)
    frame = query.theme_by("region", FilterState(regions=("tanchon", "hamhung")))
    assert list(frame.columns) == ["tanchon;hamhung", "total"]
    assert frame.loc["(none)", "tanchon;hamhung"] == 2
    assert taxonomy.name("tanchon;hamhung") == "Tanchon City + Hamhung City"
    arts = query.article_ids(
        FilterState(regions=("tanchon", "hamhung")), "(none)", "tanchon;hamhung", "region"
    )
    assert sorted(index.articles["id"].iloc[arts]) == ["h", "t"]


def test_the_cell_of_a_city_column_drills_to_its_articles(query: Query) -> None:
    filters = FilterState(regions=("hamhung",))
    arts = query.article_ids(filters, "socialist_emulation", "hamhung", "region")
    ids = set(query.index.articles["id"].iloc[arts])
    assert ids == {"a2"}
    request = ExportRequest(
        view=View.articles,
        filters=filters,
        theme="socialist_emulation",
        other="hamhung",
        other_kind="region",
    )
    assert list(view_frame(query, request)["id"]) == ["a2"]


def test_bars_by_region_name_the_city(query: Query) -> None:
    totals = query.theme_totals(FilterState(regions=("hamhung",)), "region")
    assert totals["hamhung"] == 1
    assert "south_hamgyong" not in totals.index
