"""Export: the rows of a view as RFC 4180 CSV, safe to open in a spreadsheet, written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tui.core.atomic import write_bytes_atomic, write_pair_atomic
from tui.core.compare import compare
from tui.core.models import ExportRequest, LabelKind, View
from tui.core.query import Query
from tui.core.rising import rising
from tui.core.shares import theme_shares

ARTICLE_EXPORT_COLUMNS = ["date", "title", "themes", "sectors", "regions", "mentions", "id"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ID_COLUMNS = ("id", "url")
"""Columns of article ids: neutralised only where a spreadsheet would run them, so that
they join back to the corpus (see :func:`neutralize_id`)."""


def view_frame(query: Query, request: ExportRequest) -> pd.DataFrame:
    """The table a view shows: the same rows, columns and order as the dashboard."""
    filters = request.filters
    comparing = request.compare_from is not None or request.compare_to is not None
    if comparing and request.view in (View.theme_by_sector, View.theme_by_region):
        other: LabelKind = "sector" if request.view is View.theme_by_sector else "region"
        frame = compare(query, filters, other, request.compare_from, request.compare_to)
    elif comparing:
        raise ValueError("a comparison is made of the theme-by-sector or theme-by-region view")
    elif request.view is View.theme_by_sector:
        frame = theme_shares(query, "sector", filters).reset_index()
    elif request.view is View.theme_by_region:
        frame = theme_shares(query, "region", filters).reset_index()
    elif request.view is View.timeline:
        frame = query.timeline(filters).reset_index()
    elif request.view is View.rising:
        frame = rising(query, filters, baseline=request.baseline)
    else:
        articles, _total = query.articles(
            filters,
            request.theme,
            request.other,
            request.other_kind,
            limit=None if request.sort else request.limit,
        )
        frame = articles[ARTICLE_EXPORT_COLUMNS]
    frame = sort_frame(frame, request.sort)
    if request.limit is not None:
        frame = frame.head(request.limit)
    return frame.reset_index(drop=True)


def sort_frame(frame: pd.DataFrame, sort: str | None) -> pd.DataFrame:
    """Sort by a column id ('-' first for descending); ties keep their natural order."""
    if not sort:
        return frame
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    if column not in frame.columns:
        raise ValueError(f"cannot sort by {column!r}: the view has no such column")
    return frame.sort_values(column, ascending=not descending, kind="stable")


def applicable_sort(frame: pd.DataFrame, sort: str | None) -> str | None:
    """``sort`` if ``frame`` has its column, else None (a table sorted by a column that a
    filter change took away is shown in its natural order)."""
    return sort if sort and sort.lstrip("-") in frame.columns else None


def neutralize(value: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (OWASP CSV injection advice)."""
    if value.startswith(_FORMULA_START):
        if value[0] in "+-" and _is_number(value):
            return value
        return "'" + value
    return value


# An id or URL of the characters ids and URLs are made of, and none a formula needs to call
# a function or another program (no parenthesis, quote, space, "|", "!", "=", "+", "*"):
# "-0042-a" or "@kcna/12" is at worst a name a spreadsheet cannot find, never a command.
_PLAIN_ID = re.compile(r"[+\-@]?[\w.:/#?&%~,;\[\]$\-@]*", re.ASCII)


def neutralize_id(value: str) -> str:
    """Like :func:`neutralize` for an article id: a plain id or URL is written as it is
    (an apostrophe before it would keep it from joining back to the corpus); anything a
    spreadsheet could run (``=...``, a leading tab or return, a call, a pipe) is defused."""
    if value.startswith(("=", "\t", "\r")) or _PLAIN_ID.fullmatch(value) is None:
        return neutralize(value)
    return value


# Plain decimal numbers only: float() also takes "1_000", "-1\x1f" (trailing whitespace of
# any kind) and digits of other scripts, none of which a spreadsheet reads as a number.
_NUMBER = re.compile(r"[+-](?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _is_number(value: str) -> bool:
    return _NUMBER.fullmatch(value) is not None


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6f}"
    return neutralize(str(value))


def to_csv_bytes(frame: pd.DataFrame, *, bom: bool = False) -> bytes:
    """RFC 4180 CSV (CRLF, minimal quoting, header row), UTF-8, optionally with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_writable([neutralize(str(c)) for c in frame.columns]))
    ids = [str(c) in ID_COLUMNS for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(
            _writable(
                [
                    neutralize_id(v) if is_id and isinstance(v, str) else _cell(v)
                    for v, is_id in zip(row, ids, strict=True)
                ]
            )
        )
    data = _restored(buffer.getvalue()).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


# Python 3.10's csv writer refuses a NUL in a cell (a title can hold one); 3.11 and later
# write it as it is, unquoted. On 3.10 a NUL is written as a stand-in and a letter (and the
# stand-in itself as the stand-in and another), which no quoting rule treats specially either,
# and put back after: an export is the same bytes on every Python.
_NUL_UNWRITABLE = sys.version_info < (3, 11)
_STAND_IN = "\ue000"
_STOOD_IN = re.compile(_STAND_IN + "(.)", re.DOTALL)


def _writable(cells: list[str]) -> list[str]:
    if not _NUL_UNWRITABLE:
        return cells
    return [
        cell.replace(_STAND_IN, _STAND_IN + "s").replace("\x00", _STAND_IN + "0")
        if "\x00" in cell or _STAND_IN in cell
        else cell
        for cell in cells
    ]


def _restored(text: str) -> str:
    if not _NUL_UNWRITABLE or _STAND_IN not in text:
        return text
    return _STOOD_IN.sub(lambda m: "\x00" if m.group(1) == "0" else _STAND_IN, text)


def export_view(
    query: Query, request: ExportRequest, path: str | Path, *, sidecar: bool = True
) -> int:
    """Write the view to ``path`` atomically (and a JSON sidecar); returns the rows written."""
    frame = view_frame(query, request)
    data = to_csv_bytes(frame, bom=request.bom)
    if not sidecar:
        write_bytes_atomic(path, data)
        return len(frame)
    record = sidecar_record(query, request, frame)
    # What the sidecar describes, by content: a sidecar that does not match the CSV beside
    # it (a run killed between the two renames) says so.
    record["csv"] = {
        "file": Path(path).name,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    about = json.dumps(record, indent=2, default=str).encode("utf-8")
    write_pair_atomic(path, data, sidecar_path(path), about)
    return len(frame)


def sidecar_matches(path: str | Path) -> bool:
    """Whether the CSV at ``path`` is the one its sidecar describes."""
    try:
        record = json.loads(sidecar_path(path).read_text("utf-8"))
        data = Path(path).read_bytes()
    except (OSError, ValueError):
        return False
    described = record.get("csv") if isinstance(record, dict) else None
    return (
        isinstance(described, dict)
        and described.get("bytes") == len(data)
        and described.get("sha256") == hashlib.sha256(data).hexdigest()
    )


def sidecar_path(path: str | Path) -> Path:
    target = Path(path)
    return target.with_name(target.name + ".json")


def sidecar_record(query: Query, request: ExportRequest, frame: pd.DataFrame) -> dict[str, Any]:
    """What a reader of the CSV needs to reproduce it: view, filters, taxonomy, corpus, time."""
    summary = query.index.summary()
    return {
        "view": request.view.value,
        "filters": json.loads(request.filters.model_dump_json()),
        "cell": {"theme": request.theme, "other": request.other, "kind": request.other_kind},
        "sort": request.sort,
        **({"baseline": request.baseline} if request.view is View.rising else {}),
        **(
            {"compare": {"from": request.compare_from, "to": request.compare_to}}
            if request.compare_from is not None or request.compare_to is not None
            else {}
        ),
        "rows": len(frame),
        "scope": query.scope.value,
        "taxonomy": {
            "name": query.taxonomy.model.name,
            "version": query.taxonomy.version,
            "file": query.taxonomy.source,
            "sha256": query.taxonomy.digest,
        },
        # The file list, not the summary's count of files (which it would otherwise replace).
        "corpus": {**summary, "files": list(query.index.files)},
        "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
