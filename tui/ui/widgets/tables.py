"""The count tables (theme × sector, theme × region) and the article list."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

from tui.core.models import FilterState, LabelKind
from tui.core.query import Query
from tui.ui.article_rows import shown_columns
from tui.ui.text import plain, shorten
from tui.ui.widgets.count_grid import CountTable, format_number

__all__ = ["ARTICLE_SORTS", "ArticleSource", "ArticleTable", "CountTable", "format_number"]

_ROWS_AT_ONCE = 50
"""Article rows added in one go (more than a screenful); the rest follow in chunks."""


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


class ArticleTable(DataTable[Text]):
    """The articles behind the current selection, a page at a time, every page reachable:
    > (or ↓ on the last row, or pgdn there) turns to the next page, < (or ↑ on the first row)
    to the one before; ``o`` sorts them all by date, mentions or title."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_sort", "Sort", tooltip="Sort the articles by date, mentions or title"),
        Binding("greater_than_sign", "turn_page(1)", "Next page", key_display=">"),
        Binding("less_than_sign", "turn_page(-1)", "Prev page", key_display="<"),
    ]

    @dataclass(eq=False)
    class Open(Message):
        """The user asked to read an article (its row in the index)."""

        art: int

    @dataclass(eq=False)
    class PageShown(Message):
        """Another page or order of the same selection is shown (the title says which)."""

        table: ArticleTable

    @dataclass(eq=False)
    class _PageReady(Message, bubble=False):
        """A page of rows read off the event loop, for the fill it was asked for."""

        fill: int
        frame: pd.DataFrame
        total: int
        offset: int
        cursor: int
        sort: str | None

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
        self._records: list[dict[Hashable, Any]] = []
        self._title_shown = 0
        self._marked: str | None = None

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
        self._add_columns()

    def _add_columns(self) -> None:
        """The columns, the sorted one's header marked (▲ ascending, ▼ descending), the
        title as wide as the terminal allows. DataTable has no public way to change a
        column once added: a new mark or width is a new set of columns."""
        marks = {None: ("date", " ▼"), "date": ("date", " ▲"), "-mentions": ("mentions", "▼")}
        marks["title"] = ("title", " ▲")
        marked, mark = marks.get(self.sort_key, ("", ""))

        def label(key: str, name: str) -> Text:
            text = name if key != marked else (name[:3] if key == "mentions" else name) + mark
            return Text(text, justify="right" if key == "mentions" else "left")

        widths = self._WIDTHS
        self._title_shown = self._title_width()
        self._marked = self.sort_key
        self.add_column(label("date", "Date"), key="date", width=widths["date"])
        self.add_column(label("title", "Title"), key="title", width=self._title_shown)
        self.add_column(Text("Themes"), key="themes", width=widths["themes"])
        self.add_column(Text("Sectors"), key="sectors", width=widths["sectors"])
        self.add_column(Text("Regions"), key="regions", width=widths["regions"])
        self.add_column(label("mentions", "Men."), key="mentions", width=widths["mentions"])
        self.add_column(Text("Id"), key="id", width=widths["id"])

    def on_resize(self) -> None:
        self._refit()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual does not always send a Resize when a docked panel (the help) narrows the
        # table: the width is checked at each paint too, so the columns never stay too wide.
        if self.columns and self._title_width() != self._title_shown:
            self.call_later(self._refit)
        return super().render_lines(crop)

    def _refit(self) -> None:
        if self.columns and self._title_width() != self._title_shown:
            # Rows and cursor as they were, under columns of the new widths.
            self._rebuild(self._records, self.cursor_row)

    def _rebuild(self, records: list[dict[Hashable, Any]], cursor: int) -> None:
        self._fill += 1
        self.clear(columns=True)
        self._add_columns()
        self._arts = []
        self._cursor_after_fill = cursor
        self._add_rows(self._fill, records)

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
        # The sort mark in the headers changes with the rows sorted that way.
        self.clear(columns=self._marked != self.sort_key)
        if not self.columns:
            self._add_columns()
        self._arts = []
        self._records = frame.to_dict("records")
        self.row_total = len(frame) if total is None else total
        self.first_row = offset
        self._page_rows = len(frame)
        if source is not None:
            self._source = source
        self._cursor_after_fill = cursor
        self._add_rows(self._fill, self._records)
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
