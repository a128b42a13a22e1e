"""Scoring the tagger against hand-labelled articles: per-label and micro-averaged P/R/F1.

A gold file is JSON Lines with one article a line: ``id`` and the lists ``themes``,
``sectors`` and ``regions`` (other keys, such as annotators' ``evidence``, are ignored).
Predictions are the same shape per article id: ``{kind: set of label ids}``, with regions
rolled up to the first-level region they belong to (``LoadedTaxonomy.root``), because gold
regions are first-level ids. Gold articles that the corpus does not hold are listed in the
report and not counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.models import KINDS, LabelKind, Problem
from tui.core.readers import FieldMap, iter_articles, iter_corpus_files
from tui.core.tagger import Mention, Tagger
from tui.core.taxonomy import LoadedTaxonomy

GOLD_KEYS: dict[LabelKind, str] = {"theme": "themes", "sector": "sectors", "region": "regions"}
"""The gold file's key for each label kind."""

LabelSets = dict[str, set[str]]
"""Label ids per kind ("theme", "sector", "region") for one article."""


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def _empty_sets() -> LabelSets:
    return {kind: set() for kind in KINDS}


def load_gold(path: str | Path) -> dict[str, LabelSets]:
    """Read a gold JSONL file: article id -> {kind: set of label ids}.

    Kinds are the taxonomy's kinds ("theme", "sector", "region"); the file may spell the
    keys in the plural ("themes") or the singular. Blank lines are skipped.
    """
    file = Path(path)
    gold: dict[str, LabelSets] = {}
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise GoldError(f"{file}: cannot read the gold file ({error.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{file}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise GoldError(f"{file}:{number}: a record needs a string 'id'")
        sets = _empty_sets()
        for kind, plural in GOLD_KEYS.items():
            values = record.get(plural, record.get(kind, []))
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise GoldError(f"{file}:{number}: '{plural}' must be a list of label ids")
            sets[kind] = set(values)
        gold[record["id"]] = sets
    return gold


def predicted_labels(mentions: Iterable[Mention], taxonomy: LoadedTaxonomy) -> LabelSets:
    """The label ids an article's mentions predict, per kind; regions rolled up to level one.

    Mentions of labels the taxonomy does not hold are ignored.
    """
    sets = _empty_sets()
    for mention in mentions:
        label = taxonomy.labels.get(mention.label)
        if label is None:
            continue
        label_id = taxonomy.root(label.id) if label.kind == "region" else label.id
        sets[label.kind].add(label_id)
    return sets


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Score:
    """Counts and ratios for one label or one kind; a ratio is None when undefined (0/0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of P and R; 0.0 when one side is defined and the other is not."""
        precision, recall = self.precision, self.recall
        if precision is None and recall is None:
            return None
        return _f1(precision or 0.0, recall or 0.0)

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class LabelRow:
    """One label's line of the report."""

    label: str
    kind: LabelKind
    score: Score


@dataclass(frozen=True)
class EvalReport:
    """Per-label rows (taxonomy order, then unknown ids), micro figures per kind, missing ids."""

    rows: list[LabelRow]
    micro: dict[LabelKind, Score]
    articles: int
    """Gold articles scored (found in the predictions)."""
    missing: list[str] = field(default_factory=list)
    """Gold ids with no prediction (not in the corpus): reported, not counted."""

    def row(self, label: str) -> LabelRow | None:
        return next((row for row in self.rows if row.label == label), None)


def _label_order(taxonomy: LoadedTaxonomy, kind: LabelKind, seen: set[str]) -> list[str]:
    order = list(taxonomy.axis(kind))
    known = set(order)
    order.extend(sorted(seen - known))
    return order


def evaluate(
    gold: Mapping[str, Mapping[str, set[str]]],
    predicted: Mapping[str, Mapping[str, set[str]]],
    taxonomy: LoadedTaxonomy,
) -> EvalReport:
    """Score predictions against gold: per-label TP/FP/FN and micro P/R/F1 per kind.

    Every id of ``gold`` that ``predicted`` holds is scored (an article with no labels on
    either side still counts as scored); the others are listed as missing.
    """
    counts: dict[LabelKind, dict[str, list[int]]] = {kind: {} for kind in KINDS}
    missing: list[str] = []
    articles = 0
    for article_id, gold_sets in gold.items():
        if article_id not in predicted:
            missing.append(article_id)
            continue
        articles += 1
        pred_sets = predicted[article_id]
        for kind in KINDS:
            truth = set(gold_sets.get(kind, set()))
            guess = set(pred_sets.get(kind, set()))
            table = counts[kind]
            for label in truth | guess:
                cell = table.setdefault(label, [0, 0, 0])
                if label in truth and label in guess:
                    cell[0] += 1
                elif label in guess:
                    cell[1] += 1
                else:
                    cell[2] += 1
    rows: list[LabelRow] = []
    micro: dict[LabelKind, Score] = {}
    for kind in KINDS:
        table = counts[kind]
        total = Score()
        for label in _label_order(taxonomy, kind, set(table)):
            tp, fp, fn = table.get(label, [0, 0, 0])
            score = Score(tp, fp, fn)
            rows.append(LabelRow(label, kind, score))
            total = total + score
        micro[kind] = total
    return EvalReport(rows=rows, micro=micro, articles=articles, missing=missing)


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def format_report(report: EvalReport, *, only_active: bool = False) -> str:
    """A plain-text table: one line per label, then the micro figures per kind.

    ``only_active`` leaves out labels with no gold and no predicted occurrence.
    """
    header = f"{'label':<26} {'kind':<7} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>5} {'R':>5} {'F1':>5}"
    lines = [header, "-" * len(header)]
    for row in report.rows:
        score = row.score
        if only_active and not (score.tp or score.fp or score.fn):
            continue
        lines.append(
            f"{row.label:<26} {row.kind:<7} {score.tp:>4} {score.fp:>4} {score.fn:>4} "
            f"{_fmt(score.precision)} {_fmt(score.recall)} {_fmt(score.f1)}"
        )
    lines.append("-" * len(header))
    for kind in KINDS:
        score = report.micro[kind]
        lines.append(
            f"{'micro ' + GOLD_KEYS[kind]:<26} {kind:<7} {score.tp:>4} {score.fp:>4} "
            f"{score.fn:>4} {_fmt(score.precision)} {_fmt(score.recall)} {_fmt(score.f1)}"
        )
    lines.append(f"articles scored: {report.articles}")
    if report.missing:
        lines.append(f"gold ids not in the corpus ({len(report.missing)}, not counted):")
        lines.extend(f"  {article_id}" for article_id in report.missing)
    return "\n".join(lines)


@dataclass(frozen=True)
class ArticleError:
    """One wrong call on one article: a false positive (with the words that made it) or a
    false negative."""

    article: str
    kind: LabelKind
    label: str
    error: str
    """"FP" or "FN"."""
    phrases: tuple[str, ...] = ()
    """For a false positive: the distinct matched texts behind it (sub-regions included)."""


def article_errors(
    gold: Mapping[str, Mapping[str, set[str]]],
    predicted: Mapping[str, Mapping[str, set[str]]],
    mentions: Mapping[str, Iterable[Mention]],
    taxonomy: LoadedTaxonomy,
) -> list[ArticleError]:
    """Every false positive and false negative, article by article (for tuning phrases)."""
    errors: list[ArticleError] = []
    for article_id, gold_sets in gold.items():
        if article_id not in predicted:
            continue
        pred_sets = predicted[article_id]
        by_label: dict[str, list[str]] = {}
        for mention in mentions.get(article_id, ()):
            label = taxonomy.labels.get(mention.label)
            if label is None:
                continue
            key = taxonomy.root(label.id) if label.kind == "region" else label.id
            by_label.setdefault(key, []).append(mention.phrase)
        for kind in KINDS:
            truth = set(gold_sets.get(kind, set()))
            guess = set(pred_sets.get(kind, set()))
            for label_id in sorted(guess - truth):
                phrases = tuple(dict.fromkeys(by_label.get(label_id, [])))
                errors.append(ArticleError(article_id, kind, label_id, "FP", phrases))
            for label_id in sorted(truth - guess):
                errors.append(ArticleError(article_id, kind, label_id, "FN"))
    return errors


def format_errors(errors: Iterable[ArticleError]) -> str:
    """One line per error, grouped by article."""
    lines: list[str] = []
    current = None
    for error in errors:
        if error.article != current:
            current = error.article
            lines.append(current)
        words = f"  <- {' | '.join(error.phrases)}" if error.phrases else ""
        lines.append(f"  {error.error} {error.kind:<6} {error.label}{words}")
    return "\n".join(lines)


def tag_gold_articles(
    gold: Mapping[str, object],
    paths: Iterable[str | Path],
    taxonomy: LoadedTaxonomy,
    fields: FieldMap | None = None,
) -> tuple[dict[str, LabelSets], dict[str, list[Mention]]]:
    """Read the corpus and tag the articles whose ids the gold file holds.

    Articles are read and tagged as they are, without duplicate removal, so a gold id always
    finds its own record; the first record with an id wins.
    """
    tagger = Tagger(taxonomy)
    files, _problems = iter_corpus_files(list(paths))
    predicted: dict[str, LabelSets] = {}
    mentions: dict[str, list[Mention]] = {}
    for file in files:
        for item in iter_articles(file, fields):
            if isinstance(item, Problem) or item.id not in gold or item.id in predicted:
                continue
            _text, found = tagger.tag_article(item.title, item.body)
            mentions[item.id] = found
            predicted[item.id] = predicted_labels(found, taxonomy)
    return predicted, mentions


def report_json(report: EvalReport) -> str:
    """The figures as one JSON object: per kind micro P/R/F1 and per label rows."""

    def figures(score: Score) -> dict[str, float | int | None]:
        return {
            "tp": score.tp,
            "fp": score.fp,
            "fn": score.fn,
            "precision": score.precision,
            "recall": score.recall,
            "f1": score.f1,
        }

    return json.dumps(
        {
            "articles": report.articles,
            "missing": report.missing,
            "micro": {GOLD_KEYS[kind]: figures(report.micro[kind]) for kind in KINDS},
            "labels": [
                {"label": row.label, "kind": row.kind, **figures(row.score)} for row in report.rows
            ],
        }
    )
