"""The benchmark corpus: the shared corpora or the demo's, replicated to the size asked."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.bench.common import SERIAL_SENTENCE, BenchOptions, Log


def _split_lines(source: Path, parts: list[Path], total: int) -> None:
    """Copy the lines of ``source`` into ``parts``, in order, about equally many in each."""
    per_part = -(-total // len(parts))
    with source.open("rb") as handle:
        for part in parts:
            with part.open("wb") as out:
                chunk: list[bytes] = []
                for _ in range(per_part):
                    line = handle.readline()
                    if not line:
                        break
                    chunk.append(line)
                    if len(chunk) >= 10_000:
                        out.write(b"".join(chunk))
                        chunk.clear()
                out.write(b"".join(chunk))


def _source_pool(paths: Sequence[Path], fields: Any = None) -> list[tuple[str, str, str]]:
    """(title, body, topic) of every distinct article of the given corpus files."""
    from tui.core.models import Problem
    from tui.core.readers import iter_articles, iter_corpus_files

    files, _ = iter_corpus_files(list(paths))
    pool: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for file in files:
        for item in iter_articles(file, fields):
            if isinstance(item, Problem) or not item.body.strip() or item.body in seen:
                continue
            seen.add(item.body)
            pool.append((item.title, item.body, item.topic))
    return pool


def replicate_corpus(
    pool: Sequence[tuple[str, str, str]], parts: list[Path], articles: int, seed: int
) -> None:
    """Write ``articles`` records cycling through ``pool`` with new ids, dates and sentences."""
    if not pool:
        raise ValueError("the corpus to replicate holds no readable article")
    first = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first + 1
    days = [dt.date.fromordinal(first + i).isoformat() for i in range(span)]
    # Pre-encoded pieces: json.dumps per record would dominate the run time.
    heads = [
        f', "title": {json.dumps(title)}, "topic": {json.dumps(topic)}, "body": '
        + json.dumps(body)[:-1]
        + "\\n"
        for title, body, topic in pool
    ]
    per_part = -(-articles // len(parts))
    step = 7919 + seed  # coprime with nothing in particular: spreads dates over the span
    serial = 0
    for part in parts:
        with part.open("w", encoding="utf-8", newline="\n") as out:
            chunk: list[str] = []
            for _ in range(min(per_part, articles - serial)):
                serial += 1
                text = f"{serial:07d}"
                day = days[(serial * step) % span]
                sentence = SERIAL_SENTENCE.format(serial=text)
                chunk.append(
                    f'{{"id": "bench-{text}", "date": "{day}"'
                    f'{heads[serial % len(heads)]}{sentence}"}}\n'
                )
                if len(chunk) >= 10_000:
                    out.write("".join(chunk))
                    chunk.clear()
            out.write("".join(chunk))


def make_corpus(options: BenchOptions, corpus_dir: Path, log: Log) -> dict[str, Any]:
    """Write the benchmark corpus as ``part-NN.jsonl`` files; return what was written."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    n_files = max(1, min(options.files, options.articles))
    parts = [corpus_dir / f"part-{i:02d}.jsonl" for i in range(n_files)]
    started = time.perf_counter()
    if options.format == "txt":
        from tui.bench_corpus import replicate_txt

        shutil.rmtree(corpus_dir, ignore_errors=True)
        pool = _source_pool(options.corpus) if options.corpus else _demo_pool(corpus_dir, options)
        log(f"writing {options.articles:,} seed-format files from {len(pool):,} articles")
        written = replicate_txt(pool, corpus_dir, options.articles, options.seed)
        return {
            "source": ("replica of " + ", ".join(str(p) for p in options.corpus))
            if options.corpus
            else "tui.demo.write_jsonl_corpus (synthetic)",
            "files": len(written),
            "bytes": sum(p.stat().st_size for p in written),
            "write_s": time.perf_counter() - started,
        }
    if options.corpus:
        pool = _source_pool(options.corpus)
        log(f"replicating {len(pool):,} distinct articles to {options.articles:,}")
        replicate_corpus(pool, parts, options.articles, options.seed)
        source = "replica of " + ", ".join(str(p) for p in options.corpus)
    else:
        from tui.demo import write_jsonl_corpus

        log(f"generating {options.articles:,} synthetic articles")
        whole = corpus_dir.parent / "generated.jsonl"
        write_jsonl_corpus(whole, options.articles, options.seed)
        _split_lines(whole, parts, options.articles)
        whole.unlink()
        source = "tui.demo.write_jsonl_corpus (synthetic)"
    size = sum(p.stat().st_size for p in parts)
    return {
        "source": source,
        "files": len(parts),
        "bytes": size,
        "write_s": time.perf_counter() - started,
    }


def _demo_pool(corpus_dir: Path, options: BenchOptions) -> list[tuple[str, str, str]]:
    from tui.demo import write_jsonl_corpus

    whole = corpus_dir.parent / "generated.jsonl"
    write_jsonl_corpus(whole, min(options.articles, 20_000), options.seed)
    pool = _source_pool([whole])
    whole.unlink()
    return pool


def _append_article(path: Path, serial: int) -> None:
    """Append one new article (a copy of the file's first, with a new id and sentence)."""
    if path.suffix == ".txt":
        from tui.bench_corpus import append_to_txt

        append_to_txt(path, serial)
        return
    with path.open("rb") as handle:
        first = json.loads(handle.readline())
    first["id"] = f"bench-appended-{serial}"
    first["body"] = f"{first.get('body', '')}\nThis is appended item {serial}."
    with path.open("a", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(first) + "\n")
