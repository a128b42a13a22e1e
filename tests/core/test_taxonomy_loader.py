"""Loading taxonomy files: every mistake is one message naming the file and the label."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tui.core.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

HEAD = 'version = "t.1"\n'
THEME = (
    '[[labels]]\nid = "emulation"\nkind = "theme"\nname = "Emulation"\nphrases = ["emulation"]\n'
)
SECTOR = '[[labels]]\nid = "mining"\nkind = "sector"\nname = "Mining"\nphrases = ["ore mine"]\n'
REGION = '[[labels]]\nid = "north"\nkind = "region"\nname = "North"\nphrases = ["North Province"]\n'
VALID = HEAD + THEME + SECTOR + REGION


def write(tmp_path: Path, text: str, name: str = "tax.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def region(label_id: str, parent: str | None = None, phrase: str | None = None) -> str:
    text = (
        f'[[labels]]\nid = "{label_id}"\nkind = "region"\nname = "{label_id.title()}"\n'
        f'phrases = ["{phrase or label_id.title()}"]\n'
    )
    return text + (f'parent = "{parent}"\n' if parent else "")


def load_error(path: Path) -> str:
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    message = str(caught.value)
    assert "\n" not in message.strip(), "one message, one line"
    assert message.startswith(f"{path}:"), "the message names the file first"
    return message


def test_a_valid_file_loads(tmp_path: Path):
    path = write(tmp_path, VALID + region("town", parent="north"))
    taxonomy = load_taxonomy(path)
    assert taxonomy.version == "t.1"
    assert taxonomy.source == str(path)
    assert taxonomy.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [label.id for label in taxonomy.of_kind("region")] == ["north", "town"]
    assert taxonomy.axis("region") == ["north"]
    assert taxonomy.root("town") == "north"
    assert taxonomy.descendants("north") == {"north", "town"}


def test_the_fixture_taxonomy_rolls_cities_up():
    taxonomy = load_taxonomy(FIXTURES / "mini_taxonomy.toml")
    assert taxonomy.axis("region") == ["pyongyang", "south_hamgyong", "north_hamgyong", "national"]
    assert taxonomy.axis("theme") == [
        "socialist_emulation",
        "speed_campaign",
        "production_increase",
    ]
    assert taxonomy.root("kimchaek") == "north_hamgyong"
    assert taxonomy.descendants("south_hamgyong") == {"south_hamgyong", "hamhung"}
    assert taxonomy.name("kimchaek") == "Kimchaek"


def test_duplicate_id(tmp_path: Path):
    path = write(tmp_path, VALID + SECTOR.replace("ore mine", "iron mine"))
    message = load_error(path)
    assert "'mining'" in message and "twice" in message


def test_unknown_parent(tmp_path: Path):
    path = write(tmp_path, VALID + region("town", parent="nowhere"))
    message = load_error(path)
    assert "'town'" in message and "'nowhere'" in message


def test_parent_cycle(tmp_path: Path):
    path = write(tmp_path, VALID + region("east", parent="west") + region("west", parent="east"))
    message = load_error(path)
    assert "'east'" in message and "cycle" in message


def test_a_region_that_is_its_own_parent(tmp_path: Path):
    message = load_error(write(tmp_path, VALID + region("loop", parent="loop")))
    assert "'loop'" in message and "cycle" in message


def test_parent_that_is_not_a_region(tmp_path: Path):
    message = load_error(write(tmp_path, VALID + region("town", parent="mining")))
    assert "'town'" in message and "'mining'" in message and "sector" in message


def test_a_theme_with_a_parent(tmp_path: Path):
    text = VALID + THEME.replace('"emulation"', '"drive"', 1) + 'parent = "north"\n'
    message = load_error(write(tmp_path, text))
    assert "'drive'" in message and "parent" in message


def test_label_without_phrases(tmp_path: Path):
    text = VALID + '[[labels]]\nid = "silent"\nkind = "sector"\nname = "Silent"\n'
    message = load_error(write(tmp_path, text))
    assert "'silent'" in message and "no phrases" in message


def test_label_whose_phrase_is_only_punctuation(tmp_path: Path):
    text = VALID + '[[labels]]\nid = "dash"\nkind = "sector"\nname = "Dash"\nphrases = ["--"]\n'
    message = load_error(write(tmp_path, text))
    assert "'dash'" in message and "'--'" in message


def test_wrong_kind(tmp_path: Path):
    text = VALID + '[[labels]]\nid = "port"\nkind = "place"\nname = "Port"\nphrases = ["port"]\n'
    message = load_error(write(tmp_path, text))
    assert "'port'" in message and "'kind'" in message


def test_a_misspelt_field(tmp_path: Path):
    text = VALID + '[[labels]]\nid = "farm"\nkind = "sector"\nname = "Farm"\nphrase = ["farm"]\n'
    message = load_error(write(tmp_path, text))
    assert "'farm'" in message and "'phrase'" in message


def test_a_bad_id(tmp_path: Path):
    text = VALID + '[[labels]]\nid = "Big Farm"\nkind = "sector"\nname = "F"\nphrases = ["f"]\n'
    message = load_error(write(tmp_path, text))
    assert "'Big Farm'" in message and "'id'" in message


def test_bad_toml(tmp_path: Path):
    message = load_error(write(tmp_path, VALID + '[[labels]]\nid = "unclosed\n'))
    assert "not valid TOML" in message and "line" in message


def test_missing_kind_of_labels(tmp_path: Path):
    message = load_error(write(tmp_path, HEAD + THEME + SECTOR))
    assert "region" in message


def test_missing_version(tmp_path: Path):
    message = load_error(write(tmp_path, THEME + SECTOR + REGION))
    assert "'version'" in message


def test_not_utf8(tmp_path: Path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("North Province", "Nörth").encode("latin-1"))
    assert "UTF-8" in load_error(path)


def test_missing_file(tmp_path: Path):
    assert "cannot read" in load_error(tmp_path / "absent.toml")


def test_a_utf8_bom_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert load_taxonomy(path).version == "t.1"


def test_parsed_data_that_is_not_a_table():
    with pytest.raises(TaxonomyError, match=r"^<memory>: "):
        parse_taxonomy(["not", "a", "table"])
