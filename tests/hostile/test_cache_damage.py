"""A damaged cache or snapshot is never counted from, and a stale one is never served.

Each case damages what a first run cached (one flipped byte or bit, a table swapped for
another valid one) or edits a corpus file without changing its size or modification time;
the next run must give exactly the numbers of a clean run, say that it rebuilt what was
damaged, and the run after it must be quiet again. Files that vanish while the corpus is
indexed are a problem of those files alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import STORIES, write_parts
from tests.hostile.conftest import MINI, jsonl, run_cli
from tui.core import session as session_module
from tui.core.index import parts as parts_module
from tui.core.index import units as units_module
from tui.core.session import Settings, load_index
from tui.core.snapshot import save_snapshot
from tui.core.taxonomy import load_taxonomy

EXPORT = ["--view", "theme-by-sector", "--measure", "mentions"]


def seed(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"date 2024-02-0{len(name) % 9 + 1} A seed story\n{body}\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two JSON Lines files and a folder of one-article seed files."""
    folder = write_parts(tmp_path / "corpus", 2)
    seed(
        folder / "seeds",
        "s1.txt",
        "The night crew of a coal mine in Hamhung joined an emulation drive.",
    )
    seed(
        folder / "seeds", "s2.txt", "A cooperative farm in Pyongyang saw an upsurge in production."
    )
    return folder


def opts(cache: Path) -> list[str]:
    return ["--taxonomy", str(MINI), "--cache-dir", str(cache)]


def export(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, cache: Path, *extra: str
) -> tuple[bytes, str]:
    code, out, err = run_cli(capsysbinary, ["export", str(corpus), *EXPORT, *extra, *opts(cache)])
    assert code == 0, err
    assert "Traceback" not in err
    return out, err


def summary(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, cache: Path
) -> tuple[dict[str, object], str]:
    code, out, err = run_cli(capsysbinary, ["index", str(corpus), "--json", *opts(cache)])
    assert code == 0, err
    return json.loads(out), err


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("note: ")]


def flip(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def entries(cache: Path, name: str) -> Iterator[Path]:
    yield from sorted(cache.glob(f"v*/*/*/{name}"))


@pytest.mark.parametrize("where", ["middle", "count"])
def test_a_flipped_byte_in_a_cached_counting_model_is_rebuilt(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, tmp_path: Path, where: str
) -> None:
    """The old code raised BadZipFile on every run until the cache was deleted by hand."""
    cache = tmp_path / "cache"
    expected, _ = export(capsysbinary, corpus, cache)
    model = next(entries(cache, "derived.npz"))
    if where == "middle":
        flip(model, model.stat().st_size // 2)
    else:
        # The last bytes of the stored counts array (np.savez stores without compression).
        data = model.read_bytes()
        at = data.index(b"count.npy")
        flip(model, data.index(b"\x93NUMPY", at) + 200)
    out, err = export(capsysbinary, corpus, cache)
    assert out == expected
    [note] = notes(err)
    assert "the cached index could not be read" in note and "derived.npz is damaged" in note
    assert note.endswith("; rebuilding")
    out, err = export(capsysbinary, corpus, cache)
    assert out == expected and notes(err) == []


def test_a_texts_table_swapped_for_another_valid_one_is_rebuilt(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, tmp_path: Path
) -> None:
    """A valid parquet of another column, same row count: the old code failed every
    --search, and every export of the seed files' shard, until the cache was deleted."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cache = tmp_path / "cache"
    expected, _ = export(capsysbinary, corpus, cache, "--search", "coal")
    for texts in entries(cache, "texts.parquet"):
        rows = pq.ParquetFile(texts).metadata.num_rows
        pq.write_table(pa.table({"other": pa.array(["x"] * rows)}), texts)
    out, err = export(capsysbinary, corpus, cache, "--search", "coal")
    assert out == expected
    assert len(notes(err)) == 3  # two JSON Lines files and the shard of seed files
    assert all("rebuilding" in note for note in notes(err))
    articles, _ = export(capsysbinary, corpus, cache, "--view", "articles")
    assert articles.count(b"\r\n") == 1 + 2 * (len(STORIES) - 1) + 2  # header, kept articles


def make_snapshot(corpus: Path, cache: Path) -> Path:
    taxonomy = load_taxonomy(MINI)
    index = load_index(Settings(paths=(corpus,), cache_dir=cache), taxonomy)
    assert save_snapshot(index)
    [snapshot] = list(cache.glob("v*/*/snapshot"))
    return snapshot


@pytest.mark.parametrize("damage", ["count-bit", "pairs-bytes", "articles"])
def test_a_damaged_snapshot_is_rebuilt_never_counted_from(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, tmp_path: Path, damage: str
) -> None:
    """One flipped bit in the count array gave wrong mention counts, exit 0, no note; other
    flipped bytes gave IndexError on every run."""
    cache = tmp_path / "cache"
    expected, _ = export(capsysbinary, corpus, cache)
    expected_summary, _ = summary(capsysbinary, corpus, tmp_path / "clean")
    snapshot = make_snapshot(corpus, cache)
    meta = json.loads((snapshot / "meta.json").read_text())
    if damage in ("count-bit", "pairs-bytes"):
        name = (
            "count"
            if damage == "count-bit"
            else next(
                n for n in meta["arrays"] if n.startswith("pairs.article.") and n.endswith(".art")
            )
        )
        path = snapshot / "arrays" / f"{meta['arrays'].index(name)}.npy"
        values = np.load(path)
        first = path.stat().st_size - values.nbytes  # the data, after the header
        if damage == "count-bit":
            flip(path, first, 0x01)  # the first article's count, off by one
        else:
            for offset in range(first + 3, path.stat().st_size, 4):
                flip(path, offset, 0x40)  # every row points far past the articles
    else:
        path = snapshot / "articles.arrow"
        flip(path, path.stat().st_size // 2)
    got, err = summary(capsysbinary, corpus, cache)
    assert got["mentions"] == expected_summary["mentions"]
    [note] = notes(err)
    assert "the corpus snapshot could not be read" in note and "is damaged" in note
    out, err = export(capsysbinary, corpus, cache)
    assert out == expected


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (the same length), keeping the size and modification time,
    as cp -p, rsync -t or tar x would."""
    assert len(old) == len(new)
    stat = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns


@pytest.mark.parametrize("kind", ["jsonl", "parts", "seed", "snapshot"])
def test_a_file_edited_without_a_new_size_or_time_is_read_again(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    if kind == "parts":
        # A large JSON Lines file, cached part by part (limits lowered to keep it small).
        monkeypatch.setattr(parts_module, "PART_MIN_BYTES", 256)
        monkeypatch.setattr(parts_module, "PART_LINES", 2)
    cache = tmp_path / "cache"
    export(capsysbinary, corpus, cache)
    if kind == "snapshot":
        make_snapshot(corpus, cache)
    if kind == "seed":
        edit_in_place(corpus / "seeds" / "s1.txt", b"coal mine", b"farm land")
    else:
        edit_in_place(corpus / "part1" / "stories.jsonl", b"coal mine", b"farm land")
    out, err = export(capsysbinary, corpus, cache)
    clean, _ = export(capsysbinary, corpus, tmp_path / "clean")
    assert out == clean
    assert notes(err) == []


@pytest.fixture
def large(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A JSON Lines file large enough to be cut into parts (limits lowered)."""
    monkeypatch.setattr(parts_module, "PART_MIN_BYTES", 256)
    monkeypatch.setattr(parts_module, "PART_LINES", 2)
    path = corpus / "large.jsonl"
    records = [
        {**story, "id": f"L{n}-{story['id']}", "body": f"{story['body']} L{n}."}
        for n in range(3)
        for story in STORIES
    ]
    path.write_text(jsonl(records))
    return path


@pytest.mark.parametrize("when", ["after-listing", "after-cutting"])
def test_files_that_vanish_while_indexing_are_their_own_problem(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus: Path,
    large: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    """A seed .txt and a large .jsonl deleted while `index` runs: the old code stopped with
    `error: [Errno 2]`, exit 1, nothing read."""
    doomed = [corpus / "seeds" / "s1.txt", large]
    if when == "after-listing":
        listing = session_module.iter_corpus_files

        def list_then_delete(paths):  # type: ignore[no-untyped-def]
            found = listing(paths)
            for path in doomed:
                path.unlink()
            return found

        monkeypatch.setattr(session_module, "iter_corpus_files", list_then_delete)
    else:
        reading = units_module.index_part

        def delete_then_read(part, *args):  # type: ignore[no-untyped-def]
            for path in doomed:
                path.unlink(missing_ok=True)
            return reading(part, *args)

        monkeypatch.setattr(units_module, "index_part", delete_then_read)
    code, out, err = run_cli(capsysbinary, ["index", str(corpus), "--json", *opts(tmp_path / "c")])
    assert code == 0, err
    assert "Errno" not in err
    gone = sorted(line for line in err.splitlines() if "went away" in line)
    expected = [
        f"error: {path}: the file went away while the corpus was indexed: skipped"
        for path in doomed
    ]
    if when == "after-cutting":
        # The seed file was listed in its folder's shard before it went: reported the same.
        pass
    assert gone == sorted(expected)
    figures = json.loads(out)
    # Both JSON Lines parts files and the seed left are read: 2 x 5 distinct stories + 1.
    assert figures["articles"] == 2 * (len(STORIES) - 1) + 1
