"""Stories with no campaign theme: society and life at home, and foreign news."""

from __future__ import annotations

from tui.demo.places import REGION_BY_ID, place
from tui.demo.story import Ctx, Story
from tui.demo.text import capital, fill, weighted
from tui.demo.vocabulary import vocabulary

V = vocabulary()

# In the order of `rng.randrange(5)`; each names a template pair and a title in stories.society.
_SOCIETY = ("paektu", "weather", "performance", "sports", "mangyongdae")

# Greetings and commentaries dominate real external news; disasters and foreign plans less.
# (kind, weight, topic); each kind names a template list and a title in stories.foreign.
_FOREIGN: tuple[tuple[str, float, str], ...] = (
    ("greetings", 30, "External"),
    ("credentials", 15, "External"),
    ("plan", 8, "World"),
    ("floods", 14, "World"),
    ("gaza", 4, "World"),
    ("commentary", 25, "News Commentary"),
)


def story_society(c: Ctx) -> Story:
    rng = c.rng
    key = _SOCIETY[rng.randrange(5)]
    wd = V.weekdays[c.day.weekday()]
    first, second = V.options("society", key)
    # Each place and number is drawn just before the sentence that uses it.
    if key == "paektu":
        paras = [
            fill(rng, first, {}),
            fill(rng, second, {"place": place(rng, REGION_BY_ID["ryanggang"], 0.4)}),
        ]
    elif key == "weather":
        region = rng.choice(V.regions)
        paras = [
            fill(rng, first, {"place": place(rng, region, 0.9), "wd": wd}),
            fill(rng, second, {"n": str(rng.randint(8, 30))}),
        ]
    elif key == "sports":
        region = rng.choice(V.regions)
        paras = [
            fill(rng, first, {"place": place(rng, region, 0.5), "wd": wd}),
            fill(rng, second, {}),
        ]
    else:
        paras = [fill(rng, first, {"wd": wd}), fill(rng, second, {})]
    return Story(V.text("society", f"{key}_title"), paras, "Society-Life", end_marker=0.8)


def story_foreign(c: Ctx) -> Story:
    rng = c.rng
    country = rng.choice(V.countries)
    key = weighted(rng, [(k, w) for k, w, _ in _FOREIGN])
    values = {
        "country": country.name,
        "head": country.head,
        "capital": country.capital,
        "wd": V.weekdays[c.day.weekday()],
        "n": str(rng.randint(3, 90)),
        "y": str(c.day.year + 1),
        "y5": str(c.day.year + 5),
    }
    target = ""
    if key == "greetings":
        values["sender"] = rng.choice(V.options("foreign", "senders"))
    elif key == "commentary":
        target, values["verb"] = rng.choice(V.commentary_targets)
        values["target"] = target
    paras = [fill(rng, t, values) for t in V.options("foreign", key)]
    if key == "commentary":
        extra = V.options("foreign", "commentary_extra")
        paras[2:2] = [fill(rng, t, values) for t in rng.sample(extra, rng.randint(1, 3))]
    title = V.text("foreign", f"{key}_title").format(
        Head=capital(country.head), country=country.name, target=target.replace("The ", "")
    )
    topic = next(t for k, _, t in _FOREIGN if k == key)
    return Story(title, paras, topic, end_marker=0.7)
