"""Watching the corpus for changes without spending CPU while nothing happens.

The kernel says when a file changes (inotify on Linux, through watchfiles): an idle
dashboard does nothing at all, where listing the corpus every two seconds kept a core a few
percent busy. A corpus file is watched through its folder, so that a file replaced by a
rename (as editors and downloaders write) is still seen. When watchfiles is missing or the
watch cannot start (no inotify, its limit reached), ``start`` says so and the caller polls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

DEBOUNCE_MS = 1600
"""Changes within this long of each other are reported once (a file being written)."""
STEP_MS = 1000
"""How often the watch thread wakes to see whether it should stop (and no more)."""


class CorpusWatcher:
    """Calls ``on_change`` (from its own thread) after files under ``paths`` change;
    ``on_failure`` (from that thread too) if the watch stops with an error."""

    def __init__(
        self,
        paths: Iterable[Path],
        on_change: Callable[[], None],
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = [Path(path).absolute() for path in paths]
        self.on_change = on_change
        self.on_failure = on_failure
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _targets(self) -> tuple[list[Path], set[Path], list[Path]]:
        """What to watch (existing folders), the files of interest, the folders of interest."""
        watched: list[Path] = []
        files: set[Path] = set()
        folders: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                folders.append(path)
                watched.append(path)
            else:
                files.add(path)
                watched.append(path.parent)
        unique = list(dict.fromkeys(p for p in watched if p.is_dir()))
        return unique, files, folders

    def relevant(self, changed: Path, files: set[Path], folders: list[Path]) -> bool:
        """Whether a changed path is a corpus file or lies in a corpus folder."""
        changed = changed.absolute()
        return changed in files or any(changed.is_relative_to(folder) for folder in folders)

    def start(self) -> bool:
        """Start watching in a thread of its own; False when watchfiles is missing or there
        is nothing to watch. A watch the kernel refuses reports to ``on_failure``."""
        try:
            import watchfiles  # noqa: F401  (an optional speed-up: polling without it)
        except ImportError:
            return False
        watched, files, folders = self._targets()
        if not watched:
            return False
        self._thread = threading.Thread(
            target=self._run, args=(watched, files, folders), name="corpus-watch", daemon=True
        )
        self._thread.start()
        return True

    def _run(self, watched: list[Path], files: set[Path], folders: list[Path]) -> None:
        from watchfiles import watch

        try:
            for batch in watch(
                *watched,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=self._stop,
                recursive=bool(folders),
                raise_interrupt=False,
                ignore_permission_denied=True,
            ):
                if any(self.relevant(Path(path), files, folders) for _, path in batch):
                    self.on_change()
        except Exception as error:  # the caller falls back to polling
            if not self._stop.is_set() and self.on_failure is not None:
                self.on_failure(str(error))

    def stop(self) -> None:
        self._stop.set()
