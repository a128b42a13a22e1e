"""The count and article tables lay out their cells as DataTable does, only quicker."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tui.ui.widgets.tables import _FixedTable

_CELLS = [
    Text("1,234", justify="right"),
    Text("·", justify="right"),
    Text("12.5%", justify="right", style="bold"),
    Text("Socialist emulation drives and more", style="bold"),
    Text("A title far too long for its column to hold", overflow="ellipsis"),
    Text("centred", justify="center"),
    Text("spans", spans=[]).append(" styled", style="italic red"),
    Text("wide \u4e00 text"),
    Text("tab\there"),
    Text(""),
    Text("dim", style="dim"),
    Text("wrapped words, never shown past the first line", no_wrap=False, style="yellow"),
    Text("one-line words, cropped at the column edge", no_wrap=True),
    Text("plain(\u2026) from an untrusted title: Kim \u2019s visit"),
]


class _Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield _FixedTable(id="fixed", zebra_stripes=True, cursor_type="cell")


async def test_cells_are_laid_out_as_datatable_lays_them_out() -> None:
    app = _Tables()
    async with app.run_test(size=(160, 30)) as pilot:
        table = app.query_one(_FixedTable)
        for number, width in enumerate([7, 12, 24, 3, 1]):
            table.add_column(f"c{number}", width=width)
        for row in range(len(_CELLS)):
            table.add_row(*(_CELLS[(row + column) % len(_CELLS)] for column in range(5)))
        await pilot.pause()
        styles = [Style(), Style(bgcolor="grey11"), Style(color="red", bold=True)]
        compared = 0
        for row in range(len(_CELLS)):
            for column, spec in enumerate(table.ordered_columns):
                width = spec.get_render_width(table)
                for style in styles:
                    for cursor, hover in [(False, False), (True, False), (False, True)]:
                        table._cell_render_cache.clear()
                        quick = table._render_cell(row, column, style, width, cursor, hover)
                        table._cell_render_cache.clear()
                        general = DataTable._render_cell(
                            table, row, column, style, width, cursor, hover
                        )
                        assert quick == general, (row, column, style, cursor, hover)
                        compared += 1
        assert compared == len(_CELLS) * 5 * len(styles) * 3


async def test_emptied_caches_leave_no_garbage_cycles() -> None:
    # A filter change empties the tables' render caches; what they held must be freed at
    # once, not left in reference cycles for a full garbage-collection pass (a pause of a
    # hundred milliseconds and more in a large session).
    import gc

    app = _Tables()
    async with app.run_test(size=(160, 30)) as pilot:
        table = app.query_one(_FixedTable)
        for number in range(6):
            table.add_column(f"c{number}", width=9)
        for row in range(40):
            table.add_row(*(Text(f"{row * column:,}", justify="right") for column in range(6)))
        await pilot.pause()
        for row in range(40):
            for column in range(6):
                table._render_cell(row, column, Style(), 9)
        assert len(table._cell_render_cache) >= 200
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            table._clear_caches()
            gc.collect()
            # A cell's lines: a list of lines, each a list of segments.
            cell_lines = sum(
                1
                for item in gc.garbage
                if isinstance(item, list)
                and item
                and isinstance(item[0], list)
                and item[0]
                and isinstance(item[0][0], Segment)
            )
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
        # (Textual's own line strips may still form small cycles; the cached cells must not.)
        assert cell_lines == 0
