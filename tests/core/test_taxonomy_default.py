"""The bundled taxonomy: it loads, holds every spec id, and tags invented sentences as the
spec's rules say (including its traps)."""

from __future__ import annotations

import json
import re

import pytest

from tests.core.shared_data import SHARED
from tui.core.evaluate import evaluate, load_gold, predicted_labels
from tui.core.paths import default_taxonomy_path
from tui.core.tagger import Tagger
from tui.core.taxonomy import LoadedTaxonomy, load_taxonomy

THEMES = [
    "socialist_emulation", "collective_competition", "learning_from_exemplars", "speed_campaign",
    "red_flag_movement", "production_increase", "quality_improvement", "science_technology",
    "five_year_plan", "self_reliance", "domestic_production", "recycling", "regional_development",
]  # fmt: skip
SECTORS = [
    "metallurgy", "chemical", "electric_power", "coal_mining", "mining", "transport",
    "machine_building", "light_industry", "agriculture", "animal_husbandry", "fisheries",
    "forestry", "construction", "local_industry", "education", "public_health",
]  # fmt: skip
REGIONS = [
    "pyongyang", "south_phyongan", "north_phyongan", "jagang", "south_hwanghae",
    "north_hwanghae", "kangwon", "south_hamgyong", "north_hamgyong", "ryanggang", "nampho",
    "rason", "kaesong", "national",
]  # fmt: skip


@pytest.fixture(scope="module")
def taxonomy() -> LoadedTaxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def tagger(taxonomy: LoadedTaxonomy) -> Tagger:
    return Tagger(taxonomy)


def tag(tagger: Tagger, body: str, title: str = "") -> dict[str, set[str]]:
    _, mentions = tagger.tag_article(title, body)
    return predicted_labels(mentions, tagger.taxonomy)


def test_bundled_file_loads_with_version_and_credit(taxonomy: LoadedTaxonomy) -> None:
    assert taxonomy.source == str(default_taxonomy_path())
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", taxonomy.version)
    assert any("openadmindata.org" in credit for credit in taxonomy.model.credits)


def test_every_spec_id_is_present_with_its_kind(taxonomy: LoadedTaxonomy) -> None:
    assert [label.id for label in taxonomy.of_kind("theme")] == THEMES
    assert [label.id for label in taxonomy.of_kind("sector")] == SECTORS
    assert taxonomy.top_regions == REGIONS
    assert taxonomy.axis("region") == REGIONS


def test_every_sub_region_rolls_up_to_a_spec_region(taxonomy: LoadedTaxonomy) -> None:
    subs = [label for label in taxonomy.of_kind("region") if label.parent]
    assert len(subs) > 150
    for label in subs:
        assert taxonomy.root(label.id) in REGIONS, label.id
        assert taxonomy.root(label.id) != "national", label.id


def test_labels_are_ordered_themes_sectors_regions(taxonomy: LoadedTaxonomy) -> None:
    kinds = [label.kind for label in taxonomy.model.labels]
    assert kinds == sorted(kinds, key=["theme", "sector", "region"].index)


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("Sinuiju", "north_phyongan"),
        ("Hamhung", "south_hamgyong"),
        ("Chongjin", "north_hamgyong"),
        ("Kanggye", "jagang"),
        ("Hyesan", "ryanggang"),
        ("Haeju", "south_hwanghae"),
        ("Sariwon", "north_hwanghae"),
        ("Wonsan", "kangwon"),
        ("Kimchaek City", "north_hamgyong"),
        ("Chollima District", "nampho"),
        ("Nampo", "nampho"),
        ("Rajin-Sonbong", "rason"),
        ("Kaesong", "kaesong"),
        ("Mangyongdae", "pyongyang"),
        ("Mt Paektu", "ryanggang"),
        ("Samjiyon", "ryanggang"),
        ("South Pyongan Province", "south_phyongan"),
        ("Phyonganbuk-do", "north_phyongan"),
        ("Chagang Province", "jagang"),
        ("Yanggang Province", "ryanggang"),
        ("South Hamkyong Province", "south_hamgyong"),
    ],
)
def test_places_and_spellings(tagger: Tagger, place: str, region: str) -> None:
    assert tag(tagger, f"Workers in {place} gathered on Monday.")["region"] == {region}


def test_kim_chaek_the_person_and_his_namesakes_are_not_the_city(tagger: Tagger) -> None:
    body = (
        "Students of Kim Chaek University of Technology visited the Kim Chaek Iron and Steel "
        "Complex, named after Kim Chaek."
    )
    assert tag(tagger, body)["region"] == set()


def test_chollima_steel_complex_is_neither_campaign_nor_district(tagger: Tagger) -> None:
    found = tag(tagger, "Steel makers at the Chollima Steel Complex held a meeting.")
    assert "speed_campaign" not in found["theme"]
    assert found["region"] == set()
    assert "speed_campaign" in tag(tagger, "They advanced at Chollima speed.")["theme"]


def test_paektusan_brigade_is_not_ryanggang(tagger: Tagger) -> None:
    body = "Members of the Paektusan Hero Youth Shock Brigade arrived at the site."
    assert tag(tagger, body)["region"] == set()


def test_dateline_is_not_a_place(tagger: Tagger) -> None:
    body = "Pyongyang, May 2 (KCNA) -- A meeting of writers was held here.\n-0-"
    assert tag(tagger, body)["region"] == set()


def test_national_needs_explicit_country_wide_scope(tagger: Tagger) -> None:
    assert tag(tagger, "Farmers in various parts of the country met.")["region"] == set()
    assert tag(tagger, "Farmers in different parts of the country met.")["region"] == set()
    assert tag(tagger, "Farmers in the DPRK met.")["region"] == set()
    assert tag(tagger, "Farmers across the country met.")["region"] == {"national"}
    assert tag(tagger, "The National Exhibition of Textiles opened.")["region"] == {"national"}


def test_kangwon_of_the_south_is_not_the_dprk_province(tagger: Tagger) -> None:
    assert tag(tagger, "Floods hit Kangwon Province of south Korea.")["region"] == set()
    assert tag(tagger, "Floods hit Kangwon Province yesterday.")["region"] == {"kangwon"}


def test_themes_need_specific_wording(tagger: Tagger) -> None:
    assert tag(tagger, "The production of the film ended.")["theme"] == set()
    found = tag(tagger, "The mill stepped up production and overfulfilled the plan.")
    assert found["theme"] == {"production_increase"}


def test_other_countries_plans_and_schools_are_not_labelled(tagger: Tagger) -> None:
    found = tag(tagger, "Freedom Party officials praised China's five-year plan.")
    assert "five_year_plan" not in found["theme"]
    assert tag(tagger, "Schools in Gaza were bombed.")["sector"] == set()
    found = tag(tagger, "The five-year plan for the national economic development is carried out.")
    assert found["theme"] == {"five_year_plan"}


def test_invented_story_tags_themes_sectors_and_regions(tagger: Tagger) -> None:
    body = (
        "Pyongyang, June 1 (KCNA) -- A socialist emulation drive is under way among coal mines "
        "in South Phyongan Province.\n"
        "Miners of the Tokchon Area Coal Mining Complex vied with each other to carry out the "
        "five-year plan for the national economic development ahead of schedule.\n"
        "Builders in Hamhung finished the construction of new houses for farmers."
    )
    found = tag(tagger, body, "Emulation Drive in Coal Mines")
    assert found["theme"] == {"socialist_emulation", "collective_competition", "five_year_plan"}
    assert found["sector"] == {"coal_mining", "construction"}
    assert found["region"] == {"south_phyongan", "south_hamgyong"}


def _seed() -> tuple[str, str, str]:
    seed = SHARED / "seed" / "000_978c6a37fed404cb.txt"
    if not seed.is_file():
        pytest.skip("the shared seed is not available")
    lines = seed.read_text(encoding="utf-8").strip("\n").split("\n")
    match = re.match(r"\s*date \d{4}-\d\d-\d\d (.*)", lines[0])
    assert match
    return seed.stem, match.group(1), "\n".join(lines[1:-1])


def test_seed_document(tagger: Tagger) -> None:
    _, title, body = _seed()
    found = tag(tagger, body, title)
    assert {"socialist_emulation", "collective_competition"} <= found["theme"]
    assert {"metallurgy", "chemical", "coal_mining", "transport", "construction"} <= found["sector"]
    assert found["region"] == {"kangwon", "north_phyongan", "national"}


def test_dev_set_meets_the_targets(taxonomy: LoadedTaxonomy, tagger: Tagger) -> None:
    gold_file = SHARED / "eval" / "dev.jsonl"
    corpora = [SHARED / "corpora" / name for name in ("kcna-2011-2012.jsonl", "kcna-2024.jsonl")]
    if not gold_file.is_file() or not all(path.is_file() for path in corpora):
        pytest.skip("the shared dev set or corpora are not available")
    gold = load_gold(gold_file)
    predicted: dict[str, dict[str, set[str]]] = {}
    for path in corpora:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"] in gold:
                    _, mentions = tagger.tag_article(record.get("title", ""), record["body"])
                    predicted[record["id"]] = predicted_labels(mentions, taxonomy)
    seed_id, title, body = _seed()
    if seed_id in gold:
        _, mentions = tagger.tag_article(title, body)
        predicted[seed_id] = predicted_labels(mentions, taxonomy)
    report = evaluate(gold, predicted, taxonomy)
    assert report.missing == []
    f1 = {kind: report.micro[kind].f1 or 0.0 for kind in ("theme", "sector", "region")}
    assert f1["theme"] >= 0.85, f1
    assert f1["sector"] >= 0.88, f1
    assert f1["region"] >= 0.93, f1
