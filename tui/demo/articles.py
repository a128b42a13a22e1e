"""One article: which kind of story runs on a day, and the story dressed as wire copy."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta

from tui.demo.economy import story_campaign, story_plan, story_redflag, story_roundup, story_sector
from tui.demo.events import story_construction, story_national, story_trap
from tui.demo.rural import story_farm, story_regional
from tui.demo.society import story_foreign, story_society
from tui.demo.story import Ctx, Story
from tui.demo.text import respell, tidy, weighted
from tui.demo.timeline import STRATEGY_START, campaign_on
from tui.demo.vocabulary import vocabulary

V = vocabulary()

KINDS: dict[str, Callable[[Ctx], Story]] = {
    "sector": story_sector,
    "farm": story_farm,
    "campaign": story_campaign,
    "roundup": story_roundup,
    "national": story_national,
    "redflag": story_redflag,
    "regional": story_regional,
    "construction": story_construction,
    "plan": story_plan,
    "society": story_society,
    "foreign": story_foreign,
    "trap": story_trap,
}
# Farm stories by month: sowing, transplanting and harvest peak.
_FARM_MONTH_WEIGHT = (3, 3, 5, 10, 14, 12, 5, 4, 10, 14, 8, 3)


def kind_weights(c: Ctx) -> list[tuple[str, float]]:
    day = c.day
    year = day.year
    camp = 0.0
    if c.campaign is not None:
        camp = 6.0 if day > c.campaign.end else 22.0
    plan = 1.0
    if year == 2021:
        plan = 16.0 if day.month <= 3 else 5.0
    elif year > 2021:
        plan = 1.0
    elif STRATEGY_START <= day <= date(2016, 7, 31):
        plan = 6.0
    regional = 16.0 if year >= 2024 else 4.0 if year >= 2022 else 1.2
    return [
        ("sector", 40.0),
        ("farm", float(_FARM_MONTH_WEIGHT[day.month - 1])),
        ("campaign", camp),
        ("roundup", 2.5),
        ("national", 3.0),
        ("redflag", 2.0),
        ("regional", regional),
        ("construction", 5.0),
        ("plan", plan),
        ("society", 6.0),
        ("foreign", 20.0),
        ("trap", 2.5),
    ]


def make_article(rng: random.Random, day: date) -> tuple[str, str, str]:
    """(title, body, topic) of one invented story filed on `day`."""
    ctx = Ctx(rng, day, campaign_on(day))
    story = KINDS[weighted(rng, kind_weights(ctx))](ctx)
    paras = [tidy(p) for p in story.paras if p]
    lag = 0 if rng.random() < 0.8 else rng.randint(1, 2)
    dd = day - timedelta(days=lag)
    gap = " " if rng.random() < 0.93 else ""  # real copy sometimes runs "--" into the text
    paras[0] = f"Pyongyang, {V.months[dd.month - 1]} {dd.day} (KCNA) --{gap}{paras[0]}"
    if rng.random() < story.end_marker:
        paras[-1] += " -0-"
    body = "\n".join(paras)
    title = story.title
    if rng.random() < 0.15:
        # A story copied from another source is consistently spelt that way.
        body, title = respell(body, V.respell), respell(title, V.respell)
    return title, body, story.topic


def unique_articles(rng: random.Random, days: Sequence[date]) -> Iterator[tuple[str, str, str]]:
    """One article per day, none with the body of an earlier one."""
    seen: set[str] = set()
    for day in days:
        for _ in range(50):
            title, body, topic = make_article(rng, day)
            if body not in seen:
                break
        else:  # pragma: no cover - 50 collisions in a row would mean the templates collapsed
            body += f"\nReport {len(seen) + 1}."
        seen.add(body)
        yield title, body, topic
