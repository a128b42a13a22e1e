"""The counting model of one file's mentions, as compact arrays that concatenate across files.

Everything a count needs is worked out per file, when the file is indexed, and cached with
it: which labels each article has (rolled up to the table axes), which regions it names, and
which theme is paired with which sector and region in each co-occurrence scope. Putting a
corpus together is then a concatenation, and no process ever needs all mentions at once.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from tui.core.models import LabelKind, Scope
from tui.core.taxonomy import LoadedTaxonomy

KIND_CODES: dict[LabelKind, int] = {"theme": 0, "sector": 1, "region": 2}
OTHERS: tuple[LabelKind, LabelKind] = ("sector", "region")
_DTYPES = {
    "art": np.int32,
    "code": np.int16,
    "theme": np.int16,
    "other": np.int16,
    "label": np.int16,
    "n": np.int32,
}


class LazyArrays(Mapping[str, np.ndarray]):
    """Named arrays made on first use: a corpus only ever reads the scope it counts in."""

    def __init__(
        self,
        arrays: dict[str, np.ndarray] | None = None,
        keys: list[str] | None = None,
        source: Callable[[str], np.ndarray] | None = None,
    ) -> None:
        self._made = dict(arrays or {})
        self._keys = list(keys) if keys is not None else list(self._made)
        self._source = source
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> np.ndarray:
        made = self._made.get(key)
        if made is not None:
            return made
        if key not in self._keys or self._source is None:
            raise KeyError(key)
        with self._lock:
            if key not in self._made:
                self._made[key] = self._source(key)
            return self._made[key]

    def peek(self, key: str) -> np.ndarray:
        """The array without keeping it: a concatenation of many files keeps only its own."""
        made = self._made.get(key)
        if made is not None:
            return made
        if key not in self._keys or self._source is None:
            raise KeyError(key)
        return self._source(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, arrays: dict[str, np.ndarray]) -> None:
        """More arrays, made elsewhere (another scope's pairs, worked out when asked for)."""
        with self._lock:
            for key, values in arrays.items():
                self._made[key] = values
                if key not in self._keys:
                    self._keys.append(key)

    def __getstate__(self) -> dict[str, object]:
        # Sent between processes whole: the lock and the source stay behind.
        return {"arrays": {key: self[key] for key in self._keys}}

    def __setstate__(self, state: dict[str, object]) -> None:
        arrays = state["arrays"]
        assert isinstance(arrays, dict)
        self.__init__(arrays)  # type: ignore[misc]


class Derived:
    """Named arrays; tables share a prefix ("has.theme.art", "has.theme.code", ...)."""

    def __init__(self, arrays: dict[str, np.ndarray] | LazyArrays | None = None) -> None:
        self.arrays: Mapping[str, np.ndarray] = (
            arrays if isinstance(arrays, LazyArrays) else LazyArrays(arrays or {})
        )

    def table(self, prefix: str) -> pd.DataFrame:
        columns = {
            key[len(prefix) + 1 :]: self.arrays[key]
            for key in self.arrays
            if key.startswith(prefix + ".") and key.count(".") == prefix.count(".") + 1
        }
        # No copy: the columns stay the arrays they are (pandas would otherwise block them).
        return pd.DataFrame(columns, copy=False)

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **self.arrays)  # type: ignore[arg-type]
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path | BinaryIO) -> Derived:
        """The arrays of a saved model, each read from the file when first asked for."""
        data = np.load(path, allow_pickle=False)
        keys = list(data.files)
        if "count" not in keys:
            data.close()
            raise ValueError("the counting model has no article counts")
        return cls(LazyArrays({"count": data["count"]}, keys, lambda key: data[key]))


def axis_codes(taxonomy: LoadedTaxonomy) -> tuple[np.ndarray, np.ndarray]:
    """Per taxonomy label (in file order): its kind code and its code on the kind's axis."""
    kinds = np.zeros(len(taxonomy.labels), dtype=np.int8)
    codes = np.zeros(len(taxonomy.labels), dtype=np.int16)
    axes = {kind: taxonomy.axis(kind) for kind in KIND_CODES}
    for position, label_id in enumerate(taxonomy.labels):
        label = taxonomy.labels[label_id]
        kinds[position] = KIND_CODES[label.kind]
        codes[position] = axes[label.kind].index(taxonomy.root(label_id))
    return kinds, codes


def _groups(*keys: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of ``keys`` (sorted by the first key, then the next...) and their counts."""
    return _sums(list(keys), np.ones(len(keys[0]), dtype=np.int64))


def _sums(keys: list[np.ndarray], values: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of ``keys`` with ``values`` summed over each."""
    if not len(values):
        return [key[:0] for key in keys], values[:0]
    radices = [int(key.max()) + 1 for key in keys]
    if min(int(key.min()) for key in keys) >= 0 and math.prod(radices) < 1 << 62:
        # One number per row sorts many times faster than several keys, in the same order.
        combined = keys[0].astype(np.int64)
        for key, radix in zip(keys[1:], radices[1:], strict=True):
            combined = combined * radix + key
        order = np.argsort(combined, kind="stable")
        ordered_combined = combined[order]
        change = np.ones(len(order), dtype=bool)
        change[1:] = ordered_combined[1:] != ordered_combined[:-1]
        starts = np.flatnonzero(change)
        rows = order[starts]
        return [key[rows] for key in keys], np.add.reduceat(values[order], starts)
    order = np.lexsort(keys[::-1])
    ordered = [key[order] for key in keys]
    change = np.zeros(len(order), dtype=bool)
    change[0] = True
    for key in ordered:
        change[1:] |= key[1:] != key[:-1]
    starts = np.flatnonzero(change)
    return [key[starts] for key in ordered], np.add.reduceat(values[order], starts)


def _store(arrays: dict[str, np.ndarray], prefix: str, **columns: np.ndarray) -> None:
    for name, values in columns.items():
        arrays[f"{prefix}.{name}"] = values.astype(_DTYPES[name])


def derive(
    mentions: pd.DataFrame,
    articles: int,
    taxonomy: LoadedTaxonomy,
    positions: np.ndarray | None = None,
    scopes: tuple[Scope, ...] = (Scope.article,),
) -> Derived:
    """The counting model of one file: ``mentions`` has art, label (id), sentence, paragraph;
    ``positions``, when given, is each mention's label as its position in the taxonomy.

    The pairs are worked out for ``scopes`` only: the article scope, which the dashboard
    opens with, at indexing; the others when first asked for (CorpusIndex.ensure_scope).
    """
    kinds, codes = axis_codes(taxonomy)
    if positions is None:
        # Label ids to taxonomy positions once per distinct id, not once per mention.
        known_ids = {label_id: i for i, label_id in enumerate(taxonomy.labels)}
        labels = pd.Categorical(mentions["label"].astype(str))
        by_id = np.array([known_ids.get(str(c), -1) for c in labels.categories], dtype=np.int64)
        label_codes = np.asarray(labels.codes)
        positions = by_id[label_codes] if len(by_id) else np.zeros(len(label_codes), np.int64)
    label = np.asarray(positions, dtype=np.int64)
    known = label >= 0
    label = label[known]
    art = mentions["art"].to_numpy(np.int64)[known]
    kind = kinds[label]
    code = codes[label].astype(np.int64)
    sentence = mentions["sentence"].to_numpy(np.int64)[known]
    paragraph = mentions["paragraph"].to_numpy(np.int64)[known]
    arrays: dict[str, np.ndarray] = {"count": np.bincount(art, minlength=articles).astype(np.int32)}
    for name, kind_code in KIND_CODES.items():
        chosen = kind == kind_code
        (has_art, has_code), counts = _groups(art[chosen], code[chosen])
        _store(arrays, f"has.{name}", art=has_art, code=has_code, n=counts)
    regions = kind == KIND_CODES["region"]
    (raw_art, raw_label), _ = _groups(art[regions], label[regions])
    _store(arrays, "raw", art=raw_art, label=raw_label)
    units = {
        Scope.article: art,
        Scope.paragraph: art * (1 << 24) + paragraph,
        Scope.sentence: art * (1 << 24) + sentence,
    }
    none_theme = len(taxonomy.axis("theme"))
    for scope in scopes:
        unit = units[scope]
        themes = kind == KIND_CODES["theme"]
        for other in OTHERS:
            others = kind == KIND_CODES[other]
            pair_art, pair_theme, pair_other, pair_n = _pairs(
                (unit[themes], art[themes], code[themes]),
                (unit[others], art[others], code[others]),
                none_theme,
                len(taxonomy.axis(other)),
            )
            _store(
                arrays,
                f"pairs.{scope.value}.{other}",
                art=pair_art,
                theme=pair_theme,
                other=pair_other,
                n=pair_n,
            )
    return Derived(arrays)


def _pairs(
    themes: tuple[np.ndarray, np.ndarray, np.ndarray],
    others: tuple[np.ndarray, np.ndarray, np.ndarray],
    none_theme: int,
    none_other: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(art, theme, other, n) sorted, one row per article and pair: every theme of a unit with
    every other label of that unit; "(none)" on the side a unit lacks; n the theme's mentions
    (the other label's on a "(none)" theme row)."""
    (t_unit, t_art, t_code), t_n = _groups(*themes)
    (o_unit, o_art, o_code), o_n = _groups(*others)
    first = np.searchsorted(o_unit, t_unit, side="left")
    count = np.searchsorted(o_unit, t_unit, side="right") - first
    row = np.repeat(np.arange(len(t_unit)), count)
    step = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    partner = np.repeat(first, count) + step
    alone = count == 0
    # Both unit lists are sorted: membership by binary search, not by hashing.
    at = np.minimum(np.searchsorted(t_unit, o_unit), max(len(t_unit) - 1, 0))
    lonely = t_unit[at] != o_unit if len(t_unit) else np.ones(len(o_unit), dtype=bool)
    art = np.concatenate([t_art[row], t_art[alone], o_art[lonely]])
    theme = np.concatenate([t_code[row], t_code[alone], np.full(lonely.sum(), none_theme)])
    other = np.concatenate([o_code[partner], np.full(alone.sum(), none_other), o_code[lonely]])
    n = np.concatenate([t_n[row], t_n[alone], o_n[lonely]])
    (art, theme, other), n = _sums([art, theme.astype(np.int64), other.astype(np.int64)], n)
    return art, theme, other, n


def concat(parts: list[Derived], sizes: list[int]) -> Derived:
    """One model of several files' models, their articles numbered one after the other.

    Each array is put together when first asked for.
    """
    if not parts:
        return Derived()
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

    def join(key: str) -> np.ndarray:
        pieces = []
        for part, offset in zip(parts, offsets, strict=True):
            arrays = part.arrays
            values = arrays.peek(key) if isinstance(arrays, LazyArrays) else arrays[key]
            if key.endswith(".art"):
                values = (values.astype(np.int64) + offset).astype(np.int32)
            pieces.append(values)
        return np.concatenate(pieces)

    return Derived(LazyArrays(keys=list(parts[0].arrays), source=join))


def keep_articles(model: Derived, keep: np.ndarray) -> Derived:
    """The model without the articles ``keep`` marks False (dropped duplicates), renumbered."""
    new_position = (np.cumsum(keep) - 1).astype(np.int32)

    def kept(key: str) -> np.ndarray:
        values = model.arrays[key]
        if key == "count":
            counts: np.ndarray = values[keep]
            return counts
        prefix = key.rsplit(".", 1)[0]
        rows = keep[model.arrays[f"{prefix}.art"]]
        result: np.ndarray = new_position[values[rows]] if key.endswith(".art") else values[rows]
        return result

    return Derived(LazyArrays(keys=list(model.arrays), source=kept))
