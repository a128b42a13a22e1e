"""The corpus snapshot: an unchanged corpus opens from it with the same numbers, texts and
problems; a changed corpus, a missing entry or a broken snapshot never gets used."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from tests.conftest import write_parts
from tests.core.test_index import write_seed_files
from tui.core.export import export_view
from tui.core.index import CorpusIndex
from tui.core.models import ExportRequest, FilterState, Scope, View
from tui.core.query import Query
from tui.core.session import Settings, load_index, open_snapshot, snapshot_is_current
from tui.core.snapshot import save_snapshot
from tui.core.taxonomy import LoadedTaxonomy


def _open(folder: Path, taxonomy: LoadedTaxonomy, cache: Path, notes: list[str]) -> CorpusIndex:
    settings = Settings(paths=(folder,), cache_dir=cache)
    return load_index(settings, taxonomy, message=notes.append)


def _same(left: CorpusIndex, right: CorpusIndex, tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(
        left.articles.reset_index(drop=True), right.articles.reset_index(drop=True)
    )
    assert left.problems == right.problems
    assert left.duplicates == right.duplicates
    assert list(left.derived.arrays) == list(right.derived.arrays)
    prefixes = {name.rsplit(".", 1)[0] for name in left.derived.arrays if "." in name}
    for prefix in [*sorted(prefixes), "count"]:
        # Rows may be stored in another order (pairs by day); the rows themselves must agree.
        tables = [
            pd.DataFrame(
                {
                    n: np.asarray(side.derived.arrays[n])
                    for n in side.derived.arrays
                    if n == prefix or n.rsplit(".", 1)[0] == prefix
                }
            )
            for side in (left, right)
        ]
        ordered = [t.sort_values(list(t.columns)).reset_index(drop=True) for t in tables]
        pd.testing.assert_frame_equal(*ordered, check_dtype=False, obj=prefix)
    for art in range(len(left.articles)):
        assert left.text(art) == right.text(art)
        pd.testing.assert_frame_equal(left.mentions_of(art), right.mentions_of(art))
    for view in View:
        for scope in Scope:
            request = ExportRequest(view=view, filters=FilterState(), scope=scope)
            a, b = tmp_path / "a.csv", tmp_path / "b.csv"
            export_view(Query(left, scope), request, a)
            export_view(Query(right, scope), request, b)
            assert a.read_bytes() == b.read_bytes(), (view, scope)


def test_an_unchanged_corpus_opens_from_its_snapshot(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
) -> None:
    folder = write_parts(tmp_path / "corpus", 3)
    (folder / "part1" / "broken.jsonl").write_text('{"title": "no body"}\nnot json\n')
    cache, notes = tmp_path / "cache", []
    first = _open(folder, mini_taxonomy, cache, notes)
    assert "snapshot" not in first.stats
    assert save_snapshot(first)
    assert not save_snapshot(first)  # written once
    again = _open(folder, mini_taxonomy, cache, notes)
    assert again.stats.get("snapshot") == 1
    assert again.pending_snapshot is None
    _same(first, again, tmp_path)
    assert notes == []


def test_a_changed_corpus_is_put_together_again(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
) -> None:
    folder = write_parts(tmp_path / "corpus", 2)
    cache, notes = tmp_path / "cache", []
    save_snapshot(_open(folder, mini_taxonomy, cache, notes))
    changed = folder / "part0" / "stories.jsonl"
    with changed.open("a") as handle:
        handle.write('{"id": "new", "date": "2024-05-01", "body": "A coal mine opened."}\n')
    again = _open(folder, mini_taxonomy, cache, notes)
    assert "snapshot" not in again.stats
    assert "new" in set(again.articles["id"])
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert "snapshot" not in _open(folder, mini_taxonomy, cache, notes).stats


def _saved(tmp_path: Path, taxonomy: LoadedTaxonomy) -> tuple[Path, Path, list[str], CorpusIndex]:
    """A corpus of two files opened once and its snapshot saved: folder, cache, notes, index."""
    folder = write_parts(tmp_path / "corpus", 2)
    cache, notes = tmp_path / "cache", []
    reference = _open(folder, taxonomy, cache, notes)
    assert save_snapshot(reference)
    return folder, cache, notes, reference


def test_a_broken_snapshot_is_rebuilt_not_trusted(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
) -> None:
    folder, cache, notes, reference = _saved(tmp_path, mini_taxonomy)
    [snapshot] = list(cache.rglob("snapshot"))
    for damaged in sorted((snapshot / "arrays").glob("*.npy"))[:3]:
        damaged.write_bytes(damaged.read_bytes()[:20])
    again = _open(folder, mini_taxonomy, cache, notes)
    assert "snapshot" not in again.stats
    assert any("snapshot could not be read" in note for note in notes)
    _same(reference, again, tmp_path)
    # Rebuilt, it is saved again and used next time.
    save_snapshot(again)
    assert _open(folder, mini_taxonomy, cache, notes).stats.get("snapshot") == 1


def test_a_snapshot_whose_entries_are_gone_is_not_used(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
) -> None:
    folder, cache, notes, reference = _saved(tmp_path, mini_taxonomy)
    for texts in cache.rglob("texts.parquet"):
        texts.unlink()
        break
    again = _open(folder, mini_taxonomy, cache, notes)
    assert "snapshot" not in again.stats
    assert len(again.articles) == len(reference.articles)


def test_the_last_snapshot_opens_unchecked_and_is_found_stale_after(
    tmp_path: Path, mini_taxonomy: LoadedTaxonomy
) -> None:
    """The dashboard's first frame: the corpus paths' last snapshot, no corpus file looked
    at; then checked, so an added, changed or deleted seed file is found out."""
    folder = tmp_path / "seed"
    paths = write_seed_files(folder, 6)
    cache = tmp_path / "cache"
    settings = Settings(paths=(folder,), cache_dir=cache)
    assert open_snapshot(settings, mini_taxonomy, checked=False) is None  # none saved yet
    assert save_snapshot(load_index(settings, mini_taxonomy))
    shown = open_snapshot(settings, mini_taxonomy, checked=False)
    assert shown is not None and len(shown.articles) == 6
    assert snapshot_is_current(settings, shown)
    other = Settings(paths=(tmp_path / "elsewhere",), cache_dir=cache)
    assert open_snapshot(other, mini_taxonomy, checked=False) is None
    changes = [
        lambda: (folder / "added.txt").write_text("date 2024-03-01 Added\nA new steel mill.\n"),
        lambda: paths[1].write_text(paths[1].read_text() + "\nMore coal.\n"),
        lambda: paths[2].unlink(),
    ]
    for change in changes:
        change()
        stale = open_snapshot(settings, mini_taxonomy, checked=False)
        assert stale is not None and not snapshot_is_current(settings, stale)
        fresh = load_index(settings, mini_taxonomy)
        assert "snapshot" not in fresh.stats
        assert save_snapshot(fresh)
        again = open_snapshot(settings, mini_taxonomy, checked=False)
        assert again is not None and snapshot_is_current(settings, again)
        assert len(again.articles) == len(fresh.articles)
