"""Synthetic KCNA-style demo corpus: invented wire copy for the dashboard's demo and benchmarks.

Every sentence is produced here from invented templates; nothing is real KCNA copy. Place names
are the DPRK's administrative divisions (cross-checked against Open Admin Data,
openadmindata.org, CC BY 4.0), respelled the way KCNA writes them. Enterprise and farm names
are either well-known public names or invented.

    python -m tui.demo --out data/demo --articles 3000 --seed 7
    python -m tui.demo --jsonl /tmp/bench.jsonl --articles 1000000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["generate", "main", "write_jsonl_corpus"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ---------------------------------------------------------------------------------------------
# Places. The first spelling of each region is KCNA's; the others are the variants an analyst
# meets in other sources, so the taxonomy's aliases get exercised.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    id: str
    names: tuple[str, ...]
    short: str
    places: tuple[tuple[str, str], ...]  # (name, "city" | "county" | "district")


_REGIONS: tuple[_Region, ...] = (
    _Region(
        "pyongyang",
        ("Pyongyang", "Pyongyang Municipality", "Pyongyang City"),
        "Pyongyang",
        (
            ("Mangyongdae", "district"),
            ("Sadong", "district"),
            ("Ryokpho", "district"),
            ("Samsok", "district"),
            ("Sunan", "district"),
            ("Hyongjesan", "district"),
            ("Hwasong", "district"),
            ("Kangdong", "county"),
        ),
    ),
    _Region(
        "south_phyongan",
        ("South Phyongan Province", "South Pyongan Province"),
        "South Phyongan",
        (
            ("Pyongsong", "city"),
            ("Anju", "city"),
            ("Kaechon", "city"),
            ("Sunchon", "city"),
            ("Tokchon", "city"),
            ("Pukchang", "county"),
            ("Mundok", "county"),
            ("Sukchon", "county"),
            ("Yangdok", "county"),
            ("Songchon", "county"),
            ("Maengsan", "county"),
            ("Jungsan", "county"),
            ("Pyongwon", "county"),
            ("Hoechang", "county"),
            ("Nyongwon", "county"),
        ),
    ),
    _Region(
        "north_phyongan",
        ("North Phyongan Province", "North Pyongan Province"),
        "North Phyongan",
        (
            ("Sinuiju", "city"),
            ("Jongju", "city"),
            ("Kusong", "city"),
            ("Sakju", "county"),
            ("Cholsan", "county"),
            ("Pyokdong", "county"),
            ("Changsong", "county"),
            ("Uiju", "county"),
            ("Thaechon", "county"),
            ("Ryongchon", "county"),
            ("Sindo", "county"),
            ("Yomju", "county"),
            ("Pakchon", "county"),
            ("Kwaksan", "county"),
            ("Tongrim", "county"),
            ("Nyongbyon", "county"),
        ),
    ),
    _Region(
        "jagang",
        ("Jagang Province", "Chagang Province"),
        "Jagang",
        (
            ("Kanggye", "city"),
            ("Manpho", "city"),
            ("Huichon", "city"),
            ("Chosan", "county"),
            ("Wiwon", "county"),
            ("Janggang", "county"),
            ("Songgan", "county"),
            ("Jonchon", "county"),
            ("Rangrim", "county"),
            ("Hwaphyong", "county"),
            ("Sijung", "county"),
            ("Usi", "county"),
            ("Jasong", "county"),
        ),
    ),
    _Region(
        "south_hwanghae",
        ("South Hwanghae Province",),
        "South Hwanghae",
        (
            ("Haeju", "city"),
            ("Jaeryong", "county"),
            ("Sinchon", "county"),
            ("Anak", "county"),
            ("Ongjin", "county"),
            ("Yonan", "county"),
            ("Paechon", "county"),
            ("Chongdan", "county"),
            ("Unryul", "county"),
            ("Kwail", "county"),
            ("Samchon", "county"),
            ("Ryongyon", "county"),
            ("Sinwon", "county"),
            ("Pyoksong", "county"),
            ("Kangryong", "county"),
        ),
    ),
    _Region(
        "north_hwanghae",
        ("North Hwanghae Province",),
        "North Hwanghae",
        (
            ("Sariwon", "city"),
            ("Songrim", "city"),
            ("Hwangju", "county"),
            ("Pongsan", "county"),
            ("Unpha", "county"),
            ("Koksan", "county"),
            ("Suan", "county"),
            ("Yonthan", "county"),
            ("Sinkye", "county"),
            ("Sohung", "county"),
            ("Rinsan", "county"),
            ("Kumchon", "county"),
            ("Yonsan", "county"),
            ("Sinphyong", "county"),
        ),
    ),
    _Region(
        "kangwon",
        ("Kangwon Province",),
        "Kangwon",
        (
            ("Wonsan", "city"),
            ("Munchon", "city"),
            ("Kosong", "county"),
            ("Thongchon", "county"),
            ("Anbyon", "county"),
            ("Cholwon", "county"),
            ("Hoeyang", "county"),
            ("Ichon", "county"),
            ("Popdong", "county"),
            ("Changdo", "county"),
            ("Kimhwa", "county"),
            ("Sepho", "county"),
            ("Phyonggang", "county"),
            ("Kosan", "county"),
            ("Chonnae", "county"),
        ),
    ),
    _Region(
        "south_hamgyong",
        ("South Hamgyong Province", "South Hamkyong Province"),
        "South Hamgyong",
        (
            ("Hamhung", "city"),
            ("Tanchon", "city"),
            ("Sinpho", "city"),
            ("Hamju", "county"),
            ("Jongphyong", "county"),
            ("Kowon", "county"),
            ("Yonggwang", "county"),
            ("Pukchong", "county"),
            ("Hongwon", "county"),
            ("Kumya", "county"),
            ("Riwon", "county"),
            ("Toksong", "county"),
            ("Hochon", "county"),
            ("Yodok", "county"),
            ("Jangjin", "county"),
        ),
    ),
    _Region(
        "north_hamgyong",
        ("North Hamgyong Province", "North Hamkyong Province"),
        "North Hamgyong",
        (
            ("Chongjin", "city"),
            ("Kimchaek", "city"),
            ("Hoeryong", "city"),
            ("Musan", "county"),
            ("Kyongsong", "county"),
            ("Orang", "county"),
            ("Myongchon", "county"),
            ("Onsong", "county"),
            ("Kilju", "county"),
            ("Puryong", "county"),
            ("Hwadae", "county"),
            ("Yonsa", "county"),
        ),
    ),
    _Region(
        "ryanggang",
        ("Ryanggang Province", "Yanggang Province"),
        "Ryanggang",
        (
            ("Hyesan", "city"),
            ("Samjiyon", "city"),
            ("Kapsan", "county"),
            ("Samsu", "county"),
            ("Pochon", "county"),
            ("Unhung", "county"),
            ("Paekam", "county"),
            ("Taehongdan", "county"),
            ("Phungso", "county"),
        ),
    ),
    _Region(
        "nampho",
        ("Nampho City", "Nampo City", "Nampho Municipality"),
        "Nampho",
        (
            ("Chollima", "district"),
            ("Kangso", "district"),
            ("Taean", "district"),
            ("Waudo", "district"),
            ("Onchon", "county"),
            ("Ryonggang", "county"),
        ),
    ),
    _Region(
        "rason",
        ("Rason City", "Rajin-Sonbong", "the Rason area"),
        "Rason",
        (
            ("Rajin", "district"),
            ("Sonbong", "district"),
        ),
    ),
    _Region("kaesong", ("Kaesong City", "Kaesong"), "Kaesong", (("Kaesong", "city"),)),
)
_REGION_BY_ID = {r.id: r for r in _REGIONS}
# Provinces only: "X and other provinces" reads wrong for the special cities.
_PROVINCES = tuple(r for r in _REGIONS if r.names[0].endswith("Province"))

# Phrases that make a story explicitly country-wide, and near-misses that must not.
_NATIONAL = (
    "across the country",
    "throughout the country",
    "nationwide",
    "in all provinces",
    "in all parts of the country",
)
_NOT_NATIONAL = (
    "in different parts of the country",
    "in various parts of the country",
    "in the DPRK",
)

# Whole-story respellings: a story copied from another source is consistently spelt that way.
_RESPELL = (
    ("Phyongan", "Pyongan"),
    ("Hamgyong", "Hamkyong"),
    ("Nampho", "Nampo"),
    ("Ryanggang", "Yanggang"),
    ("Jagang", "Chagang"),
    ("Manpho", "Manpo"),
    ("Sinpho", "Sinpo"),
)


def _region_name(rng: random.Random, region: _Region) -> str:
    # KCNA's own spelling dominates; the variants stay frequent enough to matter.
    if len(region.names) == 1 or rng.random() < 0.7:
        return region.names[0]
    return rng.choice(region.names[1:])


def _place(rng: random.Random, region: _Region, with_region: float = 0.5) -> str:
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
    return f"{base}{sep}{_region_name(rng, region)}"


def _county(rng: random.Random, region: _Region) -> str:
    """A bare county or city name, for names of farms and local factories."""
    return rng.choice(region.places)[0]


# ---------------------------------------------------------------------------------------------
# Sectors and the units that work in them.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sector:
    id: str
    industry: tuple[str, ...]
    title: str
    workers: tuple[str, ...]
    products: tuple[str, ...]
    groups: str
    procs: str
    facts: tuple[str, ...]
    weight: float
    themes: tuple[tuple[str, float], ...]


_GENERIC_THEMES: tuple[tuple[str, float], ...] = (
    ("production_increase", 10),
    ("socialist_emulation", 6),
    ("collective_competition", 4),
    ("learning_from_exemplars", 4),
    ("science_technology", 6),
    ("quality_improvement", 3),
    ("self_reliance", 2),
    ("domestic_production", 2),
    ("recycling", 1.5),
    ("red_flag_movement", 1.5),
    ("speed_campaign", 1.5),
)


def _themes(**overrides: float) -> tuple[tuple[str, float], ...]:
    return tuple((k, overrides.get(k, w)) for k, w in _GENERIC_THEMES)


_SECTORS: tuple[_Sector, ...] = (
    _Sector(
        "metallurgy",
        ("the metallurgical industry", "the metal industry", "the iron and steel industry"),
        "Metal Industry",
        ("steelworkers", "smelters", "workers"),
        ("steel", "pig iron", "rolled steel", "granular iron", "steel plates"),
        "[workshops|shifts|furnace teams]",
        "[oxygen-heat furnace|rolling mill|sintering line]",
        (
            "Furnacemen kept the [oxygen-heat|electric] furnace running at full capacity"
            " [through the night|for {n} days on end|despite the cold].",
            "The [converter|blast furnace] workshop [relined its furnaces|rebuilt the charging"
            " system] [in a short time|within {n} days].",
            "Rolling-mill operators [sent|shipped] steel [sections|plates] to [machine"
            " factories|building sites] [on time|ahead of schedule].",
            "The [sintering|coking] workshop [cut|reduced] fuel consumption per ton by {pct}"
            " percent [last month|this quarter].",
        ),
        8,
        _themes(recycling=3, domestic_production=3),
    ),
    _Sector(
        "chemical",
        ("the chemical industry",),
        "Chemical Industry",
        ("chemical workers", "workers", "technicians"),
        ("fertilizer", "vinalon", "caustic soda", "carbide", "synthetic fibre", "ammonia"),
        "[workshops|shifts|production teams]",
        "[gasification process|ammonia synthesis line|vinalon production line]",
        (
            "The [gasification|synthesis] workshop [raised|improved] the operating rate of its"
            " [furnaces|compressors] to {pct} percent.",
            "[Trainloads|Truckloads] of fertilizer [left|were sent from] {ref} for the"
            " rural areas [this week|in the past ten days].",
            "Maintenance teams [overhauled|inspected] the [compressors|reactors|pipelines] of"
            " {ref} [during the planned stoppage|in {n} days].",
        ),
        7,
        _themes(domestic_production=5, science_technology=8),
    ),
    _Sector(
        "electric_power",
        ("the electric-power industry", "the power industry"),
        "Power Industry",
        ("power workers", "power generation workers", "operators"),
        ("electricity", "power"),
        "[shifts|boiler teams|turbine teams]",
        "[boilers|turbines|generators]",
        (
            "Boiler operators [overhauled|repaired] the [pulverizers|feed pumps] [in a short"
            " time|within {n} days] to keep the [generators|turbines] running.",
            "{Ref} is sending more electricity to [major industrial"
            " establishments|the capital|factories and farms].",
            "[Small and medium-sized|New] power stations [went into operation|were"
            " built] [on rivers and streams|in the mountain areas] [this year|recently].",
        ),
        8,
        _themes(production_increase=12),
    ),
    _Sector(
        "coal_mining",
        ("the coal-mining industry", "the coal industry"),
        "Coal-Mining Industry",
        ("coal miners", "miners", "tunnellers"),
        ("coal", "anthracite"),
        "[pits|tunnelling teams|workteams]",
        "[haulage system|ventilation system|coal faces]",
        (
            "New coal faces [were opened|have been opened] in [the main pit|several pits]"
            " [this month|in the first half of the year].",
            "The miners are [providing|sending] more coal to [thermal power"
            " stations|the metallurgical industry|factories and enterprises].",
            "[Mine cars|Electric locomotives] [were repaired|were added] to [carry|haul] coal"
            " [out of the pits|to the loading station] without delay.",
        ),
        9,
        _themes(production_increase=14, speed_campaign=4, quality_improvement=1),
    ),
    _Sector(
        "mining",
        ("the mining industry", "the ore-mining sector"),
        "Mining Industry",
        ("miners", "ore miners", "workers"),
        (
            "iron ore",
            "zinc concentrate",
            "magnesite",
            "copper concentrate",
            "lead concentrate",
            "nonferrous ore",
        ),
        "[pits|drilling teams|ore-dressing shifts]",
        "[ore-dressing process|crushers|drills]",
        (
            "The ore-dressing [plant|workshop] [raised|improved] the recovery rate of"
            " [concentrate|metal] to {pct} percent.",
            "Drilling teams [advanced|extended] [the galleries|the tunnels] by {n} metres"
            " [in a month|in ten days].",
        ),
        5,
        _themes(production_increase=12),
    ),
    _Sector(
        "transport",
        ("the rail transport sector", "the railway sector", "the transport sector"),
        "Rail Transport",
        ("railway workers", "railwaymen", "locomotive drivers", "port workers"),
        ("freight", "goods"),
        "[train crews|stations|locomotive depots]",
        "[signal system|locomotives|cranes]",
        (
            "Freight trains [ran|are running] on schedule [on the main lines|on the"
            " northern lines|through the mountain sections].",
            "Loading and unloading [crews|teams] [shortened|cut] the turnaround time of"
            " [wagons|ships] by {pct} percent.",
            "Track [workers|maintenance teams] [replaced|repaired] {n} kilometres of rails"
            " [this month|before the rainy season].",
        ),
        6,
        _themes(quality_improvement=0, domestic_production=1, recycling=0.5),
    ),
    _Sector(
        "machine_building",
        ("the machine-building industry",),
        "Machine-Building Industry",
        ("machine-builders", "workers", "technicians"),
        (
            "machine tools",
            "tractors",
            "trucks",
            "pumps",
            "mining equipment",
            "electric motors",
            "trolley buses",
            "ships",
        ),
        "[workshops|assembly teams|shifts]",
        "[assembly line|casting process|CNC machines]",
        (
            "The [assembly|casting] workshop [turned out|completed] {n} [units|sets] [last"
            " month|in the past ten days].",
            "[Newly made|New-type] {product} [were sent|were delivered] to [the units that"
            " ordered them|their users] [in time|ahead of schedule].",
        ),
        6,
        _themes(domestic_production=4, science_technology=8),
    ),
    _Sector(
        "light_industry",
        ("light industry", "the light-industry sector"),
        "Light Industry",
        ("workers", "textile workers", "employees"),
        (
            "fabrics",
            "knitwear",
            "shoes",
            "cosmetics",
            "processed foodstuffs",
            "garments",
            "confectionery",
            "soy sauce and bean paste",
            "daily necessities",
        ),
        "[workshops|workteams|shifts]",
        "[production lines|sewing lines|packing lines]",
        (
            "New kinds of {product} [went on sale|were supplied] to [shops|the people]"
            " [this month|recently].",
            "The [designers|technicians] [developed|created] {n} new [designs|kinds of goods]"
            " [this year|in the first half of the year].",
        ),
        8,
        _themes(quality_improvement=8, domestic_production=4, recycling=3),
    ),
    _Sector(
        "agriculture",
        ("the agricultural sector", "agriculture"),
        "Agricultural Sector",
        ("farmers", "agricultural workers", "farm workers"),
        ("grain", "rice", "maize", "wheat and barley", "potatoes", "soybeans"),
        "[workteams|sub-workteams|farms]",
        "[irrigation system|farm machines|seed beds]",
        (
            "[Tractors|Trucks|Farm machines] [were repaired|have been readied]"
            " [in time for|ahead of] the next stage of work.",
            "Agronomists [checked|tested] the soil of [every plot|the paddy fields] to [apply"
            "|decide on] the right amount of fertilizer.",
        ),
        5,
        _themes(production_increase=8, learning_from_exemplars=6),
    ),
    _Sector(
        "animal_husbandry",
        ("animal husbandry", "the livestock sector"),
        "Livestock Sector",
        ("livestock workers", "stockbreeders", "workers"),
        ("meat", "eggs", "milk", "goat milk", "poultry"),
        "[workteams|farms|teams]",
        "[feed processing lines|sheds|incubators]",
        (
            "{Ref} [raised|increased] its [herds|flocks] by {n} percent [this year|last year].",
            "[Grassland|Pasture] [of|covering] {n} hectares [was created|has been created] to"
            " [provide|secure] feed for the [livestock|goats].",
        ),
        3,
        _themes(),
    ),
    _Sector(
        "fisheries",
        ("the fishing industry", "the fisheries sector"),
        "Fishing Industry",
        ("fishermen", "fish farmers", "workers"),
        ("fish", "pollack", "sardines", "catfish", "sea cucumbers", "kelp", "shellfish"),
        "[fishing boats|fleets|fish-farming teams]",
        "[fishing boats|nets|fish ponds]",
        (
            "Fishing boats [returned|came back] to port [loaded|laden] with {product}.",
            "{Ref} [repaired|refitted] {n} [fishing boats|trawlers] [before the fishing"
            " season|in a short time].",
            "[Fish-farming|Aquaculture] teams [expanded|built] [fish ponds|sea farms] [of|covering]"
            " {n} hectares.",
        ),
        4,
        _themes(),
    ),
    _Sector(
        "forestry",
        ("forestry", "the forestry sector", "the land administration sector"),
        "Forestry Sector",
        ("forestry workers", "land administration workers", "tree nursery workers"),
        ("saplings", "seedlings", "timber"),
        "[workteams|teams|planting teams]",
        "[greenhouses|seedbeds|nursery fields]",
        (
            "[Millions|Large numbers] of saplings [were planted|have been planted] on"
            " [bare hills|mountain slopes] [in spring|this season].",
            "Land administration workers [improved|repaired] [river banks|roads] [of|covering]"
            " {n} kilometres [before the rainy season|this year].",
        ),
        3,
        _themes(production_increase=6, recycling=0, domestic_production=0, quality_improvement=0),
    ),
    _Sector(
        "construction",
        ("the construction sector", "the building sector"),
        "Construction Sector",
        ("builders", "construction workers", "workers"),
        ("cement", "building materials", "bricks"),
        "[construction teams|workteams|shifts]",
        "[kilns|cement mills|block moulding lines]",
        (
            "[Cement|Building materials] [were sent|are being delivered] to [major construction"
            " sites|the construction of flats] [on time|without delay].",
            "The [kiln|cement mill] [operated|ran] at full capacity [for {n} days|every day].",
        ),
        5,
        _themes(speed_campaign=4),
    ),
    _Sector(
        "local_industry",
        ("local industry", "the local industry sector"),
        "Local Industry",
        ("workers", "employees"),
        ("foodstuffs", "daily necessities", "furniture", "stationery", "paper", "kitchen utensils"),
        "[workteams|factories|shifts]",
        "[production lines|workshops]",
        (
            "{Ref} [supplied|sent] {product} [to the local shops|to the county's"
            " inhabitants] [this month|every week].",
            "The {workers} [gathered|used] [local raw materials|materials available in the"
            " area] [for|in] making {product}.",
        ),
        3,
        _themes(recycling=4, domestic_production=4),
    ),
    _Sector(
        "education",
        ("the education sector", "education"),
        "Education Sector",
        ("teachers", "educators", "researchers"),
        ("textbooks", "teaching materials"),
        "[faculties|classes|teachers]",
        "[laboratories|lecture rooms]",
        (
            "{Ref} has [trained|turned out] [many|{n} hundred] [graduates|talents] who now work"
            " [at factories and enterprises|in research institutes] [this year|in recent years].",
            "[New|Modern] [laboratories|e-libraries|multimedia classrooms] [were opened|have"
            " been set up] at {ref} [this term|recently].",
            "The {workers} [revised|updated] [the curricula|textbooks] [in keeping with|to keep"
            " pace with] the [latest|fresh] trends.",
        ),
        3,
        (
            ("science_technology", 8),
            ("learning_from_exemplars", 6),
            ("socialist_emulation", 3),
            ("quality_improvement", 3),
            ("collective_competition", 2),
        ),
    ),
    _Sector(
        "public_health",
        ("the public health sector", "public health"),
        "Public Health Sector",
        ("doctors", "medical workers", "health workers"),
        ("medicines", "medical appliances", "Koryo medicines"),
        "[departments|wards|medical teams]",
        "[medical equipment|treatment rooms]",
        (
            "{Ref} [treated|examined] more than {n}00 [patients|children] [last month|this month].",
            "[Medical teams|Doctors] of {ref} [visited|went round] [remote villages|workplaces] to"
            " give [medical check-ups|preventive care] [to the inhabitants|to workers].",
        ),
        3,
        (
            ("science_technology", 7),
            ("learning_from_exemplars", 5),
            ("quality_improvement", 3),
            ("domestic_production", 3),
            ("socialist_emulation", 2),
            ("production_increase", 2),
        ),
    ),
)
_SECTOR_BY_ID = {s.id: s for s in _SECTORS}


@dataclass(frozen=True)
class _Unit:
    name: str
    sector: str
    region: str | None
    sites: tuple[str, ...] = ("",)
    maker: bool = True  # False: hospitals, schools, building projects (no output to raise)


_FIXED_UNITS: tuple[_Unit, ...] = (
    # metallurgy; "Kim Chaek" and "Chollima" here are a person and a name, not places.
    _Unit(
        "the Hwanghae Iron and Steel Complex",
        "metallurgy",
        "north_hwanghae",
        ("", "", "in Songrim City", "in Songrim"),
    ),
    _Unit(
        "the Kim Chaek Iron and Steel Complex",
        "metallurgy",
        "north_hamgyong",
        ("", "", "", "in Chongjin"),
    ),
    _Unit("the Chollima Steel Complex", "metallurgy", None),
    _Unit("the Chongjin Steel Works", "metallurgy", "north_hamgyong"),
    _Unit(
        "the Songjin Steel Complex",
        "metallurgy",
        "north_hamgyong",
        ("in Kimchaek City", "in Kimchaek"),
    ),
    # chemical
    _Unit(
        "the Namhung Youth Chemical Complex",
        "chemical",
        "south_phyongan",
        ("", "in Anju City", "in Anju"),
    ),
    _Unit("the February 8 Vinalon Complex", "chemical", "south_hamgyong", ("", "in Hamhung")),
    _Unit("the Hungnam Fertilizer Complex", "chemical", "south_hamgyong", ("", "in Hamhung City")),
    _Unit("the Sunchon Chemical Complex", "chemical", "south_phyongan"),
    _Unit("the Sinuiju Chemical Fibre Complex", "chemical", "north_phyongan"),
    _Unit("the Chongsu Chemical Complex", "chemical", "north_phyongan", ("", "in Sakju County")),
    _Unit("the Sunchon Phosphatic Fertilizer Factory", "chemical", "south_phyongan"),
    # electric power
    _Unit("the Pukchang Thermal Power Complex", "electric_power", "south_phyongan"),
    _Unit("the Pyongyang Thermal Power Complex", "electric_power", "pyongyang"),
    _Unit("the Huichon Power Station", "electric_power", "jagang"),
    _Unit("the Kanggye Youth Power Station", "electric_power", "jagang"),
    _Unit("the Tanchon Power Station", "electric_power", "south_hamgyong"),
    _Unit("the Wonsan Army-Youth Power Station", "electric_power", "kangwon"),
    _Unit(
        "the Orangchon Power Station", "electric_power", "north_hamgyong", ("", "in Orang County")
    ),
    _Unit(
        "the Sonbong Thermal Power Station",
        "electric_power",
        "rason",
        ("in Rason City", "in Rajin-Sonbong"),
    ),
    _Unit(
        "the Ryesonggang Youth Power Station",
        "electric_power",
        "north_hwanghae",
        ("", "in Sinphyong County"),
    ),
    # coal mining
    _Unit("the Kaechon Area Coal Mining Complex", "coal_mining", "south_phyongan"),
    _Unit("the Pukchang Area Coal Mining Complex", "coal_mining", "south_phyongan"),
    _Unit("the Tokchon Area Coal Mining Complex", "coal_mining", "south_phyongan"),
    _Unit("the Sunchon Area Coal Mining Complex", "coal_mining", "south_phyongan"),
    _Unit("the Anju Area Coal Mining Complex", "coal_mining", "south_phyongan"),
    _Unit("the Kujang Area Coal Mining Complex", "coal_mining", "north_phyongan"),
    _Unit("the Kowon Area Coal Mining Complex", "coal_mining", "south_hamgyong"),
    _Unit("the Kangdong Area Coal Mining Complex", "coal_mining", "pyongyang"),
    _Unit("the Jikdong Youth Coal Mine", "coal_mining", "south_phyongan", ("", "in Sunchon")),
    _Unit("the Hoeryong Coal Mine", "coal_mining", "north_hamgyong"),
    # ore mining
    _Unit(
        "the Komdok Mining Complex",
        "mining",
        "south_hamgyong",
        ("", "in Tanchon", "in Tanchon City"),
    ),
    _Unit("the Ryongyang Mine", "mining", "south_hamgyong", ("", "in Tanchon")),
    _Unit("the Musan Mining Complex", "mining", "north_hamgyong"),
    _Unit("the Hyesan Youth Copper Mine", "mining", "ryanggang"),
    _Unit("the Unryul Mine", "mining", "south_hwanghae"),
    _Unit("the Tanchon Magnesia Factory", "mining", "south_hamgyong"),
    # transport
    _Unit("the Pyongyang Railway Bureau", "transport", "pyongyang", maker=False),
    _Unit("the Kaechon Railway Bureau", "transport", "south_phyongan", maker=False),
    _Unit("the Hamhung Railway Bureau", "transport", "south_hamgyong", maker=False),
    _Unit("the Chongjin Railway Bureau", "transport", "north_hamgyong", maker=False),
    _Unit("the Sariwon Railway Bureau", "transport", "north_hwanghae", maker=False),
    _Unit("the Nampho Port", "transport", "nampho", maker=False),
    _Unit("the Rajin Port", "transport", "rason", ("", "in Rason City"), maker=False),
    _Unit("the Chongjin Port", "transport", "north_hamgyong", maker=False),
    _Unit("the Hungnam Port", "transport", "south_hamgyong", ("", "in Hamhung"), maker=False),
    _Unit("the Sinuiju Freight Station", "transport", "north_phyongan", maker=False),
    # machine building
    _Unit("the Taean Heavy Machine Complex", "machine_building", "nampho", ("", "in Nampho")),
    _Unit(
        "the Sungri Motor Complex", "machine_building", "south_phyongan", ("", "in Tokchon City")
    ),
    _Unit("the Pyongyang Trolley Bus Factory", "machine_building", "pyongyang"),
    _Unit("the Kumsong Tractor Factory", "machine_building", "nampho", ("", "in Kangso District")),
    _Unit("the Huichon Machine Tool Factory", "machine_building", "jagang"),
    _Unit("the Kusong Machine Tool Factory", "machine_building", "north_phyongan"),
    _Unit(
        "the Ryongsong Machine Complex", "machine_building", "south_hamgyong", ("", "in Hamhung")
    ),
    _Unit("the Nampho Dockyard", "machine_building", "nampho"),
    _Unit("the Chongjin Shipyard", "machine_building", "north_hamgyong"),
    _Unit("the Kim Jong Thae Electric Locomotive Complex", "machine_building", None),
    # light industry
    _Unit("the Kim Jong Suk Pyongyang Textile Mill", "light_industry", "pyongyang"),
    _Unit("the Pyongyang Cornstarch Factory", "light_industry", "pyongyang"),
    _Unit("the Pyongyang Children's Foodstuff Factory", "light_industry", "pyongyang"),
    _Unit("the Sinuiju Textile Mill", "light_industry", "north_phyongan"),
    _Unit("the Sinuiju Cosmetics Factory", "light_industry", "north_phyongan"),
    _Unit("the Kanggye Textile Mill", "light_industry", "jagang"),
    _Unit("the Hamhung Knitwear Factory", "light_industry", "south_hamgyong"),
    _Unit("the Chongjin Instant Noodle Factory", "light_industry", "north_hamgyong"),
    _Unit("the Wonsan Leather Shoes Factory", "light_industry", "kangwon"),
    _Unit("the Ryuwon Shoe Factory", "light_industry", None),
    _Unit("the Sariwon Foodstuff Factory", "light_industry", "north_hwanghae"),
    _Unit("the Haeju Textile Mill", "light_industry", "south_hwanghae"),
    _Unit("the Hyesan Textile Mill", "light_industry", "ryanggang"),
    _Unit("the Kaesong Koryo Insam Processing Factory", "light_industry", "kaesong"),
    _Unit("the Rason Fish Processing Factory", "light_industry", "rason"),
    # agriculture beyond the generated cooperative farms
    _Unit(
        "the Jangchon Cooperative Farm",
        "agriculture",
        "pyongyang",
        ("in Sadong District", "in Sadong District, Pyongyang"),
    ),
    _Unit(
        "the Chongsan Cooperative Farm",
        "agriculture",
        "nampho",
        ("in Kangso District", "in Kangso District of Nampho City"),
    ),
    _Unit("the Kaesong vegetable farms", "agriculture", "kaesong"),
    # animal husbandry
    _Unit("the Sepho Tableland livestock farm", "animal_husbandry", "kangwon"),
    _Unit(
        "the Kwangpho Duck Farm", "animal_husbandry", "south_hamgyong", ("", "in Jongphyong County")
    ),
    _Unit("the Tudan Duck Farm", "animal_husbandry", "pyongyang", ("", "in Sunan District")),
    _Unit("the Hwangju Goat Farm", "animal_husbandry", "north_hwanghae"),
    _Unit("the Taehongdan Potato and Livestock Farm", "animal_husbandry", "ryanggang"),
    _Unit("the Rason Chicken Farm", "animal_husbandry", "rason"),
    # fisheries
    _Unit("the Sinpho Deep-Sea Fishing Complex", "fisheries", "south_hamgyong"),
    _Unit("the Kimchaek Fishery Station", "fisheries", "north_hamgyong"),
    _Unit("the Chongjin Fishery Station", "fisheries", "north_hamgyong"),
    _Unit("the Hongwon Fishery Station", "fisheries", "south_hamgyong"),
    _Unit("the Wonsan Fishery Station", "fisheries", "kangwon"),
    _Unit("the Rajin Fishery Station", "fisheries", "rason"),
    _Unit("the Ongjin Sea Farm", "fisheries", "south_hwanghae"),
    _Unit("the Nampho Catfish Farm", "fisheries", "nampho"),
    _Unit("the Haeju Shellfish Farm", "fisheries", "south_hwanghae"),
    # forestry
    _Unit("the Central Tree Nursery", "forestry", None),
    _Unit("the Kanggye Tree Nursery", "forestry", "jagang"),
    _Unit("the Jagang Provincial Tree Nursery", "forestry", "jagang"),
    _Unit("the Paekam Forestry Station", "forestry", "ryanggang"),
    _Unit("the Hyesan Forestry Station", "forestry", "ryanggang"),
    _Unit("the South Hwanghae Provincial Land Administration Bureau", "forestry", "south_hwanghae"),
    _Unit("the Tanchon Forestry Station", "forestry", "south_hamgyong"),
    # construction (materials makers; the building projects are in _PROJECTS)
    _Unit("the Sunchon Cement Complex", "construction", "south_phyongan"),
    _Unit("the Chonnae Cement Factory", "construction", "kangwon"),
    _Unit("the Haeju Cement Factory", "construction", "south_hwanghae"),
    _Unit("the Kaesong Building Materials Factory", "construction", "kaesong"),
    # education ("Kim Il Sung" and "Kim Chaek" are people here, not places)
    _Unit("Kim Il Sung University", "education", None, maker=False),
    _Unit("Kim Chaek University of Technology", "education", None, maker=False),
    _Unit(
        "the Hamhung University of Chemical Industry", "education", "south_hamgyong", maker=False
    ),
    _Unit(
        "the Pyongyang University of Mechanical Engineering", "education", "pyongyang", maker=False
    ),
    _Unit(
        "the Chongjin University of Mining and Metallurgy",
        "education",
        "north_hamgyong",
        maker=False,
    ),
    _Unit("the Kanggye University of Education", "education", "jagang", maker=False),
    _Unit("the Wonsan University of Agriculture", "education", "kangwon", maker=False),
    _Unit("the Haeju University of Education", "education", "south_hwanghae", maker=False),
    _Unit("the Mangyongdae Revolutionary School", "education", "pyongyang", maker=False),
    _Unit("the Sinuiju Teachers College", "education", "north_phyongan", maker=False),
    # public health
    _Unit("the Pyongyang Maternity Hospital", "public_health", "pyongyang", maker=False),
    _Unit("the Okryu Children's Hospital", "public_health", None, maker=False),
    _Unit(
        "the North Phyongan Provincial People's Hospital",
        "public_health",
        "north_phyongan",
        maker=False,
    ),
    _Unit(
        "the Hamhung Medical University Hospital", "public_health", "south_hamgyong", maker=False
    ),
    _Unit("the Sariwon Koryo Medical Hospital", "public_health", "north_hwanghae", maker=False),
    _Unit("the Chongjin Pharmaceutical Factory", "public_health", "north_hamgyong"),
    _Unit("the Hyesan Koryo Medicine Factory", "public_health", "ryanggang"),
    _Unit("the Sunchon Pharmaceutical Factory", "public_health", "south_phyongan"),
    _Unit("the Hamhung Medical Appliances Factory", "public_health", "south_hamgyong"),
)

# Invented village names for cooperative farms; none is also the name of a county.
_FARM_NAMES = (
    "Migok",
    "Tongam",
    "Songam",
    "Ripsok",
    "Wonhwa",
    "Sokjong",
    "Chonghwa",
    "Ryongsan",
    "Hwasan",
    "Pongam",
    "Sangdong",
    "Haksan",
    "Samjong",
    "Ryonggok",
    "Pongdong",
    "Chongryong",
    "Ungok",
    "Tokhyon",
    "Ryulgok",
    "Sambong",
    "Tongsan",
    "Naedong",
    "Osan",
    "Namgok",
    "Chonggye",
    "Hyonam",
    "Puhung",
    "Sujong",
)

# Campaign-free rural areas would make agriculture read like a few farms only.
_FARM_REGIONS = (
    "south_hwanghae",
    "north_hwanghae",
    "south_phyongan",
    "north_phyongan",
    "south_hamgyong",
    "kangwon",
    "north_hamgyong",
    "ryanggang",
    "jagang",
    "pyongyang",
    "nampho",
    "kaesong",
)


def _farm(rng: random.Random, region: _Region | None = None) -> tuple[str, str, _Region]:
    """An invented cooperative farm: (name, locative, region)."""
    if region is None:
        region = _REGION_BY_ID[rng.choice(_FARM_REGIONS)]
    name = f"the {rng.choice(_FARM_NAMES)} Cooperative Farm"
    return name, "in " + _place(rng, region, 0.6), region


def _local_factory(rng: random.Random, region: _Region) -> tuple[str, str]:
    county = _county(rng, region)
    kind = rng.choice(
        (
            "Foodstuff Factory",
            "Daily Necessities Factory",
            "Textile Factory",
            "Furniture Factory",
            "Paper Mill",
            "Soy Sauce Factory",
        )
    )
    if region.id == "kaesong":
        return f"the Kaesong {kind}", ""
    return f"the {county} {kind}", _region_name(rng, region)


# What a unit makes, by a word of its name: the sector's list would have a shoe factory
# turning out processed fish.
_UNIT_PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Iron and Steel", ("pig iron", "steel", "rolled steel")),
    ("Steel", ("steel", "rolled steel", "steel plates")),
    ("Namhung", ("fertilizer", "synthetic resin", "oil products")),
    ("Vinalon", ("vinalon", "caustic soda", "fertilizer")),
    ("Fertilizer", ("fertilizer", "ammonia")),
    ("Chemical Fibre", ("synthetic fibre", "paper")),
    ("Chemical", ("carbide", "fertilizer", "caustic soda")),
    ("Copper", ("copper concentrate",)),
    ("Komdok", ("zinc concentrate", "lead concentrate")),
    ("Ryongyang", ("magnesite",)),
    ("Magnesia", ("magnesia clinker",)),
    ("Musan", ("iron ore", "iron concentrate")),
    ("Unryul", ("iron ore",)),
    ("Heavy Machine", ("generators", "turbines", "heavy machines")),
    ("Motor", ("trucks",)),
    ("Trolley Bus", ("trolley buses",)),
    ("Tractor", ("tractors",)),
    ("Machine Tool", ("machine tools", "CNC machine tools")),
    ("Ryongsong", ("mining equipment", "pumps", "compressors")),
    ("yard", ("ships", "fishing boats")),
    ("Locomotive", ("electric locomotives", "passenger cars")),
    ("Textile", ("fabrics", "yarn", "textiles")),
    ("Knitwear", ("knitwear",)),
    ("Noodle", ("instant noodles",)),
    ("Shoe", ("shoes", "sports shoes")),
    ("Cosmetics", ("cosmetics", "skin-care products")),
    ("Cornstarch", ("starch", "glucose")),
    ("Children's Foodstuff", ("children's foodstuffs", "confectionery")),
    ("Insam", ("insam products", "insam tea")),
    ("Fish Processing", ("processed fish", "canned fish")),
    ("Seafood", ("processed fish",)),
    ("Foodstuff", ("processed foodstuffs", "soy sauce and bean paste", "bread")),
    ("Daily Necessities", ("daily necessities", "kitchen utensils", "soap")),
    ("Furniture", ("furniture",)),
    ("Paper", ("paper", "exercise books")),
    ("Soy Sauce", ("soy sauce and bean paste",)),
    ("Duck", ("duck meat", "eggs")),
    ("Goat", ("goat milk", "cheese")),
    ("Chicken", ("eggs", "chicken")),
    ("Catfish", ("catfish",)),
    ("Shellfish", ("shellfish",)),
    ("Sea Farm", ("sea cucumbers", "kelp")),
    ("Fishery", ("fish", "pollack", "sardines")),
    ("Fishing", ("fish", "squid", "pollack")),
    ("Nursery", ("saplings", "seedlings")),
    ("Forestry", ("timber", "saplings")),
    ("Cement", ("cement",)),
    ("Building Materials", ("bricks", "tiles", "building materials")),
    ("Koryo Medicine", ("Koryo medicines",)),
    ("Pharmaceutical", ("medicines", "injections")),
    ("Medical Appliances", ("medical appliances", "syringes")),
)

# After the first mention a story says "the complex", as wire copy does.
_REFERENCES = (
    ("Complex", "the complex"),
    ("Factory", "the factory"),
    ("Mill", "the mill"),
    ("Mine", "the mine"),
    ("Farm", "the farm"),
    ("farms", "the farms"),
    ("Station", "the station"),
    ("Bureau", "the bureau"),
    ("Port", "the port"),
    ("Works", "the works"),
    ("Shipyard", "the shipyard"),
    ("Dockyard", "the dockyard"),
    ("University", "the university"),
    ("School", "the school"),
    ("Hospital", "the hospital"),
    ("Nursery", "the nursery"),
    ("College", "the college"),
    ("farm", "the farm"),
)


def _unit_products(unit: _Unit, sector: _Sector) -> tuple[str, ...]:
    for key, products in _UNIT_PRODUCTS:
        if key in unit.name:
            return products
    return sector.products


def _reference(name: str) -> str:
    for key, ref in _REFERENCES:
        if name.endswith(key):
            return ref
    return name


_SURNAMES = (
    "Kim",
    "Ri",
    "Pak",
    "Choe",
    "Jong",
    "Kang",
    "Han",
    "Ryu",
    "Jo",
    "Hwang",
    "Ro",
    "Kye",
    "Sin",
    "O",
)
# Syllables chosen so that no pair spells a leader's name or a county.
_GIVEN = (
    "Myong",
    "Chol",
    "Kwang",
    "Yong",
    "Hui",
    "Jin",
    "Ok",
    "Nam",
    "Hyok",
    "Chun",
    "Su",
    "Mi",
    "Hak",
    "Gum",
    "Ryong",
    "Hyang",
    "Sol",
    "Thae",
    "Gyong",
    "Bok",
)


def _person(rng: random.Random) -> str:
    a, b = rng.sample(_GIVEN, 2)
    return f"{rng.choice(_SURNAMES)} {a} {b}"


_UNITS_BY_SECTOR: dict[str, list[_Unit]] = {}
for _u in _FIXED_UNITS:
    _UNITS_BY_SECTOR.setdefault(_u.sector, []).append(_u)


@dataclass(frozen=True)
class _Campaign:
    name: str
    start: date
    end: date


# The timeline the demo is built around (invented, loosely shaped on the public record).
_CAMPAIGNS = (
    _Campaign("70-day campaign", date(2015, 8, 1), date(2015, 10, 10)),
    _Campaign("70-day campaign", date(2016, 2, 24), date(2016, 5, 3)),
    _Campaign("200-day campaign", date(2016, 6, 1), date(2016, 12, 17)),
    _Campaign("100-day campaign", date(2018, 8, 25), date(2018, 12, 2)),
    _Campaign("80-day campaign", date(2020, 10, 12), date(2020, 12, 30)),
)


def _campaign_on(day: date) -> _Campaign | None:
    # A week's grace after the end: that is when the wrap-up stories run.
    for camp in _CAMPAIGNS:
        if camp.start <= day <= camp.end + timedelta(days=7):
            return camp
    return None


def _plan_phrase(rng: random.Random, day: date) -> str:
    """How the economic plan of the day is named: the new five-year plan from 2021."""
    if day.year >= 2021:
        return rng.choice(
            (
                "the five-year plan for the national economic development",
                "the five-year plan",
                "the new five-year plan",
                "the five-year plan for national economic development",
            )
        )
    if day >= date(2016, 5, 10):
        return "the five-year strategy for the national economic development"
    return "the yearly national economic plan"


def _plan_rate(day: date) -> float:
    """Share of industrial stories that mention the plan: a burst at the 2021 launch."""
    if day.year == 2021:
        return 0.55 if day.month <= 6 else 0.35
    if day.year > 2021:
        return 0.08
    if date(2016, 5, 10) <= day <= date(2016, 12, 31):
        return 0.2
    if 2017 <= day.year <= 2020:
        return 0.06
    return 0.03


# ---------------------------------------------------------------------------------------------
# Template filling: "[a|b]" picks one option (innermost first), "{slot}" takes a slot value.
# ---------------------------------------------------------------------------------------------

_ALT_RE = re.compile(r"\[([^\[\]]*)\]")
_SPACES_RE = re.compile(r" {2,}")


def _tidy(text: str, cap: bool = True) -> str:
    text = _SPACES_RE.sub(" ", text).replace(" ,", ",").replace(" .", ".").strip()
    return text[:1].upper() + text[1:] if cap else text


def _fill(rng: random.Random, template: str, slots: Mapping[str, str], cap: bool = True) -> str:
    text = template
    while (m := _ALT_RE.search(text)) is not None:
        text = text[: m.start()] + rng.choice(m.group(1).split("|")) + text[m.end() :]
    return _tidy(text.format_map(slots), cap)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"}
    words = text.split(" ")
    out = [w if (i and w in small) or not w[:1].islower() else _cap(w) for i, w in enumerate(words)]
    return " ".join(out).replace("-day ", "-Day ")


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for key, w in pairs:
        x -= w
        if x < 0:
            return key
    return pairs[-1][0]


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------------
# Theme sentences. Generic ones fit any unit that makes something; the sector-specific ones
# replace them where the generic wording would read wrong (schools, hospitals, railways).
# ---------------------------------------------------------------------------------------------

_THEME_SENTENCES: dict[str, tuple[str, ...]] = {
    "socialist_emulation": (
        "A socialist emulation drive [is in full swing|is gathering momentum|is going on"
        " briskly] at {unit}{site}.",
        "The {workers} of {unit}{site} [have launched|are waging|are pressing ahead with]"
        " [a socialist emulation drive|an emulation campaign] for increasing the production of"
        " {product}.",
        "The {groups} of {unit} are engaged in socialist emulation, [reviewing|checking] the"
        " results [every day|every ten days|at the end of each shift].",
        "The emulation for increasing production has become [part of daily life|the order of"
        " the day] at {unit}{site}.",
        "[Officials|Managers] of {unit} [organize|have organized] socialist emulation [in various"
        " forms|on a regular basis] [to inspire|so as to encourage] the {workers} with"
        " [enthusiasm for production|zeal for labour].",
    ),
    "collective_competition": (
        "Collective competition [among|between] the {groups} of {unit}{site} is [heating"
        " up|becoming fiercer|in full swing].",
        "The {workers} of {unit}{site} are vying with each other to [produce|turn out] more"
        " {product}.",
        "[Collaborative innovations are|A wave of collaborative innovation is] spreading among"
        " the {groups} of {unit}.",
        "The self-reliance competition [launched|started] by {unit} [is spreading|has spread] to"
        " other units of {industry}.",
        "Through collective competition, [lagging|backward] {groups} of {unit} [caught up"
        " with|overtook] the advanced ones [within a few months|in a short time].",
    ),
    "learning_from_exemplars": (
        "[Officials|Technicians|Managers] of {unit} [visited|made a study tour of] {exemplar} to"
        " learn from its exemplary [experience|methods of work].",
        "{Unit}{site} is [generalizing|making wide use of] the successes and experience of"
        " {exemplar}.",
        "Model [workteams|workers|shifts] of {unit} [share|pass on] their [advanced|creative]"
        " [methods|know-how] with others, [teaching and learning from each other|helping"
        " lagging units to catch up].",
        "A [seminar|short course|demonstration lecture] was [held|organized] at {unit} to"
        " [exchange|disseminate] [sci-tech successes|advanced experience] [among|with]"
        " [kindred|other] units.",
        "[Following|Taking] the example of {exemplar}, the {workers} of {unit} [set out|resolved]"
        " to overtake the model unit [this year|within the year].",
    ),
    "speed_campaign": (
        "Shock brigades were [dispatched|sent] to [key|major] [sections|worksites] of"
        " {unit}{site} to [speed up|accelerate] the work.",
        "[Displaying|With] {speed}, the {workers} of {unit} [finished|completed] the"
        " [overhaul|work] [{n} days ahead of schedule|in record time].",
        "A general offensive for [fulfilling the plan|completing the year's tasks] is under way"
        " at {unit}{site}.",
        "The {workers} of {unit} are [creating|displaying] [a new speed|the speed of a new era]"
        " in [a speed campaign|an all-out speed campaign] for [the plan|the year's tasks].",
    ),
    "red_flag_movement": (
        "{Unit}{site} [was awarded|received] the title of [Three-Revolution Red Flag"
        " {rf}|double Three-Revolution Red Flag {rf}].",
        "The Three-Revolution Red Flag movement [is going on briskly|is gathering momentum] at"
        " {unit}, where {n} workteams have [won|been awarded] the title of [Three-Revolution Red"
        " Flag Workteam|Chollima Workteam].",
        "The {workers} of {unit} are [intensifying|stepping up] the Three-Revolution Red Flag"
        " movement [to bring about innovations in ideology, technology and culture|in the"
        " ideological, technical and cultural fields].",
        "The Chollima Workteam Movement [has taken root|is brisk] at {unit}{site}, [where|and]"
        " [many|{n}] workteams [have won|won] [its title|the title of Chollima Workteam].",
    ),
    "production_increase": (
        "{Unit}{site} [overfulfilled|exceeded] its [daily|monthly|quarterly|half-year]"
        " {product} production plan by {pct} percent.",
        "[An upsurge in production|A production upsurge] [is being brought about|has been"
        " brought about] at {unit}{site}.",
        "The {workers} of {unit} [stepped up|are stepping up] production of {product} [by"
        " keeping the equipment running at full capacity|through a better organization of"
        " work|despite the cold weather].",
        "{Unit}{site} [set a new production record|registered its highest daily output] [this"
        " month|in its history|since the start of the year].",
        "The output of {product} at {unit} [rose|increased] by {pct} percent [compared with the"
        " same period last year|over last month].",
        "The {workers} of {unit}{site} carried out their plan for {product} [ahead of"
        " schedule|{n} days ahead of schedule] and are now increasing production.",
    ),
    "quality_improvement": (
        "[Special|Much] attention is being paid to improving the quality of {product} at"
        " {unit}{site}.",
        "{Unit} [has introduced|has set up] a [strict|thoroughgoing] quality control system so"
        " as to turn out high-quality {product}.",
        "The {workers} of {unit} are turning out high-quality {product} [that meet|meeting]"
        " [international|strict|national] standards.",
        "[Efforts to improve the quality of goods are|A drive for improving the quality of"
        " products is] in full swing at {unit}{site}.",
    ),
    "science_technology": (
        "{Unit}{site} [is putting stress on|is making efforts for] advancing and employing"
        " science and technology [in production|in all processes].",
        "[Technicians|Scientists and technicians] of {unit} [introduced|put into practice] {n}"
        " technical innovation proposals [this year|in the first half of the year|last month].",
        "The modernization of the {proc} at {unit}{site} [was completed|is being pushed"
        " forward|has been carried out] [on a high level|in a short time].",
        "[Researchers from the State Academy of Sciences|A sci-tech team] [helped|worked with]"
        " {unit} to [develop|perfect] a new [technology|process] for [producing|processing]"
        " {product}.",
        "A sci-tech [learning space|study room] at {unit} [helps|enables] the {workers} to"
        " [master|acquire] advanced technology.",
    ),
    "five_year_plan": (
        "The {workers} of {unit} are [determined|resolved] to [make a breakthrough in"
        " carrying out|fulfil] their share of {plan}.",
        "{Unit}{site} [has mapped out|has worked out] [detailed|step-by-step] targets for"
        " carrying out {plan}.",
        "[Aiming to|To] carry out {plan}, {unit} [is concentrating on|has given priority"
        " to] [the production of|increasing the output of] {product}.",
    ),
    "self_reliance": (
        "[By dint of|Relying on|Through] self-reliance, the {workers} of {unit}{site} [repaired"
        "|rebuilt|renovated] the {proc} on their own.",
        "{Unit} is [achieving|pursuing] self-sufficiency in [raw materials|spare parts|fuel].",
        "The [spirit|banner] of self-reliance [is running high|has become the driving force]"
        " at {unit}{site}.",
    ),
    "domestic_production": (
        "{Unit}{site} has [succeeded in|pushed ahead with] the localization of [equipment|raw"
        " and other materials|spare parts].",
        "The {workers} of {unit} [started|have started] producing {product} with domestic raw"
        " materials.",
        "[Putting stress on|Focusing on] domestic production, {unit} [replaced|has replaced]"
        " imported [materials|parts] with [domestic ones|home-made ones].",
    ),
    "recycling": (
        "{Unit}{site} [is making efforts for|has stepped up] the recycling of waste materials,"
        " [saving|cutting down on] [costs|a large quantity of raw materials].",
        "The {workers} of {unit} [collected|have collected] and [reused|recycled] [waste"
        " materials|scrap iron|waste heat] to produce {product}.",
        "The reuse of waste [materials|heat|water] at {unit} [saved|helped save] {n} tons of"
        " [materials|fuel] [last month|this year].",
    ),
}

_SECTOR_THEME_SENTENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("transport", "production_increase"): (
        "{Unit}{site} overfulfilled its [daily|monthly|quarterly] freight transport plan by"
        " {pct} percent.",
        "The {workers} of {unit} are making efforts to carry more goods [to major industrial"
        " establishments|to the rural areas|to construction sites].",
        "{Unit}{site} has [stepped up|increased] the carriage of coal and ore, [providing more"
        " coal|sending more goods] to [power stations|factories] [on time|without delay].",
    ),
    ("transport", "socialist_emulation"): (
        "[Station|Depot] crews of {unit}{site} [keep|have kept] up a socialist emulation for"
        " carrying more goods [this month|since the new year].",
        "Train crews of {unit} are engaged in socialist emulation for [safe and punctual"
        " running|on-schedule running of trains].",
    ),
    ("construction", "production_increase"): (
        "{Unit}{site} [overfulfilled|exceeded] its [monthly|quarterly] cement production plan"
        " by {pct} percent.",
        "[An upsurge in the production of building materials|A production upsurge] is being"
        " brought about at {unit}{site}.",
    ),
    ("education", "science_technology"): (
        "{Unit}{site} [has developed|is developing] [a new distance-learning system|multimedia"
        " teaching materials|an intelligent teaching program] by advancing and employing"
        " science and technology.",
        "[Teachers and researchers|Researchers] of {unit} [completed|introduced] {n}"
        " [research projects|sci-tech achievements] [this year|last term] and [applied"
        "|transferred] them to [factories and farms|production].",
        "The modernization of [lecture rooms|laboratories|the education environment] at"
        " {unit}{site} [has been completed|is being stepped up].",
    ),
    ("education", "learning_from_exemplars"): (
        "[Teachers|Educators] of {unit}{site} held a [demonstration lesson|teaching methods"
        " seminar] to share their [advanced teaching methods|experience] with [colleagues"
        "|teachers of other schools].",
        "The successes and experience of {unit} in [improving teaching methods|educational"
        " work] are being generalized [among other schools|in the education sector].",
    ),
    ("education", "socialist_emulation"): (
        "A socialist emulation among [faculties|teachers] for [raising the level of"
        " teaching|better teaching] is [brisk|going on] at {unit}{site}.",
    ),
    ("education", "quality_improvement"): (
        "{Unit}{site} [is making efforts|is striving] to improve the quality of education [by"
        " renewing teaching materials|by introducing new teaching methods].",
    ),
    ("education", "collective_competition"): (
        "[Faculties|Research teams] of {unit}{site} are vying with each other [to produce more"
        " research results|in scientific research].",
    ),
    ("public_health", "science_technology"): (
        "[Doctors|Medical workers] of {unit}{site} [introduced|developed] [a new treatment"
        " method|new medical equipment|advanced surgical methods] through technical"
        " innovation.",
        "The modernization of the {proc} at {unit}{site} [has been completed|is under way].",
        "{Unit}{site} is [introducing|expanding] a tele-medicine system by advancing and"
        " employing science and technology.",
    ),
    ("public_health", "learning_from_exemplars"): (
        "Doctors of {unit}{site} [go|went] to [county hospitals|rural clinics] to [share|pass"
        " on] their [medical experience|advanced treatment methods].",
        "A [seminar|demonstration session] at {unit} helped [medical workers|doctors] exchange"
        " [advanced experience|sci-tech successes] in treatment.",
    ),
    ("public_health", "quality_improvement"): (
        "{Unit}{site} [is making efforts|is striving] to improve the quality of medical"
        " service [for the people|for patients].",
    ),
    ("public_health", "socialist_emulation"): (
        "An emulation among the {groups} of {unit}{site} for better medical service is going"
        " on [briskly|in full swing].",
    ),
}

_TITLES: dict[str, tuple[str, ...]] = {
    "socialist_emulation": (
        "Socialist Emulation Brisk at {short}",
        "Emulation Drive Gathers Momentum at {short}",
        "Socialist Emulation in Full Swing in {ind}",
    ),
    "collective_competition": (
        "Collective Competition Heats Up at {short}",
        "Collective Competition Brisk in {ind}",
    ),
    "learning_from_exemplars": (
        "{short} Learns from Model Units",
        "Successes of Model Units Generalized in {ind}",
        "Exemplary Experience Shared at {short}",
    ),
    "speed_campaign": ("{short} Speeds Up Work", "Shock Brigades Active at {short}"),
    "red_flag_movement": (
        "Three-Revolution Red Flag Movement Brisk at {short}",
        "Red Flag Movement Gathers Momentum at {short}",
    ),
    "production_increase": (
        "{short} Overfulfills Plan",
        "Production Upsurge at {short}",
        "Production Increases at {short}",
        "Production Stepped Up in {ind}",
    ),
    "quality_improvement": (
        "Quality of Products Improved at {short}",
        "{short} Turns Out High-Quality Goods",
    ),
    "science_technology": (
        "Technical Innovations at {short}",
        "Sci-Tech Successes at {short}",
        "Science and Technology Applied in {ind}",
    ),
    "five_year_plan": ("{short} Striving to Carry Out Plan",),
    "self_reliance": ("Self-Reliance Spirit Runs High at {short}",),
    "domestic_production": ("{short} Localizes Materials", "Domestic Production at {short}"),
    "recycling": ("Waste Materials Recycled at {short}",),
}


# ---------------------------------------------------------------------------------------------
# Stories.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Story:
    title: str
    paras: list[str]
    topic: str
    end_marker: float = 0.55


@dataclass
class _Ctx:
    rng: random.Random
    day: date
    campaign: _Campaign | None


def _topic_home(rng: random.Random) -> str:
    return rng.choice(("Home News", "Home News", "Home News", "Latest News", "Top News"))


def _pick_sector(c: _Ctx, exclude: Sequence[str] = ()) -> _Sector:
    month = c.day.month
    pairs: list[tuple[str, float]] = []
    for s in _SECTORS:
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
    return _SECTOR_BY_ID[_weighted(c.rng, pairs)]


def _pick_unit(c: _Ctx, sector: _Sector) -> tuple[_Unit, str]:
    """A unit of the sector and the locative phrase used with it ("in Anju", or "")."""
    rng = c.rng
    if sector.id == "agriculture" and rng.random() < 0.8:
        name, where, region = _farm(rng)
        return _Unit(name, "agriculture", region.id, (where,)), where
    if sector.id == "local_industry":
        region = rng.choice(_REGIONS)
        name, prov = _local_factory(rng, region)
        where = f"in {prov}" if prov and rng.random() < 0.6 else ""
        return _Unit(name, "local_industry", region.id, (where,)), where
    if sector.id == "education" and rng.random() < 0.3:
        region = rng.choice(_REGIONS)
        kind = rng.choice(("Senior Middle School", "Junior Middle School", "Primary School"))
        name = f"the {_county(rng, region)} {kind}"
        if region.id == "kaesong":
            name = f"the Kaesong {kind}"
        where = f"in {_region_name(rng, region)}" if rng.random() < 0.5 else ""
        return _Unit(name, "education", region.id, (where,), maker=False), where
    if sector.id == "public_health" and rng.random() < 0.3:
        region = rng.choice(_PROVINCES)
        name = f"the {_county(rng, region)} People's Hospital"
        where = f"in {_region_name(rng, region)}" if rng.random() < 0.5 else ""
        return _Unit(name, "public_health", region.id, (where,), maker=False), where
    unit = rng.choice(_UNITS_BY_SECTOR[sector.id])
    return unit, rng.choice(unit.sites)


def _slots(c: _Ctx, unit: _Unit, sector: _Sector, site: str) -> dict[str, str]:
    rng = c.rng
    others = [u for u in _UNITS_BY_SECTOR.get(sector.id, []) if u.name != unit.name]
    exemplar = (
        rng.choice(others).name
        if others and rng.random() < 0.75
        else f"model units of {rng.choice(sector.industry)}"
    )
    rf = rng.choice(("Unit", "Enterprise"))
    return {
        "unit": unit.name,
        "Unit": _cap(unit.name),
        "short": _short(unit.name),
        "ref": _reference(unit.name),
        "Ref": _cap(_reference(unit.name)),
        "site": f" {site}" if site else "",
        "workers": rng.choice(sector.workers),
        "product": rng.choice(_unit_products(unit, sector)),
        "industry": rng.choice(sector.industry),
        "ind": sector.title,
        "groups": _fill(rng, sector.groups, {}, cap=False),
        "proc": _fill(rng, sector.procs, {}, cap=False),
        "pct": str(rng.randint(3, 48))
        if rng.random() < 0.7
        else f"{rng.randint(1, 30)}.{rng.randint(1, 9)}",
        "n": str(rng.randint(3, 40)),
        "exemplar": exemplar,
        "rf": rf,
        "plan": _plan_phrase(rng, c.day),
        "campaign": c.campaign.name if c.campaign else "campaign",
        # "Manriman" is the later era's speed slogan.
        "speed": "Chollima speed"
        if c.day.year < 2019
        else rng.choice(("Manriman speed", "the Manriman speed", "Chollima speed")),
    }


def _theme_sentence(
    c: _Ctx, sector: _Sector, unit: _Unit, theme: str, slots: Mapping[str, str]
) -> str:
    templates = _SECTOR_THEME_SENTENCES.get((sector.id, theme), _THEME_SENTENCES[theme])
    return _fill(c.rng, c.rng.choice(templates), slots)


def _sector_themes(c: _Ctx, sector: _Sector, unit: _Unit, k: int) -> list[str]:
    pairs = [(t, w) for t, w in sector.themes if w > 0]
    if not unit.maker:
        # Without products only sector-specific wording reads right.
        pairs = [(t, w) for t, w in pairs if (sector.id, t) in _SECTOR_THEME_SENTENCES]
    chosen: list[str] = []
    while pairs and len(chosen) < k:
        t = _weighted(c.rng, pairs)
        chosen.append(t)
        pairs = [(x, w) for x, w in pairs if x != t]
    return chosen


def _campaign_sentence(c: _Ctx, slots: Mapping[str, str]) -> str:
    rng = c.rng
    assert c.campaign is not None
    if c.day > c.campaign.end:
        tpl = (
            "{Unit} [concluded|finished] the {campaign} [with credit|in victory], having"
            " [overfulfilled|carried out] its plan [for all indices|ahead of schedule]."
        )
    else:
        tpl = rng.choice(
            (
                "The {workers} of {unit} are [carrying out|pressing ahead with] the {campaign} [in"
                " high spirits|with credit], [exceeding|overfulfilling] their daily quotas [day"
                " after day|every day].",
                "{Unit} [has organized|set up] shock brigades to [finish|fulfil] the tasks of the"
                " {campaign} [ahead of schedule|in time].",
                "Since the start of the {campaign}, {unit} has [produced|turned out] {pct} percent"
                " more {product} than [in the same period last year|before].",
                "[Amid|In] the {campaign}, {unit} has [overfulfilled|exceeded] its"
                " [daily|ten-day] plans [for {n} days running|without a break].",
            )
        )
    return _fill(rng, tpl, slots)


def _closing(c: _Ctx, slots: Mapping[str, str]) -> str:
    return _fill(
        c.rng,
        c.rng.choice(
            (
                "[Officials|Workers] of {unit} are [determined|resolved] to [carry out|fulfil] [this"
                " year's plan|the yearly plan|their tasks] [without fail|ahead of schedule].",
                "[The|Its] {workers} are [now|also] pushing ahead with [the next stage of"
                " work|preparations for next year's work].",
                "The successes of {unit} [are being introduced|have been introduced] to"
                " other units of {industry}.",
                "[Officials|Managers] of the unit said that the {workers} would [keep up|maintain] the"
                " [pace|upsurge] [till the end of the year|in the days ahead].",
            )
        ),
        slots,
    )


_ROLES: dict[str, tuple[str, ...]] = {
    "agriculture": ("chairman of the management board", "workteam leader", "agronomist"),
    "education": ("president", "dean", "lecturer"),
    "public_health": ("director", "chief doctor", "doctor"),
    "transport": ("chief", "chief engineer", "locomotive driver"),
}
_DEFAULT_ROLES = ("manager", "chief engineer", "workteam leader", "technician")

_QUOTES = (
    '"[We have|Our workteams have] [done|achieved] a lot [this year|in recent months], but'
    ' there is still much to do," said {person}, {role} of {ref}.',
    "{person}, {role} of {ref}, said that the {workers} [were|are] [full of confidence|eager to"
    " keep up the pace].",
    '"The [results|successes] are the fruit of [collective efforts|the enthusiasm of our'
    ' {workers}]," {role} {person} [told|said to] [reporters|a reporter].',
    '"[Our next aim|The next task] is to [do better|raise our level] [in all'
    ' respects|everywhere]," said {person}, {role} of {ref}.',
)


# Neutral colour: sentences that carry no theme, so stories have body without skewing counts.
_DETAILS = (
    "[Last month|In the past ten days] the {groups} of {unit} worked [in three shifts|round the"
    " clock] [to make up for lost time|to keep the equipment running].",
    "[Officials|Managers] of {unit} [went down to|stayed at] the [worksites|shop floor] to"
    " [solve problems|help the {workers}] [on the spot|without delay].",
    "[Young|Women|Veteran] {workers} [set an example|took the lead] in [the hardest jobs|the"
    " work].",
    "Supplies of [materials|fuel|spare parts] [were arranged|were secured] [in advance|on"
    " time] [by the management|through careful planning].",
    "The {workers} hold a [short|brief] meeting [before each shift|every morning] to [review"
    "|check] the previous day's work.",
    "Political work [is conducted|was carried out] [by agitation teams|through mobile art"
    " troupes] at the worksites.",
    "[Cultural|Sports] activities [after work|on rest days] keep the {workers} in high spirits.",
    "[Family members|Wives] of the {workers} [sent|brought] [food|aid materials] to the"
    " worksites [to encourage them|as a token of support].",
    "[A new|The] [canteen|bathhouse|hostel] for the {workers} [was opened|has been renovated]"
    " at {unit} [this month|recently].",
)


def _details(c: _Ctx, slots: Mapping[str, str], k: int) -> list[str]:
    return [_fill(c.rng, t, slots) for t in c.rng.sample(_DETAILS, k)]


def _merge(rng: random.Random, paras: list[str]) -> list[str]:
    """Join some neighbouring one-sentence paragraphs, as longer wire stories do."""
    out = [paras[0]]
    for para in paras[1:]:
        if rng.random() < 0.2 and len(out) > 1 and len(out[-1]) < 300:
            out[-1] += " " + para
        else:
            out.append(para)
    return out


def _quote(c: _Ctx, sector: _Sector, slots: Mapping[str, str]) -> str:
    rng = c.rng
    return _fill(
        rng,
        rng.choice(_QUOTES),
        {
            **slots,
            "person": _person(rng),
            "role": rng.choice(_ROLES.get(sector.id, _DEFAULT_ROLES)),
        },
    )


def _story_sector(c: _Ctx) -> _Story:
    rng = c.rng
    sector = _pick_sector(c)
    unit, site = _pick_unit(c, sector)
    slots = _slots(c, unit, sector, site)
    rest = {**slots, "site": ""}  # the locative only once, as in real copy
    if rng.random() < 0.6:
        # Later mentions say "the complex" rather than the full name.
        rest.update(unit=slots["ref"], Unit=_cap(slots["ref"]))
    themes = _sector_themes(c, sector, unit, rng.choice((2, 3, 3, 4, 4)))
    lead = themes[0] if themes else "production_increase"
    paras = [_theme_sentence(c, sector, unit, lead, slots)]
    facts = list(sector.facts)
    rng.shuffle(facts)
    for fact in facts[: rng.choice((1, 1, 2, 2))]:
        text = _fill(rng, fact, rest)
        if rng.random() < 0.4:
            paras[-1] += " " + text
        else:
            paras.append(text)
    for theme in themes[1:]:
        paras.append(_theme_sentence(c, sector, unit, theme, rest))
    details = _details(c, rest, rng.choice((1, 1, 2, 2, 3)))
    for text in details:
        paras.insert(rng.randint(1, len(paras)), text)
    if c.campaign is not None and unit.maker and rng.random() < 0.55:
        paras.append(_campaign_sentence(c, rest))
    if unit.maker and rng.random() < _plan_rate(c.day):
        paras.append(_fill(rng, rng.choice(_THEME_SENTENCES["five_year_plan"]), rest))
    if sector.id == "local_industry" and rng.random() < _regional_rate(c.day):
        paras.append(
            _fill(
                rng,
                rng.choice(_REGIONAL_SENTENCES),
                {**rest, "county": "the county", "policy": _policy(rng, c.day)},
            )
        )
    if rng.random() < 0.35:
        paras.append(_quote(c, sector, rest))
    if rng.random() < 0.6:
        paras.append(_closing(c, rest))
    paras = _merge(rng, paras)
    if rng.random() < 0.08 and paras[0].startswith("The "):
        paras[0] = "According to Rodong Sinmun, t" + paras[0][1:]
    title_tpl = rng.choice(_TITLES.get(lead, ("{short} Makes Progress",)))
    title = title_tpl.format(short=slots["short"], ind=sector.title)
    return _Story(_title_case(title), paras, _topic_home(rng))


# --- agriculture by season ------------------------------------------------------------------

_FARM_SEASONS: dict[int, tuple[str, ...]] = {
    1: ("manure", "seed"),
    2: ("manure", "seed"),
    3: ("seedbed", "manure"),
    4: ("sowing", "seedbed", "potato"),
    5: ("transplanting", "sowing", "potato"),
    6: ("transplanting", "weeding", "barley"),
    7: ("weeding", "barley"),
    8: ("weeding",),
    9: ("harvest",),
    10: ("harvest", "threshing"),
    11: ("threshing",),
    12: ("manure", "seed"),
}

_FARM_LEADS: dict[str, tuple[str, ...]] = {
    "manure": (
        "Farmers of {farm}{site} [are hauling|have carried] [compost|manure] to the"
        " fields [in preparation for|ahead of] the spring farming season.",
    ),
    "seed": (
        "{Farm}{site} [has selected|is checking] [seeds|high-yielding seeds] for the new"
        " farming year [with care|one by one].",
    ),
    "seedbed": (
        "Farmers of {farm}{site} [prepared|finished preparing] rice seedbeds [ahead of"
        " schedule|in time].",
    ),
    "sowing": (
        "Spring sowing [is in full swing|is going on briskly] at {farm}{site}.",
        "{Farm}{site} [finished|completed] the sowing of [maize|wheat|soybeans] [ahead"
        " of schedule|{n} days earlier than last year].",
    ),
    "potato": ("Potato planting [is going on|is nearing completion] on the farms of {place}.",),
    "transplanting": (
        "Rice transplanting [is in full swing|is going on briskly] at {farm}{site}.",
        "{Farm}{site} [finished|completed] rice transplanting [ahead of"
        " schedule|{n} days earlier than last year].",
    ),
    "weeding": (
        "Farmers of {farm}{site} are [busy with|pressing ahead with] weeding and"
        " [crop tending|the prevention of crop damage].",
    ),
    "barley": ("The harvest of wheat and barley [is going on|has begun] at {farm}{site}.",),
    "harvest": (
        "[The autumn harvest|Rice harvesting] [is in full swing|is going on briskly] at"
        " {farm}{site}.",
        "{Farm}{site} [has reaped|is reaping] a [rich|good] harvest of [rice|maize].",
    ),
    "threshing": (
        "Threshing [is going on|is nearing completion] at {farm}{site}.",
        "{Farm}{site} [finished|completed] threshing and [delivered|sent] its grain"
        " to the state [ahead of schedule|in time].",
    ),
}

_FARM_MORE: dict[str, tuple[str, ...]] = {
    "socialist_emulation": (
        "[Workteams|Sub-workteams] of the farm are engaged in a socialist emulation [for"
        " increasing grain production|to finish the work earlier].",
    ),
    "collective_competition": (
        "Sub-workteams of the farm are vying with each other [to finish the work|for higher"
        " yields], [checking|reviewing] the results every day.",
    ),
    "learning_from_exemplars": (
        "Farmers of the farm [shared|exchanged] advanced farming methods with [neighbouring"
        " farms|farms of the county] [at a field seminar|in on-the-spot study sessions].",
        "The farm is [introducing|generalizing] the experience of {exemplar}, [which|that]"
        " [reaped a record harvest|raised per-hectare yields] last year.",
    ),
    "science_technology": (
        "The farm [applied|introduced] [scientific farming methods|new high-yielding"
        " varieties|a new irrigation method] [on the advice of|together with] agricultural"
        " scientists.",
        "Agro-technicians [checked|examined] every plot to apply [sci-tech farming"
        " methods|scientific crop cultivation].",
    ),
    "production_increase": (
        "The farm [plans|is striving] to raise per-hectare yields by {pct} percent and"
        " [overfulfil|exceed] its grain production plan.",
        "[Last year|This year] the farm [overfulfilled|exceeded] its grain production plan by"
        " {pct} percent.",
    ),
    "self_reliance": (
        "The farmers [made|repaired] [farm implements|the irrigation pumps] on their own [by"
        " dint of self-reliance|relying on their own efforts].",
    ),
    "recycling": (
        "The farm [makes|made] [organic fertilizer|compost] by recycling [waste|by-products"
        " such as rice straw].",
    ),
}


_FARM_DETAILS = (
    "The management board [organized|mobilized] [farm machines|draught cattle and machines]"
    " [efficiently|to the full] so that no time was lost.",
    "Office workers and students of the county [are helping|helped] the farmers [in the"
    " fields|with the work].",
    "[Rain|The dry weather|A late frost] [did not|failed to] slow down the work.",
    "Farmers [start|started] work [at dawn|early in the morning] and [review|check] the"
    " day's results in the evening.",
    "Mobile [art troupes|agitation teams] [performed|gave performances] in the fields to"
    " [encourage|cheer up] the farmers.",
    "Workteam leaders [divided|assigned] the fields [among|to] sub-workteams [according to"
    " their|in keeping with their] manpower.",
)


def _story_farm(c: _Ctx) -> _Story:
    rng = c.rng
    stage = rng.choice(_FARM_SEASONS[c.day.month])
    sector = _SECTOR_BY_ID["agriculture"]
    if rng.random() < 0.15:
        return _story_farm_national(c, stage)
    region = _REGION_BY_ID["ryanggang"] if stage == "potato" else None
    name, site, region = _farm(rng, region)
    exemplar, _, _ = _farm(rng)
    slots = {
        "farm": name,
        "Farm": _cap(name),
        "site": f" {site}",
        "n": str(rng.randint(2, 9)),
        "pct": str(rng.randint(3, 25)),
        "exemplar": exemplar,
        "place": _place(rng, region, 0.7),
        "unit": name,
    }
    paras = [_fill(rng, rng.choice(_FARM_LEADS[stage]), slots)]
    if rng.random() < 0.6:
        paras.append(_fill(rng, rng.choice(sector.facts), {**slots, "site": ""}))
    for theme in rng.sample(list(_FARM_MORE), rng.choice((1, 2, 2, 3))):
        paras.append(_fill(rng, rng.choice(_FARM_MORE[theme]), slots))
    if c.campaign is not None and rng.random() < 0.4:
        paras.append(
            _fill(
                rng,
                "The farmers are [carrying out|pressing ahead with] the"
                " {campaign} [in the fields|on the farm] [with credit|in high"
                " spirits].",
                {"campaign": c.campaign.name},
            )
        )
    if c.day.year >= 2022 and rng.random() < 0.3:
        paras.append(_fill(rng, rng.choice(_RURAL_SENTENCES), slots))
    for text in rng.sample(_FARM_DETAILS, rng.choice((0, 1, 2, 2))):
        paras.insert(rng.randint(1, len(paras)), _fill(rng, text, slots))
    if rng.random() < 0.3:
        paras.append(_quote(c, sector, {**slots, "ref": "the farm", "workers": "farmers"}))
    paras = _merge(rng, paras)
    titles = {
        "manure": "Preparations for Spring Farming",
        "seed": "Seeds Readied for New Farming Year",
        "seedbed": "Rice Seedbeds Prepared",
        "sowing": "Spring Sowing Brisk",
        "potato": "Potato Planting in Ryanggang",
        "transplanting": "Rice Transplanting Brisk",
        "weeding": "Crop Tending Brisk",
        "barley": "Wheat and Barley Harvest",
        "harvest": "Autumn Harvest Brisk",
        "threshing": "Threshing Under Way",
    }
    title = titles[stage]
    if stage != "potato" and rng.random() < 0.6:
        title += f" at {_short(name)}"
    return _Story(_title_case(title), paras, _topic_home(rng))


def _story_farm_national(c: _Ctx, stage: str) -> _Story:
    rng = c.rng
    regions = rng.sample(_PROVINCES, 3)
    work = {
        "manure": "preparations for the spring farming",
        "seed": "seed selection",
        "seedbed": "the preparation of seedbeds",
        "sowing": "spring sowing",
        "potato": "potato planting",
        "transplanting": "rice transplanting",
        "weeding": "weeding and crop tending",
        "barley": "the wheat and barley harvest",
        "harvest": "the autumn harvest",
        "threshing": "threshing",
    }[stage]
    scope = rng.choice(_NATIONAL) if rng.random() < 0.75 else rng.choice(_NOT_NATIONAL)
    farms = [_farm(rng, r) for r in regions]
    paras = [
        _fill(
            rng,
            "[Agricultural workers|Farmers] {scope} are [pressing ahead with|stepping up]"
            " {work} [in a scientific and technical way|to secure a rich harvest].",
            {"scope": scope, "work": work},
        ),
        _fill(
            rng,
            "{Farm} {site} and {farm2} {site2} [have finished|are finishing] the work"
            " [ahead of schedule|earlier than in other years].",
            {
                "Farm": _cap(farms[0][0]),
                "site": farms[0][1],
                "farm2": farms[1][0],
                "site2": farms[1][1],
            },
        ),
        _fill(
            rng,
            "Farms of {prov} are [sharing|exchanging] [advanced farming methods|their"
            " experience] and [vying with each other|competing] to [finish the work|raise"
            " yields].",
            {"prov": _region_name(rng, regions[2])},
        ),
    ]
    if rng.random() < 0.5:
        paras.append(
            _fill(
                rng,
                "Agricultural scientists [were sent|have been dispatched] to"
                " farms to help [introduce|apply] scientific farming methods.",
                {},
            )
        )
    return _Story(_title_case(f"{_cap(_short(work))} Brisk in DPRK"), paras, _topic_home(rng))


# --- campaigns, plans, regional development ---------------------------------------------------


def _unit_line(c: _Ctx, exclude: Sequence[str] = ("education", "public_health")) -> str:
    """A sentence about one maker unit for the round-up stories."""
    rng = c.rng
    sector = _pick_sector(c, exclude=exclude)
    unit, site = _pick_unit(c, sector)
    slots = _slots(c, unit, sector, site)
    if c.campaign is not None and rng.random() < 0.6 and unit.maker:
        body = _campaign_sentence(c, slots)
    else:
        themes = _sector_themes(c, sector, unit, 1) or ["production_increase"]
        body = _theme_sentence(c, sector, unit, themes[0], slots)
    if body.startswith(("The ", "A ")) and rng.random() < 0.35:
        body = f"In {slots['industry']}, " + body[:1].lower() + body[1:]
    return body


def _story_campaign(c: _Ctx) -> _Story:
    rng = c.rng
    camp = c.campaign
    assert camp is not None
    name = camp.name
    ended = c.day > camp.end
    scope = (
        rng.choice(_NATIONAL) if rng.random() < 0.7 else "in all sectors of the national economy"
    )
    if ended:
        lead = _fill(
            rng,
            "The {campaign} [ended in victory|was concluded with success], with"
            " [many units|factories and enterprises {scope}] [overfulfilling|carrying"
            " out] their plans [ahead of schedule|for all indices].",
            {"campaign": name, "scope": scope},
        )
        title = f"{name} Concluded with Success"
    else:
        lead = _fill(
            rng,
            "The {campaign} [is in full swing|is gathering momentum|is making headway] {scope}.",
            {"campaign": name, "scope": scope},
        )
        title = rng.choice(
            (f"{name} in Full Swing", f"Upsurge in {name}", f"Working People Accelerate {name}")
        )
    paras = [lead]
    for _ in range(rng.randint(2, 4)):
        paras.append(_unit_line(c))
    prov = rng.choice(_PROVINCES)
    paras.append(
        _fill(
            rng,
            "{Prov} [has sent|dispatched] shock brigades to [coal mines|power"
            " stations|construction sites] [to speed up|to help finish] the work.",
            {"Prov": _cap(_region_name(rng, prov))},
        )
    )
    if rng.random() < 0.6:
        paras.append(
            _fill(
                rng,
                "[Working people|Officials and working people] [{scope}|in all"
                " sectors] are [determined|resolved] to [achieve|bring about] fresh"
                " [successes|innovations] in the {campaign}.",
                {"scope": rng.choice(_NATIONAL), "campaign": name},
            )
        )
    return _Story(_title_case(_cap(title)), paras, _topic_home(rng))


_REGIONAL_SENTENCES = (
    "[In line with|Under] {policy}, {county} [has built|is building] [modern|new] local"
    " factories [to produce|turning out] [consumer goods|foodstuffs and daily necessities] with"
    " local raw materials.",
    "The [project|factory] is part of the [struggle|drive] for the comprehensive prosperity of"
    " [the county|cities and counties].",
    "Officials of {county} [say|said] that the new factories will [change|transform] the"
    " [look|economy] of the county under {policy}.",
)

_RURAL_SENTENCES = (
    "The [farm|county] is [carrying out|pushing ahead with] the rural revolution [in the new"
    " era|of the new era] [in real earnest|step by step].",
    "The development of rural areas [has become|is] a [key|top] [task|priority] of the county.",
)


def _policy(rng: random.Random, day: date) -> str:
    if day.year >= 2024:
        mark = "20x10" if rng.random() < 0.8 else "20\u00d710"
        return rng.choice(
            (
                f"the Regional Development {mark} Policy",
                f"the {mark} policy for regional development",
            )
        )
    return rng.choice(
        (
            "the policy of developing the local economy",
            "the party's policy for regional development",
        )
    )


def _regional_rate(day: date) -> float:
    return 0.9 if day.year >= 2024 else 0.45 if day.year >= 2022 else 0.15


def _story_regional(c: _Ctx) -> _Story:
    rng = c.rng
    year = c.day.year
    region = rng.choice(_PROVINCES)
    policy = _policy(rng, c.day)
    if year < 2022 or rng.random() < 0.5:
        counties = rng.sample(region.places, 2)
        county, county2 = (f"{n} County" if k == "county" else f"{n} City" for n, k in counties)
        kind = rng.choice(
            (
                "Foodstuff Factory",
                "Daily Necessities Factory",
                "Textile Factory",
                "Furniture Factory",
                "Paper Mill",
                "Soy Sauce Factory",
            )
        )
        factory = f"the {counties[0][0]} {kind}"
        slots = {
            "county": county,
            "County": county,
            "policy": policy,
            "factory": factory,
            "prov": _region_name(rng, region),
            "county2": county2,
            "n": str(rng.randint(2, 9)),
        }
        lead = rng.choice(
            (
                "{County} of {prov} [has completed|put into operation] {factory} [under|in line"
                " with] {policy}.",
                "A ceremony [was held|took place] in {County}, {prov}, [on the completion"
                " of|to mark the completion of] {factory}.",
                "[Modern|New] local industry factories [went into operation|were completed] in"
                " {County} and {county2} of {prov}.",
            )
        )
        paras = [_fill(rng, lead, slots)]
        paras.append(_fill(rng, rng.choice(_REGIONAL_SENTENCES), slots))
        paras.append(
            _fill(
                rng,
                "The [factories|new factories] [produce|will produce]"
                " [foodstuffs|daily necessities|textiles] with domestic raw"
                " materials [available in the area|gathered locally].",
                slots,
            )
        )
        if year >= 2024 and rng.random() < 0.6:
            paras.append(
                _fill(
                    rng,
                    "[The first|This year's] {n} [cities and counties|counties]"
                    " [set|chosen] under the 20x10 policy [are competing|are vying"
                    " with each other] to [finish|complete] their factories.",
                    slots,
                )
            )
        title = rng.choice(
            (
                "Local Industry Factories Built in {county}",
                "New Local Factories in {county}",
                "Regional Development Promoted in {prov}",
            )
        )
        title = title.format(county=counties[0][0], prov=region.short)
    else:
        name, site, _ = _farm(rng, region)
        slots = {
            "farm": name,
            "site": site,
            "n": str(rng.randint(20, 300)),
            "prov": _region_name(rng, region),
        }
        paras = [
            _fill(
                rng,
                "{n} new [houses|dwelling houses] [were built|have been completed] at"
                " {farm} {site}.",
                slots,
            ),
            _fill(
                rng,
                "[Housewarming ceremonies were|A housewarming ceremony was] held"
                " [there|at the new village] [on {day}|recently].",
                {"day": _WEEKDAYS[c.day.weekday()]},
            ),
            _fill(rng, rng.choice(_RURAL_SENTENCES), slots),
        ]
        title = "New Houses Built in Rural Areas of " + region.short
    return _Story(_title_case(title), paras, _topic_home(rng))


def _story_plan(c: _Ctx) -> _Story:
    rng = c.rng
    day = c.day
    plan = _plan_phrase(rng, day)
    if day.year >= 2021 or day >= date(2016, 5, 10):
        ordinal = ("first", "second", "third", "fourth", "final")[min(4, (day.year - 2021) % 5)]
        year_phrase = f"the {ordinal} year of {plan}" if day.year >= 2021 else plan
        scope = rng.choice(_NATIONAL) if rng.random() < 0.6 else "in all sectors"
        paras = [
            _fill(
                rng,
                "Officials and working people {scope} are [striving|making every"
                " effort] to carry out the tasks for {yp}.",
                {"scope": scope, "yp": year_phrase},
            )
        ]
        for _ in range(rng.randint(2, 3)):
            sector = _pick_sector(c, exclude=("education", "public_health", "transport"))
            unit, site = _pick_unit(c, sector)
            slots = _slots(c, unit, sector, site)
            paras.append(_fill(rng, rng.choice(_THEME_SENTENCES["five_year_plan"]), slots))
        title = (
            rng.choice(
                (
                    "All Sectors Striving to Carry Out Five-Year Plan",
                    "Working People Push Ahead with Five-Year Plan",
                )
            )
            if day.year >= 2021
            else "Working People Striving to Carry Out Five-Year Strategy"
        )
    else:
        sectors = rng.sample([s for s in _SECTORS if s.facts], 3)
        paras = [
            _fill(
                rng,
                "An [enlarged|plenary] meeting of the Cabinet [was held|took place]"
                " [here|on {day}] to review the implementation of the yearly national economic"
                " plan for [the first quarter|the first half|this year].",
                {"day": _WEEKDAYS[day.weekday()]},
            ),
            _fill(
                rng,
                "It noted that {a} and {b} [overfulfilled|carried out] their plans, while"
                " {c} [lagged behind|fell short of the target].",
                {
                    "a": sectors[0].industry[0],
                    "b": sectors[1].industry[0],
                    "c": sectors[2].industry[0],
                },
            ),
        ]
        title = "Cabinet Reviews Fulfilment of National Economic Plan"
    return _Story(_title_case(title), paras, _topic_home(rng))


# --- round-ups, national events, red flags, construction ------------------------------------

_PROVINCE_FIELDS = (
    "crop farming",
    "animal husbandry",
    "local industry",
    "education",
    "public health",
    "fish farming",
    "afforestation",
    "rural construction",
)


def _story_roundup(c: _Ctx) -> _Story:
    rng = c.rng
    scope = rng.choice(_NATIONAL) if rng.random() < 0.6 else rng.choice(_NOT_NATIONAL)
    lead = _fill(
        rng,
        rng.choice(
            (
                "[Socialist emulation|Collective competition] for [increasing production|fresh"
                " innovations] [is gathering momentum|is in full swing] {scope}.",
                "Units [{scope}|in all sectors] are [stepping up|intensifying] collective competition"
                " and learning from model units.",
            )
        ),
        {"scope": scope},
    )
    paras = [lead]
    for _ in range(rng.randint(2, 4)):
        paras.append(_unit_line(c))
    p1, p2 = rng.sample(_PROVINCES, 2)
    fields = rng.sample(_PROVINCE_FIELDS, 3)
    paras.append(
        _fill(
            rng,
            "{P1} [is competing|has entered into competition] with {p2} [in"
            " boosting|for successes in] {fields}.",
            {
                "P1": _cap(_region_name(rng, p1)),
                "p2": _region_name(rng, p2),
                "fields": _and_list(fields),
            },
        )
    )
    title = rng.choice(
        (
            "Collective Competition Spreads in DPRK",
            "Emulation Drives Brisk in All Sectors",
            "Units Vie with Each Other for Innovations",
        )
    )
    return _Story(title, paras, _topic_home(rng))


_NATIONAL_EVENTS = (
    (
        "National Exhibition of Light Industry Products",
        "light_industry",
        "improving the quality of consumer goods",
    ),
    (
        "National Science and Technology Festival",
        "machine_building",
        "advancing and employing science and technology",
    ),
    (
        "National Exhibition of Inventions and New Technologies",
        "machine_building",
        "encouraging technical innovation",
    ),
    (
        "National Agricultural Science and Technology Exhibition",
        "agriculture",
        "sharing advanced farming methods",
    ),
    (
        "National Exhibition of Domestically Produced Goods",
        "light_industry",
        "promoting domestic production and the localization of raw materials",
    ),
    ("National Exhibition of Recycled Goods", "local_industry", "the recycling of waste materials"),
    (
        "National Meeting of Model Coal Miners",
        "coal_mining",
        "generalizing the experience of exemplary units",
    ),
    (
        "National Contest of Technical Innovations in the Metal Industry",
        "metallurgy",
        "technical innovation in the metallurgical industry",
    ),
    (
        "National Exhibition of Medical Appliances",
        "public_health",
        "improving the quality of medical appliances",
    ),
    ("National Teaching Methods Contest", "education", "sharing advanced teaching methods"),
    ("National Meeting of Fishermen", "fisheries", "learning from model fishing units"),
)


def _story_national(c: _Ctx) -> _Story:
    rng = c.rng
    pairs = [(e[0], 1.0) for e in _NATIONAL_EVENTS]
    if c.day.year >= 2024:
        pairs.append(("National Exhibition of Local Industry Products", 6.0))
    name = _weighted(rng, pairs)
    event = next(
        (e for e in _NATIONAL_EVENTS if e[0] == name),
        (name, "local_industry", "the development of local industry"),
    )
    sector = _SECTOR_BY_ID[event[1]]
    # "here" is the dateline's city: it must not count as a place.
    venue = rng.choice(
        ("here", "here", "at the People's Palace of Culture", "at the Central Youth Hall")
    )
    dd = c.day - timedelta(days=rng.randint(0, 2))
    units = []
    for _ in range(2):
        u, site = _pick_unit(c, sector)
        units.append(f"{u.name} {site}".strip())
    slots = {
        "event": name,
        "venue": venue,
        "day": _WEEKDAYS[dd.weekday()],
        "n": str(rng.randint(2, 30)),
        "u1": units[0],
        "u2": units[1],
        "purpose": event[2],
        "scope": rng.choice(_NATIONAL),
        "month": _MONTHS[c.day.month % 12],
        "d": str(rng.randint(1, 28)),
    }
    if "Meeting" in name or "Contest" in name:
        paras = [
            _fill(rng, "The {event} [took place|was held] {venue} on {day}.", slots),
            _fill(
                rng,
                "[Present there were|Attending it were] [officials and"
                " participants|model workers and officials] from units {scope}.",
                slots,
            ),
            _fill(
                rng,
                "[Speakers|Participants] from {u1} and {u2} [introduced|reported on]"
                " their [experience|successes].",
                slots,
            ),
            _fill(rng, "The [meeting|event] [was aimed at|was meant for] {purpose}.", slots),
        ]
    else:
        paras = [
            _fill(rng, "The {event} [opened|was opened] {venue} on {day}.", slots),
            _fill(
                rng,
                "[On display are|Displayed there are] more than {n},000 [items|products"
                "|exhibits] of units [from all provinces|{scope}], including {u1} and {u2}.",
                slots,
            ),
            _fill(rng, "The exhibition [is aimed at|is meant for] {purpose}.", slots),
        ]
        if rng.random() < 0.5:
            paras.append(_fill(rng, "It will [run|last] till {month} {d}.", slots))
    title = f"{name} {rng.choice(('Opens', 'Held', 'Opens in DPRK'))}"
    if "Meeting" in name or "Contest" in name:
        title = f"{name} Held"
    return _Story(title, paras, _topic_home(rng))


def _story_redflag(c: _Ctx) -> _Story:
    rng = c.rng
    lines = []
    for _ in range(3):
        sector = _pick_sector(c)
        u, site = _pick_unit(c, sector)
        lines.append(f"{u.name} {site}".strip())
    n = rng.randint(12, 90)
    paras = [
        _fill(
            rng,
            "{n} units [won|were awarded] the title of Three-Revolution Red Flag"
            " [Unit|Workteam] [this year|in the first half of the year].",
            {"n": str(n)},
        ),
        f"They include {_and_list(lines)}.",
        _fill(rng, "The double Three-Revolution Red Flag was conferred on {u}.", {"u": lines[0]}),
        _fill(
            rng,
            "The Three-Revolution Red Flag movement [is spreading|has gained momentum]"
            " [{scope}|in all sectors], [helping|encouraging] units to bring about"
            " innovations in [production|ideology, technology and culture].",
            {"scope": rng.choice(_NATIONAL + _NOT_NATIONAL)},
        ),
    ]
    title = rng.choice(
        (
            "Units Awarded Three-Revolution Red Flag Titles",
            "Three-Revolution Red Flag Movement Gathers Momentum",
        )
    )
    return _Story(title, paras, _topic_home(rng))


@dataclass(frozen=True)
class _Project:
    phrase: str
    title: str
    region: str | None
    years: tuple[int, int]


_PROJECTS = (
    _Project("the construction of Samjiyon City", "Samjiyon City", "ryanggang", (2017, 2021)),
    _Project(
        "the Wonsan-Kalma coastal tourist zone",
        "Wonsan-Kalma Coastal Tourist Zone",
        "kangwon",
        (2018, 2024),
    ),
    _Project(
        "the 10,000 flats in Hwasong District",
        "Flats in Hwasong District",
        "pyongyang",
        (2021, 2024),
    ),
    _Project(
        "the Pyongyang General Hospital", "Pyongyang General Hospital", "pyongyang", (2020, 2024)
    ),
    _Project("Ryomyong Street", "Ryomyong Street", None, (2016, 2017)),
    _Project("the Kangdong Greenhouse Farm", "Kangdong Greenhouse Farm", "pyongyang", (2023, 2024)),
    _Project("the Tanchon Port", "Tanchon Port", "south_hamgyong", (2015, 2024)),
    _Project(
        "new dwelling houses in Sinuiju",
        "Dwelling Houses in Sinuiju",
        "north_phyongan",
        (2015, 2024),
    ),
    _Project("the Hamhung flats", "Hamhung Flats", "south_hamgyong", (2015, 2024)),
    _Project("the Kaesong Koryo Medical Centre", "Kaesong Medical Centre", "kaesong", (2019, 2024)),
    _Project("the Rason Seafood Processing Base", "Rason Seafood Base", "rason", (2015, 2024)),
)


def _story_construction(c: _Ctx) -> _Story:
    rng = c.rng
    year = c.day.year
    candidates = [p for p in _PROJECTS if p.years[0] <= year <= p.years[1]]
    proj = rng.choice(candidates) if candidates else _PROJECTS[-1]
    prov = rng.choice(_PROVINCES)
    brigade = rng.choice(
        (
            f"the {prov.short} Provincial Shock Brigade",
            "soldier-builders of the Korean People's Army",
            "the Paektusan Hero Youth Shock Brigade",  # a name, not Ryanggang
            f"builders from {_region_name(rng, prov)}",
        )
    )
    cement = rng.choice(_UNITS_BY_SECTOR["construction"])
    slots = {
        "proj": proj.phrase,
        "Brigade": _cap(brigade),
        "brigade": brigade,
        "n": str(rng.randint(2, 30)),
        "cement": cement.name,
        "speed": "Chollima speed" if year < 2019 else "the Manriman speed",
    }
    paras = [
        _fill(
            rng,
            rng.choice(
                (
                    "Builders are [stepping up|accelerating] work on {proj}.",
                    "The construction of {proj} is [making rapid progress|nearing completion].",
                    "{Brigade} [has finished|completed] the frame work of [{n} blocks|the main buildings] at"
                    " {proj} [ahead of schedule|{n} days ahead of schedule].",
                )
            ),
            slots,
        )
    ]
    paras.append(
        _fill(
            rng,
            rng.choice(
                (
                    "{Brigade} [is displaying|has displayed] [{speed}|a new speed] in the"
                    " [interior finishing|frame work].",
                    "{Brigade} [is creating|set] a [new|fresh] record [every day|in the speed campaign].",
                    "[Shock brigades|Builders] [from all provinces|from different parts of the country]"
                    " [are|have been] working [in shifts|round the clock] at the site.",
                )
            ),
            slots,
        )
    )
    if rng.random() < 0.7:
        paras.append(
            _fill(
                rng,
                "{Cement} and other building-materials factories [are"
                " supplying|have sent] [cement|steel and cement] to the site on"
                " time.",
                {"Cement": _cap(cement.name)},
            )
        )
    if rng.random() < 0.4:
        paras.append(
            _fill(
                rng,
                "The builders [are using|have used] domestic finishing"
                " materials [made|produced] with [local|domestic] raw materials.",
                {},
            )
        )
    if c.campaign is not None and rng.random() < 0.6:
        paras.append(
            _fill(
                rng,
                "The work is [a focus|a major front] of the {campaign}.",
                {"campaign": c.campaign.name},
            )
        )
    title = rng.choice(
        (f"Construction of {proj.title} Speeded Up", f"Builders Accelerate Work on {proj.title}")
    )
    return _Story(_title_case(title), paras, _topic_home(rng))


# --- traps: names that look like places or campaigns but are not -------------------------------


def _story_trap(c: _Ctx) -> _Story:
    rng = c.rng
    kind = rng.randrange(4)
    n = str(rng.randint(3, 30))
    if kind == 0:
        paras = [
            _fill(
                rng,
                "Researchers [of|at] Kim Chaek University of Technology have [developed"
                "|completed] a new [program for|system of] [remote teaching|energy"
                " management|machine diagnosis].",
                {},
            ),
            _fill(
                rng,
                "The university [introduced|has introduced] {n} sci-tech achievements"
                " [this year|in recent years] by advancing and employing science and"
                " technology.",
                {"n": n},
            ),
            _fill(
                rng,
                "[Teachers|Lecturers] of the university are [teaching and learning from"
                " each other|sharing their experience] to raise the quality of education.",
                {},
            ),
        ]
        title = "Kim Chaek University of Technology Develops New Program"
    elif kind == 1:
        paras = [
            _fill(
                rng,
                "The Chollima Steel Complex [overfulfilled|exceeded] its [monthly"
                "|quarterly] steel production plan by {n} percent.",
                {"n": n},
            ),
            _fill(
                rng,
                "Its steelworkers [rebuilt|renovated] an electric furnace on their own"
                " and [improved|raised] the quality of rolled steel.",
                {},
            ),
        ]
        title = "Chollima Steel Complex Overfulfills Plan"
    elif kind == 2:
        paras = [
            _fill(
                rng,
                "The Kim Chaek Iron and Steel Complex [is stepping up|has stepped up]"
                " production of pig iron [by introducing|through] new technology.",
                {},
            ),
            _fill(
                rng,
                "Its [smelters|furnacemen] [set|registered] a new daily [output|production]"
                " record [this month|last week].",
                {},
            ),
        ]
        title = "Production Stepped Up at Kim Chaek Iron and Steel Complex"
    else:
        road = rng.choice(("road", "railway line"))
        paras = [
            _fill(
                rng,
                "Members of the Paektusan Hero Youth Shock Brigade are [building|laying]"
                " a new {road} [at high speed|in record time].",
                {"road": road},
            ),
            _fill(
                rng,
                "They [finished|completed] {n} kilometres of the {road} [ahead of"
                " schedule|in a month].",
                {"n": n, "road": road},
            ),
            _fill(
                rng,
                "The young builders [work|are working] [in shifts|round the clock],"
                " [cutting through|blasting] [rocks|hillsides] [with their own hands|by"
                " dint of their own efforts].",
                {},
            ),
        ]
        title = "Youth Shock Brigade Speeds Up Construction"
    return _Story(title, paras, _topic_home(rng))


# --- domestic stories with no campaign theme -------------------------------------------------


def _story_society(c: _Ctx) -> _Story:
    rng = c.rng
    kind = rng.randrange(5)
    wd = _WEEKDAYS[c.day.weekday()]
    if kind == 0:
        region = _REGION_BY_ID["ryanggang"]
        paras = [
            _fill(
                rng,
                "Many people [are visiting|visit] Mt Paektu [in the snowy season"
                "|these days|in summer].",
                {},
            ),
            _fill(
                rng,
                "Visitors [walk|climb] up to the [summit|shore of the crater lake]"
                " [via|from] {place}.",
                {"place": _place(rng, region, 0.4)},
            ),
        ]
        title = "Visitors to Mt Paektu"
        topic = "Society-Life"
    elif kind == 1:
        region = rng.choice(_REGIONS)
        paras = [
            _fill(
                rng,
                "[Heavy snow|A heavy rain|A cold wave] [hit|swept] {place} [on {wd}"
                "|yesterday], according to the State Hydro-meteorological"
                " Administration.",
                {"place": _place(rng, region, 0.9), "wd": wd},
            ),
            _fill(
                rng,
                "[The temperature|Precipitation] there [dropped to|reached] {n}"
                " [degrees below zero|mm].",
                {"n": str(rng.randint(8, 30))},
            ),
        ]
        title = "Weather Report"
        topic = "Society-Life"
    elif kind == 2:
        paras = [
            _fill(
                rng,
                "A [performance|concert] [celebrating|marking] [the"
                " anniversary|the holiday] was given at the [People's Palace of"
                " Culture|Arch of Triumph|Central Youth Hall] on {wd}.",
                {"wd": wd},
            ),
            _fill(
                rng, "[Songs|Dances] and [poems|instrumental pieces] [were performed|followed].", {}
            ),
        ]
        title = "Performance Given"
        topic = "Society-Life"
    elif kind == 3:
        region = rng.choice(_REGIONS)
        paras = [
            _fill(
                rng,
                "[Football|Volleyball|Basketball] [games|matches] of working"
                " people [were held|took place] in {place} [last week|on {wd}].",
                {"place": _place(rng, region, 0.5), "wd": wd},
            ),
            _fill(rng, "[Teams|Players] [showed|displayed] [skill|good teamwork].", {}),
        ]
        title = "Sports Games Held"
        topic = "Society-Life"
    else:
        paras = [
            _fill(
                rng,
                "[Many people|Citizens and children] [visit|are visiting]"
                " Mangyongdae [on holidays|these days].",
                {},
            ),
            _fill(
                rng,
                "They [look round|go round] the [old home|native home] and the"
                " [surrounding|nearby] [hills|parks].",
                {},
            ),
        ]
        title = "Visitors to Mangyongdae"
        topic = "Society-Life"
    return _Story(title, paras, topic, end_marker=0.8)


# --- foreign news: no DPRK campaign, sector or region -----------------------------------------

_COUNTRIES = (
    ("Laos", "president", "Vientiane"),
    ("Viet Nam", "president", "Hanoi"),
    ("Cuba", "president", "Havana"),
    ("Russia", "president", "Moscow"),
    ("China", "president", "Beijing"),
    ("Iran", "president", "Tehran"),
    ("Venezuela", "president", "Caracas"),
    ("Nicaragua", "president", "Managua"),
    ("Belarus", "president", "Minsk"),
    ("Cambodia", "king", "Phnom Penh"),
    ("Mongolia", "president", "Ulaanbaatar"),
    ("Indonesia", "president", "Jakarta"),
    ("Nepal", "president", "Kathmandu"),
    ("Syria", "president", "Damascus"),
    ("Equatorial Guinea", "president", "Malabo"),
    ("Tanzania", "president", "Dodoma"),
)


def _story_foreign(c: _Ctx) -> _Story:
    rng = c.rng
    country, head, capital = rng.choice(_COUNTRIES)
    # Greetings and commentaries dominate real external news; disasters and foreign plans less.
    kind = int(_weighted(rng, (("0", 30), ("1", 15), ("2", 8), ("3", 14), ("4", 4), ("5", 25))))
    wd = _WEEKDAYS[c.day.weekday()]
    slots = {
        "country": country,
        "head": head,
        "capital": capital,
        "wd": wd,
        "n": str(rng.randint(3, 90)),
        "y": str(c.day.year + 1),
        "y5": str(c.day.year + 5),
    }
    if kind == 0:
        sender = rng.choice(
            (
                "Kim Jong Un, president of the State Affairs of the DPRK,",
                "The respected Comrade Kim Jong Un",
                "The respected ComradeKim Jong Un",  # real copy drops spaces
                "The Presidium of the Supreme People's Assembly",
            )
        )
        paras = [
            _fill(
                rng,
                f"{sender} [congratulated|sent congratulations to] the {{head}} of"
                " {country} [as the country marks|as {country} celebrates] [its national"
                " day|another year of independence].",
                slots,
            ),
            _fill(
                rng,
                "[In the message|The message said that] the [ties|good ties|links] of"
                " {country} and the DPRK [were expected to|would surely] [deepen|keep"
                " growing] [for the benefit of|to the advantage of] both peoples.",
                slots,
            ),
            _fill(
                rng,
                "[Warm|Best] wishes [went to|were conveyed to] the {head} and the people"
                " of {country} [for their future|for a prosperous future].",
                slots,
            ),
        ]
        title = f"Greetings to {_cap(head)} of {country}"
        topic = "External"
    elif kind == 1:
        paras = [
            _fill(
                rng,
                "The newly appointed ambassador of {country} to the DPRK [presented"
                "|handed over] [his|her] credentials [here|to an official concerned] on {wd}.",
                slots,
            ),
            _fill(
                rng,
                "[At the ceremony|After the ceremony] the two sides had a [friendly|cordial] talk.",
                slots,
            ),
        ]
        title = f"{country} Ambassador Presents Credentials"
        topic = "External"
    elif kind == 2:
        paras = [
            _fill(
                rng,
                "The National Assembly of {country} [approved|adopted] the five-year"
                " plan for socio-economic development for {y}-{y5}, according to a report"
                " from {capital}.",
                slots,
            ),
            _fill(
                rng,
                "The plan [envisages|calls for] [raising the average growth rate to {n}"
                " percent|building new roads and bridges|expanding foreign trade].",
                slots,
            ),
        ]
        title = f"{country} Adopts Five-Year Plan"
        topic = "World"
    elif kind == 3:
        paras = [
            _fill(
                rng,
                "[Heavy rains|A typhoon|Floods] hit [the northern part|the southern"
                " provinces|the capital region] of {country} [last week|on {wd}], leaving {n}"
                " people dead or missing, according to reports from {capital}.",
                slots,
            ),
            _fill(rng, "[Thousands of|Many] [houses|roads] were [destroyed|damaged].", slots),
            _fill(
                rng,
                "[Rescue work|Relief work] [is under way|continues], [the report"
                " said|according to the authorities].",
                slots,
            ),
        ]
        title = f"Floods in {country}"
        topic = "World"
    elif kind == 4:
        paras = [
            _fill(
                rng,
                "A UN agency said that [dozens of|{n}] schools and hospitals in Gaza"
                " [were damaged|had been destroyed] [in the past week|in recent air"
                " strikes].",
                slots,
            ),
            _fill(
                rng, "It [called for|urged] [an immediate ceasefire|humanitarian access].", slots
            ),
        ]
        title = "Schools and Hospitals in Gaza Damaged"
        topic = "World"
    else:
        target, verb = rng.choice(
            (("The US", "is"), ("Japan", "is"), ("The US and its allies", "are"))
        )
        paras = [
            _fill(
                rng,
                f"{target} {verb} [escalating|stepping up] [military drills|the arms"
                " buildup] [in the Asia-Pacific region|around the Korean peninsula].",
                slots,
            ),
            _fill(
                rng,
                "[This|Such a move] [poses|is] a [grave|serious] threat to [peace and"
                " security|regional stability], a KCNA commentary said.",
                slots,
            ),
            _fill(
                rng,
                "The commentary [warned|stressed] that [the moves|such acts] would"
                " [only|surely] [invite|bring] [a strong backlash|self-destruction].",
                slots,
            ),
        ]
        extra = (
            "[It|The commentary] [recalled|noted] that [similar drills|such exercises] [had"
            " been|were] staged {n} times [this year|since the spring].",
            "[Nobody|No one] can [justify|excuse] [such|these] [reckless|dangerous] moves, it"
            " [said|added].",
            "[The world|The international community] is [watching|following] the situation"
            " with [concern|vigilance], the commentary [said|went on].",
        )
        paras[2:2] = [_fill(rng, t, slots) for t in rng.sample(extra, rng.randint(1, 3))]
        title = f"KCNA Commentary on {target.replace('The ', '')} Military Moves"
        topic = "News Commentary"
    return _Story(title, paras, topic, end_marker=0.7)


_KINDS: dict[str, Callable[[_Ctx], _Story]] = {
    "sector": _story_sector,
    "farm": _story_farm,
    "campaign": _story_campaign,
    "roundup": _story_roundup,
    "national": _story_national,
    "redflag": _story_redflag,
    "regional": _story_regional,
    "construction": _story_construction,
    "plan": _story_plan,
    "society": _story_society,
    "foreign": _story_foreign,
    "trap": _story_trap,
}
_FARM_MONTH_WEIGHT = (3, 3, 5, 10, 14, 12, 5, 4, 10, 14, 8, 3)


def _kind_weights(c: _Ctx) -> list[tuple[str, float]]:
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
    elif date(2016, 5, 10) <= day <= date(2016, 7, 31):
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


def _respell(text: str) -> str:
    for old, new in _RESPELL:
        text = text.replace(old, new)
    return text


def _make_article(rng: random.Random, day: date) -> tuple[str, str, str]:
    """(title, body, topic) of one invented story filed on `day`."""
    ctx = _Ctx(rng, day, _campaign_on(day))
    story = _KINDS[_weighted(rng, _kind_weights(ctx))](ctx)
    paras = [_tidy(p) for p in story.paras if p]
    lag = 0 if rng.random() < 0.8 else rng.randint(1, 2)
    dd = day - timedelta(days=lag)
    gap = " " if rng.random() < 0.93 else ""  # real copy sometimes runs "--" into the text
    paras[0] = f"Pyongyang, {_MONTHS[dd.month - 1]} {dd.day} (KCNA) --{gap}{paras[0]}"
    if rng.random() < story.end_marker:
        paras[-1] += " -0-"
    body = "\n".join(paras)
    title = story.title
    if rng.random() < 0.15:
        body, title = _respell(body), _respell(title)
    return title, body, story.topic


# ---------------------------------------------------------------------------------------------
# Corpus assembly.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Record:
    id: str
    day: date
    title: str
    body: str
    topic: str
    dated: bool = True
    as_text: bool = False
    report_day: date | None = None


_DATELINE_RE = re.compile(r"^Pyongyang, [A-Z][a-z]+ \d{1,2} \(KCNA\) --\s?")


def _unique_articles(rng: random.Random, days: Sequence[date]) -> Iterator[tuple[str, str, str]]:
    seen: set[str] = set()
    for day in days:
        for _ in range(50):
            title, body, topic = _make_article(rng, day)
            if body not in seen:
                break
        else:  # pragma: no cover - 50 collisions in a row would mean the templates collapsed
            body += f"\nReport {len(seen) + 1}."
        seen.add(body)
        yield title, body, topic


def _build(
    rng: random.Random, articles: int, start_year: int, years: int, txt_share: float
) -> list[_Record]:
    n_dup = min(12, max(1, articles // 400)) if articles >= 20 else 0
    n_unique = articles - n_dup
    first = date(start_year, 1, 1).toordinal()
    last = date(start_year + years - 1, 12, 31).toordinal()
    days = sorted(date.fromordinal(rng.randint(first, last)) for _ in range(n_unique))
    records = [
        _Record("", d, t, b, tp)
        for d, (t, b, tp) in zip(days, _unique_articles(rng, days), strict=True)
    ]
    for rec in records:
        roll = rng.random()
        if roll < 0.01:
            rec.dated = False  # scrapers lose dates; the dateline still says the day
        elif roll < 0.01 + txt_share:
            rec.as_text = True
            if rng.random() < 0.4:
                rec.report_day = rec.day - timedelta(days=rng.randint(1, 3))
    # Exact duplicates of wire stories, filed again under another topic as archives do.
    wire = [i for i, r in enumerate(records) if not r.as_text and r.dated]
    for i in sorted(rng.sample(wire, min(n_dup, len(wire))), reverse=True):
        orig = records[i]
        topic = "Latest News" if orig.topic != "Latest News" else "Home News"
        records.insert(i + 1, _Record("", orig.day, orig.title, orig.body, topic))
    serial: dict[int, int] = {}
    for rec in records:
        serial[rec.day.year] = serial.get(rec.day.year, 0) + 1
        rec.id = f"demo-{rec.day.year}-{serial[rec.day.year]:06d}"
    return records


def _json_line(rec_id: str, day: str, title: str, body: str, topic: str) -> str:
    return (
        json.dumps({"id": rec_id, "date": day, "title": title, "body": body, "topic": topic}) + "\n"
    )


def _readme(
    articles: int, seed: int, start_year: int, years: int, counts: Mapping[str, int], command: str
) -> str:
    end = start_year + years - 1
    return f"""# Demo corpus: SYNTHETIC, not real KCNA copy

**Everything in this folder is SYNTHETIC.** The articles were generated by

    {command}

(seed {seed}, {articles} articles, {start_year}-{end}) from invented templates in
`tui/demo.py`. The text imitates the style of English-language KCNA wire copy so that the
dashboard has something plausible to show, but no sentence is real KCNA or Rodong Sinmun copy,
and the events, numbers and campaign timeline are invented. Do not cite it as a source.

Place names are the DPRK's administrative divisions (checked against Open Admin Data,
openadmindata.org, CC BY 4.0), in KCNA and other romanizations. Enterprise names are public
names or invented.

## Layout

- `wire/demo-YYYY.jsonl`: JSON Lines, one file per year, fields `id`, `date` (YYYY-MM-DD, or
  "" for the ~1% of undated records), `title`, `body`, `topic`; ids like `demo-2019-000123`.
  {counts["wire_records"]} records in {counts["wire_files"]} files.
- `seed/*.txt`: {counts["seed_files"]} further articles in the seed text format, one file per
  article, file stem = id: first line `date YYYY-MM-DD Title`, the body, and on some a last
  line holding only the date of the original report. Wire and seed files hold different
  articles; together they are the whole corpus ({counts["articles"]} records).

## What is in it (for analysts and tests)

- Speed campaigns that rise and fade: 70-day campaigns (Aug-Oct 2015, Feb-May 2016), a
  200-day campaign (Jun-Dec 2016), a 100-day campaign (Aug-Dec 2018), an 80-day campaign
  (Oct-Dec 2020); the five-year plan concentrated around its 2021 launch; regional
  development (the 20x10 policy, local factories) rising from 2022 and peaking in 2024;
  seasonal farming stories (spring sowing, transplanting, autumn harvest).
- Every sector and region of the taxonomy, in several spellings (North Phyongan / North
  Pyongan, Nampho / Nampo, Jagang / Chagang, South Hamgyong / South Hamkyong, Ryanggang /
  Yanggang, Rason / Rajin-Sonbong), and explicitly national stories.
- Foreign news with no DPRK content (some name a foreign five-year plan).
- Traps: Kim Chaek University of Technology and the Kim Chaek Iron and Steel Complex (not
  the city Kimchaek), the Chollima Steel Complex (not a speed campaign, not Nampho), the
  Paektusan Hero Youth Shock Brigade (not Ryanggang), and the "Pyongyang, ... (KCNA) --"
  dateline on stories about other provinces.
- {counts["duplicates"]} exact duplicate stories (same body under a second id and topic) and
  {counts["undated"]} undated records.
"""


def generate(
    out_dir: Path,
    *,
    articles: int = 3000,
    seed: int = 7,
    start_year: int = 2015,
    years: int = 10,
    txt_share: float = 0.25,
) -> dict[str, int]:
    """Write the synthetic demo corpus under `out_dir` and return what was written.

    Deterministic: the same arguments give byte-identical files. Returns the counts
    articles (all records), wire_records, wire_files, seed_files, report_dates, duplicates,
    undated and years.
    """
    if articles < 1 or years < 1 or not 0.0 <= txt_share <= 1.0:
        raise ValueError("need articles >= 1, years >= 1 and 0 <= txt_share <= 1")
    rng = random.Random(seed)
    records = _build(rng, articles, start_year, years, txt_share)
    out_dir = Path(out_dir)
    wire_dir, seed_dir = out_dir / "wire", out_dir / "seed"
    for folder, pattern in ((wire_dir, "demo-*.jsonl"), (seed_dir, "demo-*.txt")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):  # a smaller rerun must not leave old articles
            stale.unlink()
    by_year: dict[int, list[str]] = {}
    seen_bodies: set[str] = set()
    counts = {
        "articles": len(records),
        "wire_records": 0,
        "wire_files": 0,
        "seed_files": 0,
        "report_dates": 0,
        "duplicates": 0,
        "undated": 0,
        "years": years,
    }
    for rec in records:
        counts["duplicates"] += rec.body in seen_bodies
        seen_bodies.add(rec.body)
        if rec.as_text:
            body = rec.body
            lines = [f"date {rec.day.isoformat()} {rec.title}"]
            if rec.report_day is not None:
                # Newspaper reprints carry the original report's date, not a dateline.
                body = _DATELINE_RE.sub("", body)
                counts["report_dates"] += 1
            lines.append(body)
            if rec.report_day is not None:
                lines.append(rec.report_day.isoformat())
            (seed_dir / f"{rec.id}.txt").write_text(
                "\n".join(lines) + "\n", encoding="utf-8", newline="\n"
            )
            counts["seed_files"] += 1
            continue
        counts["undated"] += not rec.dated
        day = rec.day.isoformat() if rec.dated else ""
        by_year.setdefault(rec.day.year, []).append(
            _json_line(rec.id, day, rec.title, rec.body, rec.topic)
        )
    for year, lines in sorted(by_year.items()):
        (wire_dir / f"demo-{year}.jsonl").write_text("".join(lines), encoding="utf-8", newline="\n")
        counts["wire_files"] += 1
        counts["wire_records"] += len(lines)
    # A fixed --out keeps the README byte-identical wherever the corpus is written.
    command = f"python -m tui.demo --out data/demo --articles {articles} --seed {seed}"
    if (start_year, years, txt_share) != (2015, 10, 0.25):
        command += f" --start-year {start_year} --years {years} --txt-share {txt_share}"
    (out_dir / "README.md").write_text(
        _readme(articles, seed, start_year, years, counts, command), encoding="utf-8", newline="\n"
    )
    return counts


def write_jsonl_corpus(path: Path, articles: int, seed: int) -> int:
    """Stream `articles` synthetic records to one JSONL file for benchmarks; return the count.

    A pool of invented stories is generated once and cycled through; each record gets its
    own id and a serial sentence, so every body is distinct while memory stays flat.
    """
    if articles < 0:
        raise ValueError("articles must be >= 0")
    rng = random.Random(seed)
    pool_size = max(1, min(articles, 4000))
    first, last = date(2015, 1, 1).toordinal(), date(2024, 12, 31).toordinal()
    days = sorted(date.fromordinal(rng.randint(first, last)) for _ in range(pool_size))
    # Pre-encode everything but the serial: json.dumps per record would dominate the run time.
    heads: list[str] = []
    tails: list[str] = []
    for day, (title, body, topic) in zip(days, _unique_articles(rng, days), strict=True):
        marker = ""
        if body.endswith(" -0-"):
            body, marker = body[:-4], " -0-"
        head = (
            f'", "date": "{day.isoformat()}", "title": {json.dumps(title)}, "body": '
            + json.dumps(body)[:-1]
            + "\\n"
        )
        heads.append(head)
        tails.append(marker + '", "topic": ' + json.dumps(topic) + "}\n")
    order = list(range(pool_size))
    rng.shuffle(order)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chunk: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(articles):
            k = order[i % pool_size]
            serial = f"{i + 1:07d}"
            chunk.append(
                f'{{"id": "bench-{serial}{heads[k]}This is item {serial} of the'
                f" synthetic benchmark wire.{tails[k]}"
            )
            if len(chunk) >= 10000:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))
    return articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.demo",
        description="Write the SYNTHETIC demo corpus (invented KCNA-style text).",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--out",
        type=Path,
        default=Path("data/demo"),
        help="folder for the demo corpus (wire/, seed/, README.md)",
    )
    target.add_argument(
        "--jsonl", type=Path, help="instead: stream a benchmark corpus to this one JSONL file"
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=None,
        help="number of records (default 3000; 1000000 with --jsonl)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start-year", type=int, default=2015)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--txt-share",
        type=float,
        default=0.25,
        help="share of articles written as seed-format .txt files",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.jsonl is not None:
        n = write_jsonl_corpus(
            args.jsonl, 1_000_000 if args.articles is None else args.articles, args.seed
        )
        print(f"wrote {n} records to {args.jsonl} in {time.perf_counter() - started:.1f}s")
        return 0
    counts = generate(
        args.out,
        articles=3000 if args.articles is None else args.articles,
        seed=args.seed,
        start_year=args.start_year,
        years=args.years,
        txt_share=args.txt_share,
    )
    summary = ", ".join(f"{k}={v}" for k, v in counts.items())
    print(f"wrote {args.out}: {summary} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
