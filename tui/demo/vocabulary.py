"""The demo's word tables, loaded once from the packaged ``vocabulary.json`` into typed records.

The JSON is the vocabulary's single source: places, sectors, units, campaigns and every
sentence template. Template syntax: "[a|b]" picks one option (innermost first), "{slot}" takes
a slot value (see `tui.demo.text.fill`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core.core_schema import ValidationInfo

Pairs = tuple[tuple[str, str], ...]
Weights = tuple[tuple[str, float], ...]
Words = tuple[str, ...]


@dataclass(frozen=True)
class Region:
    id: str
    names: Words
    short: str
    places: Pairs  # (name, "city" | "county" | "district")


@dataclass(frozen=True)
class Sector:
    id: str
    industry: Words
    title: str
    workers: Words
    products: Words
    groups: str
    procs: str
    facts: Words
    weight: float
    themes: Weights


@dataclass(frozen=True)
class Unit:
    name: str
    sector: str
    region: str | None
    sites: Words = ("",)
    maker: bool = True  # False: hospitals, schools, building projects (no output to raise)


@dataclass(frozen=True)
class Campaign:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class Project:
    phrase: str
    title: str
    region: str | None
    years: tuple[int, int]


@dataclass(frozen=True)
class NationalEvent:
    name: str
    sector: str
    purpose: str


@dataclass(frozen=True)
class Country:
    name: str
    head: str
    capital: str


class Vocabulary(BaseModel):
    """Every table of vocabulary.json; field order follows the file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    notes: dict[str, str]
    months: Words
    weekdays: Words
    regions: tuple[Region, ...]
    national: Words
    not_national: Words
    respell: Pairs
    generic_themes: Weights
    sectors: tuple[Sector, ...]
    units: tuple[Unit, ...]
    farm_names: Words
    farm_regions: Words
    local_factory_kinds: Words
    unit_products: tuple[tuple[str, Words], ...]
    references: Pairs
    surnames: Words
    given: Words
    campaigns: tuple[Campaign, ...]
    plan_phrases: Words
    theme_sentences: dict[str, Words]
    sector_theme_sentences: dict[tuple[str, str], Words]
    titles: dict[str, Words]
    topics_home: Words
    roles: dict[str, Words]
    default_roles: Words
    quotes: Words
    details: Words
    farm_seasons: dict[int, Words]
    farm_leads: dict[str, Words]
    farm_more: dict[str, Words]
    farm_details: Words
    farm_titles: dict[str, str]
    farm_work: dict[str, str]
    regional_sentences: Words
    rural_sentences: Words
    province_fields: Words
    national_events: tuple[NationalEvent, ...]
    local_industry_event: NationalEvent  # from 2024, when local industry is the policy
    projects: tuple[Project, ...]
    countries: tuple[Country, ...]
    commentary_targets: Pairs  # (subject, verb)
    stories: dict[str, dict[str, str | Words]]

    @field_validator("sectors", mode="before")
    @classmethod
    def _resolve_themes(cls, sectors: Any, info: ValidationInfo) -> Any:
        # Most sectors only reweight a few of the generic themes; the file says just those.
        generic: Weights = info.data["generic_themes"]
        out = []
        for raw in sectors:
            entry = dict(raw)
            overrides = entry.pop("theme_overrides", None)
            if overrides is not None:
                entry["themes"] = tuple((k, overrides.get(k, w)) for k, w in generic)
            out.append(entry)
        return out

    @field_validator("sector_theme_sentences", mode="before")
    @classmethod
    def _pair_keys(cls, nested: Any) -> Any:
        # JSON keys are strings: the file nests {sector: {theme: [...]}}.
        return {(s, t): v for s, themes in nested.items() for t, v in themes.items()}

    def text(self, story: str, key: str) -> str:
        """The one fixed template `key` of a story kind."""
        value = self.stories[story][key]
        if not isinstance(value, str):
            raise TypeError(f"stories.{story}.{key} is a list of options, not one text")
        return value

    def options(self, story: str, key: str) -> Words:
        """The list of templates or words `key` of a story kind."""
        value = self.stories[story][key]
        if isinstance(value, str):
            raise TypeError(f"stories.{story}.{key} is one text, not a list of options")
        return value


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, parsed and checked once per process."""
    raw = files("tui.demo").joinpath("vocabulary.json").read_text(encoding="utf-8")
    return Vocabulary.model_validate(json.loads(raw))
