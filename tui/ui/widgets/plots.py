"""Text plots: the timeline of the leading themes and a bar chart of totals.

plotext lays a plot out in pure Python and Rich then cuts it into lines: tens of milliseconds
a plot, hundreds for a weekly timeline. Both happen in the views worker (``render_plot``); the
widget only hands out the lines it was given, so the event loop never waits on a plot and a
repaint (a dialog closing, focus moving) costs nothing.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd
from rich.console import Console
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean, shorten

_MAX_TICKS = 6

Drawing = Callable[[Plot], None]
"""Draws one plot's data on a fresh plotext figure (labels already made plain)."""

_BUILD_LOCK = threading.Lock()
"""plotext keeps module-level state (themes, its colour tables): one build at a time."""


@dataclass(frozen=True)
class Rendered:
    """A plot's lines for one widget size and theme."""

    size: Size
    theme: str
    strips: list[Strip]


def envelope(values: list[float], width: int) -> tuple[list[float], list[float]]:
    """At most ``width`` / 2 points (x from 1) that draw like all of ``values`` on a plot
    ``width`` columns wide: per slice of four columns, its lowest and its highest value, in
    their order.

    A plot cannot show more points than it has columns, and plotext lays out every point it
    is given (a weekly timeline of ten years: 520 points, 200 ms); the envelope keeps every
    peak and trough, each within a few columns of its place."""
    count = len(values)
    if count <= max(width, 2):
        return [float(i) for i in range(1, count + 1)], list(values)
    buckets = max(1, width // 4)
    edges = [count * b // buckets for b in range(buckets + 1)]
    xs: list[float] = []
    ys: list[float] = []
    for start, end in pairwise(edges):
        part = values[start:end]
        if not part:
            continue
        low = min(range(len(part)), key=part.__getitem__)
        high = max(range(len(part)), key=part.__getitem__)
        for offset in sorted({low, high}):
            xs.append(float(start + offset + 1))
            ys.append(part[offset])
    return xs, ys


def timeline_drawing(
    frame: pd.DataFrame,
    taxonomy: LoadedTaxonomy,
    share: bool,
    period: str,
    width: int | None = None,
) -> Drawing:
    """The leading themes per period under the current filters (``width``: the plot's width
    in columns, when known: no more points than it can show are laid out)."""
    unit = "share of articles" if share else "articles"
    if frame.empty or not len(frame.columns) or float(frame.to_numpy().sum()) == 0:
        empty_title = f"Timeline per {period}: nothing under these filters"
        return lambda plt: plt.title(empty_title)
    x: list[float] = [float(i) for i in range(1, len(frame) + 1)]
    lines = [
        (
            *envelope(
                [float(v) * (100 if share else 1) for v in frame[column].tolist()],
                width if width is not None and width > 0 else len(frame),
            ),
            shorten(clean(taxonomy.name(str(column))), 22),
        )
        for column in frame.columns
    ]
    step = max(1, len(x) // _MAX_TICKS)
    ticks = x[::step]
    tick_labels = [str(frame.index[int(t) - 1]) for t in ticks]
    title = f"Leading themes per {period} ({'%' if share else unit})"

    def draw(plt: Plot) -> None:
        for xs, values, label in lines:
            plt.plot(xs, values, label=label, marker="braille")
        plt.xticks(ticks, tick_labels)
        plt.title(title)

    return draw


def bars_drawing(totals: pd.Series, taxonomy: LoadedTaxonomy, share: bool, title: str) -> Drawing:
    """Totals per theme (or per region) under the current filters, the largest twelve."""
    totals = totals[totals > 0].sort_values(ascending=True, kind="stable").tail(12)
    if totals.empty:
        empty_title = f"{title}: nothing under these filters"
        return lambda plt: plt.title(empty_title)
    names = [shorten(clean(taxonomy.name(str(i))), 18) for i in totals.index]
    values = [float(v) * (100 if share else 1) for v in totals.tolist()]
    full_title = title + (" (%)" if share else "")

    def draw(plt: Plot) -> None:
        plt.bar(names, values, orientation="horizontal", width=0.3)
        plt.title(full_title)

    return draw


def render_plot(drawing: Drawing, size: Size, theme: str) -> Rendered:
    """Lay a plot out and cut it into lines (safe off the event loop: nothing here is shared
    with the widgets)."""
    width, height = size
    if width <= 0 or height <= 0:
        return Rendered(size, theme, [])
    plot = Plot()  # a figure of its own: the worker never touches a widget's
    with _BUILD_LOCK:
        plot.plotsize(width, height)
        # As textual-plotext does: plotsize alone does not always take.
        plot._set_size(width, height)
        drawing(plot)
        # After the drawing, as textual-plotext does: the lines keep the terminal's colours
        # (the theme only sets the canvas and axes).
        plot.theme(theme)
        ansi = plot.build()
    # from_ansi reads colour codes only, never markup: labels stay plain text.
    text = Text.from_ansi(ansi, no_wrap=True)
    console = Console(
        file=io.StringIO(),
        width=width,
        height=height,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
    )
    options = console.options.update(width=width, height=height, highlight=False)
    lines = console.render_lines(text, options, pad=True, new_lines=False)
    return Rendered(size, theme, [Strip(line, width) for line in lines[:height]])


class PlotPanel(PlotextPlot):
    """A plot shown from lines prepared off the event loop.

    ``show`` takes the drawing and, when the views worker prepared them for this size, its
    lines; otherwise (first layout, a resize, a theme change) the lines are made here once.
    """

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawing: Drawing = lambda plt: None
        self._rendered: Rendered | None = None

    def plot_theme(self) -> str:
        """The plotext theme that matches the app's (registered by PlotextPlot on mount)."""
        return self._get_plotext_theme_name(self.app.theme)

    def show(self, drawing: Drawing, rendered: Rendered | None = None) -> None:
        self._drawing = drawing
        self._rendered = rendered
        self.refresh()

    def _lines(self) -> list[Strip]:
        theme = self.plot_theme()
        rendered = self._rendered
        if rendered is None or rendered.size != self.size or rendered.theme != theme:
            rendered = render_plot(self._drawing, self.size, theme)
            self._rendered = rendered
        return rendered.strips

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


class TimelinePlot(PlotPanel):
    """Leading themes per period under the current filters."""


class BarPlot(PlotPanel):
    """Totals per theme (or per region) under the current filters."""
