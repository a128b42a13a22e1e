"""A terminal map of the provinces: one labelled tile per first-level region, shaded by value.

Tiles are placed by the gazetteer's coordinates (tui.core.geography); each shows the region's
name and its number, and its shade says where the number stands between zero and the largest
on the map. `national` (country-wide scope, no place) stands beside the map. The drawing is
plain Rich text built by :func:`draw_map`, so the screenshot command and tests get exactly
what the dashboard shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.core.geography import MAP_COLUMNS, MAP_ROWS, load_map, tile_layout
from tui.ui.text import clean, shorten

# Light to dark: five steps of one hue, readable in dark and light terminal themes.
SHADES = ("", "#1d4e6b", "#176a94", "#1487bf", "#19a7e8")
_NO_DATA = Style(color="grey50", bgcolor="grey15")
TILE_HEIGHT = 3


@dataclass(frozen=True)
class MapData:
    """What the map shows: a value per region id, the title, and how values are written."""

    values: dict[str, float]
    names: dict[str, str]
    title: str = ""
    share: bool = False
    national: float | None = None
    rising: frozenset[str] = field(default_factory=frozenset)
    """Regions marked ▲ (their count rose significantly against its baseline)."""
    decimals: int = 0
    """Decimals of the numbers that are not shares (a rise score has one)."""


def shade_of(value: float, top: float) -> int:
    """0 for nothing, else 1..len(SHADES)-1 by where ``value`` stands up to ``top``."""
    if value <= 0 or top <= 0:
        return 0
    steps = len(SHADES) - 1
    return min(steps, 1 + int(value / top * steps * 0.999))


def short_name(name: str, width: int) -> str:
    """A region name cut to ``width``: compass words shortened first (N. Hamgyong)."""
    for long, short in (("North ", "N. "), ("South ", "S. ")):
        if len(name) > width:
            name = name.replace(long, short)
    return shorten(name, width)


def _number(value: float, share: bool, decimals: int = 0) -> str:
    if share:
        return f"{value * 100:.1f}%"
    return f"{value:,.{decimals}f}" if decimals else f"{round(value):,}"


def draw_map(data: MapData, width: int, height: int | None = None) -> Text:
    """The map as text lines for a panel ``width`` columns wide; in fewer than ``height``
    lines than a roomy map needs, the tile rows lose the blank line between them."""
    places = {r: p for r, p in load_map().regions.items() if r in data.names}
    layout = tile_layout(places, MAP_COLUMNS, MAP_ROWS)
    used_columns = sorted({column for column, _ in layout.values()})
    tile = max(8, min(22, (width - 1) // max(len(used_columns), 1)))
    top = max((v for r, v in data.values.items() if r in layout), default=0.0)
    out = Text(no_wrap=True, overflow="crop")
    title = clean(data.title)
    if title:
        out.append(shorten(title, width) + "\n", style="bold")
    grid: dict[tuple[int, int], str] = {cell: region for region, cell in layout.items()}
    roomy = height is None or height >= 4 + MAP_ROWS * TILE_HEIGHT
    for row in range(MAP_ROWS):
        for line in range(TILE_HEIGHT if roomy else TILE_HEIGHT - 1):
            for index, column in enumerate(used_columns):
                region = grid.get((column, row))
                if index:
                    out.append(" ")
                if region is None:
                    out.append(" " * (tile - 1))
                    continue
                value = data.values.get(region, 0.0)
                shade = shade_of(value, top)
                style = (
                    Style(color="white", bgcolor=SHADES[shade], bold=shade >= 3)
                    if shade
                    else _NO_DATA
                )
                if line == TILE_HEIGHT - 1:
                    out.append(" " * (tile - 1))  # the gap between tile rows
                    continue
                if line == 0:
                    text = short_name(clean(data.names.get(region, region)), tile - 2)
                else:
                    mark = " ▲" if region in data.rising else ""
                    text = _number(value, data.share, data.decimals) + mark
                out.append((" " + shorten(text, tile - 2)).ljust(tile - 1), style=style)
            out.append("\n")
    legend = Text("shade: ", style="dim")
    legend.append("  ", style=_NO_DATA)
    legend.append(" 0 ", style="dim")
    steps = len(SHADES) - 1
    for shade in range(1, len(SHADES)):
        legend.append("  ", style=Style(bgcolor=SHADES[shade]))
        low = top * (shade - 1) / steps
        legend.append(f" >{_number(low, data.share, data.decimals)} ", style="dim")
    if data.rising:
        legend.append("   ▲ rose against its baseline", style="dim")
    out.append_text(legend)
    if data.national is not None:
        out.append(f"\nNational (country-wide scope): {_number(data.national, data.share)}")
    out.append("\nRegions placed by Open Admin Data coordinates (CC BY 4.0)", style="dim")
    return out


class RegionMap(Widget):
    """The map panel; ``show`` hands it new data and it redraws for its own width."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._data: MapData | None = None

    @property
    def data(self) -> MapData | None:
        """What the map shows (None before the first numbers)."""
        return self._data

    def show(self, data: MapData) -> None:
        self._data = data
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self._data is None:
            return Text("")
        return draw_map(self._data, self.size.width or 80, self.size.height or None)
