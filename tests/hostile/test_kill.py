"""Killing the process mid-write never leaves a partial file behind.

A writer is SIGKILLed at random moments; after each kill the target is absent, the previous
complete content or the new complete content. Temporary files may stay behind (a killed
process cannot clean up), but they are hidden, named apart from the target, and never read
as corpus files or cache entries.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import MINI, ROOT, run_cli, subprocess_env, tui_command

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"
)

SEED = 20240607

WRITER = r"""
import sys
from tui.core.atomic import write_bytes_atomic

target, size = sys.argv[1], int(sys.argv[2])
versions = [
    b"BEGIN %d\n" % n + bytes([65 + n]) * size + b"\nEND %d\n" % n for n in range(3)
]
print("ready", flush=True)
n = 0
while True:
    write_bytes_atomic(target, versions[n % 3])
    n += 1
"""


def versions(size: int) -> list[bytes]:
    return [b"BEGIN %d\n" % n + bytes([65 + n]) * size + b"\nEND %d\n" % n for n in range(3)]


def start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def strays(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in {target.name})


def test_killed_atomic_writes_leave_old_or_new_content(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "data.bin"
    size = 4 * 1024 * 1024
    complete = versions(size)
    previous = b"PREVIOUS complete content\n"
    temp_name = re.compile(rf"^\.{re.escape(target.name)}\.[^/]+\.tmp$")
    outcomes = set()
    for round_no in range(6):
        if round_no > 0:
            target.write_bytes(previous)
        process = start([sys.executable, "-c", WRITER, str(target), str(size)])
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.25))
        kill(process)
        if target.exists():
            content = target.read_bytes()
            assert content in (previous, *complete), (
                f"round {round_no}: partial file of {len(content)} bytes"
            )
            outcomes.add("previous" if content == previous else "new")
        else:
            assert round_no == 0, "the previous file must never disappear"
            outcomes.add("absent")
        # What a kill can leave beside the target is a hidden temporary file, never a file
        # that looks like the target or like a corpus file.
        for name in strays(folder, target):
            assert temp_name.match(name), name
    assert "new" in outcomes or "previous" in outcomes


FILES, PER_FILE, SEEDS = 6, 120, 6
ARTICLES = FILES * PER_FILE + SEEDS


def _big_corpus(folder: Path, files: int, per_file: int) -> None:
    """Invented wire copy, many articles per file, plus a folder of one-article seed files."""
    rng = random.Random(SEED)
    places = ["Pyongyang", "Hamhung", "Kimchaek", "South Hamgyong", "North Hamgyong"]
    works = ["coal mine", "steel complex", "cooperative farm", "metallurgical industry"]
    drives = ["socialist emulation", "80-day campaign", "upsurge in production", "chollima speed"]
    folder.mkdir(parents=True)
    number = 0
    for file_no in range(files):
        with (folder / f"wire-{file_no:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for _ in range(per_file):
                number += 1
                body = " ".join(
                    f"Crews of a {rng.choice(works)} in {rng.choice(places)} joined a "
                    f"{rng.choice(drives)} in week {rng.randint(1, 52)} (item {number}-{part})."
                    for part in range(rng.randint(2, 6))
                )
                record = {
                    "id": f"w{number}",
                    "date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "title": f"=SUM(A1) report {number} from {rng.choice(places)}",
                    "body": body,
                }
                handle.write(json.dumps(record) + "\n")
    seeds = folder / "seeds"
    seeds.mkdir()
    for seed_no in range(SEEDS):
        (seeds / f"seed-{seed_no:02d}.txt").write_text(
            f"date 2024-03-{seed_no % 28 + 1:02d} Seed story {seed_no}\n"
            f"A cooperative farm in Hamhung began an 80-day campaign (seed {seed_no}).\n",
            "utf-8",
        )


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "corpus"
    _big_corpus(folder, files=FILES, per_file=PER_FILE)
    return folder


def _opts(cache: Path) -> list[str]:
    return ["--taxonomy", str(MINI), "--cache-dir", str(cache)]


def _summary(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, cache: Path
) -> tuple[dict[str, object], dict[str, object], str]:
    """`index --json` in this process: (the counts, the whole summary, stderr)."""
    code, out, err = run_cli(capsysbinary, ["index", str(corpus), "--json", *_opts(cache)])
    assert code == 0, err
    assert "Traceback" not in err
    figures = json.loads(out)
    counts = {k: figures[k] for k in ("articles", "duplicates", "undated", "mentions", "problems")}
    return counts, figures, err


def _cache_names(cache: Path) -> list[str]:
    """Entry and staging folder names in the cache (staging ones start with a dot)."""
    names: list[str] = []
    for version in cache.glob("v*"):
        for key in version.iterdir():
            try:
                names += [entry.name for entry in key.iterdir()]
            except OSError:
                continue
    return names


def _wait_until(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if ready():
            return
        time.sleep(0.0005)


def test_killed_export_leaves_the_old_or_the_new_file(
    capsysbinary: pytest.CaptureFixture[bytes], big_corpus: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 1)
    folder = tmp_path / "exports"
    target = folder / "view.csv"
    sidecar = folder / "view.csv.json"
    args = ["export", str(big_corpus), "--view", "articles", *_opts(tmp_path / "cache")]
    args += ["-o", str(target)]
    code, _, err = run_cli(capsysbinary, args)  # also fills the cache: later runs are quick
    assert code == 0, err
    fresh = target.read_bytes()
    assert fresh.count(b"\r\n") == ARTICLES + 1
    # Titles that start with a formula are neutralised.
    assert b",=SUM" not in fresh and fresh.count(b",'=SUM") == FILES * PER_FILE

    old_csv, old_sidecar = b"old,export\r\n1,2\r\n", b'{"old": true}'
    temp_name = re.compile(r"^\.view\.csv(\.json)?\.[^/]+\.tmp$")
    for round_no in range(4):
        target.write_bytes(old_csv)
        sidecar.write_bytes(old_sidecar)
        process = start(tui_command(*args))
        if round_no % 2 == 0:
            time.sleep(rng.uniform(0.2, 1.0))
        else:
            # Aim at the write itself: kill as soon as a new temporary file shows up.
            before = set(os.listdir(folder))
            _wait_until(
                process,
                lambda before=before: any(
                    temp_name.match(n) for n in set(os.listdir(folder)) - before
                ),
            )
            time.sleep(rng.uniform(0, 0.003))
        kill(process)
        content = target.read_bytes()
        assert content in (old_csv, fresh), f"round {round_no}: partial CSV"
        written = sidecar.read_bytes()
        if written != old_sidecar:
            assert json.loads(written)["view"] == "articles", f"round {round_no}: bad sidecar"
        for name in strays(folder, target):
            assert name == sidecar.name or temp_name.match(name), name


def test_killed_index_run_is_followed_by_a_good_one(
    capsysbinary: pytest.CaptureFixture[bytes], big_corpus: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 2)
    corpus = tmp_path / "corpus"
    shutil.copytree(big_corpus, corpus)
    expected, _, _ = _summary(capsysbinary, corpus, tmp_path / "clean-cache")
    assert expected["articles"] == ARTICLES and expected["problems"] == 0
    cache = tmp_path / "cache"
    units = FILES + 1  # each JSON Lines file, and the folder of seed files
    for round_no in range(3):
        if round_no:
            # Same articles in another order: every entry is rewritten, replacing the old one.
            for path in corpus.rglob("*.*"):
                lines = path.read_text("utf-8").splitlines(keepends=True)
                path.write_text(
                    "".join(reversed(lines) if path.suffix == ".jsonl" else [*lines, "\n"]), "utf-8"
                )
        process = start(tui_command("index", str(corpus), *_opts(cache)))
        if round_no == 0:
            # Kill once a random number of entries is in place (while the next is written).
            written = rng.randint(1, units - 1)
            _wait_until(
                process,
                lambda n=written: (
                    sum(not name.startswith(".") for name in _cache_names(cache)) >= n
                ),
            )
        else:
            # Kill while an entry is staged or being swapped in for the old one.
            before = set(_cache_names(cache))
            _wait_until(
                process,
                lambda before=before: any(
                    n.startswith(".") for n in set(_cache_names(cache)) - before
                ),
            )
            time.sleep(rng.uniform(0, 0.02))
        kill(process)
        counts, figures, err = _summary(capsysbinary, corpus, cache)
        assert counts == expected, round_no
        # No entry was left half written: nothing had to be thrown away and rebuilt.
        assert "note:" not in err, err
        assert figures["indexed"] + figures["from_cache"] == FILES + SEEDS
        check_cache_entries(cache)
    _, figures, err = _summary(capsysbinary, corpus, cache)
    assert (figures["indexed"], figures["from_cache"]) == (0, FILES + SEEDS)
    assert "note:" not in err


def check_cache_entries(cache: Path) -> None:
    """Entries in the cache are complete folders; leftovers of a kill are hidden staging
    folders that no run ever reads."""
    for root in cache.glob("v*/*"):
        for entry in root.iterdir():
            if entry.name.startswith("."):
                continue
            assert (entry / "meta.json").exists(), entry


@pytest.mark.parametrize("damage", ["truncate", "foreign"])
def test_a_truncated_or_foreign_cache_file_is_rebuilt_with_a_message(
    capsysbinary: pytest.CaptureFixture[bytes], big_corpus: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    expected, _, _ = _summary(capsysbinary, big_corpus, cache)
    parquet = sorted(cache.glob("v*/*/*/articles.parquet"))
    metas = sorted(cache.glob("v*/*/*/meta.json"))
    assert parquet and metas
    if damage == "truncate":
        data = parquet[0].read_bytes()
        parquet[0].write_bytes(data[: len(data) // 3])
        broken = parquet[0].parent
    else:
        metas[-1].write_bytes(b"PK\x03\x04 a zip file, not a cache entry \x00\xff")
        broken = metas[-1].parent
    counts, figures, err = _summary(capsysbinary, big_corpus, cache)
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and "could not be read" in notes[0] and "rebuilding" in notes[0]
    assert counts == expected
    assert figures["indexed"] in (1, SEEDS)  # one file, or the folder of seed files
    assert (broken / "meta.json").exists()
