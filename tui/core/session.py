"""What a run works on (corpus paths, taxonomy, cache, fields, scope) and how it is loaded."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tui.core.index import (
    CorpusIndex,
    IndexCache,
    MessageCallback,
    ProgressCallback,
    build_index,
)
from tui.core.index.model import stat_files
from tui.core.index.snapshot import corpus_id, crc_memo, load_snapshot, snapshot_key
from tui.core.models import Scope
from tui.core.paths import cache_dir, demo_corpus_path
from tui.core.readers import FieldMap, iter_corpus_files
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy


class Settings(BaseModel):
    """Options shared by the dashboard and every command."""

    model_config = ConfigDict(frozen=True)

    paths: tuple[Path, ...] = ()
    """Corpus files or folders; empty means the bundled demo corpus."""
    taxonomy: Path | None = None
    cache_dir: Path | None = None
    use_cache: bool = True
    fields: tuple[str, ...] = ()
    """Explicit field names such as 'body=story_text'."""
    scope: Scope = Scope.article

    def corpus_paths(self) -> list[Path]:
        return list(self.paths) if self.paths else [demo_corpus_path()]

    def field_map(self) -> FieldMap | None:
        return FieldMap.parse(list(self.fields)) if self.fields else None

    def cache_root(self) -> Path | None:
        return cache_dir(self.cache_dir) if self.use_cache else None


def load_index(
    settings: Settings,
    taxonomy: LoadedTaxonomy | None = None,
    *,
    progress: ProgressCallback | None = None,
    message: MessageCallback | None = None,
) -> CorpusIndex:
    """The corpus's index: from its snapshot when the corpus is unchanged since it was
    saved, else built (from the cache entries of unchanged files) and marked due for a new
    snapshot. The only place a snapshot is tried."""
    taxonomy = taxonomy or load_taxonomy(settings.taxonomy)
    listed = iter_corpus_files(settings.corpus_paths())
    root = settings.cache_root()
    key = None
    # Each file is stat once: its snapshot key, its size and its shard's check share it.
    stats = stat_files(listed[0]) if root is not None else None
    if root is not None:
        cache = IndexCache(root, taxonomy, settings.field_map())
        try:
            key = snapshot_key(listed[0], stats, crc_memo(root))
            whole = load_snapshot(cache.root, key, taxonomy, listed[1])
        except Exception as error:  # a broken snapshot is rebuilt, not trusted
            whole = None
            if message:
                message(
                    f"{cache.root}: the corpus snapshot could not be read ({error}); rebuilding"
                )
        if whole is not None:
            if progress:
                progress(1, 1)
            return whole
    return build_index(
        settings.corpus_paths(),
        taxonomy,
        fields=settings.field_map(),
        cache_root=root,
        progress=progress,
        message=message,
        snapshot=key or False,
        listed=listed,
        stats=stats,
    )


def open_snapshot(
    settings: Settings, taxonomy: LoadedTaxonomy, *, checked: bool = True
) -> CorpusIndex | None:
    """The corpus from its snapshot if it is unchanged since the snapshot was saved, else
    None (quick either way: worth trying while the dashboard is still starting).

    Not ``checked``: the last snapshot of the corpus paths, before any file of the corpus
    is looked at (listing and checking a hundred thousand files takes longer than showing
    them): ``snapshot_is_current`` says afterwards whether it still holds the corpus.
    """
    root = settings.cache_root()
    if root is None:
        return None
    try:
        cache = IndexCache(root, taxonomy, settings.field_map())
        if not checked:
            corpus = corpus_id(settings.corpus_paths())
            return load_snapshot(cache.root, None, taxonomy, [], corpus=corpus)
        files, path_problems = iter_corpus_files(settings.corpus_paths())
        key = snapshot_key(files, memo=crc_memo(root))
        return load_snapshot(cache.root, key, taxonomy, path_problems)
    except Exception:  # the full load that follows reports and rebuilds what is broken
        return None


def snapshot_is_current(settings: Settings, index: CorpusIndex) -> bool:
    """Whether ``index``, opened from a snapshot without checking it, holds the corpus as
    it is now (the same files, each the same, and nothing amiss in finding them)."""
    if index.snapshot_key is None:
        return False
    files, path_problems = iter_corpus_files(settings.corpus_paths())
    if path_problems:
        return False
    return snapshot_key(files, memo=crc_memo(settings.cache_root())) == index.snapshot_key
