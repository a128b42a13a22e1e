"""The benchmark's corpus in the seed's own format, and where the real copy is by default.

``campaign-tui bench --format txt`` writes the replica as one seed-format ``.txt`` file per
article (``date YYYY-MM-DD Title``, then the body), all in one folder, as analysts keep their
clippings; the default is real copy from ``../shared/corpora`` when it is there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from tui.bench import SERIAL_SENTENCE

REAL_CORPORA = ("kcna-2011-2012.jsonl", "kcna-2024.jsonl")


def shared_corpora() -> tuple[Path, ...]:
    """The real corpora in ../shared (next to the project, or to the working folder), if
    there; empty otherwise."""
    root = Path(__file__).resolve().parents[1]
    for shared in (root.parent / "shared", Path.cwd().parent / "shared", Path("/work/shared")):
        found = tuple(shared / "corpora" / name for name in REAL_CORPORA)
        if all(path.is_file() for path in found):
            return found
    return ()


def replicate_txt(
    pool: Sequence[tuple[str, str, str]], folder: Path, articles: int, seed: int
) -> list[Path]:
    """Write ``articles`` seed-format files cycling through ``pool`` with new dates and a
    distinct sentence each (no two bodies equal), as the JSON Lines replica does."""
    if not pool:
        raise ValueError("the corpus to replicate holds no readable article")
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first + 1
    step = 7919 + seed
    heads = [(" ".join(title.split()) or "Untitled", body.strip()) for title, body, _ in pool]
    written = []
    for serial in range(1, articles + 1):
        title, body = heads[serial % len(heads)]
        text = f"{serial:07d}"
        day = dt.date.fromordinal(first + (serial * step) % span).isoformat()
        path = folder / f"bench-{text}.txt"
        sentence = SERIAL_SENTENCE.format(serial=text)
        path.write_text(f"date {day} {title}\n{body}\n{sentence}\n", "utf-8")
        written.append(path)
    return written


def append_to_txt(path: Path, serial: int) -> None:
    """Change one seed file (a sentence added to its body)."""
    with path.open("a", encoding="utf-8", newline="\n") as out:
        out.write(f"This is appended item {serial}.\n")
