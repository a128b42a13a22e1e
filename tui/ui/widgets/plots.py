"""Text plots: the timeline of the leading themes and a bar chart of totals.

plotext lays the timeline out in pure Python and Rich then cuts it into lines: tens of
milliseconds, hundreds for a weekly timeline. That happens in the views worker
(``render_plot``); the widget only hands out the lines it was given, so the event loop never
waits on a plot and a repaint (a dialog closing, focus moving) costs nothing.

The bar chart is not plotext's: plotext places bar labels and bars independently, and with
more bars than rows a label lands beside another bar. Here each bar is one row of text, its
label, its bar and its value together, and only the bars that fit are drawn ("top N of M").
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import ClassVar, cast

import pandas as pd
import plotext
from rich.color import Color
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean, shorten

_MAX_TICKS = 6

Drawing = Callable[[Plot], None]
"""Draws one plot's data on a fresh plotext figure (labels already made plain)."""

SERIES_COLOURS = (12, 10, 9, 14, 11, 13, 4, 2)
"""The timeline's line colours (terminal colour numbers, plotext's own first ones), set on
each line so that the legend, drawn here, shows the same."""

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


@dataclass(frozen=True)
class TimelineDrawing:
    """The timeline's lines on a plotext figure, and the legend that names them.

    plotext drops its own legend on a small plot (and lays it over the lines on a large
    one): the legend is drawn below the plot instead, at every size.
    """

    lines: tuple[tuple[list[float], str, int], ...] = ()
    """Each theme's line: its value per period, name, colour."""
    ticks: tuple[list[float], list[str]] = ([], [])
    title: str = ""
    width: int = 0
    """The plot's width in columns: no more points are laid out than it can show (0: all)."""
    marks: tuple[float, ...] = ()
    """x positions of the filters' own first and last period, when context is shown."""
    whole: bool = False
    """Counts: the y axis is labelled with whole numbers only."""
    rows: int = 0
    """The rows of the plot's canvas (0: unknown): no more y ticks than fit in them."""

    @property
    def legend(self) -> list[tuple[str, int]]:
        return [(name, colour) for _, name, colour in self.lines]

    def fitted(self, width: int) -> TimelineDrawing:
        """The drawing for a plot ``width`` columns wide (at whatever size it was made)."""
        return replace(self, width=width)

    def __call__(self, plt: Plot) -> None:
        for values, _, colour in self.lines:
            xs, ys = envelope(values, self.width if self.width > 0 else len(values))
            plt.plot(xs, ys, marker="braille", color=colour)
        for x in self.marks:
            plt.vline(x, "gray")
        if self.lines:
            plt.xticks(*self._ticks_that_fit())
            if self.whole:
                top = max((max(v, default=0.0) for v, _, _ in self.lines), default=0.0)
                ticks = whole_ticks(top, max(2, min(5, self.rows)) if self.rows else 5)
                plt.ylim(0, ticks[-1])
                plt.yticks(ticks, [f"{round(t):,}" for t in ticks])
        # plotext leaves out a title wider than the plot: shortened to fit instead.
        plt.title(shorten(self.title, self.width - 6) if self.width > 6 else self.title)

    def _ticks_that_fit(self) -> tuple[list[float], list[str]]:
        """Every n-th tick, so that their labels fit side by side: plotext leaves out labels
        that would overlap, and which ones it leaves out changes from run to run."""
        positions, labels = self.ticks
        if not labels or self.width <= 0:
            return positions, labels
        room = max(1, (self.width - 8) // (max(len(label) for label in labels) + 4))
        step = -(-len(labels) // room)
        return positions[::step], labels[::step]


def whole_ticks(top: float, most: int = 5) -> list[float]:
    """At most ``most`` whole-number ticks from 0 that reach ``top``, 1, 2 or 5 × 10ⁿ apart:
    a count axis never reads 0.5 articles."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-top // (step * factor)) <= most - 1:
                step *= factor
                count = max(1, int(-(-top // step)))
                return [float(step * n) for n in range(count + 1)]
        step *= 10


def measure_unit(measure: str, share: bool) -> str:
    """What a number of the measure is, as titles say it: "articles", "mentions", "% of
    articles", or for mentions as a share "mentions per 100 articles" (a rate, which can
    pass 100)."""
    if not share:
        return measure
    return "% of articles" if measure == "articles" else "mentions per 100 articles"


def timeline_drawing(
    frame: pd.DataFrame,
    taxonomy: LoadedTaxonomy,
    share: bool,
    period: str,
    *,
    measure: str = "articles",
    subject: str = "Leading themes",
    marks: tuple[float, ...] = (),
) -> TimelineDrawing:
    """The timeline's lines (columns of ``frame``: theme or region ids) per period under the
    current filters; ``marks``: the x positions of the date range's ends."""
    unit = measure_unit(measure, share)
    if frame.empty or not len(frame.columns) or float(frame.to_numpy().sum()) == 0:
        return TimelineDrawing(
            title=f"{subject} per {period} ({unit}): nothing under these filters"
        )
    x: list[float] = [float(i) for i in range(1, len(frame) + 1)]
    lines = tuple(
        (
            [float(v) * (100 if share else 1) for v in frame[column].tolist()],
            clean(taxonomy.name(str(column))),
            SERIES_COLOURS[number % len(SERIES_COLOURS)],
        )
        for number, column in enumerate(frame.columns)
    )
    step = max(1, len(x) // _MAX_TICKS)
    ticks = x[::step]
    tick_labels = [str(frame.index[int(t) - 1]) for t in ticks]
    title = f"{clean(subject)} per {period} ({unit})" + (" · │ range" if marks else "")
    return TimelineDrawing(lines, (ticks, tick_labels), title, marks=marks, whole=not share)


def legend_lines(legend: list[tuple[str, int]], width: int, most: int) -> list[Text]:
    """The legend's entries ("━━ name" in the line's colour) wrapped to ``width`` in at most
    ``most`` lines: names are shortened further before an entry is left out."""
    if not legend or width <= 4 or most <= 0:
        return []
    lines: list[Text] = []
    for longest in (40, 24, 16, 10):
        lines = []
        line = Text(no_wrap=True, overflow="ellipsis")
        for name, colour in legend:
            entry = Text("━━ ", style=Style(color=Color.from_ansi(colour)))
            entry.append(shorten(name, longest))
            if len(line) and len(line) + 2 + len(entry) > width:
                lines.append(line)
                line = Text(no_wrap=True, overflow="ellipsis")
            if len(line):
                line.append("  ")
            line.append_text(entry)
        lines.append(line)
        if len(lines) <= most:
            return lines
    return lines[:most]


def render_plot(drawing: Drawing, size: Size, theme: str) -> Rendered:
    """Lay a plot out and cut it into lines, its legend below it (safe off the event loop:
    nothing here is shared with the widgets)."""
    width, height = size
    if width <= 0 or height <= 0:
        return Rendered(size, theme, [])
    # A line of legend for each three rows past the four the plot's frame takes: names are
    # shortened to fit rather than the plot squeezed.
    if isinstance(drawing, TimelineDrawing):
        # Fitted to the size it is drawn at, not the one it was asked for at (a layout that
        # had not settled yet): the same lines at the same size, whenever they are drawn.
        drawing = drawing.fitted(width)
    legend = legend_lines(
        drawing.legend if isinstance(drawing, TimelineDrawing) else [],
        width,
        max(1, (height - 4) // 3),
    )
    height = max(height - len(legend), 1)
    if isinstance(drawing, TimelineDrawing):
        # Title, frame and x labels take four rows; the rest is the canvas.
        drawing = replace(drawing, rows=max(height - 4, 1))
    with _BUILD_LOCK:
        # plotext's own figure through its public functions (the lock keeps it to one build
        # at a time; the worker never touches a widget's). A figure of one's own (Plot())
        # caps its size at the terminal's, which only a private call lifts; limitsize does
        # that for this one. The functions are the figure's methods: a Drawing takes them.
        plot = cast(Plot, plotext)
        plotext.clear_figure()
        plotext.limitsize(False, False)
        plotext.plotsize(width, height)
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
    lines = console.render_lines(text, options, pad=True, new_lines=False)[:height]
    for entry in legend:
        lines.extend(console.render_lines(entry, options.update(height=1), pad=True))
    return Rendered(size, theme, [Strip(line, width) for line in lines])


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
        """The plotext theme that matches the app's (registered by PlotextPlot on mount under
        this name, the one its documentation gives for the "auto" theme)."""
        return f"textual-auto-{self.app.theme}" if self.theme == "auto" else self.theme

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


@dataclass(frozen=True)
class BarChart:
    """Totals to draw as bars: a title and (name, value) pairs, largest first, none zero."""

    title: str
    bars: tuple[tuple[str, float], ...] = ()
    share: bool = False
    rate: bool = False
    """Mentions as a share: mentions per 100 articles, written without a % sign."""


def bars_drawing(
    totals: pd.Series,
    taxonomy: LoadedTaxonomy,
    share: bool,
    title: str,
    *,
    measure: str = "articles",
) -> BarChart:
    """Totals per theme (or per region) under the current filters, largest first (ties in
    the taxonomy's order)."""
    totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
    rate = share and measure == "mentions"
    return BarChart(
        title + (f" ({measure_unit(measure, share)})" if share else ""),
        tuple(
            (clean(taxonomy.name(str(label))), float(value) * (100 if share else 1))
            for label, value in totals.items()
        ),
        share,
        rate,
    )


_EIGHTHS = " ▏▎▍▌▋▊▉"


def format_value(value: float, share: bool, rate: bool = False) -> str:
    if rate:
        return f"{value:.1f}"
    return f"{value:.1f}%" if share else f"{round(value):,}"


def bar_text(eighths: int) -> str:
    """A bar ``eighths`` eighths of a cell long, in block characters."""
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


@dataclass(frozen=True)
class BarStyles:
    """The styles of a bar chart's parts (the widget's, from the app's theme)."""

    title: Style = field(default_factory=Style)
    label: Style = field(default_factory=Style)
    bar: Style = field(default_factory=Style)
    value: Style = field(default_factory=Style)


def bar_lines(chart: BarChart, width: int, height: int, styles: BarStyles) -> list[Text]:
    """The chart as lines: its title with how many bars are shown ("top N of M"), then one
    line per bar (label, bar, value), the N largest that fit in ``height``."""
    if width <= 0 or height <= 0:
        return []
    total = len(chart.bars)
    if not total:
        empty = shorten(f"{chart.title}: nothing under these filters", width)
        return [Text(empty, styles.title, no_wrap=True)]
    shown = chart.bars[: height - 1]
    count = f"all {total}" if len(shown) == total else f"top {len(shown)} of {total}"
    lines = [Text(shorten(f"{chart.title} · {count}", width), styles.title, no_wrap=True)]
    if not shown:
        return lines
    values = [format_value(value, chart.share, chart.rate) for _, value in shown]
    value_width = max(len(value) for value in values)
    label_width = min(max(len(name) for name, _ in shown), max(8, width * 2 // 5))
    room = max(width - label_width - value_width - 2, 1)
    largest = max(value for _, value in shown)
    for (name, value), written in zip(shown, values, strict=True):
        # At least an eighth of a cell: a count above zero is never drawn as nothing.
        eighths = max(1, round(value / largest * room * 8)) if largest > 0 else 0
        line = Text(no_wrap=True, overflow="crop")
        line.append(shorten(name, label_width).ljust(label_width), styles.label)
        line.append(" ")
        line.append(bar_text(eighths), styles.bar)
        line.append(" " + written, styles.value)
        lines.append(line)
    return lines


class BarPlot(Widget):
    """Totals per theme (or per region) under the current filters: one row per bar."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-plot--title",
        "bar-plot--label",
        "bar-plot--bar",
        "bar-plot--value",
    }

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chart = BarChart("")

    def show(self, chart: BarChart) -> None:
        self.chart = chart
        self.refresh()

    def lines(self) -> list[Text]:
        """What the widget draws at its size (a few dozen short lines: quick to lay out)."""
        size = self.content_size
        title, label, bar, value = (
            self.get_component_rich_style(f"bar-plot--{part}", partial=True)
            for part in ("title", "label", "bar", "value")
        )
        return bar_lines(self.chart, size.width, size.height, BarStyles(title, label, bar, value))

    def render(self) -> Text:
        return Text("\n").join(self.lines())
