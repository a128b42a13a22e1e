"""The dashboard's words about itself: the filter bar, the sub-title, the panels' titles.

Plain functions of the state they describe (no widget, no app), so they can be read and
tested on their own. Every name in them is the taxonomy author's or the corpus's text: it goes
in as plain Text (``plain``), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text

from tui.core.models import NONE_LABEL, FilterState, LabelKind, Measure, Scope
from tui.core.query import TOTAL
from tui.core.shares import basis_text
from tui.core.wording import counted
from tui.ui.text import plain, shorten

Names = Callable[[str], str]
"""A label id's display name (``LoadedTaxonomy.name``)."""


@dataclass(frozen=True)
class Drill:
    """The table cell whose articles the article list shows."""

    theme: str
    other: str
    other_kind: Literal["sector", "region"]


def _names(ids: tuple[str, ...], name: Names) -> str:
    return ", ".join(name(i) for i in ids) if ids else "all"


def filter_bar(filters: FilterState, scope: Scope, name: Names) -> Text:
    """The line under the header: every filter, the ones set in bold yellow."""
    f = filters
    bar = Text()

    def part(title: str, value: str, active: bool) -> None:
        if len(bar):
            bar.append(" │ ", style="dim")
        bar.append(f"{title} ", style="dim")
        bar.append_text(plain(value, style="bold yellow" if active else ""))

    part("Sector", _names(f.sectors, name), bool(f.sectors))
    part("Region", _names(f.regions, name), bool(f.regions))
    part("Theme", _names(f.themes, name), bool(f.themes))
    dates = f"{f.date_from or '…'} – {f.date_to or '…'}" if f.date_from or f.date_to else "all"
    part("Dates", f"{dates} ({f.period.value})", bool(f.date_from or f.date_to))
    part("Search", f'"{shorten(f.search, 30)}"' if f.search else "—", bool(f.search))
    part("Measure", f.measure.value, f.measure is not Measure.articles)
    part("Values", basis_text(f) if f.share else "raw", f.share)
    part("Scope", scope.value, scope is not Scope.article)
    return bar


def index_sub_title(summary: Mapping[str, Any], skipped: int) -> str:
    """The header's sub-title once the index is open: what the corpus holds.

    ``skipped``: records left out on purpose (a headline with no story), no problem but said.
    """
    problems = summary["problems"]
    span = (
        f"{summary['first_date']} – {summary['last_date']}" if summary["first_date"] else "no dates"
    )
    text = (
        f"{counted(summary['articles'], 'article')} · {span}"
        f" · {counted(summary['duplicates'], 'duplicate')}"
        f" · {counted(problems, 'problem')}"
    )
    if skipped:
        text += f" · {counted(skipped, 'record')} skipped"
    if problems or skipped:
        text += " (P lists them)"
    return text


def reindexed_note(added: int) -> str:
    """What a re-index changed, in articles."""
    if added > 0:
        return counted(added, "new article")
    if added < 0:
        return f"{counted(-added, 'article')} fewer"
    return "corpus re-indexed"


def table_title(plural: str, filters: FilterState, other: LabelKind, legend: Text) -> Text:
    """A count table's title: what its numbers are and what its shades mean."""
    title = plain(f"Themes × {plural}", style="bold")
    if filters.share:
        title.append_text(plain(f" · {basis_text(filters, other)}"))
    if legend:
        title.append("  ")
        title.append_text(legend)
    return title


def bars_title(bars_by: LabelKind, measure: Measure) -> str:
    """The bar chart's title: what its bars count."""
    title = "Articles per theme" if bars_by == "theme" else "Articles per region"
    if measure is Measure.mentions:
        title = title.replace("Articles", "Mentions")
    return title


def articles_title(rows: str, drill: Drill | None, name: Names) -> Text:
    """The article list's title: its rows, and the cell it is drilled into."""
    title = Text("Articles", style="bold")
    title.append("  " + rows)
    if drill is None:
        return title
    title.append("  ·  cell: ", style="dim")
    theme = (
        "any theme"
        if drill.theme == TOTAL
        else "no theme"
        if drill.theme == NONE_LABEL
        else name(drill.theme)
    )
    other = (
        "any " + drill.other_kind
        if drill.other == TOTAL
        else "no " + drill.other_kind
        if drill.other == NONE_LABEL
        else name(drill.other)
    )
    title.append_text(plain(f"{theme} × {other}", style="bold yellow"))
    title.append("  (esc: all articles)", style="dim")
    return title
