"""One article: its text with every matched phrase highlighted, and why each label was given."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import ClassVar

import pandas as pd
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.ui.text import clean_same_length, plain, shorten

KIND_STYLES = {
    "theme": "bold black on yellow",
    "sector": "bold black on cyan",
    "region": "bold black on green",
}


def highlighted(text: str, mentions: pd.DataFrame) -> Text:
    """The article text with each mention's span styled by the kind of its label."""
    body = Text(clean_same_length(text))
    for row in mentions.to_dict("records"):
        body.stylize(
            KIND_STYLES.get(str(row["kind"]), "reverse"), int(row["start"]), int(row["end"])
        )
    return body


def _why(row: Mapping[Hashable, object]) -> str:
    """The rule that let a mention count, and the taxonomy phrase behind it when that is not
    simply the words matched (a pattern, another spelling)."""
    pattern, rule = str(row.get("pattern") or ""), str(row.get("rule") or "")
    if pattern and pattern.casefold() != str(row.get("phrase") or "").casefold():
        return f"{rule} [{pattern}]" if rule else pattern
    return rule


class ArticleScreen(Screen[None]):
    """The answer to "why was this tagged?"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("tab", "focus_next", "Next panel", show=False),
    ]

    def __init__(self, meta: dict[str, str], text: str, mentions: pd.DataFrame) -> None:
        super().__init__()
        self.meta = meta
        self.text = text
        self.mentions = mentions

    def compose(self) -> ComposeResult:
        header = Text()
        header.append_text(plain(self.meta.get("date") or "undated", style="bold"))
        header.append("  ")
        header.append_text(plain(self.meta.get("id", ""), style="dim"))
        header.append("\n")
        header.append_text(plain(self.meta.get("source", ""), style="dim"))
        legend = Text("  theme ", style=KIND_STYLES["theme"])
        legend.append(" ")
        legend.append(" sector ", style=KIND_STYLES["sector"])
        legend.append(" ")
        legend.append(" region ", style=KIND_STYLES["region"])
        with Vertical(id="article"):
            yield Static(header, id="article-meta")
            yield Static(legend, id="article-legend")
            with Horizontal():
                with VerticalScroll(id="article-text-scroll"):
                    yield Static(highlighted(self.text, self.mentions), id="article-text")
                yield DataTable(id="article-mentions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#article-mentions", DataTable)
        table.add_column(Text("Label"), key="label")
        table.add_column(Text("Kind"), key="kind")
        table.add_column(Text("Phrase"), key="phrase")
        table.add_column(Text("Why"), key="why")
        table.add_column(Text("Sentence"), key="sentence")
        for number, row in enumerate(self.mentions.to_dict("records")):
            name = str(row["name"])
            if row["rolls_up_to"] != row["label"]:
                name += f" → {row['rolls_up_to']}"
            table.add_row(
                plain(name, style="bold"),
                plain(row["kind"], style=KIND_STYLES.get(str(row["kind"]), "")),
                plain(shorten(str(row["phrase"]), 40)),
                plain(shorten(_why(row), 60), style="dim"),
                plain(shorten(str(row["sentence"]), 160)),
                key=str(number),
            )
        table.focus()

    @on(DataTable.RowHighlighted, "#article-mentions")
    def _follow(self, event: DataTable.RowHighlighted) -> None:
        """Scroll the text to the sentence of the highlighted mention."""
        if event.cursor_row >= len(self.mentions):
            return
        start = int(self.mentions.iloc[event.cursor_row]["start"])
        line = self.text.count("\n", 0, start)
        scroll = self.query_one("#article-text-scroll", VerticalScroll)
        width = max(scroll.size.width - 2, 20)
        # Wrapped lines make this approximate; it keeps the mention on screen.
        before = sum(len(x) // width + 1 for x in self.text[:start].split("\n")[:-1])
        scroll.scroll_to(y=max(before - 2, 0) if before else line, animate=False)
