"""The province map shows each region's own number, shaded by the rule its legend states."""

from __future__ import annotations

import re

from tui.ui.widgets.region_map import SHADES, MapData, draw_map, shade_of, short_name

NAMES = {
    "pyongyang": "Pyongyang",
    "north_hamgyong": "North Hamgyong",
    "rason": "Rason",
    "kaesong": "Kaesong",
}


def test_each_tile_shows_its_regions_value_below_its_name():
    data = MapData(values={"pyongyang": 310, "north_hamgyong": 44, "rason": 7}, names=NAMES)
    lines = draw_map(data, 80).plain.splitlines()
    for name, value in (
        ("Pyongyang", "310"),
        ("North Hamgyong", "44"),
        ("Rason", "7"),
        ("Kaesong", "0"),
    ):
        (row,) = [i for i, line in enumerate(lines) if re.search(rf"\b{name}\b", line)]
        column = lines[row].index(name)
        assert lines[row + 1][column:].split()[0] == value


def test_shades_follow_the_legend_steps():
    assert shade_of(0, 100) == 0
    assert shade_of(1, 100) == 1
    assert shade_of(26, 100) == 2
    assert shade_of(100, 100) == len(SHADES) - 1
    legend = draw_map(MapData(values={"pyongyang": 100}, names=NAMES), 80).plain
    assert ">0" in legend and ">25" in legend and ">75" in legend


def test_national_and_credit_are_shown_and_untrusted_names_are_plain():
    names = {**NAMES, "rason": "[bold]Ra\x1b]0;pwned\x07son"}
    text = draw_map(MapData(values={}, names=names, national=12), 80).plain
    assert "National (country-wide scope): 12" in text
    assert "Open Admin Data" in text
    assert "\x1b" not in text and "[bold]Rason" in text


def test_shares_are_written_as_percentages_and_rising_regions_marked():
    data = MapData(values={"rason": 0.125}, names=NAMES, share=True, rising=frozenset({"rason"}))
    text = draw_map(data, 80).plain
    assert "12.5% ▲" in text and "rose against its baseline" in text


def test_short_names_fit_narrow_tiles():
    assert short_name("North Hamgyong", 11) == "N. Hamgyong"
    assert short_name("Pyongyang", 11) == "Pyongyang"
    assert len(short_name("South Hwanghae Province", 8)) == 8


def test_a_short_panel_drops_the_blank_lines_between_tile_rows():
    data = MapData(values={"pyongyang": 3}, names=NAMES, national=1)
    roomy = draw_map(data, 80).plain.splitlines()
    short = draw_map(data, 80, height=14).plain.splitlines()
    assert len(short) < len(roomy)
    assert "Pyongyang" in "\n".join(short) and "National (country-wide scope): 1" in short
