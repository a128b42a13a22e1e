"""The line-drawn list under the Rising panel and the comparison: what it draws and its keys."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tui.ui.widgets.list_table import Cell, ListColumn, ListTable, _fit, fitted_widths

COLUMNS = [ListColumn("name", "Name", 8), ListColumn("n", "Count", 6, "right")]


class Picked(ListTable):
    def __init__(self) -> None:
        super().__init__(COLUMNS, cursor_type="cell", id="list")
        self.picked: list[int] = []

    def selected(self, row: int) -> None:
        self.picked.append(row)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Picked()


def _line(table: ListTable, y: int) -> str:
    return table.render_line(y).text


def test_a_cell_fits_its_width_whatever_its_characters() -> None:
    assert _fit("abc", 5, "right") == "  abc"
    assert _fit("abc", 5, "left") == "abc  "
    assert _fit("Production increase", 8, "left") == "Product…"
    # Hangul takes two cells a character: cut and padded by cells, not by characters.
    assert _fit("평안북도", 5, "left") == "평안…"
    assert _fit("평안", 5, "right") == " 평안"


@pytest.mark.asyncio
async def test_rows_are_drawn_as_given_and_markup_is_not_interpreted() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(Picked)
        table.set_rows([[Cell("[b]x[/b]"), Cell("1,234")], [Cell("Pyongyang"), Cell("7")]])
        await pilot.pause()
        assert _line(table, 0).startswith(" Name       Count ")
        assert _line(table, 1).startswith(" [b]x[/b]   1,234 ")
        assert _line(table, 2).startswith(" Pyongya…       7 ")
        assert _line(table, 3).strip() == ""


@pytest.mark.asyncio
async def test_keys_move_the_cursor_within_the_rows_and_enter_selects() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(Picked)
        table.set_rows([[Cell(f"r{i}"), Cell(str(i))] for i in range(30)])
        table.focus()
        await pilot.press("down", "down", "right", "right", "right")
        assert (table.cursor_row, table.cursor_column) == (2, 1)
        await pilot.press("end")
        assert table.cursor_row == 29
        # Scrolled so that the cursor's row is on screen under the header.
        assert table.scroll_y <= 29 < table.scroll_y + table._body_height()
        await pilot.press("pageup", "home", "up", "enter")
        assert table.cursor_row == 0 and table.picked == [0]
        # Fewer rows after a refill: the cursor stays inside them.
        table.move_cursor(row=20)
        table.set_rows([[Cell("a"), Cell("1")]])
        assert table.cursor_row == 0


@pytest.mark.asyncio
async def test_a_click_moves_the_cursor_and_a_click_on_it_selects() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(Picked)
        table.set_rows([[Cell(f"r{i}"), Cell(str(i))] for i in range(5)])
        await pilot.click("#list", offset=(2, 3))  # row 2 (the header is line 0)
        assert (table.cursor_row, table.cursor_column) == (2, 0)
        assert table.picked == []
        await pilot.click("#list", offset=(2, 3))
        assert table.picked == [2]


def test_names_are_cut_first_when_the_columns_do_not_fit() -> None:
    columns = [
        ListColumn("theme", "Theme", 20, shrink_to=12),
        ListColumn("label", "Label", 14, shrink_to=10),
        ListColumn("n", "Count", 7, "right"),
    ]
    assert fitted_widths(columns, 100) == [20, 14, 7]  # room to spare: as given
    assert fitted_widths(columns, 41 + 6 - 5) == [15, 14, 7]  # the first name cut first
    assert fitted_widths(columns, 30) == [12, 10, 7]  # never below their least; numbers whole
