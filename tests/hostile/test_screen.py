"""The dashboard on hostile data: markup, escape sequences, control and bidi characters in
titles, bodies and file names are shown literally (or removed), never interpreted; problems
are counted in the header and listed; a broken taxonomy never reaches the screen."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.conftest import STORIES
from tests.hostile.conftest import MINI, run_cli
from tests.ui.conftest import make_app, settle
from tui.core.index import IndexCache, build_index
from tui.core.session import Settings
from tui.core.taxonomy import TaxonomyError, load_taxonomy
from tui.ui import app as app_module
from tui.ui.app import CampaignApp
from tui.ui.screens.article import CURRENT_STYLE, KIND_STYLES, SEARCH_STYLE, ArticleScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.tables import ArticleTable

# What must never reach the terminal from the data: escape, C0 and C1 controls (tabs and
# line breaks included, in one-line cells), bidi controls and lone surrogates.
UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
MARKUP_NAME = "[bold red]wire [reverse][link=file:x]x.jsonl"  # no "/" in a file name

HOSTILE_STORIES = [
    {**STORIES[0], "id": "h1", "title": "[bold red]x[/] [/"},
    {**STORIES[1], "id": "h2", "title": "\x1b[2J\x1b[31mred\x1b[0m [link=file:///etc]y[/link]"},
    {
        **STORIES[2],
        "id": "h3",
        "title": "\x1b]0;new window title\x07Farm\x9b31m news\x1b\\",
        "body": STORIES[2]["body"] + "\n\x1b[2J\x1b[H[reverse]cleared?[/reverse]\x07\x00\x08",
    },
    {
        "id": "h4",
        "date": "2024-03-02",
        "title": "C0\x01\x02 C1\x85\x90 bidi \u202eevil\u202c \u2067iso\u2069 mark\u200f",
        "body": "A coal mine in Pyongyang \u202eredraw\u202c used \x1b[5mblinking\x1b[0m lamps.",
    },
    {
        "id": "h5",
        "date": "2024-03-03",
        "title": "Lone \ud800 surrogate [i]italic?[/i]",
        "body": "The steel complex [on red]in Kimchaek[/] \udfff kept going.",
    },
]


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds (quicker than settling every worker)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not get there")


def shown(cell: object) -> str:
    return str(cell.plain if isinstance(cell, Text) else cell)


# The styles the app itself gives; markup in the data would bring others ("bold red", links).
APP_STYLES = {*KIND_STYLES.values(), "", "bold", "dim", "red", "yellow", "cyan", "green"}
APP_STYLES |= {CURRENT_STYLE, SEARCH_STYLE, "italic"}


def assert_inert(cell: object, *, multiline: bool = False) -> None:
    """A cell shows its text literally: no escapes or controls, no styling from the data."""
    text = shown(cell)
    if multiline:
        text = text.replace("\n", " ")
    assert not UNSAFE.search(text), repr(text)
    if isinstance(cell, Text):
        assert str(cell.style) in APP_STYLES, cell.style
        for span in cell.spans:
            assert str(span.style) in APP_STYLES, (span.style, text)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus [red]x"
    folder.mkdir()
    (folder / "hostile.jsonl").write_text(
        "".join(json.dumps(story) + "\n" for story in HOSTILE_STORIES), "utf-8"
    )
    # A file whose name is markup, holding a good story and a broken line.
    named = {
        "id": "h6",
        "date": "2024-03-04",
        "title": "From a file with a markup name",
        "body": "A cooperative farm in Hamhung joined an 80-day campaign.",
    }
    (folder / MARKUP_NAME).write_text(json.dumps(named) + "\n{broken [bold]line\n", "utf-8")
    (folder / "escape\x1b[2J.jsonl").write_text('"\x1b[31mnot an object"\n', "utf-8")
    return folder


async def test_hostile_titles_bodies_and_file_names_are_shown_literally(
    hostile_folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    # Spoil the cached entry of the file with the markup name: the app must rebuild it and
    # say so in a notification that shows the name literally.
    taxonomy = load_taxonomy(MINI)
    build_index([hostile_folder], taxonomy, cache_root=cache)
    entry = IndexCache(cache, taxonomy, None).entry(hostile_folder / MARKUP_NAME)
    (entry / "meta.json").write_text("[bold]not json", "utf-8")

    app = make_app(hostile_folder, cache)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        # The header counts the problems (errors: two unreadable lines) and says how to see them.
        assert "2 problems (P lists them)" in app.sub_title
        assert "6 articles" in app.sub_title

        notes = [n.message for n in app._notifications]
        assert any(MARKUP_NAME in note and "rebuilding" in note for note in notes), notes
        for note in notes:
            assert not UNSAFE.search(note)

        table = app.query_one("#articles", ArticleTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert len(rows) == 6
        for row in rows:
            for cell in row:
                assert_inert(cell)
        titles = {shown(row[1]) for row in rows}
        assert "[bold red]x[/] [/" in titles
        assert "red [link=file:///etc]y[/link]" in titles  # escape sequences removed
        assert "Farm news" in titles  # OSC title, 8-bit CSI and ST removed
        assert "Lone \ufffd surrogate [i]italic?[/i]" in titles
        bidi = next(title for title in titles if title.startswith("C0"))
        assert "evil" in bidi and "iso" in bidi and "\u202e" not in bidi

        # Open each article: its text, meta and mentions are inert too.
        table.focus()
        for row_no in range(table.row_count):
            table.move_cursor(row=row_no)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen))
            for static in app.screen.query(Static):
                content = static.content
                assert_inert(content, multiline=True)
            mentions = app.screen.query_one("#article-mentions", DataTable)
            for index in range(mentions.row_count):
                for cell in mentions.get_row_at(index):
                    assert_inert(cell)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ArticleScreen))

        # The problems screen lists every problem, file names shown literally.
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        problems = app.screen.query_one("#problems", DataTable)
        listed = [problems.get_row_at(i) for i in range(problems.row_count)]
        assert len(listed) == len(app.dashboard.query_engine.index.problems)
        for row in listed:
            for cell in row:
                assert_inert(cell)
        files = {shown(row[1]) for row in listed}
        assert str(hostile_folder / MARKUP_NAME) in files
        assert str(hostile_folder / "escape.jsonl") in files  # the escape sequence removed
        assert {shown(row[0]) for row in listed} == {"error", "warning"}
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProblemsScreen)
        assert app.is_running


async def test_markup_in_a_folder_name_does_not_reach_the_article_view(
    hostile_folder: Path, tmp_path: Path
) -> None:
    app = make_app(hostile_folder / MARKUP_NAME, tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.query_one("#articles", ArticleTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        meta = app.screen.query_one("#article-meta", Static).content
        assert isinstance(meta, Text)
        assert f"{hostile_folder / MARKUP_NAME}:1" in meta.plain


# -- a broken taxonomy never opens the dashboard --------------------------------------------

BROKEN_TAXONOMIES = {
    "duplicate-id": (
        lambda text: text.replace('id = "metallurgy"', 'id = "coal_mining"'),
        "label 'coal_mining': the id is used twice",
    ),
    "empty-phrase": (
        lambda text: text.replace('phrases = ["Hamhung"]', 'phrases = ["-- \u2014"]'),
        "label 'hamhung': the phrase '-- \u2014' is empty once normalised",
    ),
    "no-phrases": (
        lambda text: text.replace('phrases = ["cooperative farm"]', "phrases = []"),
        "label 'agriculture': it has no phrases or aliases",
    ),
    "bad-kind": (
        lambda text: text.replace(
            'kind = "sector"\nname = "Metallurgy"', 'kind = "industry"\nname = "Metallurgy"'
        ),
        "label 'metallurgy': field 'kind'",
    ),
    "parent-cycle": (
        lambda text: text.replace(
            'phrases = ["North Hamgyong"]', 'phrases = ["North Hamgyong"]\nparent = "kimchaek"'
        ),
        "its parents form a cycle",
    ),
    "not-toml": (lambda text: text + "\n[[labels]\nid = \n", "not valid TOML"),
    "binary": (None, "not UTF-8"),
}


@pytest.fixture(params=sorted(BROKEN_TAXONOMIES))
def broken_taxonomy(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    change, message = BROKEN_TAXONOMIES[request.param]
    path = tmp_path / f"{request.param}.toml"
    if change is None:
        path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00garbage")
    else:
        changed = change(MINI.read_text("utf-8"))
        assert changed != MINI.read_text("utf-8")
        path.write_text(changed, "utf-8")
    return path, message


def test_open_with_a_broken_taxonomy_exits_2_before_any_screen(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    broken_taxonomy: tuple[Path, str],
    tmp_path: Path,
) -> None:
    path, message = broken_taxonomy
    started: list[str] = []

    def refuse(self: CampaignApp, *args: object, **kwargs: object) -> None:
        started.append("app")
        raise AssertionError("the dashboard must not start on a broken taxonomy")

    monkeypatch.setattr(app_module.CampaignApp, "__init__", refuse)
    monkeypatch.setattr(app_module.CampaignApp, "run", refuse)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(json.dumps(STORIES[0]) + "\n", "utf-8")
    for args in (
        ["open", str(corpus), "--taxonomy", str(path)],
        ["open", "--taxonomy", str(path)],  # no corpus: the demo one
        [str(corpus), "--taxonomy", str(path)],  # the default command is `open`
    ):
        code, out, err = run_cli(capsysbinary, [*args, "--cache-dir", str(tmp_path / "c")])
        assert code == 2, err
        assert out == b""
        errors = [line for line in err.splitlines() if line.strip()]
        assert len(errors) == 1, err
        assert errors[0].startswith(f"error: {path}: ") and message in errors[0], errors[0]
        assert "Traceback" not in err
    assert started == []
    assert not (tmp_path / "c").exists()  # nothing was indexed either


def test_the_app_itself_refuses_a_broken_taxonomy(broken_taxonomy: tuple[Path, str]) -> None:
    path, message = broken_taxonomy
    with pytest.raises(TaxonomyError, match=re.escape(message)):
        CampaignApp(Settings(taxonomy=path), watch=False)
