"""The count grid: themes down, sectors or regions across, drawn a line at a time.

A filter change replaces every number of two grids. DataTable measures, lays out and caches
every cell through Rich's general layout, which costs tens of milliseconds a refill; here a
refill stores the formatted strings, and ``render_line`` builds only the lines on screen from
them (as Toolong draws its log), on Textual's public ``ScrollView`` / ``Strip`` API.

The grid scrolls sideways a whole column at a time: the frozen Theme column is never followed
by the cut-off tail of a column, and a column that does not fit at the right edge is not
drawn either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

import pandas as pd
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.data_table import ColumnKey

from tui.core.query import TOTAL
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.widgets.grid_render import (
    HEAT_LEVELS,
    LABEL_CELLS,
    LABEL_WIDTH,
    PADDING,
    GridData,
    Paint,
    body_line,
    format_number,
    grid_data,
    header_line,
    heat_legend,
)

__all__ = ["LABEL_WIDTH", "PADDING", "CountTable", "GridColumn", "format_number"]


@dataclass(frozen=True)
class GridColumn:
    """A column as DataTable's callers know one: its key, header and text width."""

    key: ColumnKey
    label: Text
    width: int


class CountTable(ScrollView, can_focus=True):
    """Themes down, sectors or regions across; Enter drills to the articles behind a cell.

    The cursor is on one cell; its row's theme name and its column's header are marked too.
    Column 0 is the theme column: Enter there drills to the theme across all columns.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("right", "cursor_right", "Cursor right", show=False),
        Binding("left", "cursor_left", "Cursor left", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_column", "First column", show=False),
        Binding("end", "last_column", "Last column", show=False),
        Binding("ctrl+home", "first_row", "Top", show=False),
        Binding("ctrl+end", "last_row", "Bottom", show=False),
        Binding("o", "cycle_sort", "Sort", tooltip="Sort rows by the column under the cursor"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "count-grid--header",
        "count-grid--label",
        "count-grid--even-row",
        "count-grid--cursor",
        "count-grid--axis",
        "count-grid--heat",
    }

    # Scrollbars take no room: the grid's edge is next to the plots, where a bar's glyphs
    # read as part of the chart; the header says when rows or columns are out of view.
    DEFAULT_CSS = """
    CountTable {
        background: $surface;
        color: $foreground;
        scrollbar-size: 0 0;
        & > .count-grid--header { text-style: bold; background: $panel; color: $foreground; }
        & > .count-grid--label { text-style: bold; }
        & > .count-grid--even-row { background: $surface-lighten-1 50%; }
        & > .count-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .count-grid--axis { background: $accent 25%; }
        & > .count-grid--heat { background: $warning; }
        &:focus {
            background-tint: $foreground 5%;
            & > .count-grid--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .count-grid--axis { background: $accent-darken-1; }
        }
        &:dark > .count-grid--even-row { background: $surface-darken-1 40%; }
    }
    """

    @dataclass(eq=False)
    class Drill(Message):
        """The user asked for the articles behind a cell."""

        table: CountTable
        theme: str
        other: str

    @dataclass(eq=False)
    class SortChanged(Message):
        """The user sorted the table by another column (or the other way)."""

        table: CountTable

    def __init__(
        self,
        other_kind: Literal["sector", "region"],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.other_kind = other_kind
        self.sort_key: str | None = None
        self.heat = True
        """Cells shaded by value (the legend says what the shades mean)."""
        self._grid = GridData()
        """The numbers shown, formatted (grid_render.py draws the lines from them)."""
        self._cursor = Coordinate(0, 0)
        self._paint: Paint | None = None
        self.marks: frozenset[tuple[str, str]] = frozenset()
        """Cells (theme, column id) drawn with a ▲ after their number: they rose."""
        self._shown: tuple[pd.DataFrame, LoadedTaxonomy, bool, bool] | None = None

    def set_marks(self, marks: frozenset[tuple[str, str]]) -> None:
        """Mark these cells ▲ (the numbers shown are redrawn with them)."""
        if marks != self.marks:
            self.marks = marks
            if self._shown is not None:
                self.show(*self._shown)

    # -- DataTable's read API, which the app and its tests use ----------------------------

    @property
    def columns(self) -> Mapping[ColumnKey, GridColumn]:
        return {column.key: column for column in self.ordered_columns}

    @property
    def ordered_columns(self) -> list[GridColumn]:
        label = GridColumn(ColumnKey("theme"), Text("Theme"), LABEL_WIDTH)
        body = [
            GridColumn(ColumnKey(key), Text(header, justify="right"), width - 2 * PADDING)
            for key, header, width in zip(
                self._grid.columns, self._grid.headers, self._grid.widths, strict=True
            )
        ]
        return [label, *body]

    @property
    def row_count(self) -> int:
        return len(self._grid.rows)

    @property
    def cursor_coordinate(self) -> Coordinate:
        return self._cursor

    @property
    def cursor_row(self) -> int:
        return self._cursor.row

    @property
    def cursor_column(self) -> int:
        return self._cursor.column

    def get_cell_at(self, coordinate: Coordinate) -> str:
        if coordinate.column == 0:
            return self._grid.names[coordinate.row]
        return self._grid.cells[coordinate.row][coordinate.column - 1]

    def get_cell(self, row_key: object, column_key: object) -> str:
        row = self._grid.rows.index(str(getattr(row_key, "value", row_key)))
        column = str(getattr(column_key, "value", column_key))
        if column == "theme":
            return self._grid.names[row]
        return self._grid.cells[row][self._grid.columns.index(column)]

    def get_row_index(self, row_key: object) -> int:
        return self._grid.rows.index(str(getattr(row_key, "value", row_key)))

    def get_row_at(self, row: int) -> list[str]:
        return [self._grid.names[row], *self._grid.cells[row]]

    def cell_at_cursor(self) -> tuple[str, str] | None:
        coordinate = self._cursor
        if not self._grid.rows or coordinate.row >= len(self._grid.rows):
            return None
        theme = self._grid.rows[coordinate.row]
        if coordinate.column == 0:
            return theme, TOTAL
        return theme, self._grid.columns[coordinate.column - 1]

    # -- filling --------------------------------------------------------------------------

    def show(
        self, frame: pd.DataFrame, taxonomy: LoadedTaxonomy, share: bool, rate: bool = False
    ) -> None:
        """Replace the numbers, keeping the cursor on the same cell where it still exists.

        ``share``: the values are shares (shown as %); ``rate``: ratios per 100 (no %)."""
        self._shown = (frame, taxonomy, share, rate)
        old = self._cursor
        grid = self._grid
        old_row = grid.rows[old.row] if old.row < len(grid.rows) else None
        old_col = grid.columns[old.column - 1] if 0 < old.column <= len(grid.columns) else None
        if self.sort_key and self.sort_key.lstrip("-") not in frame.columns:
            # Its column went with a filter change: the rows are in their natural order.
            self.sort_key = None
        grid = self._grid = grid_data(frame, taxonomy, share, rate, self.sort_key, self.marks)
        columns, themes = grid.columns, grid.rows
        self._paint = None
        self.virtual_size = Size(grid.total_width, len(themes) + 1)
        if not themes:
            self._cursor = Coordinate(0, 0)
            self.refresh()
            return
        last = len(themes) - 1
        row = themes.index(old_row) if old_row in themes else min(old.row, last)
        col = columns.index(old_col) + 1 if old_col in columns else max(old.column, 1)
        self.move_cursor(row=row, column=min(col, len(columns)))

    def heat_legend(self) -> Text:
        """What the shades mean: each shade with the values it stands for written on it
        (from just above the shade before, up to the largest theme cell)."""
        if not self.heat or self._grid.largest <= 0:
            return Text()
        return heat_legend(self._grid, self._heat_styles())

    # -- cursor ---------------------------------------------------------------------------

    def move_cursor(
        self,
        *,
        row: int | None = None,
        column: int | None = None,
        animate: bool = False,
        scroll: bool = True,
    ) -> None:
        """Put the cursor on a cell (clamped to the grid) and scroll it into view."""
        del animate  # the grid scrolls in whole columns and rows, never animated
        row = self._cursor.row if row is None else row
        column = self._cursor.column if column is None else column
        row = max(0, min(row, len(self._grid.rows) - 1))
        column = max(0, min(column, len(self._grid.columns)))
        self._cursor = Coordinate(row, column)
        if scroll:
            self._scroll_to_cursor()
        self.refresh()

    def _body_width(self) -> int:
        """Cells left for the scrolling columns beside the frozen one."""
        return max(self.scrollable_content_region.width - LABEL_CELLS, 0)

    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        row, column = self._cursor
        x, y = self._first_column_start(), int(self.scroll_y)
        height = self._body_height()
        if row < y:
            y = row
        elif row >= y + height:
            y = row - height + 1
        if column > 0:
            start, end = self._grid.starts[column - 1], self._grid.starts[column]
            width = self._body_width()
            if start < x:
                x = start
            elif end > x + width:
                # The first column start from which the cursor's column fits whole.
                x = next((s for s in self._grid.starts if end - s <= width), start)
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _first_column(self) -> int:
        """The first body column drawn: the first that starts at or after the scroll offset,
        so that no column is drawn cut at its start."""
        return bisect_left(self._grid.starts, int(self.scroll_x))

    def _first_column_start(self) -> int:
        first = self._first_column()
        return self._grid.starts[min(first, len(self._grid.starts) - 1)]

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor.row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor.row + 1)

    def action_cursor_left(self) -> None:
        self.move_cursor(column=self._cursor.column - 1)

    def action_cursor_right(self) -> None:
        self.move_cursor(column=self._cursor.column + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor.row - self._body_height())

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor.row + self._body_height())

    def action_first_column(self) -> None:
        self.move_cursor(column=0)

    def action_last_column(self) -> None:
        self.move_cursor(column=len(self._grid.columns))

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._grid.rows) - 1)

    def action_select_cursor(self) -> None:
        cell = self.cell_at_cursor()
        if cell is not None:
            self.post_message(self.Drill(self, *cell))

    def action_cycle_sort(self) -> None:
        """Descending by the cursor's column, then ascending, then the taxonomy's order."""
        cell = self.cell_at_cursor()
        column = "theme" if cell is None or self._cursor.column == 0 else cell[1]
        if self.sort_key == f"-{column}":
            self.sort_key = column
        elif self.sort_key == column:
            self.sort_key = None
        else:
            self.sort_key = column if column == "theme" else f"-{column}"
        self.post_message(self.SortChanged(self))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a cell; a click on the cursor's cell drills into it."""
        x, y = event.x, event.y  # from the grid's top left
        if y < 1 or not self._grid.rows:
            return
        row = int(self.scroll_y) + y - 1
        if row >= len(self._grid.rows):
            return
        column = self._column_at(x)
        if column is None:
            return
        if Coordinate(row, column) == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row, column=column, scroll=False)

    def _column_at(self, x: int) -> int | None:
        label = LABEL_CELLS
        if x < label:
            return 0
        for index in self._visible_columns():
            start = label + self._grid.starts[index] - self._first_column_start()
            if start <= x < start + self._grid.widths[index]:
                return index + 1
        return None

    def on_resize(self) -> None:
        if self._grid.rows:
            self._scroll_to_cursor()

    # -- drawing --------------------------------------------------------------------------

    def _visible_columns(self) -> Iterator[int]:
        """The body columns that fit whole beside the frozen one, from the first drawn."""
        first = self._first_column()
        room = self._body_width()
        origin = self._grid.starts[min(first, len(self._grid.starts) - 1)]
        for index in range(first, len(self._grid.columns)):
            if self._grid.starts[index + 1] - origin > room and index > first:
                return
            yield index

    def _heat_styles(self) -> list[Style]:
        """A background per shade, from the grid's own towards the heat colour."""
        base = self.background_colors[1]
        heat = self.get_component_styles("count-grid--heat").background
        if heat.a == 0:
            heat = Color.parse("darkorange")
        styles = [Style()]
        for level in range(1, HEAT_LEVELS + 1):
            colour = base.blend(heat, 0.1 + 0.35 * (level - 1) / (HEAT_LEVELS - 1))
            styles.append(Style(bgcolor=colour.rich_color))
        return styles

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles and the columns in view once a repaint, not once a line.
        self._paint = self._make_paint()
        return super().render_lines(crop)

    def _make_paint(self) -> Paint:
        base = self.rich_style
        header = base + self.get_component_rich_style("count-grid--header")
        axis = self.get_component_rich_style("count-grid--axis")
        even = base + self.get_component_rich_style("count-grid--even-row")
        columns = list(self._visible_columns())
        return Paint(
            width=self.scrollable_content_region.width,
            base=base,
            header=header,
            header_axis=header + axis,
            even=even,
            label=self.get_component_rich_style("count-grid--label", partial=True),
            dim_label=Style(dim=True),
            cursor=self.get_component_rich_style("count-grid--cursor"),
            axis=axis,
            heat=self._heat_styles() if self.heat else None,
            first=self._first_column(),
            columns=columns,
            used=LABEL_CELLS + sum(self._grid.widths[i] for i in columns),
        )

    def render_line(self, y: int) -> Strip:
        paint = self._paint
        if (
            paint is None
            or paint.width != self.scrollable_content_region.width
            or paint.first != self._first_column()
            or (paint.heat is None) == self.heat
        ):
            # Asked for a line outside a repaint, after the grid moved.
            paint = self._paint = self._make_paint()
        grid = self._grid
        if y == 0:
            top = int(self.scroll_y)
            return header_line(grid, paint, self._cursor, top, self._body_height())
        row = int(self.scroll_y) + y - 1
        if row >= len(grid.rows):
            return Strip.blank(paint.width, paint.base)
        return body_line(grid, row, paint, self._cursor)
