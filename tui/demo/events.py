"""Stories about events: national exhibitions and meetings, building projects, and traps (names
that look like places or campaigns but are not)."""

from __future__ import annotations

from datetime import timedelta

from tui.demo.places import PROVINCES, SECTOR_BY_ID, UNITS_BY_SECTOR, region_name
from tui.demo.story import Ctx, Story, pick_unit, topic_home
from tui.demo.text import capital, fill, title_case, weighted
from tui.demo.vocabulary import vocabulary

V = vocabulary()

# In the order of `rng.randrange(4)`; each names a template list and a title in stories.trap.
_TRAPS = ("university", "chollima", "kim_chaek", "youth_brigade")


def story_national(c: Ctx) -> Story:
    rng = c.rng
    events = list(V.national_events)
    pairs = [(e.name, 1.0) for e in events]
    if c.day.year >= 2024:
        events.append(V.local_industry_event)
        pairs.append((V.local_industry_event.name, 6.0))
    name = weighted(rng, pairs)
    event = next(e for e in events if e.name == name)
    sector = SECTOR_BY_ID[event.sector]
    # "here" is the dateline's city: it must not count as a place.
    venue = rng.choice(V.options("national", "venues"))
    dd = c.day - timedelta(days=rng.randint(0, 2))
    units = []
    for _ in range(2):
        u, site = pick_unit(c, sector)
        units.append(f"{u.name} {site}".strip())
    values = {
        "event": name,
        "venue": venue,
        "day": V.weekdays[dd.weekday()],
        "n": str(rng.randint(2, 30)),
        "u1": units[0],
        "u2": units[1],
        "purpose": event.purpose,
        "scope": rng.choice(V.national),
        "month": V.months[c.day.month % 12],
        "d": str(rng.randint(1, 28)),
    }
    meeting = "Meeting" in name or "Contest" in name
    if meeting:
        paras = [fill(rng, t, values) for t in V.options("national", "meeting")]
    else:
        paras = [fill(rng, t, values) for t in V.options("national", "exhibition")]
        if rng.random() < 0.5:
            paras.append(fill(rng, V.text("national", "exhibition_runs"), values))
    title = f"{name} {rng.choice(V.options('national', 'title_verbs'))}"
    if meeting:
        title = f"{name} Held"
    return Story(title, paras, topic_home(rng))


def story_construction(c: Ctx) -> Story:
    rng = c.rng
    year = c.day.year
    candidates = [p for p in V.projects if p.years[0] <= year <= p.years[1]]
    proj = rng.choice(candidates) if candidates else V.projects[-1]
    prov = rng.choice(PROVINCES)
    # The province's name is drawn whichever brigade is picked.
    prov_name = region_name(rng, prov)
    brigade = rng.choice(V.options("construction", "brigades"))
    brigade = brigade.format(short=prov.short, prov=prov_name)
    cement = rng.choice(UNITS_BY_SECTOR["construction"])
    values = {
        "proj": proj.phrase,
        "Brigade": capital(brigade),
        "brigade": brigade,
        "n": str(rng.randint(2, 30)),
        "cement": cement.name,
        "speed": "Chollima speed" if year < 2019 else "the Manriman speed",
    }
    paras = [fill(rng, rng.choice(V.options("construction", "leads")), values)]
    paras.append(fill(rng, rng.choice(V.options("construction", "progress")), values))
    if rng.random() < 0.7:
        paras.append(
            fill(rng, V.text("construction", "supplies"), {"Cement": capital(cement.name)})
        )
    if rng.random() < 0.4:
        paras.append(fill(rng, V.text("construction", "finishing"), {}))
    if c.campaign is not None and rng.random() < 0.6:
        paras.append(fill(rng, V.text("construction", "campaign"), {"campaign": c.campaign.name}))
    title = rng.choice(V.options("construction", "titles")).format(project=proj.title)
    return Story(title_case(title), paras, topic_home(rng))


def story_trap(c: Ctx) -> Story:
    rng = c.rng
    key = _TRAPS[rng.randrange(4)]
    values = {"n": str(rng.randint(3, 30))}
    if key == "youth_brigade":
        values["road"] = rng.choice(V.options("trap", "roads"))
    paras = [fill(rng, t, values) for t in V.options("trap", key)]
    return Story(V.text("trap", f"{key}_title"), paras, topic_home(rng))
