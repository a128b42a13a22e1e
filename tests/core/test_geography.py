"""The province map's layout: every region in its own cell, the peninsula's shape kept."""

from __future__ import annotations

from tui.core.geography import MAP_COLUMNS, MAP_ROWS, Place, load_map, tile_layout
from tui.core.paths import default_taxonomy_path
from tui.core.taxonomy import load_taxonomy


def test_every_first_level_region_of_the_taxonomy_has_coordinates():
    taxonomy = load_taxonomy(default_taxonomy_path())
    provinces = {x.id for x in taxonomy.of_kind("region") if not x.parent} - {"national"}
    assert provinces == set(load_map().regions)
    assert "CC BY 4.0" in load_map().credit


def test_layout_gives_each_region_its_own_cell_in_the_grid():
    layout = tile_layout(load_map().regions)
    assert len(set(layout.values())) == len(layout) == 13
    assert all(0 <= c < MAP_COLUMNS and 0 <= r < MAP_ROWS for c, r in layout.values())


def test_layout_keeps_compass_order():
    layout = tile_layout(load_map().regions)
    col = {k: c for k, (c, _) in layout.items()}
    row = {k: r for k, (_, r) in layout.items()}
    assert row["rason"] == 0 and col["rason"] == max(col.values())  # the north-east corner
    assert row["north_phyongan"] < row["south_hwanghae"]  # north above south
    assert col["north_phyongan"] < col["south_hamgyong"] < col["north_hamgyong"]  # west to east
    assert row["pyongyang"] < row["kaesong"]


def test_layout_is_deterministic_and_resolves_collisions():
    crowded = {f"r{i}": Place(gazetteer_name="x", lat=40.0, lon=127.0) for i in range(4)}
    first = tile_layout(crowded, 2, 2)
    assert first == tile_layout(crowded, 2, 2)
    assert sorted(first.values()) == [(0, 0), (0, 1), (1, 0), (1, 1)]
