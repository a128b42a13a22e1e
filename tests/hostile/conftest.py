"""Shared pieces of the hostile-input suite: good invented articles and ways to run the CLI.

Every text here is invented for the tests. The good records use the phrases of the small test
taxonomy (tests/fixtures/mini_taxonomy.toml) so that they are tagged and counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, STORIES, run_cli  # noqa: F401 - re-exported

ROOT = Path(__file__).resolve().parents[2]
MINI = FIXTURES / "mini_taxonomy.toml"

Record = dict[str, Any]

# Good records beyond tests.conftest.STORIES, one set per file format.
BOM_CRLF_RECORDS: list[Record] = [
    {
        "id": "b1",
        "date": "2024-04-02",
        "title": "Harvest pledge",
        "body": "Members of a cooperative farm in Hamhung pledged an upsurge in production.\n"
        "They opened an 80-day campaign the same evening.",
    },
    {
        "id": "b2",
        "date": "2024-04-09",
        "title": "Furnace relit",
        "body": "The steel complex in Kimchaek relit a furnace after a socialist emulation "
        "between its shifts.",
    },
]
CSV_RECORDS: list[Record] = [
    {
        "id": "c1",
        "date": "2024-05-03",
        "title": "Pit props, delivered",
        "body": 'Timber for a coal mine in South Hamkyong arrived.\nThe "night" crew '
        "overfulfilled the plan.",
    },
    {
        "id": "c2",
        "date": "2024-05-20",
        "title": "Field work",
        "body": "Nationwide, cooperative farm members weeded the maize fields.",
    },
]
MAC_CSV_RECORDS: list[Record] = [
    {
        "id": "m1",
        "date": "2024-06-01",
        "title": "Old line ends",
        "body": "A coal-mining industry meeting in Pyongyang praised the pit foremen.",
    },
]
JSON_RECORDS: list[Record] = [
    {
        "id": "j1",
        "date": "2024-06-15",
        "title": "Rolling mill",
        "body": "The metallurgical industry reported an upsurge in production across the country.",
    },
    {
        "id": "j2",
        "date": "2024-06-18",
        "title": "Spring sowing",
        "body": "A cooperative farm near Hamhung finished sowing ten days early.",
    },
]
GZ_RECORDS: list[Record] = [
    {
        "id": "g1",
        "date": "2024-07-04",
        "title": "Packed wire",
        "body": "Miners of a coal mine in North Hamgyong kept up the chollima speed.",
    },
]
SEED_STORY = {
    "id": "14-story",
    "date": "2024-06-11",
    "title": "Morning Shift",
    "body": "The night crew of a coal mine in North Hamgyong joined a socialist emulation.",
}


def good_records() -> list[Record]:
    """Every good record of the hostile corpus, in the order the corpus walk reads them."""
    return [
        *STORIES,
        *BOM_CRLF_RECORDS,
        *CSV_RECORDS,
        *MAC_CSV_RECORDS,
        SEED_STORY,
        *JSON_RECORDS,
        *GZ_RECORDS,
    ]


def jsonl(records: list[Record]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def csv_text(records: list[Record], newline: str = "\r\n") -> str:
    """A small CSV by hand (quoting every cell), so the line ends are exactly `newline`."""

    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    rows = ["id,date,title,body"]
    rows += [",".join(quote(str(r[k])) for k in ("id", "date", "title", "body")) for r in records]
    return newline.join(rows) + newline


def tui_command(*args: str) -> list[str]:
    """`python -m tui ARGS` for subprocess runs."""
    return [sys.executable, "-m", "tui", *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CAMPAIGN_TUI_CACHE_DIR", None)
    return env


def run_tui(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        tui_command(*args),
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def symlinks_work(folder: Path) -> bool:
    probe = folder / ".symlink-probe"
    try:
        os.symlink(folder, probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


# The prologue of a bounded child: its address space is capped at what it holds once the
# project is imported plus the budget, so a reader that expands a bomb fails with
# MemoryError (exit 3) instead of taking the machine's memory.
_BOUNDED_PROLOGUE = r"""
import json, resource, sys
import tui.core.readers, tui.core.index, tui.core.process
tui.core.process.use_system_memory_pool()  # as the command's entry does
def _vm_bytes():
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise SystemExit("no /proc/self/status")
_limit = _vm_bytes() + {budget} * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (_limit, _limit))
def report(value):
    print(json.dumps(value))
try:
{body}
except MemoryError:
    print("MemoryError", file=sys.stderr)
    raise SystemExit(3)
"""


def run_bounded(
    body: str, *args: str, budget_mb: int, timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run ``body`` (Python, given ``sys.argv[1:] == args``) in a child whose memory is capped
    ``budget_mb`` above what the imports take, and which is killed after ``timeout`` seconds
    (the test fails with TimeoutExpired)."""
    if not sys.platform.startswith("linux"):
        import pytest

        pytest.skip("memory limits are set through /proc and RLIMIT_AS (Linux)")
    indented = "\n".join("    " + line for line in body.strip("\n").splitlines())
    code = _BOUNDED_PROLOGUE.format(budget=budget_mb, body=indented)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def gzip_bomb(path: Path, head: bytes, filler: bytes, megabytes: int, tail: bytes = b"") -> Path:
    """A gzip file of ``head``, ``megabytes`` MiB of ``filler`` and ``tail``, a few KB on disk:
    one compressed MiB of filler repeated as concatenated gzip members."""
    import gzip

    chunk = gzip.compress((filler * (1024 * 1024 // len(filler) + 1))[: 1024 * 1024], 9)
    with path.open("wb") as handle:
        handle.write(gzip.compress(head))
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(gzip.compress(tail))
    return path
