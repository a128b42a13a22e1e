"""Stories about the economy: one unit's work, campaigns, the plan, round-ups and red flags."""

from __future__ import annotations

from tui.demo.places import PROVINCES, region_name
from tui.demo.story import (
    Ctx,
    Story,
    campaign_sentence,
    closing,
    details,
    merge,
    pick_sector,
    pick_unit,
    quote,
    sector_themes,
    slots,
    theme_sentence,
    topic_home,
    unit_line,
)
from tui.demo.text import and_list, capital, fill, title_case
from tui.demo.timeline import STRATEGY_START, plan_phrase, plan_rate, policy, regional_rate
from tui.demo.vocabulary import vocabulary

V = vocabulary()


def story_sector(c: Ctx) -> Story:
    rng = c.rng
    sector = pick_sector(c)
    unit, site = pick_unit(c, sector)
    values = slots(c, unit, sector, site)
    rest = {**values, "site": ""}  # the locative only once, as in real copy
    if rng.random() < 0.6:
        # Later mentions say "the complex" rather than the full name.
        rest.update(unit=values["ref"], Unit=capital(values["ref"]))
    themes = sector_themes(c, sector, unit, rng.choice((2, 3, 3, 4, 4)))
    lead = themes[0] if themes else "production_increase"
    paras = [theme_sentence(c, sector, lead, values)]
    facts = list(sector.facts)
    rng.shuffle(facts)
    for fact in facts[: rng.choice((1, 1, 2, 2))]:
        text = fill(rng, fact, rest)
        if rng.random() < 0.4:
            paras[-1] += " " + text
        else:
            paras.append(text)
    for theme in themes[1:]:
        paras.append(theme_sentence(c, sector, theme, rest))
    for text in details(c, rest, rng.choice((1, 1, 2, 2, 3))):
        paras.insert(rng.randint(1, len(paras)), text)
    if c.campaign is not None and unit.maker and rng.random() < 0.55:
        paras.append(campaign_sentence(c, rest))
    if unit.maker and rng.random() < plan_rate(c.day):
        paras.append(fill(rng, rng.choice(V.theme_sentences["five_year_plan"]), rest))
    if sector.id == "local_industry" and rng.random() < regional_rate(c.day):
        paras.append(
            fill(
                rng,
                rng.choice(V.regional_sentences),
                {**rest, "county": "the county", "policy": policy(rng, c.day)},
            )
        )
    if rng.random() < 0.35:
        paras.append(quote(c, sector, rest))
    if rng.random() < 0.6:
        paras.append(closing(c, rest))
    paras = merge(rng, paras)
    if rng.random() < 0.08 and paras[0].startswith("The "):
        paras[0] = "According to Rodong Sinmun, t" + paras[0][1:]
    title_tpl = rng.choice(V.titles.get(lead, (V.text("sector", "default_title"),)))
    title = title_tpl.format(short=values["short"], ind=sector.title)
    return Story(title_case(title), paras, topic_home(rng))


def story_campaign(c: Ctx) -> Story:
    rng = c.rng
    camp = c.campaign
    assert camp is not None
    name = camp.name
    scope = (
        rng.choice(V.national) if rng.random() < 0.7 else V.text("campaign", "all_sectors_scope")
    )
    values = {"campaign": name, "scope": scope}
    if c.day > camp.end:
        lead = fill(rng, V.text("campaign", "lead_ended"), values)
        title = V.text("campaign", "title_ended")
    else:
        lead = fill(rng, V.text("campaign", "lead_running"), values)
        title = rng.choice(V.options("campaign", "titles_running"))
    paras = [lead]
    for _ in range(rng.randint(2, 4)):
        paras.append(unit_line(c))
    prov = rng.choice(PROVINCES)
    paras.append(
        fill(rng, V.text("campaign", "brigades"), {"Prov": capital(region_name(rng, prov))})
    )
    if rng.random() < 0.6:
        paras.append(
            fill(
                rng,
                V.text("campaign", "resolve"),
                {"scope": rng.choice(V.national), "campaign": name},
            )
        )
    return Story(title_case(capital(title.format(name=name))), paras, topic_home(rng))


def story_plan(c: Ctx) -> Story:
    rng = c.rng
    day = c.day
    plan = plan_phrase(rng, day)
    if day.year >= 2021 or day >= STRATEGY_START:
        ordinal = V.options("plan", "ordinals")[min(4, (day.year - 2021) % 5)]
        year_phrase = f"the {ordinal} year of {plan}" if day.year >= 2021 else plan
        scope = rng.choice(V.national) if rng.random() < 0.6 else "in all sectors"
        paras = [fill(rng, V.text("plan", "lead"), {"scope": scope, "yp": year_phrase})]
        for _ in range(rng.randint(2, 3)):
            sector = pick_sector(c, exclude=("education", "public_health", "transport"))
            unit, site = pick_unit(c, sector)
            values = slots(c, unit, sector, site)
            paras.append(fill(rng, rng.choice(V.theme_sentences["five_year_plan"]), values))
        title = (
            rng.choice(V.options("plan", "titles_plan"))
            if day.year >= 2021
            else V.text("plan", "title_strategy")
        )
    else:
        sectors = rng.sample([s for s in V.sectors if s.facts], 3)
        paras = [
            fill(rng, V.text("plan", "cabinet_meeting"), {"day": V.weekdays[day.weekday()]}),
            fill(
                rng,
                V.text("plan", "cabinet_review"),
                {
                    "a": sectors[0].industry[0],
                    "b": sectors[1].industry[0],
                    "c": sectors[2].industry[0],
                },
            ),
        ]
        title = V.text("plan", "title_cabinet")
    return Story(title_case(title), paras, topic_home(rng))


def story_roundup(c: Ctx) -> Story:
    rng = c.rng
    scope = rng.choice(V.national) if rng.random() < 0.6 else rng.choice(V.not_national)
    lead = fill(rng, rng.choice(V.options("roundup", "leads")), {"scope": scope})
    paras = [lead]
    for _ in range(rng.randint(2, 4)):
        paras.append(unit_line(c))
    p1, p2 = rng.sample(PROVINCES, 2)
    fields = rng.sample(V.province_fields, 3)
    paras.append(
        fill(
            rng,
            V.text("roundup", "provinces"),
            {
                "P1": capital(region_name(rng, p1)),
                "p2": region_name(rng, p2),
                "fields": and_list(fields),
            },
        )
    )
    return Story(rng.choice(V.options("roundup", "titles")), paras, topic_home(rng))


def story_redflag(c: Ctx) -> Story:
    rng = c.rng
    lines = []
    for _ in range(3):
        sector = pick_sector(c)
        u, site = pick_unit(c, sector)
        lines.append(f"{u.name} {site}".strip())
    n = rng.randint(12, 90)
    paras = [
        fill(rng, V.text("redflag", "lead"), {"n": str(n)}),
        f"They include {and_list(lines)}.",
        fill(rng, V.text("redflag", "double"), {"u": lines[0]}),
        fill(
            rng,
            V.text("redflag", "movement"),
            {"scope": rng.choice(V.national + V.not_national)},
        ),
    ]
    return Story(rng.choice(V.options("redflag", "titles")), paras, topic_home(rng))
