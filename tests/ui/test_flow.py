"""The dashboard's conventions and comparing keys: the footer's ? and q, a palette with every
key, the scope key, the timeline's lines, picker counts, titles that follow the measure,
whole-number count axes, and a corpus watched without polling."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tests.ui.conftest import make_app, settle
from tui.core.models import Scope
from tui.core.query import Query
from tui.core.watch import CorpusWatcher
from tui.core.wording import counted
from tui.ui.app import CampaignApp
from tui.ui.commands import panel_bindings
from tui.ui.screens.picker import PickerScreen
from tui.ui.widgets.plots import TimelineDrawing, render_plot, whole_ticks
from tui.ui.widgets.tables import CountTable


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_footer_always_shows_help_and_quit(app: CampaignApp, size: tuple[int, int]):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = {key.action: key for key in app.screen.query(FooterKey)}
        for action in ("help", "quit"):
            region = keys[action].region
            assert region.width > 0 and region.right <= size[0], action
        # Rarely used keys are in the help and the palette, not in the footer.
        assert "reset" not in keys and "go_back" not in keys


async def test_the_palette_has_every_key_of_the_dashboard(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        keys = [*app.BINDINGS, *app.dashboard.BINDINGS]
        bindings = [b for b in keys if isinstance(b, Binding)]
        bindings += [binding for _, binding in panel_bindings()]
        missing = []
        for binding in bindings:
            if binding.action == "quit":
                found = any(title.startswith("Quit") for title in titles)
            else:
                key = binding.key_display or binding.key
                found = any(
                    title.startswith(binding.description) and key in title for title in titles
                )
            if not found:
                missing.append(f"{binding.key} {binding.action}")
        assert missing == []
        for wanted in ("Sort", "Next panel", "Scope", "Undo", "Redo", "Timeline lines"):
            assert any(title.startswith(wanted) for title in titles), wanted


async def test_sort_from_the_palette_sorts_the_focused_table(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.query_one("#sectors", CountTable)
        table.move_cursor(column=1)
        (sort,) = [c for c in app.get_system_commands(app.screen) if c.title.startswith("Sort")]
        before = table.sort_key
        await sort.callback()
        await settle(pilot)
        assert table.sort_key != before


async def test_S_switches_the_scope_in_the_dashboard(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        index = app.dashboard.query_engine.index
        # a2: steel (metallurgy) in its first paragraph, the emulation drive in its second.
        assert (
            str(app.query_one("#sectors", CountTable).get_cell("socialist_emulation", "metallurgy"))
            == "1"
        )
        await pilot.press("S")
        await settle(pilot)
        assert app.dashboard.settings.scope is Scope.paragraph
        assert app.dashboard.query_engine.scope is Scope.paragraph
        assert "Scope paragraph" in str(app.query_one("#filter-bar").render())
        expected = Query(index, Scope.paragraph).theme_by("sector", app.dashboard.filters)
        assert expected.loc["socialist_emulation", "metallurgy"] == 0
        shown = app.query_one("#sectors", CountTable).get_cell("socialist_emulation", "metallurgy")
        assert str(shown) in {"·", "0"}
        await pilot.press("S", "S")
        await settle(pilot)
        assert app.dashboard.settings.scope is Scope.article


async def test_l_picks_the_timeline_lines(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        # Themes and first-level regions, each with the articles it gives under the filters.
        assert picker.counts["speed_campaign"] == 1
        assert picker.counts["south_hamgyong"] == 2
        await pilot.press(*"speed", "tab", "enter")
        await settle(pilot)
        assert app.dashboard.last_data is not None
        assert list(app.dashboard.last_data.timeline.columns) == ["speed_campaign"]
        drawing = app.dashboard.last_data.timeline_drawing
        assert isinstance(drawing, TimelineDrawing)
        assert drawing.title.startswith("Themes per month (articles)")
        # One theme across regions.
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+r")  # back to the leading themes
        await settle(pilot)
        assert app.dashboard.lines.empty
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"socialist", "tab")
        await pilot.press(*["backspace"] * 9, *"south ham", "tab", "enter")
        await settle(pilot)
        assert list(app.dashboard.last_data.timeline.columns) == ["south_hamgyong"]
        assert app.dashboard.last_data.timeline_drawing.title.startswith(  # type: ignore[attr-defined]
            "Socialist emulation by region per month"
        )


async def test_picker_counts_arrive_in_the_open_picker(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.counts["hamhung"] == 1 and picker.counts["south_hamgyong"] == 2
        prompts = [str(option.prompt) for option in picker.query_one("OptionList").options]  # type: ignore[attr-defined]
        assert any(re.search(r"Hamhung\s+1$", prompt) for prompt in prompts), prompts


async def test_titles_follow_the_measure(app: CampaignApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.dashboard.last_data is not None
        assert app.dashboard.last_data.timeline_drawing.title == (  # type: ignore[attr-defined]
            "Leading themes per month (mentions)"
        )
        assert app.dashboard.last_data.bars_drawing.title == "Mentions per theme"
        await pilot.press("n")
        await settle(pilot)
        # Mentions as a share of articles is a rate, not a percentage.
        assert "(mentions per 100 articles)" in app.dashboard.last_data.bars_drawing.title
        assert "mentions per 100 articles" in app.dashboard.last_data.timeline_drawing.title  # type: ignore[attr-defined]


def test_count_axes_have_whole_numbers() -> None:
    assert whole_ticks(3) == [0, 1, 2, 3]
    assert whole_ticks(7) == [0, 2, 4, 6, 8]
    assert whole_ticks(0) == [0, 1]
    assert all(t == int(t) for t in whole_ticks(123))
    drawing = TimelineDrawing(
        lines=(([0.0, 1.0, 0.0, 1.0, 0.0], "Speed", 12),),
        ticks=([1.0, 3.0, 5.0], ["2024-01", "2024-03", "2024-05"]),
        title="t",
        whole=True,
    )
    from textual.geometry import Size

    text = "\n".join(
        strip.text for strip in render_plot(drawing, Size(50, 16), "textual-dark").strips
    )
    labels = re.findall(r"(\d+(?:\.\d+)?)\s*┤", text)
    assert labels and all("." not in label for label in labels), labels


def test_counted_nouns() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "problem") == "0 problems"
    assert counted(1_039, "article") == "1,039 articles"


async def test_the_corpus_is_watched_without_polling(corpus_dir: Path, tmp_path: Path) -> None:
    app = make_app(corpus_dir, tmp_path / "cache", watch=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.dashboard.watching == "inotify"
        assert app.dashboard._poll_timer is None  # nothing runs every 2 s
        extra = {
            "id": "n1",
            "date": "2024-03-05",
            "title": "New",
            "body": "A coal mine in Hamhung.",
        }
        (corpus_dir / "more.jsonl").write_text(json.dumps(extra) + "\n")
        for _ in range(100):  # the kernel's notice, debounced (1.6 s), then the re-index
            await pilot.pause(0.1)
            if app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 6:
                break
        await settle(pilot)
        assert app.dashboard.last_data is not None and app.dashboard.last_data.articles_total == 6


async def test_the_corpus_is_polled_when_the_watch_cannot_start(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CorpusWatcher, "start", lambda self: False)
    app = make_app(corpus_dir, tmp_path / "cache", watch=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.dashboard.watching == "polling"
        assert app.dashboard._poll_timer is not None


@pytest.mark.parametrize("width", [30, 62, 100])
def test_a_long_timeline_title_is_shortened_not_dropped(width: int) -> None:
    from textual.geometry import Size

    drawing = TimelineDrawing(
        lines=(([0.0, 2.0, 1.0], "Speed", 12),),
        ticks=([1.0, 3.0], ["2024-01", "2024-03"]),
        title="Speed campaigns by region per month (mentions per 100 articles) · │ range",
    )
    first = render_plot(drawing, Size(width, 16), "textual-dark").strips[0].text
    assert "Speed" in first
