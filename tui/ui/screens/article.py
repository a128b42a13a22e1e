"""One article: its text with every matched phrase highlighted, and why each label was given.

From here the analyst cites what was found: ``e`` exports the article's evidence, ``y``
copies its id, ``n``/``p`` step through the list it was opened from.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import io
import os
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.core.evidence import export_evidence
from tui.core.query import Query
from tui.core.search import parse, pattern
from tui.core.wording import counted
from tui.ui.screens.dialogs import ExportScreen
from tui.ui.text import clean, clean_same_length, plain, shorten
from tui.ui.widgets.tables import ArticleSource, ArticleTable

KIND_STYLES = {
    "theme": "bold black on yellow",
    "sector": "bold black on cyan",
    "region": "bold black on green",
}
SEARCH_STYLE = "bold white on magenta"
CURRENT_STYLE = "reverse underline"
"""The mention the evidence table's cursor is on, over its kind's colours."""


def search_spans(text: str, search: str) -> list[tuple[int, int]]:
    """Where the words and phrases the search asks for stand in ``text`` (not the excluded
    ones), as the search matches them: whole words, any case, any run of spacing."""
    spans: list[tuple[int, int]] = []
    for term in parse(search):
        if term.exclude:
            continue
        regex = re.compile(pattern(term, folded=False), re.IGNORECASE)
        spans.extend((m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start())
    return sorted(spans)


def highlighted(
    text: str,
    mentions: pd.DataFrame,
    *,
    search: str = "",
    current: int | None = None,
) -> Text:
    """The article text with each mention's span styled by the kind of its label, the search
    terms marked, and the ``current`` mention (a row of ``mentions``) marked over them."""
    body = Text(clean_same_length(text))
    for start, end in search_spans(text, search) if search.strip() else []:
        body.stylize(SEARCH_STYLE, start, end)
    records = mentions.to_dict("records")
    for row in records:
        body.stylize(
            KIND_STYLES.get(str(row["kind"]), "reverse"), int(row["start"]), int(row["end"])
        )
    if current is not None and 0 <= current < len(records):
        row = records[current]
        body.stylize(CURRENT_STYLE, int(row["start"]), int(row["end"]))
    return body


_MEASURE = Console(width=200, color_system=None, file=io.StringIO())


def _breaks(paragraph: str, width: int) -> list[int]:
    """Offsets at which Rich's word wrap (what the body widget uses) starts a new line."""
    lines = Text(paragraph).wrap(_MEASURE, width, justify="default", overflow="fold")
    breaks, position = [], 0
    for line in lines[:-1]:
        position += len(line.plain)
        breaks.append(position)
    return breaks


def line_of(text: str, offset: int, width: int) -> int:
    """The screen line, wrapped at ``width`` cells as the text widget wraps it, on which the
    character at ``offset`` stands."""
    row, position = 0, 0
    for paragraph in text.split("\n"):
        end = position + len(paragraph)
        breaks = _breaks(paragraph, width) if paragraph else []
        if offset <= end:
            return row + bisect.bisect_right(breaks, offset - position)
        row += len(breaks) + 1
        position = end + 1
    return row


def _why(row: Mapping[Hashable, object]) -> str:
    """The rule that let a mention count, and the taxonomy phrase behind it when that is not
    simply the words matched (a pattern, another spelling)."""
    pattern_, rule = str(row.get("pattern") or ""), str(row.get("rule") or "")
    if pattern_ and pattern_.casefold() != str(row.get("phrase") or "").casefold():
        return f"{rule} [{pattern_}]" if rule else pattern_
    return rule


def article_meta(query: Query, art: int) -> dict[str, str]:
    """What the article view's header and the evidence export say about an article."""
    row = query.index.articles.iloc[art]
    date = row["date"]
    return {
        "id": str(row["id"]),
        "date": "" if date is None or str(date) == "NaT" else str(date)[:10],
        "title": str(row["title"] or ""),
        "source": f"{row['source']}:{row['line']}",
    }


@dataclass(frozen=True)
class ArticleList:
    """The list an article was opened from, to step through: its rows in the order shown."""

    source: ArticleSource
    sort: str | None
    row: int
    """The article's row in the whole list (0-based, across pages)."""
    total: int

    def art_at(self, row: int) -> int | None:
        """The article on ``row`` of the list (slow: a worker's)."""
        frame, _total = dataclasses.replace(self.source, page_size=1).page(row, self.sort)
        return int(frame["art"].iloc[0]) if len(frame) else None


class ArticleScreen(Screen[None]):
    """The answer to "why was this tagged?"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("n", "step(1)", "Next article", tooltip="The next article of the list"),
        Binding("p", "step(-1)", "Prev article", tooltip="The previous article of the list"),
        Binding("j", "step(1)", "Next article", show=False),
        Binding("k", "step(-1)", "Prev article", show=False),
        Binding("e", "export_evidence", "Export evidence", tooltip="This article's mentions"),
        Binding("y", "copy_id", "Copy id", tooltip="Copy the article's id (URL) to the clipboard"),
        Binding("tab", "focus_next", "Next panel", show=False),
    ]

    def __init__(
        self,
        meta: dict[str, str],
        text: str,
        mentions: pd.DataFrame,
        *,
        query: Query | None = None,
        listing: ArticleList | None = None,
        search: str = "",
    ) -> None:
        super().__init__()
        self.meta = meta
        self.text = text
        self.mentions = mentions
        self.query_engine = query
        self.listing = listing
        self.search_text = search
        self.current: int | None = None
        """The evidence row the cursor is on (its mention marked in the text)."""

    # -- layout ---------------------------------------------------------------------------

    def _header(self) -> Text:
        header = Text()
        header.append_text(plain(self.meta.get("date") or "undated", style="bold"))
        header.append("  ")
        header.append_text(plain(self.meta.get("title") or "(no title)", style="bold"))
        header.append("\n")
        header.append_text(plain(self.meta.get("id", ""), style="dim"))
        header.append("\n")
        header.append_text(plain(self.meta.get("source", ""), style="dim"))
        if self.listing is not None:
            header.append(
                f"  ·  article {self.listing.row + 1:,} of {self.listing.total:,} (n/p)",
                style="dim",
            )
        return header

    def _legend(self) -> Text:
        legend = Text()
        legend.append(" theme ", style=KIND_STYLES["theme"])
        legend.append(" ")
        legend.append(" sector ", style=KIND_STYLES["sector"])
        legend.append(" ")
        legend.append(" region ", style=KIND_STYLES["region"])
        if self.search_text.strip():
            legend.append(" ")
            legend.append(" search ", style=SEARCH_STYLE)
            legend.append_text(plain(f" {shorten(clean(self.search_text), 40)}", style="dim"))
        legend.append(" ")
        legend.append(f"  {counted(len(self.mentions), 'mention')}", style="dim")
        return legend

    def compose(self) -> ComposeResult:
        with Vertical(id="article"):
            yield Static(self._header(), id="article-meta")
            yield Static(self._legend(), id="article-legend")
            with Horizontal():
                with VerticalScroll(id="article-text-scroll"):
                    yield Static(self._body(), id="article-text")
                with Vertical(id="article-evidence"):
                    yield DataTable(id="article-mentions", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="article-sentence")
        yield Footer()

    def _body(self) -> Text:
        return highlighted(self.text, self.mentions, search=self.search_text, current=self.current)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#article-mentions", DataTable)
        table.add_column(Text("Label"), key="label")
        table.add_column(Text("Kind"), key="kind")
        table.add_column(Text("Phrase"), key="phrase")
        table.add_column(Text("Why"), key="why")
        # The sentence has a line of its own under the table, whole.
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table: DataTable[Text] = self.query_one("#article-mentions", DataTable)
        table.clear()
        for number, row in enumerate(self.mentions.to_dict("records")):
            name = str(row["name"])
            if row["rolls_up_to"] != row["label"]:
                name += f" → {row['rolls_up_to']}"
            table.add_row(
                plain(name, style="bold"),
                plain(row["kind"], style=KIND_STYLES.get(str(row["kind"]), "")),
                plain(shorten(str(row["phrase"]), 40)),
                plain(shorten(_why(row), 60), style="dim"),
                key=str(number),
            )
        self._mark(0 if len(self.mentions) else None)

    # -- the evidence table and the text ---------------------------------------------------

    @on(DataTable.RowHighlighted, "#article-mentions")
    def _follow(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row < len(self.mentions):
            self._mark(event.cursor_row)

    def _mark(self, row: int | None) -> None:
        """Mark mention ``row`` in the text, show its whole sentence, scroll the text to it."""
        self.current = row
        self.query_one("#article-text", Static).update(self._body())
        self.query_one("#article-sentence", Static).update(self._sentence(row))
        if row is None:
            return
        start = int(self.mentions.iloc[row]["start"])
        # After the text is laid out at its width: then the line is the one shown.
        self.call_after_refresh(self._scroll_to_offset, start)

    def _scroll_to_offset(self, start: int) -> None:
        scroll = self.query_one("#article-text-scroll", VerticalScroll)
        width = self.query_one("#article-text", Static).content_region.width
        if width <= 0:
            return
        line = line_of(clean_same_length(self.text), start, width)
        # A few lines of what comes before, so the mention is read in its paragraph.
        scroll.scroll_to(y=max(line - max(scroll.size.height // 3, 1), 0), animate=False)

    def _sentence(self, row: int | None) -> Text:
        """The mention's whole sentence, its phrase marked, wrapped under the table."""
        if row is None:
            return plain("No mentions in this article.", style="dim")
        record = self.mentions.iloc[row]
        sentence = clean(str(record["sentence"]))
        phrase = clean(str(record["phrase"]))
        text = Text()
        text.append_text(plain(f"{record['name']} ({record['kind']}): ", style="bold"))
        body = plain(sentence)
        at = sentence.find(phrase) if phrase else -1
        if at >= 0:
            body.stylize(KIND_STYLES.get(str(record["kind"]), "reverse"), at, at + len(phrase))
        text.append_text(body)
        why = _why(record.to_dict())
        if why:
            text.append_text(plain(f"  [{why}]", style="dim"))
        return text

    # -- next and previous ----------------------------------------------------------------

    def action_step(self, step: int) -> None:
        listing = self.listing
        if listing is None or self.query_engine is None:
            self.notify("Opened on its own: there is no list to step through.", markup=False)
            return
        row = listing.row + step
        if not 0 <= row < listing.total:
            which = "last" if step > 0 else "first"
            self.notify(f"This is the {which} article of the list.", markup=False)
            return
        self._step_worker(self.query_engine, listing, row)

    @work(thread=True, exclusive=True, group="article-step", exit_on_error=False)
    def _step_worker(self, query: Query, listing: ArticleList, row: int) -> None:
        art = listing.art_at(row)
        if art is None:
            self.app.call_from_thread(self.notify, "The list has changed.", markup=False)
            return
        text, mentions = query.explain(art)
        meta = article_meta(query, art)
        moved = dataclasses.replace(listing, row=row)
        self.app.call_from_thread(self._show, meta, text, mentions, moved)

    def _show(
        self, meta: dict[str, str], text: str, mentions: pd.DataFrame, listing: ArticleList
    ) -> None:
        self.meta, self.text, self.mentions, self.listing = meta, text, mentions, listing
        self.query_one("#article-meta", Static).update(self._header())
        self.query_one("#article-legend", Static).update(self._legend())
        self._fill()
        self.query_one("#article-text-scroll", VerticalScroll).scroll_home(animate=False)
        self._follow_in_list(listing.row)

    def _follow_in_list(self, row: int) -> None:
        """Put the article list's cursor on the article shown, when its page is the one
        the list shows, so that going back lands on it."""
        for screen in self.app.screen_stack:
            for table in screen.query(ArticleTable):
                local = row - table.first_row
                if 0 <= local < table.row_count:
                    table.move_cursor(row=local, animate=False)

    # -- citing ---------------------------------------------------------------------------

    def action_copy_id(self) -> None:
        article_id = self.meta.get("id", "")
        self.app.copy_to_clipboard(article_id)
        self.notify(
            clean(shorten(article_id, 300)),
            title="Copied the article's id",
            markup=False,
        )

    def action_export_evidence(self) -> None:
        meta, mentions = dict(self.meta), self.mentions.copy()
        taxonomy = self.query_engine.taxonomy if self.query_engine is not None else None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        proposal = str(Path(os.getcwd()) / f"campaign-evidence-{stamp}.csv")

        def write(target: Path) -> str:
            rows = export_evidence(target, meta, mentions, taxonomy)
            return f"{counted(rows, 'mention')} written to {target}"

        def written(message: str | None) -> None:
            if message:
                self.notify(clean(message), title="Exported", markup=False)

        self.app.push_screen(ExportScreen("this article's evidence", proposal, write), written)
