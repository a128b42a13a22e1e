"""Which articles (and which rows of the pairs) a choice of filters keeps."""

from __future__ import annotations

import numpy as np

from tui.core.models import NONE_LABEL, FilterState, LabelKind
from tui.core.query.caches import Recent
from tui.core.query.calendar import Calendar
from tui.core.query.model import CountingModel
from tui.core.query.textsearch import TextSearch
from tui.core.taxonomy import LoadedTaxonomy

LABEL_MASKS = 12
"""Masks of label choices kept (a megabyte each at a million articles)."""
ARTICLE_MASKS = 4
"""Article masks of whole filter states kept: the views and the Rising panels' workers ask
for the masks of different states (the filters', the current period's, its baseline's, a
year earlier's) at the same time, and one kept mask would be rebuilt by each in turn."""

MaskKey = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], object, object, str]
"""What an article mask depends on: themes, sectors, regions, date from, date to, search
(not the measure, the share or the period, which change no mask)."""


class Masks:
    """Article masks of filters, from the label tables, the calendar and the search."""

    def __init__(
        self,
        taxonomy: LoadedTaxonomy,
        model: CountingModel,
        calendar: Calendar,
        searcher: TextSearch,
    ) -> None:
        self.taxonomy = taxonomy
        self.model = model
        self.calendar = calendar
        self.searcher = searcher
        self.size = model.size
        self._last: Recent[MaskKey, np.ndarray] = Recent(ARTICLE_MASKS)
        self._labels: Recent[tuple[LabelKind, tuple[str, ...]], np.ndarray] = Recent(LABEL_MASKS)

    def codes(self, kind: LabelKind, ids: tuple[str, ...] | list[str]) -> np.ndarray:
        """Axis codes of label ids (regions roll up; '(none)' is its own code; a column id
        of several regions, "a;b", is theirs)."""
        axis = self.model.axes[kind]
        out = []
        for label_id in (part for joined in ids for part in joined.split(";")):
            if label_id == NONE_LABEL:
                out.append(axis.none_code)
            elif label_id in self.taxonomy.labels:
                out.append(axis.ids.index(self.taxonomy.root(label_id)))
        return np.array(sorted(set(out)), dtype=np.int32)

    def articles_with(self, kind: LabelKind, codes: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        table = self.model.has[kind]
        mask[table["art"].to_numpy()[np.isin(table["code"].to_numpy(), codes)]] = True
        if self.model.axes[kind].none_code in codes:
            # Articles with no label of the kind at all, and those behind a "(none)" cell.
            present = np.zeros(self.size, dtype=bool)
            present[table["art"].to_numpy()] = True
            mask |= ~present
            mask[self._articles_in_none(kind)] = True
        return mask

    def _articles_in_none(self, kind: LabelKind) -> np.ndarray:
        """Articles counted in the "(none)" row or column of ``kind`` (in the current scope).

        In sentence or paragraph scope an article can have a sector and still have a theme
        with no sector beside it: choosing "(none)" keeps the articles behind those cells.
        """
        axes, pairs = self.model.axes, self.model.pairs
        if kind == "theme":
            parts = [
                p["art"].to_numpy()[p["theme"].to_numpy() == axes["theme"].none_code]
                for p in pairs.values()
            ]
            return np.unique(np.concatenate(parts)) if parts else np.array([], dtype=np.int64)
        table = pairs[kind]
        return np.unique(table["art"].to_numpy()[table["other"].to_numpy() == axes[kind].none_code])

    def _articles_in_regions(self, region_ids: tuple[str, ...]) -> np.ndarray:
        wanted: set[str] = set()
        for region in region_ids:
            if region in self.taxonomy.labels:
                wanted |= self.taxonomy.descendants(region)
        positions = [i for i, label in enumerate(self.taxonomy.labels) if label in wanted]
        mask = np.zeros(self.size, dtype=bool)
        table = self.model.raw_regions
        mask[table["art"].to_numpy()[np.isin(table["label"].to_numpy(), positions)]] = True
        if NONE_LABEL in region_ids:
            mask |= self.articles_with("region", np.array([self.model.axes["region"].none_code]))
        return mask

    def article_mask(self, filters: FilterState) -> np.ndarray:
        """The articles every view of ``filters`` is counted over (the mask is read-only)."""
        key: MaskKey = (
            filters.themes,
            filters.sectors,
            filters.regions,
            filters.date_from,
            filters.date_to,
            filters.search.strip(),
        )
        cached = self._last.find(key)
        if cached is not None:
            return cached
        mask = self.build_article_mask(filters)
        mask.flags.writeable = False
        # Every panel of one keypress asks for the same mask: work it out once.
        self._last.keep(key, mask)
        return mask

    def build_article_mask(self, filters: FilterState) -> np.ndarray:
        """``article_mask`` worked out afresh (writeable, not kept)."""
        mask = self.calendar.date_mask(filters)
        if filters.themes:
            mask &= self._label_mask("theme", filters.themes)
        if filters.sectors:
            mask &= self._label_mask("sector", filters.sectors)
        if filters.regions:
            mask &= self._label_mask("region", filters.regions)
        if filters.search.strip():
            mask &= self.searcher.search_mask(filters.search)
        return mask

    def _label_mask(self, kind: LabelKind, ids: tuple[str, ...]) -> np.ndarray:
        """The articles a choice of labels keeps (read-only), from the last few choices if
        there: most keystrokes change one filter, and the others' masks stay as they were."""
        key = (kind, ids)
        cached = self._labels.find(key)
        if cached is not None:
            return cached
        if kind == "region":
            mask = self._articles_in_regions(ids)
        else:
            mask = self.articles_with(kind, self.codes(kind, ids))
        mask.flags.writeable = False
        self._labels.keep(key, mask)
        return mask

    def selected_rows(self, other: LabelKind, filters: FilterState) -> np.ndarray:
        """The rows of the pairs the filters keep, ascending within each article."""
        pairs = self.model.pairs[other]
        mask = self.article_mask(filters)
        span = self.model.pair_span(other, filters)
        arts = np.flatnonzero(mask)
        starts, lengths = self.model.article_runs(other)
        run_lengths = lengths[arts].astype(np.int64)
        total = int(run_lengths.sum())
        if total * 3 < span.stop - span.start:
            # Few articles: gather their runs of rows rather than test every row in range.
            offsets = np.cumsum(run_lengths) - run_lengths
            rows = np.arange(total, dtype=np.int64) + np.repeat(
                starts[arts].astype(np.int64) - offsets, run_lengths
            )
        else:
            keep = mask[pairs["art"].to_numpy()[span]]
            rows = np.flatnonzero(keep) + span.start
        keep = np.ones(len(rows), dtype=bool)
        if filters.themes:
            keep &= np.isin(pairs["theme"].to_numpy()[rows], self.codes("theme", filters.themes))
        chosen = filters.sectors if other == "sector" else filters.regions
        if chosen:
            keep &= np.isin(pairs["other"].to_numpy()[rows], self.codes(other, chosen))
        kept: np.ndarray = rows if keep.all() else rows[keep]
        return kept
