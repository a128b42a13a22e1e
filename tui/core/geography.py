"""Where the province map puts each first-level region: a tile grid laid out by coordinates.

The coordinates are the gazetteer's (Open Admin Data, openadmindata.org, CC BY 4.0), kept in
data/map.json. A terminal cannot draw province outlines legibly at 80 columns, so each region
is a tile: its coordinates are scaled onto a small grid and every region takes the free cell
nearest to where it falls, closest fits first. The result keeps the peninsula's shape
(Rason top right, Kaesong bottom left) and never puts two regions in one cell.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from tui.core.paths import data_dir

MAP_COLUMNS = 6
MAP_ROWS = 5


class Place(BaseModel):
    gazetteer_name: str
    lat: float
    lon: float


class MapFile(BaseModel):
    about: str = ""
    credit: str
    regions: dict[str, Place]


@cache
def load_map(path: Path | None = None) -> MapFile:
    """The bundled region coordinates (or another file of the same shape)."""
    source = path or data_dir() / "map.json"
    return MapFile.model_validate(json.loads(source.read_text(encoding="utf-8")))


def tile_layout(
    places: dict[str, Place], columns: int = MAP_COLUMNS, rows: int = MAP_ROWS
) -> dict[str, tuple[int, int]]:
    """Each region's (column, row) on a ``columns`` × ``rows`` grid, north at row 0."""
    if not places:
        return {}
    if len(places) > columns * rows:
        raise ValueError(f"{len(places)} regions do not fit a {columns}×{rows} grid")
    lats = [p.lat for p in places.values()]
    lons = [p.lon for p in places.values()]
    lat_span = (max(lats) - min(lats)) or 1.0
    lon_span = (max(lons) - min(lons)) or 1.0
    wanted = {
        region: (
            (place.lon - min(lons)) / lon_span * (columns - 1),
            (max(lats) - place.lat) / lat_span * (rows - 1),
        )
        for region, place in places.items()
    }
    cells = [(column, row) for row in range(rows) for column in range(columns)]
    layout: dict[str, tuple[int, int]] = {}
    while wanted:
        # The closest fit of any region still to place, ties by region id: deterministic.
        _, region, cell = min(
            ((x - c) ** 2 + (y - r) ** 2, region, (c, r))
            for region, (x, y) in wanted.items()
            for c, r in cells
        )
        layout[region] = cell
        cells.remove(cell)
        del wanted[region]
    return layout
