"""The `campaign-tui` command line: headless commands, their output and their errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli
from tui import __version__
from tui.core.export import sidecar_path, to_csv_bytes, view_frame
from tui.core.index import build_index
from tui.core.models import ExportRequest, FilterState, Measure, View
from tui.core.query import Query
from tui.core.taxonomy import LoadedTaxonomy

ROOT = Path(__file__).resolve().parents[2]
MINI = FIXTURES / "mini_taxonomy.toml"


run = run_cli


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.lower().startswith("error")]


@pytest.fixture
def opts(tmp_path: Path) -> list[str]:
    return ["--taxonomy", str(MINI), "--cache-dir", str(tmp_path / "cli-cache")]


@pytest.fixture
def broken_taxonomy(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(
        MINI.read_text("utf-8").replace('parent = "south_hamgyong"', 'parent = "atlantis"'),
        "utf-8",
    )
    return path


# -- version and help ----------------------------------------------------------------------


def test_version(capsysbinary):
    code, out, _ = run(capsysbinary, ["--version"])
    assert code == 0
    assert out.decode().strip() == f"campaign-tui, version {__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["open"],
        ["index"],
        ["tags"],
        ["export"],
        ["evaluate"],
        ["taxonomy"],
        ["taxonomy", "check"],
        ["taxonomy", "show"],
    ],
    ids=lambda c: " ".join(c) or "top",
)
def test_help_on_every_command(capsysbinary, command: list[str]):
    code, out, err = run(capsysbinary, [*command, "--help"])
    assert code == 0, err
    text = out.decode()
    assert text.startswith("Usage: campaign-tui")
    assert " ".join(["campaign-tui", *command]) in text.splitlines()[0]
    assert "Traceback" not in err


def test_top_level_help_lists_the_commands(capsysbinary):
    _, out, _ = run(capsysbinary, ["-h"])
    for name in ("open", "index", "tags", "export", "evaluate", "taxonomy"):
        assert f"  {name}" in out.decode()


# -- index ---------------------------------------------------------------------------------


def test_index_prints_the_summary_line(capsysbinary, corpus: Path, opts: list[str]):
    code, out, err = run(capsysbinary, ["index", str(corpus.parent), *opts])
    assert code == 0
    lines = out.decode().splitlines()
    assert lines == [
        "5 articles from 1 file (2024-01-10 .. 2024-03-01); 1 duplicate dropped, "
        "1 undated, 0 records unreadable, 17 mentions",
        "1 file indexed, 0 from the cache",
    ]
    # The undated record is reported on stderr with its file and line.
    assert f"warning: {corpus}:5: undated" in err
    code, out, _ = run(capsysbinary, ["index", str(corpus), *opts])
    assert out.decode().splitlines()[1] == "0 files indexed, 1 from the cache"


def test_index_json(capsysbinary, corpus: Path, opts: list[str]):
    code, out, _ = run(capsysbinary, ["index", str(corpus), "--json", *opts])
    assert code == 0
    summary = json.loads(out)
    assert summary["articles"] == 5 and summary["duplicates"] == 1 and summary["undated"] == 1
    assert summary["mentions"] == 17


def test_no_cache_writes_no_cache(capsysbinary, corpus: Path, tmp_path: Path):
    cache = tmp_path / "never"
    code, out, _ = run(
        capsysbinary,
        ["index", str(corpus), "--taxonomy", str(MINI), "--cache-dir", str(cache), "--no-cache"],
    )
    assert code == 0 and out.decode().startswith("5 articles")
    assert not cache.exists()


def test_index_reports_unreadable_records(capsysbinary, tmp_path: Path, opts: list[str]):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "date": "2024-01-01", "body": "A coal mine."}\n{oops\n', "utf-8")
    code, out, err = run(capsysbinary, ["index", str(path), *opts])
    assert code == 0
    assert "1 record unreadable" in out.decode()
    assert f"error: {path}:2: " in err


# -- tags ----------------------------------------------------------------------------------


def test_tags_jsonl(capsysbinary, corpus: Path, opts: list[str]):
    code, out, _ = run(capsysbinary, ["tags", str(corpus), *opts])
    assert code == 0
    records = [json.loads(line) for line in out.decode().splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2", "a3", "a4", "a5"]
    assert records[1] == {
        "id": "a2",
        "date": "2024-01-20",
        "title": "Steel makers",
        "themes": ["socialist_emulation", "production_increase"],
        "sectors": ["metallurgy", "agriculture"],
        "regions": ["south_hamgyong", "north_hamgyong"],
    }
    assert records[3]["themes"] == [] and records[4]["date"] is None
    assert records[4]["regions"] == ["pyongyang"]


def test_tags_csv_to_a_file(capsysbinary, corpus: Path, opts: list[str], tmp_path: Path):
    target = tmp_path / "tags.csv"
    code, out, _ = run(
        capsysbinary, ["tags", str(corpus), "--format", "csv", "-o", str(target), *opts]
    )
    assert code == 0 and out == b""
    data = target.read_bytes()
    assert data.startswith(b"id,date,title,themes,sectors,regions\r\n")
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert rows[3] == ["a3", "2024-02-05", "Farm news", "speed_campaign", "agriculture", "national"]
    assert rows[5] == ["a5", "", "Undated story", "", "coal_mining", "pyongyang"]


# -- export --------------------------------------------------------------------------------


def core_bytes(corpus: Path, taxonomy: LoadedTaxonomy, request: ExportRequest) -> bytes:
    query = Query(build_index([corpus], taxonomy))
    return to_csv_bytes(view_frame(query, request), bom=request.bom)


@pytest.mark.parametrize(
    ("args", "request_"),
    [
        ([], ExportRequest(view=View.theme_by_sector)),
        (
            [
                "--view",
                "theme-by-region",
                "--measure",
                "mentions",
                "--from",
                "2024-01-01",
                "--region",
                "south_hamgyong",
                "--bom",
            ],
            ExportRequest(
                view=View.theme_by_region,
                bom=True,
                filters=FilterState(
                    measure=Measure.mentions, date_from="2024-01-01", regions=("south_hamgyong",)
                ),
            ),
        ),
        (
            # A month or a year stands for its first day in --from and its last in --to.
            ["--from", "2024-02", "--to", "2024"],
            ExportRequest(
                view=View.theme_by_sector,
                filters=FilterState(date_from="2024-02-01", date_to="2024-12-31"),
            ),
        ),
        (
            ["--from", "2024-01", "--to", "2024-01"],
            ExportRequest(
                view=View.theme_by_sector,
                filters=FilterState(date_from="2024-01-01", date_to="2024-01-31"),
            ),
        ),
        (
            ["--view", "timeline", "--period", "quarter", "--share"],
            ExportRequest(view=View.timeline, filters=FilterState(period="quarter", share=True)),
        ),
        (
            ["--view", "articles", "--cell", "socialist_emulation/metallurgy"],
            ExportRequest(
                view=View.articles,
                theme="socialist_emulation",
                other="metallurgy",
                other_kind="sector",
            ),
        ),
        (
            ["--view", "articles", "--search", "farm", "--sort", "-title", "--limit", "1"],
            ExportRequest(
                view=View.articles, filters=FilterState(search="farm"), sort="-title", limit=1
            ),
        ),
    ],
)
def test_export_to_stdout_and_to_a_file_match_the_core(
    capsysbinary,
    corpus: Path,
    opts: list[str],
    tmp_path: Path,
    mini_taxonomy: LoadedTaxonomy,
    args: list[str],
    request_: ExportRequest,
):
    expected = core_bytes(corpus, mini_taxonomy, request_)
    code, out, err = run(capsysbinary, ["export", str(corpus), *args, *opts])
    assert code == 0, err
    assert out == expected
    target = tmp_path / "exported.csv"
    code, out, err = run(capsysbinary, ["export", str(corpus), *args, "-o", str(target), *opts])
    assert code == 0 and out == b""
    assert target.read_bytes() == expected
    rows = len(expected.split(b"\r\n")) - 2
    assert f"{rows} {'row' if rows == 1 else 'rows'} written to {target}" in err
    assert json.loads(sidecar_path(target).read_text("utf-8"))["rows"] == rows


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--view", "nope"], "--view"),
        (["--measure", "words"], "--measure"),
        (["--period", "decade"], "--period"),
        (["--from", "2024-13-45"], "--from"),
        (["--to", "last tuesday"], "--to"),
        (["--theme", "metallurgy"], "--theme"),
        (["--sector", "socialist_emulation"], "--sector"),
        (["--region", "atlantis"], "--region"),
        (["--limit", "-1"], "--limit"),
        (["--limit", "lots"], "--limit"),
        (["--sort", "nope"], "nope"),
        (["--view", "articles", "--cell", "nope/metallurgy"], "--cell"),
        (["--view", "articles", "--cell", "socialist_emulation/atlantis"], "--cell"),
        (["--view", "articles", "--cell", "metallurgy/agriculture"], "--cell"),
        (["--scope", "chapter"], "--scope"),
        (["--field", "bogus"], "bogus"),
    ],
)
def test_bad_option_values_give_one_clear_error(
    capsysbinary, corpus: Path, opts: list[str], args: list[str], mentions: str
):
    code, out, err = run(capsysbinary, ["export", str(corpus), *args, *opts])
    assert code != 0
    assert out == b""
    assert "Traceback" not in err
    errors = error_lines(err)
    assert len(errors) == 1, err
    assert mentions in errors[0]


def test_a_bad_value_in_a_real_process_has_no_traceback(corpus: Path, tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "export",
            str(corpus),
            "--view",
            "articles",
            "--cell",
            "nope/metallurgy",
            "--taxonomy",
            str(MINI),
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(error_lines(done.stderr)) == 1 and "--cell" in done.stderr
    assert done.stdout == ""


def test_version_in_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0 and done.stdout.strip() == f"campaign-tui, version {__version__}"


# -- taxonomy errors and checks ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["index", "CORPUS"],
        ["tags", "CORPUS"],
        ["export", "CORPUS"],
        ["open", "CORPUS"],
        ["taxonomy", "check"],
        ["taxonomy", "show"],
    ],
    ids=lambda c: c[0] if c[0] != "taxonomy" else " ".join(c),
)
def test_a_broken_taxonomy_exits_2_naming_file_and_label(
    capsysbinary, corpus: Path, tmp_path: Path, broken_taxonomy: Path, command: list[str]
):
    args = [str(corpus) if part == "CORPUS" else part for part in command]
    if command[0] == "taxonomy":
        args.append(str(broken_taxonomy))
    else:
        args += ["--taxonomy", str(broken_taxonomy), "--cache-dir", str(tmp_path / "c")]
    code, out, err = run(capsysbinary, args)
    assert code == 2
    assert out == b""
    assert error_lines(err) == [
        f"error: {broken_taxonomy}: label 'hamhung': parent 'atlantis' is not a label of the file"
    ]


def test_a_missing_taxonomy_file_exits_2(capsysbinary, corpus: Path, tmp_path: Path):
    missing = tmp_path / "missing.toml"
    code, _, err = run(
        capsysbinary, ["index", str(corpus), "--taxonomy", str(missing), "--no-cache"]
    )
    assert code == 2
    assert error_lines(err) == [
        f"error: {missing}: cannot read the taxonomy file (No such file or directory)"
    ]


def test_taxonomy_check(capsysbinary):
    code, out, _ = run(capsysbinary, ["taxonomy", "check", str(MINI)])
    assert code == 0
    assert out.decode().strip() == (
        f"{MINI}: OK, version test.1: 3 themes, 3 sectors, 6 regions (4 first-level), 19 phrases"
    )


def test_taxonomy_show(capsysbinary):
    code, out, _ = run(capsysbinary, ["taxonomy", "show", str(MINI)])
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.decode())))
    assert rows[0] == ["id", "kind", "rolls_up_to", "name", "phrases"]
    assert ["kimchaek", "region", "north_hamgyong", "Kimchaek", "1"] in rows
    assert ["south_hamgyong", "region", "south_hamgyong", "South Hamgyong", "2"] in rows
    assert len(rows) == 13
