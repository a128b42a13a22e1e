"""The keys, as two tables: the dashboard screen's and the app's own (help, quit).

Every binding has an id (``dashboard.<name>``, ``app.<name>``): an App keymap
(``App.set_keymap``, as Posting offers its users) can move a key without touching these
tables. The dashboard screen lists its table in its BINDINGS (tui/ui/screens/dashboard.py),
the app its own, so the footer, the help panel and the command palette read them too.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Keys shown together in the footer under one name, so that undo fits in it beside the rest.
_STEP_KEYS = Binding.Group("Period", compact=True)
"""[, ] and g: step by the period, choose the period."""
_HISTORY_KEYS = Binding.Group("Undo/redo", compact=True)
_RISE_KEYS = Binding.Group("Rising/map/compare", compact=True)

RISE_BINDINGS: list[BindingType] = [
    Binding(
        "R",
        "side('rising')",
        "Rising",
        tooltip="List the cells that rose in the last period (in place of the plots)",
        group=_RISE_KEYS,
        id="dashboard.rising",
    ),
    Binding(
        "M",
        "side('map')",
        "Map",
        tooltip="The province map of the theme under the cursor (in place of the plots);"
        " again: shaded by rise",
        group=_RISE_KEYS,
        id="dashboard.map",
    ),
    Binding(
        "C",
        "toggle_compare",
        "Compare",
        tooltip="Two date ranges side by side (A, B, change) in place of the tables",
        group=_RISE_KEYS,
        id="dashboard.compare",
    ),
]
"""The keys of the Rising panel, the map and the comparison (tui/ui/rise.py)."""

DASHBOARD_BINDINGS: list[BindingType] = [
    Binding("s", "pick('sector')", "Sector", tooltip="Filter by sector", id="dashboard.sector"),
    Binding(
        "p",
        "pick('region')",
        "Region",
        tooltip="Filter by province, city or county",
        id="dashboard.region",
    ),
    Binding(
        "t", "pick('theme')", "Theme", tooltip="Filter by campaign theme", id="dashboard.theme"
    ),
    Binding("d", "dates", "Dates", tooltip="Set the date range", id="dashboard.dates"),
    Binding(
        "left_square_bracket",
        "shift(-1)",
        "◀ Period",
        key_display="[",
        tooltip="The date range one period back, as far as the corpus's first period",
        group=_STEP_KEYS,
        id="dashboard.period-back",
    ),
    Binding(
        "right_square_bracket",
        "shift(1)",
        "Period ▶",
        key_display="]",
        tooltip="The date range one period on, as far as the corpus's last period",
        group=_STEP_KEYS,
        id="dashboard.period-on",
    ),
    Binding(
        "g",
        "cycle_period",
        "Granularity",
        tooltip="Week, month, quarter, year: the timeline's points and the step of [ and ]",
        group=_STEP_KEYS,
        id="dashboard.granularity",
    ),
    Binding("slash", "search", "Search", key_display="/", id="dashboard.search"),
    Binding("m", "toggle_measure", "Articles/mentions", id="dashboard.measure"),
    Binding("n", "toggle_share", "Raw/share", id="dashboard.share"),
    Binding(
        "percent_sign",
        "cycle_share_basis",
        "Share of",
        key_display="%",
        show=False,
        tooltip="Shares of all articles, of each column (sector, province) or of each row"
        " (theme) in the count tables",
        id="dashboard.share-basis",
    ),
    Binding(
        "h",
        "toggle_heat",
        "Heat",
        show=False,
        tooltip="Shade the count tables' cells by value (the legend is in their titles)",
        id="dashboard.heat",
    ),
    Binding(
        "b",
        "toggle_bars",
        "Bars by",
        show=False,
        tooltip="Bar chart of themes or of regions",
        id="dashboard.bars",
    ),
    Binding(
        "e", "export", "Export", tooltip="Export the focused view to CSV", id="dashboard.export"
    ),
    Binding("r", "reset", "Reset", show=False, tooltip="Clear every filter", id="dashboard.reset"),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="Undo the last filter change",
        group=_HISTORY_KEYS,
        id="dashboard.undo",
    ),
    # A second key for undo has an id of its own: a keymap moving one keeps the other.
    Binding(
        "ctrl+z",
        "undo",
        "Undo",
        show=False,
        tooltip="Undo the last filter change",
        id="dashboard.undo-ctrl",
    ),
    Binding(
        "ctrl+y",
        "redo",
        "Redo",
        tooltip="Redo the filter change last undone",
        group=_HISTORY_KEYS,
        id="dashboard.redo",
    ),
    Binding(
        "escape",
        "go_back",
        "Back",
        show=False,
        tooltip="Cancel the search, close the help, leave the drill-down, dismiss messages"
        " (never changes a filter)",
        id="dashboard.back",
    ),
    Binding(
        "P",
        "problems",
        "Problems",
        show=False,
        tooltip="Records and files that could not be read",
        id="dashboard.problems",
    ),
    Binding(
        "v",
        "toggle_plots",
        "Plots",
        show=False,
        tooltip="Show the plots instead of the tables on a narrow terminal",
        id="dashboard.plots",
    ),
    Binding(
        "S",
        "cycle_scope",
        "Scope",
        show=False,
        tooltip="Count a theme with a sector or region in the same article, paragraph or sentence",
        id="dashboard.scope",
    ),
    Binding(
        "l",
        "pick_lines",
        "Timeline lines",
        show=False,
        tooltip="Choose the timeline's lines: themes, or one theme across provinces",
        id="dashboard.lines",
    ),
    Binding(
        "tab",
        "app.focus_next",
        "Next panel",
        show=False,
        tooltip="Focus the next panel",
        id="dashboard.next-panel",
    ),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous panel",
        show=False,
        tooltip="Focus the previous panel",
        id="dashboard.previous-panel",
    ),
    *RISE_BINDINGS,
]
"""Every key of the dashboard screen, in the footer's order."""

APP_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    Binding("q", "quit", "Quit", id="app.quit"),
]
"""The app's keys, on every screen that does not bind them itself (the footer pins them to
its right end)."""
