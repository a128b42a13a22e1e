"""Text plots: the timeline of the leading themes and a bar chart of totals."""

from __future__ import annotations

import pandas as pd
from textual_plotext import PlotextPlot

from tui.core.taxonomy import LoadedTaxonomy
from tui.ui.text import clean, shorten

_MAX_TICKS = 6


class TimelinePlot(PlotextPlot):
    """Leading themes per period under the current filters."""

    def show(self, frame: pd.DataFrame, taxonomy: LoadedTaxonomy, share: bool, period: str) -> None:
        plt = self.plt
        # clear_figure as well as clear_data: without it the first redraw can take seconds.
        plt.clear_data()
        plt.clear_figure()
        unit = "share of articles" if share else "articles"
        if frame.empty or not len(frame.columns) or float(frame.to_numpy().sum()) == 0:
            plt.title(f"Timeline per {period}: nothing under these filters")
            self.refresh()
            return
        x: list[float] = [float(i) for i in range(1, len(frame) + 1)]
        for column in frame.columns:
            values = [float(v) * (100 if share else 1) for v in frame[column].tolist()]
            plt.plot(
                x, values, label=shorten(clean(taxonomy.name(str(column))), 22), marker="braille"
            )
        step = max(1, len(x) // _MAX_TICKS)
        ticks = x[::step]
        plt.xticks(ticks, [str(frame.index[int(t) - 1]) for t in ticks])
        plt.title(f"Leading themes per {period} ({'%' if share else unit})")
        self.refresh()


class BarPlot(PlotextPlot):
    """Totals per theme (or per region) under the current filters."""

    def show(self, totals: pd.Series, taxonomy: LoadedTaxonomy, share: bool, title: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        totals = totals[totals > 0].sort_values(ascending=True, kind="stable").tail(12)
        if totals.empty:
            plt.title(f"{title}: nothing under these filters")
            self.refresh()
            return
        names = [shorten(clean(taxonomy.name(str(i))), 18) for i in totals.index]
        values = [float(v) * (100 if share else 1) for v in totals.tolist()]
        plt.bar(names, values, orientation="horizontal", width=0.3)
        plt.title(title + (" (%)" if share else ""))
        self.refresh()
