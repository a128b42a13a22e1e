"""The synthetic demo corpus: deterministic, counted right, distinct, and labelled synthetic."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui.demo import generate, main, write_jsonl_corpus
from tui.demo.vocabulary import Vocabulary, vocabulary

ID_RE = re.compile(r"^demo-\d{4}-\d{6}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _wire(root: Path) -> list[dict[str, str]]:
    return [
        json.loads(line)
        for path in sorted((root / "wire").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def _seed_bodies(root: Path) -> list[str]:
    """Bodies of the seed-format files, without the title line and trailing date line."""
    bodies = []
    for path in sorted((root / "seed").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if DATE_RE.match(lines[-1]):
            lines = lines[:-1]
        bodies.append("\n".join(lines[1:]))
    return bodies


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("demo")
    return root, generate(root, articles=400, seed=3)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert generate(a, articles=120, seed=11) == generate(b, articles=120, seed=11)
    assert _files(a) == _files(b)


def test_other_seed_gives_other_text(tmp_path: Path) -> None:
    generate(tmp_path / "a", articles=60, seed=1)
    generate(tmp_path / "b", articles=60, seed=2)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_counts_match_files(corpus: tuple[Path, dict[str, int]]) -> None:
    root, counts = corpus
    records = _wire(root)
    seeds = list((root / "seed").glob("*.txt"))
    assert counts["articles"] == 400 == len(records) + len(seeds)
    assert counts["wire_records"] == len(records)
    assert counts["wire_files"] == len(list((root / "wire").glob("*.jsonl")))
    assert counts["seed_files"] == len(seeds)
    assert counts["undated"] == sum(r["date"] == "" for r in records)
    with_report_date = sum(
        bool(DATE_RE.match(p.read_text(encoding="utf-8").splitlines()[-1])) for p in seeds
    )
    assert counts["report_dates"] == with_report_date
    assert 0.15 < counts["seed_files"] / counts["articles"] < 0.35  # txt_share=0.25


def test_records_are_well_formed(corpus: tuple[Path, dict[str, int]]) -> None:
    root, _ = corpus
    records = _wire(root)
    ids = [r["id"] for r in records] + [p.stem for p in (root / "seed").glob("*.txt")]
    assert len(ids) == len(set(ids))
    assert all(ID_RE.match(i) for i in ids)
    for path in sorted((root / "wire").glob("*.jsonl")):
        year = path.stem.removeprefix("demo-")
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert list(rec) == ["id", "date", "title", "body", "topic"]
            assert rec["id"].startswith(f"demo-{year}-")
            assert rec["date"] == "" or rec["date"].startswith(year)
            assert rec["title"] and rec["body"] and rec["topic"]
    for path in (root / "seed").glob("*.txt"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(r"^date \d{4}-\d{2}-\d{2} \S", first)


def test_bodies_distinct_except_deliberate_duplicates(corpus: tuple[Path, dict[str, int]]) -> None:
    root, counts = corpus
    bodies = [r["body"] for r in _wire(root)] + _seed_bodies(root)
    assert counts["duplicates"] >= 1
    assert len(bodies) - len(set(bodies)) == counts["duplicates"]


def test_text_looks_like_wire_copy(corpus: tuple[Path, dict[str, int]]) -> None:
    root, _ = corpus
    bodies = [r["body"] for r in _wire(root)]
    assert all(re.match(r"^Pyongyang, [A-Z][a-z]+ \d{1,2} \(KCNA\) --", b) for b in bodies)
    assert any(b.endswith(" -0-") for b in bodies)
    assert any("\n" in b for b in bodies)


def test_readme_says_synthetic(corpus: tuple[Path, dict[str, int]]) -> None:
    root, _ = corpus
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    assert "python -m tui.demo" in readme and "--seed 3" in readme
    assert "not real KCNA" in readme
    assert "openadmindata.org" in readme


def test_rerun_with_fewer_articles_leaves_no_stale_files(tmp_path: Path) -> None:
    generate(tmp_path, articles=200, seed=5, years=4)
    counts = generate(tmp_path, articles=40, seed=5, years=2)
    assert len(list((tmp_path / "wire").glob("*.jsonl"))) == counts["wire_files"] <= 2
    assert len(list((tmp_path / "seed").glob("*.txt"))) == counts["seed_files"]


def test_write_jsonl_corpus(tmp_path: Path) -> None:
    path = tmp_path / "bench.jsonl"
    n = 5000  # more than the internal pool, so stories repeat and only the serial differs
    assert write_jsonl_corpus(path, n, seed=7) == n
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    records = [json.loads(line) for line in lines]
    assert len({r["body"] for r in records}) == n
    assert len({r["id"] for r in records}) == n
    assert all(r["date"] and r["title"] and r["topic"] for r in records)
    again = tmp_path / "again.jsonl"
    write_jsonl_corpus(again, n, seed=7)
    assert again.read_bytes() == path.read_bytes()


def test_main_cli(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path / "d"), "--articles", "30", "--seed", "2"]) == 0
    assert (tmp_path / "d" / "README.md").is_file()
    assert main(["--jsonl", str(tmp_path / "b.jsonl"), "--articles", "25"]) == 0
    assert len((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 25


# Digests of a small corpus as written by the single-module generator before the vocabulary
# moved to vocabulary.json (the tree digest since updated once, for the generated README naming
# vocabulary.json instead of tui/demo.py; the articles are unchanged). Any change to a template, a table or the order of random draws
# changes them: update them only for a deliberate change to the demo corpus.
TREE_SHA256 = "ad7e56523cc54c1a872d7acbf4eaeae3596f022fc76b81903dac06dabc8f20c6"
JSONL_SHA256 = "b4ac8eec4e98dffde6f726a251f56727154e943d2cd01d2535aa400c6f9620cb"


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for rel, data in _files(root).items():
        h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def test_output_is_pinned_byte_for_byte(tmp_path: Path) -> None:
    generate(tmp_path / "c", articles=600, seed=13, start_year=2014, years=12)
    assert _tree_digest(tmp_path / "c") == TREE_SHA256
    write_jsonl_corpus(tmp_path / "b.jsonl", 600, seed=13)
    assert hashlib.sha256((tmp_path / "b.jsonl").read_bytes()).hexdigest() == JSONL_SHA256


def test_packaged_vocabulary_loads_typed() -> None:
    v = vocabulary()
    assert isinstance(v, Vocabulary) and vocabulary() is v  # parsed once
    assert {r.id for r in v.regions} >= {"pyongyang", "ryanggang", "rason", "kaesong"}
    assert all(s.themes and all(isinstance(w, float) for _, w in s.themes) for s in v.sectors)
    assert {u.sector for u in v.units} <= {s.id for s in v.sectors}
    assert all(isinstance(k, tuple) for k in v.sector_theme_sentences)
    assert sorted(v.farm_seasons) == list(range(1, 13))
    assert all(c.start < c.end for c in v.campaigns)
    assert set(v.farm_titles) == set(v.farm_work) == set(v.farm_leads)


def test_dashboard_and_cli_do_not_import_the_generator() -> None:
    # The word tables are parsed on import: only `bench` and `python -m tui.demo` pay for them.
    root = Path(__file__).resolve().parents[2]
    probe = "import sys, tui.cli, tui.ui.app; print(sorted(m for m in sys.modules if 'demo' in m))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
