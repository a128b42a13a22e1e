"""One article's evidence as CSV: every mention with its label, words, sentence and rule, and
the article it is in, so that a finding can be cited and checked against the corpus."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tui.core.atomic import write_pair_atomic
from tui.core.export import sidecar_path, to_csv_bytes
from tui.core.taxonomy import LoadedTaxonomy

EVIDENCE_COLUMNS = [
    "id",
    "url",
    "date",
    "title",
    "label",
    "name",
    "kind",
    "rolls_up_to",
    "phrase",
    "start",
    "end",
    "sentence",
    "rule",
    "pattern",
]
"""``start`` and ``end``: character offsets of the phrase in the article's text (title, a
newline, then the body, as the index keeps it)."""


def article_url(article_id: str) -> str:
    """The id when it is a web address (KCNA's ids are), else empty."""
    return article_id if article_id.startswith(("http://", "https://")) else ""


def evidence_frame(meta: Mapping[str, str], mentions: pd.DataFrame) -> pd.DataFrame:
    """A row per mention, in the order the article view lists them."""
    article_id = str(meta.get("id", ""))
    rows: list[dict[str, Any]] = []
    for row in mentions.to_dict("records"):
        rows.append(
            {
                "id": article_id,
                "url": article_url(article_id),
                "date": str(meta.get("date", "")),
                "title": str(meta.get("title", "")),
                "label": str(row["label"]),
                "name": str(row.get("name", "")),
                "kind": str(row["kind"]),
                "rolls_up_to": str(row.get("rolls_up_to", "")),
                "phrase": str(row["phrase"]),
                "start": int(row["start"]),
                "end": int(row["end"]),
                "sentence": " ".join(str(row.get("sentence", "")).split()),
                "rule": str(row.get("rule") or ""),
                "pattern": str(row.get("pattern") or ""),
            }
        )
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def export_evidence(
    path: str | Path,
    meta: Mapping[str, str],
    mentions: pd.DataFrame,
    taxonomy: LoadedTaxonomy | None = None,
) -> int:
    """Write the article's evidence to ``path`` atomically, with a JSON sidecar that names
    the article and the taxonomy; returns the rows written."""
    frame = evidence_frame(meta, mentions)
    data = to_csv_bytes(frame)
    record: dict[str, Any] = {
        "view": "evidence",
        "article": {key: str(meta.get(key, "")) for key in ("id", "date", "title", "source")},
        "rows": len(frame),
        "offsets": "characters of the article's text: the title, a newline, the body",
    }
    if taxonomy is not None:
        record["taxonomy"] = {
            "name": taxonomy.model.name,
            "version": taxonomy.version,
            "file": taxonomy.source,
            "sha256": taxonomy.digest,
        }
    record["csv"] = {
        "file": Path(path).name,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    record["written"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    about = json.dumps(record, indent=2, default=str).encode("utf-8")
    write_pair_atomic(path, data, sidecar_path(path), about)
    return len(frame)
