"""Why an article counts as it does: its mentions with their sentence, and the taxonomy
phrase and rule that let each count."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from tui.core.index import CorpusIndex
from tui.core.taxonomy import LoadedTaxonomy

if TYPE_CHECKING:
    from tui.core.tagger import Tagger


class Explainer:
    """Explains one article at a time, tagging it again with a tagger made on first use."""

    def __init__(self, index: CorpusIndex, taxonomy: LoadedTaxonomy) -> None:
        self.index = index
        self.taxonomy = taxonomy
        self._tagger: Tagger | None = None

    def explain(self, art: int) -> tuple[str, pd.DataFrame]:
        """An article's text and its mentions with label, kind, sentence and phrase, and the
        taxonomy phrase (``pattern``) and rule (``rule``) that let each count."""
        text = self.index.text(art)
        rows = self.index.mentions_of(art)
        from tui.core.tagger import sentence_starts

        starts = sentence_starts(text)
        bounds = [*starts, len(text)]
        why = self._why(art, text)
        records = []
        for row in rows.to_dict("records"):
            label = self.taxonomy.labels[str(row["label"])]
            sentence = int(row["sentence"])
            start, end = int(row["start"]), int(row["end"])
            pattern, rule = why.get((label.id, start, end), ("", ""))
            records.append(
                {
                    "label": label.id,
                    "name": label.name,
                    "kind": label.kind,
                    "rolls_up_to": self.taxonomy.root(label.id),
                    "start": start,
                    "end": end,
                    "phrase": text[start:end],
                    "sentence_no": sentence,
                    "sentence": text[bounds[sentence] : bounds[sentence + 1]].strip()
                    if sentence + 1 < len(bounds)
                    else "",
                    "pattern": pattern,
                    "rule": rule,
                }
            )
        columns = [
            "label",
            "name",
            "kind",
            "rolls_up_to",
            "start",
            "end",
            "phrase",
            "sentence_no",
            "sentence",
            "pattern",
            "rule",
        ]
        return text, pd.DataFrame(records, columns=columns)

    def _why(self, art: int, text: str) -> dict[tuple[str, int, int], tuple[str, str]]:
        """Per mention (label, start, end): the taxonomy phrase and the rule that let it count,
        from tagging the one article again (the index keeps neither)."""
        if self._tagger is None:
            from tui.core.tagger import Tagger

            self._tagger = Tagger(self.taxonomy)
        title = str(self.index.articles["title"].iloc[art] or "")
        body_from = len(title) + 1 if title and text.startswith(title + "\n") else 0
        return {
            (m.label, m.start, m.end): (m.pattern, m.rule)
            for m in self._tagger.tag(text, body_from)
        }
