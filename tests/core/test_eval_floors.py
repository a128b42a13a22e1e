"""CI floors: the tagger's article-level micro-F1 on the labelled sets may not drop.

The dev set holds the issue's floors (0.92 / 0.88 / 0.97). The project's own blind parts
(data/eval, see its README) are held at what the tagger measures today less a small margin:
the targets (0.88 / 0.88 / 0.95) are NOT yet met there, and these floors only stop a
regression; raise them as the tagger improves. Skips without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.shared_data import CORPORA, DEV, EVAL, SEED, require
from tui.core.evaluate import evaluate, load_gold, tag_gold_articles
from tui.core.taxonomy import load_taxonomy

FLOORS = {
    "dev.jsonl": {"theme": 0.92, "sector": 0.88, "region": 0.97},
    # Measured on commit of 2026-12-05: tune 0.806 / 0.722 / 0.975, test 0.829 / 0.785 / 0.958;
    # tune after the anecdote, name-activity, embassy-frame and Spanish changes: 0.832 / 0.773 / 0.975.
    "tune.jsonl": {"theme": 0.82, "sector": 0.76, "region": 0.96},
    "test.jsonl": {"theme": 0.81, "sector": 0.76, "region": 0.94},
}


def _sets() -> list[Path]:
    return [DEV, *(EVAL / name for name in ("tune.jsonl", "test.jsonl"))]


@pytest.mark.parametrize("gold_file", _sets(), ids=lambda path: path.name)
def test_micro_f1_stays_above_the_floor(gold_file: Path) -> None:
    require(*CORPORA, gold_file)
    taxonomy = load_taxonomy()
    gold = load_gold(gold_file)
    paths = [*CORPORA, SEED] if SEED.exists() else CORPORA
    predicted, _ = tag_gold_articles(gold, paths, taxonomy)
    report = evaluate(gold, predicted, taxonomy)
    assert report.missing == [], "gold articles not found in the corpora"
    f1 = {kind: round(report.micro[kind].f1 or 0.0, 3) for kind in ("theme", "sector", "region")}
    floors = FLOORS[gold_file.name]
    below = {kind: (f1[kind], floor) for kind, floor in floors.items() if f1[kind] < floor}
    assert not below, f"{gold_file.name}: micro-F1 below the floor (got, floor): {below}"
