"""No memorising: every phrase and exclusion of the bundled taxonomy fires in at least three
articles of the real corpora outside the labelled sets, unless it is the spec's own wording
(or, for a place, its own name in a usual romanization). Skips without ../shared."""

from __future__ import annotations

from tests.core.shared_data import CORPORA, SPEC, labelled_sets, require
from tui.core.audit import audit, spec_wording, unsupported
from tui.core.evaluate import load_gold
from tui.core.models import Article, Problem
from tui.core.readers import iter_articles
from tui.core.tagger import Tagger
from tui.core.taxonomy import load_taxonomy


def _articles() -> list[Article]:
    return [
        item for path in CORPORA for item in iter_articles(path) if not isinstance(item, Problem)
    ]


def test_every_phrase_fires_in_three_unlabelled_articles_or_is_spec_wording() -> None:
    require(*CORPORA, SPEC, *labelled_sets())
    labelled: set[str] = set()
    for path in labelled_sets():
        labelled |= set(load_gold(path))
    tagger = Tagger(load_taxonomy())
    uses = audit(tagger, _articles(), labelled)
    spec = spec_wording(SPEC.read_text(encoding="utf-8"))
    found = [item.reason for item in unsupported(tagger, uses, spec)]
    assert not found, "phrases without support in unlabelled copy:\n" + "\n".join(found)
