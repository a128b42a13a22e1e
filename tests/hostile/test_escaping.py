"""A taxonomy's display names and the corpus's file names are untrusted text: they never reach
the terminal raw (column headers, picker rows, `taxonomy show`, notes), a screenshot of them
is well-formed XML, and a CSV of them runs no formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList

from tests.conftest import STORIES
from tests.hostile.conftest import MINI, run_cli
from tests.hostile.test_screen import UNSAFE, until
from tests.ui.conftest import settle
from tui.core.session import Settings
from tui.ui.app import CampaignApp
from tui.ui.screens.picker import PickerScreen
from tui.ui.widgets.tables import CountTable

# TOML escapes: ESC, BEL, CSI in eight bits, a bidi override; one name is a formula.
HOSTILE_NAMES = [
    r"\u001b]0;owned title\u0007Coal\u001b[31m mining",
    r"=HYPERLINK(\"http://example.invalid\",\"click\")",
    r"\u009b2JSteel \u202eevil\u202c",
    r"[bold red]markup[/] \u001b[5mblink\u001b[0m",
]
SHOWN = "\x1b]0;owned title\x07Coal\x1b[31m mining"
HOSTILE_FILE = "wire \x1b]0;owned\x07 \x1b[2J.jsonl"


@pytest.fixture
def hostile_taxonomy(tmp_path: Path) -> Path:
    """The small test taxonomy with hostile display names (ids unchanged)."""
    text = MINI.read_text("utf-8")
    names = iter(HOSTILE_NAMES * 10)
    text = re.sub(r'^name = ".*"$', lambda m: f'name = "{next(names)}"', text, flags=re.M)
    path = tmp_path / "hostile.toml"
    path.write_text(text.replace('name = "test taxonomy"', 'name = "x"', 1), "utf-8")
    return path


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / HOSTILE_FILE).write_text(
        "".join(json.dumps(story) + "\n" for story in STORIES), "utf-8"
    )
    return folder


def test_taxonomy_show_sends_no_escape_and_runs_no_formula(
    capsysbinary: pytest.CaptureFixture[bytes], hostile_taxonomy: Path
) -> None:
    """The old `taxonomy show` printed the names raw (an OSC sequence set the terminal's
    title) and left a formula live in its CSV."""
    code, out, err = run_cli(capsysbinary, ["taxonomy", "show", str(hostile_taxonomy)])
    assert code == 0, err
    text = out.decode("utf-8")
    assert not UNSAFE.search(text.replace("\n", "")), repr(text)
    rows = list(csv.DictReader(io.StringIO(text)))
    names = [row["name"] for row in rows]
    assert "\\x1b]0;owned title\\x07Coal\\x1b[31m mining" in names
    assert '\'=HYPERLINK("http://example.invalid","click")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_notes_and_checks_escape_file_names(
    capsysbinary: pytest.CaptureFixture[bytes], hostile_corpus: Path, tmp_path: Path
) -> None:
    """`note:` lines printed corpus file names raw (only error:/warning: were escaped)."""
    cache = tmp_path / "cache"
    args = ["index", str(hostile_corpus), "--taxonomy", str(MINI), "--cache-dir", str(cache)]
    code, _, err = run_cli(capsysbinary, args)
    assert code == 0, err
    [model] = list(cache.glob("v*/*/*/derived.npz"))
    model.write_bytes(b"not a zip file")  # the next run notes it, naming the file
    code, _, err = run_cli(capsysbinary, args)
    assert code == 0, err
    [note] = [line for line in err.splitlines() if line.startswith("note:")]
    assert "wire \\x1b]0;owned\\x07 \\x1b[2J.jsonl: the cached index could not be read" in note
    assert "\x1b" not in err and "\x07" not in err
    # A taxonomy file with escapes in its name: `taxonomy check` names it escaped.
    named = tmp_path / "tax\x1b[31m.toml"
    named.write_text(MINI.read_text("utf-8"), "utf-8")
    code, out, _ = run_cli(capsysbinary, ["taxonomy", "check", str(named)])
    assert code == 0
    assert out.decode().startswith(f"{tmp_path}/tax\\x1b[31m.toml: OK")


def test_a_screenshot_of_hostile_names_is_well_formed_xml(
    capsysbinary: pytest.CaptureFixture[bytes],
    hostile_taxonomy: Path,
    hostile_corpus: Path,
    tmp_path: Path,
) -> None:
    """The old screenshot wrote the names' ESC and BEL into the SVG: not well-formed XML."""
    svg = tmp_path / "shot.svg"
    args = ["screenshot", str(hostile_corpus), "--taxonomy", str(hostile_taxonomy)]
    args += ["--cache-dir", str(tmp_path / "cache"), "-o", str(svg), "--size", "160x48"]
    code, _, err = run_cli(capsysbinary, [*args, "--keys", "s"])
    assert code == 0, err
    text = svg.read_text("utf-8")
    ET.fromstring(text)  # raises on anything that is not well-formed XML
    assert "\x1b" not in text and "\x07" not in text


async def test_column_headers_and_picker_rows_show_names_cleaned(
    hostile_taxonomy: Path, hostile_corpus: Path, tmp_path: Path
) -> None:
    """Column headers and picker rows skipped the cleaning that theme names get."""
    settings = Settings(
        paths=(hostile_corpus,), taxonomy=hostile_taxonomy, cache_dir=tmp_path / "cache"
    )
    app = CampaignApp(settings, watch=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        headers = [column.label for column in table.columns.values()]
        assert len(headers) > 3
        for header in headers:
            assert not UNSAFE.search(Text(str(header.plain)).plain), repr(header)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen))
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # Each row may end with the articles its label gives ("  2"): the names are tested.
        prompts = [re.sub(r"  [\d,]+$", "", prompt) for prompt in prompts]
        assert prompts
        for prompt in prompts:
            assert not UNSAFE.search(prompt), repr(prompt)
        # Escape sequences removed, bidi controls made visible, the rest as written.
        assert "[ ] Coal mining" in prompts
        assert "[ ] Steel \ufffdevil\ufffd" in prompts
