"""The count tables (theme × sector, theme × region) and the article list."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pandas as pd
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual._types import SegmentLines
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from tui.core.models import NONE_LABEL, FilterState, LabelKind
from tui.core.query import TOTAL, Query
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.article_rows import shown_columns
from tui.ui.text import clean, plain, shorten

_HEADER_WIDTH = 12
_ROWS_AT_ONCE = 50
"""Article rows added in one go (more than a screenful); the rest follow in chunks."""
_THEME_WIDTH = 24


def format_number(value: float, share: bool) -> str:
    if share:
        return f"{value * 100:.1f}%" if value else "·"
    return f"{int(value):,}" if value else "·"


class _FixedTable(DataTable[Text]):
    """A data table whose every column has a width of its own and every row one line.

    DataTable measures every new cell to size its columns; with fixed widths the measures
    are thrown away, and at a keypress that re-fills three tables they cost tens of
    milliseconds of event loop that the plots wait behind. Only the virtual size is left
    to work out. (It leans on DataTable internals, pinned to Textual 8; with any automatic
    width or row height the table does what DataTable does.)
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        rows = list(new_rows)
        if any(column.auto_width for column in self.columns.values()) or any(
            (row := self.rows.get(key)) is not None and (row.auto_height or row.label is not None)
            for key in rows
        ):
            super()._update_dimensions(rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )

    def _clear_caches(self) -> None:
        """DataTable's caches, emptied without leaving garbage for the collector.

        Textual's LRUCache keeps its entries in a ring of lists and clear() drops the ring
        whole, a reference cycle holding every cached line and cell: tens of thousands of
        objects a filter change, which only a full garbage-collection pass (100 ms and more
        at a million articles) frees. Breaking the ring first frees them at once.
        """
        for cache in (
            self._row_render_cache,
            self._cell_render_cache,
            self._row_renderable_cache,
            self._line_cache,
            self._offset_cache,
            self._ordered_row_cache,
        ):
            _unlink(cache)
        super()._clear_caches()

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A body cell that is one line of text, laid out directly; anything else as
        DataTable lays it out.

        DataTable hands each cell to Rich's general layout (padding, styling, wrapping),
        about 70 microseconds a cell here; every filter change repaints every cell on screen,
        hundreds of them, on the event loop the plots wait behind. The same segments are
        made here in about 40 (tests/ui/test_tables.py holds the two to the same output).
        """
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # the header or row labels
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        row = self.rows[row_key]
        cell = self._get_row_renderables(row_index)[1][column_index]
        if row.height != 1 or not isinstance(cell, Text) or not _one_plain_line(cell.plain):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        lines = [
            _cell_line(
                self.app.console,
                self.app.console_options,
                cell,
                width,
                self.cell_padding,
                pre_style + component_style,
                post_style,
            )
        ]
        self._cell_render_cache[key] = lines
        return lines


def _unlink(cache: object) -> None:
    """Break the ring of an LRUCache's entries ([previous, next, key, value] lists)."""
    if isinstance(cache, LRUCache):
        for entry in cache._cache.values():
            entry.clear()
        cache._head.clear()


def _one_plain_line(text: str) -> bool:
    """Text whose every character is printable and one cell wide: no breaks, tabs, wide or
    combining characters, which only Rich's general layout handles."""
    return text.isprintable() and cell_len(text) == len(text)


def _cell_line(
    console: Console,
    options: ConsoleOptions,
    cell: Text,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style | None,
) -> list[Segment]:
    """One line of a cell as Rich lays out Styled(Padding(cell, (0, padding))) at ``width``
    on one line without wrapping."""
    inner = max(width - 2 * padding, 0)
    lines = cell.wrap(
        console,
        inner,
        justify=cell.justify or options.justify or "default",
        overflow=cell.overflow or options.overflow or "fold",
        tab_size=cell.tab_size or console.tab_size or 8,
        # The text's own setting wins over the one-line options, as in Text.__rich_console__;
        # wrapped, only the first line shows.
        no_wrap=cell.no_wrap if cell.no_wrap is not None else True,
    )
    null = Style.null()
    # Joined as Text.__rich_console__ joins them: that is where a text's own style applies.
    rendered = Text("\n").join(lines).render(console, end=cell.end)
    line = next(
        iter(Segment.split_and_crop_lines(rendered, inner, style=null, include_new_lines=False)),
        [Segment(" " * inner, null)] if inner else [],
    )
    if padding:
        line = [Segment(" " * padding, null), *line, Segment(" " * padding, null)]
    return list(Segment.apply_style(line, pre_style, post_style))


class CountTable(_FixedTable):
    """Themes down, sectors or regions across; Enter drills to the articles behind a cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_sort", "Sort", tooltip="Sort rows by the column under the cursor"),
    ]

    class Drill(Message):
        """The user asked for the articles behind a cell."""

        def __init__(self, table: CountTable, theme: str, other: str) -> None:
            super().__init__()
            self.table = table
            self.theme = theme
            self.other = other

    class SortChanged(Message):
        def __init__(self, table: CountTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, other_kind: Literal["sector", "region"], **kwargs: object) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        # The Theme column stays put when the table scrolls right: no number without its row.
        self.fixed_columns = 1
        self.other_kind = other_kind
        self.sort_key: str | None = None
        self._columns: list[str] = []
        self._rows: list[str] = []

    def show(self, frame: pd.DataFrame, taxonomy: LoadedTaxonomy, share: bool) -> None:
        """Replace the numbers, keeping the cursor on the same cell where it still exists."""
        old = self.cursor_coordinate
        old_row = self._rows[old.row] if old.row < len(self._rows) else None
        old_col = self._columns[old.column - 1] if 0 < old.column <= len(self._columns) else None
        columns = [str(c) for c in frame.columns if c != "theme"]
        if self.sort_key and self.sort_key.lstrip("-") not in frame.columns:
            # Its column went with a filter change: the rows are in their natural order.
            self.sort_key = None
            self._columns = []
        with self.app.batch_update():
            if columns != self._columns:
                self.clear(columns=True)
                # Fixed widths: the layout stays put as numbers change, whatever came first.
                self.add_column(Text("Theme"), key="theme", width=_THEME_WIDTH)
                for column in columns:
                    name = "Total" if column == TOTAL else taxonomy.name(column)
                    # A display name is the taxonomy author's text: cleaned like any other.
                    label = Text(shorten(clean(name), _HEADER_WIDTH), justify="right")
                    if self.sort_key and self.sort_key.lstrip("-") == column:
                        label.append(" ▼" if self.sort_key.startswith("-") else " ▲")
                    self.add_column(label, key=column, width=max(len(label), 7))
                self._columns = columns
            else:
                self.clear()
            self._rows = []
            for record in frame.itertuples(index=False, name=None):
                theme = str(record[0])
                name = "(no theme)" if theme == NONE_LABEL else taxonomy.name(theme)
                cells = [
                    plain(
                        # Cleaned before it is cut: a cut escape sequence is not one to remove.
                        shorten(clean(name), _THEME_WIDTH),
                        style="bold" if theme != NONE_LABEL else "dim",
                    )
                ]
                for value in record[1:]:
                    cells.append(Text(format_number(float(value), share), justify="right"))
                self.add_row(*cells, key=theme)
                self._rows.append(theme)
        if not self._rows:
            return
        last = len(self._rows) - 1
        row = self._rows.index(old_row) if old_row in self._rows else min(old.row, last)
        col = self._columns.index(old_col) + 1 if old_col in self._columns else max(old.column, 1)
        self.move_cursor(row=row, column=min(col, len(self._columns)), animate=False)

    def cell_at_cursor(self) -> tuple[str, str] | None:
        coordinate: Coordinate = self.cursor_coordinate
        if not self._rows or coordinate.row >= len(self._rows):
            return None
        theme = self._rows[coordinate.row]
        if coordinate.column == 0:
            return theme, TOTAL
        return theme, self._columns[coordinate.column - 1]

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        cell = self.cell_at_cursor()
        if cell is not None:
            self.post_message(self.Drill(self, *cell))

    def action_cycle_sort(self) -> None:
        """Descending by the cursor's column, then ascending, then the taxonomy's order."""
        cell = self.cell_at_cursor()
        column = "theme" if cell is None or self.cursor_coordinate.column == 0 else cell[1]
        if self.sort_key == f"-{column}":
            self.sort_key = column
        elif self.sort_key == column:
            self.sort_key = None
        else:
            self.sort_key = column if column == "theme" else f"-{column}"
        self._columns = []  # headers show the sort mark: rebuild them
        self.post_message(self.SortChanged(self))


@dataclass(frozen=True)
class ArticleSource:
    """Where the article list's pages come from: the query and the selection it lists."""

    query: Query
    filters: FilterState
    theme: str | None = None
    other: str | None = None
    other_kind: LabelKind | None = None
    page_size: int = 200

    def page(self, offset: int, sort: str | None) -> tuple[pd.DataFrame, int]:
        """``page_size`` rows from ``offset`` and how many there are in all (slow: a worker's)."""
        frame, total = self.query.articles(
            self.filters,
            self.theme,
            self.other,
            self.other_kind,
            limit=self.page_size,
            offset=offset,
            sort=sort,
        )
        return shown_columns(self.query, frame), total


ARTICLE_SORTS: list[tuple[str | None, str]] = [
    (None, "newest first"),
    ("date", "oldest first"),
    ("-mentions", "most mentions first"),
    ("title", "by title"),
]
"""The orders ``o`` steps through: (sort key of the query and the export, what it says)."""


class ArticleTable(_FixedTable):
    """The articles behind the current selection, a page at a time, every page reachable:
    > (or ↓ on the last row, or pgdn there) turns to the next page, < (or ↑ on the first row)
    to the one before; ``o`` sorts them all by date, mentions or title."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_sort", "Sort", tooltip="Sort the articles by date, mentions or title"),
        Binding("greater_than_sign", "turn_page(1)", "Next page", key_display=">"),
        Binding("less_than_sign", "turn_page(-1)", "Prev page", key_display="<"),
    ]

    class Open(Message):
        def __init__(self, art: int) -> None:
            super().__init__()
            self.art = art

    class PageShown(Message):
        """Another page or order of the same selection is shown (the title says which)."""

        def __init__(self, table: ArticleTable) -> None:
            super().__init__()
            self.table = table

    class _PageReady(Message, bubble=False):
        def __init__(
            self,
            fill: int,
            frame: pd.DataFrame,
            total: int,
            offset: int,
            cursor: int,
            sort: str | None,
        ) -> None:
            super().__init__()
            self.fill = fill
            self.sort = sort
            self.frame = frame
            self.total = total
            self.offset = offset
            self.cursor = cursor

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._arts: list[int] = []
        self._fill = 0
        self.sort_key: str | None = None
        """The order of the rows (a key of ``ARTICLE_SORTS``; None: newest first)."""
        self.first_row = 0
        self.row_total = 0
        self._page_rows = 0
        self._source: ArticleSource | None = None
        self._cursor_after_fill = 0

    # Fixed widths of every column but the title, which takes what the terminal has left.
    _WIDTHS: ClassVar[dict[str, int]] = {
        "date": 10,
        "themes": 28,
        "sectors": 20,
        "regions": 20,
        "mentions": 4,
        "id": 16,
    }

    def _title_width(self) -> int:
        padding = 2 * (len(self._WIDTHS) + 1)
        return max(24, self.size.width - sum(self._WIDTHS.values()) - padding - 2)

    def on_mount(self) -> None:
        widths = self._WIDTHS
        self.add_column(Text("Date"), key="date", width=widths["date"])
        self.add_column(Text("Title"), key="title", width=self._title_width())
        self.add_column(Text("Themes"), key="themes", width=widths["themes"])
        self.add_column(Text("Sectors"), key="sectors", width=widths["sectors"])
        self.add_column(Text("Regions"), key="regions", width=widths["regions"])
        self.add_column(Text("Men.", justify="right"), key="mentions", width=widths["mentions"])
        self.add_column(Text("Id"), key="id", width=widths["id"])
        self._mark_sort()

    def on_resize(self) -> None:
        column = self.columns.get(ColumnKey("title"))
        if column is not None:
            column.width = self._title_width()
            self.refresh()

    # -- what the title says --------------------------------------------------------------

    def sort_text(self) -> str:
        return dict(ARTICLE_SORTS).get(self.sort_key, "newest first")

    def rows_text(self) -> str:
        """Which rows of how many are shown ("rows 201–310 of 310"), and how to see others."""
        if not self.row_total:
            return "no articles"
        first, last, total = self.first_row + 1, self.first_row + self._page_rows, self.row_total
        shown = f"rows {first:,}–{last:,} of {total:,}"
        if total <= self._page_rows:
            shown = f"{total:,} of {total:,}"
        after, before = self.first_row + self._page_rows < total, self.first_row > 0
        pages = (
            " (< > pages)"
            if after and before
            else " (> next page)"
            if after
            else " (< previous page)"
            if before
            else ""
        )
        return f"{shown}{pages} · {self.sort_text()}"

    def _mark_sort(self) -> None:
        """The sorted column's header says so (▲ ascending, ▼ descending)."""
        marks = {None: ("date", " ▼"), "date": ("date", " ▲"), "-mentions": ("mentions", "▼")}
        marks["title"] = ("title", " ▲")
        column_key, mark = marks.get(self.sort_key, ("", ""))
        names = {"date": "Date", "title": "Title", "mentions": "Men."}
        for key, name in names.items():
            column = self.columns.get(ColumnKey(key))
            if column is None:
                continue
            label = name if key != column_key else (name[:3] if key == "mentions" else name) + mark
            column.label = Text(label, justify="right" if key == "mentions" else "left")
        self._clear_caches()
        self.refresh()

    # -- pages ----------------------------------------------------------------------------

    def show(
        self,
        frame: pd.DataFrame,
        total: int | None = None,
        source: ArticleSource | None = None,
        offset: int = 0,
        cursor: int = 0,
        sort: str | None = None,
    ) -> None:
        """Replace the rows: the first screenful at once, the rest a chunk at a time.

        ``total``: the rows of every page (``frame`` is the one from ``offset``, in the order
        ``sort``); ``source`` gives the other pages. Adding a row costs the event loop a fraction of a
        millisecond; a whole page of them at once would hold up the next keypress's numbers
        by tens of milliseconds.
        """
        self._fill += 1
        self.clear()
        self._arts = []
        self.row_total = len(frame) if total is None else total
        self.first_row = offset
        self._page_rows = len(frame)
        if source is not None:
            self._source = source
        self._cursor_after_fill = cursor
        self._add_rows(self._fill, frame.to_dict("records"))
        if sort != self.sort_key:
            # Sorted otherwise while these rows were on their way: the rows in that order.
            self._request(0)

    def _add_rows(self, fill: int, records: list[dict[Hashable, Any]]) -> None:
        if fill != self._fill:
            return  # newer rows replaced these
        with self.app.batch_update():
            for record in records[:_ROWS_AT_ONCE]:
                self.add_row(
                    plain(str(record["date"])),
                    _title_cell(record),
                    _one_line(str(record["themes"]).replace(";", ", "), "yellow"),
                    _one_line(str(record["sectors"]).replace(";", ", "), "cyan"),
                    _one_line(str(record["regions"]).replace(";", ", "), "green"),
                    Text(str(record["mentions"]), justify="right"),
                    plain(
                        str(record.get("id_shown") or _tail(str(record["id"]), self._WIDTHS["id"])),
                        style="dim",
                    ),
                    key=str(record["art"]),
                )
                self._arts.append(int(str(record["art"])))
        if len(records) > _ROWS_AT_ONCE:
            self.call_later(self._add_rows, fill, records[_ROWS_AT_ONCE:])
        elif self._cursor_after_fill and self._arts:
            # Turned back a page: the cursor goes on from that page's last row.
            self.move_cursor(row=min(self._cursor_after_fill, len(self._arts) - 1), animate=False)

    def _request(self, offset: int, cursor: int = 0) -> None:
        if self._source is None:
            return
        self._fill += 1
        self._fetch(self._source, offset, self.sort_key, self._fill, cursor)

    @work(thread=True, exclusive=True, group="article-page", exit_on_error=False)
    def _fetch(
        self, source: ArticleSource, offset: int, sort: str | None, fill: int, cursor: int
    ) -> None:
        frame, total = source.page(offset, sort)
        self.post_message(self._PageReady(fill, frame, total, offset, cursor, sort))

    def on_article_table__page_ready(self, message: _PageReady) -> None:
        if message.fill != self._fill:
            return  # another page or a new selection was asked for since
        self.show(
            message.frame,
            message.total,
            offset=message.offset,
            cursor=message.cursor,
            sort=message.sort,
        )
        self.post_message(self.PageShown(self))

    def _page_size(self) -> int:
        return self._source.page_size if self._source is not None else max(len(self._arts), 1)

    def action_turn_page(self, step: int, cursor: str = "first") -> None:
        """Show the page ``step`` pages on, if there is one."""
        offset = self.first_row + step * self._page_size()
        if offset < 0 or offset >= self.row_total or self._source is None:
            return
        last = min(self._page_size(), self.row_total - offset) - 1
        self._request(offset, cursor=last if cursor == "last" else 0)

    def _at_last_row(self) -> bool:
        return bool(self._arts) and self.cursor_row >= self._page_rows - 1

    def action_cursor_down(self) -> None:
        if self._at_last_row() and self.first_row + self._page_rows < self.row_total:
            self.action_turn_page(1)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row == 0 and self.first_row > 0:
            self.action_turn_page(-1, cursor="last")
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._at_last_row() and self.first_row + self._page_rows < self.row_total:
            self.action_turn_page(1)
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row == 0 and self.first_row > 0:
            self.action_turn_page(-1, cursor="last")
            return
        super().action_page_up()

    def action_cycle_sort(self) -> None:
        """Newest first, oldest first, most mentions first, by title: over every page."""
        keys = [key for key, _ in ARTICLE_SORTS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self._mark_sort()
        self._request(0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.cursor_row < len(self._arts):
            self.post_message(self.Open(self._arts[event.cursor_row]))


def _one_line(value: str, style: str = "") -> Text:
    """A cell cut at the column's edge with an ellipsis, so a long title or a list of labels
    shows that it goes on (wrapped, only its first words would show, with no sign of more)."""
    text = plain(value, style=style)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _tail(value: str, width: int) -> str:
    """The end of a long id (URLs differ at the end, not the start)."""
    return value if len(value) <= width else "\u2026" + value[-(width - 1) :]


def _title_cell(record: dict[Hashable, Any]) -> Text:
    """The title, or for an article with none the first words of its body, in italics."""
    title = str(record["title"])
    stand_in = str(record.get("title_shown") or "")
    if title or not stand_in:
        return _one_line(shorten(title, 200))
    return _one_line(shorten(stand_in, 200), "italic")
