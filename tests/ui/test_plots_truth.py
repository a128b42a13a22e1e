"""The bar chart draws each label beside its own bar, with its own count, at every size; the
timeline names its lines at every size."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.geometry import Region

from tests.ui.conftest import settle
from tui.core.models import LabelKind
from tui.core.session import Settings
from tui.ui.app import CampaignApp
from tui.ui.widgets.plots import BarPlot, TimelinePlot

pytestmark = pytest.mark.asyncio

# Invented labels: sixteen themes and eight regions, each with its own count, more bars than
# the chart has rows at most sizes.
TREES = [
    "Alder", "Birch", "Cedar", "Daphne", "Elder", "Fir", "Ginkgo", "Hazel",
    "Ivy", "Juniper", "Kapok", "Larch", "Maple", "Nutmeg", "Oak", "Pine",
]  # fmt: skip
PLACES = ["Amberfield", "Brookvale", "Coldharbour", "Dunmore", "Eastmarch", "Fernhill", "Glenrock", "Highmoor"]  # fmt: skip
BAR_ROW = re.compile(r"^\s*(?P<label>\S.*?)\s+(?P<bar>[█▏▎▍▌▋▊▉]+) (?P<value>[\d,.]+%?)\s*$")
EIGHTHS = " ▏▎▍▌▋▊▉"


def write_taxonomy(path: Path) -> Path:
    lines = ['name = "bars"', 'version = "t.1"']
    for number, tree in enumerate(TREES):
        lines += ["[[labels]]", f'id = "t{number:02d}"', 'kind = "theme"']
        lines += [f'name = "{tree} drive"', f'phrases = ["{tree.lower()} drive"]']
    for number, place in enumerate(PLACES):
        lines += ["[[labels]]", f'id = "r{number}"', 'kind = "region"']
        lines += [f'name = "{place}"', f'phrases = ["{place}"]']
    lines += ["[[labels]]", 'id = "farming"', 'kind = "sector"', 'name = "Farming"']
    lines += ['phrases = ["cooperative farm"]']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_stories(path: Path) -> Path:
    """Theme k in k + 1 stories; region r in 3 (r + 1) stories: no two counts alike."""
    stories = []
    for number, tree in enumerate(TREES):
        for copy in range(number + 1):
            stories.append(f"Workers of the farm joined the {tree.lower()} drive, day {copy}.")
    for number, place in enumerate(PLACES):
        for copy in range(3 * (number + 1)):
            stories.append(f"News from {place}, item {copy}.")
    with path.open("w", encoding="utf-8") as handle:
        for number, body in enumerate(stories):
            month = 1 + number % 12
            record = {
                "id": f"s{number}",
                "date": f"2024-{month:02d}-15",
                "title": "T",
                "body": body,
            }
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture
def bars_app(tmp_path: Path) -> CampaignApp:
    folder = tmp_path / "corpus"
    folder.mkdir()
    settings = Settings(
        paths=(write_stories(folder / "stories.jsonl"),),
        taxonomy=write_taxonomy(tmp_path / "bars.toml"),
        cache_dir=tmp_path / "cache",
    )
    return CampaignApp(settings, watch=False)


def drawn(widget: BarPlot) -> list[str]:
    """The widget's lines as the screen shows them."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return ["".join(segment.text for segment in strip) for strip in strips]


def eighths(bar: str) -> int:
    return 8 * bar.count("█") + sum(EIGHTHS.index(c) for c in bar if c in EIGHTHS[1:])


@pytest.mark.parametrize("kind", ["theme", "region"])
@pytest.mark.parametrize(
    "size", [(160, 48), (120, 40), (80, 24)], ids=["160x48", "120x40", "80x24"]
)
async def test_each_bar_is_drawn_beside_its_own_label_with_its_count(
    bars_app: CampaignApp, size: tuple[int, int], kind: LabelKind
) -> None:
    app = bars_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if size[0] < 120:
            await pilot.press("v")  # the plots instead of the tables
        if kind == "region":
            await pilot.press("b")
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        totals = app.dashboard.query_engine.theme_totals(app.dashboard.filters, kind)
        totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
        expected = [(app.taxonomy.name(str(i)), int(v)) for i, v in totals.items()]
        lines = drawn(app.query_one("#bars", BarPlot))
        rows = [match for line in lines[1:] if (match := BAR_ROW.match(line))]
        # As many bars as fit, each on a row of its own; the title says how many of how many.
        assert 3 <= len(rows) <= len(expected)
        assert len(rows) == min(len(expected), app.query_one("#bars").content_size.height - 1)
        shown = len(rows)
        title = lines[0]
        assert (f"top {shown} of {len(expected)}" if shown < len(expected) else "all") in title
        # The largest counts, each label beside its own bar with its own value.
        for row, (name, count) in zip(rows, expected, strict=False):
            assert row["label"].rstrip("…") == name[: len(row["label"].rstrip("…"))]
            assert int(row["value"].replace(",", "")) == count
        # Bar lengths follow the counts (to the eighth of a cell they are drawn in).
        longest, largest = eighths(rows[0]["bar"]), expected[0][1]
        for row, (_, count) in zip(rows, expected, strict=False):
            assert abs(eighths(row["bar"]) - count / largest * longest) <= 1


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
async def test_the_timeline_names_its_lines(bars_app: CampaignApp, size: tuple[int, int]) -> None:
    app = bars_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if size[0] < 120:
            await pilot.press("v")
        await settle(pilot)
        assert app.dashboard.query_engine is not None
        leaders = app.dashboard.query_engine.timeline(app.dashboard.filters, top=5).columns
        timeline = app.query_one("#timeline", TimelinePlot)
        text = "\n".join(
            "".join(segment.text for segment in timeline.render_line(y))
            for y in range(timeline.size.height)
        )
        for theme in leaders:
            assert "━━ " + app.taxonomy.name(str(theme))[:5] in text
