"""The counting model of one file's mentions, as compact arrays that concatenate across files.

Everything a count needs is worked out per file, when the file is indexed, and cached with
it: which labels each article has (rolled up to the table axes), which regions it names, and
which theme is paired with which sector and region in each co-occurrence scope. Putting a
corpus together is then a concatenation, and no process ever needs all mentions at once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class Derived:
    """Named arrays; tables share a prefix ("has.theme.art", "has.theme.code", ...)."""

    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def table(self, prefix: str) -> pd.DataFrame:
        columns = {
            key[len(prefix) + 1 :]: value
            for key, value in self.arrays.items()
            if key.startswith(prefix + ".")
        }
        return pd.DataFrame(columns)

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **self.arrays)  # type: ignore[arg-type]
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> Derived:
        with np.load(path, allow_pickle=False) as data:
            return cls({key: data[key] for key in data.files})


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


def _table(frame: pd.DataFrame, prefix: str, columns: list[str]) -> dict[str, np.ndarray]:
    return {f"{prefix}.{c}": frame[c].to_numpy().astype(_DTYPES[c]) for c in columns}


def derive(mentions: pd.DataFrame, articles: int, taxonomy: LoadedTaxonomy) -> Derived:
    """The counting model of one file: ``mentions`` has art, label (id), sentence, paragraph."""
    kinds, codes = axis_codes(taxonomy)
    positions = {label_id: i for i, label_id in enumerate(taxonomy.labels)}
    label = np.array([positions.get(str(x), -1) for x in mentions["label"]], dtype=np.int32)
    known = label >= 0
    frame = pd.DataFrame(
        {
            "art": mentions["art"].to_numpy(np.int64)[known],
            "kind": kinds[label[known]],
            "code": codes[label[known]],
            "label": label[known],
            "sentence": mentions["sentence"].to_numpy(np.int64)[known],
            "paragraph": mentions["paragraph"].to_numpy(np.int64)[known],
        }
    )
    arrays: dict[str, np.ndarray] = {
        "count": np.bincount(frame["art"].to_numpy(), minlength=articles).astype(np.int32)
    }
    for kind, kind_code in KIND_CODES.items():
        part = frame[frame["kind"] == kind_code]
        has = part.groupby(["art", "code"], sort=True).size().rename("n").reset_index()
        arrays.update(_table(has, f"has.{kind}", ["art", "code", "n"]))
    regions = frame[frame["kind"] == KIND_CODES["region"]][["art", "label"]].drop_duplicates()
    arrays.update(_table(regions.sort_values(["art", "label"]), "raw", ["art", "label"]))
    for scope in Scope:
        for other in OTHERS:
            pairs = _pairs(frame, scope, other, taxonomy)
            arrays.update(
                _table(pairs, f"pairs.{scope.value}.{other}", ["art", "theme", "other", "n"])
            )
    return Derived(arrays)


def _pairs(
    frame: pd.DataFrame, scope: Scope, other: LabelKind, taxonomy: LoadedTaxonomy
) -> pd.DataFrame:
    """(art, theme, other, n): who is counted with whom, one row per article and pair."""
    if scope is Scope.article:
        unit = frame["art"]
    else:
        column = "paragraph" if scope is Scope.paragraph else "sentence"
        unit = frame["art"] * (1 << 24) + frame[column]
    frame = frame.assign(unit=unit)
    themes = (
        frame[frame["kind"] == KIND_CODES["theme"]]
        .groupby(["unit", "art", "code"], sort=False)
        .size()
        .rename("n")
        .reset_index()
        .rename(columns={"code": "theme"})
    )
    others = (
        frame[frame["kind"] == KIND_CODES[other]]
        .groupby(["unit", "art", "code"], sort=False)
        .size()
        .rename("n")
        .reset_index()
        .rename(columns={"code": "other"})
    )
    none_theme = len(taxonomy.axis("theme"))
    none_other = len(taxonomy.axis(other))
    with_theme = themes.merge(others[["unit", "other"]], on="unit", how="left")
    with_theme["other"] = with_theme["other"].fillna(none_other).astype(np.int64)
    lonely = others[~others["unit"].isin(themes["unit"])].assign(theme=none_theme)
    pairs = pd.concat(
        [with_theme[["art", "theme", "other", "n"]], lonely[["art", "theme", "other", "n"]]],
        ignore_index=True,
    )
    return pairs.groupby(["art", "theme", "other"], sort=True)["n"].sum().reset_index()


def concat(parts: list[Derived], sizes: list[int]) -> Derived:
    """One model of several files' models, their articles numbered one after the other."""
    if not parts:
        return Derived()
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    out: dict[str, np.ndarray] = {}
    for key in parts[0].arrays:
        pieces = []
        for part, offset in zip(parts, offsets, strict=True):
            values = part.arrays[key]
            if key.endswith(".art"):
                values = (values.astype(np.int64) + offset).astype(np.int32)
            pieces.append(values)
        out[key] = np.concatenate(pieces)
    return Derived(out)


def keep_articles(model: Derived, keep: np.ndarray) -> Derived:
    """The model without the articles ``keep`` marks False (dropped duplicates), renumbered."""
    new_position = (np.cumsum(keep) - 1).astype(np.int32)
    out: dict[str, np.ndarray] = {"count": model.arrays["count"][keep]}
    prefixes = {key.rsplit(".", 1)[0] for key in model.arrays if key != "count"}
    for prefix in prefixes:
        art = model.arrays[f"{prefix}.art"]
        rows = keep[art]
        for key, values in model.arrays.items():
            if key.startswith(prefix + ".") and key.count(".") == prefix.count(".") + 1:
                out[key] = new_position[values[rows]] if key.endswith(".art") else values[rows]
    return Derived(out)
