"""Places, units and people: how a region, a farm, a factory or a person is named in a story."""

from __future__ import annotations

import random

from tui.demo.vocabulary import Region, Sector, Unit, vocabulary

V = vocabulary()

REGION_BY_ID = {r.id: r for r in V.regions}
# Provinces only: "X and other provinces" reads wrong for the special cities.
PROVINCES = tuple(r for r in V.regions if r.names[0].endswith("Province"))
SECTOR_BY_ID = {s.id: s for s in V.sectors}
UNITS_BY_SECTOR: dict[str, list[Unit]] = {}
for _u in V.units:
    UNITS_BY_SECTOR.setdefault(_u.sector, []).append(_u)


def region_name(rng: random.Random, region: Region) -> str:
    # KCNA's own spelling dominates; the variants stay frequent enough to matter.
    if len(region.names) == 1 or rng.random() < 0.7:
        return region.names[0]
    return rng.choice(region.names[1:])


def place(rng: random.Random, region: Region, with_region: float = 0.5) -> str:
    """A city, county or district of the region, sometimes followed by its province."""
    name, kind = rng.choice(region.places)
    if region.id == "kaesong":
        return rng.choice(region.names)
    if kind == "city":
        base = f"{name} City" if rng.random() < 0.6 else name
    elif kind == "county":
        base = f"{name} County"
    else:
        base = f"{name} District"
    if rng.random() >= with_region:
        return base
    if kind == "district" and region.id != "pyongyang" and rng.random() < 0.5:
        return f"{region.short}'s {base}"
    sep = rng.choice((", ", " of ", " in "))
    return f"{base}{sep}{region_name(rng, region)}"


def county(rng: random.Random, region: Region) -> str:
    """A bare county or city name, for names of farms and local factories."""
    return rng.choice(region.places)[0]


def farm(rng: random.Random, region: Region | None = None) -> tuple[str, str, Region]:
    """An invented cooperative farm: (name, locative, region)."""
    if region is None:
        region = REGION_BY_ID[rng.choice(V.farm_regions)]
    name = f"the {rng.choice(V.farm_names)} Cooperative Farm"
    return name, "in " + place(rng, region, 0.6), region


def local_factory(rng: random.Random, region: Region) -> tuple[str, str]:
    """A local industry factory named after a county: (name, province name or "")."""
    where = county(rng, region)
    kind = rng.choice(V.local_factory_kinds)
    if region.id == "kaesong":
        return f"the Kaesong {kind}", ""
    return f"the {where} {kind}", region_name(rng, region)


def unit_products(unit: Unit, sector: Sector) -> tuple[str, ...]:
    # By a word of the unit's name: the sector's list would have a shoe factory making fish.
    for key, products in V.unit_products:
        if key in unit.name:
            return products
    return sector.products


def reference(name: str) -> str:
    """How later mentions name a unit ("the complex"), as wire copy does."""
    for key, ref in V.references:
        if name.endswith(key):
            return ref
    return name


def person(rng: random.Random) -> str:
    a, b = rng.sample(V.given, 2)
    return f"{rng.choice(V.surnames)} {a} {b}"
