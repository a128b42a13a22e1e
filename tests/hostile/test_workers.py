"""Worker processes die with the run that started them, and Ctrl-C ends a run with one line.

`index` on a corpus large enough to start worker processes is killed (SIGKILL, SIGTERM) or
interrupted (SIGINT to its whole process group, as a terminal's Ctrl-C sends it) while the
workers start or run. Afterwards no process of the run may be left (the old code left both
workers, about 210 MB each, and the resource tracker alive for good, holding the caller's
stdout open so that a `| tee` never ended), and Ctrl-C prints one line (the old code printed
some 60 lines of interleaved tracebacks).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import MINI, ROOT, subprocess_env, tui_command

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads process trees from /proc"
)

PLACES = ["Pyongyang", "Hamhung", "Kimchaek", "South Hamgyong", "North Hamgyong"]
WORKS = ["coal mine", "steel complex", "cooperative farm", "metallurgical industry"]
DRIVES = ["socialist emulation", "80-day campaign", "upsurge in production", "chollima speed"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four invented JSON Lines files of 10 MB each: enough text to start worker processes,
    and to keep them busy for a few seconds."""
    folder = tmp_path_factory.mktemp("workers") / "corpus"
    folder.mkdir()
    rng = random.Random(15)
    filler = "Workers of the complex reported their results at a meeting held there. " * 8
    for number in range(4):
        with (folder / f"wire{number}.jsonl").open("w", encoding="utf-8") as handle:
            for line in range(14_000):
                body = (
                    f"A {rng.choice(DRIVES)} is under way at a {rng.choice(WORKS)} in "
                    f"{rng.choice(PLACES)}. {filler} Story {number}-{line}."
                )
                record = {"id": f"w{number}-{line}", "date": "2024-05-01", "body": body}
                handle.write(json.dumps(record) + "\n")
    return folder


def session_pids(session: int) -> list[int]:
    """Every live process of a session (the run and everything it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, pgrp, session...
        if int(fields[3]) == session and fields[0] != b"Z":
            found.append(int(entry))
    return found


def start(corpus: Path, cache: Path) -> subprocess.Popen[bytes]:
    command = tui_command("index", str(corpus), "--taxonomy", str(MINI), "--cache-dir", str(cache))
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own session and process group, as a shell job has
    )


def wait_for_workers(process: subprocess.Popen[bytes], count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before its workers started"
        if len([p for p in session_pids(process.pid) if p != process.pid]) >= count:
            return
        time.sleep(0.01)
    raise AssertionError("no worker processes started")


def reap(process: subprocess.Popen[bytes]) -> None:
    """Whatever the test leaves of the run is killed (by pid: only processes it started)."""
    for pid in session_pids(process.pid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def left_after(process: subprocess.Popen[bytes], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = session_pids(process.pid)
        if not left:
            return []
        time.sleep(0.05)
    return session_pids(process.pid)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_run(corpus: Path, tmp_path: Path, how: signal.Signals) -> None:
    process = start(corpus, tmp_path / "cache")
    try:
        # Workers: two processes, and the resource tracker that starting them starts.
        wait_for_workers(process, 3)
        time.sleep(0.5)  # into the work itself
        os.kill(process.pid, how)
        process.wait(timeout=30)
        assert left_after(process, 10) == []
        # Nothing holds the run's stdout and stderr open any more: both reach their end.
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read()
        process.stderr.read()
    finally:
        reap(process)


@pytest.mark.parametrize("moment", ["starting", "running"])
def test_ctrl_c_ends_the_run_with_one_line(corpus: Path, tmp_path: Path, moment: str) -> None:
    process = start(corpus, tmp_path / "cache")
    try:
        # The resource tracker and two workers exist: the workers are still importing
        # (about a second), or, once the first part is in the cache, indexing.
        wait_for_workers(process, 3)
        if moment == "running":
            deadline = time.monotonic() + 60
            while not list((tmp_path / "cache").glob("v*/*/*/*/meta.json")):
                assert time.monotonic() < deadline, "no part was indexed"
                time.sleep(0.01)
            assert process.poll() is None, "the run ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
        lines = [line for line in err.decode().splitlines() if line.strip()]
        assert lines == ["interrupted"], err.decode()[-3000:]
        assert process.returncode == 130
        assert left_after(process, 10) == []
    finally:
        reap(process)
