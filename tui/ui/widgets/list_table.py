"""A list of rows under a header, drawn a line at a time (the Rising list, the comparison).

DataTable measures, lays out and caches every cell through Rich's general layout: refilling
the comparison's 250 rows and painting them took 30 ms of event loop at each filter change.
Here a refill keeps each cell as its final text and style, and ``render_line`` builds only the
lines on screen (as the count grid and Toolong's log do), on Textual's public ``ScrollView`` /
``Strip`` API. The columns have fixed widths; what does not fit the width is cut at its edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.ui.text import clean

Justify = Literal["left", "right"]


@dataclass(frozen=True)
class ListColumn:
    key: str
    header: str
    width: int
    justify: Justify = "left"
    shrink_to: int | None = None
    """A column of names may be cut down to this many cells when the table is narrower than
    its columns (the numbers beside it stay whole)."""


@dataclass(frozen=True)
class Cell:
    """One cell's text (untrusted text already cleaned of control characters) and style."""

    text: str
    style: Style | None = None


@dataclass(frozen=True)
class _Paint:
    width: int
    widths: list[int]
    base: Style
    header: Style
    even: Style
    cursor: Style


def _fit(text: str, width: int, justify: Justify) -> str:
    """``text`` in exactly ``width`` cells (wide characters count two): cut with an ellipsis,
    or padded on the side away from its justification."""
    used = cell_len(text)
    if used > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    pad = " " * (width - used)
    return pad + text if justify == "right" else text + pad


def _least_width(columns: list[ListColumn]) -> int:
    """Cells the columns take at their narrowest (each padded by a cell either side)."""
    return sum((c.shrink_to if c.shrink_to is not None else c.width) + 2 for c in columns)


def fitted_widths(columns: list[ListColumn], available: int) -> list[int]:
    """Each column's width in ``available`` cells: as given, or, when they do not fit, the
    shrinkable ones cut (first first) down to their least."""
    widths = [column.width for column in columns]
    over = sum(width + 2 for width in widths) - available
    for index, column in enumerate(columns):
        if over <= 0:
            break
        if column.shrink_to is not None:
            cut = min(over, max(widths[index] - column.shrink_to, 0))
            widths[index] -= cut
            over -= cut
    return widths


class ListTable(ScrollView, can_focus=True):
    """Rows under a header; the cursor is on a row, or (``cursor_type="cell"``) on a cell.

    Enter (or a click on the cursor) calls :meth:`selected` with the cursor's row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("left", "cursor_left", "Cursor left", show=False),
        Binding("right", "cursor_right", "Cursor right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "Top", show=False),
        Binding("end,ctrl+end", "last_row", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "list-table--header",
        "list-table--even-row",
        "list-table--cursor",
    }

    DEFAULT_CSS = """
    ListTable {
        background: $surface;
        color: $foreground;
        & > .list-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .list-table--even-row { background: $surface-lighten-1 50%; }
        & > .list-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .list-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:dark > .list-table--even-row { background: $surface-darken-1 40%; }
    }
    """

    def __init__(
        self,
        columns: list[ListColumn],
        *,
        cursor_type: Literal["row", "cell"] = "row",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cursor_type = cursor_type
        self._columns = columns
        self._rows: list[list[Cell]] = []
        self._row = 0
        self._column = 0
        self._paint: _Paint | None = None
        self._width = _least_width(columns)

    # -- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: list[list[Cell]], columns: list[ListColumn] | None = None) -> None:
        """Replace the rows (and the columns), keeping the cursor's place where it can."""
        if columns is not None:
            self._columns = columns
            self._width = _least_width(columns)
        self._rows = rows
        self.virtual_size = Size(self._width, len(rows) + 1)
        self.move_cursor(row=self._row, column=self._column)

    @property
    def columns(self) -> list[ListColumn]:
        return list(self._columns)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._row

    @property
    def cursor_column(self) -> int:
        return self._column

    def get_row_at(self, row: int) -> list[str]:
        return [cell.text for cell in self._rows[row]]

    def selected(self, row: int) -> None:
        """Enter on ``row`` (or a click on the cursor): nothing unless a subclass acts."""

    # -- cursor -------------------------------------------------------------------------------

    def move_cursor(
        self, *, row: int | None = None, column: int | None = None, animate: bool = False
    ) -> None:
        """Put the cursor on a row (and column), clamped, and scroll it into view."""
        del animate  # rows scroll whole, never animated
        row = self._row if row is None else row
        column = self._column if column is None else column
        self._row = max(0, min(row, len(self._rows) - 1))
        self._column = max(0, min(column, len(self._columns) - 1))
        height = self._body_height()
        y = int(self.scroll_y)
        if self._row < y:
            y = self._row
        elif self._row >= y + height:
            y = self._row - height + 1
        self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()

    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._row + 1)

    def action_cursor_left(self) -> None:
        if self.cursor_type == "cell":
            self.move_cursor(column=self._column - 1)

    def action_cursor_right(self) -> None:
        if self.cursor_type == "cell":
            self.move_cursor(column=self._column + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._row - self._body_height())

    def action_page_down(self) -> None:
        self.move_cursor(row=self._row + self._body_height())

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.selected(self._row)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row (cell); a click on the cursor selects it."""
        if event.y < 1 or not self._rows:
            return
        row = int(self.scroll_y) + event.y - 1
        if row >= len(self._rows):
            return
        column = self._column_at(event.x + int(self.scroll_x))
        if row == self._row and (self.cursor_type == "row" or column == self._column):
            self.selected(row)
        else:
            self.move_cursor(row=row, column=column)

    def _column_at(self, x: int) -> int:
        start = 0
        widths = fitted_widths(self._columns, self.scrollable_content_region.width)
        for index, width in enumerate(widths):
            start += width + 2
            if x < start:
                return index
        return len(self._columns) - 1

    def on_resize(self) -> None:
        if self._rows:
            self.move_cursor()

    # -- drawing ------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles once a repaint, not once a line.
        self._paint = self._make_paint()
        return super().render_lines(crop)

    def _make_paint(self) -> _Paint:
        base = self.rich_style
        width = self.scrollable_content_region.width
        return _Paint(
            width=width,
            widths=fitted_widths(self._columns, width),
            base=base,
            header=base + self.get_component_rich_style("list-table--header"),
            even=base + self.get_component_rich_style("list-table--even-row"),
            cursor=self.get_component_rich_style("list-table--cursor"),
        )

    def render_line(self, y: int) -> Strip:
        paint = self._paint
        if paint is None or paint.width != self.scrollable_content_region.width:
            paint = self._paint = self._make_paint()
        if y == 0:
            segments = [
                Segment(" " + _fit(clean(c.header), width, c.justify) + " ", paint.header)
                for c, width in zip(self._columns, paint.widths, strict=True)
            ]
        else:
            row = int(self.scroll_y) + y - 1
            if row >= len(self._rows):
                return Strip.blank(paint.width, paint.base)
            segments = self._row_segments(row, paint)
        strip = Strip(segments, sum(width + 2 for width in paint.widths))
        x = int(self.scroll_x)
        return strip.crop_extend(x, x + paint.width, paint.base if y else paint.header)

    def _row_segments(self, row: int, paint: _Paint) -> list[Segment]:
        background = paint.even if row % 2 else paint.base
        on_row = row == self._row
        segments = []
        cells = zip(self._columns, paint.widths, self._rows[row], strict=False)
        for index, (column, width, cell) in enumerate(cells):
            style = background + cell.style if cell.style is not None else background
            if on_row and (self.cursor_type == "row" or index == self._column):
                style = style + paint.cursor
            segments.append(Segment(" " + _fit(cell.text, width, column.justify) + " ", style))
        return segments
