"""An export and its sidecar change together or not at all; mistakes on the command line are
refused with a message that names them, before the corpus is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_corpus
from tests.hostile.conftest import MINI, ROOT, run_cli, subprocess_env

OLD_CSV = b"old,export\r\n1,2\r\n"
OLD_SIDECAR = b'{"old": true}'


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus").parent


def export_args(corpus: Path, tmp_path: Path, target: Path) -> list[str]:
    return [
        "export",
        str(corpus),
        "--view",
        "articles",
        "--taxonomy",
        str(MINI),
        "--cache-dir",
        str(tmp_path / "cache"),
        "-o",
        str(target),
    ]


def describes(sidecar: bytes, csv: bytes) -> bool:
    """Whether a sidecar says it describes exactly this CSV."""
    try:
        record = json.loads(sidecar)
        return bool(record["csv"]["sha256"] == hashlib.sha256(csv).hexdigest())
    except (ValueError, KeyError, TypeError):
        return False


def test_a_sidecar_that_cannot_be_written_leaves_the_old_export(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, tmp_path: Path
) -> None:
    """The old code replaced the CSV, then failed on the sidecar: a new CSV beside nothing
    that describes it, and a command reporting failure."""
    target = tmp_path / "out" / "view.csv"
    target.parent.mkdir()
    target.write_bytes(OLD_CSV)
    (tmp_path / "out" / "view.csv.json").mkdir()  # cannot be replaced by a file
    code, _, err = run_cli(capsysbinary, export_args(corpus, tmp_path, target))
    assert code != 0
    assert f"cannot write {target}.json: it is a folder" in err
    assert target.read_bytes() == OLD_CSV


# A run that dies (os._exit: no clean-up, as SIGKILL) at the N-th rename it makes.
DIE_AT_RENAME = r"""
import os, sys
count = [0]
real = os.replace
def replace(source, target):
    count[0] += 1
    if count[0] == int(sys.argv[1]):
        os._exit(9)
    return real(source, target)
os.replace = replace
from tui.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize("dies_at", [1, 2])
def test_a_run_killed_between_its_two_renames_leaves_no_lying_pair(
    corpus: Path, tmp_path: Path, dies_at: int
) -> None:
    """Killed between writing the CSV and its sidecar, the old code left the new CSV beside
    the previous export's sidecar (its filters, its row count). Now the sidecar goes first
    and names the CSV it describes by hash: the CSV beside it is either the one it describes,
    or the previous one, which it says it does not describe."""
    target = tmp_path / "out" / "view.csv"
    sidecar = tmp_path / "out" / "view.csv.json"
    args = export_args(corpus, tmp_path, target)
    fresh = subprocess.run(
        [sys.executable, "-m", "tui", *args[:-1], str(tmp_path / "fresh.csv")],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert fresh.returncode == 0
    new_csv = (tmp_path / "fresh.csv").read_bytes()
    target.parent.mkdir()
    target.write_bytes(OLD_CSV)
    sidecar.write_bytes(OLD_SIDECAR)
    died = subprocess.run(
        [sys.executable, "-c", DIE_AT_RENAME, str(dies_at), *args],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert died.returncode == 9, died.stderr.decode()[-2000:]
    csv, about = target.read_bytes(), sidecar.read_bytes()
    if csv == new_csv:
        assert describes(about, csv), "a new CSV beside a sidecar that does not describe it"
    else:
        assert csv == OLD_CSV
        assert about == OLD_SIDECAR or not describes(about, csv)
    # The run after it puts a matching pair in place.
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert target.read_bytes() == new_csv and describes(sidecar.read_bytes(), new_csv)
    # A killed run may leave its temporary files: hidden, and never taken for the export.
    left = set(os.listdir(target.parent)) - {"view.csv", "view.csv.json"}
    assert all(name.startswith(".") and name.endswith(".tmp") for name in left), left


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("", "Invalid value for '-o' / '--output': an empty file name: give the file to write"),
        (
            "/proc/version",
            "Invalid value for '-o' / '--output': cannot write /proc/version: no file can be "
            "made in /proc (",
        ),
    ],
)
def test_an_output_that_cannot_be_written_is_named_before_any_work(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus: Path,
    tmp_path: Path,
    option: str,
    message: str,
) -> None:
    """`-o ""` said "Device or resource busy"; `-o /proc/version` named a temporary file."""
    if option.startswith("/proc") and not Path("/proc/version").exists():
        pytest.skip("needs /proc")
    args = [*export_args(corpus, tmp_path, Path("x"))[:-1], option]
    code, _, err = run_cli(capsysbinary, args)
    assert code == 2
    assert message in err
    assert ".tmp" not in err
    assert not (tmp_path / "cache").exists()  # refused before the corpus was read


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            ["--from", "1700000000"],
            "Invalid value for --from: '1700000000' is a number, not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            ["--from", "2024-03-01", "--to", "2024-01-31"],
            "Invalid value for --from/--to: --from 2024-03-01 is after --to 2024-01-31: no day "
            "is in the range",
        ),
    ],
)
def test_dates_that_select_nothing_by_mistake_are_refused(
    capsysbinary: pytest.CaptureFixture[bytes],
    corpus: Path,
    tmp_path: Path,
    dates: list[str],
    message: str,
) -> None:
    """`--from 1700000000` was read as epoch seconds (a day of 2023); `--from` after `--to`
    gave an empty export, exit 0."""
    args = [
        "export",
        str(corpus),
        *dates,
        "--taxonomy",
        str(MINI),
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    code, out, err = run_cli(capsysbinary, args)
    assert code == 2 and out == b""
    assert message in err


def test_a_compact_date_is_still_a_date(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, tmp_path: Path
) -> None:
    args = ["export", str(corpus), "--from", "20240101", "--to", "2024-01-31"]
    code, out, err = run_cli(
        capsysbinary, [*args, "--taxonomy", str(MINI), "--cache-dir", str(tmp_path / "c")]
    )
    assert code == 0, err
    assert out.startswith(b"theme,")
