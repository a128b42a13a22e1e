"""The invented timeline: which campaign runs on a day, how the plan and the policy are named."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tui.demo.vocabulary import Campaign, vocabulary

V = vocabulary()

# The five-year strategy is named from the party congress of May 2016.
STRATEGY_START = date(2016, 5, 10)


def campaign_on(day: date) -> Campaign | None:
    # A week's grace after the end: that is when the wrap-up stories run.
    for camp in V.campaigns:
        if camp.start <= day <= camp.end + timedelta(days=7):
            return camp
    return None


def plan_phrase(rng: random.Random, day: date) -> str:
    """How the economic plan of the day is named: the new five-year plan from 2021."""
    if day.year >= 2021:
        return rng.choice(V.plan_phrases)
    if day >= STRATEGY_START:
        return "the five-year strategy for the national economic development"
    return "the yearly national economic plan"


def plan_rate(day: date) -> float:
    """Share of industrial stories that mention the plan: a burst at the 2021 launch."""
    if day.year == 2021:
        return 0.55 if day.month <= 6 else 0.35
    if day.year > 2021:
        return 0.08
    if STRATEGY_START <= day <= date(2016, 12, 31):
        return 0.2
    if 2017 <= day.year <= 2020:
        return 0.06
    return 0.03


def policy(rng: random.Random, day: date) -> str:
    """The name of the regional development policy in force on `day`."""
    if day.year >= 2024:
        mark = "20x10" if rng.random() < 0.8 else "20\u00d710"
        return rng.choice(V.options("regional", "policies_20x10")).format(mark=mark)
    return rng.choice(V.options("regional", "policies"))


def regional_rate(day: date) -> float:
    """Share of local-industry stories that name the regional policy."""
    return 0.9 if day.year >= 2024 else 0.45 if day.year >= 2022 else 0.15
