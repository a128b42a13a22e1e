"""What every story kind builds on: the story record, picking a sector and a unit, slot values,
theme sentences, quotes and neutral details."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tui.demo.places import (
    PROVINCES,
    SECTOR_BY_ID,
    UNITS_BY_SECTOR,
    county,
    farm,
    local_factory,
    person,
    reference,
    region_name,
    unit_products,
)
from tui.demo.text import capital, fill, short, weighted
from tui.demo.timeline import plan_phrase
from tui.demo.vocabulary import Campaign, Sector, Unit, vocabulary

V = vocabulary()


@dataclass
class Story:
    title: str
    paras: list[str]
    topic: str
    end_marker: float = 0.55


@dataclass
class Ctx:
    rng: random.Random
    day: date
    campaign: Campaign | None


def topic_home(rng: random.Random) -> str:
    return rng.choice(V.topics_home)


def pick_sector(c: Ctx, exclude: Sequence[str] = ()) -> Sector:
    month = c.day.month
    pairs: list[tuple[str, float]] = []
    for s in V.sectors:
        if s.id in exclude:
            continue
        w = s.weight
        if s.id == "forestry" and month in (3, 4):
            w *= 5  # tree-planting season
        if s.id == "fisheries" and month in (12, 1, 2):
            w *= 2.5  # winter fishing season
        if s.id == "local_industry" and c.day.year >= 2024:
            w *= 3
        pairs.append((s.id, w))
    return SECTOR_BY_ID[weighted(c.rng, pairs)]


def pick_unit(c: Ctx, sector: Sector) -> tuple[Unit, str]:
    """A unit of the sector and the locative phrase used with it ("in Anju", or "")."""
    rng = c.rng
    if sector.id == "agriculture" and rng.random() < 0.8:
        name, where, region = farm(rng)
        return Unit(name, "agriculture", region.id, (where,)), where
    if sector.id == "local_industry":
        region = rng.choice(V.regions)
        name, prov = local_factory(rng, region)
        where = f"in {prov}" if prov and rng.random() < 0.6 else ""
        return Unit(name, "local_industry", region.id, (where,)), where
    if sector.id == "education" and rng.random() < 0.3:
        region = rng.choice(V.regions)
        kind = rng.choice(V.options("sector", "school_kinds"))
        name = f"the {county(rng, region)} {kind}"
        if region.id == "kaesong":
            name = f"the Kaesong {kind}"
        where = f"in {region_name(rng, region)}" if rng.random() < 0.5 else ""
        return Unit(name, "education", region.id, (where,), maker=False), where
    if sector.id == "public_health" and rng.random() < 0.3:
        region = rng.choice(PROVINCES)
        name = f"the {county(rng, region)} People's Hospital"
        where = f"in {region_name(rng, region)}" if rng.random() < 0.5 else ""
        return Unit(name, "public_health", region.id, (where,), maker=False), where
    unit = rng.choice(UNITS_BY_SECTOR[sector.id])
    return unit, rng.choice(unit.sites)


def slots(c: Ctx, unit: Unit, sector: Sector, site: str) -> dict[str, str]:
    """The slot values of the sector templates, drawn in a fixed order."""
    rng = c.rng
    others = [u for u in UNITS_BY_SECTOR.get(sector.id, []) if u.name != unit.name]
    exemplar = (
        rng.choice(others).name
        if others and rng.random() < 0.75
        else f"model units of {rng.choice(sector.industry)}"
    )
    rf = rng.choice(("Unit", "Enterprise"))
    return {
        "unit": unit.name,
        "Unit": capital(unit.name),
        "short": short(unit.name),
        "ref": reference(unit.name),
        "Ref": capital(reference(unit.name)),
        "site": f" {site}" if site else "",
        "workers": rng.choice(sector.workers),
        "product": rng.choice(unit_products(unit, sector)),
        "industry": rng.choice(sector.industry),
        "ind": sector.title,
        "groups": fill(rng, sector.groups, {}, cap=False),
        "proc": fill(rng, sector.procs, {}, cap=False),
        "pct": str(rng.randint(3, 48))
        if rng.random() < 0.7
        else f"{rng.randint(1, 30)}.{rng.randint(1, 9)}",
        "n": str(rng.randint(3, 40)),
        "exemplar": exemplar,
        "rf": rf,
        "plan": plan_phrase(rng, c.day),
        "campaign": c.campaign.name if c.campaign else "campaign",
        # "Manriman" is the later era's speed slogan.
        "speed": "Chollima speed"
        if c.day.year < 2019
        else rng.choice(V.options("sector", "later_speeds")),
    }


def theme_sentence(c: Ctx, sector: Sector, theme: str, slots: Mapping[str, str]) -> str:
    templates = V.sector_theme_sentences.get((sector.id, theme), V.theme_sentences[theme])
    return fill(c.rng, c.rng.choice(templates), slots)


def sector_themes(c: Ctx, sector: Sector, unit: Unit, k: int) -> list[str]:
    """Up to k distinct themes of the sector, drawn by weight."""
    pairs = [(t, w) for t, w in sector.themes if w > 0]
    if not unit.maker:
        # Without products only sector-specific wording reads right.
        pairs = [(t, w) for t, w in pairs if (sector.id, t) in V.sector_theme_sentences]
    chosen: list[str] = []
    while pairs and len(chosen) < k:
        t = weighted(c.rng, pairs)
        chosen.append(t)
        pairs = [(x, w) for x, w in pairs if x != t]
    return chosen


def campaign_sentence(c: Ctx, slots: Mapping[str, str]) -> str:
    rng = c.rng
    assert c.campaign is not None
    if c.day > c.campaign.end:
        tpl = V.text("sector", "campaign_ended")
    else:
        tpl = rng.choice(V.options("sector", "campaign_running"))
    return fill(rng, tpl, slots)


def closing(c: Ctx, slots: Mapping[str, str]) -> str:
    return fill(c.rng, c.rng.choice(V.options("sector", "closings")), slots)


def details(c: Ctx, slots: Mapping[str, str], k: int) -> list[str]:
    """k neutral sentences: body for a story without skewing the theme counts."""
    return [fill(c.rng, t, slots) for t in c.rng.sample(V.details, k)]


def merge(rng: random.Random, paras: list[str]) -> list[str]:
    """Join some neighbouring one-sentence paragraphs, as longer wire stories do."""
    out = [paras[0]]
    for para in paras[1:]:
        if rng.random() < 0.2 and len(out) > 1 and len(out[-1]) < 300:
            out[-1] += " " + para
        else:
            out.append(para)
    return out


def quote(c: Ctx, sector: Sector, slots: Mapping[str, str]) -> str:
    rng = c.rng
    return fill(
        rng,
        rng.choice(V.quotes),
        {
            **slots,
            "person": person(rng),
            "role": rng.choice(V.roles.get(sector.id, V.default_roles)),
        },
    )


def unit_line(c: Ctx, exclude: Sequence[str] = ("education", "public_health")) -> str:
    """A sentence about one maker unit for the round-up stories."""
    rng = c.rng
    sector = pick_sector(c, exclude=exclude)
    unit, site = pick_unit(c, sector)
    values = slots(c, unit, sector, site)
    if c.campaign is not None and rng.random() < 0.6 and unit.maker:
        body = campaign_sentence(c, values)
    else:
        themes = sector_themes(c, sector, unit, 1) or ["production_increase"]
        body = theme_sentence(c, sector, themes[0], values)
    if body.startswith(("The ", "A ")) and rng.random() < 0.35:
        body = f"In {values['industry']}, " + body[:1].lower() + body[1:]
    return body
