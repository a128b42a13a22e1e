"""How many articles each label would give: the numbers beside a picker's labels.

Choosing a label in a picker replaces that kind's choice (the other filters stay), so each
label's number is the articles under the other filters that hold it; a province counts its
cities and counties, as its filter does.
"""

from __future__ import annotations

import numpy as np

from tui.core.models import FilterState, LabelKind, Measure
from tui.core.query import Query

_FIELDS: dict[LabelKind, str] = {"theme": "themes", "sector": "sectors", "region": "regions"}


def label_counts(query: Query, filters: FilterState, kind: LabelKind) -> dict[str, int]:
    """Per label id of ``kind``: the articles ``filters`` would give with that label alone
    chosen for ``kind`` (distinct articles, whatever the measure)."""
    base = filters.model_copy(
        update={_FIELDS[kind]: (), "measure": Measure.articles, "share": False}
    )
    if kind == "region":
        return _region_counts(query, base)
    totals = query.theme_totals(base, kind)
    counts = {str(label): int(value) for label, value in totals.items()}
    # Labels under another (none today but regions) count as their first-level label does.
    return {
        label.id: counts.get(label.id, counts.get(query.taxonomy.root(label.id), 0))
        for label in query.taxonomy.of_kind(kind)
    }


def _region_counts(query: Query, filters: FilterState) -> dict[str, int]:
    taxonomy = query.taxonomy
    ids = list(taxonomy.labels)
    position = {label_id: number for number, label_id in enumerate(ids)}
    # Each label's chain up to its first-level region (itself first), as positions.
    chains = []
    for label_id in ids:
        chain: list[int] = []
        current: str | None = label_id
        while current is not None and current in position and len(chain) < len(ids):
            chain.append(position[current])
            current = taxonomy.labels[current].parent
        chains.append(chain)
    depth = max((len(chain) for chain in chains), default=0)
    up = np.full((len(ids), max(depth, 1)), -1, dtype=np.int64)
    for number, chain in enumerate(chains):
        up[number, : len(chain)] = chain
    mask = query.article_mask(filters)
    raw = query.model.raw_regions  # every region an article names, before the roll-up
    art = raw["art"].to_numpy()
    label = raw["label"].to_numpy().astype(np.int64)
    kept = mask[art]
    art, label = art[kept].astype(np.int64), label[kept]
    keys = []
    for level in range(up.shape[1]):
        ancestor = up[label, level]
        named = ancestor >= 0
        keys.append(art[named] * len(ids) + ancestor[named])
    distinct = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    counts = np.bincount(distinct % len(ids), minlength=len(ids)) if len(ids) else distinct
    return {
        label_id: int(counts[position[label_id]])
        for label_id in ids
        if taxonomy.labels[label_id].kind == "region"
    }
