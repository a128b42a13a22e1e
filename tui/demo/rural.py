"""Stories of the countryside: farm work by season and regional development."""

from __future__ import annotations

from tui.demo.places import PROVINCES, REGION_BY_ID, SECTOR_BY_ID, farm, place, region_name
from tui.demo.story import Ctx, Story, merge, quote, topic_home
from tui.demo.text import capital, fill, short, title_case
from tui.demo.timeline import policy
from tui.demo.vocabulary import Region, vocabulary

V = vocabulary()


def story_farm(c: Ctx) -> Story:
    rng = c.rng
    stage = rng.choice(V.farm_seasons[c.day.month])
    sector = SECTOR_BY_ID["agriculture"]
    if rng.random() < 0.15:
        return story_farm_national(c, stage)
    region = REGION_BY_ID["ryanggang"] if stage == "potato" else None
    name, site, region = farm(rng, region)
    exemplar, _, _ = farm(rng)
    values = {
        "farm": name,
        "Farm": capital(name),
        "site": f" {site}",
        "n": str(rng.randint(2, 9)),
        "pct": str(rng.randint(3, 25)),
        "exemplar": exemplar,
        "place": place(rng, region, 0.7),
        "unit": name,
    }
    paras = [fill(rng, rng.choice(V.farm_leads[stage]), values)]
    if rng.random() < 0.6:
        paras.append(fill(rng, rng.choice(sector.facts), {**values, "site": ""}))
    for theme in rng.sample(list(V.farm_more), rng.choice((1, 2, 2, 3))):
        paras.append(fill(rng, rng.choice(V.farm_more[theme]), values))
    if c.campaign is not None and rng.random() < 0.4:
        paras.append(fill(rng, V.text("farm", "campaign"), {"campaign": c.campaign.name}))
    if c.day.year >= 2022 and rng.random() < 0.3:
        paras.append(fill(rng, rng.choice(V.rural_sentences), values))
    for text in rng.sample(V.farm_details, rng.choice((0, 1, 2, 2))):
        paras.insert(rng.randint(1, len(paras)), fill(rng, text, values))
    if rng.random() < 0.3:
        paras.append(quote(c, sector, {**values, "ref": "the farm", "workers": "farmers"}))
    paras = merge(rng, paras)
    title = V.farm_titles[stage]
    if stage != "potato" and rng.random() < 0.6:
        title += f" at {short(name)}"
    return Story(title_case(title), paras, topic_home(rng))


def story_farm_national(c: Ctx, stage: str) -> Story:
    """The season's work across several provinces."""
    rng = c.rng
    regions = rng.sample(PROVINCES, 3)
    work = V.farm_work[stage]
    scope = rng.choice(V.national) if rng.random() < 0.75 else rng.choice(V.not_national)
    farms = [farm(rng, r) for r in regions]
    paras = [
        fill(rng, V.text("farm", "national_lead"), {"scope": scope, "work": work}),
        fill(
            rng,
            V.text("farm", "national_farms"),
            {
                "Farm": capital(farms[0][0]),
                "site": farms[0][1],
                "farm2": farms[1][0],
                "site2": farms[1][1],
            },
        ),
        fill(rng, V.text("farm", "national_province"), {"prov": region_name(rng, regions[2])}),
    ]
    if rng.random() < 0.5:
        paras.append(fill(rng, V.text("farm", "national_scientists"), {}))
    return Story(title_case(f"{capital(short(work))} Brisk in DPRK"), paras, topic_home(rng))


def story_regional(c: Ctx) -> Story:
    rng = c.rng
    region = rng.choice(PROVINCES)
    policy_name = policy(rng, c.day)
    if c.day.year < 2022 or rng.random() < 0.5:
        title, paras = _local_factories(c, region, policy_name)
    else:
        title, paras = _rural_houses(c, region)
    return Story(title_case(title), paras, topic_home(rng))


def _local_factories(c: Ctx, region: Region, policy_name: str) -> tuple[str, list[str]]:
    """New local industry factories in a county: (title, paragraphs)."""
    rng = c.rng
    counties = rng.sample(region.places, 2)
    county, county2 = (f"{n} County" if k == "county" else f"{n} City" for n, k in counties)
    kind = rng.choice(V.local_factory_kinds)
    values = {
        "county": county,
        "County": county,
        "policy": policy_name,
        "factory": f"the {counties[0][0]} {kind}",
        "prov": region_name(rng, region),
        "county2": county2,
        "n": str(rng.randint(2, 9)),
    }
    paras = [fill(rng, rng.choice(V.options("regional", "factory_leads")), values)]
    paras.append(fill(rng, rng.choice(V.regional_sentences), values))
    paras.append(fill(rng, V.text("regional", "factory_goods"), values))
    if c.day.year >= 2024 and rng.random() < 0.6:
        paras.append(fill(rng, V.text("regional", "twenty_by_ten"), values))
    title = rng.choice(V.options("regional", "factory_titles"))
    return title.format(county=counties[0][0], prov=region.short), paras


def _rural_houses(c: Ctx, region: Region) -> tuple[str, list[str]]:
    """New houses on a farm: (title, paragraphs)."""
    rng = c.rng
    name, site, _ = farm(rng, region)
    values = {
        "farm": name,
        "site": site,
        "n": str(rng.randint(20, 300)),
        "prov": region_name(rng, region),
    }
    paras = [
        fill(rng, V.text("regional", "houses_built"), values),
        fill(rng, V.text("regional", "housewarming"), {"day": V.weekdays[c.day.weekday()]}),
        fill(rng, rng.choice(V.rural_sentences), values),
    ]
    return V.text("regional", "houses_title").format(prov=region.short), paras
