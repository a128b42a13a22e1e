"""What the count grid draws, apart from the widget: the cells' text and the lines.

:func:`grid_data` turns one frame of counts into the formatted strings, widths and shades a
refill keeps; :func:`header_line` and :func:`body_line` build one line of the grid from them
and a :class:`Paint` (the styles and the columns in view of one repaint). No widget here: the
widget (count_grid.py) owns the cursor, the scrolling and the styles it reads from its CSS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.strip import Strip

from tui.core.models import NONE_LABEL
from tui.core.query import TOTAL
from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean, shorten

LABEL_WIDTH = 24
"""Characters of a theme name shown in the frozen column."""
HEADER_WIDTH = 12
"""Characters of a sector or region name shown in a column header."""
PADDING = 1
"""Blank cells either side of every cell's text."""
LABEL_CELLS = LABEL_WIDTH + 2 * PADDING
"""Cells the frozen theme column takes, with its padding."""
HEAT_LEVELS = 4


def format_number(value: float, share: bool, rate: bool = False) -> str:
    """A count, a share as a percentage, or (``rate``) a ratio that is not a share of
    anything, such as mentions per 100 articles: a number without a % sign."""
    if rate:
        return f"{value * 100:.1f}" if value else "·"
    if share:
        return f"{value * 100:.1f}%" if value else "·"
    return f"{int(value):,}" if value else "·"


def heat_levels(values: np.ndarray, largest: float) -> np.ndarray:
    """Per value, its shade: 0 for nothing, else 1…HEAT_LEVELS by equal steps up to
    ``largest`` (values above it, such as a total, take the darkest)."""
    if largest <= 0:
        return np.zeros(values.shape, dtype=np.int8)
    levels = np.ceil(values / largest * HEAT_LEVELS).clip(0, HEAT_LEVELS)
    return np.where(values > 0, np.maximum(levels, 1), 0).astype(np.int8)


@dataclass(frozen=True)
class GridData:
    """One refill's numbers as the grid draws them."""

    columns: list[str] = field(default_factory=list)
    """The body columns' label ids (``TOTAL`` for the total)."""
    headers: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    """Each body column's width with its padding."""
    starts: list[int] = field(default_factory=lambda: [0])
    """Where each body column starts, in cells from the first (and where the last ends)."""
    rows: list[str] = field(default_factory=list)
    """The rows' theme ids."""
    names: list[str] = field(default_factory=list)
    none_rows: frozenset[int] = frozenset()
    cells: list[list[str]] = field(default_factory=list)
    levels: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    largest: float = 0.0
    """The largest theme cell outside the Total column: the darkest shade's top."""
    share: bool = False
    rate: bool = False

    @property
    def total_width(self) -> int:
        """Cells every column takes, the frozen one with them."""
        return LABEL_CELLS + self.starts[-1]


def grid_data(
    frame: pd.DataFrame,
    taxonomy: LoadedTaxonomy,
    share: bool,
    rate: bool,
    sort_key: str | None,
    marks: frozenset[tuple[str, str]],
) -> GridData:
    """The grid of ``frame`` (a theme column, then one per sector or region): names cleaned
    and cut, numbers formatted, ``marks`` cells with a ▲, the sort column's header arrowed."""
    columns = [str(c) for c in frame.columns if c != "theme"]
    headers = []
    for column in columns:
        name = "Total" if column == TOTAL else taxonomy.name(column)
        # A display name is the taxonomy author's text: cleaned like any other.
        header = shorten(clean(name), HEADER_WIDTH)
        if sort_key and sort_key.lstrip("-") == column:
            header += " ▼" if sort_key.startswith("-") else " ▲"
        headers.append(header)
    themes = [str(t) for t in frame["theme"]] if "theme" in frame.columns else []
    names = [
        # Cleaned before it is cut: a cut escape sequence is not one to remove.
        "(no theme)" if t == NONE_LABEL else shorten(clean(taxonomy.name(t)), LABEL_WIDTH)
        for t in themes
    ]
    none_rows = frozenset(i for i, t in enumerate(themes) if t == NONE_LABEL)
    values = frame[columns].to_numpy(dtype=float) if columns else np.zeros((len(themes), 0))
    cells = [
        [
            format_number(v, share, rate) + (" ▲" if (theme, column) in marks else "")
            for column, v in zip(columns, row, strict=True)
        ]
        for theme, row in zip(themes, values.tolist(), strict=True)
    ]
    # Fixed widths (the layout stays put as numbers change), widened only for a cell that
    # would not fit, e.g. a share with its ▲.
    widths = [
        max(len(h), 7, *(len(row[i]) for row in cells)) + 2 * PADDING for i, h in enumerate(headers)
    ]
    # Shades follow the largest theme cell outside the Total column: a total is darkest.
    body = [i for i, c in enumerate(columns) if c != TOTAL]
    rows = [i for i in range(len(themes)) if i not in none_rows]
    largest = float(values[np.ix_(rows, body)].max()) if rows and body else 0.0
    levels = heat_levels(values, largest)
    if TOTAL in columns:
        # A total is on another scale than the cells: it is not shaded.
        levels[:, columns.index(TOTAL)] = 0
    return GridData(
        columns=columns,
        headers=headers,
        widths=widths,
        starts=[0, *np.cumsum(widths).tolist()],
        rows=themes,
        names=names,
        none_rows=none_rows,
        cells=cells,
        levels=levels,
        largest=largest,
        share=share,
        rate=rate,
    )


def heat_legend(grid: GridData, styles: list[Style]) -> Text:
    """What the shades mean: each shade (``styles``, one per level) with the values it stands
    for written on it (from just above the shade before, up to the largest theme cell)."""
    legend = Text()
    if grid.largest <= 0:
        return legend
    step = grid.largest / HEAT_LEVELS
    legend.append("shade", style="dim")
    for level in range(1, HEAT_LEVELS + 1):
        top = step * level
        if grid.rate:
            text = f"≤{top * 100:.0f}"
        elif grid.share:
            text = f"≤{top * 100:.1f}%" if top < 0.1 else f"≤{top * 100:.0f}%"
        else:
            # Whole counts: the counts each shade stands for, a shade none has left out.
            low, high = int(step * (level - 1)) + 1, int(top)
            if low > high:
                continue
            text = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        legend.append(" ")
        legend.append(text, style=styles[level])
    legend.rstrip()
    return legend


@dataclass(frozen=True)
class Paint:
    """What every line of one repaint shares: styles, the width, the columns in view."""

    width: int
    base: Style
    header: Style
    header_axis: Style
    even: Style
    label: Style
    dim_label: Style
    cursor: Style
    axis: Style
    heat: list[Style] | None
    first: int
    columns: list[int]
    used: int
    """Cells the frozen column and the columns in view take."""


def cell(text: str, width: int, right: bool, style: Style) -> Segment:
    """One cell: its text cut with … to fit, aligned, padded either side."""
    inner = width - 2 * PADDING
    text = text if len(text) <= inner else text[: max(inner - 1, 0)] + "…"
    body = text.rjust(inner) if right else text.ljust(inner)
    pad = " " * PADDING
    return Segment(pad + body + pad, style)


def header_line(grid: GridData, paint: Paint, cursor: Coordinate, top: int, height: int) -> Strip:
    """The column headers, with the cursor's column marked; ``top`` and ``height``: the rows
    in view, told in the theme column's header when some are out of view."""
    header, axis = paint.header, paint.header_axis
    shown = paint.columns
    # Which rows and columns are out of view, so that no scrollbar is needed to say so.
    marks = ""
    if len(grid.rows) > height:
        marks = f"{top + 1}–{min(top + height, len(grid.rows))}/{len(grid.rows)}"
    left = shown and shown[0] > 0
    right = shown and shown[-1] < len(grid.columns) - 1
    marks += (" ◂" if left else "") + (" ▸" if right else "")
    title = "Theme"
    text = title + marks.rjust(LABEL_WIDTH - len(title))
    style = axis if cursor.column == 0 and grid.rows else header
    segments = [cell(text, LABEL_CELLS, False, style)]
    for index in shown:
        style = axis if index + 1 == cursor.column else header
        segments.append(cell(grid.headers[index], grid.widths[index], True, style))
    if paint.used < paint.width:
        segments.append(Segment(" " * (paint.width - paint.used), header))
    return Strip(segments).crop(0, paint.width)


def body_line(grid: GridData, row: int, paint: Paint, cursor: Coordinate) -> Strip:
    """One theme's row: its name, then its cells in view, shaded and with the cursor."""
    line = paint.even if row % 2 == 1 else paint.base  # DataTable's zebra
    on_row = row == cursor.row
    label_style = line + (paint.dim_label if row in grid.none_rows else paint.label)
    if on_row:
        label_style += paint.cursor if cursor.column == 0 else paint.axis
    segments = [cell(grid.names[row], LABEL_CELLS, False, label_style)]
    heat = paint.heat
    cells, levels = grid.cells[row], grid.levels[row]
    for index in paint.columns:
        style = line
        if heat is not None and levels[index]:
            style = line + heat[int(levels[index])]
        if on_row and index + 1 == cursor.column:
            style = style + paint.cursor
        segments.append(cell(cells[index], grid.widths[index], True, style))
    if paint.used < paint.width:
        segments.append(Segment(" " * (paint.width - paint.used), line))
    return Strip(segments).crop(0, paint.width)
